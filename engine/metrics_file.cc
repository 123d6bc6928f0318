#include "engine/metrics_file.h"

#include "common/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "common/fd.h"

namespace cfgsweep {

namespace {

constexpr std::array<std::string_view, 5> kSeverities = {"info", "low", "medium", "high",
                                                         "critical"};

void family(std::string* out, std::string_view name, std::string_view type, std::string_view help) {
  *out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

std::string folder_of(const std::string& path) {
  std::string folder = std::filesystem::path(path).parent_path().string();
  return folder.empty() ? "." : folder;
}

Error io_error(std::string message) {
  return Error{ExitStatus::kIoError, std::move(message), "metrics"};
}

}  // namespace

std::string metrics_text(const RunMetrics& m) {
  std::string out;
  std::string cmd = fmt::format("command=\"{}\"", m.command);
  family(&out, "cfgsweep_inputs", "gauge", "Inputs of the last run, by result status.");
  for (int s = 0; s < kResultStatusCount; ++s)
    out += fmt::format("cfgsweep_inputs{{{},status=\"{}\"}} {}\n", cmd,
                       enum_name(static_cast<ResultStatus>(s)), m.inputs_by_status[s]);
  family(&out, "cfgsweep_failed_findings", "gauge",
         "Failed policy findings of the last run, by rule severity.");
  for (std::size_t i = 0; i < kSeverities.size(); ++i)
    out += fmt::format("cfgsweep_failed_findings{{{},severity=\"{}\"}} {}\n", cmd, kSeverities[i],
                       m.failed_findings_by_severity[i]);
  family(&out, "cfgsweep_input_bytes", "gauge", "Bytes of configuration read by the last run.");
  out += fmt::format("cfgsweep_input_bytes{{{}}} {}\n", cmd, m.input_bytes);
  family(&out, "cfgsweep_duration_seconds", "gauge",
         "Duration of the last run's stages: source (walking the paths, or fetching over SSH) "
         "and total.");
  out += fmt::format("cfgsweep_duration_seconds{{{},stage=\"source\"}} {:.3f}\n", cmd,
                     m.source_seconds);
  out +=
      fmt::format("cfgsweep_duration_seconds{{{},stage=\"total\"}} {:.3f}\n", cmd, m.total_seconds);
  family(&out, "cfgsweep_peak_rss_bytes", "gauge",
         "Peak resident memory of the last run: the supervisor and the largest worker.");
  out += fmt::format("cfgsweep_peak_rss_bytes{{{},process=\"supervisor\"}} {}\n", cmd,
                     m.supervisor_peak_rss_bytes);
  out += fmt::format("cfgsweep_peak_rss_bytes{{{},process=\"worker\"}} {}\n", cmd,
                     m.worker_peak_rss_bytes);
  family(&out, "cfgsweep_worker_restarts", "gauge",
         "Workers replaced after dying (crash, timeout, memory) in the last run.");
  out += fmt::format("cfgsweep_worker_restarts{{{}}} {}\n", cmd, m.worker_restarts);
  if (!m.ssh_sessions.empty()) {
    family(&out, "cfgsweep_ssh_sessions", "gauge",
           "Devices of the last run's fetch, by SSH session outcome.");
    for (const auto& [status, count] : m.ssh_sessions)
      out += fmt::format("cfgsweep_ssh_sessions{{{},status=\"{}\"}} {}\n", cmd, status, count);
  }
  family(&out, "cfgsweep_exit_code", "gauge", "Exit code of the last run (docs: exit codes).");
  out += fmt::format("cfgsweep_exit_code{{{}}} {}\n", cmd, m.exit_code);
  family(&out, "cfgsweep_last_run_timestamp_seconds", "gauge",
         "When the last run ended, in seconds since the epoch.");
  out += fmt::format("cfgsweep_last_run_timestamp_seconds{{{}}} {:.3f}\n", cmd,
                     m.finished_unix_seconds);
  return out;
}

Result<void> check_metrics_destination(const std::string& path) {
  std::string folder = folder_of(path);
  if (::access(folder.c_str(), W_OK | X_OK) != 0)
    return std::unexpected(io_error(
        fmt::format("--metrics {}: cannot write in {}: {}", path, folder, std::strerror(errno))));
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return std::unexpected(io_error(fmt::format("--metrics {}: is a directory", path)));
  return {};
}

Result<void> write_metrics_file(const std::string& path, const RunMetrics& metrics) {
  // 0644 whatever the umask: node_exporter runs as another user.
  std::string failed = write_file_atomically(path, metrics_text(metrics), 0644);
  if (!failed.empty())
    return std::unexpected(io_error(fmt::format("--metrics {}: {}", path, failed)));
  return {};
}

}  // namespace cfgsweep
