#pragma once

#include <string_view>

namespace cfgsweep {

// Test-only fault injection driven by the config's own content, so integration tests can
// make one chosen file crash, hang or exhaust memory in a real worker. A line
// "!cfgsweep-fault: crash|hang|hog" within the first 4 KiB acts only in builds with
// CFGSWEEP_FAULT_INJECTION (the test build); release builds ignore it entirely.
void act_on_fault_marker(std::string_view content);

}  // namespace cfgsweep
