#include "parse/format_detect.h"

#include <doctest/doctest.h>

using namespace cfgsweep;

TEST_CASE("IOS-family vendors are told apart by their markers") {
  CHECK(enum_name(
            detect_format("!\nversion 15.2\nhostname r1\ninterface Gi0/1\n shutdown\n").vendor) ==
        "cisco_ios");
  CHECK(enum_name(detect_format("!Command: show running-config\nhostname n1\n").vendor) ==
        "cisco_nxos");
  CHECK(enum_name(detect_format("hostname n1\nfeature bgp\ninterface Ethernet1/1\n").vendor) ==
        "cisco_nxos");
  CHECK(enum_name(detect_format("! device: sw1 (DCS-7050, EOS-4.2)\nhostname sw1\n").vendor) ==
        "arista_eos");
  CHECK(enum_name(detect_format("!! IOS XR Configuration 7.1\nhostname pe1\n").vendor) ==
        "cisco_iosxr");
  CHECK(enum_name(detect_format(": Saved\nASA Version 9.1\nhostname fw\n").vendor) == "cisco_asa");
  CHECK(enum_name(detect_format("version 17.3\nplatform x\nhostname sw\n").vendor) ==
        "cisco_iosxe");
}

TEST_CASE("other formats are recognised, not parsed as IOS") {
  CHECK(
      detect_format("system {\n  host-name r1;\n}\ninterfaces {\n  ge-0/0/0 {\n  }\n}\n").format ==
      ConfigFormat::kBraces);
  CHECK(detect_format("set system host-name r1\nset interfaces ge-0/0/0 unit 0\n").format ==
        ConfigFormat::kSetCommands);
  CHECK(detect_format("<?xml version=\"1.0\"?>\n<config/>").format == ConfigFormat::kXml);
  CHECK(detect_format("  {\"a\": 1}").format == ConfigFormat::kJson);
  CHECK(detect_format("network:\n  version: 2\n  ethernets:\n    eth0:\n      dhcp4: true\n")
            .format == ConfigFormat::kYaml);
  CHECK(detect_format("config system global\n    set hostname fw\nend\nconfig system interface\n"
                      "    edit port1\n    next\nend\n")
            .format == ConfigFormat::kFortios);
}

TEST_CASE("a file without any format's markers is unknown, and says why") {
  Detection d = detect_format("lorem ipsum dolor\nsit amet\n");
  CHECK(d.format == ConfigFormat::kUnknown);
  CHECK_FALSE(d.reason.empty());
  CHECK(detect_format("").format == ConfigFormat::kUnknown);
}

TEST_CASE("--format names map to a syntax and, for platforms, a vendor") {
  CHECK(enum_name(detection_from_name("eos").vendor) == "arista_eos");
  CHECK(detection_from_name("nxos").format == ConfigFormat::kIosFamily);
  CHECK(detection_from_name("junos").format == ConfigFormat::kBraces);
  CHECK(enum_name(detection_from_name("junos-set").vendor) == "juniper_junos");
  CHECK(detection_from_name("netplan").format == ConfigFormat::kYaml);
  CHECK(detection_from_name("cisco").format == ConfigFormat::kUnknown);
}

TEST_CASE("set, brace and XML vendors are told apart") {
  CHECK(enum_name(detect_format("set deviceconfig system hostname fw1\n").vendor) ==
        "paloalto_panos");
  CHECK(enum_name(detect_format("set interfaces ethernet eth0 address '10.0.0.1/24'\n").vendor) ==
        "vyos");
  CHECK(enum_name(detect_format("# c\nset version 21.4R1\nset system host-name r1\n").vendor) ==
        "juniper_junos");
  CHECK(enum_name(detect_format("interfaces {\n ethernet eth0 {\n address 10.0.0.1/24\n }\n}\n")
                      .vendor) == "vyos");
  CHECK(enum_name(detect_format("<rpc-reply><configuration/></rpc-reply>").vendor) ==
        "juniper_junos");
  CHECK(enum_name(detect_format("<config version=\"10.1.0\" urldb=\"paloaltonetworks\">"
                                "<devices/></config>")
                      .vendor) == "paloalto_panos");
  CHECK(detect_format("auto lo\niface lo inet loopback\n").format == ConfigFormat::kIfupdown);
  CHECK(enum_name(detect_format("- set:\n    system:\n      hostname: leaf1\n").vendor) ==
        "cumulus_nvue");
}

TEST_CASE("a CLI fragment without comments is still read as IOS-family") {
  Detection d = detect_format("lldp timer 3000\nlldp hold-time 200\n");
  CHECK(d.format == ConfigFormat::kIosFamily);
  CHECK(d.vendor == Vendor::kUnknown);
  CHECK(d.confidence < 0.6);
}

// The syntax is told from the shape of the text; the vendor only from evidence for it.
TEST_CASE("without evidence for a vendor, the syntax is told and the vendor is not") {
  Detection ios = detect_format("!\nhostname r1\ninterface Gi0/1\n shutdown\n");
  CHECK(ios.format == ConfigFormat::kIosFamily);
  CHECK(ios.vendor == Vendor::kUnknown);
  CHECK(ios.reason.find("vendor unknown: no vendor's evidence") != std::string::npos);
  Detection set = detect_format("# c\nset system host-name r1\n");
  CHECK(set.format == ConfigFormat::kSetCommands);
  CHECK(set.vendor == Vendor::kUnknown);
  Detection brace = detect_format("system {\n  host-name r1;\n}\n");
  CHECK(brace.format == ConfigFormat::kBraces);
  CHECK(brace.vendor == Vendor::kUnknown);
}

TEST_CASE("counter-markers keep a look-alike from being named") {
  // HP Comware: "undo", "sysname", "return" are evidence against every IOS-family vendor,
  // even beside "line vty 0 4".
  CHECK(detect_format("sysname sw1\n#\nline vty 0 4\n authentication-mode scheme\n#\nreturn\n")
            .vendor == Vendor::kUnknown);
  // NX-OS and EOS write addresses with a prefix length; IOS never does.
  CHECK(
      detect_format("hostname r1\nline con 0\ninterface Gi0/1\n ip address 10.0.0.1/24\n").vendor ==
      Vendor::kUnknown);
  // A single weak marker is not enough, and two vendors' markers too close to tell are none.
  CHECK(detect_format("hostname r1\nservice timestamps log datetime\n").vendor == Vendor::kUnknown);
  Detection both = detect_format("hostname r1\nfeature bgp\ndaemon TerminAttr\n");
  CHECK(both.vendor == Vendor::kUnknown);
  CHECK(both.reason.find("too close to tell") != std::string::npos);
}

TEST_CASE("a named vendor's confidence grows with its evidence") {
  Detection one = detect_format("hostname fw\npager lines 24\n");
  Detection many = detect_format(
      ": Saved\nASA Version 9.12(4)\nhostname fw\npager lines 24\n"
      "interface Gi0/0\n nameif outside\n");
  CHECK(enum_name(one.vendor) == "cisco_asa");
  CHECK(enum_name(many.vendor) == "cisco_asa");
  CHECK(one.confidence < many.confidence);
}

TEST_CASE("a set command's quoted value may span lines") {
  Detection d = detect_format(
      "set deviceconfig system hostname fw\nset deviceconfig system login-banner \"line one\n"
      "line two\nline three\nline four\"\nset zone trust network layer3 ethernet1/2\n");
  CHECK(d.format == ConfigFormat::kSetCommands);
  CHECK(enum_name(d.vendor) == "paloalto_panos");
}

// Text that is not a config, written here in the usual shape of each language: none of
// it may be given a format (a style sheet was juniper_junos at 0.95).
TEST_CASE("program text, style sheets and documents are not configs") {
  const char* texts[] = {
      "/* site */\nbody {\n  margin: 0;\n  font-family: sans-serif;\n}\n.nav a:hover {\n"
      "  color: #336699;\n}\n@media (max-width: 600px) {\n  .nav { display: none; }\n}\n",
      "#include <stdio.h>\n\nint main(int argc, char **argv) {\n  for (int i = 0; i < argc; "
      "i++) {\n    printf(\"%s\\n\", argv[i]);\n  }\n  return 0;\n}\n",
      "function add(a, b) {\n  return a + b;\n}\nconst x = { add };\nmodule.exports = x;\n",
      "# Network notes\n\nOur routers:\n\n- core1: the core\n- edge1: the edge\n\n```\n"
      "interface Gi0/1\n description uplink\n```\n",
      "[general]\nname = test\n[paths]\nroot = /srv\n",
      "[nat]\nenabled = true\n",
      "#!/bin/sh\nset -e\nfor f in *.c; do\n  cc -O2 -c \"$f\"\ndone\necho done\n",
  };
  for (const char* text : texts) {
    CAPTURE(text);
    CHECK(detect_format(text).format == ConfigFormat::kUnknown);
  }
  // ... while the brace configs and JSON arrays they resemble still are.
  CHECK(detect_format("policy-options {\n  policy-statement p {\n    term a {\n"
                      "      then accept;\n    }\n  }\n}\n")
            .format == ConfigFormat::kBraces);
  CHECK(detect_format("interfaces {\n  inactive: ge-0/0/1 {\n    description \"a (b) = c\";\n"
                      "  }\n}\n")
            .format == ConfigFormat::kBraces);
  CHECK(detect_format("[\n  {\"name\": \"r1\"}\n]\n").format == ConfigFormat::kJson);
  // Junos policy expressions hold parentheses; an IOS banner holds prose.
  CHECK(detect_format("policy-options {\n  policy-statement p {\n    term a {\n      from policy "
                      "(A && B);\n      then accept;\n    }\n  }\n}\nprotocols {\n  bgp {\n"
                      "    export (X && Y);\n  }\n}\n")
            .format == ConfigFormat::kBraces);
  CHECK(detect_format("banner motd ^C\nAuthorized access only.\nAll activity is logged.\n"
                      "Disconnect now if you are not authorized.\n^C\nhostname r1\n")
            .format == ConfigFormat::kIosFamily);
}
