#include "parse/secret_redactor.h"

#include <doctest/doctest.h>

#include <string>

using namespace cfgsweep;

TEST_CASE("IOS-family secrets are removed, their kind and every other byte kept") {
  int count = 0;
  std::string out = redact_secrets(
      "hostname r1\n"
      "enable secret 9 $9$abcdef\n"
      "username netops privilege 15 secret 9 $9$xyz\n"
      "username admin password 5 $5$hash role network-admin\n"
      "snmp-server community s3cret RO 10\n"
      "tacacs-server host 10.0.0.5 key 7 0822455D0A16\n"
      "tacacs server T1\n key 7 094F471A1A0A\n"
      "interface Gi0/1\n ip ospf message-digest-key 1 md5 7 01100F175804\n"
      "router bgp 65000\n neighbor 10.0.0.2 password 7 02050D480809\n"
      "key chain K\n key 1\n  key-string 7 104D000A0618\n"
      "crypto isakmp key V3ryS3cret address 0.0.0.0\n"
      "description password reset desk\n",
      &count);
  CHECK(out ==
        "hostname r1\n"
        "enable secret 9 <redacted>\n"
        "username netops privilege 15 secret 9 <redacted>\n"
        "username admin password 5 <redacted> role network-admin\n"
        "snmp-server community <redacted> RO 10\n"
        "tacacs-server host 10.0.0.5 key 7 <redacted>\n"
        "tacacs server T1\n key 7 <redacted>\n"
        "interface Gi0/1\n ip ospf message-digest-key 1 md5 7 <redacted>\n"
        "router bgp 65000\n neighbor 10.0.0.2 password 7 <redacted>\n"
        "key chain K\n key 1\n  key-string 7 <redacted>\n"
        "crypto isakmp key <redacted> address 0.0.0.0\n"
        "description password reset desk\n");
  CHECK(count == 10);
}

TEST_CASE("Junos and FortiOS secrets are removed in every form") {
  CHECK(redact_secrets("system {\n    root-authentication {\n        encrypted-password "
                       "\"$6$salt$hash\"; ## SECRET-DATA\n    }\n}\n") ==
        "system {\n    root-authentication {\n        encrypted-password <redacted>; ## "
        "SECRET-DATA\n    }\n}\n");
  CHECK(redact_secrets("set system login user ops authentication encrypted-password \"$6$x\"\n"
                       "set snmp community public authorization read-only\n"
                       "set security ike policy P pre-shared-key ascii-text \"$9$abc\"\n") ==
        "set system login user ops authentication encrypted-password <redacted>\n"
        "set snmp community <redacted> authorization read-only\n"
        "set security ike policy P pre-shared-key ascii-text <redacted>\n");
  CHECK(
      redact_secrets("config system admin\n    edit \"admin\"\n        set password ENC SH2abc==\n"
                     "        set accprofile \"super_admin\"\n") ==
      "config system admin\n    edit \"admin\"\n        set password <redacted>\n"
      "        set accprofile \"super_admin\"\n");
}
