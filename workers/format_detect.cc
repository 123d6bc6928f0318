#include "workers/format_detect.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace cfgsweep {

namespace {

constexpr std::size_t kSniffBytes = 64 * 1024;

struct LineStats {
  int lines = 0;          // non-blank lines
  int bang_comments = 0;  // lines starting with '!'
  int indented = 0;       // lines starting with a space
  int brace_open = 0;     // lines ending in '{'
  int semicolon = 0;      // lines ending in ';'
  int set_lines = 0;      // lines starting with "set "
  int yaml_keys = 0;      // lines like "key:" or "key: value" or "- item"
  int fortios = 0;        // "config ", "edit ", "next", "end"
  int ios_keywords = 0;   // "interface ", "hostname ", "router ", "ip ", "version "
};

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

LineStats scan_lines(std::string_view text) {
  LineStats stats;
  while (!text.empty()) {
    auto end = text.find('\n');
    std::string_view raw = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    std::string_view line = trim(raw);
    if (line.empty()) continue;
    ++stats.lines;
    if (line.front() == '!') ++stats.bang_comments;
    if (raw.front() == ' ') ++stats.indented;
    if (line.back() == '{') ++stats.brace_open;
    if (line.back() == ';') ++stats.semicolon;
    if (starts_with(line, "set ")) ++stats.set_lines;
    if (starts_with(line, "config ") || starts_with(line, "edit ") || line == "next" ||
        line == "end")
      ++stats.fortios;
    if (starts_with(raw, "interface ") || starts_with(raw, "hostname ") ||
        starts_with(raw, "router ") || starts_with(raw, "ip ") || starts_with(raw, "version ") ||
        starts_with(raw, "vlan ") || starts_with(raw, "line "))
      ++stats.ios_keywords;
    if (line.front() == '!' || line.front() == '#') continue;  // comments: not YAML keys
    auto colon = line.find(':');
    if (starts_with(line, "- ") ||
        (colon != std::string_view::npos && (colon + 1 == line.size() || line[colon + 1] == ' ') &&
         line.find(' ') > colon))
      ++stats.yaml_keys;
  }
  return stats;
}

struct VendorMarker {
  std::string_view needle;
  std::string_view vendor;
};

// Markers that only one member of the IOS family writes, strongest first.
constexpr std::array kVendorMarkers{
    VendorMarker{"!! IOS XR Configuration", "cisco_iosxr"},
    VendorMarker{"!Command: show running-config", "cisco_nxos"},
    VendorMarker{"\nfeature ", "cisco_nxos"},
    VendorMarker{"ASA Version ", "cisco_asa"},
    VendorMarker{"! device: ", "arista_eos"},
    VendorMarker{"\ntransceiver qsfp default-mode", "arista_eos"},
    VendorMarker{"\nservice routing protocols model", "arista_eos"},
    VendorMarker{"\nmanagement api http-commands", "arista_eos"},
    VendorMarker{"\ndaemon TerminAttr", "arista_eos"},
    VendorMarker{"\nplatform ", "cisco_iosxe"},
    VendorMarker{"\nversion 16.", "cisco_iosxe"},
    VendorMarker{"\nversion 17.", "cisco_iosxe"},
};

Detection make(ConfigFormat format, std::string_view name, std::string_view vendor,
               double confidence, std::string reason) {
  return {format, name, vendor, confidence, std::move(reason)};
}

Detection detect_ios_vendor(std::string_view head, const LineStats& stats) {
  for (const VendorMarker& marker : kVendorMarkers) {
    // A marker "\nX" means X at the start of a line, the first line included.
    bool at_line_start = marker.needle.front() == '\n';
    if (head.find(marker.needle) != std::string_view::npos ||
        (at_line_start && starts_with(head, marker.needle.substr(1)))) {
      std::string_view shown = trim(marker.needle);
      return make(ConfigFormat::kIosFamily, "ios", marker.vendor, 0.95,
                  fmt::format("indented CLI; marker '{}'", shown));
    }
  }
  double confidence = stats.bang_comments + stats.ios_keywords >= 3 ? 0.8 : 0.6;
  return make(ConfigFormat::kIosFamily, "ios", "cisco_ios", confidence,
              fmt::format("indented CLI ({} '!' lines, {} IOS keywords); no vendor marker",
                          stats.bang_comments, stats.ios_keywords));
}

}  // namespace

Detection detect_format(std::string_view content) {
  std::string_view head = content.substr(0, kSniffBytes);
  if (starts_with(head, "\xEF\xBB\xBF")) head.remove_prefix(3);
  auto first = head.find_first_not_of(" \t\r\n");
  std::string_view start = first == std::string_view::npos ? "" : head.substr(first);
  if (starts_with(start, "<?xml") || starts_with(start, "<rpc-reply") ||
      starts_with(start, "<configuration") || starts_with(start, "<config"))
    return make(ConfigFormat::kXml, "xml", "", 0.9, "starts with an XML element");
  if (starts_with(start, "{") || starts_with(start, "["))
    return make(ConfigFormat::kJson, "json", "", 0.7, "starts with '{' or '['");

  LineStats s = scan_lines(head);
  if (s.lines == 0) return make(ConfigFormat::kUnknown, "unknown", "", 0, "no text lines");
  auto share = [&](int n) { return static_cast<double>(n) / s.lines; };

  if (share(s.set_lines) > 0.6)
    return make(ConfigFormat::kSetCommands, "set", "", share(s.set_lines),
                fmt::format("{} of {} lines are 'set' commands", s.set_lines, s.lines));
  if (s.fortios >= 3 && s.set_lines > 0 && starts_with(start, "config "))
    return make(ConfigFormat::kFortios, "fortios", "fortinet", 0.9, "config/edit/next/end blocks");
  if (share(s.brace_open + s.semicolon) > 0.5 && s.brace_open > 0)
    return make(
        ConfigFormat::kJunosBraces, "junos", "juniper_junos", share(s.brace_open + s.semicolon),
        fmt::format("{} of {} lines end in '{{' or ';'", s.brace_open + s.semicolon, s.lines));
  if (s.bang_comments + s.ios_keywords > 0 && share(s.yaml_keys) < 0.5)
    return detect_ios_vendor(head, s);
  if (starts_with(start, "---") || share(s.yaml_keys) > 0.6)
    return make(ConfigFormat::kYaml, "yaml", "", share(s.yaml_keys),
                fmt::format("{} of {} lines are YAML keys or items", s.yaml_keys, s.lines));
  if (share(s.indented) > 0.2)
    return make(ConfigFormat::kIosFamily, "ios", "cisco_ios", 0.4,
                "indented text without IOS keywords");
  return make(ConfigFormat::kUnknown, "unknown", "", 0, "no format's markers found");
}

Detection detection_from_name(std::string_view name) {
  struct Named {
    std::string_view name;
    std::string_view vendor;
  };
  static constexpr std::array kIosFamily{
      Named{"ios", "cisco_ios"},     Named{"iosxe", "cisco_iosxe"}, Named{"nxos", "cisco_nxos"},
      Named{"iosxr", "cisco_iosxr"}, Named{"asa", "cisco_asa"},     Named{"eos", "arista_eos"},
  };
  for (const Named& n : kIosFamily)
    if (n.name == name)
      return make(ConfigFormat::kIosFamily, "ios", n.vendor, 1.0, fmt::format("--format {}", name));
  return {};
}

}  // namespace cfgsweep
