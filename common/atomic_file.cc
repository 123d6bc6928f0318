#include "common/atomic_file.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/fd.h"

namespace cfgsweep {

std::string write_file_atomically(const std::string& path, std::string_view text, mode_t mode) {
  std::string temporary = path + ".tmp.XXXXXX";
  Fd fd(::mkostemp(temporary.data(), O_CLOEXEC));
  if (!fd.valid()) return temporary + ": " + std::strerror(errno);
  ::fchmod(fd.get(), mode);
  bool written = write_all(fd.get(), text) && ::fsync(fd.get()) == 0;
  int err = errno;
  fd.reset();
  if (written && ::rename(temporary.c_str(), path.c_str()) == 0) return {};
  if (written) err = errno;
  ::unlink(temporary.c_str());
  return std::strerror(err);
}

mode_t mode_after_umask(mode_t mode) {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return mode & ~mask;
}

}  // namespace cfgsweep
