// The policy loader on any file: a policy, or an error with the usage/config exit status and
// a message. Never an exception, never "internal error".
#include "common/exit_status.h"
#include "fuzz_support.h"
#include "policy/policy_loader.h"

using namespace cfgsweep;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string path = fuzz::write_input_file(fuzz::as_text(data, size), ".policy.yaml");
  auto policy = load_policy(path);
  if (!policy) {
    fuzz::fuzz_check(policy.error().status != ExitStatus::kSoftware, "no internal error");
    fuzz::fuzz_check(!policy.error().message.empty(), "an error says what is wrong");
  }
  return 0;
}
