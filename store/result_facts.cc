#include "store/result_facts.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

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
  if (!doc.IsObject() || !doc.HasMember("source") || !doc.HasMember("status")) return std::nullopt;
  ResultFacts facts;
  facts.source = text_of(doc, "source");
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

std::string reissued_result(std::string_view json, const ResultFacts& now, bool reused) {
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
  if (!now.member.empty() || doc.HasMember("member")) set("member", now.member);
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
