#include "parse/fortios_parser.h"

#include <vector>

#include <fmt/format.h>

#include "parse/line_reader.h"

namespace cfgsweep {

void parse_fortios(std::string_view content, ParsedConfig* out) {
  out->tree.reserve(content.size() / 24 + 16);
  LineReader reader(content);
  std::vector<int32_t> open{ConfigTree::kRoot};
  std::vector<bool> open_is_edit{false};
  std::string_view line;
  auto close = [&](bool edit) {
    // "next" closes the innermost edit; "end" closes the innermost config (and an edit
    // left open inside it, as FortiOS itself accepts).
    while (open.size() > 1) {
      bool was_edit = open_is_edit.back();
      open.pop_back();
      open_is_edit.pop_back();
      if (was_edit == edit) return true;
    }
    return false;
  };
  while (reader.next(&line)) {
    std::size_t indent = line.find_first_not_of(" \t");
    if (indent == std::string_view::npos) continue;
    std::string_view text = line.substr(indent);
    if (text.front() == '#') continue;
    if (text == "next" || text == "end") {
      if (!close(text == "next"))
        out->issues.push_back(
            {reader.number(), "unbalanced_block",
             fmt::format("'{}' without an open '{}'", text, text == "next" ? "edit" : "config")});
      continue;
    }
    int32_t node =
        out->tree.add_child(open.back(), text, reader.number(), static_cast<uint32_t>(indent + 1));
    bool opens_config = text.starts_with("config ");
    if (!opens_config && !text.starts_with("edit ")) continue;
    if (static_cast<int>(open.size()) > kMaxNestingDepth) {
      out->fatal = ParseIssue{reader.number(), "too_deep",
                              fmt::format("nesting deeper than {} levels", kMaxNestingDepth)};
      return;
    }
    open.push_back(node);
    open_is_edit.push_back(!opens_config);
  }
  if (open.size() > 1)
    out->issues.push_back(
        {reader.number(), "unclosed_block",
         fmt::format("{} 'config'/'edit' blocks not closed at the end of the file",
                     open.size() - 1)});
  out->line_count = reader.number();
}

}  // namespace cfgsweep
