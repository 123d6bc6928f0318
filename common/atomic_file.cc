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
  Fd fd(::mkostemp(temporary.data(), O_CLOEXEC));  // mode 0600 until fchmod
  if (!fd.valid()) return "cannot create " + temporary + ": " + std::strerror(errno);
  auto failed = [&](const char* what) {
    std::string why = std::string(what) + " " + temporary + ": " + std::strerror(errno);
    ::unlink(temporary.c_str());
    return why;
  };
  if ((mode != 0600 && ::fchmod(fd.get(), mode) != 0) || !write_all(fd.get(), text))
    return failed("cannot write");
  if (::fsync(fd.get()) != 0) return failed("cannot flush");
  fd.reset();
  if (::rename(temporary.c_str(), path.c_str()) != 0) return failed("cannot rename");
  return {};
}

mode_t mode_after_umask(mode_t mode) {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return mode & ~mask;
}

}  // namespace cfgsweep
