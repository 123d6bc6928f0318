#include "engine/fleet/fleet_plan.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <set>

#include <xxhash.h>

#include <fmt/format.h>

#include "engine/fleet/platform_commands.h"

namespace cfgsweep {

namespace {

std::chrono::milliseconds to_ms(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

// `word` quoted for a POSIX shell: in single quotes, each quote in it written '\''. The
// remote shell then reads it as one word, whatever it holds.
std::string shell_quoted(std::string_view word) {
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  return out + "'";
}

bool has_control_character(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// The files a linux host's data.files names: a YAML list or one name (a CSV column or host
// list field holds one name; a comma is part of it).
std::vector<std::string> files_of(const InventoryHost& host) {
  if (!host.files.empty()) return host.files;
  if (auto files = host.data.find("files"); files != host.data.end()) return {files->second};
  return {};
}

// The commands for one host: its data.commands, else `cat` of its data.files (linux),
// else its platform's; nullopt when there are none to run.
std::optional<std::vector<std::string>> commands_for(const InventoryHost& host) {
  if (!host.commands.empty()) return host.commands;
  if (std::vector<std::string> files = files_of(host); !files.empty()) {
    std::vector<std::string> commands;
    for (const std::string& file : files) commands.push_back("cat -- " + shell_quoted(file));
    return commands;
  }
  if (const PlatformCommands* platform = commands_for_platform(host.platform))
    return platform->commands;
  return std::nullopt;
}

// What each host runs, and how (data.mode); every host's mistake is reported.
Result<std::vector<FetchJob>> jobs_for(const std::vector<InventoryHost>& hosts) {
  std::vector<FetchJob> jobs;
  jobs.reserve(hosts.size());
  Diagnostics mistakes;
  for (const InventoryHost& h : hosts) {
    if (auto mode = h.data.find("mode");
        mode != h.data.end() && !enum_from_name<SessionMode>(mode->second))
      mistakes.add(fmt::format("{}: host '{}' has data.mode '{}'; use one of: {}", h.source, h.name,
                               mode->second, enum_name_list<SessionMode>()));
    for (const std::string& file : files_of(h))
      if (file.empty() || has_control_character(file))
        mistakes.add(
            fmt::format("{}: host '{}' has a data.files name that is empty or holds a "
                        "control character (a newline?); name each file on its own",
                        h.source, h.name));
    std::optional<std::vector<std::string>> commands = commands_for(h);
    if (!commands) {
      mistakes.add(fmt::format(
          "{}: host '{}' has platform '{}', which has no default command; "
          "set data.commands (or data.files for linux), or use one of: {}",
          h.source, h.name, h.platform.empty() ? "(none)" : h.platform, known_platforms()));
      continue;
    }
    jobs.push_back({&h, std::move(*commands)});
  }
  if (!mistakes.empty()) return std::unexpected(mistakes.to_error(ExitStatus::kUsage));
  return jobs;
}

// Two devices whose names map to one backup file (`sub/dir` and `sub_dir`) would overwrite
// each other's config while both report ok: an error naming both, before any session.
Result<void> check_backup_names(const BackupStore& store, const std::vector<FetchJob>& jobs) {
  std::map<std::string, const InventoryHost*> owner;
  Diagnostics mistakes;
  for (const FetchJob& job : jobs)
    for (std::size_t i = 0; i < job.commands.size(); ++i) {
      std::string path = store.path_for(job.host->name, i);
      auto [it, added] = owner.emplace(path, job.host);
      if (!added && it->second != job.host)
        mistakes.add(
            fmt::format("{}: hosts '{}' and '{}' would both be saved as {}; rename one of them",
                        job.host->source, it->second->name, job.host->name, path));
    }
  if (!mistakes.empty()) return std::unexpected(mistakes.to_error(ExitStatus::kUsage));
  return {};
}

Result<std::string> secret_from_env(const std::string& variable, std::string_view what) {
  if (variable.empty()) return std::string();
  const char* value = std::getenv(variable.c_str());
  if (value == nullptr || *value == '\0')
    return make_error(
        ExitStatus::kUsage,
        fmt::format("the environment variable {} (the {}) is not set", variable, what));
  return std::string(value);
}

Result<std::string> secret_from_file(const std::string& path) {
  if (path.empty()) return std::string();
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line))
    return make_error(ExitStatus::kNoInput, fmt::format("cannot read the password file {}", path));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// The files the SSH settings name must be readable now, not at the first connection.
Result<void> check_ssh_files(const FetchOptions& f) {
  for (const std::string& key : f.identities)
    if (::access(key.c_str(), R_OK) != 0)
      return make_error(ExitStatus::kNoInput, fmt::format("cannot read the key file {}", key));
  if (!f.ssh_config.empty() && ::access(f.ssh_config.c_str(), R_OK) != 0)
    return make_error(ExitStatus::kNoInput,
                      fmt::format("cannot read --ssh-config {}", f.ssh_config));
  return {};
}

Result<SshSettings> settings_from(const FetchOptions& f) {
  if (auto files = check_ssh_files(f); !files) return std::unexpected(files.error());
  auto passphrase = secret_from_env(f.passphrase_env, "key passphrase");
  if (!passphrase) return std::unexpected(passphrase.error());
  auto password = secret_from_env(f.password_env, "password");
  if (!password) return std::unexpected(password.error());
  if (password->empty()) password = secret_from_file(f.password_file);
  if (!password) return std::unexpected(password.error());
  auto enable_secret = secret_from_env(f.enable_secret_env, "enable secret");
  if (!enable_secret) return std::unexpected(enable_secret.error());
  SshSettings s;
  s.host_keys = f.host_keys;
  s.known_hosts = f.known_hosts;
  s.ssh_config = f.ssh_config;
  s.identities = f.identities;
  s.key_passphrase = std::move(*passphrase);
  s.password = std::move(*password);
  s.username = f.username;
  s.mode = f.mode;
  s.prompt_pattern = f.prompt;
  s.enable_secret = std::move(*enable_secret);
  s.connect_timeout = to_ms(f.connect_timeout);
  s.command_timeout = to_ms(f.command_timeout);
  return s;
}

// --shard, --shard-by: notes every shard's hosts in `universe`, then keeps this shard's.
Result<void> keep_shard(const ShardSpec& shard, std::vector<InventoryHost>* hosts,
                        FleetPlan::Universe* universe) {
  if (!shard.by_field.empty() && !is_shard_field(shard.by_field))
    return make_error(ExitStatus::kUsage,
                      fmt::format("--shard-by {}: use name, hostname, platform or data.KEY (a "
                                  "field with one value per host)",
                                  shard.by_field));
  std::set<std::string> values;
  for (const InventoryHost& h : *hosts) {
    universe->position.emplace(h.name, universe->hosts++);
    // What the inventory says of each host, not only its name: a host moved to another site
    // between two shards' runs makes them shards of two runs, not a host lost between them.
    const std::string described = host_description(h);
    universe->digest = XXH3_64bits_withSeed(described.data(), described.size(), universe->digest);
    if (!shard.by_field.empty()) values.insert(host_field(h, shard.by_field).value_or(""));
  }
  universe->values.assign(values.begin(), values.end());
  std::erase_if(*hosts, [&](const InventoryHost& h) {
    if (!shard.by_field.empty() && host_field(h, shard.by_field).value_or("") != shard.by_value)
      return true;
    return !in_hash_shard(shard, h.name);
  });
  return {};
}

Result<std::vector<InventoryHost>> hosts_from(const FetchOptions& f,
                                              FleetPlan::Universe* universe) {
  auto all = load_inventory(f.inventory);
  if (!all) return std::unexpected(prefixed(std::move(all.error()), "inventory: "));
  auto hosts = select_hosts(std::move(*all), f.limit, f.filter);
  if (!hosts) return std::unexpected(hosts.error());
  if (hosts->empty())
    return make_error(ExitStatus::kNoInput,
                      "no host of the inventory matches --limit and --filter");
  // A shard may hold no host (4 shards of 3 hosts): it then writes an empty result.
  if (f.shard.active())
    if (auto kept = keep_shard(f.shard, &*hosts, universe); !kept)
      return std::unexpected(kept.error());
  return hosts;
}

}  // namespace

Result<std::unique_ptr<FleetPlan>> prepare_fleet(const FetchOptions& options) {
  auto plan = std::make_unique<FleetPlan>();
  auto hosts = hosts_from(options, &plan->universe);
  if (!hosts) return std::unexpected(hosts.error());
  plan->hosts = std::move(*hosts);
  auto jobs = jobs_for(plan->hosts);  // points into plan->hosts, which stays put from here
  if (!jobs) return std::unexpected(jobs.error());
  plan->jobs = std::move(*jobs);
  auto settings = settings_from(options);
  if (!settings) return std::unexpected(settings.error());
  plan->settings = std::move(*settings);
  if (plan->settings.host_keys == HostKeyPolicy::kOff)
    std::fprintf(stderr,
                 "cfgsweep: warning: host keys are not checked (--host-keys off): anyone in the "
                 "path can read these configs and their secrets\n");
  plan->retry.retries = options.retries;
  plan->concurrency = options.concurrency;
  plan->deadline_seconds = options.deadline;
  if (!options.out.empty()) {
    auto store = BackupStore::open(options.out, options.redact);
    if (!store) return std::unexpected(store.error());
    if (auto clash = check_backup_names(*store, plan->jobs); !clash)
      return std::unexpected(clash.error());
    plan->store.emplace(std::move(*store));
  }
  return plan;
}

}  // namespace cfgsweep
