#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/exit_status.h"

namespace cfgsweep {

// The one error convention below main: a function that can fail returns Result<T>, a
// value or an Error. Exceptions are caught where a library throws them (yaml-cpp, CLI11,
// Boost.Interprocess) and become Errors there. Only main turns an Error into a message on
// stderr and an exit code (engine/main.cc, report_error).
//
// An input config that fails is not an Error: it is a result with status "error" and a
// ResultError (common/result_record.h), and the run goes on.
struct Error {
  ExitStatus status = ExitStatus::kSoftware;
  // For people: what went wrong and what to fix. Loaders that check a whole file give one
  // line per mistake, each "file:line:column: message".
  std::string message;
  // The command the message is about, printed as "cfgsweep COMMAND: message"; empty for
  // "cfgsweep: message".
  std::string command = {};
};

template <typename T = void>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> make_error(ExitStatus status, std::string message) {
  return std::unexpected<Error>(Error{status, std::move(message)});
}

// `error` with `prefix` before each line of its message ("policy: ").
Error prefixed(Error error, std::string_view prefix);

// "file:line:column: message"; without the column when it is 0, without both when the
// line is 0. Lines and columns count from 1.
std::string located(std::string_view file, std::size_t line, std::size_t column,
                    std::string_view message);

// The mistakes found while loading one file (and what it includes), kept so that a loader
// reports every one of them, then fails: a user fixes a file in one pass, not one
// mistake per run.
class Diagnostics {
 public:
  void add(std::string message) { messages_.push_back(std::move(message)); }
  bool empty() const { return messages_.empty(); }
  std::size_t size() const { return messages_.size(); }
  const std::vector<std::string>& messages() const { return messages_; }
  // Every mistake, one per line.
  Error to_error(ExitStatus status) const;

 private:
  std::vector<std::string> messages_;
};

}  // namespace cfgsweep
