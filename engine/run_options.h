#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/device_name.h"
#include "common/shard.h"
#include "engine/fleet/fetch_options.h"
#include "engine/report/reports.h"
#include "parse/vendor.h"
#include "policy/policy.h"

namespace cfgsweep {

// Everything a cfgsweep command was asked to do, validated by the CLI.
struct RunOptions {
  enum class Command {
    kParse,
    kQuery,
    kShow,
    kFetch,
    kRun,
    kCheck,
    kDiff,
    kRuns,
    kHistory,
    kRemediate,
    kMerge
  };
  Command command = Command::kParse;
  std::vector<std::string> paths;
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  unsigned jobs = 0;             // worker processes
  std::string output;            // empty or "-": stdout
  bool ordered = false;          // results in input order instead of as completed
  double timeout_per_file = 60;  // seconds, per attempt
  uint64_t max_file_size = 128ull << 20;
  uint64_t worker_memory = 1ull << 30;
  std::string format;                          // empty: detect per file
  std::optional<Vendor> vendor;                // unset: detect per file
  DeviceFrom device_from = DeviceFrom::kName;  // --device-from
  std::vector<std::string> ignore_lines;       // --ignore-lines: RE2, volatile lines
  std::string metrics;                         // --metrics FILE: Prometheus text, at the end
  std::string store;                           // --store DB (or CFGSWEEP_STORE): the run store
  bool incremental = false;                    // --incremental: reuse unchanged results
  bool resume = false;                         // --resume: continue the unfinished run
  std::vector<std::string> argv;               // the command line, as the store records it
  bool show_secrets = false;                   // SNMP community names in clear in the model
  ShardSpec shard;  // --shard, --shard-by, --shard-run (also in fetch.shard for the inventory)
  // cfgsweep query
  std::vector<std::string> match;
  std::vector<std::string> child;
  std::vector<std::string> no_child;
  // cfgsweep show
  // kConfig: the config text (the default for DEVICE@RUN from the store).
  enum class ShowMode { kTree, kModel, kJson, kConfig };
  ShowMode show_mode = ShowMode::kModel;
  bool show_mode_chosen = false;
  // cfgsweep fetch / run
  FetchOptions fetch;
  // cfgsweep check (and run --policy)
  std::string policy;
  Severity fail_on = Severity::kLow;   // the lowest severity of a failed rule that makes exit 1
  std::vector<ReportRequest> reports;  // --report FORMAT=PATH
  bool check_remediation = false;      // --remediation: fixes in intended-config findings
  // cfgsweep diff
  bool diff_text = false;  // a short summary for people instead of JSON
                           // (also runs and history --text)
  // cfgsweep remediate
  struct Remediate {
    std::vector<std::string> running, intended;
    std::string platform;     // --platform: the driver for every device
    std::string driver_file;  // --driver FILE
    std::string out_dir;      // --out DIR
    bool rollback = false;
  };
  Remediate remediate;
  // cfgsweep history
  std::string rule;                      // --rule: only this rule's findings
  std::optional<Severity> diff_fail_on;  // --fail-on: new failing findings at or above exit 1
  bool quiet = false;                    // no summary, no progress
  bool progress = false;                 // set when stderr is a terminal and not quiet
};

}  // namespace cfgsweep
