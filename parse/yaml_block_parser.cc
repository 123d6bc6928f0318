#include "parse/yaml_block_parser.h"

#include <cstring>
#include <string>
#include <vector>

#include "parse/parsed_config.h"

namespace cfgsweep {

namespace {

constexpr std::size_t kNpos = std::string_view::npos;

// libyaml refuses a simple key longer than 1024 characters; leave those to it.
constexpr std::size_t kMaxKeyLength = 1000;

// Bytes the subset leaves to libyaml: control characters (tab and CR included), DEL and
// everything past ASCII, whose columns libyaml counts in characters, not bytes.
bool plain_ascii(std::string_view content) {
  bool other = false;
  for (unsigned char c : content) other |= (c < 0x20 && c != '\n') | (c >= 0x7f);
  return !other;
}

std::string_view trim_right(std::string_view text) {
  std::size_t end = text.find_last_not_of(' ');
  return end == kNpos ? std::string_view{} : text.substr(0, end + 1);
}

std::size_t skip_spaces(std::string_view text, std::size_t at) {
  while (at < text.size() && text[at] == ' ') ++at;
  return at;
}

// "- item" or a lone "-": an entry of a block sequence.
bool is_entry(std::string_view text) {
  return !text.empty() && text[0] == '-' && (text.size() == 1 || text[1] == ' ');
}

bool is_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// Whether a plain scalar may start with this text: YAML's indicators start something else
// ("-1" and "-foo" are plain; "- x", "?", ":" and the rest are not, or not in the subset).
bool plain_start(std::string_view text) {
  if (text.empty()) return false;
  char c = text[0];
  if (c == '-') return text.size() > 1 && is_alnum(text[1]);
  return std::strchr("?:,[]{}#&*!|>'\"%@`", c) == nullptr;
}

// Where the rest of a line after a scalar may go: nowhere, or into a comment after a space.
bool only_comment_left(std::string_view text, std::size_t at) {
  std::size_t next = skip_spaces(text, at);
  return next == text.size() || (text[next] == '#' && next > at);
}

// A quoted scalar that starts text[0]: its inside, and where the text goes on after the
// closing quote; npos when it has escapes or does not close on this line.
struct Quoted {
  std::string_view inside;
  std::size_t after = kNpos;
};

Quoted read_quoted(std::string_view text) {
  char quote = text[0];
  std::size_t close = text.find(quote, 1);
  if (close == kNpos) return {};
  std::string_view inside = text.substr(1, close - 1);
  if (quote == '\'' && close + 1 < text.size() && text[close + 1] == '\'') return {};  // ''
  if (quote == '"' && inside.find('\\') != kNpos) return {};
  return {inside, close + 1};
}

// What a line (or the rest of a "- " item) says about keys.
struct KeySplit {
  enum Kind { kKey, kNotKey, kOutside } kind = kOutside;
  std::string_view key;
  std::size_t value_at = 0;  // where the value starts, after ": " and spaces
};

KeySplit split_key(std::string_view text) {
  std::size_t colon = kNpos;
  std::string_view key;
  if (text[0] == '[' || text[0] == '{') return {KeySplit::kNotKey, {}, 0};  // "[a]: b" too
  if (text[0] == '\'' || text[0] == '"') {
    Quoted quoted = read_quoted(text);
    if (quoted.after == kNpos) return {};
    std::size_t next = skip_spaces(text, quoted.after);
    if (next < text.size() && text[next] == ':') {
      colon = next;
      key = quoted.inside;
    } else {
      return only_comment_left(text, quoted.after) ? KeySplit{KeySplit::kNotKey, {}, 0}
                                                   : KeySplit{};
    }
  } else {
    if (!plain_start(text)) return {};
    for (std::size_t i = 1; i < text.size(); ++i) {
      if (text[i] == ':' && (i + 1 == text.size() || text[i + 1] == ' ')) {
        colon = i;
        break;
      }
      if (text[i] == '#' && text[i - 1] == ' ') break;
    }
    if (colon == kNpos) return {KeySplit::kNotKey, {}, 0};
    key = trim_right(text.substr(0, colon));
  }
  if (colon + 1 < text.size() && text[colon + 1] != ' ') return {};
  if (colon > kMaxKeyLength) return {};
  return {KeySplit::kKey, key, skip_spaces(text, colon + 1)};
}

// A plain scalar that runs to the end of the line or to a comment; empty when it is not
// one the subset reads (it would go on with "key: value: more", or it starts an indicator).
std::string_view read_plain(std::string_view text) {
  if (!plain_start(text)) return {};
  std::size_t end = text.size();
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (text[i] == '#' && text[i - 1] == ' ') {
      end = i;
      break;
    }
    if (text[i] == ':' && (i + 1 == text.size() || text[i + 1] == ' ')) return {};
  }
  return trim_right(text.substr(0, end));
}

class BlockYamlReader {
 public:
  BlockYamlReader(std::string_view content, ConfigTree* tree) : content_(content), tree_(tree) {}

  bool run() {
    if (!plain_ascii(content_)) return false;
    uint32_t line = 0;
    std::size_t at = 0;
    while (at < content_.size()) {
      const char* newline =
          static_cast<const char*>(std::memchr(content_.data() + at, '\n', content_.size() - at));
      std::size_t end =
          newline ? static_cast<std::size_t>(newline - content_.data()) : content_.size();
      std::string_view text = content_.substr(at, end - at);
      ++line;
      at = end + 1;
      if (block_.node != ConfigTree::kNone) {
        BlockLine taken = block_scalar_line(text, newline != nullptr);
        if (taken == BlockLine::kOutside) return false;
        if (taken == BlockLine::kTaken) continue;
      }
      if (!read_line(text, line)) return false;
    }
    return block_.node == ConfigTree::kNone || finish_block_scalar();
  }

 private:
  // An open block collection: its node and the column its entries start at.
  struct Level {
    int32_t node;
    std::size_t indent;
    bool mapping;
    bool indentless = false;  // a sequence at its key's own column ("key:\n- a")
  };

  bool read_line(std::string_view text, uint32_t line) {
    std::size_t indent = text.find_first_not_of(' ');
    if (indent == kNpos || text[indent] == '#') return true;  // blank or comment
    std::string_view rest = text.substr(indent);
    if (indent == 0 && (rest.starts_with("---") || rest.starts_with("...") || rest[0] == '%')) {
      if (seen_content_ || trim_right(rest) != "---") return false;  // one leading "---" only
      seen_content_ = true;
      return true;
    }
    seen_content_ = true;
    if (pending_ != ConfigTree::kNone) return after_pending_key(rest, indent, line);
    if (open_.empty()) {
      if (root_read_) return false;  // a second root: libyaml says why
      root_read_ = true;
      return open_collection(ConfigTree::kRoot, rest, indent, line);
    }
    return entry_of_open_level(rest, indent, line);
  }

  // The line after "key:" with nothing behind it: the key's collection, or its neighbour.
  bool after_pending_key(std::string_view rest, std::size_t indent, uint32_t line) {
    int32_t key = pending_;
    pending_ = ConfigTree::kNone;
    if (indent > pending_indent_) return open_collection(key, rest, indent, line);
    if (indent == pending_indent_ && is_entry(rest)) {
      if (!deeper_allowed()) return false;
      open_.push_back(Level{key, indent, false, true});
      return sequence_entry(rest, indent, line);
    }
    return entry_of_open_level(rest, indent, line);  // the key's value stays empty
  }

  // An entry of the open collection whose entries start at `indent`; those deeper end here.
  bool entry_of_open_level(std::string_view rest, std::size_t indent, uint32_t line) {
    while (!open_.empty() &&
           (open_.back().indent > indent ||
            (open_.back().indentless && open_.back().indent == indent && !is_entry(rest))))
      open_.pop_back();
    if (open_.empty() || open_.back().indent != indent) return false;
    return open_.back().mapping ? mapping_entry(rest, indent, line)
                                : sequence_entry(rest, indent, line);
  }

  bool open_collection(int32_t node, std::string_view rest, std::size_t indent, uint32_t line) {
    if (!deeper_allowed()) return false;
    bool sequence = is_entry(rest);
    open_.push_back(Level{node, indent, !sequence});
    return sequence ? sequence_entry(rest, indent, line) : mapping_entry(rest, indent, line);
  }

  bool mapping_entry(std::string_view rest, std::size_t indent, uint32_t line) {
    KeySplit split = split_key(rest);
    if (split.kind != KeySplit::kKey) return false;
    uint32_t column = static_cast<uint32_t>(indent + 1);
    std::string_view value = rest.substr(split.value_at);
    if (value.empty() || value[0] == '#') {  // the value, if any, is on the lines below
      pending_ = tree_->add_child(open_.back().node, split.key, {}, line, column);
      pending_indent_ = indent;
      return true;
    }
    return add_value(split.key, column, value, indent + split.value_at, line);
  }

  bool sequence_entry(std::string_view rest, std::size_t indent, uint32_t line) {
    if (!is_entry(rest)) return false;
    std::size_t at = skip_spaces(rest, 1);
    if (at == rest.size() || rest[at] == '#') return false;  // an empty or nested item
    std::string_view item = rest.substr(at);
    std::size_t column = indent + at;
    if (is_entry(item)) return false;  // "- - x"
    KeySplit split = split_key(item);
    if (split.kind == KeySplit::kOutside) return false;
    if (split.kind == KeySplit::kKey) {  // "- key: value" opens a mapping at the key
      if (!deeper_allowed()) return false;
      int32_t node =
          tree_->add_child(open_.back().node, "-", {}, line, static_cast<uint32_t>(column + 1));
      open_.push_back(Level{node, column, true});
      return mapping_entry(item, column, line);
    }
    return add_value("-", static_cast<uint32_t>(column + 1), item, column, line);
  }

  // The node `text` of the innermost collection, with the scalar or flow sequence that
  // starts `value` (at 0-based `value_column`). `column` is the node's own column.
  bool add_value(std::string_view text, uint32_t column, std::string_view value,
                 std::size_t value_column, uint32_t line) {
    int32_t parent = open_.back().node;
    if (value[0] == '[') {
      if (text == "-") column = static_cast<uint32_t>(value_column + 1);
      if (!deeper_allowed()) return false;
      return flow_sequence(tree_->add_child(parent, text, {}, line, column), value, value_column,
                           line);
    }
    if (value[0] == '{') {  // only "{}", the empty mapping NVUE writes everywhere
      std::size_t close = skip_spaces(value, 1);
      if (close == value.size() || value[close] != '}' || !only_comment_left(value, close + 1))
        return false;
      if (text == "-") column = static_cast<uint32_t>(value_column + 1);
      tree_->add_child(parent, text, {}, line, column);
      return true;
    }
    if (value[0] == '|') {
      if (text == "-") column = static_cast<uint32_t>(value_column + 1);
      return start_block_scalar(tree_->add_child(parent, text, {}, line, column), value);
    }
    std::string_view scalar;
    if (value[0] == '\'' || value[0] == '"') {
      Quoted quoted = read_quoted(value);
      if (quoted.after == kNpos || !only_comment_left(value, quoted.after)) return false;
      scalar = quoted.inside;
    } else {
      scalar = read_plain(value);
      if (scalar.empty()) return false;
    }
    tree_->add_child(parent, text, scalar, line, column);
    return true;
  }

  // "[a, 'b', c]" on one line: a "-" node per item.
  bool flow_sequence(int32_t node, std::string_view text, std::size_t text_column, uint32_t line) {
    std::size_t at = skip_spaces(text, 1);
    if (at < text.size() && text[at] == ']') return only_comment_left(text, at + 1);
    while (at < text.size()) {
      std::size_t start = at;
      std::string_view item;
      if (text[at] == '\'' || text[at] == '"') {
        Quoted quoted = read_quoted(text.substr(at));
        if (quoted.after == kNpos) return false;
        item = quoted.inside;
        at += quoted.after;
      } else {
        if (!plain_start(text.substr(at))) return false;
        while (at < text.size() && text[at] != ',' && text[at] != ']') {
          char c = text[at];
          if (c == '[' || c == '{' || c == '}' || c == '#' || c == '\'' || c == '"') return false;
          // libyaml rejects ':' before one of ",?[]{}" in a flow collection ("[a:?]") and
          // reads ": " as a value indicator: both are left to it.
          if (c == ':' && (at + 1 == text.size() || std::strchr(" ,?[]{}", text[at + 1])))
            return false;
          ++at;
        }
        item = trim_right(text.substr(start, at - start));
      }
      tree_->add_child(node, "-", item, line, static_cast<uint32_t>(text_column + start + 1));
      at = skip_spaces(text, at);
      if (at == text.size()) return false;  // goes on below: left to libyaml
      if (text[at] == ']') return only_comment_left(text, at + 1);
      if (text[at] != ',') return false;
      at = skip_spaces(text, at + 1);
      if (at < text.size() && text[at] == ']') return false;  // a trailing comma
    }
    return false;
  }

  // "|" or "|-" (a literal block scalar, banners): its lines follow, more indented.
  bool start_block_scalar(int32_t node, std::string_view header) {
    bool strip = header.size() > 1 && header[1] == '-';
    if (!only_comment_left(header, strip ? 2 : 1)) return false;  // "|+", "|2", "|x"
    block_ = BlockScalar{};
    block_.node = node;
    block_.min_indent = open_.back().indent + 1;
    block_.strip = strip;
    return true;
  }

  enum class BlockLine { kTaken, kEnded, kOutside };

  // A line after "|": part of the scalar, or the first line after it.
  BlockLine block_scalar_line(std::string_view text, bool ends_with_newline) {
    std::size_t spaces = text.find_first_not_of(' ');
    if (spaces == kNpos) {
      if (!block_.has_content) return BlockLine::kOutside;  // leading blank lines
      if (text.size() <= block_.indent) {
        ++block_.breaks;
        return BlockLine::kTaken;
      }
      spaces = block_.indent;  // the spaces past the indentation are the line's text
    }
    if (!block_.has_content) {
      if (spaces < block_.min_indent) return BlockLine::kOutside;  // an empty scalar
      block_.indent = spaces;
    } else if (spaces < block_.indent) {
      return finish_block_scalar() ? BlockLine::kEnded : BlockLine::kOutside;
    }
    if (block_.has_content) block_.text.append(block_.breaks + 1, '\n');
    block_.breaks = 0;
    block_.text += text.substr(block_.indent);
    block_.has_content = true;
    block_.last_line_ended = ends_with_newline;
    return BlockLine::kTaken;
  }

  // Clipped, as libyaml does: one final line break (none at the very end of a file without
  // one), or none with "|-".
  bool finish_block_scalar() {
    if (!block_.has_content) return false;
    if (!block_.strip && block_.last_line_ended) block_.text += '\n';
    tree_->mutable_node(block_.node).value = tree_->own(std::move(block_.text));
    block_.node = ConfigTree::kNone;
    return true;
  }

  bool deeper_allowed() const { return static_cast<int>(open_.size()) < kMaxNestingDepth - 2; }

  std::string_view content_;
  ConfigTree* tree_;
  std::vector<Level> open_;
  int32_t pending_ = ConfigTree::kNone;  // "key:" whose value is on the lines below, if any
  std::size_t pending_indent_ = 0;
  struct BlockScalar {
    int32_t node = ConfigTree::kNone;
    std::size_t min_indent = 0;
    std::size_t indent = 0;
    bool strip = false;
    bool has_content = false;
    bool last_line_ended = false;
    std::size_t breaks = 0;  // empty lines since the last line of text
    std::string text;
  } block_;
  bool seen_content_ = false;
  bool root_read_ = false;
};

}  // namespace

bool parse_block_yaml(std::string_view content, ConfigTree* tree) {
  return BlockYamlReader(content, tree).run();
}

}  // namespace cfgsweep
