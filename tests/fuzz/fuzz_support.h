#pragma once

// What every harness of tests/fuzz/ shares. Each harness defines LLVMFuzzerTestOneInput and
// is built two ways: as a libFuzzer binary (CFGSWEEP_FUZZ, clang: scripts/fuzz TARGET
// SECONDS) and as a replay binary (replay_main.cc) that the test suite runs over the
// target's regression inputs, tests/fuzz/regressions/TARGET/. A harness reports a bug by
// crashing: abort() through fuzz_check, a sanitizer report, an uncaught exception.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <unistd.h>

namespace cfgsweep::fuzz {

inline void fuzz_check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz_check failed: %s\n", what);
  std::abort();
}

inline std::string_view as_text(const uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A file of this process holding `content` (the loaders read paths): rewritten per input.
inline std::string write_input_file(std::string_view content, std::string_view extension) {
  std::string path = "/tmp/cfgsweep-fuzz-" + std::to_string(getpid()) + std::string(extension);
  FILE* f = std::fopen(path.c_str(), "wb");
  fuzz_check(f != nullptr, "cannot write the input file");
  std::fwrite(content.data(), 1, content.size(), f);
  std::fclose(f);
  return path;
}

}  // namespace cfgsweep::fuzz
