#include "engine/shard_set.h"

#include <fcntl.h>

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "store/run_store.h"

namespace cfgsweep {

namespace {

std::string shard_name(const ShardManifest& m) { return m.shard.describe(); }

// The run most of the shards belong to; the others are foreign.
const LoadedShard& majority(const std::vector<LoadedShard>& shards) {
  std::map<std::string, int> votes;
  for (const LoadedShard& s : shards) ++votes[s.manifest.run];
  const std::string run =
      std::max_element(votes.begin(), votes.end(), [](const auto& a, const auto& b) {
        return a.second < b.second;
      })->first;
  return *std::find_if(shards.begin(), shards.end(),
                       [&](const LoadedShard& s) { return s.manifest.run == run; });
}

// What makes `m` a shard of another run than `model`'s, in words.
std::string difference(const ShardManifest& m, const ShardManifest& model) {
  if (m.command != model.command)
    return fmt::format("its command is {}, not {}", m.command, model.command);
  if (m.shard.count != model.shard.count)
    return fmt::format("it is one of {} shards, not {}", m.shard.count, model.shard.count);
  if (m.shard.by_field != model.shard.by_field)
    return fmt::format("it is sharded by '{}', not '{}'", m.shard.by_field, model.shard.by_field);
  if (m.shard.label != model.shard.label)
    return fmt::format("its --shard-run is '{}', not '{}'", m.shard.label, model.shard.label);
  if (m.settings_hash != model.settings_hash)
    return "other settings (version, policy, inventory, --fail-on, --format, ...)";
  if (m.inputs != model.inputs)
    return fmt::format(
        "it saw {} inputs, the others {} (other paths, or results written inside "
        "an input folder?)",
        m.inputs, model.inputs);
  return "other inputs (other files or hosts, or the same by other paths)";
}

void check_one_run(const std::vector<LoadedShard>& shards, const LoadedShard& model,
                   Diagnostics* mistakes) {
  std::map<std::pair<std::string, uint32_t>, const LoadedShard*> seen;
  const std::set<std::string> values(model.manifest.values.begin(), model.manifest.values.end());
  for (const LoadedShard& s : shards) {
    const ShardManifest& m = s.manifest;
    if (m.run != model.manifest.run) {
      mistakes->add(fmt::format("{}: a shard of another run than {}: {}", s.manifest_path,
                                model.manifest_path, difference(m, model.manifest)));
      continue;
    }
    auto [it, added] = seen.emplace(std::pair(m.shard.by_value, m.shard.index), &s);
    if (!added)
      mistakes->add(fmt::format("{} and {} are both shard {}", it->second->manifest_path,
                                s.manifest_path, shard_name(m)));
    if (m.exit_code != 0 && m.exit_code != 1 && m.exit_code != 2)
      mistakes->add(fmt::format("{}: shard {} did not finish (exit {}): run it again",
                                s.manifest_path, shard_name(m), m.exit_code));
    if (!m.shard.by_field.empty() && !values.contains(m.shard.by_value))
      mistakes->add(fmt::format("{}: shard {}, but no host of the run has {} '{}'", s.manifest_path,
                                shard_name(m), m.shard.by_field, m.shard.by_value));
  }
}

void check_none_missing(const std::vector<LoadedShard>& shards, const ShardManifest& m,
                        Diagnostics* mistakes) {
  std::set<std::pair<std::string, uint32_t>> seen;
  for (const LoadedShard& s : shards)
    seen.emplace(s.manifest.shard.by_value, s.manifest.shard.index);
  std::vector<std::string> values = m.values;
  if (m.shard.by_field.empty()) values = {""};
  for (const std::string& value : values)
    for (uint32_t i = 0; i < m.shard.count; ++i) {
      if (seen.contains({value, i})) continue;
      ShardSpec missing = m.shard;
      missing.by_value = value;
      missing.index = i;
      mistakes->add(fmt::format(
          "shard {} is missing (run it with{}{})", missing.describe(),
          m.shard.count > 1 ? fmt::format(" --shard {}/{}", i, m.shard.count) : "",
          m.shard.by_field.empty() ? ""
                                   : fmt::format(" --shard-by {}={}", m.shard.by_field, value)));
    }
}

// Every input of the run in exactly one line: the manifests' positions are what `--ordered`
// sorts by, and a manifest is a file anyone on the shared volume could have written.
void check_each_input_once(const std::vector<LoadedShard>& shards, const ShardManifest& model,
                           Diagnostics* mistakes) {
  const bool per_command = model.command == "run";  // position: device << 16 | command
  std::set<uint64_t> positions;
  uint64_t lines = 0;
  for (const LoadedShard& s : shards) {
    lines += s.manifest.lines;
    for (uint64_t p : s.manifest.positions) {
      const uint64_t input = per_command ? p >> 16 : p;
      if (input >= model.inputs || !positions.insert(p).second) {
        mistakes->add(
            fmt::format("{}: position {} is {} (a damaged or hand-made manifest)", s.manifest_path,
                        p, input >= model.inputs ? "beyond the run's inputs" : "another line's"));
        return;
      }
    }
  }
  if (!per_command && lines != model.inputs)
    mistakes->add(
        fmt::format("the shards hold {} results for the run's {} inputs", lines, model.inputs));
}

// merge --store: the run each shard kept is there, finished, whole, and its own.
void check_stores(std::vector<LoadedShard>* shards, Diagnostics* mistakes) {
  std::set<std::pair<std::string, int64_t>> runs;
  for (LoadedShard& s : *shards) {
    const ShardManifest& m = s.manifest;
    if (m.store.empty()) {
      mistakes->add(fmt::format("{}: shard {} kept no run store (run the shards with --store)",
                                s.manifest_path, shard_name(m)));
      continue;
    }
    if (!runs.emplace(m.store, m.store_run).second)
      mistakes->add(fmt::format("{}: run {} of {} is another shard's too", s.manifest_path,
                                m.store_run, m.store));
    auto store = RunStore::open(m.store, /*create=*/false);
    if (!store) {
      mistakes->add(fmt::format("{}: {}", s.manifest_path, store.error().message));
      continue;
    }
    auto rows = store->runs();
    if (!rows) {
      mistakes->add(fmt::format("{}: {}", s.manifest_path, rows.error().message));
      continue;
    }
    auto row = std::find_if(rows->begin(), rows->end(),
                            [&](const RunStore::RunRow& r) { return r.id == m.store_run; });
    if (row == rows->end() || !row->finished ||
        static_cast<uint64_t>(row->totals.inputs) != m.lines)
      mistakes->add(fmt::format("{}: run {} of {} is not this shard's finished run of {} results",
                                s.manifest_path, m.store_run, m.store, m.lines));
    else
      s.store_totals = row->totals;
  }
}

Result<LoadedShard> load_shard(const std::string& path) {
  LoadedShard shard;
  auto manifest = read_shard_manifest(path, &shard.manifest_path, &shard.results_path);
  if (!manifest) return std::unexpected(manifest.error());
  shard.manifest = std::move(*manifest);
  shard.results.reset(::open(shard.results_path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (!shard.results.valid())
    return make_error(ExitStatus::kNoInput, fmt::format("{}: its results file {} is missing",
                                                        shard.manifest_path, shard.results_path));
  auto digest = digest_fd(shard.results.get(), shard.results_path);
  if (!digest || digest->hash != shard.manifest.results_hash ||
      digest->lines != shard.manifest.lines)
    return make_error(ExitStatus::kNoInput,
                      fmt::format("{}: its results file {} is {} since the shard wrote its "
                                  "manifest",
                                  shard.manifest_path, shard.results_path,
                                  digest ? "changed (or cut short)" : "missing"));
  return shard;
}

}  // namespace

Result<std::vector<LoadedShard>> load_shard_set(const std::vector<std::string>& paths,
                                                bool with_stores) {
  std::vector<LoadedShard> shards;
  Diagnostics missing, mistakes;
  for (const std::string& path : paths) {
    auto shard = load_shard(path);
    if (!shard) {
      (shard.error().status == ExitStatus::kNoInput ? missing : mistakes)
          .add(shard.error().message);
      continue;
    }
    shards.push_back(std::move(*shard));
  }
  if (!mistakes.empty()) return std::unexpected(mistakes.to_error(ExitStatus::kUsage));
  if (!missing.empty() || shards.empty())
    return std::unexpected(missing.to_error(ExitStatus::kNoInput));
  const LoadedShard& model = majority(shards);
  check_one_run(shards, model, &mistakes);
  if (!mistakes.empty()) return std::unexpected(mistakes.to_error(ExitStatus::kUsage));
  check_none_missing(shards, model.manifest, &missing);
  if (!missing.empty()) return std::unexpected(missing.to_error(ExitStatus::kNoInput));
  check_each_input_once(shards, model.manifest, &mistakes);
  if (with_stores) check_stores(&shards, &mistakes);
  if (!mistakes.empty()) return std::unexpected(mistakes.to_error(ExitStatus::kUsage));
  return shards;
}

}  // namespace cfgsweep
