#include "engine/shard_manifest.h"

#include <rapidjson/document.h>
#include <xxhash.h>

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <memory>

#include <fmt/format.h>

#include "common/atomic_file.h"
#include "common/clock.h"
#include "common/fd.h"
#include "common/json_writer.h"
#include "engine/run_identity.h"
#include "engine/run_options.h"

#ifndef CFGSWEEP_VERSION
#define CFGSWEEP_VERSION "0.0.0"
#endif

namespace cfgsweep {

namespace {

constexpr std::string_view kSuffix = ".shard.json";

// A manifest is read from a volume others write: only a regular file of sane size, opened
// without blocking (a FIFO would hang the merge, /dev/zero exhaust its memory).
constexpr off_t kMaxManifestBytes = 256 << 20;  // positions of some 20 million results

std::optional<std::string> manifest_text(const std::string& path) {
  Fd file(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  struct stat info;
  if (!file.valid() || ::fstat(file.get(), &info) != 0 || !S_ISREG(info.st_mode) ||
      info.st_size > kMaxManifestBytes)
    return std::nullopt;
  std::string text(static_cast<std::size_t>(info.st_size), '\0');
  if (pread_all(file.get(), text.data(), text.size(), 0) != static_cast<long>(text.size()))
    return std::nullopt;
  return text;
}

std::string manifest_json(const ShardManifest& m) {
  JsonWriter json;
  json.begin_object();
  json.key("cfgsweep_shard"), json.number(uint64_t{ShardManifest::kFormat});
  json.field("version", m.version);
  json.field("command", m.command);
  json.field("run", m.run);
  json.field("label", m.shard.label);
  json.field("shard", m.shard.describe());
  json.field("index", uint64_t{m.shard.index});
  json.field("count", uint64_t{m.shard.count});
  json.field("by_field", m.shard.by_field);
  json.field("by_value", m.shard.by_value);
  json.key("values");
  json.begin_array();
  for (const std::string& v : m.values) json.string(v);
  json.end_array();
  json.field("inputs", m.inputs);
  json.field("results", m.results);
  json.field("lines", m.lines);
  json.field("results_hash", m.results_hash);
  json.key("exit_code"), json.number(int64_t{m.exit_code});
  json.field("fail_on", m.fail_on);
  json.field("policy", m.policy);
  json.field("policy_hash", m.policy_hash);
  json.field("settings_hash", m.settings_hash);
  json.field("show_secrets", m.show_secrets);
  json.field("store", m.store);
  json.key("store_run"), json.number(m.store_run);
  json.field("started_at", m.started_at);
  json.field("ended_at", m.ended_at);
  json.key("positions");
  json.begin_array();
  for (uint64_t p : m.positions) json.number(p);
  json.end_array();
  json.end_object();
  return std::string(json.view()) + "\n";
}

// The manifest's fields from its JSON; false when one is missing or of the wrong type.
bool read_fields(const rapidjson::Value& v, ShardManifest* m) {
  auto str = [&](const char* key, std::string* out) {
    auto it = v.FindMember(key);
    if (it == v.MemberEnd() || !it->value.IsString()) return false;
    *out = it->value.GetString();
    return true;
  };
  auto u64 = [&](const char* key, uint64_t* out) {
    auto it = v.FindMember(key);
    if (it == v.MemberEnd() || !it->value.IsUint64()) return false;
    *out = it->value.GetUint64();
    return true;
  };
  uint64_t index = 0, count = 0, exit_code = 0, store_run = 0;
  bool ok = str("version", &m->version) && str("command", &m->command) && str("run", &m->run) &&
            str("label", &m->shard.label) && u64("index", &index) && u64("count", &count) &&
            str("by_field", &m->shard.by_field) && str("by_value", &m->shard.by_value) &&
            u64("inputs", &m->inputs) && str("results", &m->results) && u64("lines", &m->lines) &&
            str("results_hash", &m->results_hash) && u64("exit_code", &exit_code) &&
            str("fail_on", &m->fail_on) && str("policy", &m->policy) &&
            str("policy_hash", &m->policy_hash) && str("settings_hash", &m->settings_hash) &&
            str("store", &m->store) && u64("store_run", &store_run) &&
            str("started_at", &m->started_at) && str("ended_at", &m->ended_at);
  if (!ok || count == 0 || count > 65536 || index >= count || exit_code > 255) return false;
  m->shard.index = static_cast<uint32_t>(index);
  m->shard.count = static_cast<uint32_t>(count);
  m->exit_code = static_cast<int>(exit_code);
  m->store_run = static_cast<int64_t>(store_run);
  auto revealed = v.FindMember("show_secrets");
  if (revealed == v.MemberEnd() || !revealed->value.IsBool()) return false;
  m->show_secrets = revealed->value.GetBool();
  auto values = v.FindMember("values");
  auto positions = v.FindMember("positions");
  if (values == v.MemberEnd() || !values->value.IsArray() || positions == v.MemberEnd() ||
      !positions->value.IsArray() || positions->value.Size() != m->lines)
    return false;
  for (const auto& value : values->value.GetArray()) {
    if (!value.IsString()) return false;
    m->values.emplace_back(value.GetString());
  }
  m->positions.reserve(m->lines);
  for (const auto& p : positions->value.GetArray()) {
    if (!p.IsUint64()) return false;
    m->positions.push_back(p.GetUint64());
  }
  return true;
}

}  // namespace

ShardManifest shard_manifest_for(const RunOptions& options, bool fetched,
                                 const std::vector<std::string>& policy_files) {
  ShardManifest m;
  m.version = CFGSWEEP_VERSION;
  m.command = command_name(options, fetched);
  m.shard = options.shard;
  m.policy_hash = contents_hash(policy_files);
  // With what else decides a shard's results and exit code: shards of one run agree on it.
  const std::string material = fmt::format(
      "{}\n{}\n{}",
      settings_hash(options, m.command, m.policy_hash, inventory_hash(options.fetch.inventory)),
      enum_name(options.fail_on), options.max_file_size);
  m.settings_hash = hex64(XXH3_64bits(material.data(), material.size()));
  m.show_secrets = options.show_secrets;
  std::error_code ec;
  if (!options.policy.empty()) m.policy = std::filesystem::absolute(options.policy, ec).string();
  if (!options.store.empty()) m.store = std::filesystem::absolute(options.store, ec).string();
  if (!options.policy.empty()) m.fail_on = std::string(enum_name(options.fail_on));
  m.started_at = utc_now();
  return m;
}

std::string manifest_path_for(const std::string& results_path) {
  return results_path + std::string(kSuffix);
}

std::string shard_run_key(const std::string& command, const std::string& settings_hash,
                          const ShardSpec& shard, uint64_t inputs, uint64_t inputs_digest) {
  std::string material =
      fmt::format("{}\n{}\n{}\n{}\n{}\n{}\n{}\n", command, settings_hash, shard.count,
                  shard.by_field, shard.label, inputs, inputs_digest);
  return hex64(XXH3_64bits(material.data(), material.size()));
}

Result<FileDigest> digest_file(const std::string& path) {
  Fd file(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (!file.valid())
    return make_error(ExitStatus::kNoInput,
                      fmt::format("cannot read {}: {}", path, errno_text(errno)));
  return digest_fd(file.get(), path);
}

StreamDigest::StreamDigest() : state_(XXH3_createState(), &XXH3_freeState) {
  if (!state_ || XXH3_64bits_reset(state_.get()) != XXH_OK) throw std::bad_alloc();
}

void StreamDigest::update(std::string_view bytes) {
  XXH3_64bits_update(state_.get(), bytes.data(), bytes.size());
  lines_ += static_cast<uint64_t>(std::count(bytes.begin(), bytes.end(), '\n'));
}

FileDigest StreamDigest::value() const { return {hex64(XXH3_64bits_digest(state_.get())), lines_}; }

Result<FileDigest> digest_fd(int fd, const std::string& path) {
  // In slices: a shard's results run to gigabytes.
  struct stat info;
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode))
    return make_error(ExitStatus::kNoInput, fmt::format("{} is not a regular file", path));
  StreamDigest digest;
  std::string slice(1 << 20, '\0');
  for (long offset = 0;;) {
    long n = pread_all(fd, slice.data(), slice.size(), offset);
    if (n < 0)
      return make_error(ExitStatus::kNoInput,
                        fmt::format("cannot read {}: {}", path, errno_text(errno)));
    if (n == 0) break;
    offset += n;
    digest.update(std::string_view(slice.data(), static_cast<std::size_t>(n)));
  }
  return digest.value();
}

Result<void> write_shard_manifest(const std::string& results_path, ShardManifest manifest,
                                  const StreamDigest* written) {
  auto digest = written ? Result<FileDigest>(written->value()) : digest_file(results_path);
  if (!digest)
    return make_error(ExitStatus::kIoError,
                      fmt::format("shard manifest: {}", digest.error().message));
  manifest.results = std::filesystem::path(results_path).filename().string();
  manifest.lines = digest->lines;
  manifest.results_hash = digest->hash;
  const std::string path = manifest_path_for(results_path);
  std::string failed = write_file_atomically(path, manifest_json(manifest), mode_after_umask(0666));
  if (!failed.empty()) return make_error(ExitStatus::kIoError, std::move(failed));
  return {};
}

Result<ShardManifest> parse_shard_manifest(std::string_view text, const std::string& where) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  // MemberEnd() of what is not an object is an assertion in rapidjson: ask IsObject() first.
  auto format = [&] {
    if (!doc.IsObject()) return -1;
    auto member = doc.FindMember("cfgsweep_shard");
    return member != doc.MemberEnd() && member->value.IsInt() ? member->value.GetInt() : -1;
  };
  if (format() != ShardManifest::kFormat)
    return make_error(ExitStatus::kUsage,
                      fmt::format("{}: not a cfgsweep shard manifest of format {}", where,
                                  ShardManifest::kFormat));
  ShardManifest manifest;
  const std::string& results = manifest.results;
  if (!read_fields(doc, &manifest) || results.empty() || results == "." || results == ".." ||
      results.find('/') != std::string::npos)
    return make_error(ExitStatus::kUsage,
                      fmt::format("{}: a shard manifest with a missing or damaged field", where));
  return manifest;
}

Result<ShardManifest> read_shard_manifest(const std::string& path, std::string* manifest_path,
                                          std::string* results_path) {
  *manifest_path = path.ends_with(kSuffix) ? path : manifest_path_for(path);
  std::optional<std::string> text = manifest_text(*manifest_path);
  if (!text)
    return make_error(ExitStatus::kNoInput,
                      fmt::format("{}: no shard manifest, or not a regular file of at most {} MB "
                                  "(was the shard run with --shard and -o, and did it finish?)",
                                  *manifest_path, kMaxManifestBytes >> 20));
  auto manifest = parse_shard_manifest(*text, *manifest_path);
  if (!manifest) return manifest;
  *results_path =
      (std::filesystem::path(*manifest_path).parent_path() / manifest->results).string();
  return manifest;
}

}  // namespace cfgsweep
