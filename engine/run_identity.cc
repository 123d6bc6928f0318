#include "engine/run_identity.h"

#include <xxhash.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#ifndef CFGSWEEP_VERSION
#define CFGSWEEP_VERSION "0.0.0"
#endif

namespace cfgsweep {

namespace {

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace

std::string hex64(uint64_t value) { return fmt::format("{:016x}", value); }

std::string command_name(const RunOptions& options, bool fetched) {
  if (options.command == RunOptions::Command::kFetch) return "fetch";
  if (options.command == RunOptions::Command::kRemediate) return "remediate";
  if (fetched) return "run";
  return options.policy.empty() ? "parse" : "check";
}

std::string file_hash(const std::string& path) {
  if (path.empty()) return {};
  const std::string text = file_bytes(path);
  return hex64(XXH3_64bits(text.data(), text.size()));
}

std::string inventory_hash(const std::string& path) {
  if (path.empty()) return {};
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path where(path);
  std::vector<std::string> files;
  if (fs::is_directory(where, ec)) {
    for (const char* name : {"hosts.yaml", "groups.yaml", "defaults.yaml"})
      files.push_back((where / name).string());
  } else {
    files.push_back(path);
    if (where.extension() == ".yaml" || where.extension() == ".yml")
      for (const char* name : {"groups.yaml", "defaults.yaml"})
        files.push_back((where.parent_path() / name).string());
  }
  return contents_hash(files);
}

std::string files_hash(const std::vector<std::string>& paths) {
  if (paths.empty()) return {};
  std::string material;
  for (const std::string& path : paths) material += path + '\n' + file_hash(path) + '\n';
  return hex64(XXH3_64bits(material.data(), material.size()));
}

std::string contents_hash(const std::vector<std::string>& paths) {
  if (paths.empty()) return {};
  std::string material;
  for (const std::string& path : paths) material += file_hash(path) + '\n';
  return hex64(XXH3_64bits(material.data(), material.size()));
}

std::string settings_hash(const RunOptions& options, const std::string& command,
                          const std::string& policy_hash, const std::string& inventory_hash) {
  std::string material =
      fmt::format("{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n", CFGSWEEP_VERSION, command, options.format,
                  options.vendor ? enum_name(*options.vendor) : "", options.show_secrets,
                  enum_name(options.device_from), policy_hash, inventory_hash);
  for (const std::string& pattern : options.ignore_lines) material += pattern + '\n';
  return hex64(XXH3_64bits(material.data(), material.size()));
}

}  // namespace cfgsweep
