#include "worker/volatile_lines.h"

#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cstring>

#include <fmt/format.h>

namespace cfgsweep {

namespace {

bool starts(std::string_view s, std::string_view prefix) { return s.starts_with(prefix); }

bool contains(std::string_view s, std::string_view needle) {
  return s.size() >= needle.size() &&
         memmem(s.data(), s.size(), needle.data(), needle.size()) != nullptr;
}

// "set password ENC <salted>": the value of the set line's key is an ENC blob (not a
// name that merely holds the word).
bool is_enc_value(std::string_view text) {
  std::string_view rest = text.substr(4);  // after "set "
  std::size_t space = rest.find(' ');
  return space != std::string_view::npos && rest.substr(space + 1).starts_with("ENC ");
}

// The built-in patterns, tested by the line's first character so that a line costs a
// switch and, for comment lines, a few comparisons.
bool default_volatile(std::string_view line) {
  std::size_t indent = line.find_first_not_of(" \t");
  if (indent == std::string_view::npos) return false;
  std::string_view text = line.substr(indent);
  switch (text.front()) {
    case '!':  // IOS, NX-OS, EOS, IOS-XR headers; RANCID's comment header
      return starts(text, "! Last configuration change at ") ||
             starts(text, "! NVRAM config last updated at ") ||
             starts(text, "!! Last configuration change at ") || starts(text, "!Time: ") ||
             starts(text, "!Running configuration last done at") ||
             starts(text, "! Startup-config last modified at") || starts(text, "! Time: ") ||
             contains(text, "uptime") || contains(text, "Uptime");
    case '#':  // Junos, FortiOS
      return starts(text, "## Last commit: ") || starts(text, "## Last changed: ") ||
             starts(text, "#conf_file_ver=");
    case ':':  // ASA
      return starts(text, ": Written by ");
    case 'C':
      return starts(text, "Cryptochecksum:") || starts(text, "Current configuration : ");
    case 'n':
      return starts(text, "ntp clock-period ");
    case 's':  // FortiOS: "set password ENC <salted>", re-encrypted on every export; its set
               // lines are indented in their blocks (Junos and VyOS set files are not)
      return indent > 0 && starts(text, "set ") && is_enc_value(text);
    case '<':  // Junos XML: the commit time as attributes of a <configuration> tag on a
               // line of its own (a whole document on one line is not left out)
      return starts(text, "<configuration ") && text.back() == '>' &&
             text.find('>') == text.size() - 1 &&
             (contains(text, "junos:changed-seconds=") || contains(text, "junos:commit-seconds="));
    default:
      return false;
  }
}

template <typename Visit>
void each_line(std::string_view config, Visit visit) {
  while (!config.empty()) {
    std::size_t end = config.find('\n');
    std::string_view line = config.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    visit(line);
    if (end == std::string_view::npos) break;
    config.remove_prefix(end + 1);
  }
}

}  // namespace

Result<VolatileLines> VolatileLines::with_patterns(const std::vector<std::string>& patterns) {
  VolatileLines v;
  if (patterns.empty()) return v;
  std::string alternation;
  for (const std::string& p : patterns) {
    RE2 one(p, RE2::Quiet);
    if (!one.ok())
      return std::unexpected(Error{ExitStatus::kUsage,
                                   fmt::format("ignore_lines pattern '{}': {}", p, one.error()),
                                   "ignore-lines"});
    alternation += fmt::format("{}(?:{})", alternation.empty() ? "" : "|", p);
  }
  auto re = std::make_shared<RE2>(alternation, RE2::Quiet);
  if (!re->ok()) return std::unexpected(Error{ExitStatus::kUsage, re->error(), "ignore-lines"});
  v.user_ = std::move(re);
  return v;
}

bool VolatileLines::is_volatile(std::string_view line) const {
  return default_volatile(line) || (user_ && RE2::PartialMatch(line, *user_));
}

std::string VolatileLines::fingerprint(std::string_view config, uint64_t* layout) const {
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  // With `layout`: the numbers of the volatile lines, then the line count.
  std::vector<uint64_t> positions;
  uint64_t number = 0;
  if (!config.empty() && std::memchr(config.data(), '\r', config.size())) {
    // CRLF: line by line, each with a plain newline, so that it hashes as LF would.
    each_line(config, [&](std::string_view line) {
      ++number;
      if (is_volatile(line)) {
        if (layout) positions.push_back(number);
        return;
      }
      XXH3_64bits_update(state, line.data(), line.size());
      XXH3_64bits_update(state, "\n", 1);
    });
  } else {
    // The kept lines in runs: one update per run between volatile lines, not per line.
    const char* run = config.data();
    std::size_t pos = 0;
    while (pos < config.size()) {
      ++number;
      std::size_t end = config.find('\n', pos);
      std::size_t next = end == std::string_view::npos ? config.size() : end + 1;
      if (is_volatile(config.substr(pos, next - pos - (end == std::string_view::npos ? 0 : 1)))) {
        XXH3_64bits_update(state, run, static_cast<std::size_t>(config.data() + pos - run));
        run = config.data() + next;
        if (layout) positions.push_back(number);
      }
      pos = next;
    }
    XXH3_64bits_update(state, run, static_cast<std::size_t>(config.data() + config.size() - run));
    // The last line without its newline hashes as with one, as in the CRLF path.
    if (!config.empty() && config.back() != '\n' && run < config.data() + config.size())
      XXH3_64bits_update(state, "\n", 1);
  }
  uint64_t hash = XXH3_64bits_digest(state);
  XXH3_freeState(state);
  if (layout) {
    positions.push_back(number);
    *layout = XXH3_64bits(positions.data(), positions.size() * sizeof(uint64_t));
  }
  return fmt::format("{:016x}", hash);
}

uint64_t VolatileLines::layout(std::string_view config) const {
  uint64_t layout = 0;
  fingerprint(config, &layout);
  return layout;
}

std::vector<std::string> VolatileLines::kept_lines(std::string_view config) const {
  std::vector<std::string> lines;
  each_line(config, [&](std::string_view line) {
    if (!is_volatile(line)) lines.emplace_back(line);
  });
  return lines;
}

std::string_view default_volatile_lines_help() {
  return "timestamps ('! Last configuration change at', '! NVRAM config last updated at', "
         "'!Time:', '## Last commit:', '## Last changed:', ASA ': Written by', "
         "Junos XML junos:changed-seconds), 'ntp clock-period', uptimes in comment headers, "
         "'Cryptochecksum:', 'Current configuration : N bytes', FortiOS '#conf_file_ver=' "
         "and 'set ... ENC ...' secrets re-encrypted on every export";
}

}  // namespace cfgsweep
