#include "common/result_record.h"

#include <cerrno>

namespace cfgsweep {

bool is_failure(ResultStatus status) {
  return status != ResultStatus::kOk && status != ResultStatus::kSkipped;
}

static void write_errors(std::string_view name, const std::vector<ResultError>& errors,
                         JsonWriter* json) {
  json->key(name);
  json->begin_array();
  for (const ResultError& error : errors) {
    json->begin_object();
    json->key("line");
    error.line ? json->number(uint64_t{*error.line}) : json->null();
    json->field("code", error.code);
    json->field("message", error.message);
    json->end_object();
  }
  json->end_array();
}

void write_result_json(const ResultRecord& record, JsonWriter* json,
                       const std::function<void(JsonWriter*)>& model_fields) {
  json->begin_object();
  json->field("source", record.source);
  if (!record.member.empty()) json->field("member", record.member);
  json->field("device", record.device);
  json->field("status", enum_name(record.status));
  json->key("format");
  record.format.empty() ? json->null() : json->string(record.format);
  json->key("vendor");
  record.vendor.empty() ? json->null() : json->string(record.vendor);
  if (!record.detection_reason.empty()) {
    json->key("detection");
    json->begin_object();
    json->key("confidence");
    json->number(record.confidence);
    json->field("reason", record.detection_reason);
    json->end_object();
  }
  json->field("bytes", record.bytes);
  if (!record.fingerprint.empty()) json->field("fingerprint", record.fingerprint);
  json->field("lines", record.lines);
  json->key("parse_ms");
  json->number(record.parse_ms);
  json->field("attempts", uint64_t{record.attempts});
  write_errors("errors", record.errors, json);
  write_errors("warnings", record.warnings, json);
  if (model_fields) model_fields(json);
  json->end_object();
}

ResultRecord failed_record(std::string source, std::string member, ResultStatus status,
                           ResultError error) {
  ResultRecord record;
  record.source = std::move(source);
  record.member = std::move(member);
  record.status = status;
  record.errors.push_back(std::move(error));
  return record;
}

std::string errno_code(int err) {
  return err == ENOENT ? "not_found" : err == EACCES ? "permission_denied" : "io_error";
}

std::string archive_member_label(std::string_view archive, std::string_view member) {
  std::string label(archive);
  label.push_back('\0');
  label.append(member);
  return label;
}

void split_label(std::string_view label, std::string* source, std::string* member) {
  auto nul = label.find('\0');
  if (nul == std::string_view::npos) {
    source->assign(label);
    member->clear();
  } else {
    source->assign(label.substr(0, nul));
    member->assign(label.substr(nul + 1));
  }
}

}  // namespace cfgsweep
