#include "parse/ios_parser.h"

#include <cctype>
#include <cstring>
#include <utility>

#include <fmt/format.h>

#include "parse/line_reader.h"

namespace cfgsweep {

namespace {

// Banners longer than this are taken as unterminated: bounds the look-ahead, so a file of
// many unterminated banners stays linear.
constexpr std::size_t kMaxBannerBytes = 1 << 20;

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && std::memcmp(s.data(), prefix.data(), prefix.size()) == 0;
}

// "r1#show running-config", "RP/0/RSP0/CPU0:pe1#", "sw1>": the prompt lines around a
// captured `show running-config`.
bool is_prompt(std::string_view line) {
  std::size_t mark = line.find_first_of("#>");
  if (mark == 0 || mark == std::string_view::npos) return false;
  for (char c : line.substr(0, mark))
    if (!(std::isalnum(static_cast<unsigned char>(c)) || std::strchr("_.:/()-", c))) return false;
  std::string_view rest = line.substr(mark + 1);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  return rest.empty() || rest.starts_with("show ") || rest.starts_with("sh ") ||
         rest.starts_with("terminal ");
}

constexpr std::string_view kXrHeader = "!! IOS XR Configuration ";

std::string_view first_word(std::string_view text) { return text.substr(0, text.find(' ')); }

bool is_preamble(std::string_view line) {
  return line == "end" || starts_with(line, "Building configuration") ||
         starts_with(line, "Current configuration");
}

// For "banner <kind> <delimiter>text...", the delimiter and the text after it on the first
// line. An empty delimiter means EOS style: the body ends at a line "EOF".
struct BannerStart {
  std::string_view delimiter;
  std::string_view first_line_rest;
};

bool parse_banner_start(std::string_view line, BannerStart* banner) {
  if (!starts_with(line, "banner ")) return false;
  std::string_view rest = line.substr(7);
  auto space = rest.find(' ');
  if (space == std::string_view::npos) {
    banner->delimiter = {};
    banner->first_line_rest = {};
    return !rest.empty();
  }
  rest = rest.substr(space + 1);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  if (rest.empty()) return false;
  // ASA writes each banner line as a command of its own ("banner motd Authorized use
  // only"): a banner whose first character is a letter or a digit is that one-line form,
  // never a delimiter (IOS prints ^C; people type '#', '%', '$').
  if (std::isalnum(static_cast<unsigned char>(rest.front())) && !starts_with(rest, "^C"))
    return false;
  std::size_t delimiter_length = starts_with(rest, "^C") ? 2 : 1;
  banner->delimiter = rest.substr(0, delimiter_length);
  banner->first_line_rest = rest.substr(delimiter_length);
  return true;
}

}  // namespace

class IosParser {
 public:
  IosParser(std::string_view content, ParsedConfig* out, bool one_line_banners)
      : reader_(content), out_(out), one_line_banners_(one_line_banners) {
    out_->tree.reserve(content.size() / 24 + 16);
  }

  void run() {
    std::string_view line;
    while (reader_.next(&line)) {
      std::size_t indent = line.find_first_not_of(" \t");
      if (indent == std::string_view::npos) continue;
      std::string_view text = line.substr(indent);
      // ASA writes its comments after ':' (": Saved", ": end").
      bool asa_comment = indent == 0 && text.front() == ':' && (text.size() == 1 || text[1] == ' ');
      if (text.front() == '!' || text.front() == '#' || asa_comment) {
        if (indent == 0) open_.clear();  // a top-level '!' closes every section
        if (starts_with(text, kXrHeader) && out_->header_version.empty())
          out_->header_version = std::string(first_word(text.substr(kXrHeader.size())));
        continue;
      }
      if (indent == 0 && (is_preamble(text) || is_prompt(text))) continue;
      int32_t node = add_line(indent, text);
      BannerStart banner;
      if (indent == 0 && !one_line_banners_ && parse_banner_start(text, &banner))
        read_banner(node, banner);
      if (indent == 0 && text.starts_with("macro name ")) read_macro(node);
    }
    out_->line_count = reader_.number();
  }

 private:
  int32_t add_line(std::size_t indent, std::string_view text) {
    while (!open_.empty() && open_.back().first >= indent) open_.pop_back();
    int32_t parent = open_.empty() ? ConfigTree::kRoot : open_.back().second;
    int32_t node =
        out_->tree.add_child(parent, text, reader_.number(), static_cast<uint32_t>(indent + 1));
    open_.emplace_back(indent, node);
    return node;
  }

  void read_banner(int32_t banner_node, const BannerStart& banner) {
    if (!banner.delimiter.empty() &&
        banner.first_line_rest.find(banner.delimiter) != std::string_view::npos)
      return;  // opened and closed on one line
    // ASA writes an empty banner line as a bare "banner motd", the next line another
    // "banner motd ...": one line of the banner each, not an EOS banner awaiting "EOF".
    if (banner.delimiter.empty() && reader_.rest().starts_with("banner ")) return;
    std::string_view closing = banner.delimiter.empty() ? "EOF" : banner.delimiter;
    if (!closes_within_limit(closing, banner.delimiter.empty())) {
      out_->issues.push_back({reader_.number(), "unterminated_banner",
                              fmt::format("banner has no closing '{}'; its lines are read "
                                          "as commands",
                                          closing)});
      return;
    }
    std::string_view line;
    while (reader_.next(&line)) {
      bool last = banner.delimiter.empty() ? line == "EOF"
                                           : line.find(banner.delimiter) != std::string_view::npos;
      if (!(last && banner.delimiter.empty()))
        out_->tree.add_child(banner_node, line, reader_.number(), 1);
      if (last) break;
    }
    open_.clear();
  }

  // IOS "macro name X": unindented body lines up to a line "@".
  void read_macro(int32_t macro_node) {
    std::string_view ahead = reader_.rest().substr(0, kMaxBannerBytes);
    if (ahead.find("\n@") == std::string_view::npos && !ahead.starts_with("@")) return;
    std::string_view line;
    while (reader_.next(&line) && line != "@")
      out_->tree.add_child(macro_node, line, reader_.number(), 1);
    open_.clear();
  }

  bool closes_within_limit(std::string_view closing, bool whole_line) const {
    std::string_view ahead = reader_.rest().substr(0, kMaxBannerBytes);
    if (!whole_line) return ahead.find(closing) != std::string_view::npos;
    for (std::size_t at = ahead.find("EOF"); at != std::string_view::npos;
         at = ahead.find("EOF", at + 1)) {
      bool line_start = at == 0 || ahead[at - 1] == '\n';
      std::string_view after = ahead.substr(at + 3);
      bool line_end = after.empty() || after.front() == '\n' || after.front() == '\r';
      if (line_start && line_end) return true;
    }
    return false;
  }

  LineReader reader_;
  ParsedConfig* out_;
  bool one_line_banners_;
  std::vector<std::pair<std::size_t, int32_t>> open_;  // (indent, node) of open sections
};

void parse_ios(std::string_view content, ParsedConfig* out, bool one_line_banners) {
  IosParser(content, out, one_line_banners).run();
}

}  // namespace cfgsweep
