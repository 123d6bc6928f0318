#include "common/error.h"

#include <fmt/format.h>

namespace cfgsweep {

Error prefixed(Error error, std::string_view prefix) {
  std::string out;
  std::string_view rest = error.message;
  while (true) {
    auto end = rest.find('\n');
    out += prefix;
    out += rest.substr(0, end);
    if (end == std::string_view::npos) break;
    out += '\n';
    rest.remove_prefix(end + 1);
  }
  error.message = std::move(out);
  return error;
}

std::string located(std::string_view file, std::size_t line, std::size_t column,
                    std::string_view message) {
  if (line == 0) return fmt::format("{}: {}", file, message);
  if (column == 0) return fmt::format("{}:{}: {}", file, line, message);
  return fmt::format("{}:{}:{}: {}", file, line, column, message);
}

Error Diagnostics::to_error(ExitStatus status) const {
  Error error{status, {}};
  for (const std::string& m : messages_) {
    if (!error.message.empty()) error.message += '\n';
    error.message += m;
  }
  return error;
}

}  // namespace cfgsweep
