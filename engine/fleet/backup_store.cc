#include "engine/fleet/backup_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

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
  std::string temporary = path + ".tmp.XXXXXX";
  Fd fd(::mkostemp(temporary.data(), O_CLOEXEC));  // mode 0600
  auto failed = [&](std::string_view what) -> Result<void> {
    std::string message = fmt::format("{} {}: {}", what, temporary, std::strerror(errno));
    ::unlink(temporary.c_str());
    return make_error(ExitStatus::kIoError, std::move(message));
  };
  if (!fd.valid())
    return make_error(ExitStatus::kIoError, fmt::format("cannot create a file in {}: {}",
                                                        directory_, std::strerror(errno)));
  for (std::size_t done = 0; done < text.size();) {
    ssize_t n = ::write(fd.get(), text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return failed("cannot write");
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd.get()) != 0) return failed("cannot flush");
  if (::rename(temporary.c_str(), path.c_str()) != 0) return failed("cannot rename");
  return {};
}

}  // namespace cfgsweep
