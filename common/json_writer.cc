#include "common/json_writer.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <optional>
#include <vector>

#include <fmt/format.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "common/json_document.h"

namespace cfgsweep {

namespace {

// RapidJSON's Writer, plus object keys copied as they are: keys come from the code, so the
// escaping scan that every key otherwise goes through (a tenth of a model's cost) is wasted.
class Writer : public rapidjson::Writer<rapidjson::StringBuffer> {
 public:
  using rapidjson::Writer<rapidjson::StringBuffer>::Writer;

  void PlainKey(std::string_view name) {
    assert(std::all_of(name.begin(), name.end(),
                       [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; }));
    Prefix(rapidjson::kStringType);
    char* out = os_->Push(name.size() + 2);
    out[0] = '"';
    std::memcpy(out + 1, name.data(), name.size());
    out[name.size() + 1] = '"';
  }
};

// The writer's events build a rapidjson::Document through its SAX handler, which needs the
// member and element counts at each container's end: `open` keeps them.
struct DocumentTarget {
  rapidjson::Document* document;
  std::vector<rapidjson::SizeType> open{0};  // values pushed in each open container

  template <typename Push>
  void value(Push push) {
    ++open.back();
    push(*document);
  }
  void start(bool object) {
    value([object](rapidjson::Document& d) { object ? d.StartObject() : d.StartArray(); });
    open.push_back(0);
  }
  void end(bool object) {
    rapidjson::SizeType pushed = open.back();
    open.pop_back();
    object ? document->EndObject(pushed / 2) : document->EndArray(pushed);  // keys count too
  }
};

}  // namespace

struct JsonWriter::Impl {
  rapidjson::StringBuffer buffer;
  Writer writer{buffer};
  std::string scratch;
  std::optional<DocumentTarget> dom;  // set: build a document instead of text
};

JsonWriter::JsonWriter() : impl_(std::make_unique<Impl>()) {}
JsonWriter::~JsonWriter() = default;

void JsonWriter::begin_object() {
  if (impl_->dom) return impl_->dom->start(/*object=*/true);
  impl_->writer.StartObject();
}
void JsonWriter::end_object() {
  if (impl_->dom) return impl_->dom->end(/*object=*/true);
  impl_->writer.EndObject();
}
void JsonWriter::begin_array() {
  if (impl_->dom) return impl_->dom->start(/*object=*/false);
  impl_->writer.StartArray();
}
void JsonWriter::end_array() {
  if (impl_->dom) return impl_->dom->end(/*object=*/false);
  impl_->writer.EndArray();
}
void JsonWriter::number(uint64_t value) {
  if (impl_->dom) return impl_->dom->value([&](rapidjson::Document& d) { d.Uint64(value); });
  impl_->writer.Uint64(value);
}
void JsonWriter::number(int64_t value) {
  if (impl_->dom) return impl_->dom->value([&](rapidjson::Document& d) { d.Int64(value); });
  impl_->writer.Int64(value);
}
void JsonWriter::number(double value) {
  if (impl_->dom) return impl_->dom->value([&](rapidjson::Document& d) { d.Double(value); });
  impl_->writer.Double(value);
}
void JsonWriter::boolean(bool value) {
  if (impl_->dom) return impl_->dom->value([&](rapidjson::Document& d) { d.Bool(value); });
  impl_->writer.Bool(value);
}
void JsonWriter::null() {
  if (impl_->dom) return impl_->dom->value([](rapidjson::Document& d) { d.Null(); });
  impl_->writer.Null();
}

void JsonWriter::raw(std::string_view json) {
  impl_->writer.RawValue(json.data(), json.size(), rapidjson::kObjectType);
}

void JsonWriter::key(std::string_view name) {
  auto size = static_cast<rapidjson::SizeType>(name.size());
  if (impl_->dom)
    return impl_->dom->value([&](rapidjson::Document& d) { d.Key(name.data(), size, true); });
  impl_->writer.PlainKey(name);
}

// Whether `text` holds a control character (below 0x20), eight bytes at a time.
static bool has_control_byte(std::string_view text) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighBits = 0x8080808080808080ULL;
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    // A byte below 0x20 borrows in the subtraction and has its high bit clear.
    if (((word - kOnes * 0x20) & ~word) & kHighBits) return true;
  }
  for (; i < text.size(); ++i)
    if (static_cast<unsigned char>(text[i]) < 0x20) return true;
  return false;
}

// `text` as a JSON string, every control character escaped. RapidJSON 1.1.0's SSE2 scan
// lets 0x1A-0x1F through unescaped in strings longer than its 16-byte blocks, which makes a
// result no JSON parser accepts (a description with ANSI colour codes): strings holding a
// control character are escaped here instead.
static std::string escaped_json_string(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  out.push_back('"');
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (byte < 0x20) {
          out += fmt::format("\\u{:04x}", byte);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
  return out;
}

void JsonWriter::string(std::string_view text) {
  if (!sanitize_utf8(text, &impl_->scratch)) text = impl_->scratch;
  auto size = static_cast<rapidjson::SizeType>(text.size());
  if (impl_->dom)
    return impl_->dom->value([&](rapidjson::Document& d) { d.String(text.data(), size, true); });
  if (has_control_byte(text)) {
    std::string escaped = escaped_json_string(text);
    impl_->writer.RawValue(escaped.data(), escaped.size(), rapidjson::kStringType);
    return;
  }
  impl_->writer.String(text.data(), size);
}

void JsonDocument::build(const std::function<void(JsonWriter&)>& write) {
  JsonWriter writer;
  auto generate = [&](rapidjson::Document& document) {
    writer.impl_->dom.emplace(DocumentTarget{&document});
    write(writer);
    return true;
  };
  document_.Populate(generate);
}

std::string_view JsonWriter::view() const {
  return {impl_->buffer.GetString(), impl_->buffer.GetSize()};
}

void JsonWriter::reset() {
  impl_->buffer.Clear();
  impl_->writer.Reset(impl_->buffer);
}

void JsonWriter::next_line() {
  impl_->buffer.Put('\n');
  impl_->writer.Reset(impl_->buffer);
}

// Length of the valid UTF-8 sequence starting at `s[i]`, or 0 if it is invalid.
static std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char lead = byte(i);
  std::size_t length;
  uint32_t min_code;
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0)
    length = 2, min_code = 0x80;
  else if ((lead & 0xF0) == 0xE0)
    length = 3, min_code = 0x800;
  else if ((lead & 0xF8) == 0xF0)
    length = 4, min_code = 0x10000;
  else
    return 0;
  if (i + length > s.size()) return 0;
  uint32_t code = lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(i + k) & 0x3F);
  }
  // Overlong forms, UTF-16 surrogates and values past U+10FFFF are invalid too.
  if (code < min_code || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return length;
}

// Length of the ASCII prefix of `text`, eight bytes at a time: nearly every string a
// config gives is ASCII, and every string of a result passes through here.
static std::size_t ascii_prefix(std::string_view text) {
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    if (word & 0x8080808080808080ULL) break;
  }
  while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80) ++i;
  return i;
}

bool sanitize_utf8(std::string_view text, std::string* out) {
  std::size_t i = ascii_prefix(text);
  if (i == text.size()) return true;
  bool valid = true;
  for (std::size_t k = i; k < text.size();) {
    std::size_t n = utf8_sequence_length(text, k);
    if (n == 0) {
      valid = false;
      break;
    }
    k += n;
  }
  if (valid) return true;
  out->assign(text.substr(0, i));
  while (i < text.size()) {
    std::size_t n = utf8_sequence_length(text, i);
    if (n == 0) {
      out->append("\xEF\xBF\xBD");
      ++i;
    } else {
      out->append(text.substr(i, n));
      i += n;
    }
  }
  return false;
}

}  // namespace cfgsweep
