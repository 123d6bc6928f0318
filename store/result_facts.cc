#include "store/result_facts.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "common/json_writer.h"

namespace cfgsweep {

namespace {

std::string text_of(const rapidjson::Value& object, const char* key) {
  auto member = object.FindMember(key);
  if (member == object.MemberEnd() || !member->value.IsString()) return {};
  return {member->value.GetString(), member->value.GetStringLength()};
}

std::string as_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return {buffer.GetString(), buffer.GetSize()};
}

}  // namespace

std::optional<ResultFacts> read_result_facts(std::string_view json) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (!doc.IsObject() || !doc.HasMember("status") ||
      (!doc.HasMember("source") && !doc.HasMember("device")))
    return std::nullopt;
  ResultFacts facts;
  facts.source = doc.HasMember("source") ? text_of(doc, "source") : text_of(doc, "device");
  facts.member = text_of(doc, "member");
  facts.device = text_of(doc, "device");
  facts.status = text_of(doc, "status");
  facts.fingerprint = text_of(doc, "fingerprint");
  facts.format = text_of(doc, "format");
  if (auto findings = doc.FindMember("findings");
      findings != doc.MemberEnd() && findings->value.IsArray()) {
    for (const rapidjson::Value& f : findings->value.GetArray()) {
      if (!f.IsObject() || text_of(f, "status") != "fail") continue;
      auto evidence = f.FindMember("evidence");
      facts.failed.push_back({text_of(f, "rule"), text_of(f, "severity"), text_of(f, "message"),
                              evidence != f.MemberEnd() ? as_json(evidence->value) : "[]"});
    }
  }
  if (auto compliance = doc.FindMember("compliance");
      compliance != doc.MemberEnd() && compliance->value.IsObject())
    facts.worst = text_of(compliance->value, "worst");
  return facts;
}

namespace {

// The end of the JSON string starting at `at` (its opening quote): the index after its
// closing quote, or npos.
std::size_t string_end(std::string_view json, std::size_t at) {
  if (at >= json.size() || json[at] != '"') return std::string_view::npos;
  for (std::size_t i = at + 1; i < json.size(); ++i) {
    if (json[i] == '\\') {
      ++i;
    } else if (json[i] == '"') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

std::string quoted(std::string_view text) {
  JsonWriter writer;
  writer.string(text);
  return std::string(writer.view());
}

// The fast path of reissued_result for a line as cfgsweep writes it: `{"source":...,`
// (`"member":...,`) first, no "reused" yet. Empty when the line is not of that shape.
std::string reissued_in_place(std::string_view json, const ResultFacts& now) {
  constexpr std::string_view kSource = "{\"source\":", kMember = "\"member\":";
  if (json.substr(0, kSource.size()) != kSource || json.size() < 2 || json.back() != '}') return {};
  std::size_t at = string_end(json, kSource.size());
  if (at == std::string_view::npos || at >= json.size() || json[at] != ',') return {};
  ++at;
  if (json.substr(at, kMember.size()) == kMember) {
    at = string_end(json, at + kMember.size());
    if (at == std::string_view::npos || at >= json.size() || json[at] != ',') return {};
    ++at;
  }
  std::string_view rest = json.substr(at);
  if (rest.find("\"reused\":") != std::string_view::npos) return {};
  std::string out;
  out.reserve(json.size() + 64);
  out.append(kSource).append(quoted(now.source)).push_back(',');
  if (!now.member.empty()) out.append(kMember).append(quoted(now.member)).push_back(',');
  out.append(rest.substr(0, rest.size() - 1)).append(",\"reused\":true}");
  return out;
}

}  // namespace

std::string reissued_result(std::string_view json, const ResultFacts& now, bool reused) {
  if (reused && now.device.empty())
    if (std::string fast = reissued_in_place(json, now); !fast.empty()) return fast;
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (!doc.IsObject()) return {};
  auto& alloc = doc.GetAllocator();
  auto set = [&](const char* key, const std::string& value) {
    rapidjson::Value text(value.c_str(), static_cast<rapidjson::SizeType>(value.size()), alloc);
    if (auto m = doc.FindMember(key); m != doc.MemberEnd())
      m->value = text;
    else
      doc.AddMember(rapidjson::StringRef(key), text, alloc);
  };
  set("source", now.source);
  if (!now.member.empty())
    set("member", now.member);
  else
    doc.RemoveMember("member");
  if (!now.device.empty()) set("device", now.device);
  if (reused) {
    if (auto m = doc.FindMember("reused"); m != doc.MemberEnd())
      m->value.SetBool(true);
    else
      doc.AddMember("reused", true, alloc);
  }
  return as_json(doc);
}

}  // namespace cfgsweep
