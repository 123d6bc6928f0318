#include "engine/remediate_command.h"

#include <fcntl.h>
#include <libssh/libssh.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <xxhash.h>

#include <fmt/format.h>

#include "common/atomic_file.h"
#include "common/device_name.h"
#include "common/fd.h"
#include "common/json_writer.h"
#include "common/terminal_text.h"
#include "engine/archive_reader.h"
#include "engine/fleet/fetch_pool.h"
#include "engine/fleet/fleet_plan.h"
#include "engine/input_walker.h"
#include "engine/shard_ledger.h"
#include "parse/format_detect.h"
#include "parse/secret_redactor.h"
#include "remediate/config_lines.h"
#include "remediate/driver.h"
#include "remediate/remediation.h"
#include "worker/config_input.h"

namespace cfgsweep {

namespace {

namespace fs = std::filesystem;

Error remediate_error(ExitStatus status, std::string message) {
  return Error{status, std::move(message), "remediate"};
}

// One device: its running and intended configs (either may be missing: an error result).
struct Pair {
  std::string device;
  std::string running;  // a path, or "ssh:DEVICE" for a config fetched with --inventory
  std::string intended;
  bool fetched = false;      // running_text holds the running config (fetched, or a member)
  std::string running_text;  // the config (the outputs of its commands, or the member's)
  std::string fetch_error;   // why there is no running config
  bool intended_in_memory = false;
  std::string intended_text;  // an archive member's
  std::string intended_error;
};

// --inventory: the devices' running configs over SSH (the fetch stage of `cfgsweep fetch`,
// with its host-key checking, retries and concurrency), by inventory name.
// `fleet`: every shard's hosts (--shard: this shard's are fetched).
Result<std::map<std::string, Pair>> fetch_running(const RunOptions& options,
                                                  FleetPlan::Universe* fleet) {
  auto plan = prepare_fleet(options.fetch);
  if (!plan) return std::unexpected(remediate_error(plan.error().status, plan.error().message));
  *fleet = (*plan)->universe;
  std::map<std::string, Pair> fetched;
  std::mutex lock;
  std::atomic<bool> stop{false};
  ssh_init();
  FetchPool pool((*plan)->settings, (*plan)->retry, (*plan)->concurrency,
                 (*plan)->deadline_seconds);
  pool.run((*plan)->jobs,
           [&](DeviceResult r) {
             Pair pair;
             pair.device = r.job->host->name;
             pair.running = "ssh:" + pair.device;
             pair.fetched = true;
             if (r.attempt.status == FetchStatus::kOk)
               for (const CommandOutput& out : r.attempt.outputs) pair.running_text += out.text;
             else
               pair.fetch_error =
                   fmt::format("cannot fetch the running config: {} ({}: {})",
                               enum_name(r.attempt.status), r.attempt.phase, r.attempt.message);
             std::lock_guard hold(lock);
             fetched[pair.device] = std::move(pair);
           },
           stop);
  ssh_finalize();
  return fetched;
}

// The files a PATH names: itself, or the regular files under it (sorted, recursively).
Result<std::vector<std::string>> files_of(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec))
    return std::unexpected(
        remediate_error(ExitStatus::kNoInput, fmt::format("{}: no such file or directory", path)));
  if (!fs::is_directory(path, ec)) return std::vector<std::string>{path};
  std::vector<std::string> files;
  for (auto it = fs::recursive_directory_iterator(
           path, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (it->is_directory() && (name == ".git" || name == ".svn" || name == ".hg")) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) files.push_back(it->path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// One config named on the command line: a file, or an archive's member (read into memory).
struct Input {
  std::string label;   // the path, or "ARCHIVE:MEMBER"
  std::string device;  // the file's (or member's) name without its extensions
  bool in_memory = false;
  std::string text;   // in memory: the member
  std::string error;  // in memory: why it was not read
};

// The configs a PATH names: a file, the files under a directory, an archive's members.
Result<> add_inputs(const std::string& path, uint64_t max_size, std::vector<Input>* out) {
  auto files = files_of(path);
  if (!files) return std::unexpected(files.error());
  for (const std::string& file : *files) {
    if (!is_archive_name(file)) {
      out->push_back({file, file_device_name(file)});
      continue;
    }
    auto members = read_archive_members(file, max_size);
    if (!members)
      return std::unexpected(remediate_error(members.error().status, members.error().message));
    for (ArchiveMember& m : *members)
      out->push_back({file + ":" + m.name, file_device_name(m.name), true, std::move(m.text),
                      std::move(m.error)});
  }
  return {};
}

// Running and intended configs paired by device name (the file name without extensions),
// as every command names devices; one file on each side is one pair whatever the names.
Result<std::vector<Pair>> pair_inputs(const RunOptions& options, FleetPlan::Universe* fleet) {
  if (!options.fetch.inventory.empty()) {
    auto fetched = fetch_running(options, fleet);
    if (!fetched) return std::unexpected(fetched.error());
    for (const std::string& p : options.remediate.intended) {
      auto files = files_of(p);
      if (!files) return std::unexpected(files.error());
      for (const std::string& path : *files) {
        Pair& pair = (*fetched)[file_device_name(path)];
        if (pair.device.empty()) pair.device = file_device_name(path);
        pair.intended = path;
      }
    }
    std::vector<Pair> pairs;
    for (auto& [device, pair] : *fetched) pairs.push_back(std::move(pair));
    return pairs;
  }
  if (options.remediate.running.empty())
    return std::unexpected(remediate_error(
        ExitStatus::kUsage, "give the running configs: --running PATH, or --inventory INV"));
  std::vector<Input> running, intended;
  for (const std::string& p : options.remediate.running)
    if (auto added = add_inputs(p, options.max_file_size, &running); !added)
      return std::unexpected(added.error());
  for (const std::string& p : options.remediate.intended)
    if (auto added = add_inputs(p, options.max_file_size, &intended); !added)
      return std::unexpected(added.error());
  if (running.empty() || intended.empty())
    return std::unexpected(
        remediate_error(ExitStatus::kNoInput, "no config files in the paths given"));
  const bool single = options.remediate.running.size() == 1 &&
                      options.remediate.intended.size() == 1 && running.size() == 1 &&
                      intended.size() == 1 && !running[0].in_memory && !intended[0].in_memory &&
                      !fs::is_directory(options.remediate.running[0]);
  if (single) intended[0].device = running[0].device;
  std::map<std::string, Pair> by_device;
  std::vector<std::string> duplicates;
  auto add = [&](Input& input, bool is_running) {
    Pair& pair = by_device[input.device];
    pair.device = input.device;
    std::string& slot = is_running ? pair.running : pair.intended;
    if (!slot.empty())
      duplicates.push_back(fmt::format("{} ({} and {})", input.device, slot, input.label));
    slot = input.label;
    if (!input.in_memory) return;
    if (is_running) {
      pair.fetched = true;
      pair.running_text = std::move(input.text);
      pair.fetch_error = input.error.empty() ? "" : input.label + ": " + input.error;
    } else {
      pair.intended_in_memory = true;
      pair.intended_text = std::move(input.text);
      pair.intended_error = input.error.empty() ? "" : input.label + ": " + input.error;
    }
  };
  for (Input& input : running) add(input, true);
  for (Input& input : intended) add(input, false);
  if (!duplicates.empty())
    return std::unexpected(remediate_error(
        ExitStatus::kUsage,
        fmt::format("two configs for one device on one side: {}", fmt::join(duplicates, "; "))));
  std::vector<Pair> pairs;
  for (auto& [device, pair] : by_device) pairs.push_back(std::move(pair));
  return pairs;
}

// What one device's remediation produced.
struct Outcome {
  std::string json;      // its JSON line
  std::string text;      // --text: the commands as pasted
  std::string rollback;  // ... and back
  bool failed = false;
};

std::string shown(const std::string& line, bool show_secrets) {
  return show_secrets ? line : redact_line(line);
}

void write_commands(JsonWriter* json, std::string_view key,
                    const std::vector<RemediationCommand>& commands, bool show_secrets) {
  json->key(key);
  json->begin_array();
  for (const RemediationCommand& c : commands) {
    json->begin_object();
    json->field("command", shown(c.text, show_secrets));
    json->key("context");
    json->begin_array();
    for (const std::string& section : c.context) json->string(shown(section, show_secrets));
    json->end_array();
    json->field("action", action_name(c.action));
    json->key("running_line");
    c.running_line ? json->number(uint64_t{c.running_line}) : json->null();
    json->key("intended_line");
    c.intended_line ? json->number(uint64_t{c.intended_line}) : json->null();
    json->end_object();
  }
  json->end_array();
}

std::string redacted_text(const std::string& text, bool show_secrets) {
  if (show_secrets) return text;
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    const std::size_t indent = line.find_first_not_of(' ');
    out += std::string(line.substr(0, indent == std::string_view::npos ? line.size() : indent));
    if (indent != std::string_view::npos) out += redact_line(line.substr(indent));
    out += '\n';
    start = end + 1;
  }
  return out;
}

// Reads a config for remediation: a regular file, at most --max-file-size.
Result<std::string> read_config(const std::string& path, uint64_t max_size) {
  ConfigInput input;
  std::string_view bytes;
  ResultError error;
  if (!input.load(path, max_size, &bytes, &error))
    return make_error(ExitStatus::kInputsFailed, fmt::format("{}: {}", path, error.message));
  return std::string(bytes);
}

Result<Driver> driver_for(const RunOptions& options, std::string_view running_text) {
  if (!options.remediate.driver_file.empty())
    return load_driver_file(options.remediate.driver_file);
  if (!options.remediate.platform.empty()) return builtin_driver(options.remediate.platform);
  auto platform = platform_for_vendor(detect_format(running_text).vendor);
  if (!platform)
    return make_error(ExitStatus::kInputsFailed,
                      "cannot tell the platform from the running config: give --platform");
  return builtin_driver(*platform);
}

// The remediation of one pair, verified both ways.
struct Computed {
  Driver driver;
  std::vector<RemediationCommand> forward, back;
};

Result<Computed> compute(const Pair& pair, const RunOptions& options) {
  if (!pair.fetch_error.empty()) return make_error(ExitStatus::kInputsFailed, pair.fetch_error);
  if (pair.running.empty())
    return make_error(ExitStatus::kInputsFailed,
                      fmt::format("no running config for device '{}' (intended: {})", pair.device,
                                  pair.intended));
  if (pair.intended.empty())
    return make_error(
        ExitStatus::kInputsFailed,
        fmt::format("no intended config for device '{}' (running: {})", pair.device, pair.running));
  auto running_text = pair.fetched ? Result<std::string>(pair.running_text)
                                   : read_config(pair.running, options.max_file_size);
  if (!running_text) return std::unexpected(running_text.error());
  if (!pair.intended_error.empty())
    return make_error(ExitStatus::kInputsFailed, pair.intended_error);
  auto intended_text = pair.intended_in_memory ? Result<std::string>(pair.intended_text)
                                               : read_config(pair.intended, options.max_file_size);
  if (!intended_text) return std::unexpected(intended_text.error());
  auto driver = driver_for(options, *running_text);
  if (!driver) return std::unexpected(driver.error());
  auto running = read_config_lines(*running_text, *driver);
  if (!running)
    return make_error(ExitStatus::kInputsFailed,
                      fmt::format("{}: {}", pair.running, running.error().message));
  auto intended = read_config_lines(*intended_text, *driver);
  if (!intended)
    return make_error(ExitStatus::kInputsFailed,
                      fmt::format("{}: {}", pair.intended, intended.error().message));
  Computed c{std::move(*driver), {}, {}};
  c.forward = remediate(*running, *intended, c.driver);
  // Verified before it is written: applied to the running config, it must give the
  // intended one; never a list that would leave the device elsewhere.
  if (auto differs = first_difference(apply(*running, c.forward, c.driver), *intended, c.driver,
                                      !options.show_secrets))
    return make_error(ExitStatus::kInputsFailed,
                      fmt::format("the remediation would not converge: after it, {}", *differs));
  c.back = remediate(*intended, *running, c.driver);
  if (auto differs = first_difference(apply(*intended, c.back, c.driver), *running, c.driver,
                                      !options.show_secrets))
    return make_error(ExitStatus::kInputsFailed,
                      fmt::format("the rollback would not converge: after it, {}", *differs));
  return c;
}

Outcome remediate_pair(const Pair& pair, const RunOptions& options) {
  Outcome outcome;
  JsonWriter json;
  json.begin_object();
  json.field("device", pair.device);
  json.key("running");
  pair.running.empty() ? json.null() : json.string(pair.running);
  json.key("intended");
  pair.intended.empty() ? json.null() : json.string(pair.intended);
  auto computed = compute(pair, options);
  if (!computed) {
    outcome.failed = true;
    json.key("platform");
    json.null();
    json.field("status", std::string_view("error"));
    json.key("errors");
    json.begin_array();
    json.begin_object();
    json.field("message", computed.error().message);
    json.end_object();
    json.end_array();
    json.end_object();
    outcome.json = std::string(json.view());
    outcome.text = fmt::format("! {}: {}\n", pair.device, computed.error().message);
    return outcome;
  }
  const bool show = options.show_secrets;
  json.field("platform", computed->driver.platform);
  json.field("status", std::string_view("ok"));
  json.field("verified", true);
  std::map<std::string_view, uint64_t> counts{
      {"add", 0}, {"remove", 0}, {"replace", 0}, {"overwrite", 0}};
  for (const RemediationCommand& c : computed->forward) ++counts[action_name(c.action)];
  json.key("counts");
  json.begin_object();
  for (const auto& [name, n] : counts) json.field(name, n);
  json.end_object();
  write_commands(&json, "commands", computed->forward, show);
  if (options.remediate.rollback) write_commands(&json, "rollback", computed->back, show);
  json.end_object();
  outcome.json = std::string(json.view());
  outcome.text = redacted_text(remediation_text(computed->forward, computed->driver), show);
  outcome.rollback = redacted_text(remediation_text(computed->back, computed->driver), show);
  return outcome;
}

// --out DIR: DIR/<device>.txt and, with --rollback, DIR/<device>.rollback.txt, written to a
// temporary name and renamed, mode 0600 (the commands can hold secrets with --show-secrets).
Result<> write_file(const std::string& dir, const std::string& name, const std::string& text) {
  const std::string path = (fs::path(dir) / name).string();
  if (std::string failed = write_file_atomically(path, text, 0600); !failed.empty())
    return std::unexpected(remediate_error(ExitStatus::kIoError, std::move(failed)));
  return {};
}

// A device name as a file name: no directories, no hidden files.
std::string file_name_of(const std::string& device) {
  std::string name = device;
  for (char& c : name)
    if (c == '/' || c == '\0') c = '_';
  if (name.empty() || name[0] == '.') name = "_" + name;
  return name;
}

// --shard: keeps this shard's pairs. The run's devices are every pair's and, with
// --inventory, every shard's hosts; a pair's place is its device's in their sorted list.
// --shard-by: an inventory host's pair is its shard's (where it was fetched); a device the
// inventory does not hold has no value of the field, like a host without it.
ShardLedger::Universe keep_shard_pairs(const ShardSpec& shard, const FleetPlan::Universe& fleet,
                                       std::vector<Pair>* pairs, std::vector<uint64_t>* places) {
  std::set<std::string> devices;
  for (const auto& [name, place] : fleet.position) devices.insert(name);
  bool outsiders = false;  // devices the inventory does not hold
  for (const Pair& pair : *pairs) {
    outsiders = outsiders || !fleet.position.contains(pair.device);
    devices.insert(pair.device);
  }
  ShardLedger::Universe universe;
  universe.values = fleet.values;
  if (!shard.by_field.empty() && outsiders &&
      std::find(universe.values.begin(), universe.values.end(), "") == universe.values.end())
    universe.values.insert(universe.values.begin(), "");
  universe.digest = fleet.digest;
  std::map<std::string, uint64_t> place;
  for (const std::string& device : devices) {
    place.emplace(device, universe.inputs++);
    universe.digest = XXH3_64bits_withSeed(device.data(), device.size(), universe.digest);
  }
  std::erase_if(*pairs, [&](const Pair& pair) {
    if (!shard.by_field.empty() &&
        !(fleet.position.contains(pair.device) ? pair.fetched : shard.by_value.empty()))
      return true;
    return !in_hash_shard(shard, pair.device);
  });
  for (const Pair& pair : *pairs) places->push_back(place.at(pair.device));
  return universe;
}

// The JSON Lines (or --text) to -o FILE, or stdout.
Result<void> write_output(const std::string& path, const std::string& text) {
  Fd file;
  if (!path.empty() && path != "-") {
    file.reset(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (!file.valid())
      return std::unexpected(
          remediate_error(ExitStatus::kIoError,
                          fmt::format("cannot open --output {}: {}", path, errno_text(errno))));
  }
  if (!write_all(file.valid() ? file.get() : STDOUT_FILENO, text))
    return std::unexpected(remediate_error(ExitStatus::kIoError, "cannot write the output"));
  return {};
}

}  // namespace

Result<ExitStatus> run_remediate(const RunOptions& options) {
  // The driver given is checked before any config is read.
  if (!options.remediate.driver_file.empty()) {
    auto driver = load_driver_file(options.remediate.driver_file);
    if (!driver)
      return std::unexpected(remediate_error(driver.error().status, driver.error().message));
  } else if (!options.remediate.platform.empty()) {
    auto driver = builtin_driver(options.remediate.platform);
    if (!driver)
      return std::unexpected(remediate_error(driver.error().status, driver.error().message));
  }
  if (!options.remediate.out_dir.empty()) {
    std::error_code ec;
    fs::create_directories(options.remediate.out_dir, ec);
    if (ec || !fs::is_directory(options.remediate.out_dir))
      return std::unexpected(remediate_error(
          ExitStatus::kIoError, fmt::format("cannot make --out {}: {}", options.remediate.out_dir,
                                            ec ? ec.message() : "not a directory")));
  }
  FleetPlan::Universe fleet;
  auto pairs = pair_inputs(options, &fleet);
  if (!pairs) return std::unexpected(pairs.error());
  std::optional<ShardLedger> shard;
  ShardLedger::Universe universe;
  std::vector<uint64_t> positions;
  if (options.shard.active()) {
    shard.emplace(options, !options.fetch.inventory.empty(), std::vector<std::string>());
    universe = keep_shard_pairs(options.shard, fleet, &*pairs, &positions);
  }
  // Devices in parallel, --jobs threads: a remediation is CPU work on two parsed trees.
  std::vector<Outcome> outcomes(pairs->size());
  std::atomic<std::size_t> next{0};
  const unsigned threads =
      std::max(1u, std::min<unsigned>(options.jobs, static_cast<unsigned>(pairs->size())));
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      for (std::size_t i; (i = next++) < pairs->size();)
        outcomes[i] = remediate_pair((*pairs)[i], options);
    });
  for (std::thread& thread : pool) thread.join();

  std::string out;
  bool failed = false;
  for (std::size_t i = 0; i < pairs->size(); ++i) {
    const Outcome& o = outcomes[i];
    failed = failed || o.failed;
    if (options.diff_text) {
      out += fmt::format("! {}\n{}", (*pairs)[i].device, o.failed ? o.text : o.text);
      if (options.remediate.rollback && !o.failed)
        out += fmt::format("! {} rollback\n{}", (*pairs)[i].device, o.rollback);
    } else {
      out += o.json + "\n";
    }
    if (!options.remediate.out_dir.empty() && !o.failed) {
      const std::string name = file_name_of((*pairs)[i].device);
      if (auto w = write_file(options.remediate.out_dir, name + ".txt", o.text); !w)
        return std::unexpected(w.error());
      if (options.remediate.rollback)
        if (auto w = write_file(options.remediate.out_dir, name + ".rollback.txt", o.rollback); !w)
          return std::unexpected(w.error());
    }
  }
  if (options.diff_text && ::isatty(STDOUT_FILENO)) out = terminal_safe(out);
  if (auto written = write_output(options.output, out); !written)
    return std::unexpected(written.error());
  const ExitStatus outcome = failed ? ExitStatus::kInputsFailed : ExitStatus::kOk;
  if (shard) {
    if (!options.diff_text)
      for (uint64_t position : positions) shard->wrote(position);
    if (auto sealed = shard->finish(universe, to_int(outcome), 0, false, {}); !sealed)
      return std::unexpected(sealed.error());
  }
  return outcome;
}

}  // namespace cfgsweep
