// The inventory loader on any file; the first byte picks the kind (Nornir YAML, CSV, host
// list). Hosts, or an error that is not "internal".
#include "common/exit_status.h"
#include "fuzz_support.h"
#include "inventory/inventory.h"

using namespace cfgsweep;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static constexpr const char* kExtensions[] = {".yaml", ".csv", ".txt"};
  std::string path =
      fuzz::write_input_file(fuzz::as_text(data + 1, size - 1), kExtensions[data[0] % 3]);
  auto hosts = load_inventory(path);
  if (!hosts) {
    fuzz::fuzz_check(hosts.error().status != ExitStatus::kSoftware, "no internal error");
    fuzz::fuzz_check(!hosts.error().message.empty(), "an error says what is wrong");
  }
  return 0;
}
