#include "parse/format_detect.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <span>

#include <fmt/format.h>

namespace cfgsweep {

namespace {

constexpr std::size_t kSniffBytes = 64 * 1024;

struct LineStats {
  int lines = 0;          // non-blank lines
  int comments = 0;       // lines starting with '!' or '#'
  int bang_comments = 0;  // lines starting with '!'
  int indented = 0;       // lines starting with a space or tab
  int brace_lines = 0;    // lines ending in '{', '}' or ';'
  int brace_open = 0;
  int brace_close = 0;
  int set_lines = 0;       // unindented "set ..." / "delete ..." / "deactivate ..."
  int yaml_keys = 0;       // lines like "key:" or "key: value" or "- item"
  int fortios_blocks = 0;  // "config ...", "edit ...", "next", "end"
  int ifupdown = 0;        // "auto ...", "iface ..."
  int ios_keywords = 0;    // "interface ", "hostname ", "router ", "ip ", "version ", ...
  int cli_words = 0;       // unindented lines starting with a lowercase word
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool starts_with_any(std::string_view s, std::initializer_list<std::string_view> prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&](std::string_view p) { return s.starts_with(p); });
}

// First words of top-level commands across the IOS family: lets a fragment such as
// "lldp timer 30" be read as CLI, while prose stays unknown.
bool is_cli_command(std::string_view line) {
  static constexpr auto kCommands = std::to_array<std::string_view>({
      "aaa",     "access-list",   "bgp",           "alias",         "arp",          "banner",
      "bfd",     "boot",          "cdp",           "class-map",     "clock",        "control-plane",
      "crypto",  "dhcp",          "dns",           "domain",        "enable",       "errdisable",
      "event",   "feature",       "hardware",      "hostname",      "interface",    "ip",
      "ipv6",    "key",           "lacp",          "license",       "line",         "lldp",
      "logging", "mac",           "management",    "monitor",       "mpls",         "no",
      "ntp",     "object",        "object-group",  "policy-map",    "port-channel", "prefix-list",
      "qos",     "radius-server", "redundancy",    "route-map",     "router",       "service",
      "sflow",   "snmp-server",   "spanning-tree", "tacacs-server", "username",     "version",
      "vlan",    "vrf",           "vtp",
  });
  std::string_view word = line.substr(0, line.find(' '));
  return std::find(kCommands.begin(), kCommands.end(), word) != kCommands.end();
}

void count_line(std::string_view raw, LineStats* stats) {
  std::string_view line = trim(raw);
  if (line.empty()) return;
  ++stats->lines;
  if (line.front() == '!' || line.front() == '#' || line.starts_with("//") || line == "configure" ||
      line == "commit" || line == "exit" || line == "quit") {
    ++stats->comments;
    stats->bang_comments += line.front() == '!';
    return;
  }
  bool indented = raw.front() == ' ' || raw.front() == '\t';
  stats->indented += indented;
  char last = line.back();
  stats->brace_lines += last == '{' || last == '}' || last == ';';
  stats->brace_open += last == '{';
  stats->brace_close += line.front() == '}';
  if (!indented && starts_with_any(line, {"set ", "delete ", "deactivate ", "activate "}))
    ++stats->set_lines;
  if (starts_with_any(line, {"config ", "edit "}) || line == "next" || line == "end")
    ++stats->fortios_blocks;
  if (!indented && starts_with_any(line, {"auto ", "iface ", "allow-hotplug ", "source "}))
    ++stats->ifupdown;
  if (!indented && starts_with_any(line, {"interface ", "hostname ", "router ", "ip ", "version ",
                                          "vlan ", "line ", "logging ", "ntp ", "snmp-server ",
                                          "username ", "access-list ", "aaa ", "service "}))
    ++stats->ios_keywords;
  if (!indented && is_cli_command(line)) ++stats->cli_words;
  auto colon = line.find(':');
  if (line.starts_with("- ") || line == "-" ||
      (colon != std::string_view::npos && (colon + 1 == line.size() || line[colon + 1] == ' ') &&
       line.find(' ') > colon))
    ++stats->yaml_keys;
}

LineStats scan_lines(std::string_view text) {
  LineStats stats;
  while (!text.empty()) {
    auto end = text.find('\n');
    count_line(text.substr(0, end), &stats);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
  }
  return stats;
}

// memmem, not string_view::find: find stops at every occurrence of the needle's first
// byte (a space, a newline) to compare, and detection looks for ~30 markers in 64 KB.
bool contains(std::string_view head, std::string_view needle) {
  return memmem(head.data(), head.size(), needle.data(), needle.size()) != nullptr;
}

// "\nX" means X at the start of a line, the first line included.
bool has_marker(std::string_view head, std::string_view needle) {
  if (needle.front() != '\n') return contains(head, needle);
  return contains(head, needle) || head.starts_with(needle.substr(1));
}

struct VendorMarker {
  std::string_view needle;
  Vendor vendor;
};

// The vendor of the first marker found in `head`, or kUnknown.
Vendor first_marker(std::string_view head, std::span<const VendorMarker> markers,
                    std::string_view* shown) {
  for (const VendorMarker& marker : markers)
    if (has_marker(head, marker.needle)) {
      *shown = trim(marker.needle);
      return marker.vendor;
    }
  return Vendor::kUnknown;
}

// Markers that only one member of the IOS family writes, strongest first.
constexpr auto kIosMarkers = std::to_array<VendorMarker>({
    {"!! IOS XR Configuration", Vendor::kCiscoIosxr},
    {"!Command: show running-config", Vendor::kCiscoNxos},
    {"ASA Version ", Vendor::kCiscoAsa},
    {"PIX Version ", Vendor::kCiscoAsa},
    {"! device: ", Vendor::kAristaEos},
    {"\nfrr version ", Vendor::kFrr},
    {"\nfrr defaults ", Vendor::kFrr},
    {"\nfeature ", Vendor::kCiscoNxos},
    {"\ntransceiver qsfp default-mode", Vendor::kAristaEos},
    {"\nservice routing protocols model", Vendor::kAristaEos},
    {"\nmanagement api http-commands", Vendor::kAristaEos},
    {"\ndaemon TerminAttr", Vendor::kAristaEos},
    {"\nroute-policy ", Vendor::kCiscoIosxr},
    {" ipv4 address ", Vendor::kCiscoIosxr},
    {"\nend-policy", Vendor::kCiscoIosxr},
    {" nameif ", Vendor::kCiscoAsa},
    {"\nsame-security-traffic ", Vendor::kCiscoAsa},
    {"\nobject-group network ", Vendor::kCiscoAsa},
    {"\nplatform ", Vendor::kCiscoIosxe},
    {"\nversion 16.", Vendor::kCiscoIosxe},
    {"\nversion 17.", Vendor::kCiscoIosxe},
    {"\ninterface Ethernet1/", Vendor::kCiscoNxos},
    {"\nvrf context ", Vendor::kCiscoNxos},
    {"\ninterface Ethernet", Vendor::kAristaEos},
    {"\ninterface Management1", Vendor::kAristaEos},
    {"\nvrf instance ", Vendor::kAristaEos},
    {"\nspanning-tree mode mstp", Vendor::kAristaEos},
    {"\nusername admin role ", Vendor::kAristaEos},
});

constexpr auto kSetMarkers = std::to_array<VendorMarker>({
    {"\nset deviceconfig ", Vendor::kPaloaltoPanos},
    {"\nset rulebase ", Vendor::kPaloaltoPanos},
    {"\nset network interface ", Vendor::kPaloaltoPanos},
    {"\nset config ", Vendor::kPaloaltoPanos},
    {"\nset shared ", Vendor::kPaloaltoPanos},
    {"\nset vsys ", Vendor::kPaloaltoPanos},
    {"\nset / ", Vendor::kNokiaSrlinux},
    {"\nset interfaces ethernet eth", Vendor::kVyos},
    {"\nset service ", Vendor::kVyos},
    {"\nset system host-name '", Vendor::kVyos},
});

constexpr auto kBraceMarkers = std::to_array<VendorMarker>({
    {"\ndeviceconfig {", Vendor::kPaloaltoPanos},
    {"\nconfig {", Vendor::kPaloaltoPanos},
    {"ethernet eth", Vendor::kVyos},
    {"\nservice {", Vendor::kVyos},
});

constexpr auto kXmlMarkers = std::to_array<VendorMarker>({
    {"<configuration", Vendor::kJuniperJunos},
    {"junos:", Vendor::kJuniperJunos},
    {"<devices", Vendor::kPaloaltoPanos},
    {"<response status=", Vendor::kPaloaltoPanos},
    {"<deviceconfig>", Vendor::kPaloaltoPanos},
    {"<interface-configurations", Vendor::kCiscoIosxr},
    {"<interfaces>", Vendor::kJuniperJunos},
    {"<system>", Vendor::kJuniperJunos},
});

constexpr auto kYamlMarkers = std::to_array<VendorMarker>({
    {"\n- set:", Vendor::kCumulusNvue},
    {"\n- header:", Vendor::kCumulusNvue},
    {"\nnetwork:", Vendor::kNetplan},
    {"ethernets:", Vendor::kNetplan},
    {"\nrouter_bgp:", Vendor::kAristaAvd},
    {"\nethernet_interfaces:", Vendor::kAristaAvd},
    {"\nmanagement_interfaces:", Vendor::kAristaAvd},
    {"srl_nokia", Vendor::kNokiaSrlinux},
});

constexpr auto kJsonMarkers = std::to_array<VendorMarker>({
    {"\"DEVICE_METADATA\"", Vendor::kSonic},
    {"\"configuration\"", Vendor::kJuniperJunos},
    {"\"Reservations\"", Vendor::kAws},
    {"\"SecurityGroups\"", Vendor::kAws},
    {"\"Vpcs\"", Vendor::kAws},
    {"\"Subnets\"", Vendor::kAws},
    {"Microsoft.Network", Vendor::kAzure},
});

Detection make(ConfigFormat format, Vendor vendor, double confidence, std::string reason) {
  return {format, vendor, confidence, std::move(reason)};
}

Detection with_vendor(ConfigFormat format, std::string_view head,
                      std::span<const VendorMarker> markers, Vendor fallback, double confidence,
                      std::string reason) {
  std::string_view shown;
  Vendor vendor = first_marker(head, markers, &shown);
  if (vendor == Vendor::kUnknown) return make(format, fallback, confidence, std::move(reason));
  return make(format, vendor, std::min(1.0, confidence + 0.05),
              fmt::format("{}; marker '{}'", reason, shown));
}

Detection detect_ios_vendor(std::string_view head, const LineStats& stats) {
  std::string_view shown;
  Vendor vendor = first_marker(head, kIosMarkers, &shown);
  if (vendor != Vendor::kUnknown)
    return make(ConfigFormat::kIosFamily, vendor, 0.95,
                fmt::format("indented CLI; marker '{}'", shown));
  double confidence = stats.bang_comments + stats.ios_keywords >= 3 ? 0.8 : 0.6;
  return make(ConfigFormat::kIosFamily, Vendor::kCiscoIos, confidence,
              fmt::format("indented CLI ({} '!' lines, {} IOS keywords); no vendor marker",
                          stats.bang_comments, stats.ios_keywords));
}

std::string_view first_content_line(std::string_view head) {
  while (!head.empty()) {
    auto end = head.find('\n');
    std::string_view line = trim(head.substr(0, end));
    if (!line.empty() && line.front() != '#' && line.front() != '!') return line;
    if (end == std::string_view::npos) break;
    head.remove_prefix(end + 1);
  }
  return {};
}

}  // namespace

Detection detect_format(std::string_view content) {
  std::string_view head = content.substr(0, kSniffBytes);
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  auto first = head.find_first_not_of(" \t\r\n");
  std::string_view start = first == std::string_view::npos ? "" : head.substr(first);
  if (start.starts_with("<"))
    return with_vendor(ConfigFormat::kXml, head, kXmlMarkers, Vendor::kUnknown, 0.9,
                       "starts with an XML element");
  if (start.starts_with("{") || start.starts_with("["))
    return with_vendor(ConfigFormat::kJson, head, kJsonMarkers, Vendor::kUnknown, 0.85,
                       "starts with '{' or '['");

  LineStats s = scan_lines(head);
  int content_lines = s.lines - s.comments;
  if (content_lines == 0)
    return make(ConfigFormat::kUnknown, Vendor::kUnknown, 0, "no content lines");
  auto share = [&](int n) { return static_cast<double>(n) / content_lines; };
  std::string_view first_line = first_content_line(head);

  if ((first_line.starts_with("config ") && s.fortios_blocks >= 2) ||
      start.starts_with("#config-version="))
    return make(ConfigFormat::kFortios, Vendor::kFortinetFortios, 0.95,
                fmt::format("{} config/edit/next/end lines", s.fortios_blocks));
  bool mostly_set = share(s.set_lines) >= 0.6;
  // (The closing braces may all lie past the sniffed head of a deeply nested file.)
  bool braces = s.brace_open > 0 && share(s.brace_lines) >= 0.3 &&
                (s.brace_close > 0 || share(s.brace_open) >= 0.9);
  if (!mostly_set && braces)
    return with_vendor(
        ConfigFormat::kBraces, head, kBraceMarkers, Vendor::kJuniperJunos,
        std::min(0.95, 0.5 + share(s.brace_lines) / 2),
        fmt::format("{} of {} lines end in '{{', '}}' or ';'", s.brace_lines, content_lines));
  if (share(s.set_lines) >= 0.5)
    return with_vendor(
        ConfigFormat::kSetCommands, head, kSetMarkers, Vendor::kJuniperJunos,
        std::min(0.95, 0.5 + share(s.set_lines) / 2),
        fmt::format("{} of {} lines are set/delete commands", s.set_lines, content_lines));
  if (s.ifupdown > 0 && share(s.ifupdown + s.indented) >= 0.8)
    return make(ConfigFormat::kIfupdown, Vendor::kLinuxIfupdown, 0.9,
                fmt::format("{} auto/iface stanzas", s.ifupdown));
  if (start.starts_with("---") || (share(s.yaml_keys) > 0.6 && s.bang_comments == 0))
    return with_vendor(
        ConfigFormat::kYaml, head, kYamlMarkers, Vendor::kUnknown, share(s.yaml_keys),
        fmt::format("{} of {} lines are YAML keys or items", s.yaml_keys, content_lines));
  if (s.bang_comments + s.ios_keywords > 0) return detect_ios_vendor(head, s);
  if (s.cli_words > 0 && share(s.cli_words + s.indented) >= 0.8)
    return make(ConfigFormat::kIosFamily, Vendor::kCiscoIos, 0.5,
                fmt::format("{} of {} lines start with an IOS-family command; no other "
                            "format's markers",
                            s.cli_words, content_lines));
  return make(ConfigFormat::kUnknown, Vendor::kUnknown, 0, "no format's markers found");
}

namespace {

struct NamedFormat {
  std::string_view name;
  ConfigFormat format;
  Vendor vendor;
};

constexpr auto kNamedFormats = std::to_array<NamedFormat>({
    {"ios", ConfigFormat::kIosFamily, Vendor::kCiscoIos},
    {"iosxe", ConfigFormat::kIosFamily, Vendor::kCiscoIosxe},
    {"nxos", ConfigFormat::kIosFamily, Vendor::kCiscoNxos},
    {"iosxr", ConfigFormat::kIosFamily, Vendor::kCiscoIosxr},
    {"asa", ConfigFormat::kIosFamily, Vendor::kCiscoAsa},
    {"eos", ConfigFormat::kIosFamily, Vendor::kAristaEos},
    {"frr", ConfigFormat::kIosFamily, Vendor::kFrr},
    {"brace", ConfigFormat::kBraces, Vendor::kUnknown},
    {"junos", ConfigFormat::kBraces, Vendor::kJuniperJunos},
    {"vyos", ConfigFormat::kBraces, Vendor::kVyos},
    {"panos", ConfigFormat::kBraces, Vendor::kPaloaltoPanos},
    {"set", ConfigFormat::kSetCommands, Vendor::kUnknown},
    {"junos-set", ConfigFormat::kSetCommands, Vendor::kJuniperJunos},
    {"vyos-set", ConfigFormat::kSetCommands, Vendor::kVyos},
    {"panos-set", ConfigFormat::kSetCommands, Vendor::kPaloaltoPanos},
    {"xml", ConfigFormat::kXml, Vendor::kUnknown},
    {"junos-xml", ConfigFormat::kXml, Vendor::kJuniperJunos},
    {"panos-xml", ConfigFormat::kXml, Vendor::kPaloaltoPanos},
    {"json", ConfigFormat::kJson, Vendor::kUnknown},
    {"yaml", ConfigFormat::kYaml, Vendor::kUnknown},
    {"nvue", ConfigFormat::kYaml, Vendor::kCumulusNvue},
    {"netplan", ConfigFormat::kYaml, Vendor::kNetplan},
    {"fortios", ConfigFormat::kFortios, Vendor::kFortinetFortios},
    {"ifupdown", ConfigFormat::kIfupdown, Vendor::kLinuxIfupdown},
});

}  // namespace

std::string_view format_name(ConfigFormat format) {
  switch (format) {
    case ConfigFormat::kUnknown:
      return "unknown";
    case ConfigFormat::kIosFamily:
      return "ios";
    case ConfigFormat::kBraces:
      return "brace";
    case ConfigFormat::kSetCommands:
      return "set";
    case ConfigFormat::kXml:
      return "xml";
    case ConfigFormat::kJson:
      return "json";
    case ConfigFormat::kYaml:
      return "yaml";
    case ConfigFormat::kFortios:
      return "fortios";
    case ConfigFormat::kIfupdown:
      return "ifupdown";
  }
  return "unknown";
}

Detection detection_from_name(std::string_view name) {
  for (const NamedFormat& n : kNamedFormats)
    if (n.name == name) return make(n.format, n.vendor, 1.0, fmt::format("--format {}", name));
  return {};
}

std::string format_names() {
  std::string names;
  for (const NamedFormat& n : kNamedFormats)
    names += fmt::format("{}{}", names.empty() ? "" : ", ", n.name);
  return names;
}

}  // namespace cfgsweep
