#pragma once

#include <string>
#include <string_view>

namespace cfgsweep {

// Text from configs, file names and device names made safe for a terminal: control
// characters (C0 but newline and tab, DEL, and C1 such as the one-byte CSI) and bytes that
// are not valid UTF-8, and bidirectional overrides and isolates (U+202A-E, U+2066-9), are
// written as "\xNN", so that a config cannot reorder the line, move the cursor, change
// colours or retitle the window of whoever runs `show --tree`, `diff --text` or reads an
// error. Used for every human-readable output; JSON output escapes by itself.
std::string terminal_safe(std::string_view text);

}  // namespace cfgsweep
