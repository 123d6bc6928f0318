#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json_writer.h"
#include "model/device_model.h"
#include "parse/config_tree.h"
#include "policy/device_facts.h"
#include "policy/policy.h"
#include "remediate/driver.h"

namespace cfgsweep {

class JsonDocument;
class LineMatcher;
struct Driver;

// The outcome of one rule on one config.
struct Finding {
  enum class Status { kPass, kFail, kNotApplicable, kError };
  const Rule* rule = nullptr;
  Status status = Status::kPass;
  std::vector<uint32_t> lines;        // the evidence's lines (capped)
  std::vector<std::string> evidence;  // the lines or model items that decided it (capped)
  std::vector<std::string> missing;   // intended-config rules: template lines not present
  std::vector<std::string> extra;     // intended-config rules: lines the template lacks
  // With --remediation, a failed intended-config rule: the commands that fix its sections,
  // as pasted (the remediation drivers of docs/remediation.md; IOS-like CLIs only).
  std::vector<std::string> commands;
};

// Runs a compiled policy over one config: line rules over its tree, model rules over its
// model as a JSON document (secrets in clear; the caller redacts what it writes out). Built once
// per worker, used for every config.
class PolicyEvaluator {
 public:
  // `reveal_secrets`: evidence may show secrets (--show-secrets); otherwise they are
  // redacted there as in the model.
  PolicyEvaluator(const Policy& policy, bool reveal_secrets);

  // `model`: the model as written by write_model_json with model_parts(), secrets in clear
  // (null when needs_model() is false); `hostname`: for the {{ variables }} of
  // intended-config rules; `device`: what the inventory says of the config's device
  // (applies_to, variables), or null.
  std::vector<Finding> evaluate(Vendor vendor, const ConfigTree& tree, const JsonDocument* model,
                                std::string_view hostname = {},
                                const DeviceFacts* device = nullptr) const;

  // check --remediation: failed intended-config rules carry the commands that fix them.
  void enable_remediation() { remediation_ = true; }

  const Policy& policy() const { return policy_; }
  // Whether model rules need the model's JSON, and which parts of it.
  bool needs_model() const { return has_model_rules_; }
  ModelParts model_parts() const { return model_parts_; }

 private:
  std::vector<std::vector<int32_t>> match_every_line(LineMatcher& m,
                                                     const std::vector<char>& applicable) const;

  // The remediation driver of a vendor (null: none, or not an IOS-like CLI), loaded once.
  const Driver* driver_for(Vendor vendor) const;

  const Policy& policy_;
  bool reveal_secrets_;
  bool remediation_ = false;
  mutable std::map<Vendor, std::optional<Driver>> drivers_;
  bool has_model_rules_;
  ModelParts model_parts_;
  // Line rules by the first byte of the literal prefix of their first pattern (the rule's
  // pattern, or its scope's first), and those whose first pattern has no prefix.
  std::array<std::vector<std::size_t>, 256> by_first_byte_;
  std::vector<std::size_t> unprefixed_;
};

// "findings": [...] and "compliance": {pass, fail, not_applicable, worst} fields.
void write_findings_json(const std::vector<Finding>& findings, JsonWriter* json);

// The severity of the worst failed (or, for want of a variable, unchecked) finding as a
// number (Severity), 0 when none failed.
uint8_t worst_failure(const std::vector<Finding>& findings);

// A finding's "status" in output.
template <>
struct EnumNameTable<Finding::Status> {
  static constexpr auto kNames = enum_names<Finding::Status::kPass, Finding::Status::kError>(
      "pass", "fail", "not_applicable", "error");
};

}  // namespace cfgsweep
