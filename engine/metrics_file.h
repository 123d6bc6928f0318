#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/result_record.h"

namespace cfgsweep {

// What a run tells node_exporter's textfile collector (--metrics FILE): counts, bytes,
// durations and memory of the run that just ended. Filled by the supervisor at the end.
struct RunMetrics {
  std::string command;  // "parse", "check", "run", "query"
  std::array<uint64_t, kResultStatusCount> inputs_by_status{};
  std::array<uint64_t, 5> failed_findings_by_severity{};  // info..critical
  uint64_t input_bytes = 0;
  double source_seconds = 0;  // walking the paths, or fetching (`run`)
  double total_seconds = 0;
  uint64_t supervisor_peak_rss_bytes = 0;
  uint64_t worker_peak_rss_bytes = 0;  // the largest worker
  uint64_t worker_restarts = 0;        // workers replaced after dying (crash, timeout, memory)
  std::vector<std::pair<std::string, uint64_t>> ssh_sessions;  // `run`: devices by fetch status
  int exit_code = 0;
  double finished_unix_seconds = 0;
};

// The metrics in Prometheus' text format (version 0.0.4).
std::string metrics_text(const RunMetrics& metrics);

// Writes `metrics` to `path` atomically (a temporary file in the same folder, renamed over
// it), so the collector never reads half a file; mode 0644: counts only, for the collector's
// user. Supervisor, main thread, at the end of the run. Error: kIoError naming the path.
Result<void> write_metrics_file(const std::string& path, const RunMetrics& metrics);

// Before any work: whether `path`'s folder exists and is writable (kIoError if not).
Result<void> check_metrics_destination(const std::string& path);

}  // namespace cfgsweep
