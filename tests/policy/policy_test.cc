#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "common/json_document.h"
#include "common/json_writer.h"
#include "inventory/inventory.h"
#include "model/device_model.h"
#include "model/model_coverage.h"
#include "model/model_extractor.h"
#include "parse/format_detect.h"
#include "parse/ios_parser.h"
#include "parse/vendor.h"
#include "policy/device_facts.h"
#include "policy/policy_evaluator.h"
#include "policy/policy_loader.h"

using namespace cfgsweep;

namespace {

// A policy file in a fresh temporary directory.
class PolicyFile {
 public:
  explicit PolicyFile(const std::string& text, const std::string& name = "policy.yaml") {
    char pattern[] = "/tmp/cfgsweep-policy.XXXXXX";
    dir_ = mkdtemp(pattern);
    write(name, text);
    path_ = dir_ + "/" + name;
  }
  ~PolicyFile() { std::system(("rm -rf " + dir_).c_str()); }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ + "/" + name) << text;
  }
  const std::string& path() const { return path_; }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  std::string path_;
};

std::string load_error(const std::string& text) {
  PolicyFile file(text);
  auto policy = load_policy(file.path());
  if (policy) return "no error";
  const std::string& message = policy.error().message;
  return message.substr(message.find("policy.yaml") + 11);  // ":line:col: message"
}

// Every line of the error of loading `file`, with the directory taken out of the paths.
std::string load_errors(const PolicyFile& file) {
  auto policy = load_policy(file.path());
  if (policy) return "no error";
  std::string message = policy.error().message;
  for (auto at = message.find(file.dir() + "/"); at != std::string::npos;
       at = message.find(file.dir() + "/"))
    message.erase(at, file.dir().size() + 1);
  return message;
}

std::string findings_of(const std::string& policy_text, const std::string& config,
                        const DeviceFacts* device = nullptr) {
  PolicyFile file(policy_text);
  auto loaded = load_policy(file.path());
  REQUIRE_MESSAGE(loaded, loaded.error().message);
  const Policy& policy = *loaded;
  PolicyEvaluator evaluator(policy, /*reveal_secrets=*/false);
  ParsedConfig parse;
  parse_ios(config, &parse);
  Detection detection = detect_format(config);
  ModelCoverage coverage(parse.tree);
  ModelOptions options;
  options.reveal_secrets = true;
  DeviceModel model = extract_model(detection, parse, options, &coverage);
  JsonDocument model_json;
  model_json.build([&](JsonWriter& out) { write_model_json(model, &out); });
  std::string out;
  for (const Finding& f : evaluator.evaluate(detection.vendor, parse.tree, &model_json,
                                             model.hostname.value_or(""), device)) {
    out += f.rule->id + "=" + std::string(enum_name(f.status));
    for (uint32_t line : f.lines)
      if (line != 0) out += " " + std::to_string(line);
    out += ";";
  }
  return out;
}

const char* kConfig =
    "hostname sw1\n"                         // 1
    "ip http server\n"                       // 2
    "interface Gi0/1\n"                      // 3
    " switchport mode access\n"              // 4
    " spanning-tree portfast\n"              // 5
    "interface Gi0/2\n"                      // 6
    " switchport mode access\n"              // 7
    "interface Gi0/3\n"                      // 8
    " switchport mode access\n"              // 9
    " shutdown\n"                            // 10
    "interface Vlan1\n"                      // 11
    " ip address 10.0.0.1 255.255.255.0\n"   // 12
    "ntp server 10.0.0.1\n"                  // 13
    "ntp server 198.51.100.7\n"              // 14
    "snmp-server community public RO\n"      // 15
    "router bgp 65000\n"                     // 16
    " neighbor 10.1.1.1 remote-as 65001\n"   // 17
    " neighbor 10.1.1.1 description core\n"  // 18
    " neighbor 10.1.1.2 remote-as 65002\n";  // 19

}  // namespace

TEST_CASE("line rules: forbid, require, count, and scoped with where/unless") {
  CHECK(findings_of(R"(
rules:
  - {id: no-http, severity: high, message: m, forbid: '^ip http server'}
  - {id: encryption, severity: medium, message: m, require: '^service password-encryption'}
  - {id: portfast, severity: low, message: m, scope: '^interface ', where: '^switchport mode access',
     unless: '^shutdown', require: '^spanning-tree portfast'}
  - {id: two-ntp, severity: low, message: m, count: '^ntp server', min: 2, max: 4}
  - {id: no-vlan-shut, severity: low, message: m, scope: '^interface Vlan', forbid: '^shutdown'}
  - {id: no-loopback, severity: low, message: m, scope: '^interface Loopback', require: x}
)",
                    kConfig) ==
        "no-http=fail 2;encryption=fail;portfast=fail 6;two-ntp=pass 13 14;no-vlan-shut=pass;"
        "no-loopback=not_applicable;");
}

TEST_CASE("model rules: field tests, quantifiers, named lists, vendors") {
  CHECK(findings_of(R"(
lists:
  approved: [10.0.0.1, 10.0.0.2]
  defaults: [public, private]
rules:
  - {id: hostname, severity: info, message: m, model: {field: hostname, matches: '^sw\d+$'}}
  - {id: ntp-count, severity: low, message: m, model: {count: ntp_servers, '>=': 2}}
  - {id: ntp-approved, severity: high, message: m, model: {all: ntp_servers, field: address, in: approved}}
  - {id: no-default-community, severity: critical, message: m,
     model: {none: snmp.communities, field: name, in: defaults}}
  - {id: bgp-described, severity: low, message: m, model: {all: bgp.neighbors, field: description, exists: true}}
  - {id: access-ports, severity: low, message: m,
     model: {count: interfaces, where: {field: mode, ==: access}, ==: 3}}
  - {id: junos-only, severity: low, message: m, applies_to: {vendor: juniper_junos}, require: x}
)",
                    kConfig) ==
        "hostname=pass;ntp-count=pass 13 14;ntp-approved=fail 14;no-default-community=fail 15;"
        "bgp-described=fail 19;access-ports=pass 3 6 8;junos-only=not_applicable;");
}

TEST_CASE("policy errors name file, line and column, and what to fix") {
  CHECK(load_error("rules:\n  - {id: a, severity: high, message: m, forbid: x, colour: red}\n") ==
        ":2:52: unknown key 'colour' in a rule (expected one of: id, severity, message, "
        "remediation, applies_to, require, forbid, count, min, max, scope, where, unless, model, "
        "intended)");
  CHECK(load_error("rules:\n  - {id: a, severity: urgent, message: m, forbid: x}\n") ==
        ":2:23: severity must be one of: info, low, medium, high, critical");
  CHECK(load_error("rules:\n  - {id: a, severity: low, message: m, forbid: '(unclosed'}\n") ==
        ":2:48: bad RE2 pattern in 'forbid': missing ): (unclosed");
  CHECK(load_error("rules:\n  - {id: a, severity: low, message: m}\n") ==
        ":2:5: rule 'a' needs exactly one of: require, forbid, count, model, intended");
  CHECK(load_error("rules:\n  - {id: a, severity: low, message: m, model: {field: hostnme, exists: "
                   "true}}\n") ==
        ":2:55: the model has no field 'hostnme' (fields: hostname, domain, os_version, "
        "interfaces, vlans, vrfs, static_routes, bgp, bgp.local_as, bgp.router_id, "
        "bgp.neighbors, bgp.peer_groups, ospf, acls, users, ntp_servers, syslog_servers, "
        "aaa_servers, dns_servers, snmp, snmp.versions, snmp.communities, snmp.hosts, banners)");
  CHECK(load_error(
            "rules:\n  - {id: a, severity: low, message: m, model: {field: hostname, '<': 3}}\n") ==
        ":2:70: 'hostname' is not a number field; use ==, !=, in or matches");
  CHECK(load_error("rules:\n  - {id: a, severity: low, message: m, model: {all: ntp_servers, "
                   "field: address, in: nope}}\n") == ":2:86: no list named 'nope' in 'lists'");
  CHECK(load_error("rules:\n  - {id: a, severity: low, message: m, forbid: x}\n  - {id: a, "
                   "severity: low, message: m, forbid: y}\n") ==
        ":3:10: rule id 'a' is used twice");
  CHECK(load_error("rules:\n  - {id: a, severity: low, message: m, forbid: x, where: y}\n") ==
        ":2:58: 'where' and 'unless' test the children of a section: give the section in 'scope'");
  CHECK(load_error("rules:\n  - {id: a, severity: low, message: m, count: x}\n") ==
        ":2:47: a 'count' rule needs 'min', 'max' or both");
}

TEST_CASE("every mistake of a policy is reported, each at its place, in file order") {
  const std::string severity = "severity must be one of: info, low, medium, high, critical";
  const std::string rule_keys =
      "(expected one of: id, severity, message, remediation, applies_to, require, forbid, "
      "count, min, max, scope, where, unless, model, intended)";
  // Three rules, a mistake in each: the rules after the first bad one are still read.
  CHECK(
      load_errors(PolicyFile("rules:\n"
                             "  - {id: a, severity: urgent, message: m, forbid: x}\n"
                             "  - {id: b, severity: low, message: m, forbid: '(unclosed'}\n"
                             "  - {id: c, severity: low, message: m, forbid: x, colour: red}\n")) ==
      "policy.yaml:2:23: " + severity + "\n" +
          "policy.yaml:3:48: bad RE2 pattern in 'forbid': missing ): (unclosed\n" +
          "policy.yaml:4:51: unknown key 'colour' in a rule " + rule_keys);
  // Independent mistakes of one rule are all told, in the order they stand in.
  CHECK(load_errors(PolicyFile(
            "rules:\n"
            "  - {id: a, severity: urgent, message: m, forbid: '(x', colour: red, size: 2}\n")) ==
        "policy.yaml:2:23: " + severity + "\n" +
            "policy.yaml:2:51: bad RE2 pattern in 'forbid': missing ): (x\n" +
            "policy.yaml:2:57: unknown key 'colour' in a rule " + rule_keys + "\n" +
            "policy.yaml:2:70: unknown key 'size' in a rule " + rule_keys);
  // A valid rule among bad ones: the load still fails, with the bad ones only.
  CHECK(load_errors(PolicyFile("rules:\n"
                               "  - {id: a, severity: low, message: m, count: x}\n"
                               "  - {id: ok, severity: low, message: m, forbid: x}\n"
                               "  - {id: b, severity: low, message: m, count: x, min: many}\n")) ==
        "policy.yaml:2:47: a 'count' rule needs 'min', 'max' or both\n"
        "policy.yaml:4:55: 'min' must be a whole number");
  // A duplicate id of a bad rule is its own mistake.
  CHECK(load_errors(PolicyFile("rules:\n"
                               "  - {id: a, severity: urgent, message: m, forbid: x}\n"
                               "  - {id: a, severity: low, message: m, forbid: x}\n")) ==
        "policy.yaml:2:23: " + severity + "\npolicy.yaml:3:10: rule id 'a' is used twice");
}

TEST_CASE("a mistake is told once, without the mistakes that follow from it") {
  // A severity that is not a single value is not also an unknown severity.
  CHECK(load_errors(PolicyFile("rules:\n"
                               "  - {id: a, severity: [high], message: m, forbid: x}\n"
                               "  - {id: b, severity: low, message: m}\n")) ==
        "policy.yaml:2:23: 'severity' must be a single value\n"
        "policy.yaml:3:5: rule 'b' needs exactly one of: require, forbid, count, model, intended");
  // A rule without an id: its other mistakes are told, but not under a name it lacks.
  CHECK(load_errors(PolicyFile("rules:\n  - {severity: low, message: m, forbid: '(x'}\n")) ==
        "policy.yaml:2:5: the rule has no 'id'\n"
        "policy.yaml:2:41: bad RE2 pattern in 'forbid': missing ): (x");
  // A named list with a bad item is still a list, and an unknown operator is not also a
  // missing one; the unknown field and the bad pattern of one test are both told.
  CHECK(load_errors(PolicyFile(
            "lists:\n"
            "  ntp: [10.0.0.1, [10.0.0.2]]\n"
            "rules:\n"
            "  - {id: a, severity: low, message: m, model: {all: ntp_servers, field: address, "
            "in: ntp}}\n"
            "  - {id: b, severity: low, message: m, model: {field: hostname, like: x}}\n"
            "  - {id: c, severity: low, message: m, model: {field: hostnme, matches: '(x'}}\n")) ==
        "policy.yaml:2:19: 'list item' must be a single value\n"
        "policy.yaml:5:65: unknown operator 'like' (expected one of: ==, !=, <, >, <=, >=, in, "
        "not_in, matches, exists)\n"
        "policy.yaml:6:55: the model has no field 'hostnme' (fields: hostname, domain, "
        "os_version, interfaces, vlans, vrfs, static_routes, bgp, bgp.local_as, bgp.router_id, "
        "bgp.neighbors, bgp.peer_groups, ospf, acls, users, ntp_servers, syslog_servers, "
        "aaa_servers, dns_servers, snmp, snmp.versions, snmp.communities, snmp.hosts, banners)\n"
        "policy.yaml:6:73: bad RE2 pattern in 'matches': missing ): (x");
}

TEST_CASE("an unknown vendor in applies_to is a mistake that names the known vendors") {
  std::string error = load_errors(
      PolicyFile("rules:\n  - {id: a, severity: low, message: m, applies_to: {vendor: [cisco_ios, "
                 "cisco_nexus]}, forbid: x}\n"));
  CHECK(error ==
        "policy.yaml:2:73: unknown vendor 'cisco_nexus'; use one of: " + enum_name_list<Vendor>());
  CHECK(error.find("cisco_ios") != std::string::npos);
  CHECK(error.find("juniper_junos") != std::string::npos);
}

TEST_CASE("includes are followed relative to the file, and a cycle is an error") {
  PolicyFile file(
      "include: [more.yaml]\nrules:\n  - {id: a, severity: low, message: m, forbid: x}\n");
  file.write("more.yaml", "rules:\n  - {id: b, severity: high, message: m, require: y}\n");
  auto loaded = load_policy(file.path());
  REQUIRE_MESSAGE(loaded, loaded.error().message);
  const Policy& policy = *loaded;
  REQUIRE(policy.rules.size() == 2);
  CHECK(policy.rules[0].id == "b");
  CHECK(policy.rules[1].id == "a");
  file.write("more.yaml", "include: [policy.yaml]\n");
  auto cycle = load_policy(file.path());
  REQUIRE_FALSE(cycle);
  CHECK(cycle.error().message.find("include cycle") != std::string::npos);
}

TEST_CASE("mistakes of included files are told with their own file, with the including file's") {
  PolicyFile file(
      "include: [more.yaml, missing.yaml]\n"
      "rules:\n"
      "  - {id: a, severity: urgent, message: m, forbid: x}\n");
  file.write("more.yaml", "rules:\n  - {id: b, severity: low, message: m, forbid: '(x'}\n");
  CHECK(load_errors(file) ==
        "more.yaml:2:48: bad RE2 pattern in 'forbid': missing ): (x\n"
        "missing.yaml: cannot read the policy file\n"
        "policy.yaml:3:23: severity must be one of: info, low, medium, high, critical");
  // A cycle and a file that is not YAML stop only the reading of that file.
  file.write("more.yaml", "include: [policy.yaml, broken.yaml]\n");
  file.write("missing.yaml", "rules:\n  - {id: c, severity: low, message: m, forbid: x}\n");
  file.write("broken.yaml", "rules: [\n");
  std::string errors = load_errors(file);
  CHECK(std::count(errors.begin(), errors.end(), '\n') == 2);
  CHECK(
      errors.starts_with("policy.yaml: included again from itself (an include cycle)\n"
                         "broken.yaml:2:1: not valid YAML: "));  // then yaml-cpp's words
  CHECK(errors.ends_with(
      "\npolicy.yaml:3:23: severity must be one of: info, low, medium, high, critical"));
}

TEST_CASE("an include of a file that is not a policy names it and echoes none of its content") {
  PolicyFile file("include: [shadow]\nrules:\n  - {id: a, severity: low, message: m, forbid: x}\n");
  file.write("shadow",
             "root:$6$canarySALT$canaryHASH:20228:0:99999:7:::\n"
             "daemon:*:20228:0:99999:7:::\n");
  std::string errors = load_errors(file);
  CHECK(errors ==
        "shadow:1:1: not a policy: none of its keys is include, lists, vars, rules, ignore_lines");
  CHECK(errors.find("canary") == std::string::npos);
  // A policy with a misspelt key still hears which key is unknown.
  file.write("shadow", "rulez: []\nrules: []\n");
  CHECK(load_errors(file).starts_with("shadow:1:1: unknown key 'rulez' in the policy"));
}

TEST_CASE("the literal prefix of anchored patterns, and none where a match may not start so") {
  CHECK(anchored_literal_prefix("^ip http server") == "ip http server");
  CHECK(anchored_literal_prefix("^exec-timeout ([1-9]|1[0-5])") == "exec-timeout ");
  CHECK(anchored_literal_prefix("^neighbor \\S+ password") == "neighbor ");
  CHECK(anchored_literal_prefix("^ab*c") == "a");
  CHECK(anchored_literal_prefix("^ab?") == "a");
  CHECK(anchored_literal_prefix("^ab|cd") == "");
  CHECK(anchored_literal_prefix("^a(b|c)|d") == "");
  CHECK(anchored_literal_prefix("^[|]x") == "");
  CHECK(anchored_literal_prefix("ip http") == "");
  CHECK(anchored_literal_prefix("(?i)^ip") == "");
}

TEST_CASE("intended-config rules: missing and extra lines per section, order, variables") {
  const char* config =
      "hostname sw7\n"          // 1
      "line vty 0 4\n"          // 2
      " exec-timeout 5 0\n"     // 3
      " transport input ssh\n"  // 4
      "line vty 5 15\n"         // 5
      " transport input ssh\n"  // 6
      " exec-timeout 10 0\n"    // 7
      "ntp server 10.9.0.1\n";  // 8
  CHECK(findings_of(R"(
vars:
  defaults: {ntp: 10.0.0.1}
  devices:
    "sw*": {ntp: 10.9.0.1}
rules:
  - id: vty
    severity: high
    message: m
    intended:
      scope: '^line vty'
      lines: |
        exec-timeout 10 0
        transport input ssh
  - id: vty-ordered
    severity: low
    message: m
    intended: {scope: '^line vty', lines: [exec-timeout 10 0, transport input ssh], ordered: true, extra: false}
  - id: ntp
    severity: low
    message: m
    intended: {lines: 'ntp server {{ ntp }}', extra: false}
  - id: unknown-var
    severity: low
    message: m
    intended: {lines: 'snmp-server location {{ site }}', extra: false}
  - id: no-section
    severity: low
    message: m
    intended: {scope: '^router ospf', lines: x}
)",
                    config) ==
        "vty=fail 2 3;vty-ordered=fail 2 5;ntp=pass;unknown-var=error;no-section=not_applicable;");
  CHECK(load_error("rules:\n  - {id: a, severity: low, message: m, intended: {lines: 'x {{ bad "
                   "name }}'}}\n") ==
        ":2:58: bad variable reference in template line 'x {{ bad name }}'");
  CHECK(
      load_error(
          "rules:\n  - {id: a, severity: low, message: m, intended: {lines: x, sorted: true}}\n") ==
      ":2:61: unknown key 'sorted' in 'intended' (expected one of: scope, lines, ordered, extra)");
  CHECK(load_error(
            "rules:\n  - {id: a, severity: low, message: m, scope: x, intended: {lines: x}}\n") ==
        ":2:47: 'scope' does not go with 'intended' (its scope goes inside it)");
}

TEST_CASE("the model parts a policy reads, so the others need not be written for it") {
  PolicyFile file(
      "rules:\n"
      "  - {id: a, severity: low, message: m, model: {count: acls, '>=': 1}}\n"
      "  - {id: b, severity: low, message: m, model: {field: bgp.local_as, exists: true}}\n");
  auto loaded = load_policy(file.path());
  REQUIRE_MESSAGE(loaded, loaded.error().message);
  const Policy& policy = *loaded;
  CHECK(policy.model_reads("acls"));
  CHECK(policy.model_reads("bgp"));
  CHECK_FALSE(policy.model_reads("interfaces"));
  CHECK_FALSE(policy.model_reads("acl"));
  CHECK(findings_of(
            "rules:\n  - {id: acl, severity: low, message: m, model: {count: acls, '>=': 1}}\n",
            "hostname r1\nip access-list extended EDGE\n permit ip any any\n") ==
        "acl=pass 2;");  // the ACL, at its line
}

TEST_CASE("the inventory device of a config: by run's device name, the file's name, the hostname") {
  InventoryHost edge{.name = "edge1", .platform = "ios", .groups = {"london", "emea"}};
  InventoryHost core{.name = "core1.example.net"};
  DeviceDirectory devices({edge, core});
  auto name_of = [&](std::string_view source, std::string_view member, std::string_view host) {
    const DeviceFacts* d = devices.find(source, member, host);
    return d ? d->name : std::string("none");
  };
  CHECK(name_of("edge1", "show running-config", "") == "edge1");
  CHECK(name_of("/srv/backups/EDGE1.cfg", "", "") == "edge1");
  CHECK(name_of("/srv/backups/edge1.junos.conf", "", "") == "edge1");
  CHECK(name_of("/srv/core1.example.net.cfg", "", "") == "core1.example.net");
  CHECK(name_of("/srv/all.tar.gz", "configs/edge1.cfg", "") == "edge1");
  CHECK(name_of("/srv/r17.cfg", "", "edge1") == "edge1");
  CHECK(name_of("/srv/r17.cfg", "", "edge2") == "none");
  CHECK(name_of("/srv/edge10.cfg", "", "") == "none");
}

TEST_CASE("applies_to by inventory platform, groups, tags and roles; variables from its data") {
  InventoryHost host{.name = "sw1",
                     .platform = "ios",
                     .groups = {"london", "emea"},
                     .data = {{"tags", "pci,core"}, {"role", "access"}, {"site", "lon1"}}};
  DeviceDirectory devices({host});
  const DeviceFacts* sw1 = devices.find("sw1", "", "");
  REQUIRE(sw1 != nullptr);
  const char* policy = R"(
vars:
  defaults: {site: unknown, contact: noc}
rules:
  - {id: by-group, severity: low, message: m, applies_to: {groups: emea}, forbid: '^ip http server'}
  - {id: by-other-group, severity: low, message: m, applies_to: {groups: [apac]}, forbid: '^ip http server'}
  - {id: by-tag-and-role, severity: low, message: m, applies_to: {tags: [pci], roles: access}, forbid: '^ip http server'}
  - {id: by-platform-and-vendor, severity: low, message: m, applies_to: {platform: ios, vendor: cisco_ios}, forbid: '^ip http server'}
  - {id: by-wrong-platform, severity: low, message: m, applies_to: {platform: nxos}, forbid: '^ip http server'}
  - {id: site, severity: low, message: m, intended: {lines: 'snmp-server location {{ site }} {{ contact }}', extra: false}}
)";
  std::string config = std::string(kConfig) + "snmp-server location lon1 noc\n";
  CHECK(findings_of(policy, config, sw1) ==
        "by-group=fail 2;by-other-group=not_applicable;by-tag-and-role=fail 2;"
        "by-platform-and-vendor=fail 2;by-wrong-platform=not_applicable;site=pass;");
  // Without an inventory device, rules that select on one apply to nothing, and the
  // variables fall back to the policy's defaults.
  CHECK(findings_of(policy, config) ==
        "by-group=not_applicable;by-other-group=not_applicable;by-tag-and-role=not_applicable;"
        "by-platform-and-vendor=not_applicable;by-wrong-platform=not_applicable;site=fail;");
  CHECK(load_error("rules:\n  - {id: a, severity: low, message: m, applies_to: {site: x}, "
                   "forbid: x}\n") ==
        ":2:53: 'applies_to' knows vendor (detected), and platform, groups, tags and roles (from "
        "the inventory): each a name or a list of names");
}

// yaml-cpp reads a directory until ios_base::failure: it was an uncaught exception, exit 70
// (found by the policy fuzzer with an include naming a directory).
TEST_CASE("a policy or an include that is a directory is a usage error naming it") {
  PolicyFile file("include: [sub]\nrules: []\n");
  std::filesystem::create_directory(file.dir() + "/sub");
  CHECK(load_errors(file) == "sub: a directory, not a policy file");
  auto loaded = load_policy(file.dir());
  REQUIRE_FALSE(loaded);
  CHECK(loaded.error().status == ExitStatus::kUsage);
  CHECK(loaded.error().message.ends_with("a directory, not a policy file"));
}

// A config whose content names no vendor is selected by its inventory platform's vendor.
TEST_CASE("inventory platforms name vendors in Netmiko, NAPALM and Ansible spellings") {
  CHECK(vendor_of_platform("ios") == Vendor::kCiscoIos);
  CHECK(vendor_of_platform("cisco_xe") == Vendor::kCiscoIosxe);
  CHECK(vendor_of_platform("nxos_ssh") == Vendor::kCiscoNxos);
  CHECK(vendor_of_platform("cisco.iosxr.iosxr") == Vendor::kCiscoIosxr);
  CHECK(vendor_of_platform("junipernetworks.junos.junos") == Vendor::kJuniperJunos);
  CHECK(vendor_of_platform("fortinet") == Vendor::kFortinetFortios);
  CHECK(vendor_of_platform("hp_comware") == Vendor::kUnknown);
  CHECK(vendor_of_platform("") == Vendor::kUnknown);
  InventoryHost host{.name = "r9", .platform = "Cisco_IOS"};
  DeviceDirectory devices({host});
  CHECK(devices.find("r9", "", "")->vendor == Vendor::kCiscoIos);
}

TEST_CASE("a policy's ignore_lines are RE2 patterns, checked where they are written") {
  PolicyFile good("ignore_lines: ['^! Generated by ', 'uptime']\nrules: []\n");
  auto loaded = load_policy(good.path());
  REQUIRE(loaded);
  CHECK(loaded->ignore_lines == std::vector<std::string>{"^! Generated by ", "uptime"});
  PolicyFile bad("ignore_lines: ['(unclosed']\nrules: []\n");
  auto failed = load_policy(bad.path());
  REQUIRE_FALSE(failed);
  CHECK(failed.error().message.find(":1:") != std::string::npos);
}
