#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "common/result_record.h"

namespace cfgsweep {

// Counts results by status and measures throughput, for the summary line and the
// progress display on stderr. Main thread only.
class RunSummary {
 public:
  explicit RunSummary(int64_t started_ns) : started_ns_(started_ns) {}

  void add(ResultStatus status, uint64_t bytes);
  uint64_t total() const { return total_; }
  uint64_t bytes() const { return bytes_; }
  uint64_t count(ResultStatus status) const { return by_status_[static_cast<std::size_t>(status)]; }
  uint64_t failures() const;
  // "2000 inputs: 1998 ok, 2 error · 12.3 MB in 1.20 s · 1666 files/s · 10.2 MB/s"
  std::string summary_line(int64_t now_ns) const;
  // A one-line progress display, redrawn in place when stderr is a terminal:
  // done/found, failed, rate, and, once every input is found (`all_found`), the ETA.
  std::string progress_line(int64_t now_ns, uint64_t submitted, bool all_found) const;

 private:
  int64_t started_ns_;
  uint64_t total_ = 0;
  uint64_t bytes_ = 0;
  std::array<uint64_t, kResultStatusCount> by_status_{};
};

}  // namespace cfgsweep
