#include "engine/store_session.h"

#include "engine/run_identity.h"

#include <rapidjson/document.h>
#include <xxhash.h>

#include <unordered_set>

#include <fmt/format.h>

#include "common/clock.h"
#include "common/json_writer.h"
#include "parse/secret_redactor.h"
#include "policy/policy.h"
#include "store/result_facts.h"

#ifndef CFGSWEEP_VERSION
#define CFGSWEEP_VERSION "0.0.0"
#endif

namespace cfgsweep {

namespace {

constexpr uint64_t kCommitEveryResults = 1000;
constexpr int64_t kCommitEveryNs = 1'000'000'000;

// The command line as a JSON array, without --resume: the same command resumed is the same
// run.
std::string argv_json(const std::vector<std::string>& argv) {
  JsonWriter json;
  json.begin_array();
  for (const std::string& arg : argv)
    if (arg != "--resume") json.string(arg);
  json.end_array();
  return std::string(json.view());
}

std::array<uint8_t, 5> by_severity(const ResultFacts& facts) {
  std::array<uint8_t, 5> counts{};
  for (const ResultFacts::FailedFinding& f : facts.failed)
    if (auto s = enum_from_name<Severity>(f.severity)) {
      uint8_t& count = counts[static_cast<std::size_t>(*s) - 1];
      if (count < 255) ++count;
    }
  return counts;
}

uint8_t worst_of(const ResultFacts& facts) {
  auto s = enum_from_name<Severity>(facts.worst);
  return s ? static_cast<uint8_t>(*s) : 0;
}

// A run with --show-secrets writes evidence in clear; the findings table keeps it redacted
// whatever the run showed (`history` has no --show-secrets).
void redact_evidence(ResultFacts* facts) {
  for (ResultFacts::FailedFinding& f : facts->failed) {
    rapidjson::Document evidence;
    evidence.Parse(f.evidence.data(), f.evidence.size());
    if (!evidence.IsArray()) {
      f.evidence = "[]";
      continue;
    }
    JsonWriter out;
    out.begin_array();
    for (const rapidjson::Value& piece : evidence.GetArray()) {
      out.begin_object();
      out.key("line");
      auto line = piece.IsObject() ? piece.FindMember("line") : piece.MemberEnd();
      if (piece.IsObject() && line != piece.MemberEnd() && line->value.IsUint64())
        out.number(line->value.GetUint64());
      else
        out.null();
      auto text = piece.IsObject() ? piece.FindMember("text") : piece.MemberEnd();
      out.field("text", piece.IsObject() && text != piece.MemberEnd() && text->value.IsString()
                            ? redact_line(text->value.GetString())
                            : std::string());
      out.end_object();
    }
    out.end_array();
    f.evidence = std::string(out.view());
  }
}

Error store_error(const Error& e) { return Error{e.status, "run store: " + e.message}; }

}  // namespace

StoreSession::StoreSession(RunStore store, const RunOptions& options, bool fetched,
                           const std::vector<std::string>& policy_files)
    : store_(std::move(store)),
      fetched_(fetched),
      incremental_(options.incremental),
      revealed_(options.show_secrets),
      device_from_(options.device_from) {
  info_.command = command_name(options, fetched);
  info_.argv = argv_json(options.argv);
  info_.version = CFGSWEEP_VERSION;
  info_.policy_hash = files_hash(policy_files);
  info_.settings_hash = settings_hash(options, info_.command, info_.policy_hash,
                                      inventory_hash(options.fetch.inventory));
}

Result<std::unique_ptr<StoreSession>> StoreSession::open(
    const RunOptions& options, bool fetched, const std::vector<std::string>& policy_files) {
  auto store = RunStore::open(options.store, /*create=*/true);
  if (!store) return std::unexpected(store_error(store.error()));
  if (store->narrowed())  // a warning whatever -q says: it is about who could read it
    std::fprintf(stderr, "cfgsweep: warning: the store %s was readable by others; now mode 0600\n",
                 options.store.c_str());
  std::unique_ptr<StoreSession> session(
      new StoreSession(std::move(*store), options, fetched, policy_files));
  if (options.resume) {
    auto unfinished = session->store_.resumable_run(session->info_);
    if (!unfinished) return std::unexpected(store_error(unfinished.error()));
    if (!unfinished->why_not.empty())
      std::fprintf(stderr, "cfgsweep: warning: --resume: %s: a new run starts\n",
                   unfinished->why_not.c_str());
    if (unfinished->run) {
      session->run_ = *unfinished->run;
      session->resumed_ = true;
      if (auto continued = session->store_.continue_run(session->run_, session->info_); !continued)
        return std::unexpected(store_error(continued.error()));
    }
  }
  if (!session->resumed_) {
    auto begun = session->store_.begin_run(session->info_);
    if (!begun) return std::unexpected(store_error(begun.error()));
    session->run_ = *begun;
  }
  if (auto loaded = session->load_priors(); !loaded)
    return std::unexpected(store_error(loaded.error()));
  session->last_commit_ns_ = monotonic_ns();
  return session;
}

StoreSession::StoreSession(RunStore store, const RunStore::RunInfo& info)
    : store_(std::move(store)),
      info_(info),
      fetched_(info.command == "run"),
      incremental_(false),
      revealed_(false),
      device_from_(DeviceFrom::kName) {}

Result<std::unique_ptr<StoreSession>> StoreSession::open_for_merge(const std::string& path,
                                                                   const RunStore::RunInfo& info) {
  auto store = RunStore::open(path, /*create=*/true);
  if (!store) return std::unexpected(store_error(store.error()));
  if (store->narrowed())
    std::fprintf(stderr, "cfgsweep: warning: the store %s was readable by others; now mode 0600\n",
                 path.c_str());
  std::unique_ptr<StoreSession> session(new StoreSession(std::move(*store), info));
  auto begun = session->store_.begin_run(info);
  if (!begun) return std::unexpected(store_error(begun.error()));
  session->run_ = *begun;
  session->last_commit_ns_ = monotonic_ns();
  return session;
}

Result<> StoreSession::record_exported(const RunStore::ExportedResult& row, bool revealed) {
  auto facts = read_result_facts(row.json);
  if (!facts) return make_error(ExitStatus::kIoError, "run store: a shard's result is not JSON");
  if (!row.fingerprint.empty()) facts->fingerprint = row.fingerprint;
  if (revealed) redact_evidence(&*facts);  // the findings table keeps it redacted, as the shard's
  // The redacted copy goes with the result; a --show-secrets shard's revealed one beside it.
  const bool only_revealed = revealed && row.config_zstd.empty();
  auto added = store_.add_result(run_, row.json, *facts, row.layout,
                                 only_revealed ? row.revealed_zstd : row.config_zstd, only_revealed,
                                 row.reused, fetched_, info_.settings_hash);
  if (added && revealed && !only_revealed && !row.revealed_zstd.empty() && !row.fingerprint.empty())
    added = store_.add_config(row.fingerprint, row.revealed_zstd, true);
  if (!added) return std::unexpected(store_error(added.error()));
  ++since_commit_;
  return maybe_commit(monotonic_ns());
}

std::string StoreSession::input_key(std::string_view source, std::string_view member) const {
  // As each night names the input, not by its whole path (dated folders): a fetched
  // device's name and command, an archive's member, a file's name (edge1.junos.conf and
  // edge1.junos.xml stay two inputs).
  if (fetched_) return std::string(source) + '\0' + std::string(member);
  if (device_from_ == DeviceFrom::kPath) return std::string(source) + '\0' + std::string(member);
  if (!member.empty()) return std::string(member);
  const auto slash = source.rfind('/');
  return std::string(slash == std::string_view::npos ? source : source.substr(slash + 1));
}

Result<> StoreSession::load_priors() {
  if (resumed_) {
    auto results = store_.results_of_run(run_);
    if (!results) return std::unexpected(results.error());
    for (RunStore::StoredResult& r : *results) {
      auto status = enum_from_name<ResultStatus>(r.status);
      done_[r.source + '\0' + r.member] = {status.value_or(ResultStatus::kError), std::move(r.json),
                                           std::move(r.fingerprint),
                                           static_cast<uint64_t>(r.layout)};
    }
  }
  auto prior = store_.prior_results(info_.settings_hash, run_);
  if (!prior) return std::unexpected(prior.error());
  // Two inputs of one name (site-a/edge1.cfg, site-b/edge1.cfg) cannot tell which was
  // which: neither is reused, both are parsed.
  std::unordered_set<std::string> ambiguous;
  for (RunStore::PriorResult& p : *prior) {
    std::string key = input_key(p.source, p.member);
    if (!prior_.try_emplace(key, std::move(p)).second) ambiguous.insert(key);
  }
  for (const std::string& key : ambiguous) prior_.erase(key);
  return {};
}

JobDispatcher::PriorLookup StoreSession::prior_lookup() const {
  return [this](std::string_view source, std::string_view member) {
    JobDispatcher::Prior prior;
    if (!done_.empty()) {
      auto done = done_.find(std::string(source) + '\0' + std::string(member));
      if (done != done_.end()) {
        // Replayed as is when the config is unchanged (the worker compares); done again
        // when it changed since the run was killed.
        prior.done = true;
        prior.status = done->second.status;
        prior.json = done->second.json;
        prior.fingerprint = done->second.fingerprint;
        prior.layout = done->second.layout;
        prior.reuse_if_unchanged = true;
        return prior;
      }
    }
    auto known = prior_.find(input_key(source, member));
    if (known != prior_.end()) {
      prior.fingerprint = known->second.fingerprint;
      prior.layout = static_cast<uint64_t>(known->second.layout);
      prior.reuse_if_unchanged = incremental_;
    }
    return prior;
  };
}

Result<StoreSession::Written> StoreSession::record_frame(std::string_view json,
                                                         std::string_view attachment, bool reused,
                                                         uint64_t layout) {
  auto facts = read_result_facts(json);
  if (!facts) return make_error(ExitStatus::kSoftware, "run store: a worker's result is not JSON");
  if (reused) return record_reused(*facts);
  if (revealed_) redact_evidence(&*facts);
  Written written;
  written.json = std::string(json);
  written.status = enum_from_name<ResultStatus>(facts->status).value_or(ResultStatus::kError);
  written.worst = worst_of(*facts);
  written.failed_by_severity = by_severity(*facts);
  if (auto added = store_.add_result(run_, written.json, *facts, static_cast<int64_t>(layout),
                                     attachment, revealed_, false, fetched_, info_.settings_hash);
      !added)
    return std::unexpected(store_error(added.error()));
  ++since_commit_;
  return written;
}

// A reused result is its stored line with tonight's source, recorded without reading it:
// an unchanged night costs a lookup and a few rows per device, no JSON parse.
Result<StoreSession::Written> StoreSession::record_reused(const ResultFacts& marker) {
  if (!done_.empty()) {  // --resume: the run has this result already; write it again
    auto done = done_.find(marker.source + '\0' + marker.member);
    if (done != done_.end()) return replayed(done->second.json, done->second.status);
  }
  auto known = prior_.find(input_key(marker.source, marker.member));
  if (known == prior_.end())
    return make_error(ExitStatus::kSoftware, "run store: a reused result has no stored one");
  const RunStore::PriorResult& prior = known->second;
  auto stored = store_.result_json(prior.result_id);
  if (!stored) return std::unexpected(store_error(stored.error()));
  Written written;
  ResultFacts now;
  now.source = marker.source;
  now.member = marker.member;
  written.json = reissued_result(*stored, now, /*reused=*/true);
  if (written.json.empty())
    return make_error(ExitStatus::kIoError,
                      fmt::format("run store: stored result {} is damaged", prior.result_id));
  written.reused = true;
  written.status = enum_from_name<ResultStatus>(prior.status).value_or(ResultStatus::kError);
  if (auto worst = enum_from_name<Severity>(prior.worst))
    written.worst = static_cast<uint8_t>(*worst);
  auto recorded = store_.add_reused_result(run_, prior, marker.source, marker.member, fetched_,
                                           &written.failed_by_severity);
  if (!recorded) return std::unexpected(store_error(recorded.error()));
  if (!*recorded) {  // the device was checked by another run since: read the result
    auto facts = read_result_facts(written.json);
    if (!facts) return make_error(ExitStatus::kIoError, "run store: a stored result is damaged");
    written.failed_by_severity = by_severity(*facts);
    if (auto added = store_.add_result(run_, written.json, *facts, prior.layout, {}, revealed_,
                                       true, fetched_, info_.settings_hash);
        !added)
      return std::unexpected(store_error(added.error()));
  }
  ++since_commit_;
  return written;
}

StoreSession::Written StoreSession::replayed(const std::string& json, ResultStatus status) const {
  Written written;
  written.json = json;
  written.status = status;
  if (auto facts = read_result_facts(json)) {
    written.worst = worst_of(*facts);
    written.failed_by_severity = by_severity(*facts);
  }
  written.reused = json.find("\"reused\":true") != std::string::npos;
  return written;
}

Result<StoreSession::Written> StoreSession::record_ready(std::string_view json, bool stored,
                                                         ResultStatus status) {
  if (stored) return replayed(std::string(json), status);
  Written written;
  written.json = std::string(json);
  written.status = status;
  if (auto added = record_plain(json); !added) return std::unexpected(added.error());
  return written;
}

Result<> StoreSession::record_plain(std::string_view json) {
  auto facts = read_result_facts(json);
  if (!facts) return make_error(ExitStatus::kSoftware, "run store: a result is not JSON");
  if (revealed_) redact_evidence(&*facts);
  if (auto added = store_.add_result(run_, json, *facts, 0, {}, revealed_, false, fetched_,
                                     info_.settings_hash);
      !added)
    return std::unexpected(store_error(added.error()));
  ++since_commit_;
  return {};
}

Result<> StoreSession::record_fetch(std::string_view json, const std::string& fingerprint,
                                    std::string_view config_zstd) {
  auto facts = read_result_facts(json);
  if (!facts) return make_error(ExitStatus::kSoftware, "run store: a fetch line is not JSON");
  facts->fingerprint = fingerprint;
  if (auto added = store_.add_result(run_, json, *facts, 0, config_zstd, false, false, false,
                                     info_.settings_hash);
      !added)
    return std::unexpected(store_error(added.error()));
  ++since_commit_;
  return {};
}

Result<> StoreSession::maybe_commit(int64_t now_ns) {
  if (since_commit_ == 0) return {};
  if (since_commit_ < kCommitEveryResults && now_ns - last_commit_ns_ < kCommitEveryNs) return {};
  since_commit_ = 0;
  last_commit_ns_ = now_ns;
  if (auto committed = store_.commit(); !committed)
    return std::unexpected(store_error(committed.error()));
  return {};
}

Result<> StoreSession::finish(const RunStore::RunTotals& totals, int exit_code, bool finished) {
  if (auto done = store_.finish_run(run_, totals, exit_code, finished); !done)
    return std::unexpected(store_error(done.error()));
  return {};
}

}  // namespace cfgsweep
