#include "parse/brace_parser.h"

#include <array>
#include <vector>

#include <fmt/format.h>

#include "parse/path_tree_builder.h"
#include "parse/words.h"

namespace cfgsweep {

namespace {

// The bytes that end a word, as a table: the word loop runs once per input byte.
constexpr auto kWordEnd = [] {
  std::array<bool, 256> table{};
  for (unsigned char c : std::string_view(" \t\r\n{};[]")) table[c] = true;
  return table;
}();

bool is_word_end(char c) { return kWordEnd[static_cast<unsigned char>(c)]; }

class BraceParser {
 public:
  BraceParser(std::string_view content, ParsedConfig* out)
      : text_(content), out_(out), builder_(&out->tree, content.size() / 32) {
    out_->tree.reserve(content.size() / 32 + 16);
    open_.push_back(ConfigTree::kRoot);
  }

  void run() {
    while (pos_ < text_.size() && !out_->fatal) step();
    end_statement();
    if (open_.size() > 1)
      out_->issues.push_back(
          {line_, "unclosed_brace",
           fmt::format("{} '{{' not closed at the end of the file", open_.size() - 1)});
    out_->line_count = line_ - (!text_.empty() && text_.back() == '\n' ? 1 : 0);
  }

 private:
  void step() {
    char c = text_[pos_];
    switch (c) {
      case '\n':
        if (!in_list_) end_statement();
        ++line_;
        line_start_ = ++pos_;
        return;
      case ' ':
      case '\t':
      case '\r':
        pos_ = skip_blanks(text_, pos_ + 1);
        return;
      case ';':
        ++pos_;
        end_statement();
        return;
      case '{':
        ++pos_;
        open_block();
        return;
      case '}':
        ++pos_;
        close_block();
        return;
      case '[':
        ++pos_;
        in_list_ = true;
        return;
      case ']':
        ++pos_;
        in_list_ = false;
        return;
      case '#':
        if (words_.empty() && !in_list_) return skip_to_line_end();
        break;
      case '/':
        if (text_.substr(pos_, 2) == "/*") return skip_annotation();
        break;
      case '"':
        return read_quoted();
    }
    read_word();
  }

  void skip_to_line_end() {
    auto end = text_.find('\n', pos_);
    pos_ = end == std::string_view::npos ? text_.size() : end;
  }

  void skip_annotation() {
    auto end = text_.find("*/", pos_ + 2);
    std::size_t stop = end == std::string_view::npos ? text_.size() : end + 2;
    for (std::size_t i = pos_; i < stop; ++i)
      if (text_[i] == '\n') {
        ++line_;
        line_start_ = i + 1;
      }
    pos_ = stop;
  }

  void read_quoted() {
    std::size_t start = ++pos_;
    uint32_t line = line_;
    uint32_t column = static_cast<uint32_t>(start - line_start_);
    while (pos_ < text_.size() && text_[pos_] != '"') {
      if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) ++pos_;
      if (text_[pos_] == '\n') {
        ++line_;
        line_start_ = pos_ + 1;
      }
      ++pos_;
    }
    push_word({text_.substr(start, pos_ - start), line, column});
    if (pos_ < text_.size()) ++pos_;  // the closing quote
  }

  void read_word() {
    std::size_t start = pos_;
    while (pos_ < text_.size() && !is_word_end(text_[pos_])) ++pos_;
    std::string_view word = text_.substr(start, pos_ - start);
    auto column = static_cast<uint32_t>(start - line_start_ + 1);
    if (words_.empty() && !in_list_ && (word == "inactive:" || word == "protect:")) {
      pending_flags_ |= word == "inactive:" ? ConfigNode::kInactive : ConfigNode::kProtected;
      return;
    }
    push_word({word, line_, column});
  }

  void push_word(PathWord word) {
    if (in_list_) {
      list_.push_back(word);
    } else {
      words_.push_back(word);
    }
  }

  void end_statement() {
    if (words_.empty() && list_.empty()) return;
    if (list_.empty()) {
      flag(builder_.add(open_.back(), words_));
    } else {
      for (const PathWord& item : list_) {
        words_.push_back(item);
        flag(builder_.add(open_.back(), words_));
        words_.pop_back();
      }
    }
    words_.clear();
    list_.clear();
    in_list_ = false;
  }

  void open_block() {
    int32_t node = builder_.add(open_.back(), words_);
    flag(node);
    words_.clear();
    if (static_cast<int>(open_.size()) > kMaxNestingDepth) {
      out_->fatal = ParseIssue{line_, "too_deep",
                               fmt::format("nesting deeper than {} levels", kMaxNestingDepth)};
      return;
    }
    open_.push_back(node);
  }

  void close_block() {
    end_statement();
    if (open_.size() == 1) {
      out_->issues.push_back({line_, "unbalanced_brace", "'}' without a matching '{'"});
      return;
    }
    open_.pop_back();
  }

  void flag(int32_t node) {
    if (pending_flags_ != 0 && node != ConfigTree::kRoot)
      out_->tree.mutable_node(node).flags |= pending_flags_;
    pending_flags_ = 0;
  }

  std::string_view text_;
  ParsedConfig* out_;
  PathTreeBuilder builder_;
  std::size_t pos_ = 0;
  std::size_t line_start_ = 0;
  uint32_t line_ = 1;
  bool in_list_ = false;
  uint8_t pending_flags_ = 0;
  std::vector<PathWord> words_;
  std::vector<PathWord> list_;
  std::vector<int32_t> open_;  // the block nodes, innermost last
};

}  // namespace

void parse_braces(std::string_view content, ParsedConfig* out) { BraceParser(content, out).run(); }

}  // namespace cfgsweep
