#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cfgsweep {

// What the run store keeps of one result line (docs/output.md), read from its JSON.
struct ResultFacts {
  std::string source;
  std::string member;
  std::string device;
  std::string status;       // "ok", "error", ...
  std::string fingerprint;  // empty when the input was never read
  std::string format;
  struct FailedFinding {
    std::string rule;
    std::string severity;
    std::string message;
    std::string evidence;  // the finding's "evidence" array, as JSON
  };
  std::vector<FailedFinding> failed;
  std::string worst;  // the worst failed severity, empty for none
};

// The facts of one result line (of parse, check, run, or fetch, whose lines name a device
// and no source); nullopt when it is not a cfgsweep result (no status, no source or
// device). Pure; any thread.
std::optional<ResultFacts> read_result_facts(std::string_view json);

// `json` (a result) with source, member and device replaced and "reused": true added: a
// stored result handed out again for an unchanged config. Empty when `json` is not an
// object.
std::string reissued_result(std::string_view json, const ResultFacts& now, bool reused);

}  // namespace cfgsweep
