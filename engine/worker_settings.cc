#include "engine/worker_settings.h"

#include <cstdio>
#include <filesystem>
#include <string>

#include "parse/query_spec.h"

namespace cfgsweep {

WorkerSettings worker_settings_for(const RunOptions& options) {
  WorkerSettings settings;
  settings.max_file_size = options.max_file_size;
  settings.worker_memory = options.worker_memory;
  std::snprintf(settings.format_name, sizeof settings.format_name, "%s", options.format.c_str());
  settings.vendor = static_cast<uint8_t>(options.vendor.value_or(Vendor::kUnknown));
  settings.reveal_secrets = options.show_secrets;
  settings.remediation = options.check_remediation;
  settings.device_from = static_cast<uint8_t>(options.device_from);
  settings.fetched = options.command == RunOptions::Command::kRun;
  std::string ignore;
  for (const std::string& p : options.ignore_lines) ignore += p + "\n";
  std::snprintf(settings.ignore_lines, sizeof settings.ignore_lines, "%s", ignore.c_str());
  if (options.command == RunOptions::Command::kQuery) {
    std::string query = QuerySpec::serialize(options.match, options.child, options.no_child);
    std::snprintf(settings.query, sizeof settings.query, "%s", query.c_str());
  }
  // An absolute path: workers may not share the supervisor's idea of the current directory.
  if (!options.policy.empty())
    std::snprintf(settings.policy_path, sizeof settings.policy_path, "%s",
                  std::filesystem::absolute(options.policy).c_str());
  if (!options.policy.empty() && !options.fetch.inventory.empty())
    std::snprintf(settings.inventory_path, sizeof settings.inventory_path, "%s",
                  std::filesystem::absolute(options.fetch.inventory).c_str());
  return settings;
}

}  // namespace cfgsweep
