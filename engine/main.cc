// cfgsweep: parse network device configurations in bulk.
//
// The pipeline of one run (docs/architecture.md):
//   command line -> run setup (policy, inventory) -> supervisor -> shared-memory job ring
//                -> worker processes -> result pipes -> JSON Lines and a summary -> exit code
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string_view>

#include "common/error.h"
#include "common/exit_status.h"
#include "common/terminal_text.h"
#include "engine/cli.h"
#include "engine/diff_command.h"
#include "engine/fetch_command.h"
#include "engine/merge_command.h"
#include "engine/remediate_command.h"
#include "engine/run_setup.h"
#include "engine/shard_manifest.h"
#include "engine/show_command.h"
#include "engine/store_commands.h"
#include "engine/supervisor.h"
#include "worker/worker_loop.h"

namespace cfgsweep {
namespace {

// The one place where an error becomes a message and an exit code: each line of its
// message as "cfgsweep[ COMMAND]: line" on stderr.
int report_error(const Error& error) {
  std::string_view rest = error.message;
  do {
    auto end = rest.find('\n');
    std::string line = terminal_safe(rest.substr(0, end));
    if (error.command.empty())
      std::fprintf(stderr, "cfgsweep: %s\n", line.c_str());
    else
      std::fprintf(stderr, "cfgsweep %s: %s\n", error.command.c_str(), line.c_str());
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  } while (!rest.empty());
  return to_int(error.status);
}

Result<ExitStatus> run_command(RunOptions options) {
  // A sharded run first removes the manifest an earlier run left beside -o FILE: a shard
  // that fails from here on leaves none, and `merge` says it is missing rather than
  // merging last night's results.
  if (options.shard.active()) ::unlink(manifest_path_for(options.output).c_str());
  switch (options.command) {
    case RunOptions::Command::kShow:
      return run_show(options);
    case RunOptions::Command::kFetch:
      return run_fetch(options);
    case RunOptions::Command::kDiff:
      return run_diff(options);
    case RunOptions::Command::kRuns:
      return run_runs(options);
    case RunOptions::Command::kHistory:
      return run_history(options);
    case RunOptions::Command::kRemediate:
      return run_remediate(options);
    case RunOptions::Command::kMerge:
      return run_merge(options);
    default:
      break;
  }
  // Policy, inventory and query are checked before any connection or worker.
  auto policy = prepare_run(options);
  if (!policy) return std::unexpected(policy.error());
  if (options.command == RunOptions::Command::kRun)
    return run_fetch_and_parse(std::move(options), std::move(*policy));
  // Parse, query or check every input with a pool of workers; results stream out.
  return Supervisor(std::move(options), std::move(*policy)).run();
}

}  // namespace
}  // namespace cfgsweep

int main(int argc, char** argv) {
  using namespace cfgsweep;
  // Hidden worker mode: the supervisor re-executes this binary once per worker.
  if (argc == 5 && std::strcmp(argv[1], "--worker") == 0) {
    WorkerArgs args{argv[2],
                    static_cast<uint32_t>(std::strtoul(argv[3], nullptr, 10)),
                    static_cast<pid_t>(std::strtol(argv[4], nullptr, 10)),
                    argc,
                    argv,
                    environ};
    return run_worker(args);
  }
  try {
    // Every flag checked before any work starts.
    RunOptions options;
    if (auto exit_now = parse_command_line(argc, argv, &options)) return *exit_now;
    Result<ExitStatus> outcome = run_command(std::move(options));
    return outcome ? to_int(*outcome) : report_error(outcome.error());
  } catch (const std::exception& e) {  // a bug: errors are values, nothing should throw here
    std::fprintf(stderr, "cfgsweep: internal error: %s\n", e.what());
    return to_int(ExitStatus::kSoftware);
  }
}
