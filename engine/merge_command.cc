#include "engine/merge_command.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <set>

#include <rapidjson/reader.h>

#include <fmt/format.h>

#include "common/fd.h"
#include "engine/report/report_collector.h"
#include "engine/report/reports.h"
#include "engine/run_identity.h"
#include "engine/shard_manifest.h"
#include "engine/shard_set.h"
#include "engine/store_session.h"
#include "policy/policy_loader.h"

namespace cfgsweep {

namespace {

Error merge_error(ExitStatus status, std::string message) {
  return Error{status, std::move(message), "merge"};
}

using Shard = LoadedShard;

// One result line: where it is, and where it goes in the whole run (24 bytes: 100,000
// results index in 2.4 MB).
struct LineRef {
  uint64_t position;
  uint64_t offset;
  uint32_t shard;
  uint32_t length;  // without its newline
};

// The top-level "status" of a result line, by a SAX pass that stops there (it is the third
// key): the merge counts statuses without reading whole results.
std::string status_of(const std::string& line) {
  struct Handler : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, Handler> {
    int depth = 0;
    bool next_is_status = false;
    std::string status;
    bool StartObject() { return ++depth, next_is_status = false, true; }
    bool EndObject(rapidjson::SizeType) { return --depth, true; }
    bool Key(const char* text, rapidjson::SizeType n, bool) {
      next_is_status = depth == 1 && std::string_view(text, n) == "status";
      return true;
    }
    bool String(const char* text, rapidjson::SizeType n, bool) {
      if (!next_is_status) return true;
      status.assign(text, n);
      return false;  // found: stop reading
    }
    bool Default() { return next_is_status = false, true; }
  } handler;
  rapidjson::Reader reader;
  rapidjson::StringStream in(line.c_str());
  reader.Parse(in, handler);
  return handler.status.empty() ? "unreadable" : handler.status;
}

// Where each line is, shard by shard (file order), or sorted by its place in the run.
Result<std::vector<LineRef>> index_lines(const std::vector<Shard>& shards, bool ordered) {
  std::vector<LineRef> lines;
  std::string buffer(1 << 20, '\0');
  for (uint32_t s = 0; s < shards.size(); ++s) {
    uint64_t offset = 0, start = 0, line = 0;
    for (;;) {
      long n = pread_all(shards[s].results.get(), buffer.data(), buffer.size(),
                         static_cast<long>(offset));
      if (n < 0)
        return make_error(
            ExitStatus::kIoError,
            fmt::format("cannot read {}: {}", shards[s].results_path, errno_text(errno)));
      if (n == 0) break;
      for (long i = 0; i < n; ++i)
        if (buffer[static_cast<std::size_t>(i)] == '\n') {
          const uint64_t end = offset + static_cast<uint64_t>(i);
          const std::vector<uint64_t>& positions = shards[s].manifest.positions;
          if (line >= positions.size())  // checked equal before: the file grew since
            return make_error(ExitStatus::kIoError,
                              fmt::format("{} changed while it was read", shards[s].results_path));
          lines.push_back({positions[line++], start, s, static_cast<uint32_t>(end - start)});
          start = end + 1;
        }
      offset += static_cast<uint64_t>(n);
    }
  }
  if (ordered)
    std::stable_sort(lines.begin(), lines.end(),
                     [](const LineRef& a, const LineRef& b) { return a.position < b.position; });
  return lines;
}

// --report: the shards' policy (or --policy), which must be the one they checked.
Result<std::unique_ptr<Policy>> shards_policy(const RunOptions& options, const ShardManifest& m,
                                              std::string* path) {
  *path = options.policy.empty() ? m.policy : options.policy;
  if (path->empty())
    return make_error(ExitStatus::kUsage,
                      "--report: the shards checked no policy (reports are of check and run "
                      "--policy)");
  auto loaded = load_policy(*path);
  if (!loaded) return std::unexpected(prefixed(std::move(loaded.error()), "policy: "));
  auto policy = std::make_unique<Policy>(std::move(*loaded));
  if (contents_hash(policy->files) != m.policy_hash)
    return make_error(ExitStatus::kUsage,
                      fmt::format("policy {} is not the one the shards checked (it, or one of "
                                  "its includes, changed since); give that one with --policy",
                                  *path));
  return policy;
}

// The merged results: written, counted, reported, and recorded.
struct Sinks {
  Fd output;
  int fd = STDOUT_FILENO;
  std::unique_ptr<ReportCollector> reports;
  std::vector<OpenReport> report_files;
  std::string policy_path;
  std::unique_ptr<Policy> policy;
  std::map<std::string, uint64_t> by_status;
};

// Whether `path` is one of the shards' files (a results file, a manifest, a store): the merge
// would overwrite what it reads.
bool is_shard_file(const std::vector<Shard>& shards, const std::string& path) {
  struct stat target;
  if (path.empty() || path == "-" || ::stat(path.c_str(), &target) != 0) return false;
  auto same = [&](const std::string& other) {
    struct stat info;
    return !other.empty() && ::stat(other.c_str(), &info) == 0 && info.st_dev == target.st_dev &&
           info.st_ino == target.st_ino;
  };
  return std::any_of(shards.begin(), shards.end(), [&](const Shard& s) {
    return same(s.results_path) || same(s.manifest_path) || same(s.manifest.store);
  });
}

Result<void> open_sinks(const RunOptions& options, const std::vector<Shard>& shards, Sinks* sinks) {
  std::vector<const std::string*> destinations = {&options.output, &options.store};
  for (const ReportRequest& report : options.reports) destinations.push_back(&report.path);
  for (const std::string* path : destinations)
    if (is_shard_file(shards, *path))
      return make_error(ExitStatus::kUsage,
                        fmt::format("{} is a shard's own file: merge into another", *path));
  const ShardManifest& m = shards.front().manifest;
  if (!options.reports.empty()) {
    auto policy = shards_policy(options, m, &sinks->policy_path);
    if (!policy) return std::unexpected(policy.error());
    sinks->policy = std::move(*policy);
    sinks->reports = std::make_unique<ReportCollector>(*sinks->policy);
    auto opened = open_reports(options.reports);
    if (!opened) return std::unexpected(opened.error());
    sinks->report_files = std::move(*opened);
  }
  if (!options.output.empty() && options.output != "-") {
    sinks->output.reset(
        ::open(options.output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (!sinks->output.valid())
      return make_error(ExitStatus::kIoError, fmt::format("cannot open --output {}: {}",
                                                          options.output, errno_text(errno)));
    sinks->fd = sinks->output.get();
  }
  return {};
}

Result<void> write_lines(const std::vector<Shard>& shards, const std::vector<LineRef>& lines,
                         Sinks* sinks) {
  std::string out, line;
  for (const LineRef& ref : lines) {
    line.resize(ref.length);
    if (pread_all(shards[ref.shard].results.get(), line.data(), ref.length,
                  static_cast<long>(ref.offset)) != static_cast<long>(ref.length))
      return make_error(ExitStatus::kIoError,
                        fmt::format("cannot read {}", shards[ref.shard].results_path));
    ++sinks->by_status[status_of(line)];
    if (sinks->reports) sinks->reports->add(line);
    out += line;
    out += '\n';
    if (out.size() >= (1 << 20) || &ref == &lines.back()) {
      if (!write_all(sinks->fd, out))
        return make_error(ExitStatus::kIoError,
                          fmt::format("cannot write the results: {}", errno_text(errno)));
      out.clear();
    }
  }
  return {};
}

// --store: the shards' runs, from their stores, as one run of the store named.
Result<void> merge_stores(const RunOptions& options, const std::vector<Shard>& shards,
                          int exit_code) {
  std::unique_ptr<StoreSession> target;
  RunStore::RunTotals totals;
  for (const Shard& s : shards) {
    const ShardManifest& m = s.manifest;
    auto source = RunStore::open(m.store, /*create=*/false);
    if (!source) return std::unexpected(prefixed(std::move(source.error()), "shard store: "));
    auto info = source->run_info(m.store_run);
    if (!info) return std::unexpected(info.error());
    if (!target) {
      info->argv = "[\"merge\"]";
      auto opened = StoreSession::open_for_merge(options.store, *info);
      if (!opened) return std::unexpected(opened.error());
      target = std::move(*opened);
    }
    const RunStore::RunTotals& t = s.store_totals;  // read when the set was checked
    totals.inputs += t.inputs, totals.ok += t.ok, totals.failed += t.failed;
    totals.skipped += t.skipped, totals.reused += t.reused;
    totals.failed_findings += t.failed_findings;
    auto copied = source->for_each_result(m.store_run, [&](RunStore::ExportedResult& r) {
      return target->record_exported(r, m.show_secrets);
    });
    if (!copied) return std::unexpected(copied.error());
  }
  return target->finish(totals, exit_code, /*finished=*/true);
}

std::string summary_line(const std::vector<Shard>& shards, const Sinks& sinks, uint64_t total) {
  std::string counts;
  for (const auto& [status, n] : sinks.by_status) counts += fmt::format(", {} {}", n, status);
  return fmt::format("{} shards of {}: {} results{}", shards.size(),
                     shards.front().manifest.command, total, counts);
}

}  // namespace

Result<ExitStatus> run_merge(const RunOptions& options) {
  auto shards = load_shard_set(options.paths, !options.store.empty());
  if (!shards) return std::unexpected(merge_error(shards.error().status, shards.error().message));
  std::sort(shards->begin(), shards->end(), [](const Shard& a, const Shard& b) {
    return std::pair(a.manifest.shard.by_value, a.manifest.shard.index) <
           std::pair(b.manifest.shard.by_value, b.manifest.shard.index);
  });
  int exit_code = 0;
  for (const Shard& s : *shards) exit_code = std::max(exit_code, s.manifest.exit_code);
  Sinks sinks;
  auto fail = [](const Error& e) { return std::unexpected(merge_error(e.status, e.message)); };
  if (auto opened = open_sinks(options, *shards, &sinks); !opened) return fail(opened.error());
  auto lines = index_lines(*shards, options.ordered);
  if (!lines) return fail(lines.error());
  if (auto written = write_lines(*shards, *lines, &sinks); !written) return fail(written.error());
  if (sinks.reports)
    if (auto written = write_reports(sinks.report_files, *sinks.reports, sinks.policy_path);
        !written)
      return fail(written.error());
  if (!options.store.empty())
    if (auto merged = merge_stores(options, *shards, exit_code); !merged)
      return fail(merged.error());
  if (!options.quiet)
    std::fprintf(stderr, "cfgsweep merge: %s\n",
                 summary_line(*shards, sinks, lines->size()).c_str());
  return static_cast<ExitStatus>(exit_code);
}

}  // namespace cfgsweep
