#include "worker/config_input.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <cerrno>

#include <fmt/format.h>

#include "common/fd.h"

namespace cfgsweep {

ConfigInput::~ConfigInput() { release(); }

void ConfigInput::release() {
  if (mapping_) ::munmap(mapping_, mapping_size_);
  mapping_ = nullptr;
  mapping_size_ = 0;
  // A huge input must not pin its buffer for the rest of the worker's life.
  if (buffer_.capacity() > kMapThreshold) std::string().swap(buffer_);
}

static ResultError open_error(const std::string& path, int err) {
  return {std::nullopt, errno_code(err), fmt::format("cannot open {}: {}", path, errno_text(err))};
}

bool ConfigInput::load(const std::string& path, uint64_t max_size, std::string_view* bytes,
                       ResultError* error) {
  release();
  // O_NONBLOCK: a FIFO put in a config's place must not hang the worker in open().
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
  if (!fd.valid()) {
    *error = open_error(path, errno);
    return false;
  }
  struct stat info;
  if (::fstat(fd.get(), &info) != 0) {
    *error = open_error(path, errno);
    return false;
  }
  if (!S_ISREG(info.st_mode)) {
    *error = {std::nullopt, "not_regular", fmt::format("{} is not a regular file", path)};
    return false;
  }
  auto size = static_cast<uint64_t>(info.st_size);
  if (size > max_size) {
    *error = {std::nullopt, "too_large",
              fmt::format("{} is {} bytes, over --max-file-size ({} bytes)", path, size, max_size)};
    return false;
  }
  if (size == 0) {
    *bytes = {};
    return true;
  }
  if (size >= kMapThreshold) {
    void* mapping = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd.get(), 0);
    if (mapping == MAP_FAILED) {
      *error = {std::nullopt, "io_error",
                fmt::format("cannot map {}: {}", path, errno_text(errno))};
      return false;
    }
    ::madvise(mapping, size, MADV_SEQUENTIAL);
    mapping_ = mapping;
    mapping_size_ = size;
    *bytes = {static_cast<const char*>(mapping), size};
    return true;
  }
  buffer_.resize(size);
  long got = pread_all(fd.get(), buffer_.data(), size, 0);
  if (got < 0) {
    *error = {std::nullopt, "io_error", fmt::format("cannot read {}: {}", path, errno_text(errno))};
    return false;
  }
  *bytes = {buffer_.data(), static_cast<std::size_t>(got)};
  return true;
}

}  // namespace cfgsweep
