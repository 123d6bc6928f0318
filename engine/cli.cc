#include "engine/cli.h"

#include <unistd.h>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "common/exit_status.h"
#include "workers/format_detect.h"

#ifndef CFGSWEEP_VERSION
#define CFGSWEEP_VERSION "0.0.0"
#endif

namespace cfgsweep {

static void add_parse_options(CLI::App* parse, RunOptions* options) {
  parse
      ->add_option("paths", options->paths,
                   "Config files, directories (walked recursively), archives (.tar, .tar.gz, "
                   ".tgz, .tar.zst, .tar.xz, .tar.bz2, .zip), or - to read paths from stdin")
      ->required();
  parse->add_option("-j,--jobs", options->jobs, "Worker processes (default: number of cores)")
      ->check(CLI::Range(1, 1024));
  parse->add_option("-o,--output", options->output, "Write JSON Lines here instead of stdout");
  parse->add_flag("--ordered", options->ordered,
                  "Write results in input order (default: as they complete)");
  parse
      ->add_option("--include", options->include,
                   "Only files matching this glob (on the name; on the path if it has a '/'); "
                   "repeatable")
      ->take_all();
  parse->add_option("--exclude", options->exclude, "Leave out files matching this glob; repeatable")
      ->take_all();
  parse
      ->add_option("--timeout-per-file", options->timeout_per_file,
                   "Seconds one parse may take before its worker is killed (default 60)")
      ->check(CLI::Range(0.01, 86400.0));
  parse
      ->add_option("--max-file-size", options->max_file_size,
                   "Larger inputs fail with too_large, e.g. 64M (default 128M)")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(uint64_t{1}, uint64_t{4} << 30));
  parse
      ->add_option("--worker-memory", options->worker_memory,
                   "Memory one worker may use, e.g. 512M (default 1G); over it the input "
                   "fails with oom")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(uint64_t{32} << 20, uint64_t{1} << 40));
  parse
      ->add_option("--format", options->format,
                   "Skip detection: ios, iosxe, nxos, iosxr, asa or eos")
      ->check([](const std::string& name) {
        return detection_from_name(name).format == ConfigFormat::kUnknown
                   ? fmt::format("unknown format '{}'; use ios, iosxe, nxos, iosxr, asa or eos",
                                 name)
                   : std::string();
      });
  parse->add_flag("-q,--quiet", options->quiet, "No summary or progress on stderr");
}

std::optional<int> parse_command_line(int argc, char** argv, RunOptions* options) {
  CLI::App app{"cfgsweep: parse network device configurations in bulk", "cfgsweep"};
  app.set_version_flag("-V,--version", "cfgsweep " CFGSWEEP_VERSION);
  app.require_subcommand(1);
  CLI::App* parse = app.add_subcommand(
      "parse", "Parse configs with a pool of worker processes; one JSON object per input");
  add_parse_options(parse, options);
  app.footer(
      "Exit codes: 0 all inputs parsed, 2 some inputs failed, 64 usage error, 66 no input, "
      "70 internal error, 71 cannot set up workers or shared memory, 74 output error, "
      "130 interrupted.");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return to_int(ExitStatus::kUsage);
  }
  if (options->jobs == 0)
    options->jobs = std::max(1u, static_cast<unsigned>(sysconf(_SC_NPROCESSORS_ONLN)));
  options->progress = !options->quiet && ::isatty(STDERR_FILENO);
  return std::nullopt;
}

}  // namespace cfgsweep
