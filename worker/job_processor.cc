#include "worker/job_processor.h"

#include <xxhash.h>

#include <algorithm>
#include <chrono>
#include <cstring>

#include <fmt/format.h>

#include "common/clock.h"
#include "common/compression.h"
#include "common/device_name.h"
#include "common/json_document.h"
#include "model/junos_groups.h"
#include "model/model_extractor.h"
#include "parse/config_parser.h"
#include "parse/secret_redactor.h"
#include "policy/policy_loader.h"
#include "worker/fault_markers.h"

namespace cfgsweep {

namespace {

uint32_t line_of_offset(std::string_view bytes, std::size_t offset) {
  return static_cast<uint32_t>(std::count(bytes.begin(), bytes.begin() + offset, '\n') + 1);
}

uint64_t count_lines(std::string_view bytes) {
  uint64_t newlines = static_cast<uint64_t>(std::count(bytes.begin(), bytes.end(), '\n'));
  return newlines + (!bytes.empty() && bytes.back() != '\n' ? 1 : 0);
}

// A file of garbage can make one issue per line; the result shows the first ones.
constexpr std::size_t kMaxWarnings = 50;

void add_warnings(std::vector<ParseIssue> issues, ResultRecord* record) {
  std::size_t shown = std::min(issues.size(), kMaxWarnings);
  for (std::size_t i = 0; i < shown; ++i)
    record->warnings.push_back({issues[i].line ? std::optional(issues[i].line) : std::nullopt,
                                std::move(issues[i].code), std::move(issues[i].message)});
  if (issues.size() > shown)
    record->warnings.push_back({std::nullopt, "more_warnings",
                                fmt::format("{} more warnings not shown", issues.size() - shown)});
}

// The model and the rules see a Junos configuration as the device runs it, groups applied;
// `show --tree` and `query` see it as written.
void inherit_junos_groups(ParsedConfig* parse) {
  // Enough for real group use many times over; a config that needs more is hostile.
  std::size_t budget = 4 * parse->tree.size() + 10000;
  GroupInheritance inherited = apply_junos_groups(&parse->tree, budget);
  if (inherited.truncated)
    parse->issues.push_back({0, "apply_groups_truncated",
                             fmt::format("apply-groups inheritance stopped after {} statements",
                                         inherited.nodes_added)});
}

double elapsed_ms(int64_t started_ns) {
  return static_cast<double>(monotonic_ns() - started_ns) / 1e6;
}

}  // namespace

JobProcessor::JobProcessor(const WorkerSettings& settings, const std::byte* arena,
                           uint64_t arena_size)
    : settings_(settings), arena_(arena), arena_size_(arena_size) {
  if (settings_.format_name[0] != '\0') {
    override_ = detection_from_name(std::string_view(
        settings_.format_name, strnlen(settings_.format_name, sizeof settings_.format_name)));
  }
  if (settings_.vendor != 0) vendor_override_ = static_cast<Vendor>(settings_.vendor);
  model_options_.reveal_secrets = settings_.reveal_secrets;
  if (settings_.query[0] != '\0') {
    // The supervisor compiled the same patterns before starting: this cannot fail.
    auto query = QuerySpec::compile(
        std::string_view(settings_.query, strnlen(settings_.query, sizeof settings_.query)));
    if (query) query_ = std::move(*query);
  }
  if (settings_.policy_path[0] != '\0') load_checks();
  load_volatile_lines();
}

// The supervisor compiled --ignore-lines and the policy's ignore_lines before starting.
void JobProcessor::load_volatile_lines() {
  std::vector<std::string> patterns;
  std::string_view text(settings_.ignore_lines,
                        strnlen(settings_.ignore_lines, sizeof settings_.ignore_lines));
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    if (end != 0) patterns.emplace_back(text.substr(0, end));
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
  }
  if (policy_)
    patterns.insert(patterns.end(), policy_->ignore_lines.begin(), policy_->ignore_lines.end());
  if (auto lines = VolatileLines::with_patterns(patterns)) volatile_lines_ = std::move(*lines);
}

// The supervisor checked both files before starting; one that changed since fails every
// config of this worker with the reason, instead of checking them against something else.
void JobProcessor::load_checks() {
  auto policy = load_policy(std::string(
      settings_.policy_path, strnlen(settings_.policy_path, sizeof settings_.policy_path)));
  if (!policy) {
    policy_error_ = fmt::format("the policy: {}", policy.error().message);
    return;
  }
  policy_ = std::make_unique<Policy>(std::move(*policy));
  evaluator_ = std::make_unique<PolicyEvaluator>(*policy_, settings_.reveal_secrets);
  if (settings_.remediation) evaluator_->enable_remediation();
  if (settings_.inventory_path[0] == '\0') return;
  auto hosts = load_inventory(
      std::string(settings_.inventory_path,
                  strnlen(settings_.inventory_path, sizeof settings_.inventory_path)));
  if (!hosts) {
    policy_error_ = fmt::format("the inventory: {}", hosts.error().message);
    return;
  }
  devices_ = std::make_unique<DeviceDirectory>(std::move(*hosts));
}

bool JobProcessor::obtain_bytes(const JobDescriptor& job, std::string_view* bytes,
                                ResultError* error) {
  if (job.kind == JobKind::kArena) {
    if (job.arena_offset > arena_size_ || job.arena_length > arena_size_ - job.arena_offset) {
      *error = {std::nullopt, "internal", "arena block out of bounds"};
      return false;
    }
    *bytes = {reinterpret_cast<const char*>(arena_ + job.arena_offset), job.arena_length};
    return true;
  }
  return input_.load(std::string(job.label_view()), settings_.max_file_size, bytes, error);
}

bool JobProcessor::reuse_unchanged(const JobDescriptor& job, std::string_view bytes,
                                   uint64_t layout, ResultRecord* record, JsonWriter* json) {
  if (!job.reuse_if_unchanged || job.known_fingerprint[0] == '\0' || !precomputed_fingerprint_)
    return false;
  const std::string& fingerprint = *precomputed_fingerprint_;
  if (fingerprint != job.known_fingerprint || layout != job.known_layout) return false;
  record->bytes = bytes.size();
  record->fingerprint = std::move(*precomputed_fingerprint_);
  precomputed_fingerprint_.reset();
  record->status = ResultStatus::kOk;
  worst_finding_ = 0;
  failed_by_severity_ = {};
  write_result_json(*record, json);
  return true;
}

// The config as the store keeps it: secrets redacted (PEM key blocks too) unless the run
// shows them.
std::string JobProcessor::stored_config(std::string_view bytes) const {
  if (settings_.reveal_secrets) return zstd_compress(bytes);
  return zstd_compress(redact_pem_blocks(redact_config_text(bytes)));
}

ResultStatus JobProcessor::process(const JobDescriptor& job, JsonWriter* json,
                                   uint64_t* input_bytes, StoreOutput* store) {
  ResultRecord record;
  split_label(job.label_view(), &record.source, &record.member);
  record.device = device_name(static_cast<DeviceFrom>(settings_.device_from), record.source,
                              record.member, settings_.fetched, "");
  record.attempts = job.attempt;
  std::string_view bytes;
  ResultError error;
  ResultStatus status;
  json->reset();
  if (obtain_bytes(job, &bytes, &error)) {
    // With a store: the fingerprint and the layout in one pass, before anything else.
    if (store && settings_.store_configs)
      precomputed_fingerprint_ = volatile_lines_.fingerprint(bytes, &store->layout);
    if (store && reuse_unchanged(job, bytes, store->layout, &record, json)) {
      store->reused = true;
      status = record.status;
    } else {
      status = process_bytes(bytes, &record, json);
      // Only configs (a format was told), and only when the store lacks this content.
      if (store && settings_.store_configs && !record.format.empty() &&
          record.fingerprint != job.known_fingerprint)
        store->config_zstd = stored_config(bytes);
    }
  } else {
    record.status = status = ResultStatus::kError;
    record.errors.push_back(std::move(error));
    write_result_json(record, json);
  }
  *input_bytes = record.bytes;
  input_.release();
  return status;
}

ResultStatus JobProcessor::process_bytes(std::string_view bytes, ResultRecord* record,
                                         JsonWriter* json, ShowDetails* details) {
  const int64_t started = monotonic_ns();
  record->bytes = bytes.size();
  if (precomputed_fingerprint_) {
    record->fingerprint = std::move(*precomputed_fingerprint_);
    precomputed_fingerprint_.reset();
  } else {
    record->fingerprint = volatile_lines_.fingerprint(bytes);
  }
  worst_finding_ = 0;
  failed_by_severity_ = {};
  auto fail = [&](std::optional<uint32_t> line, std::string code, std::string message) {
    record->status = ResultStatus::kError;
    record->errors.push_back({line, std::move(code), std::move(message)});
    record->parse_ms = elapsed_ms(started);
    write_result_json(*record, json);
    return record->status;
  };

  if (bytes.empty()) return fail(std::nullopt, "empty", "the file is empty (0 bytes)");
  if (const void* nul = std::memchr(bytes.data(), '\0', bytes.size())) {
    record->lines = count_lines(bytes);
    auto offset = static_cast<std::size_t>(static_cast<const char*>(nul) - bytes.data());
    return fail(line_of_offset(bytes, offset), "binary",
                fmt::format("binary content: NUL byte at offset {}; not a text config", offset));
  }
  act_on_fault_marker(bytes);

  Detection detection = detect(bytes, record);
  if (detection.format == ConfigFormat::kUnknown) {
    record->lines = count_lines(bytes);
    record->format.clear();
    return fail(std::nullopt, "unknown_format",
                fmt::format("cannot tell the config format: {}", detection.reason));
  }

  ParsedConfig parse;
  parse_config(detection.format, bytes, &parse, detection.vendor);
  if (parse.fatal) {
    record->lines = parse.line_count;
    return fail(parse.fatal->line ? std::optional(parse.fatal->line) : std::nullopt,
                std::move(parse.fatal->code), std::move(parse.fatal->message));
  }
  // Secrets are redacted once, on the tree, before anything reads it (what Junos groups
  // copy is then redacted too).
  if (!settings_.reveal_secrets) redact_tree(&parse.tree, detection.format);
  if (details) details->tree_outline = parse.tree.outline(true);
  if (query_) {
    record->status = ResultStatus::kOk;
    query_->write_matches(parse.tree, record->source, record->member, json);
    return record->status;
  }
  if (detection.vendor == Vendor::kJuniperJunos) inherit_junos_groups(&parse);
  if (!policy_error_.empty())
    return fail(std::nullopt, "policy", fmt::format("cannot load {}", policy_error_));
  return write_model_result(detection, std::move(parse), started, record, json);
}

// The device: the inventory's name when an inventory device matches, else --device-from's
// (the hostname is known only now).
void JobProcessor::name_device(const DeviceModel& model, ResultRecord* record) const {
  std::string_view hostname = model.hostname ? std::string_view(*model.hostname) : "";
  record->device = device_name(static_cast<DeviceFrom>(settings_.device_from), record->source,
                               record->member, settings_.fetched, hostname);
  if (devices_)
    if (const DeviceFacts* d = devices_->find(record->source, record->member, hostname))
      record->device = d->name;
}

Detection JobProcessor::detect(std::string_view bytes, ResultRecord* record) const {
  Detection detection =
      override_.format != ConfigFormat::kUnknown ? override_ : detect_format(bytes);
  if (vendor_override_) {
    detection.vendor = *vendor_override_;
    detection.reason += fmt::format("; --vendor {}", enum_name(*vendor_override_));
  }
  record->format = std::string(enum_name(detection.format));
  record->vendor = std::string(enum_name(detection.vendor));
  record->confidence = detection.confidence;
  record->detection_reason = detection.reason;
  return detection;
}

std::vector<Finding> JobProcessor::check(const Detection& detection, const ParsedConfig& parse,
                                         const DeviceModel& model, const ResultRecord& record) {
  // Model rules read the model as a document built straight from it, never printed.
  JsonDocument model_document;
  if (evaluator_->needs_model())
    model_document.build(
        [&](JsonWriter& out) { write_model_json(model, &out, evaluator_->model_parts()); });
  std::string_view hostname = model.hostname ? std::string_view(*model.hostname) : "";
  const DeviceFacts* device =
      devices_ ? devices_->find(record.source, record.member, hostname) : nullptr;
  std::vector<Finding> findings =
      evaluator_->evaluate(detection.vendor, parse.tree,
                           evaluator_->needs_model() ? &model_document : nullptr, hostname, device);
  worst_finding_ = worst_failure(findings);
  for (const Finding& f : findings) {
    if (f.status != Finding::Status::kFail) continue;
    uint8_t& count = failed_by_severity_[static_cast<std::size_t>(f.rule->severity) - 1];
    if (count < 255) ++count;
  }
  return findings;
}

ResultStatus JobProcessor::write_model_result(const Detection& detection, ParsedConfig parse,
                                              int64_t started, ResultRecord* record,
                                              JsonWriter* json) {
  ModelCoverage coverage(parse.tree);
  ModelOptions options = model_options_;
  // Rules see secrets in clear; the output does not: the tree is redacted again before
  // anything is written, and so is the model.
  if (evaluator_) {
    options.reveal_secrets = true;
    parse.tree.reveal_secrets(true);
  }
  DeviceModel model = extract_model(detection, parse, options, &coverage);
  name_device(model, record);
  std::vector<Finding> findings;
  if (evaluator_) {
    findings = check(detection, parse, model, *record);
    parse.tree.reveal_secrets(false);
    if (!model_options_.reveal_secrets) redact_model_secrets(&model);
  }
  record->lines = parse.line_count;
  add_warnings(std::move(parse.issues), record);
  record->status = ResultStatus::kOk;
  record->parse_ms = elapsed_ms(started);
  write_result_json(*record, json, [&](JsonWriter* out) {
    out->key("model");
    write_model_json(model, out);
    out->key("coverage");
    coverage.write_json(parse.line_count, out);
    if (evaluator_) write_findings_json(findings, out);
  });
  return record->status;
}

}  // namespace cfgsweep
