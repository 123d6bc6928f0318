#include "worker/fault_markers.h"

#include <signal.h>
#include <unistd.h>

#include <cstring>
#include <memory>
#include <vector>

#include "common/fault_injection.h"

namespace cfgsweep {

void act_on_fault_marker(std::string_view content) {
  if (!fault_injection::enabled()) return;
  static constexpr std::string_view kMarker = "!cfgsweep-fault: ";
  std::string_view head = content.substr(0, 4096);
  auto at = head.find(kMarker);
  if (at == std::string_view::npos) return;
  std::string_view action = head.substr(at + kMarker.size());
  action = action.substr(0, action.find_first_of("\r\n"));
  if (action == "crash") {
    ::raise(SIGSEGV);
  } else if (action == "hang") {
    for (;;) ::pause();
  } else if (action == "hog") {
    // Touch every page so that the memory is resident, as a runaway parser's would be.
    std::vector<std::unique_ptr<char[]>> hoard;
    for (;;) {
      constexpr std::size_t kChunk = 16 << 20;
      hoard.emplace_back(new char[kChunk]);
      std::memset(hoard.back().get(), 1, kChunk);
      ::usleep(2000);
    }
  }
}

}  // namespace cfgsweep
