#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "remediate/config_lines.h"
#include "remediate/driver.h"

namespace cfgsweep {

// One command of a remediation, entered under its sections (`context`: cli section lines,
// FortiOS `config`/`edit` lines; empty for the set family, whose commands are whole paths).
struct RemediationCommand {
  enum class Action { kAdd, kRemove, kReplace, kOverwrite };
  std::vector<std::string> context;
  std::string text;
  Action action = Action::kAdd;
  uint32_t running_line = 0;   // the line it removes or replaces; 0 for none
  uint32_t intended_line = 0;  // the line it adds; 0 for none
};

// The commands that take `running` to `intended` (docs/remediation.md): lines only in
// running are negated (a section once, never its lines one by one), lines only in intended
// are added (a section with its lines), one-per-key lines are replaced, order-significant
// sections that differ are replaced whole; within a level, commands in the driver's
// weights. Pure; any thread.
std::vector<RemediationCommand> remediate(const ConfigLine& running, const ConfigLine& intended,
                                          const Driver& driver);

// `running` with `commands` applied as the device would apply them (with the same driver):
// what verify() compares with the intended config.
ConfigLine apply(ConfigLine running, const std::vector<RemediationCommand>& commands,
                 const Driver& driver);

// The first difference between two configs, as the driver compares them (the order of
// lines matters only in order-significant sections), or nullopt when they are equal.
// `redact`: the lines the message quotes have their secrets redacted (for output).
std::optional<std::string> first_difference(const ConfigLine& a, const ConfigLine& b,
                                            const Driver& driver, bool redact = false);

// The commands as they are pasted into the device's CLI: sections entered with their own
// line, lines indented under them, left with the driver's exit text; `end` last.
std::string remediation_text(const std::vector<RemediationCommand>& commands, const Driver& driver);

std::string_view action_name(RemediationCommand::Action action);

}  // namespace cfgsweep
