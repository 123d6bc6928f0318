#include "engine/fleet/backup_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>

#include "common/fd.h"
#include "parse/secret_redactor.h"

namespace cfgsweep {

BackupStore::BackupStore(std::string directory, bool redact)
    : directory_(std::move(directory)), redact_(redact) {
  if (::mkdir(directory_.c_str(), 0700) != 0 && errno != EEXIST)
    throw std::runtime_error(
        fmt::format("cannot create the output directory {}: {}", directory_, std::strerror(errno)));
  struct stat st;
  if (::stat(directory_.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    throw std::runtime_error(fmt::format("{} is not a directory", directory_));
}

std::string BackupStore::path_for(std::string_view device, std::size_t command_index) const {
  std::string name(device);
  for (char& c : name)
    if (c == '/' || c == '\0') c = '_';
  if (name.empty() || name.front() == '.') name.insert(name.begin(), '_');
  if (command_index == 0) return fmt::format("{}/{}.cfg", directory_, name);
  return fmt::format("{}/{}.{}.txt", directory_, name, command_index + 1);
}

bool BackupStore::save(const std::string& path, std::string_view text, std::string* error) const {
  std::string redacted;
  if (redact_) text = redacted = redact_secrets(text);
  std::string temporary = path + ".tmp.XXXXXX";
  Fd fd(::mkostemp(temporary.data(), O_CLOEXEC));  // mode 0600
  auto failed = [&](std::string_view what) {
    *error = fmt::format("{} {}: {}", what, temporary, std::strerror(errno));
    ::unlink(temporary.c_str());
    return false;
  };
  if (!fd.valid()) {
    *error = fmt::format("cannot create a file in {}: {}", directory_, std::strerror(errno));
    return false;
  }
  for (std::size_t done = 0; done < text.size();) {
    ssize_t n = ::write(fd.get(), text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return failed("cannot write");
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd.get()) != 0) return failed("cannot flush");
  if (::rename(temporary.c_str(), path.c_str()) != 0) return failed("cannot rename");
  return true;
}

}  // namespace cfgsweep
