#include "engine/fleet/backup_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "common/atomic_file.h"
#include "common/fd.h"
#include "parse/secret_redactor.h"

namespace cfgsweep {

// A run killed or abandoned (a second SIGINT) while saving leaves "NAME.tmp.XXXXXX" (mode
// 0600, the config in it): the next fetch into the directory removes them.
static void remove_abandoned_temporaries(const std::string& directory) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(directory, ec)) {
    std::string name = entry.path().filename().string();
    auto mark = name.rfind(".tmp.");
    if (mark != std::string::npos && name.size() == mark + 11 && entry.is_regular_file(ec))
      ::unlink(entry.path().c_str());
  }
}

Result<BackupStore> BackupStore::open(std::string directory, bool redact) {
  if (::mkdir(directory.c_str(), 0700) != 0 && errno != EEXIST)
    return make_error(ExitStatus::kIoError, fmt::format("cannot create the output directory {}: {}",
                                                        directory, std::strerror(errno)));
  struct stat st;
  if (::stat(directory.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    return make_error(ExitStatus::kIoError, fmt::format("{} is not a directory", directory));
  remove_abandoned_temporaries(directory);
  return BackupStore(std::move(directory), redact);
}

std::string BackupStore::path_for(std::string_view device, std::size_t command_index) const {
  std::string name(device);
  for (char& c : name)
    if (c == '/' || c == '\0') c = '_';
  if (name.empty() || name.front() == '.') name.insert(name.begin(), '_');
  if (command_index == 0) return fmt::format("{}/{}.cfg", directory_, name);
  return fmt::format("{}/{}.{}.txt", directory_, name, command_index + 1);
}

Result<void> BackupStore::save(const std::string& path, std::string_view text) const {
  std::string redacted;
  if (redact_) text = redacted = redact_config_text(text);
  // Mode 0600: a backup holds the device's secrets.
  if (std::string failed = write_file_atomically(path, text, 0600); !failed.empty())
    return make_error(ExitStatus::kIoError, std::move(failed));
  return {};
}

}  // namespace cfgsweep
