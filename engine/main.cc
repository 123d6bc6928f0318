// cfgsweep: parse network device configurations in bulk.
//
// The pipeline of one run (docs/architecture.md):
//   command line -> supervisor -> shared-memory job ring -> worker processes
//                -> result pipes -> JSON Lines and a summary -> exit code
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>

#include "common/exit_status.h"
#include "engine/cli.h"
#include "engine/diff_command.h"
#include "engine/fetch_command.h"
#include "engine/show_command.h"
#include "engine/supervisor.h"
#include "worker/worker_loop.h"

int main(int argc, char** argv) {
  using namespace cfgsweep;
  // Hidden worker mode: the supervisor re-executes this binary once per worker.
  if (argc == 5 && std::strcmp(argv[1], "--worker") == 0) {
    WorkerArgs args{argv[2], static_cast<uint32_t>(std::strtoul(argv[3], nullptr, 10)),
                    static_cast<pid_t>(std::strtol(argv[4], nullptr, 10))};
    return run_worker(args);
  }
  try {
    // Validate every flag before any work starts.
    RunOptions options;
    if (auto exit_now = parse_command_line(argc, argv, &options)) return *exit_now;
    if (options.command == RunOptions::Command::kShow) return run_show(options);
    if (options.command == RunOptions::Command::kFetch) return run_fetch(options);
    if (options.command == RunOptions::Command::kDiff) return run_diff(options);
    if (options.command == RunOptions::Command::kRun)
      return run_fetch_and_parse(std::move(options));
    // Parse (or query) every input with a pool of workers; results stream to the output.
    return Supervisor(std::move(options)).run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cfgsweep: internal error: %s\n", e.what());
    return to_int(ExitStatus::kSoftware);
  }
}
