#pragma once

#include <string>
#include <vector>

#include "common/enum_names.h"
#include "common/shard.h"

namespace cfgsweep {

// --host-keys: strict (only hosts in known_hosts), accept-new (record unknown hosts, refuse
// changed keys), off (no checking).
enum class HostKeyPolicy { kStrict, kAcceptNew, kOff };
template <>
struct EnumNameTable<HostKeyPolicy> {
  static constexpr auto kNames =
      enum_names<HostKeyPolicy::kStrict, HostKeyPolicy::kOff>("strict", "accept-new", "off");
};

// --mode, and a host's data.mode: exec, one exec channel per command (the default); shell,
// an interactive CLI on a pty, for devices whose exec channel does not work.
enum class SessionMode { kExec, kShell };
template <>
struct EnumNameTable<SessionMode> {
  static constexpr auto kNames =
      enum_names<SessionMode::kExec, SessionMode::kShell>("exec", "shell");
};

// What `cfgsweep fetch` was asked to do (secrets are read from the environment or a file
// when the run starts, never taken from the command line).
struct FetchOptions {
  std::string inventory;
  std::vector<std::string> limit;
  std::vector<std::string> filter;
  std::string out;  // empty: fetch and report, save nothing
  unsigned concurrency = 100;
  double connect_timeout = 10;  // seconds: TCP, key exchange, authentication
  double command_timeout = 60;  // seconds, per command
  double deadline = 0;          // seconds for the whole run; 0: none
  int retries = 2;
  HostKeyPolicy host_keys = HostKeyPolicy::kStrict;
  std::string known_hosts;
  std::string ssh_config;
  std::vector<std::string> identities;
  std::string password_env;
  std::string password_file;
  std::string passphrase_env;
  std::string username;
  SessionMode mode = SessionMode::kExec;
  std::string prompt;  // shell mode: RE2 for the prompt; empty: the default
  std::string enable_secret_env;
  bool redact = false;  // secrets out of the saved configs
  ShardSpec shard;      // --shard, --shard-by: only this shard's hosts are fetched
};

}  // namespace cfgsweep
