#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/enum_names.h"
#include "common/json_writer.h"

namespace cfgsweep {

// The status of one input's result. Numeric values travel in frame headers; names are
// the "status" field of the output (docs/output.md).
enum class ResultStatus : uint8_t {
  kOk = 0,       // parsed
  kError = 1,    // could not be read or parsed; see "errors"
  kTimeout = 2,  // exceeded --timeout-per-file on every attempt
  kOom = 3,      // exceeded --worker-memory on every attempt
  kCrashed = 4,  // the worker died (signal) on every attempt
  kSkipped = 5,  // not a config input (a FIFO, a device, a directory loop): a note, not a failure
};
inline constexpr int kResultStatusCount = 6;
// The "status" field of the output.
template <>
struct EnumNameTable<ResultStatus> {
  static constexpr auto kNames = enum_names<ResultStatus::kOk, ResultStatus::kSkipped>(
      "ok", "error", "timeout", "oom", "crashed", "skipped");
};
// True for statuses that make the run exit with ExitStatus::kInputsFailed.
bool is_failure(ResultStatus status);

struct ResultError {
  std::optional<uint32_t> line;  // 1-based; absent when the error is not about one line
  std::string code;              // stable, machine-readable (docs/output.md)
  std::string message;           // for people
};

// One input's result, as serialised to one JSON Lines object. Workers fill the parse
// fields and add the model through `model_fields`; the supervisor writes records for
// inputs that never reached a worker or whose worker died.
struct ResultRecord {
  std::string source;  // the file path; for an archive member, the archive's path
  std::string member;  // the member's path inside the archive, or empty
  std::string device;  // the device it is about (common/device_name.h); set before writing
  ResultStatus status = ResultStatus::kOk;
  std::string format;  // e.g. "ios", or empty when not detected
  std::string vendor;
  double confidence = 0;
  std::string detection_reason;
  uint64_t bytes = 0;
  std::string fingerprint;  // XXH3-64 of the config's bytes, 16 hex digits; empty if unread
  uint64_t lines = 0;
  double parse_ms = 0;
  uint32_t attempts = 1;
  std::vector<ResultError> errors;    // why the input failed (status other than ok)
  std::vector<ResultError> warnings;  // problems that did not stop the parse
};

// The record of an input that gets its result without a parse: skipped, unreadable, a
// damaged archive, or failed on every attempt.
ResultRecord failed_record(std::string source, std::string member, ResultStatus status,
                           ResultError error);
// The error code for an errno from open(2) or stat(2): not_found, permission_denied, io_error.
std::string errno_code(int err);

void write_result_json(const ResultRecord& record, JsonWriter* json,
                       const std::function<void(JsonWriter*)>& model_fields = {});

// The label of an arena job from an archive is "<archive path>\0<member path>".
std::string archive_member_label(std::string_view archive, std::string_view member);
void split_label(std::string_view label, std::string* source, std::string* member);

}  // namespace cfgsweep
