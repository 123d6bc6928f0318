#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "engine/fleet/fetch_options.h"
#include "inventory/inventory.h"

namespace cfgsweep {

// The outcome of fetching one device: a fixed set, so wrapper scripts can act on it.
enum class FetchStatus {
  kOk,
  kDnsError,         // the hostname does not resolve
  kRefused,          // nothing listens on the port
  kTimeout,          // connect, authentication or a command took too long
  kAuthFailed,       // every configured method was refused (never retried)
  kHostkeyUnknown,   // strict checking and the host is not in known_hosts
  kHostkeyMismatch,  // known_hosts has another key for the host: possible attack
  kCommandFailed,    // a command exited non-zero, or the channel could not run it
  kEmptyOutput,      // a command printed nothing
  kDisconnected,     // the connection broke (reset, closed mid-output)
};
inline constexpr std::size_t kFetchStatusCount = 10;
template <>
struct EnumNameTable<FetchStatus> {
  static constexpr auto kNames = enum_names<FetchStatus::kOk, FetchStatus::kDisconnected>(
      "ok", "dns_error", "refused", "timeout", "auth_failed", "hostkey_unknown", "hostkey_mismatch",
      "command_failed", "empty_output", "disconnected");
};

// How to reach devices; the same for every device of a run.
struct SshSettings {
  HostKeyPolicy host_keys = HostKeyPolicy::kStrict;
  std::string known_hosts;                // empty: ~/.ssh/known_hosts
  std::string ssh_config;                 // empty: ~/.ssh/config, then /etc/ssh/ssh_config
  std::vector<std::string> identities;    // private key files; empty: agent and default keys
  std::string key_passphrase;             // secret
  std::string password;                   // secret; empty: no password authentication
  std::string username;                   // when neither the inventory nor ssh config has one
  SessionMode mode = SessionMode::kExec;  // a host's data.mode (exec or shell) overrides it
  std::string prompt_pattern;             // shell mode, RE2; empty: the default prompt
  std::string enable_secret;              // shell mode; secret
  std::chrono::milliseconds connect_timeout{10000};  // TCP connect, key exchange, auth
  std::chrono::milliseconds command_timeout{60000};  // each command, to its last byte
};

struct CommandOutput {
  std::string command;
  std::string text;
  int exit_status = -1;  // -1: the device sent none (many network OSes do not)
};

// Milliseconds spent in each phase of the last attempt.
struct PhaseTimes {
  double dns = 0;
  double connect = 0;  // TCP, key exchange and host key check
  double auth = 0;
  double commands = 0;
};

struct FetchAttempt {
  FetchStatus status = FetchStatus::kOk;
  std::string phase;    // where it failed: dns, connect, hostkey, auth, command
  std::string message;  // for a person; never holds a secret
  std::vector<CommandOutput> outputs;
  PhaseTimes times;
  // Worth another try: refused, reset or timed out before the device was talked to.
  bool retryable() const;
};

// Serializes the known_hosts updates of `accept-new` across the threads of a run.
struct KnownHostsWriter {
  std::mutex lock;
};

// Connects to one device, checks its host key, authenticates, runs `commands` over exec
// channels and returns their output. Blocking, with every wait bounded by the settings'
// timeouts and by `deadline`. Safe to call from many threads at once.
FetchAttempt fetch_device(const InventoryHost& host, const std::vector<std::string>& commands,
                          const SshSettings& settings, KnownHostsWriter* known_hosts,
                          std::chrono::steady_clock::time_point deadline);

}  // namespace cfgsweep
