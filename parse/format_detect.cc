#include "parse/format_detect.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <span>

#include <fmt/format.h>

#include "parse/vendor_evidence.h"
#include "parse/words.h"

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
  int code_lines = 0;      // brace lines no brace config writes: C, JavaScript, CSS (see below)
  int set_lines = 0;       // unindented "set ..." / "delete ..." / "deactivate ..."
  int yaml_keys = 0;       // lines like "key:" or "key: value" or "- item"
  int fortios_blocks = 0;  // "config ...", "edit ...", "next", "end"
  int fortios_ends = 0;    // "edit ...", "next", "end": what FortiOS has and AireOS lacks
  int ifupdown = 0;        // "auto ...", "iface ..."
  int ios_keywords = 0;    // "interface ", "hostname ", "router ", "ip ", "version ", ...
  int cli_words = 0;       // unindented lines starting with a lowercase word
  int command_shaped = 0;  // unindented lines whose first word is a lowercase command word
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

// A fixed set of line prefixes, tested cheaply: most lines start with a character none of
// the prefixes starts with and are rejected on one bit test, before any comparison (the
// line counts below run on every line of the sniffed head).
template <std::size_t N>
class PrefixSet {
 public:
  consteval explicit PrefixSet(std::array<std::string_view, N> prefixes) : prefixes_(prefixes) {
    for (std::string_view p : prefixes_)
      first_[static_cast<unsigned char>(p.front()) / 64] |=
          uint64_t{1} << (static_cast<unsigned char>(p.front()) % 64);
  }
  bool matches(std::string_view line) const {
    if (line.empty()) return false;
    auto c = static_cast<unsigned char>(line.front());
    if (!(first_[c / 64] >> (c % 64) & 1)) return false;
    return std::any_of(prefixes_.begin(), prefixes_.end(),
                       [&](std::string_view p) { return line.starts_with(p); });
  }
  // The prefix that is the line's whole first word ("interface" for "interface Gi0/1").
  bool has_word(std::string_view word) const {
    if (word.empty()) return false;
    auto c = static_cast<unsigned char>(word.front());
    if (!(first_[c / 64] >> (c % 64) & 1)) return false;
    return std::find(prefixes_.begin(), prefixes_.end(), word) != prefixes_.end();
  }

 private:
  std::array<std::string_view, N> prefixes_;
  std::array<uint64_t, 4> first_{};
};

template <typename... P>
consteval auto prefix_set(P... prefixes) {
  return PrefixSet<sizeof...(P)>(std::array<std::string_view, sizeof...(P)>{prefixes...});
}

constexpr auto kSetVerbs = prefix_set("set ", "delete ", "deactivate ", "activate ");
constexpr auto kFortiosBlocks = prefix_set("config ", "edit ");
constexpr auto kIfupdownStanzas = prefix_set("auto ", "iface ", "allow-hotplug ", "source ");
constexpr auto kIosKeywords =
    prefix_set("interface ", "hostname ", "router ", "ip ", "version ", "vlan ", "line ",
               "logging ", "ntp ", "snmp-server ", "username ", "access-list ", "aaa ", "service ");
// First words of top-level commands across the IOS family: lets a fragment such as
// "lldp timer 30" be read as CLI, while prose stays unknown.
constexpr auto kCliCommands = prefix_set(
    "aaa", "access-list", "bgp", "alias", "arp", "banner", "bfd", "boot", "cdp", "class-map",
    "clock", "control-plane", "crypto", "dhcp", "dns", "domain", "enable", "errdisable", "event",
    "feature", "hardware", "hostname", "interface", "ip", "ipv6", "key", "lacp", "license", "line",
    "lldp", "logging", "mac", "management", "monitor", "mpls", "no", "ntp", "object",
    "object-group", "policy-map", "port-channel", "prefix-list", "qos", "radius-server",
    "redundancy", "route-map", "router", "service", "sflow", "snmp-server", "spanning-tree",
    "tacacs-server", "username", "version", "vlan", "vrf", "vtp");

bool is_cli_command(std::string_view line) {
  return kCliCommands.has_word(line.substr(0, line.find(' ')));
}

// A line ending in '{' or ';' that Junos, VyOS and PAN-OS never write but program text and
// style sheets do: outside quotes it holds "name(" or " = ", or its first word ends in ':' (a CSS
// declaration; Junos writes only inactive:, protect:, replace: and delete: there).
bool looks_like_code(std::string_view line) {
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    // "name(" is a call or a declaration; Junos writes "policy (A && B)", with a space.
    bool call = c == '(' && i > 0 &&
                (std::isalnum(static_cast<unsigned char>(line[i - 1])) || line[i - 1] == '_');
    if (call || (c == '=' && i > 0 && line[i - 1] == ' ')) return true;
  }
  std::string_view word = line.substr(0, line.find(' '));
  return word.size() > 1 && word.back() == ':' &&
         !starts_with_any(word, {"inactive:", "protect:", "replace:", "delete:"});
}

// "privilege", "community-set", "end-set": what CLI commands start with; prose starts with
// "Our", "- item:" or "```".
bool is_command_word(std::string_view word) {
  return !word.empty() && word.front() >= 'a' && word.front() <= 'z' &&
         std::all_of(word.begin(), word.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
         });
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
  stats->code_lines += (last == '{' || last == ';') && looks_like_code(line);
  if (!indented && kSetVerbs.matches(line)) ++stats->set_lines;
  if (kFortiosBlocks.matches(line) || line == "next" || line == "end") ++stats->fortios_blocks;
  if (line.starts_with("edit ") || line == "next" || line == "end") ++stats->fortios_ends;
  if (!indented && kIfupdownStanzas.matches(line)) ++stats->ifupdown;
  if (!indented && kIosKeywords.matches(line)) ++stats->ios_keywords;
  if (!indented && is_cli_command(line)) ++stats->cli_words;
  if (!indented && is_command_word(line.substr(0, line.find(' ')))) ++stats->command_shaped;
  auto colon = line.find(':');
  if (line.starts_with("- ") || line == "-" ||
      (colon != std::string_view::npos && (colon + 1 == line.size() || line[colon + 1] == ' ') &&
       line.find(' ') > colon))
    ++stats->yaml_keys;
}

LineStats scan_lines(std::string_view text) {
  LineStats stats;
  bool in_quote = false;  // the lines of a multi-line quoted value are part of one command
  while (!text.empty()) {
    auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (in_quote) {
      in_quote = !opens_quote(line);
    } else {
      count_line(line, &stats);
      in_quote = line.starts_with("set ") && opens_quote(line);
    }
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

Detection make(ConfigFormat format, Vendor vendor, double confidence, std::string reason) {
  return {format, vendor, confidence, std::move(reason)};
}

// The format is told; the vendor is named only on its evidence (vendor_evidence.h). Without
// it the detection keeps the format's own confidence and says why no vendor is named.
Detection with_vendor(ConfigFormat format, std::string_view head, double format_confidence,
                      std::string reason) {
  VendorVerdict verdict = weigh_vendor_evidence(format, head);
  if (verdict.vendor == Vendor::kUnknown)
    return make(format, Vendor::kUnknown, format_confidence,
                fmt::format("{}; vendor unknown: {}", reason, verdict.reason));
  return make(format, verdict.vendor, verdict.confidence,
              fmt::format("{}; {}", reason, verdict.reason));
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

// "[" opens JSON only when a JSON value follows; "[section]" is an INI file.
bool starts_json_array(std::string_view start) {
  if (!start.starts_with("[")) return false;
  auto next = start.find_first_not_of(" \t\r\n", 1);
  if (next == std::string_view::npos) return false;
  std::string_view value = start.substr(next);
  return std::strchr("{[]\"-0123456789", value.front()) != nullptr ||
         starts_with_any(value, {"true", "false", "null"});
}

}  // namespace

Detection detect_format(std::string_view content) {
  std::string_view head = content.substr(0, kSniffBytes);
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  auto first = head.find_first_not_of(" \t\r\n");
  std::string_view start = first == std::string_view::npos ? "" : head.substr(first);
  if (start.starts_with("<"))
    return with_vendor(ConfigFormat::kXml, head, 0.9, "starts with an XML element");
  if (start.starts_with("{") || starts_json_array(start))
    return with_vendor(ConfigFormat::kJson, head, 0.85, "starts with '{' or '['");

  LineStats s = scan_lines(head);
  int content_lines = s.lines - s.comments;
  if (content_lines == 0)
    return make(ConfigFormat::kUnknown, Vendor::kUnknown, 0, "no content lines");
  auto share = [&](int n) { return static_cast<double>(n) / content_lines; };
  std::string_view first_line = first_content_line(head);

  // FortiOS opens with "config <path>" and has edit/next/end; PAN-OS's brace form opens
  // with "config {", and Cisco AireOS writes only "config ..." commands.
  if ((first_line.starts_with("config ") && first_line != "config {" && s.fortios_ends > 0 &&
       s.fortios_blocks >= 2) ||
      start.starts_with("#config-version="))
    return make(ConfigFormat::kFortios, Vendor::kFortinetFortios, 0.95,
                fmt::format("{} config/edit/next/end lines", s.fortios_blocks));
  bool mostly_set = share(s.set_lines) >= 0.6;
  // (The closing braces may all lie past the sniffed head of a deeply nested file.)
  // Program text and style sheets end their lines the same way: too many code lines
  // among them and the text is not a brace config.
  bool braces = s.brace_open > 0 && share(s.brace_lines) >= 0.3 &&
                (s.brace_close > 0 || share(s.brace_open) >= 0.9) &&
                s.code_lines * 5 < s.brace_lines;
  if (!mostly_set && braces)
    return with_vendor(
        ConfigFormat::kBraces, head, std::min(0.95, 0.5 + share(s.brace_lines) / 2),
        fmt::format("{} of {} lines end in '{{', '}}' or ';'", s.brace_lines, content_lines));
  if (share(s.set_lines) >= 0.5)
    return with_vendor(
        ConfigFormat::kSetCommands, head, std::min(0.95, 0.5 + share(s.set_lines) / 2),
        fmt::format("{} of {} lines are set/delete commands", s.set_lines, content_lines));
  if (s.ifupdown > 0 && share(s.ifupdown + s.indented) >= 0.8)
    return make(ConfigFormat::kIfupdown, Vendor::kLinuxIfupdown, 0.9,
                fmt::format("{} auto/iface stanzas", s.ifupdown));
  if (start.starts_with("---") || (share(s.yaml_keys) > 0.6 && s.bang_comments == 0))
    return with_vendor(
        ConfigFormat::kYaml, head, share(s.yaml_keys),
        fmt::format("{} of {} lines are YAML keys or items", s.yaml_keys, content_lines));
  // IOS-family text is commands: a keyword or two in prose (a README quoting a config)
  // is not enough; most lines must be comments, command words or indented under them, or a
  // vendor's evidence ("ASA Version") must say so.
  // Banner text is prose inside a config: a file with a banner is judged by its commands.
  bool commands =
      2 * (s.comments + s.command_shaped + s.indented) >= s.lines || has_marker(head, "\nbanner ");
  if (s.bang_comments + s.ios_keywords > 0) {
    VendorVerdict verdict = weigh_vendor_evidence(ConfigFormat::kIosFamily, head);
    std::string reason = fmt::format("indented CLI ({} '!' lines, {} IOS keywords)",
                                     s.bang_comments, s.ios_keywords);
    if (verdict.vendor != Vendor::kUnknown)
      return make(ConfigFormat::kIosFamily, verdict.vendor, verdict.confidence,
                  fmt::format("{}; {}", reason, verdict.reason));
    if (commands)
      return make(ConfigFormat::kIosFamily, Vendor::kUnknown,
                  s.bang_comments + s.ios_keywords >= 3 ? 0.8 : 0.6,
                  fmt::format("{}; vendor unknown: {}", reason, verdict.reason));
  }
  if (s.cli_words > 0 && share(s.cli_words + s.indented) >= 0.8)
    return make(ConfigFormat::kIosFamily, Vendor::kUnknown, 0.5,
                fmt::format("{} of {} lines start with an IOS-family command; no other "
                            "format's markers; vendor unknown",
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
