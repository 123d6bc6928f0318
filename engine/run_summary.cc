#include "engine/run_summary.h"

#include <algorithm>

#include <fmt/format.h>

namespace cfgsweep {

void RunSummary::add(ResultStatus status, uint64_t bytes) {
  ++total_;
  bytes_ += bytes;
  ++by_status_[static_cast<std::size_t>(status)];
}

uint64_t RunSummary::failures() const {
  uint64_t n = 0;
  for (int s = 0; s < kResultStatusCount; ++s)
    if (is_failure(static_cast<ResultStatus>(s))) n += by_status_[static_cast<std::size_t>(s)];
  return n;
}

std::string RunSummary::summary_line(int64_t now_ns) const {
  double seconds = std::max(1e-9, static_cast<double>(now_ns - started_ns_) / 1e9);
  double megabytes = static_cast<double>(bytes_) / 1e6;
  std::string counts;
  for (int s = 0; s < kResultStatusCount; ++s) {
    uint64_t n = by_status_[static_cast<std::size_t>(s)];
    if (n == 0) continue;
    counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", n,
                          enum_name(static_cast<ResultStatus>(s)));
  }
  if (counts.empty()) counts = "none";
  return fmt::format(
      "cfgsweep: {} inputs: {} | {:.1f} MB in {:.2f} s | {:.0f} files/s | "
      "{:.1f} MB/s",
      total_, counts, megabytes, seconds, static_cast<double>(total_) / seconds,
      megabytes / seconds);
}

std::string RunSummary::progress_line(int64_t now_ns, uint64_t submitted, bool all_found) const {
  double seconds = std::max(1e-9, static_cast<double>(now_ns - started_ns_) / 1e9);
  double rate = static_cast<double>(total_) / seconds;
  std::string line = fmt::format("\r\033[Kcfgsweep: {}/{}{}, {} failed, {:.0f} files/s", total_,
                                 submitted, all_found ? "" : "+ found", failures(), rate);
  // The ETA only when the total is known: while the walk goes on, it would only grow.
  if (all_found && rate > 0 && submitted > total_) {
    auto left = static_cast<uint64_t>(static_cast<double>(submitted - total_) / rate + 0.5);
    line += left >= 3600 ? fmt::format(", ETA {}h{:02}m", left / 3600, left % 3600 / 60)
                         : fmt::format(", ETA {}m{:02}s", left / 60, left % 60);
  }
  return line;
}

}  // namespace cfgsweep
