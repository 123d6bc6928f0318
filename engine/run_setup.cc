#include "engine/run_setup.h"

#include "engine/metrics_file.h"

#include <algorithm>

#include <fmt/format.h>

#include "common/segment_layout.h"
#include "inventory/inventory.h"
#include "parse/query_spec.h"
#include "policy/policy_loader.h"

namespace cfgsweep {

namespace {

// The workers receive the query in the segment's fixed settings block: it must fit there.
Result<void> check_query(const RunOptions& options) {
  std::string spec = QuerySpec::serialize(options.match, options.child, options.no_child);
  if (spec.size() >= sizeof WorkerSettings{}.query)
    return std::unexpected(Error{ExitStatus::kUsage, "the query patterns are too long", "query"});
  auto compiled = QuerySpec::compile(spec);
  if (!compiled) {
    compiled.error().command = "query";
    return std::unexpected(std::move(compiled.error()));
  }
  return {};
}

// "--report FORMAT=-" writes that report to stdout, so the JSON Lines must go elsewhere,
// and only one report can have stdout.
Result<void> check_report_destinations(const RunOptions& options) {
  auto to_stdout = std::count_if(options.reports.begin(), options.reports.end(),
                                 [](const ReportRequest& r) { return r.path == "-"; });
  if (!options.reports.empty() && options.policy.empty())
    return make_error(ExitStatus::kUsage, "--report needs --policy: a report shows rule results");
  if (to_stdout > 1)
    return make_error(ExitStatus::kUsage, "only one --report can write to stdout (PATH -)");
  if (to_stdout == 1 && (options.output.empty() || options.output == "-"))
    return make_error(ExitStatus::kUsage,
                      "--report FORMAT=- writes the report to stdout, where the JSON Lines also "
                      "go; send those elsewhere with -o FILE (or -o /dev/null)");
  return {};
}

}  // namespace

Result<std::unique_ptr<Policy>> prepare_run(const RunOptions& options) {
  if (auto reports = check_report_destinations(options); !reports)
    return std::unexpected(reports.error());
  std::size_t ignore_bytes = 0;
  for (const std::string& p : options.ignore_lines) ignore_bytes += p.size() + 1;
  if (ignore_bytes >= sizeof(WorkerSettings::ignore_lines))
    return make_error(ExitStatus::kUsage,
                      fmt::format("--ignore-lines: the patterns take {} bytes, more than the {} "
                                  "a run can carry; combine them or move them to the policy's "
                                  "ignore_lines",
                                  ignore_bytes, sizeof(WorkerSettings::ignore_lines) - 1));
  if ((options.incremental || options.resume) && options.store.empty())
    return make_error(ExitStatus::kUsage,
                      fmt::format("{} needs --store DB (or CFGSWEEP_STORE): the results to "
                                  "reuse or continue are in the run store",
                                  options.incremental ? "--incremental" : "--resume"));
  if (!options.metrics.empty())
    if (auto metrics = check_metrics_destination(options.metrics); !metrics)
      return std::unexpected(metrics.error());
  std::unique_ptr<Policy> policy;
  if (!options.policy.empty()) {
    auto loaded = load_policy(options.policy);
    if (!loaded) return std::unexpected(prefixed(std::move(loaded.error()), "policy: "));
    policy = std::make_unique<Policy>(std::move(*loaded));
  }
  if (options.command == RunOptions::Command::kCheck && !options.fetch.inventory.empty()) {
    auto hosts = load_inventory(options.fetch.inventory);
    if (!hosts) {
      hosts.error().status = ExitStatus::kUsage;  // a flag's file: a usage error, as the policy's
      return std::unexpected(prefixed(std::move(hosts.error()), "inventory: "));
    }
  }
  if (options.command == RunOptions::Command::kQuery) {
    if (auto query = check_query(options); !query) return std::unexpected(query.error());
  }
  return policy;
}

}  // namespace cfgsweep
