#include "engine/cli.h"

#include <unistd.h>

#include <cstdio>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <re2/re2.h>
#include <CLI/CLI.hpp>

#include "common/exit_status.h"
#include "common/segment_layout.h"
#include "engine/report/reports.h"
#include "parse/format_detect.h"

#ifndef CFGSWEEP_VERSION
#define CFGSWEEP_VERSION "0.0.0"
#endif

namespace cfgsweep {

// Repeatable options (--include, --report, --match, ...) are declared with
// take_all()->allow_extra_args(false): every occurrence takes exactly one value, so in
// `--include '*.cfg' configs/` the directory stays a path (a vector option would swallow it).

// An option whose values are the names of an enum's values: the text is checked and
// turned into the enum here, at the command line, so no string travels further.
template <typename E, typename Target>
static CLI::Option* add_enum_option(CLI::App* command, const std::string& flag, Target* target,
                                    const std::string& help) {
  return command
      ->add_option_function<std::string>(
          flag, [target](const std::string& text) { *target = *enum_from_name<E>(text); }, help)
      ->check(
          [](const std::string& text) {
            return enum_from_name<E>(text)
                       ? std::string()
                       : fmt::format("'{}' is not one of: {}", text, enum_name_list<E>());
          },
          enum_name_list<E>());
}

static void add_detection_options(CLI::App* command, RunOptions* options) {
  command
      ->add_option("--format", options->format,
                   fmt::format("Skip format detection; one of: {}", format_names()))
      ->check([](const std::string& name) {
        return detection_from_name(name).format == ConfigFormat::kUnknown
                   ? fmt::format("unknown format '{}'; use one of: {}", name, format_names())
                   : std::string();
      });
  add_enum_option<Vendor>(
      command, "--vendor", &options->vendor,
      fmt::format("Skip vendor detection; one of: {}", enum_name_list<Vendor>()));
  command->add_flag("--show-secrets", options->show_secrets,
                    "Show SNMP community names in the model (redacted by default)");
}

static void add_worker_options(CLI::App* parse, RunOptions* options);

// --ignore-lines: lines that change on every fetch (left out of the fingerprint and of
// diff's line diff, beside the built-in ones). Checked as RE2 here.
static void add_ignore_lines_option(CLI::App* command, RunOptions* options) {
  command
      ->add_option("--ignore-lines", options->ignore_lines,
                   "RE2 pattern of lines that change without the config changing (searched in "
                   "each line; repeatable): left out of the fingerprint and of diff's line "
                   "diff, beside timestamps, ntp clock-period and the like")
      ->take_all()
      ->allow_extra_args(false)
      ->check([](const std::string& pattern) {
        RE2 re(pattern, RE2::Quiet);
        return re.ok() ? std::string()
                       : fmt::format("'{}' is not an RE2 pattern: {}", pattern, re.error());
      });
}

// --store and what it enables (parse, check, run): docs/store.md.
static void add_store_options(CLI::App* command, RunOptions* options) {
  command
      ->add_option("--store", options->store,
                   "Record the run in this SQLite run store (created mode 0600): results, "
                   "findings as intervals, configs (redacted unless --show-secrets); see "
                   "cfgsweep runs, history, show DEVICE@RUN, diff --store")
      ->envname("CFGSWEEP_STORE");
  command->add_flag("--incremental", options->incremental,
                    "With --store: a config unchanged since its last stored result (same "
                    "fingerprint, policy and version) reuses that result unparsed (\"reused\": "
                    "true)");
  command->add_flag("--resume", options->resume,
                    "With --store: continue the last run of this same command line if it did "
                    "not finish (killed, power lost): only inputs without a stored result are "
                    "done; starts a new run when there is none to continue");
}

static void add_parse_options(CLI::App* parse, RunOptions* options) {
  parse
      ->add_option("paths", options->paths,
                   "Config files, directories (walked recursively), archives (.tar, .tar.gz, "
                   ".tgz, .tar.zst, .tar.xz, .tar.bz2, .zip), or - to read paths from stdin")
      ->required();
  add_worker_options(parse, options);
  parse
      ->add_option("--include", options->include,
                   "Only files matching this glob (on the name; on the path if it has a '/'); "
                   "repeatable")
      ->take_all()
      ->allow_extra_args(false);
  parse->add_option("--exclude", options->exclude, "Leave out files matching this glob; repeatable")
      ->take_all()
      ->allow_extra_args(false);
}

// The options of every command that parses with the worker pool (parse, query, run).
static void add_worker_options(CLI::App* parse, RunOptions* options) {
  parse->add_option("-j,--jobs", options->jobs, "Worker processes (default: number of cores)")
      ->check(CLI::Range(1, 1024));
  parse->add_option("-o,--output", options->output, "Write JSON Lines here instead of stdout");
  parse->add_flag("--ordered", options->ordered,
                  "Write results in input order (default: as they complete)");
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
  add_detection_options(parse, options);
  add_enum_option<DeviceFrom>(
      parse, "--device-from", &options->device_from,
      "What names a result's device: name (the file name without its extensions, the "
      "default), hostname (the config's own, else the file name) or path; a fetched "
      "config's device is its inventory name");
  add_ignore_lines_option(parse, options);
  parse->add_option("--metrics", options->metrics,
                    "Write the run's counts, durations and memory here at the end, in "
                    "Prometheus' text format, atomically (node_exporter's textfile collector)");
  parse->add_flag("-q,--quiet", options->quiet, "No summary or progress on stderr");
}

static void add_query_options(CLI::App* query, RunOptions* options) {
  query
      ->add_option("--match", options->match,
                   "RE2 pattern for the line to find (anchored at its start); repeat to give a "
                   "path of parents, e.g. --match 'router bgp' --match 'neighbor'")
      ->required()
      ->take_all()
      ->allow_extra_args(false);
  query->add_option("--child", options->child, "Only lines with a direct child matching this")
      ->take_all()
      ->allow_extra_args(false);
  query
      ->add_option("--no-child", options->no_child, "Only lines with no direct child matching this")
      ->take_all()
      ->allow_extra_args(false);
}

static void add_show_options(CLI::App* show, RunOptions* options) {
  show->add_option("file", options->paths,
                   "One config file; with --store, DEVICE@RUN (RUN: an id from `cfgsweep "
                   "runs`, or last): the config the run store kept")
      ->required()
      ->expected(1);
  show->add_option("--store", options->store, "The run store to read DEVICE@RUN from")
      ->envname("CFGSWEEP_STORE");
  auto* modes = show->add_option_group("what to show");
  auto choose = [options](RunOptions::ShowMode mode) {
    return [options, mode] {
      options->show_mode = mode;
      options->show_mode_chosen = true;
    };
  };
  modes->add_flag_callback("--tree", choose(RunOptions::ShowMode::kTree),
                           "The parsed tree, indented, with line numbers");
  modes->add_flag_callback(
      "--model", choose(RunOptions::ShowMode::kModel),
      "The normalized model and its coverage, as indented JSON (default for a file)");
  modes->add_flag_callback("--json", choose(RunOptions::ShowMode::kJson),
                           "The whole result object, as `parse` writes it");
  modes->add_flag_callback("--config", choose(RunOptions::ShowMode::kConfig),
                           "The config text (default for DEVICE@RUN)");
  modes->require_option(0, 1);
  add_detection_options(show, options);
}

// --report FORMAT=PATH, repeatable: check, run and merge.
static void add_report_option(CLI::App* command, RunOptions* options) {
  command
      ->add_option_function<std::vector<std::string>>(
          "--report",
          [options](const std::vector<std::string>& specs) {
            for (const std::string& spec : specs)
              options->reports.push_back(*parse_report_request(spec));  // checked below
          },
          "Also write a report: FORMAT=PATH, FORMAT one of json (summary), csv (a row "
          "per config and rule), junit, sarif, html (one self-contained page); repeatable")
      ->check([](const std::string& spec) {
        auto request = parse_report_request(spec);
        return request ? std::string() : request.error().message;
      })
      ->take_all()
      ->allow_extra_args(false);
}

// --shard, --shard-by, --shard-run (docs/scale-out.md). `inventory`: the command selects
// hosts from an inventory, which --shard-by needs.
static void add_shard_options(CLI::App* command, RunOptions* options, bool inventory) {
  auto checked = [](auto parse) {
    return [parse](const std::string& text) {
      if (auto parsed = parse(text); !parsed) throw CLI::ValidationError(parsed.error().message);
    };
  };
  command->add_option_function<std::string>(
      "--shard",
      checked([options](const std::string& t) { return parse_shard(t, &options->shard); }),
      "Do shard I of N (I/N, from 0/N): the devices whose name hashes to I; needs -o FILE, "
      "beside which FILE.shard.json is written for `cfgsweep merge`");
  if (inventory)
    command->add_option_function<std::string>(
        "--shard-by",
        checked([options](const std::string& t) { return parse_shard_by(t, &options->shard); }),
        "Do the inventory's hosts whose FIELD is VALUE (FIELD=VALUE, e.g. data.site=dc1; "
        "FIELD= for the hosts without it); with --shard, a part of them");
  command->add_option("--shard-run", options->shard.label,
                      "What this run's shards share and other runs' do not (the Slurm array "
                      "job id, a CI pipeline id): merge refuses shards of another run");
}

static void add_policy_options(CLI::App* command, RunOptions* options, bool required) {
  command->add_flag("--remediation", options->check_remediation,
                    "Failed intended-config rules carry the commands that fix them "
                    "(docs/remediation.md; IOS-like CLIs)");
  auto* policy =
      command->add_option("-p,--policy", options->policy,
                          "Policy file (YAML, docs/policy.md) to check each config against");
  if (required) policy->required();
  add_enum_option<Severity>(
      command, "--fail-on", &options->fail_on,
      "Exit 1 when a rule of this severity or higher fails: info, low (default), "
      "medium, high, critical");
  add_report_option(command, options);
}

// The inventory and SSH options of fetch and run.
// `backups`: fetch and run save backups (--out, --redact); remediate fetches the running
// configs only, and has an --out of its own.
static void add_fleet_options(CLI::App* fetch, RunOptions* options, bool backups = true) {
  FetchOptions& f = options->fetch;
  auto* inventory =
      fetch->add_option("-I,--inventory", f.inventory,
                        "Nornir SimpleInventory directory or hosts.yaml, a .csv, or a host list");
  if (backups) inventory->required();
  fetch->add_option("--limit", f.limit, "Only hosts whose name matches this glob; repeatable")
      ->take_all()
      ->allow_extra_args(false);
  fetch
      ->add_option("--filter", f.filter,
                   "Only hosts with FIELD=GLOB (name, hostname, platform, group, data.KEY); "
                   "repeatable, all must hold")
      ->take_all()
      ->allow_extra_args(false);
  if (backups)
    fetch->add_option("--out", f.out,
                      "Save each config as DIR/NAME.cfg (atomically; a failed fetch keeps the old "
                      "file)");
  fetch->add_option("-c,--concurrency", f.concurrency, "Sessions at once (default 100)")
      ->check(CLI::Range(1, 10000));
  fetch
      ->add_option("--connect-timeout", f.connect_timeout,
                   "Seconds for TCP connect, key exchange and authentication (default 10)")
      ->check(CLI::Range(0.1, 3600.0));
  fetch->add_option("--command-timeout", f.command_timeout, "Seconds per command (default 60)")
      ->check(CLI::Range(0.1, 86400.0));
  fetch->add_option("--deadline", f.deadline, "Seconds for the whole run (default: none)")
      ->check(CLI::Range(0.0, 604800.0));
  fetch
      ->add_option("--retries", f.retries,
                   "Tries again after refused, reset or timed-out connections (default 2; "
                   "never after an authentication failure)")
      ->check(CLI::Range(0, 10));
  add_enum_option<HostKeyPolicy>(
      fetch, "--host-keys", &f.host_keys,
      "strict (default): only hosts in known_hosts; accept-new: record unknown "
      "hosts, refuse changed keys; off: no checking (unsafe)");
  fetch->add_option("--known-hosts", f.known_hosts,
                    "known_hosts file (default ~/.ssh/known_hosts)");
  fetch->add_option("--ssh-config", f.ssh_config,
                    "ssh_config file to honour (default ~/.ssh/config and /etc/ssh/ssh_config)");
  fetch
      ->add_option("-i,--identity", f.identities,
                   "Private key file; repeatable (default: the agent, then ~/.ssh/id_*)")
      ->take_all()
      ->allow_extra_args(false);
  fetch->add_option("--passphrase-env", f.passphrase_env,
                    "Environment variable holding the key passphrase");
  fetch->add_option("--password-env", f.password_env,
                    "Environment variable holding the login password");
  fetch->add_option("--password-file", f.password_file,
                    "File holding the login password (first line)");
  fetch->add_option("-u,--username", f.username,
                    "User for hosts whose inventory and ssh config name none");
  if (backups)
    fetch->add_flag("--redact", f.redact,
                    "Replace secrets (password hashes, keys, SNMP communities) with <redacted> in "
                    "the saved configs");
  add_enum_option<SessionMode>(
      fetch, "--mode", &f.mode,
      "exec (default): an exec channel per command; shell: an interactive CLI on a "
      "pty (prompt, paging off, --More-- answered); a host's data.mode overrides");
  fetch
      ->add_option("--prompt", f.prompt,
                   "Shell mode: RE2 pattern for the whole prompt line (default: a host name "
                   "ending in #, >, % or $)")
      ->check([](const std::string& pattern) {
        RE2 re(pattern, RE2::Quiet);
        return re.ok() ? std::string() : fmt::format("bad --prompt pattern: {}", re.error());
      });
  fetch->add_option("--enable-secret-env", f.enable_secret_env,
                    "Shell mode: environment variable holding the enable secret (used when the "
                    "prompt ends in '>')");
}

namespace {

using Command = RunOptions::Command;

// The subcommands that parse configs with the worker pool, and `show`.
void add_parse_commands(CLI::App* app, RunOptions* options,
                        std::vector<std::pair<CLI::App*, Command>>* commands) {
  CLI::App* parse = app->add_subcommand(
      "parse", "Parse configs with a pool of worker processes; one JSON object per input");
  add_parse_options(parse, options);
  add_store_options(parse, options);
  add_shard_options(parse, options, /*inventory=*/false);
  CLI::App* query = app->add_subcommand(
      "query",
      "Find lines by parent/child patterns across many configs; one JSON object per match");
  add_parse_options(query, options);
  add_query_options(query, options);
  CLI::App* show = app->add_subcommand(
      "show", "Show what cfgsweep understood of one config: tree, model or result");
  add_show_options(show, options);
  CLI::App* check = app->add_subcommand(
      "check", "Check configs against a policy; one JSON object per input, with its findings");
  add_parse_options(check, options);
  add_store_options(check, options);
  add_shard_options(check, options, /*inventory=*/false);
  add_policy_options(check, options, /*required=*/true);
  check->add_option("-I,--inventory", options->fetch.inventory,
                    "Inventory (as for fetch) whose groups, tags, roles, platform and data the "
                    "policy's applies_to and {{ variables }} use; a config is matched to the "
                    "device named like its file, else like its hostname");
  commands->insert(commands->end(), {{parse, Command::kParse},
                                     {query, Command::kQuery},
                                     {show, Command::kShow},
                                     {check, Command::kCheck}});
}

// The run store's readers: runs and history (docs/store.md).
void add_store_commands(CLI::App* app, RunOptions* options,
                        std::vector<std::pair<CLI::App*, Command>>* commands) {
  CLI::App* runs = app->add_subcommand("runs", "The runs a run store (--store) remembers");
  runs->add_option("--store", options->store, "The run store")->envname("CFGSWEEP_STORE");
  runs->add_flag("--text", options->diff_text, "One line per run for people instead of JSON");
  CLI::App* history = app->add_subcommand(
      "history",
      "From a run store: when each device's config changed, when each finding appeared and "
      "cleared");
  history->add_option("device", options->paths, "Only this device")->expected(0, 1);
  history->add_option("--store", options->store, "The run store")->envname("CFGSWEEP_STORE");
  history->add_option("--rule", options->rule, "Only the findings of this rule");
  history->add_flag("--text", options->diff_text, "Lines for people instead of JSON");
  commands->insert(commands->end(), {{runs, Command::kRuns}, {history, Command::kHistory}});
}

// cfgsweep remediate (docs/remediation.md).
void add_remediate_command(CLI::App* app, RunOptions* options,
                           std::vector<std::pair<CLI::App*, Command>>* commands) {
  CLI::App* remediate = app->add_subcommand(
      "remediate",
      "The commands that take each device from its running config to its intended one "
      "(and back), verified; one JSON object per device");
  auto& r = options->remediate;
  auto* running =
      remediate
          ->add_option("--running", r.running,
                       "Running configs: files or directories; repeatable (or --inventory: "
                       "fetch them over SSH)")
          ->take_all()
          ->allow_extra_args(false);
  add_fleet_options(remediate, options, /*backups=*/false);
  running->excludes(remediate->get_option("--inventory"));
  remediate
      ->add_option("--intended", r.intended,
                   "Intended configs, paired with the running ones by device name; repeatable")
      ->required()
      ->take_all()
      ->allow_extra_args(false);
  remediate->add_option("--platform", r.platform,
                        "The driver for every device (default: from each running config's "
                        "vendor): ios, iosxe, nxos, eos, iosxr, asa, junos, vyos, fortios");
  remediate->add_option("--driver", r.driver_file,
                        "A driver file (YAML, docs/remediation.md) instead of a built-in one");
  remediate->add_option("--out", r.out_dir,
                        "Also write DIR/<device>.txt (and <device>.rollback.txt), mode 0600");
  remediate->add_flag("--rollback", r.rollback, "Also the commands that undo the remediation");
  remediate->add_flag("--text", options->diff_text,
                      "The commands as they are pasted into the CLI instead of JSON");
  remediate->add_flag("--show-secrets", options->show_secrets,
                      "Secrets in clear in the commands (redacted by default)");
  remediate->add_option("-j,--jobs", options->jobs, "Devices at once (default: number of cores)")
      ->check(CLI::Range(1, 1024));
  remediate
      ->add_option("--max-file-size", options->max_file_size,
                   "Larger configs fail with an error, e.g. 64M (default 128M)")
      ->transform(CLI::AsSizeValue(false));
  remediate->get_option("--driver")->excludes(remediate->get_option("--platform"));
  remediate->add_option("-o,--output", options->output, "Write JSON Lines here instead of stdout");
  add_shard_options(remediate, options, /*inventory=*/true);
  commands->insert(commands->end(), {{remediate, Command::kRemediate}});
}

// diff, and the subcommands that reach devices over SSH.
void add_run_commands(CLI::App* app, RunOptions* options,
                      std::vector<std::pair<CLI::App*, Command>>* commands) {
  CLI::App* diff = app->add_subcommand(
      "diff",
      "What changed between two runs' JSON Lines: findings new and fixed, configs "
      "added, removed, changed, newly failing");
  diff->add_option("runs", options->paths,
                   "OLD.jsonl NEW.jsonl: the earlier and the later run; with --store, two run "
                   "ids (default: the last two finished runs)")
      ->expected(0, 2);
  diff->add_option("--store", options->store,
                   "Compare two runs of this run store (line diffs from its configs)");
  diff->add_flag("--text", options->diff_text,
                 "A summary for people, with the lines of each changed config, instead of JSON");
  add_enum_option<Severity>(diff, "--fail-on", &options->diff_fail_on,
                            "Exit 1 when a finding new in the later run fails at this severity "
                            "or higher: info, low, medium, high, critical");
  add_ignore_lines_option(diff, options);
  diff->add_flag("--show-secrets", options->show_secrets,
                 "Secrets in clear in the configs' line diffs (redacted by default)");
  CLI::App* fetch = app->add_subcommand(
      "fetch", "Fetch configs from devices over SSH, concurrently; one JSON object per device");
  add_fleet_options(fetch, options);
  fetch->add_option("-o,--output", options->output, "Write JSON Lines here instead of stdout");
  fetch->add_flag("-q,--quiet", options->quiet, "No summary on stderr");
  add_shard_options(fetch, options, /*inventory=*/true);
  fetch
      ->add_option("--store", options->store,
                   "Record the fetch in this SQLite run store: each device's line and its "
                   "config (redacted, zstd, once per content); see cfgsweep runs, history, "
                   "show DEVICE@RUN, diff --store")
      ->envname("CFGSWEEP_STORE");
  CLI::App* run = app->add_subcommand(
      "run", "Fetch configs over SSH and parse each as it arrives; one JSON object per config");
  add_fleet_options(run, options);
  add_worker_options(run, options);
  add_store_options(run, options);
  add_policy_options(run, options, /*required=*/false);
  add_shard_options(run, options, /*inventory=*/true);
  commands->insert(commands->end(),
                   {{diff, Command::kDiff}, {fetch, Command::kFetch}, {run, Command::kRun}});
}

// cfgsweep merge (docs/scale-out.md).
void add_merge_command(CLI::App* app, RunOptions* options,
                       std::vector<std::pair<CLI::App*, Command>>* commands) {
  CLI::App* merge = app->add_subcommand(
      "merge",
      "Merge the shards of one run (--shard) into that run: JSON Lines, reports, run store, "
      "summary and exit code");
  merge
      ->add_option("shards", options->paths,
                   "Each shard's FILE.shard.json, or the FILE its -o named; every shard of the "
                   "run, once")
      ->required();
  merge->add_option("-o,--output", options->output, "Write JSON Lines here instead of stdout");
  merge->add_flag("--ordered", options->ordered,
                  "In input order (files as a one-machine --ordered run, devices in inventory "
                  "order) instead of shard by shard");
  add_report_option(merge, options);
  merge->add_option("--policy", options->policy,
                    "The shards' policy, for --report, when it is not where they read it "
                    "(it must be the same file)");
  merge
      ->add_option("--store", options->store,
                   "Add the merged run to this run store, from the shards' stores")
      ->envname("CFGSWEEP_STORE");
  merge->add_flag("-q,--quiet", options->quiet, "No summary on stderr");
  commands->insert(commands->end(), {{merge, Command::kMerge}});
}

// A sharded run writes FILE.shard.json beside its -o FILE; --shard-run and --shard-by
// only mean something in a sharded run.
std::optional<std::string> shard_mistake(const RunOptions& options) {
  const ShardSpec& shard = options.shard;
  if (!shard.active()) {
    if (!shard.label.empty()) return "--shard-run names the shards of a run: give --shard I/N too";
    return std::nullopt;
  }
  if (options.output.empty() || options.output == "-")
    return "a sharded run needs -o FILE: `cfgsweep merge` reads FILE and FILE.shard.json";
  if (!shard.by_field.empty() && options.fetch.inventory.empty())
    return "--shard-by selects inventory hosts: give --inventory";
  if (options.command == RunOptions::Command::kRemediate && options.diff_text)
    return "a sharded remediate writes JSON Lines for merge: leave out --text (--out DIR "
           "writes each device's commands as text)";
  return std::nullopt;
}

}  // namespace

std::optional<int> parse_command_line(int argc, char** argv, RunOptions* options) {
  CLI::App app{"cfgsweep: parse network device configurations in bulk", "cfgsweep"};
  app.set_version_flag("-V,--version", "cfgsweep " CFGSWEEP_VERSION);
  app.require_subcommand(1);
  std::vector<std::pair<CLI::App*, Command>> commands;
  add_parse_commands(&app, options, &commands);
  add_run_commands(&app, options, &commands);
  add_store_commands(&app, options, &commands);
  add_remediate_command(&app, options, &commands);
  add_merge_command(&app, options, &commands);
  app.footer(
      "Exit codes: 0 all inputs parsed (and compliant), 1 a rule at or above --fail-on failed, "
      "2 some inputs failed, 64 usage error, 66 no input, "
      "70 internal error, 71 cannot set up workers or shared memory, 74 output error, "
      "130 interrupted.");
  try {  // CLI11 reports by exception: its boundary, caught here and printed by CLI11 itself
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return to_int(ExitStatus::kUsage);
  }
  for (const auto& [command, which] : commands)
    if (command->parsed()) options->command = which;
  options->argv.assign(argv + 1, argv + argc);
  if (auto mistake = shard_mistake(*options)) {
    std::fprintf(stderr, "cfgsweep: %s\n", mistake->c_str());
    return to_int(ExitStatus::kUsage);
  }
  options->fetch.shard = options->shard;
  if (options->jobs == 0)
    options->jobs = std::max(1u, static_cast<unsigned>(sysconf(_SC_NPROCESSORS_ONLN)));
  options->progress = !options->quiet && ::isatty(STDERR_FILENO);
  return std::nullopt;
}

}  // namespace cfgsweep
