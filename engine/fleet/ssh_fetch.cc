#include "engine/fleet/ssh_fetch.h"

#include <libssh/libssh.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <memory>

#include <fmt/format.h>

#include "engine/fleet/platform_commands.h"
#include "engine/fleet/shell_session.h"

namespace cfgsweep {

namespace {

using Clock = std::chrono::steady_clock;

struct SessionDeleter {
  void operator()(ssh_session session) const {
    ssh_disconnect(session);
    ssh_free(session);
  }
};
struct ChannelDeleter {
  void operator()(ssh_channel channel) const { ssh_channel_free(channel); }
};
struct KeyDeleter {
  void operator()(ssh_key key) const { ssh_key_free(key); }
};
using Session = std::unique_ptr<ssh_session_struct, SessionDeleter>;
using Channel = std::unique_ptr<ssh_channel_struct, ChannelDeleter>;
using Key = std::unique_ptr<ssh_key_struct, KeyDeleter>;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Milliseconds left before the nearer of `limit` after now and `deadline`; at least 1.
long long bounded_ms(std::chrono::milliseconds limit, Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return std::max<long long>(1, std::min(limit, left).count());
}

// libssh reports every failure as text; the status set is what scripts act on.
FetchStatus classify(std::string_view error) {
  auto has = [&](std::string_view text) { return error.find(text) != std::string_view::npos; };
  if (has("refused")) return FetchStatus::kRefused;
  if (has("imeout") || has("timed out")) return FetchStatus::kTimeout;
  if (has("resolve") || has("Name or service")) return FetchStatus::kDnsError;
  return FetchStatus::kDisconnected;
}

class DeviceFetch {
 public:
  DeviceFetch(const InventoryHost& host, const SshSettings& settings, KnownHostsWriter* writer,
              Clock::time_point deadline)
      : host_(host), settings_(settings), writer_(writer), deadline_(deadline) {}

  FetchAttempt run(const std::vector<std::string>& commands) {
    if (!open_session() || !resolve() || !connect() || !check_host_key() || !authenticate())
      return std::move(attempt_);
    if (shell_mode()) {
      run_in_shell(commands);
    } else {
      for (const std::string& command : commands)
        if (!run_command(command)) break;
    }
    return std::move(attempt_);
  }

 private:
  bool fail(FetchStatus status, std::string phase, std::string message) {
    attempt_.status = status;
    attempt_.phase = std::move(phase);
    attempt_.message = std::move(message);
    return false;
  }

  std::string session_error() const { return ssh_get_error(session_.get()); }

  // The session with its options, ssh_config applied: a `Host r1` / `HostName 10.0.0.1`
  // alias names the address to resolve, and a ProxyJump means there is none to resolve here.
  bool open_session() {
    session_.reset(ssh_new());
    if (!session_) return fail(FetchStatus::kDisconnected, "connect", "out of memory");
    return configure();
  }

  // Resolving first tells a DNS failure apart from the rest; libssh resolves again. The
  // name is the one ssh_config gave (HostName), and a host reached through a proxy is
  // resolved by the proxy.
  bool resolve() {
    if (has_option(SSH_OPTIONS_PROXYCOMMAND)) return true;
    std::string target = option_text(SSH_OPTIONS_HOST).value_or(host_.hostname);
    auto start = Clock::now();
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    int rc = getaddrinfo(target.c_str(), nullptr, &hints, &found);
    attempt_.times.dns = ms_since(start);
    if (found) freeaddrinfo(found);
    if (rc == 0) return true;
    std::string via = target == host_.hostname
                          ? ""
                          : fmt::format(" (ssh_config's HostName for '{}')", host_.hostname);
    return fail(FetchStatus::kDnsError, "dns",
                fmt::format("cannot resolve '{}'{}: {}", target, via, gai_strerror(rc)));
  }

  std::optional<std::string> option_text(ssh_options_e option) const {
    char* value = nullptr;
    if (ssh_options_get(session_.get(), option, &value) != SSH_OK || value == nullptr)
      return std::nullopt;
    std::string text(value);
    ssh_string_free_char(value);
    return text;
  }
  bool has_option(ssh_options_e option) const { return option_text(option).has_value(); }

  bool set_timeout(std::chrono::milliseconds limit) {
    long long ms = bounded_ms(limit, deadline_);
    long seconds = static_cast<long>(ms / 1000);
    long usec = static_cast<long>(ms % 1000) * 1000;
    return ssh_options_set(session_.get(), SSH_OPTIONS_TIMEOUT, &seconds) == 0 &&
           ssh_options_set(session_.get(), SSH_OPTIONS_TIMEOUT_USEC, &usec) == 0;
  }

  bool configure() {
    ssh_session s = session_.get();
    if (ssh_options_set(s, SSH_OPTIONS_HOST, host_.hostname.c_str()) != 0)
      return fail(FetchStatus::kDnsError, "connect", session_error());
    // ~/.ssh/config (User, Port, IdentityFile, ProxyJump) first; the inventory's values
    // are set after it, so they win.
    if (!settings_.ssh_config.empty()) {
      bool no = false;
      ssh_options_set(s, SSH_OPTIONS_PROCESS_CONFIG, &no);
      if (ssh_options_parse_config(s, settings_.ssh_config.c_str()) != 0)
        return fail(FetchStatus::kDisconnected, "connect",
                    fmt::format("cannot use ssh config {}", settings_.ssh_config));
    } else {
      ssh_options_parse_config(s, nullptr);
    }
    if (host_.port != 0) {
      unsigned port = host_.port;
      ssh_options_set(s, SSH_OPTIONS_PORT, &port);
    }
    if (!host_.username.empty()) {
      ssh_options_set(s, SSH_OPTIONS_USER, host_.username.c_str());
    } else if (!settings_.username.empty()) {
      char* configured = nullptr;
      if (ssh_options_get(s, SSH_OPTIONS_USER, &configured) == 0 && configured != nullptr)
        ssh_string_free_char(configured);
      else
        ssh_options_set(s, SSH_OPTIONS_USER, settings_.username.c_str());
    }
    if (!settings_.known_hosts.empty())
      ssh_options_set(s, SSH_OPTIONS_KNOWNHOSTS, settings_.known_hosts.c_str());
    use_settings_for_jump_hosts();
    return set_timeout(settings_.connect_timeout);
  }

  // libssh 0.10 runs a ProxyJump from ssh_config as "ssh -l U -p P [-J ...] -W '[%h]:%p'
  // JUMP". That ssh would check the jump host against the user's own known_hosts, prompt,
  // and use other keys; give it this run's config, known_hosts, policy and keys instead,
  // and no prompts (BatchMode: the jump host takes keys or the agent, not a password).
  void use_settings_for_jump_hosts() {
    char* proxy = nullptr;
    if (ssh_options_get(session_.get(), SSH_OPTIONS_PROXYCOMMAND, &proxy) != SSH_OK || !proxy)
      return;
    std::string command(proxy);
    ssh_string_free_char(proxy);
    // Only libssh's own translation; a ProxyCommand the user wrote is left as written.
    if (!command.starts_with("ssh ") || command.find(" -W '[%h]:%p' ") == std::string::npos) return;
    auto quoted = [](std::string_view text) {
      std::string out = "'";
      for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
      return out + "'";
    };
    std::string options = "ssh -o BatchMode=yes";
    if (!settings_.ssh_config.empty()) options += " -F " + quoted(settings_.ssh_config);
    if (!settings_.known_hosts.empty())
      options += " -o UserKnownHostsFile=" + quoted(settings_.known_hosts);
    options += settings_.host_keys == HostKeyPolicy::kStrict ? " -o StrictHostKeyChecking=yes"
               : settings_.host_keys == HostKeyPolicy::kAcceptNew
                   ? " -o StrictHostKeyChecking=accept-new"
                   : " -o StrictHostKeyChecking=no";
    options +=
        fmt::format(" -o ConnectTimeout={}", (settings_.connect_timeout.count() + 999) / 1000);
    for (const std::string& key : settings_.identities) options += " -i " + quoted(key);
    command.replace(0, 3, options);
    ssh_options_set(session_.get(), SSH_OPTIONS_PROXYCOMMAND, command.c_str());
  }

  bool connect() {
    auto start = Clock::now();
    int rc = ssh_connect(session_.get());
    attempt_.times.connect = ms_since(start);
    if (rc == SSH_OK) return true;
    std::string error = session_error();
    return fail(classify(error), "connect", error);
  }

  bool check_host_key() {
    if (settings_.host_keys == HostKeyPolicy::kOff) return true;
    switch (ssh_session_is_known_server(session_.get())) {
      case SSH_KNOWN_HOSTS_OK:
        return true;
      case SSH_KNOWN_HOSTS_CHANGED:
      case SSH_KNOWN_HOSTS_OTHER:
        return fail(FetchStatus::kHostkeyMismatch, "hostkey",
                    fmt::format("the host key of {} differs from the one in known_hosts: "
                                "the device was replaced, or someone is in between",
                                host_.hostname));
      case SSH_KNOWN_HOSTS_UNKNOWN:
      case SSH_KNOWN_HOSTS_NOT_FOUND:
        if (settings_.host_keys == HostKeyPolicy::kAcceptNew) {
          std::lock_guard hold(writer_->lock);
          if (ssh_session_update_known_hosts(session_.get()) == SSH_OK) return true;
          return fail(FetchStatus::kHostkeyUnknown, "hostkey",
                      fmt::format("cannot record the host key: {}", session_error()));
        }
        return fail(FetchStatus::kHostkeyUnknown, "hostkey",
                    fmt::format("{} is not in known_hosts (strict host key checking; "
                                "--host-keys accept-new records new keys)",
                                host_.hostname));
      case SSH_KNOWN_HOSTS_ERROR:
        break;
    }
    return fail(FetchStatus::kHostkeyUnknown, "hostkey",
                fmt::format("cannot check the host key: {}", session_error()));
  }

  // Tries, in order: the key files given, else the agent and default keys (and ssh
  // config's IdentityFile), then the password. A refusal is final; an error is not.
  bool authenticate() {
    auto start = Clock::now();
    ssh_session s = session_.get();
    const char* passphrase =
        settings_.key_passphrase.empty() ? nullptr : settings_.key_passphrase.c_str();
    int rc = SSH_AUTH_DENIED;  // no "none" probe first: it costs the device a round trip
    for (std::size_t i = 0;
         rc != SSH_AUTH_SUCCESS && rc != SSH_AUTH_ERROR && i < settings_.identities.size(); ++i) {
      ssh_key raw = nullptr;
      if (ssh_pki_import_privkey_file(settings_.identities[i].c_str(), passphrase, nullptr, nullptr,
                                      &raw) != SSH_OK) {
        attempt_.times.auth = ms_since(start);
        return fail(
            FetchStatus::kAuthFailed, "auth",
            fmt::format("cannot read the key {} (wrong passphrase?)", settings_.identities[i]));
      }
      Key key(raw);
      rc = ssh_userauth_publickey(s, nullptr, key.get());
    }
    if (rc != SSH_AUTH_SUCCESS && rc != SSH_AUTH_ERROR && settings_.identities.empty())
      rc = ssh_userauth_publickey_auto(s, nullptr, passphrase);
    const std::string& password = host_.password.empty() ? settings_.password : host_.password;
    if (rc != SSH_AUTH_SUCCESS && rc != SSH_AUTH_ERROR && !password.empty())
      rc = ssh_userauth_password(s, nullptr, password.c_str());
    attempt_.times.auth = ms_since(start);
    if (rc == SSH_AUTH_SUCCESS) return true;
    if (rc == SSH_AUTH_ERROR) {
      std::string error = session_error();
      return fail(classify(error), "auth", error);
    }
    return fail(FetchStatus::kAuthFailed, "auth",
                fmt::format("{} refused every method tried (keys{})", host_.hostname,
                            password.empty() ? "" : ", password"));
  }

  bool run_command(const std::string& command) {
    auto start = Clock::now();
    auto finish = [&](bool ok) {
      attempt_.times.commands += ms_since(start);
      return ok;
    };
    Channel channel(ssh_channel_new(session_.get()));
    if (!channel || ssh_channel_open_session(channel.get()) != SSH_OK ||
        ssh_channel_request_exec(channel.get(), command.c_str()) != SSH_OK) {
      std::string error = session_error();
      FetchStatus status = classify(error);
      if (status == FetchStatus::kDisconnected && ssh_is_connected(session_.get()))
        status = FetchStatus::kCommandFailed;
      return finish(fail(status, "command", fmt::format("'{}': {}", command, error)));
    }
    CommandOutput output{command, {}, -1};
    std::string errors;  // the first 4 KB, for the message
    auto command_deadline = std::min(deadline_, start + settings_.command_timeout);
    std::array<char, 65536> buffer;
    while (!ssh_channel_is_eof(channel.get())) {
      if (Clock::now() >= command_deadline)
        return finish(fail(
            FetchStatus::kTimeout, "command",
            fmt::format("'{}' printed {} bytes, then nothing more for the rest of "
                        "{} s",
                        command, output.text.size(), settings_.command_timeout.count() / 1000.0)));
      int wait = static_cast<int>(
          std::min<long long>(1000, bounded_ms(settings_.command_timeout, command_deadline)));
      int n = ssh_channel_read_timeout(channel.get(), buffer.data(), buffer.size(), 0, wait);
      if (n == SSH_ERROR)
        return finish(fail(FetchStatus::kDisconnected, "command",
                           fmt::format("the connection broke after {} bytes of '{}': {}",
                                       output.text.size(), command, session_error())));
      if (n > 0) output.text.append(buffer.data(), static_cast<std::size_t>(n));
      // Unread stderr keeps the channel from reporting EOF, so drain it as it comes.
      read_stderr(channel.get(), &errors, &buffer);
    }
    read_stderr(channel.get(), &errors, &buffer);
    ssh_channel_send_eof(channel.get());
    output.exit_status = ssh_channel_get_exit_status(channel.get());
    ssh_channel_close(channel.get());
    bool failed = output.exit_status > 0;
    bool empty = output.text.empty();
    attempt_.outputs.push_back(std::move(output));
    if (failed)
      return finish(
          fail(FetchStatus::kCommandFailed, "command",
               fmt::format("'{}' exited with status {}{}{}", command,
                           attempt_.outputs.back().exit_status, errors.empty() ? "" : ": ",
                           errors.substr(0, errors.find('\n')))));
    if (empty)
      return finish(
          fail(FetchStatus::kEmptyOutput, "command", fmt::format("'{}' printed nothing", command)));
    return finish(true);
  }

  static void read_stderr(ssh_channel channel, std::string* errors,
                          std::array<char, 65536>* buffer) {
    for (int n;
         (n = ssh_channel_read_nonblocking(channel, buffer->data(), buffer->size(), 1)) > 0;) {
      std::size_t room = 4096 - std::min<std::size_t>(4096, errors->size());
      errors->append(buffer->data(), std::min(static_cast<std::size_t>(n), room));
    }
  }

  bool shell_mode() const {
    auto mode = host_.data.find("mode");
    if (mode != host_.data.end())  // checked by prepare_fleet
      return enum_from_name<SessionMode>(mode->second) == SessionMode::kShell;
    return settings_.mode == SessionMode::kShell;
  }

  // All commands in one interactive session: prompt, paging off, enable, each command.
  void run_in_shell(const std::vector<std::string>& commands) {
    auto start = Clock::now();
    const PlatformCommands* platform = commands_for_platform(host_.platform);
    ShellScript script{settings_.prompt_pattern, platform ? platform->disable_paging : "",
                       settings_.enable_secret};
    ShellSession shell;
    auto open_deadline = std::min(deadline_, start + settings_.command_timeout);
    bool ok = shell.open(session_.get(), script, open_deadline);
    for (std::size_t i = 0; ok && i < commands.size(); ++i) {
      CommandOutput output{commands[i], {}, -1};
      auto command_deadline = std::min(deadline_, Clock::now() + settings_.command_timeout);
      ok = shell.run(commands[i], command_deadline, &output.text);
      if (ok && output.text.empty()) {
        attempt_.outputs.push_back(std::move(output));
        fail(FetchStatus::kEmptyOutput, "command",
             fmt::format("'{}' printed nothing", commands[i]));
        break;
      }
      if (ok) attempt_.outputs.push_back(std::move(output));
    }
    if (!ok && shell.enable_refused())
      fail(FetchStatus::kAuthFailed, "auth", shell.error());
    else if (!ok)
      fail(shell.timed_out() ? FetchStatus::kTimeout : FetchStatus::kDisconnected, "command",
           shell.error());
    attempt_.times.commands = ms_since(start);
  }

  const InventoryHost& host_;
  const SshSettings& settings_;
  KnownHostsWriter* writer_;
  Clock::time_point deadline_;
  Session session_;
  FetchAttempt attempt_;
};

}  // namespace

bool FetchAttempt::retryable() const {
  bool early = phase == "connect" || phase == "dns";
  return early && (status == FetchStatus::kRefused || status == FetchStatus::kTimeout ||
                   status == FetchStatus::kDisconnected);
}

FetchAttempt fetch_device(const InventoryHost& host, const std::vector<std::string>& commands,
                          const SshSettings& settings, KnownHostsWriter* known_hosts,
                          std::chrono::steady_clock::time_point deadline) {
  return DeviceFetch(host, settings, known_hosts, deadline).run(commands);
}

}  // namespace cfgsweep
