// Writes a deterministic synthetic corpus of realistic IOS-style configs (interfaces,
// ACLs, BGP, static routes, lines, a banner), for tests and scripts/bench.
//
//   synth-corpus small DIR COUNT [BYTES]      COUNT files of about BYTES (default 2048)
//   synth-corpus large DIR TOTAL_MB [MIN_KB MAX_KB]   files of MIN..MAX KB (default 50..500)
//   synth-corpus formats DIR MB_PER_FORMAT    256 KB files of one device in every other
//       format, one folder each: junos (braces), junos-set, junos-xml, fortios, json, yaml
//
// The same arguments always give byte-identical files.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <fmt/format.h>

namespace {

struct Random {
  uint64_t state;
  uint64_t next() {  // splitmix64
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  unsigned below(unsigned n) { return static_cast<unsigned>(next() % n); }
};

void append_header(std::string& out, uint64_t index) {
  out += fmt::format(
      "!\n! Last configuration change at 10:{:02}:{:02} UTC Mon Nov 2 2026\n!\nversion 15.{}\n"
      "service timestamps debug datetime msec\nservice password-encryption\n!\n"
      "hostname synth-r{}\n!\nboot-start-marker\nboot-end-marker\n!\n"
      "aaa new-model\naaa authentication login default group tacacs+ local\n!\n"
      "ip domain name example.net\nno ip http server\nip ssh version 2\n!\n",
      index % 60, index % 59, index % 9, index);
}

void append_interface(std::string& out, Random& random, unsigned n) {
  unsigned kind = random.below(3);
  if (kind == 0) {
    out += fmt::format(
        "interface GigabitEthernet{}/{}\n description uplink {} to core-{}\n"
        " ip address 10.{}.{}.1 255.255.255.0\n ip ospf cost {}\n no shutdown\n!\n",
        n / 48, n % 48, n, random.below(8), random.below(250), random.below(250),
        random.below(100) + 1);
  } else if (kind == 1) {
    out += fmt::format(
        "interface GigabitEthernet{}/{}\n description access port {}\n switchport mode access\n"
        " switchport access vlan {}\n spanning-tree portfast\n{}!\n",
        n / 48, n % 48, n, random.below(4000) + 1, random.below(4) == 0 ? " shutdown\n" : "");
  } else {
    out += fmt::format(
        "interface Vlan{}\n description svi {}\n ip address 172.{}.{}.1 255.255.255.128\n"
        " ipv6 address 2001:db8:{:x}::1/64\n mtu 9000\n!\n",
        n + 1, n, 16 + random.below(16), random.below(250), n);
  }
}

void append_acl(std::string& out, Random& random, unsigned n) {
  out += fmt::format("ip access-list extended ACL-{}\n", n);
  for (unsigned rule = 1; rule <= 8; ++rule)
    out += fmt::format(" {} permit tcp 10.{}.0.0 0.0.255.255 any eq {}\n", rule * 10,
                       random.below(250), 20 + random.below(1000));
  out += " 1000 deny ip any any log\n!\n";
}

void append_bgp(std::string& out, Random& random, unsigned neighbors) {
  out += fmt::format("router bgp {}\n bgp router-id 192.0.2.{}\n bgp log-neighbor-changes\n",
                     64512 + random.below(1000), random.below(250));
  for (unsigned n = 0; n < neighbors; ++n)
    out += fmt::format(
        " neighbor 198.51.{}.{} remote-as {}\n neighbor 198.51.{}.{} description "
        "peer-{}\n",
        n / 250, n % 250, 65000 + n, n / 250, n % 250, n);
  out += " address-family ipv4\n";
  for (unsigned n = 0; n < neighbors; ++n)
    out += fmt::format("  neighbor 198.51.{}.{} activate\n", n / 250, n % 250);
  out += " exit-address-family\n!\n";
}

void append_trailer(std::string& out, Random& random) {
  for (unsigned n = 0; n < 4; ++n)
    out += fmt::format("ip route 0.0.{}.0 255.255.255.0 10.0.0.{}\n", random.below(250),
                       random.below(250) + 1);
  out +=
      "!\nbanner motd ^C\n Authorized access only ^C\n!\nline vty 0 4\n exec-timeout 5 0\n"
      " transport input ssh\n!\nntp server 192.0.2.1\nntp server 192.0.2.2\nend\n";
}

std::string make_config(uint64_t index, std::size_t target_bytes) {
  Random random{index * 7919 + 17};
  std::string out;
  out.reserve(target_bytes + 4096);
  append_header(out, index);
  unsigned n = 0;
  while (out.size() + 600 < target_bytes) {
    unsigned section = random.below(10);
    if (section < 7)
      append_interface(out, random, n);
    else if (section < 9)
      append_acl(out, random, n);
    else
      append_bgp(out, random, 4 + random.below(12));
    ++n;
  }
  append_trailer(out, random);
  return out;
}

bool write_file(const std::filesystem::path& path, const std::string& content) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
  return std::fclose(f) == 0 && ok;
}

// One Junos-like device of `units` interfaces, as a list of word paths ("interfaces",
// "ge-0/0/1", "unit", "0", ...), so that the brace, set and XML forms say the same thing.
struct FormatWriter {
  std::string out;
  Random random;

  void junos_braces(unsigned n) {
    out += fmt::format(
        "interfaces {{\n    ge-0/0/{} {{\n        description \"link {} to rack {}\";\n"
        "        mtu 9192;\n        unit 0 {{\n            family inet {{\n"
        "                address 10.{}.{}.1/24;\n            }}\n        }}\n    }}\n}}\n"
        "policy-options {{\n    prefix-list PL{} {{\n        10.{}.0.0/16;\n    }}\n}}\n",
        n, n, random.below(99), n / 250 % 250, n % 250, n, n % 250);
  }
  void junos_set(unsigned n) {
    out += fmt::format(
        "set interfaces ge-0/0/{0} description \"link {0} to rack {1}\"\n"
        "set interfaces ge-0/0/{0} mtu 9192\n"
        "set interfaces ge-0/0/{0} unit 0 family inet address 10.{2}.{3}.1/24\n"
        "set policy-options prefix-list PL{0} 10.{3}.0.0/16\n",
        n, random.below(99), n / 250 % 250, n % 250);
  }
  void junos_xml(unsigned n) {
    out += fmt::format(
        "<interfaces><interface><name>ge-0/0/{0}</name><description>link {0} to rack "
        "{1}</description>\n<mtu>9192</mtu><unit><name>0</name><family><inet><address>"
        "<name>10.{2}.{3}.1/24</name></address></inet></family></unit></interface>"
        "</interfaces>\n<policy-options><prefix-list><name>PL{0}</name>"
        "<prefix-list-item><name>10.{3}.0.0/16</name></prefix-list-item></prefix-list>"
        "</policy-options>\n",
        n, random.below(99), n / 250 % 250, n % 250);
  }
  void fortios(unsigned n) {
    out += fmt::format(
        "    edit \"port{0}\"\n        set vdom \"root\"\n"
        "        set ip 10.{1}.{2}.1 255.255.255.0\n        set allowaccess ping\n"
        "        set alias \"link {0} to rack {3}\"\n        set mtu 9000\n    next\n",
        n, n / 250 % 250, n % 250, random.below(99));
  }
  void json(unsigned n) {
    out += fmt::format(
        "{}    {{\"name\": \"eth{}\", \"description\": \"link to rack {}\", "
        "\"mtu\": 9000, \"addresses\": [\"10.{}.{}.1/24\"], \"enabled\": true}}",
        n == 0 ? "" : ",\n", n, random.below(99), n / 250 % 250, n % 250);
  }
  void yaml(unsigned n) {
    out += fmt::format(
        "    eth{}:\n      addresses: [10.{}.{}.1/24]\n      mtu: 9000\n"
        "      dhcp4: false\n      optional: true\n",
        n, n / 250 % 250, n % 250);
  }
};

std::string make_format_file(const std::string& format, uint64_t index, std::size_t bytes) {
  FormatWriter w{{}, Random{index * 7919 + format.size()}};
  if (format == "junos-xml") w.out = "<rpc-reply><configuration>\n";
  if (format == "fortios") w.out = "config system interface\n";
  if (format == "json") w.out = "{\"hostname\": \"synth\", \"interfaces\": [\n";
  if (format == "yaml") w.out = "network:\n  version: 2\n  ethernets:\n";
  for (unsigned n = 0; w.out.size() < bytes; ++n) {
    if (format == "junos") w.junos_braces(n);
    if (format == "junos-set") w.junos_set(n);
    if (format == "junos-xml") w.junos_xml(n);
    if (format == "fortios") w.fortios(n);
    if (format == "json") w.json(n);
    if (format == "yaml") w.yaml(n);
  }
  if (format == "junos-xml") w.out += "</configuration></rpc-reply>\n";
  if (format == "fortios") w.out += "end\n";
  if (format == "json") w.out += "\n]}\n";
  return w.out;
}

int usage() {
  std::fputs(
      "usage: synth-corpus small DIR COUNT [BYTES] | large DIR TOTAL_MB [MIN_KB MAX_KB] | "
      "formats DIR MB_PER_FORMAT\n",
      stderr);
  return 64;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) return usage();
  std::string mode = argv[1];
  std::filesystem::path dir = argv[2];
  std::filesystem::create_directories(dir);
  uint64_t amount = std::strtoull(argv[3], nullptr, 10);
  if (mode == "small") {
    std::size_t bytes = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 2048;
    for (uint64_t i = 0; i < amount; ++i)
      if (!write_file(dir / fmt::format("small-{:06}.cfg", i), make_config(i, bytes))) return 74;
    return 0;
  }
  if (mode == "large") {
    uint64_t min_kb = argc > 5 ? std::strtoull(argv[4], nullptr, 10) : 50;
    uint64_t max_kb = argc > 5 ? std::strtoull(argv[5], nullptr, 10) : 500;
    uint64_t total = 0, limit = amount << 20;
    Random sizes{amount};
    for (uint64_t i = 0; total < limit; ++i) {
      std::size_t bytes = (min_kb + sizes.below(static_cast<unsigned>(max_kb - min_kb + 1))) << 10;
      std::string config = make_config(1'000'000 + i, bytes);
      if (!write_file(dir / fmt::format("large-{:06}.cfg", i), config)) return 74;
      total += config.size();
    }
    return 0;
  }
  if (mode == "formats") {
    for (std::string format : {"junos", "junos-set", "junos-xml", "fortios", "json", "yaml"}) {
      std::filesystem::create_directories(dir / format);
      uint64_t total = 0;
      for (uint64_t i = 0; total < (amount << 20); ++i) {
        std::string config = make_format_file(format, i, 256 << 10);
        if (!write_file(dir / format / fmt::format("{}-{:05}.cfg", format, i), config)) return 74;
        total += config.size();
      }
    }
    return 0;
  }
  return usage();
}
