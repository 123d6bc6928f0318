#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <re2/re2.h>

#include "common/error.h"

namespace cfgsweep {

// Lines that change on every fetch without the configuration changing: timestamps
// ("! Last configuration change at", "## Last commit:", "!Time:", ASA ": Written by"),
// `ntp clock-period`, counters and uptimes in RANCID's comment header, FortiOS secrets
// re-encrypted with a fresh salt on every export ("set password ENC ..."), checksums and
// sizes derived from the rest. They are left out of a config's fingerprint and of `diff`'s
// line diff, so a config whose only differences are such lines is not "changed"; the saved
// backup itself stays byte-exact. Users add their own (--ignore-lines, a policy's
// `ignore_lines`): RE2 patterns searched in each line.
class VolatileLines {
 public:
  // The default patterns only.
  VolatileLines() = default;
  // The defaults and `patterns`; an invalid pattern is an error naming it (kUsage).
  static Result<VolatileLines> with_patterns(const std::vector<std::string>& patterns);

  // Whether `line` (without its newline) is volatile.
  bool is_volatile(std::string_view line) const;
  // XXH3-64 of the config's lines that are not volatile, each with its newline ('\r'
  // before it dropped): the fingerprint of results, 16 hex digits.
  // With `layout`, sets it to layout(config) in the same pass.
  std::string fingerprint(std::string_view config, uint64_t* layout = nullptr) const;
  // Where the volatile lines are: XXH3-64 of their line numbers and of the line count. Two
  // configs with one fingerprint and one layout number every kept line alike, so a result
  // (its lines, its evidence) made from one holds for the other (--incremental).
  uint64_t layout(std::string_view config) const;
  // The config's lines that are not volatile ('\r' dropped), for a line diff.
  std::vector<std::string> kept_lines(std::string_view config) const;

 private:
  // The user's patterns as one alternation, searched once per line.
  std::shared_ptr<const RE2> user_;
};

// The built-in patterns, in words, for help texts and docs.
std::string_view default_volatile_lines_help();

}  // namespace cfgsweep
