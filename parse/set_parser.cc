#include "parse/set_parser.h"

#include <vector>

#include <fmt/format.h>

#include "parse/line_reader.h"
#include "parse/path_tree_builder.h"
#include "parse/words.h"

namespace cfgsweep {

namespace {

// Splits a command line into words and the items of one `[ ... ]` list.
void split_words(std::string_view line, uint32_t number, std::vector<PathWord>* words,
                 std::vector<PathWord>* list) {
  std::size_t pos = 0;
  bool in_list = false;
  while (pos < line.size()) {
    char c = line[pos];
    if (c == ' ' || c == '\t') {
      ++pos;
      continue;
    }
    if (c == '[' || c == ']') {
      in_list = c == '[';
      ++pos;
      continue;
    }
    std::size_t start = pos;
    std::string_view word;
    if (c == '"' || c == '\'') {
      ++start;
      for (pos = start; pos < line.size() && line[pos] != c; ++pos)
        if (line[pos] == '\\' && c == '"' && pos + 1 < line.size()) ++pos;
      word = line.substr(start, pos - start);
      if (pos < line.size()) ++pos;
    } else {
      pos = find_blank(line, pos);
      word = line.substr(start, pos - start);
    }
    PathWord path_word{word, number, static_cast<uint32_t>(start + 1)};
    (in_list ? list : words)->push_back(path_word);
  }
}

}  // namespace

void parse_set_commands(std::string_view content, ParsedConfig* out) {
  out->tree.reserve(content.size() / 24 + 16);
  PathTreeBuilder builder(&out->tree, content.size() / 24);
  LineReader reader(content);
  std::vector<PathWord> words;
  std::vector<PathWord> list;
  std::string_view line;
  while (reader.next(&line)) {
    std::size_t indent = line.find_first_not_of(" \t");
    if (indent == std::string_view::npos) continue;
    std::string_view text = line.substr(indent);
    if (text.front() == '#' || text.front() == '!') continue;
    // A quoted value that runs over several lines (a PAN-OS login banner) is one command:
    // the lines up to the closing quote join it, newlines kept in the value.
    uint32_t number = reader.number();  // a command joined over lines is at its first
    if (opens_quote(text)) {
      std::string_view next;
      bool closed = false;
      uint32_t first_line = number;
      while (!closed && reader.next(&next)) {
        text = std::string_view(text.data(), next.data() + next.size() - text.data());
        closed = opens_quote(next);
      }
      if (!closed)
        out->issues.push_back({first_line, "unclosed_quote",
                               "a quoted value opened here is not closed before the end"});
    }
    words.clear();
    list.clear();
    split_words(text, number, &words, &list);
    // A line of only a list ("[edit]", "[", "]": CLI banners) has no verb: kept as a line.
    std::string_view verb = words.empty() ? std::string_view() : words.front().text;
    std::span<const PathWord> path;
    if (!words.empty()) path = std::span<const PathWord>(words.begin() + 1, words.end());
    if (verb == "set" && !path.empty()) {
      if (list.empty()) builder.add(ConfigTree::kRoot, path);
      for (const PathWord& item : list) {
        words.push_back(item);
        builder.add(ConfigTree::kRoot, std::span<const PathWord>(words.begin() + 1, words.end()));
        words.pop_back();
      }
      continue;
    }
    if (verb == "delete" && !path.empty()) {
      builder.remove(ConfigTree::kRoot, path);
      continue;
    }
    bool flag_verb =
        verb == "deactivate" || verb == "activate" || verb == "protect" || verb == "unprotect";
    if (flag_verb && !path.empty()) {
      int32_t node = builder.find(ConfigTree::kRoot, path);
      if (node == ConfigTree::kNone) {
        out->issues.push_back(
            {number, "unknown_path", fmt::format("'{}' names a path no 'set' line made", verb)});
        continue;
      }
      uint8_t bit = verb.ends_with("activate") ? ConfigNode::kInactive : ConfigNode::kProtected;
      uint8_t& flags = out->tree.mutable_node(node).flags;
      flags = verb == "deactivate" || verb == "protect" ? flags | bit : flags & ~bit;
      continue;
    }
    out->tree.add_child(ConfigTree::kRoot, text, number, static_cast<uint32_t>(indent + 1));
    out->issues.push_back({number, "not_a_set_command",
                           fmt::format("'{}' is not a set/delete/deactivate command; kept as "
                                       "a top-level line",
                                       verb.empty() ? text : verb)});
  }
  out->line_count = reader.number();
}

}  // namespace cfgsweep
