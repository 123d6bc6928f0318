#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace cfgsweep {

class JsonDocument;

// Writes one JSON value into a string, always valid UTF-8: config text is often Latin-1
// or plain binary, and every invalid byte sequence becomes U+FFFD instead of breaking the
// consumer's JSON parser. A thin wrapper over RapidJSON's Writer (fast, correct escaping).
class JsonWriter {
 public:
  JsonWriter();
  ~JsonWriter();
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  // `name` is printable ASCII without '"' or '\\' (keys come from the code, not the input),
  // so it is written without an escaping scan.
  void key(std::string_view name);
  void string(std::string_view text);
  void number(uint64_t value);
  void number(int64_t value);
  void number(double value);
  void boolean(bool value);
  void null();
  // A value already serialised as JSON (read back from the run store); text only, not for
  // a document.
  void raw(std::string_view json);
  // Shorthands for a key followed by its value.
  void field(std::string_view name, std::string_view text) { key(name), string(text); }
  void field(std::string_view name, uint64_t value) { key(name), number(value); }
  void field(std::string_view name, bool value) { key(name), boolean(value); }

  // The JSON written so far. Call reset() to reuse the buffer for the next value.
  std::string_view view() const;
  void reset();
  // Ends the value just written with '\n' and starts another after it in the same buffer:
  // one result that is several JSON Lines (`cfgsweep query` writes one line per match).
  void next_line();

 private:
  friend class JsonDocument;  // points a writer at a document instead of text
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Copies `text` into `out` with each invalid UTF-8 sequence replaced by U+FFFD.
// Returns true if `text` was valid already (then `out` is untouched).
bool sanitize_utf8(std::string_view text, std::string* out);

}  // namespace cfgsweep
