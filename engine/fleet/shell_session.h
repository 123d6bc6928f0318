#pragma once

#include <libssh/libssh.h>

#include <chrono>
#include <string>
#include <string_view>

namespace cfgsweep {

// How to drive one device's interactive CLI.
struct ShellScript {
  std::string prompt_pattern;  // RE2, matched against the last, unfinished line
  std::string disable_paging;  // sent first; empty: none
  std::string enable_secret;   // non-empty: "enable" when the prompt ends in '>'
};

// The default prompt: a host name (letters, digits, ._-:/@()~[]) ending in #, >, % or $.
inline constexpr std::string_view kDefaultPromptPattern = R"([\w.\-:/@()~\[\]]{1,80}[#>%$] ?)";

// An interactive session on a pty, for devices whose exec channel does not work: waits for
// the prompt, disables paging (and still answers --More-- if it shows), enters enable mode
// if asked, runs commands and returns their output without the echoed command, the
// trailing prompt, pager debris, terminal escapes or CRs. Every wait is bounded.
class ShellSession {
 public:
  using Clock = std::chrono::steady_clock;

  ShellSession() = default;
  ShellSession(const ShellSession&) = delete;
  ShellSession& operator=(const ShellSession&) = delete;
  ~ShellSession();

  // Opens the shell and reads to the first prompt; false with `error()` set on failure.
  bool open(ssh_session session, const ShellScript& script, Clock::time_point deadline);
  // Runs one command; false with `error()` set (a timeout, or the device went away).
  bool run(const std::string& command, Clock::time_point deadline, std::string* output);
  const std::string& error() const { return error_; }
  bool timed_out() const { return timed_out_; }
  bool enable_refused() const { return enable_refused_; }

 private:
  enum class Until { kPrompt, kPasswordPrompt };
  // Reads until the buffer ends with the prompt (and nothing more comes for a moment),
  // answering pager prompts. The text read is in *out.
  bool read_until(Until until, Clock::time_point deadline, std::string* out);
  bool send(std::string_view text);
  bool fail(std::string message, bool timeout = false);

  ssh_channel channel_ = nullptr;
  std::string prompt_pattern_;
  std::string error_;
  bool timed_out_ = false;
  bool enable_refused_ = false;
};

// Cleans what a pty printed: drops CRs, terminal escape sequences, and characters erased
// by backspaces (how pagers wipe their --More--).
std::string clean_terminal_text(std::string_view raw);

}  // namespace cfgsweep
