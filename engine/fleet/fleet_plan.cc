#include "engine/fleet/fleet_plan.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include <fmt/format.h>

#include "engine/fleet/platform_commands.h"

namespace cfgsweep {

namespace {

std::chrono::milliseconds to_ms(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

// The commands for one host: its data.commands, else `cat` of its data.files (linux),
// else its platform's.
std::vector<std::string> commands_for(const InventoryHost& host) {
  if (!host.commands.empty()) return host.commands;
  if (auto files = host.data.find("files"); files != host.data.end()) {
    std::vector<std::string> commands;
    std::string_view list = files->second;
    while (!list.empty()) {
      auto comma = list.find(',');
      commands.push_back(fmt::format("cat '{}'", list.substr(0, comma)));
      list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    }
    return commands;
  }
  if (const PlatformCommands* platform = commands_for_platform(host.platform))
    return platform->commands;
  throw SetupError{
      ExitStatus::kUsage,
      fmt::format("{}: host '{}' has platform '{}', which has no default command; "
                  "set data.commands (or data.files for linux), or use one of: {}",
                  host.source, host.name, host.platform.empty() ? "(none)" : host.platform,
                  known_platforms())};
}

std::string secret_from_env(const std::string& variable, std::string_view what) {
  if (variable.empty()) return {};
  const char* value = std::getenv(variable.c_str());
  if (value == nullptr || *value == '\0')
    throw SetupError{
        ExitStatus::kUsage,
        fmt::format("the environment variable {} (the {}) is not set", variable, what)};
  return value;
}

std::string secret_from_file(const std::string& path) {
  if (path.empty()) return {};
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line))
    throw SetupError{ExitStatus::kNoInput, fmt::format("cannot read the password file {}", path)};
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

SshSettings settings_from(const FetchOptions& f) {
  SshSettings s;
  s.host_keys = f.host_keys == "off"          ? HostKeyPolicy::kOff
                : f.host_keys == "accept-new" ? HostKeyPolicy::kAcceptNew
                                              : HostKeyPolicy::kStrict;
  s.known_hosts = f.known_hosts;
  s.ssh_config = f.ssh_config;
  for (const std::string& key : f.identities)
    if (::access(key.c_str(), R_OK) != 0)
      throw SetupError{ExitStatus::kNoInput, fmt::format("cannot read the key file {}", key)};
  if (!f.ssh_config.empty() && ::access(f.ssh_config.c_str(), R_OK) != 0)
    throw SetupError{ExitStatus::kNoInput,
                     fmt::format("cannot read --ssh-config {}", f.ssh_config)};
  s.identities = f.identities;
  s.key_passphrase = secret_from_env(f.passphrase_env, "key passphrase");
  s.password = secret_from_env(f.password_env, "password");
  if (s.password.empty()) s.password = secret_from_file(f.password_file);
  s.username = f.username;
  s.mode = f.mode == "shell" ? SessionMode::kShell : SessionMode::kExec;
  s.prompt_pattern = f.prompt;
  s.enable_secret = secret_from_env(f.enable_secret_env, "enable secret");
  s.connect_timeout = to_ms(f.connect_timeout);
  s.command_timeout = to_ms(f.command_timeout);
  return s;
}

std::vector<InventoryHost> hosts_from(const FetchOptions& f) {
  try {
    auto hosts = select_hosts(load_inventory(f.inventory), f.limit, f.filter);
    if (hosts.empty())
      throw SetupError{ExitStatus::kNoInput,
                       "no host of the inventory matches --limit and --filter"};
    return hosts;
  } catch (const InventoryError& e) {
    ExitStatus status =
        ::access(f.inventory.c_str(), F_OK) == 0 ? ExitStatus::kUsage : ExitStatus::kNoInput;
    throw SetupError{status, e.what()};
  }
}

}  // namespace

std::unique_ptr<FleetPlan> prepare_fleet(const FetchOptions& options) {
  auto plan = std::make_unique<FleetPlan>();
  plan->hosts = hosts_from(options);
  plan->jobs.reserve(plan->hosts.size());
  for (const InventoryHost& h : plan->hosts) plan->jobs.push_back({&h, commands_for(h)});
  plan->settings = settings_from(options);
  if (plan->settings.host_keys == HostKeyPolicy::kOff)
    std::fprintf(stderr,
                 "cfgsweep: warning: host keys are not checked (--host-keys off): anyone in the "
                 "path can read these configs and their secrets\n");
  plan->retry.retries = options.retries;
  plan->concurrency = options.concurrency;
  plan->deadline_seconds = options.deadline;
  if (!options.out.empty()) {
    try {
      plan->store.emplace(options.out, options.redact);
    } catch (const std::runtime_error& e) {
      throw SetupError{ExitStatus::kIoError, e.what()};
    }
  }
  return plan;
}

}  // namespace cfgsweep
