#include "parse/secret_redactor.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "parse/config_parser.h"
#include "parse/parsed_config.h"

using namespace cfgsweep;

namespace {

// The tree of `config` as `show --tree` prints it, its secrets redacted on the tree.
std::string redacted_outline(std::string_view config) {
  ConfigFormat format = detect_format(config).format;
  ParsedConfig parsed;
  parse_config(format, config, &parsed);
  redact_tree(&parsed.tree, format);
  return parsed.tree.outline();
}

// fetch --redact must keep every byte but the secrets, and the saved text must parse to the
// redacted tree of the original.
std::string redact_and_check(std::string_view config) {
  std::string saved = redact_config_text(config);
  CHECK(redacted_outline(saved) == redacted_outline(config));
  return saved;
}

}  // namespace

TEST_CASE("IOS-family secrets: only the secret token is replaced, in every form") {
  std::string out = redact_and_check(
      "hostname r1\n"
      "enable secret 9 $9$abcdef\n"
      "enable password 7 0822455D0A16\n"
      "username netops privilege 15 secret 9 $9$xyz\n"
      "username admin password 5 $5$hash role network-admin\n"
      "snmp-server community s3cret RO 10\n"
      "snmp-server host 192.0.2.5 version 2c H0stComm\n"
      "snmp-server host 192.0.2.7 informs version 3 priv v3user\n"
      "snmp-server user u1 g1 v3 auth sha AuthK3y priv aes 128 PrivK3y\n"
      "tacacs-server host 10.0.0.5 key 7 0822455D0A16\n"
      "radius server R1\n address ipv4 10.0.0.9 auth-port 1812\n key 7 094F471A1A0A\n"
      "interface Gi0/1\n ip ospf message-digest-key 1 md5 7 01100F175804\n"
      " standby 1 authentication md5 key-string 7 HsrpK3y\n"
      " standby 2 authentication md5 key-chain HSRPCHAIN\n"
      " vrrp 1 authentication text VrrpK3y\n"
      " ppp chap password 7 ChapK3y\n"
      "router bgp 65000\n neighbor 10.0.0.2 password 7 02050D480809\n"
      "key chain K\n key 1\n  key-string 7 104D000A0618\n"
      "crypto isakmp key V3ryS3cret address 0.0.0.0\n"
      "ntp authentication-key 1 md5 NtpK3y 7\n"
      "line vty 0 4\n password 7 LineK3y\n"
      "description password reset desk\n");
  CHECK(out ==
        "hostname r1\n"
        "enable secret 9 $9$<redacted>\n"
        "enable password 7 <redacted>\n"
        "username netops privilege 15 secret 9 $9$<redacted>\n"
        "username admin password 5 $5$<redacted> role network-admin\n"
        "snmp-server community <redacted> RO 10\n"
        "snmp-server host 192.0.2.5 version 2c <redacted>\n"
        "snmp-server host 192.0.2.7 informs version 3 priv v3user\n"
        "snmp-server user u1 g1 v3 auth sha <redacted> priv aes 128 <redacted>\n"
        "tacacs-server host 10.0.0.5 key 7 <redacted>\n"
        "radius server R1\n address ipv4 10.0.0.9 auth-port 1812\n key 7 <redacted>\n"
        "interface Gi0/1\n ip ospf message-digest-key 1 md5 7 <redacted>\n"
        " standby 1 authentication md5 key-string 7 <redacted>\n"
        " standby 2 authentication md5 key-chain HSRPCHAIN\n"
        " vrrp 1 authentication text <redacted>\n"
        " ppp chap password 7 <redacted>\n"
        "router bgp 65000\n neighbor 10.0.0.2 password 7 <redacted>\n"
        "key chain K\n key 1\n  key-string 7 <redacted>\n"
        "crypto isakmp key <redacted> address 0.0.0.0\n"
        "ntp authentication-key 1 md5 <redacted> 7\n"
        "line vty 0 4\n password 7 <redacted>\n"
        "description password reset desk\n");
}

TEST_CASE("a key is a secret inside a server block only") {
  std::string out = redact_and_check(
      "hostname r1\ntacacs server T1\n address ipv4 10.0.0.5\n key 0 TacK3y\n"
      "key chain OSPF\n key 1\n  key-string 0 ChainK3y\n");
  CHECK(out ==
        "hostname r1\ntacacs server T1\n address ipv4 10.0.0.5\n key 0 <redacted>\n"
        "key chain OSPF\n key 1\n  key-string 0 <redacted>\n");
}

TEST_CASE("Junos secrets keep their quotes and hash kind; a value split into a child too") {
  std::string out = redact_and_check(
      "system {\n    root-authentication {\n        encrypted-password \"$6$salt$hash\";\n"
      "    }\n}\nsecurity {\n    ike {\n        policy P {\n"
      "            pre-shared-key ascii-text \"$9$abcDEF\";\n        }\n    }\n}\n"
      "snmp {\n    community Publ1c {\n        authorization read-only;\n    }\n}\n"
      "policy-options {\n    community BLUE members 65000:100;\n}\n");
  CHECK(out.find("salt") == std::string::npos);
  CHECK(out.find("abcDEF") == std::string::npos);
  CHECK(out.find("Publ1c") == std::string::npos);
  CHECK(out.find("encrypted-password \"$6$<redacted>\";") != std::string::npos);
  CHECK(out.find("community BLUE members 65000:100;") != std::string::npos);
}

TEST_CASE("set commands and FortiOS") {
  CHECK(redact_and_check("set system login user ops authentication encrypted-password \"$6$x$y\"\n"
                         "set snmp community publ1c authorization read-only\n"
                         "set security ike policy P pre-shared-key ascii-text \"$9$abc\"\n") ==
        "set system login user ops authentication encrypted-password \"$6$<redacted>\"\n"
        "set snmp community <redacted> authorization read-only\n"
        "set security ike policy P pre-shared-key ascii-text \"$9$<redacted>\"\n");
  CHECK(redact_and_check(
            "config system admin\n    edit \"admin\"\n        set password ENC SH2abc==\n"
            "    next\nend\nconfig system snmp community\n    edit 1\n"
            "        set name \"c0mmunity\"\n    next\nend\n") ==
        "config system admin\n    edit \"admin\"\n        set password ENC <redacted>\n"
        "    next\nend\nconfig system snmp community\n    edit 1\n"
        "        set name \"<redacted>\"\n    next\nend\n");
}

TEST_CASE("the tree keeps the clear forms for the policy evaluator") {
  std::string config = "hostname r1\nsnmp-server community s3cret RO\n";
  ParsedConfig parsed;
  parse_config(ConfigFormat::kIosFamily, config, &parsed);
  CHECK(redact_tree(&parsed.tree, ConfigFormat::kIosFamily) == 1);
  CHECK(parsed.tree.display(2) == "snmp-server community <redacted> RO");
  parsed.tree.reveal_secrets(true);
  CHECK(parsed.tree.display(2) == "snmp-server community s3cret RO");
  CHECK(parsed.tree.redacted_display(2) == "snmp-server community <redacted> RO");
  parsed.tree.reveal_secrets(false);
  CHECK(parsed.tree.display(2) == "snmp-server community <redacted> RO");
  CHECK(redact_tree(&parsed.tree, ConfigFormat::kIosFamily) == 0);  // once only
}

TEST_CASE("template lines of any syntax") {
  CHECK(redact_line("snmp-server community {{c}} RO") == "snmp-server community <redacted> RO");
  CHECK(redact_line(" encrypted-password $6$abc$def") == " encrypted-password $6$<redacted>");
  CHECK(redact_line("set snmp community publ1c") == "set snmp community <redacted>");
  CHECK(redact_line("key chain K") == "key chain K");
  CHECK(redact_line("set community 65000:1") == "set community 65000:1");
}

TEST_CASE("the secrets corpus: no canary survives redaction, and the redacted text parses alike") {
  // tests/data/secrets: one config per syntax, a unique CANARY string in every secret
  // position (CANARIES.tsv lists them), written from vendor documentation.
  std::filesystem::path corpus = std::filesystem::path(CFGSWEEP_SOURCE_DIR) / "tests/data/secrets";
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
    if (entry.path().extension() == ".tsv") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::string config((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CAPTURE(entry.path().filename().string());
    REQUIRE(config.find("CANARY") != std::string::npos);
    int count = 0;
    std::string saved = redact_config_text(config, &count);
    CHECK(saved.find("CANARY") == std::string::npos);
    CHECK(redacted_outline(saved) == redacted_outline(config));
    CHECK(redacted_outline(config).find("CANARY") == std::string::npos);
    // Only secret tokens changed: the same number of lines, and each line that changed
    // held a canary.
    std::istringstream before(config), after(saved);
    std::string a, b;
    while (std::getline(before, a) && std::getline(after, b))
      if (a != b) CHECK_MESSAGE(a.find("CANARY") != std::string::npos, "changed: " << a);
    CHECK(std::count(config.begin(), config.end(), '\n') ==
          std::count(saved.begin(), saved.end(), '\n'));
    ++files;
  }
  CHECK(files == 15);
}

// A config its parser gives up on (a truncated JSON export) is still redacted, line by line.
TEST_CASE("redact_config_text redacts a config that fails to parse") {
  std::string cut = "{\"system\": {\"password\": \"$6$NEWSECRETHASH\", \"hostname\": \"r1\"";
  std::string redacted = redact_config_text(cut);
  CHECK(redacted.find("NEWSECRETHASH") == std::string::npos);
}
