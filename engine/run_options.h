#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cfgsweep {

// Everything `cfgsweep parse` was asked to do, validated by the CLI.
struct RunOptions {
  std::vector<std::string> paths;
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  unsigned jobs = 0;             // worker processes
  std::string output;            // empty or "-": stdout
  bool ordered = false;          // results in input order instead of as completed
  double timeout_per_file = 60;  // seconds, per attempt
  uint64_t max_file_size = 128ull << 20;
  uint64_t worker_memory = 1ull << 30;
  std::string format;     // empty: detect per file
  bool quiet = false;     // no summary, no progress
  bool progress = false;  // set when stderr is a terminal and not quiet
};

}  // namespace cfgsweep
