#pragma once

#include <array>
#include <cstdint>
#include <memory>

#include "common/job_ring.h"
#include "common/json_writer.h"
#include "common/result_record.h"
#include "common/segment_layout.h"
#include "model/model_extractor.h"
#include "parse/format_detect.h"
#include "parse/query_spec.h"
#include "policy/policy_evaluator.h"
#include "worker/config_input.h"
#include "worker/volatile_lines.h"

namespace cfgsweep {

// What `cfgsweep show --tree` prints besides the result.
struct ShowDetails {
  std::string tree_outline;
};

// Turns one job into its finished JSON result: read, check, detect, parse, extract the
// model, serialise. All CPU work of a run happens here, in a worker process.
class JobProcessor {
 public:
  JobProcessor(const WorkerSettings& settings, const std::byte* arena, uint64_t arena_size);

  // What a job sends the run store beside its result (--store).
  struct StoreOutput {
    // The config as this run saw it (secrets redacted unless --show-secrets), zstd; empty
    // when the store has it (its fingerprint is the job's known one) or it is no config.
    std::string config_zstd;
    // --incremental: unchanged since the stored result, not parsed; `json` only names it.
    bool reused = false;
    uint64_t layout = 0;  // VolatileLines::layout of the config, when read
  };

  // Writes the result object into `json` (after reset()); returns its status and sets
  // `input_bytes` to the size of the config. `store`: filled when the run has a store.
  ResultStatus process(const JobDescriptor& job, JsonWriter* json, uint64_t* input_bytes,
                       StoreOutput* store = nullptr);

  // Parses bytes already in memory (used by process(), `cfgsweep show` and unit tests);
  // fills `details` when given.
  ResultStatus process_bytes(std::string_view bytes, ResultRecord* record, JsonWriter* json,
                             ShowDetails* details = nullptr);

  // The Severity of the worst failed rule of the last config (0: none, or no policy).
  uint8_t worst_finding() const { return worst_finding_; }
  // The last job's failed findings per Severity (info..critical), each capped at 255.
  const std::array<uint8_t, 5>& failed_by_severity() const { return failed_by_severity_; }

 private:
  void load_checks();
  void load_volatile_lines();
  // Detection, with --format and --vendor applied, recorded in `record`.
  Detection detect(std::string_view bytes, ResultRecord* record) const;
  void name_device(const DeviceModel& model, ResultRecord* record) const;
  // The model, the policy's findings when checking, and the result written to `json`.
  ResultStatus write_model_result(const Detection& detection, ParsedConfig parse, int64_t started,
                                  ResultRecord* record, JsonWriter* json);
  std::vector<Finding> check(const Detection& detection, const ParsedConfig& parse,
                             const DeviceModel& model, const ResultRecord& record);
  bool obtain_bytes(const JobDescriptor& job, std::string_view* bytes, ResultError* error);
  // --incremental: true (and `json` the reused marker) when `bytes` hash to the job's known
  // fingerprint.
  bool reuse_unchanged(const JobDescriptor& job, std::string_view bytes, uint64_t layout,
                       ResultRecord* record, JsonWriter* json);
  std::string stored_config(std::string_view bytes) const;

  WorkerSettings settings_;
  const std::byte* arena_;
  uint64_t arena_size_;
  Detection override_;
  std::optional<Vendor> vendor_override_;  // --vendor
  ModelOptions model_options_;
  std::unique_ptr<QuerySpec> query_;  // set for `cfgsweep query`: matches instead of models
  std::unique_ptr<Policy> policy_;    // set for `cfgsweep check`
  std::unique_ptr<PolicyEvaluator> evaluator_;
  std::unique_ptr<DeviceDirectory> devices_;  // set when check has an --inventory
  std::string policy_error_;                  // the policy could not be loaded in this worker
  // process() with a store: the fingerprint, computed with the layout, for process_bytes.
  std::optional<std::string> precomputed_fingerprint_;
  VolatileLines volatile_lines_;  // left out of the fingerprint: --ignore-lines, the policy's
  uint8_t worst_finding_ = 0;
  std::array<uint8_t, 5> failed_by_severity_{};
  ConfigInput input_;
};

}  // namespace cfgsweep
