#include "engine/fleet/shell_session.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace cfgsweep {

namespace {

// What pagers print when they wait for a key: IOS/NX-OS/EOS " --More-- ", ASA
// "<--- More --->", Junos "---(more)---", FortiOS "--More--".
const RE2& pager_prompt() {
  static const RE2 pattern(R"((?i)(<?-+ ?\(?more\)? ?-+>?|--more--)\s*$)");
  return pattern;
}

std::string_view last_line(std::string_view text) {
  auto newline = text.find_last_of('\n');
  return newline == std::string_view::npos ? text : text.substr(newline + 1);
}

// How long the device must stay quiet after a prompt for the prompt to count: a config line
// that happens to end in '#' or '>' is followed by more text at once.
constexpr auto kPromptSettle = std::chrono::milliseconds(150);

}  // namespace

std::string clean_terminal_text(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '\r') continue;
    if (c == '\b') {
      if (!out.empty() && out.back() != '\n') out.pop_back();
      continue;
    }
    if (c == '\x1b') {  // CSI: ESC [ params final-byte; other escapes: ESC + one byte
      if (i + 1 < raw.size() && raw[i + 1] == '[') {
        i += 2;
        while (i < raw.size() && !(raw[i] >= '@' && raw[i] <= '~')) ++i;
      } else {
        ++i;
      }
      continue;
    }
    out += c;
  }
  return out;
}

ShellSession::~ShellSession() {
  if (channel_) {
    ssh_channel_close(channel_);
    ssh_channel_free(channel_);
  }
}

bool ShellSession::fail(std::string message, bool timeout) {
  error_ = std::move(message);
  timed_out_ = timeout;
  return false;
}

bool ShellSession::send(std::string_view text) {
  if (ssh_channel_write(channel_, text.data(), static_cast<uint32_t>(text.size())) ==
      static_cast<int>(text.size()))
    return true;
  return fail("the device closed the shell");
}

bool ShellSession::open(ssh_session session, const ShellScript& script,
                        Clock::time_point deadline) {
  prompt_pattern_ =
      script.prompt_pattern.empty() ? std::string(kDefaultPromptPattern) : script.prompt_pattern;
  channel_ = ssh_channel_new(session);
  if (!channel_ || ssh_channel_open_session(channel_) != SSH_OK ||
      ssh_channel_request_pty_size(channel_, "vt100", 511, 24) != SSH_OK ||
      ssh_channel_request_shell(channel_) != SSH_OK)
    return fail(fmt::format("cannot open a shell: {}", ssh_get_error(session)));
  std::string banner;
  if (!read_until(Until::kPrompt, deadline, &banner)) return false;
  if (!script.enable_secret.empty() && clean_terminal_text(last_line(banner)).ends_with(">")) {
    std::string text;
    if (!send("enable\n") || !read_until(Until::kPasswordPrompt, deadline, &text) ||
        !send(script.enable_secret + "\n") || !read_until(Until::kPrompt, deadline, &text))
      return false;
    if (!clean_terminal_text(last_line(text)).ends_with("#")) {
      enable_refused_ = true;
      return fail("enable mode was refused (wrong secret?)");
    }
  }
  std::string ignored;
  if (!script.disable_paging.empty() &&
      (!send(script.disable_paging + "\n") || !read_until(Until::kPrompt, deadline, &ignored)))
    return false;
  return true;
}

bool ShellSession::run(const std::string& command, Clock::time_point deadline,
                       std::string* output) {
  std::string raw;
  if (!send(command + "\n") || !read_until(Until::kPrompt, deadline, &raw)) return false;
  std::string text = clean_terminal_text(raw);
  auto echo_end = text.find('\n');  // the command, echoed by the pty
  text.erase(0, echo_end == std::string::npos ? text.size() : echo_end + 1);
  text.erase(text.size() - last_line(text).size());  // the trailing prompt
  *output = std::move(text);
  return true;
}

bool ShellSession::read_until(Until until, Clock::time_point deadline, std::string* out) {
  const RE2 prompt(prompt_pattern_);
  std::array<char, 65536> buffer;
  auto quiet_since = Clock::time_point::max();  // max: not at a prompt
  for (;;) {
    auto now = Clock::now();
    if (now >= deadline) return fail("no prompt before the command timeout", true);
    int wait = static_cast<int>(std::clamp<long long>(
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count(), 1, 50));
    int n = ssh_channel_read_timeout(channel_, buffer.data(), buffer.size(), 0, wait);
    if (n == SSH_ERROR) return fail("the connection broke during the shell session");
    if (n == 0 && ssh_channel_is_eof(channel_)) return fail("the device closed the shell");
    if (n > 0) {
      out->append(buffer.data(), static_cast<std::size_t>(n));
      quiet_since = Clock::time_point::max();
    }
    std::string tail = clean_terminal_text(last_line(*out));
    if (RE2::PartialMatch(tail, pager_prompt())) {
      out->erase(out->size() - last_line(*out).size());  // the pager's own prompt
      if (!send(" ")) return false;
      continue;
    }
    bool at_prompt = until == Until::kPasswordPrompt ? tail.find("assword:") != std::string::npos
                                                     : RE2::FullMatch(tail, prompt);
    if (!at_prompt || n > 0) continue;
    if (quiet_since == Clock::time_point::max()) quiet_since = Clock::now();
    if (Clock::now() - quiet_since >= kPromptSettle) return true;
  }
}

}  // namespace cfgsweep
