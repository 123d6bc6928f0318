#include "parse/json_parser.h"

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include "parse/line_index.h"

namespace cfgsweep {

namespace {

// Builds tree nodes from SAX events. Strings are parsed in place in a copy of the input,
// so every key and scalar is a view into that copy and nothing is allocated per value.
class TreeHandler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, TreeHandler> {
 public:
  TreeHandler(ParsedConfig* out, const LineIndex& lines, rapidjson::InsituStringStream& in)
      : out_(out), lines_(lines), in_(in) {}

  bool Null() { return scalar("null"); }
  bool Bool(bool b) { return scalar(b ? "true" : "false"); }
  bool RawNumber(const char* str, rapidjson::SizeType length, bool) {
    return scalar({str, length});
  }
  bool String(const char* str, rapidjson::SizeType length, bool) { return scalar({str, length}); }
  bool Key(const char* str, rapidjson::SizeType length, bool) {
    key_ = {str, length};
    key_offset_ = in_.Tell();
    return true;
  }
  bool StartObject() { return open(false); }
  bool StartArray() { return open(true); }
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool EndArray(rapidjson::SizeType) { return close(); }

  bool too_deep() const { return too_deep_; }

 private:
  struct Open {
    int32_t node;
    bool array;
  };

  int32_t add(std::string_view value) {
    bool in_array = !open_.empty() && open_.back().array;
    std::size_t offset = in_array ? in_.Tell() : key_offset_;
    int32_t parent = open_.empty() ? ConfigTree::kRoot : open_.back().node;
    return out_->tree.add_child(parent, in_array ? std::string_view("-") : key_, value,
                                lines_.line_of(offset), 0);
  }

  bool scalar(std::string_view value) {
    if (open_.empty()) return true;  // a document that is a bare scalar: nothing to tree
    add(value);
    return true;
  }

  bool open(bool array) {
    if (open_.size() >= static_cast<std::size_t>(kMaxNestingDepth)) {
      too_deep_ = true;
      return false;
    }
    int32_t node = open_.empty() ? ConfigTree::kRoot : add({});
    open_.push_back({node, array});
    return true;
  }

  bool close() {
    open_.pop_back();
    return true;
  }

 private:
  ParsedConfig* out_;
  const LineIndex& lines_;
  rapidjson::InsituStringStream& in_;
  std::string_view key_;
  std::size_t key_offset_ = 0;
  std::vector<Open> open_;
  bool too_deep_ = false;
};

}  // namespace

void parse_json(std::string_view content, ParsedConfig* out) {
  // In-situ parsing needs a writable, NUL-terminated copy; the tree's views point into it.
  auto copy = std::shared_ptr<char[]>(new char[content.size() + 1]);
  std::memcpy(copy.get(), content.data(), content.size());
  copy[content.size()] = '\0';
  out->backing = copy;
  LineIndex lines(content);
  out->line_count = lines.line_count();

  rapidjson::InsituStringStream stream(copy.get());
  TreeHandler handler(out, lines, stream);
  rapidjson::Reader reader;
  constexpr unsigned kFlags = rapidjson::kParseInsituFlag | rapidjson::kParseIterativeFlag |
                              rapidjson::kParseNumbersAsStringsFlag;
  rapidjson::ParseResult result = reader.Parse<kFlags>(stream, handler);
  if (handler.too_deep()) {
    out->fatal = ParseIssue{lines.line_of(stream.Tell()), "too_deep",
                            fmt::format("nesting deeper than {} levels", kMaxNestingDepth)};
  } else if (result.IsError()) {
    out->fatal =
        ParseIssue{lines.line_of(result.Offset()), "syntax",
                   fmt::format("JSON: {} (column {})", rapidjson::GetParseError_En(result.Code()),
                               lines.column_of(result.Offset()))};
  }
}

}  // namespace cfgsweep
