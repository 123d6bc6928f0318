#pragma once

#include <functional>

#include <rapidjson/document.h>

#include "common/json_writer.h"

namespace cfgsweep {

// A JSON value built in memory by the same JsonWriter calls that would write it as text:
// code that writes a value (the model) can hand it to a reader (the policy's model rules)
// without printing it and parsing it back. Strings are copied into the document.
class JsonDocument {
 public:
  // Replaces the document with what `write` writes (one value).
  void build(const std::function<void(JsonWriter&)>& write);
  const rapidjson::Value& root() const { return document_; }

 private:
  rapidjson::Document document_;
};

}  // namespace cfgsweep
