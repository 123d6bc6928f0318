#include "workers/job_processor.h"

#include <algorithm>
#include <chrono>
#include <cstring>

#include <fmt/format.h>

#include "common/clock.h"
#include "workers/config_parser.h"
#include "workers/fault_markers.h"
#include "workers/ios_model.h"

namespace cfgsweep {

namespace {

uint32_t line_of_offset(std::string_view bytes, std::size_t offset) {
  return static_cast<uint32_t>(std::count(bytes.begin(), bytes.begin() + offset, '\n') + 1);
}

uint64_t count_lines(std::string_view bytes) {
  uint64_t newlines = static_cast<uint64_t>(std::count(bytes.begin(), bytes.end(), '\n'));
  return newlines + (!bytes.empty() && bytes.back() != '\n' ? 1 : 0);
}

}  // namespace

JobProcessor::JobProcessor(const WorkerSettings& settings, const std::byte* arena,
                           uint64_t arena_size)
    : settings_(settings), arena_(arena), arena_size_(arena_size) {
  if (settings_.format_name[0] != '\0') {
    override_ = detection_from_name(std::string_view(
        settings_.format_name, strnlen(settings_.format_name, sizeof settings_.format_name)));
  }
}

bool JobProcessor::obtain_bytes(const JobDescriptor& job, std::string_view* bytes,
                                ResultError* error) {
  if (job.kind == JobKind::kArena) {
    if (job.arena_offset > arena_size_ || job.arena_length > arena_size_ - job.arena_offset) {
      *error = {std::nullopt, "internal", "arena block out of bounds"};
      return false;
    }
    *bytes = {reinterpret_cast<const char*>(arena_ + job.arena_offset), job.arena_length};
    return true;
  }
  return input_.load(std::string(job.label_view()), settings_.max_file_size, bytes, error);
}

ResultStatus JobProcessor::process(const JobDescriptor& job, JsonWriter* json,
                                   uint64_t* input_bytes) {
  ResultRecord record;
  split_label(job.label_view(), &record.source, &record.member);
  record.attempts = job.attempt;
  std::string_view bytes;
  ResultError error;
  ResultStatus status;
  json->reset();
  if (obtain_bytes(job, &bytes, &error)) {
    status = process_bytes(bytes, &record, json);
  } else {
    record.status = status = ResultStatus::kError;
    record.errors.push_back(std::move(error));
    write_result_json(record, json);
  }
  *input_bytes = record.bytes;
  input_.release();
  return status;
}

ResultStatus JobProcessor::process_bytes(std::string_view bytes, ResultRecord* record,
                                         JsonWriter* json) {
  const int64_t started = monotonic_ns();
  record->bytes = bytes.size();
  auto fail = [&](std::optional<uint32_t> line, std::string code, std::string message) {
    record->status = ResultStatus::kError;
    record->errors.push_back({line, std::move(code), std::move(message)});
    record->parse_ms = static_cast<double>(monotonic_ns() - started) / 1e6;
    write_result_json(*record, json);
    return record->status;
  };

  if (bytes.empty()) return fail(std::nullopt, "empty", "the file is empty (0 bytes)");
  if (const void* nul = std::memchr(bytes.data(), '\0', bytes.size())) {
    record->lines = count_lines(bytes);
    auto offset = static_cast<std::size_t>(static_cast<const char*>(nul) - bytes.data());
    return fail(line_of_offset(bytes, offset), "binary",
                fmt::format("binary content: NUL byte at offset {}; not a text config", offset));
  }
  act_on_fault_marker(bytes);

  Detection detection =
      override_.format != ConfigFormat::kUnknown ? override_ : detect_format(bytes);
  record->format = std::string(detection.format_name);
  record->vendor = std::string(detection.vendor);
  record->confidence = detection.confidence;
  record->detection_reason = detection.reason;

  if (detection.format == ConfigFormat::kUnknown) {
    record->lines = count_lines(bytes);
    record->format.clear();
    return fail(std::nullopt, "unknown_format",
                fmt::format("cannot tell the config format: {}", detection.reason));
  }

  ParsedConfig parse;
  parse_config(detection.format, bytes, &parse);
  if (parse.fatal) {
    record->lines = parse.line_count;
    return fail(parse.fatal->line ? std::optional(parse.fatal->line) : std::nullopt,
                std::move(parse.fatal->code), std::move(parse.fatal->message));
  }
  DeviceModel model = extract_ios_model(parse.tree);
  record->lines = parse.line_count;
  for (ParseIssue& issue : parse.issues)
    record->warnings.push_back({issue.line, std::move(issue.code), std::move(issue.message)});
  record->status = ResultStatus::kOk;
  record->parse_ms = static_cast<double>(monotonic_ns() - started) / 1e6;
  write_result_json(*record, json, [&](JsonWriter* out) { write_model_fields(model, out); });
  return record->status;
}

}  // namespace cfgsweep
