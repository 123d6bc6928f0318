#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace cfgsweep {

// A move-only owner of a file descriptor; closes it on destruction.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept;
  ~Fd();

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release() { return std::exchange(fd_, -1); }
  void reset(int fd = -1);

 private:
  int fd_ = -1;
};

// The two ends of a pipe made with pipe2(O_CLOEXEC | flags).
struct Pipe {
  Fd read_end;
  Fd write_end;
};
// Returns false and sets errno on failure.
bool make_pipe(Pipe* pipe, int extra_flags);

// Writes all of `data`, retrying on EINTR and partial writes. Blocks on a blocking fd.
// Returns false with errno set on failure (EPIPE when the reader is gone).
bool write_all(int fd, std::string_view data);

// One read(2), retried on EINTR. Returns bytes read, 0 at EOF, -1 with errno set
// (EAGAIN on an empty non-blocking fd).
long read_some(int fd, char* buffer, std::size_t size);

// Reads up to `size` bytes at `offset`, retrying on EINTR and short reads.
// Returns bytes read or -1 with errno set.
long pread_all(int fd, char* buffer, std::size_t size, long offset);

std::string errno_text(int err);

}  // namespace cfgsweep
