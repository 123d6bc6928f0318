#include "common/shared_segment.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <boost/interprocess/mapped_region.hpp>
#include <boost/interprocess/shared_memory_object.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>
#include <utility>

#include <fmt/format.h>

namespace cfgsweep {

namespace bip = boost::interprocess;

static std::string segment_prefix() { return fmt::format("cfgsweep.{}.", ::getuid()); }

static std::string unique_segment_name() {
  std::random_device entropy;
  return fmt::format("{}{}.{:08x}{:08x}", segment_prefix(), ::getpid(), entropy(), entropy());
}

SharedSegment::SharedSegment(std::string name, std::unique_ptr<bip::mapped_region> region,
                             bool owner)
    : name_(std::move(name)), region_(std::move(region)), owner_(owner) {}

SharedSegment::SharedSegment(std::string name, void* address, std::size_t size, Fd memfd)
    : name_(std::move(name)),
      address_(address),
      size_(size),
      memfd_(std::move(memfd)),
      owner_(false) {}

SharedSegment::SharedSegment(SharedSegment&& other) noexcept
    : name_(std::move(other.name_)),
      region_(std::move(other.region_)),
      address_(std::exchange(other.address_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      memfd_(std::move(other.memfd_)),
      owner_(std::exchange(other.owner_, false)) {}

SharedSegment::~SharedSegment() {
  remove();
  if (address_) ::munmap(address_, size_);
}

void SharedSegment::remove() {
  if (owner_) bip::shared_memory_object::remove(name_.c_str());
  owner_ = false;
}

void* SharedSegment::data() const { return region_ ? region_->get_address() : address_; }
std::size_t SharedSegment::size() const { return region_ ? region_->get_size() : size_; }

std::optional<uint64_t> SharedSegment::named_room() {
  struct statvfs shm;
  if (::statvfs("/dev/shm", &shm) != 0) return std::nullopt;
  return uint64_t{shm.f_bavail} * shm.f_frsize;
}

static constexpr std::string_view kInheritedName = "fd:4";
static_assert(kWorkerSegmentFd == 4, "kInheritedName spells the fd");

static Result<void*> map_shared(int fd, std::size_t size) {
  void* address = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (address == MAP_FAILED)
    return make_error(ExitStatus::kOsError, fmt::format("cannot map {} bytes of shared memory: {}",
                                                        size, std::strerror(errno)));
  return address;
}

Result<std::unique_ptr<SharedSegment>> SharedSegment::create_anonymous(std::size_t size) {
  // Sealing is not needed: only this process and the workers it spawns hold the fd.
  Fd created(::memfd_create("cfgsweep-segment", MFD_CLOEXEC));
  // Above the fds a worker is given (result pipe 3, segment 4), so that spawning can
  // dup2() it into place without overwriting it or keeping its close-on-exec flag.
  Fd memfd(created.valid() ? ::fcntl(created.get(), F_DUPFD_CLOEXEC, 10) : -1);
  if (!memfd.valid() || ::ftruncate(memfd.get(), static_cast<off_t>(size)) != 0)
    return make_error(ExitStatus::kOsError,
                      fmt::format("cannot create anonymous shared memory ({} bytes): {}", size,
                                  std::strerror(errno)));
  auto address = map_shared(memfd.get(), size);
  if (!address) return std::unexpected(address.error());
  return std::unique_ptr<SharedSegment>(
      new SharedSegment(std::string(kInheritedName), *address, size, std::move(memfd)));
}

Result<std::unique_ptr<SharedSegment>> SharedSegment::create(std::size_t size) {
  std::string name = unique_segment_name();
  try {
    bip::permissions owner_only(0600);
    bip::shared_memory_object object(bip::create_only, name.c_str(), bip::read_write, owner_only);
    // Boost applies the mode with fchmod, so the umask cannot widen it; check anyway:
    // a segment other users could read would leak every config's secrets.
    struct stat info;
    if (::fstat(object.get_mapping_handle().handle, &info) != 0 || (info.st_mode & 0077) != 0) {
      bip::shared_memory_object::remove(name.c_str());
      return make_error(ExitStatus::kOsError,
                        fmt::format("shared memory segment {} is not private (mode {:o})", name,
                                    info.st_mode & 0777));
    }
    object.truncate(static_cast<bip::offset_t>(size));
    auto region = std::make_unique<bip::mapped_region>(object, bip::read_write);
    return std::unique_ptr<SharedSegment>(
        new SharedSegment(std::move(name), std::move(region), /*owner=*/true));
  } catch (const bip::interprocess_exception& e) {
    bip::shared_memory_object::remove(name.c_str());
    return make_error(ExitStatus::kOsError,
                      fmt::format("cannot create shared memory segment /dev/shm/{} ({} bytes): {}",
                                  name, size, e.what()));
  }
}

Result<std::unique_ptr<SharedSegment>> SharedSegment::attach(const std::string& name) {
  if (name == kInheritedName) {
    Fd memfd(kWorkerSegmentFd);  // inherited; closed once mapped
    struct stat info;
    if (::fstat(memfd.get(), &info) != 0)
      return make_error(ExitStatus::kOsError, fmt::format("no inherited shared memory at fd {}: {}",
                                                          kWorkerSegmentFd, std::strerror(errno)));
    auto size = static_cast<std::size_t>(info.st_size);
    auto address = map_shared(memfd.get(), size);
    if (!address) return std::unexpected(address.error());
    return std::unique_ptr<SharedSegment>(new SharedSegment(name, *address, size, Fd()));
  }
  try {
    bip::shared_memory_object object(bip::open_only, name.c_str(), bip::read_write);
    auto region = std::make_unique<bip::mapped_region>(object, bip::read_write);
    return std::unique_ptr<SharedSegment>(
        new SharedSegment(name, std::move(region), /*owner=*/false));
  } catch (const bip::interprocess_exception& e) {
    return make_error(ExitStatus::kOsError,
                      fmt::format("cannot open shared memory segment {}: {}", name, e.what()));
  }
}

int SharedSegment::remove_stale() {
  std::error_code ec;
  std::filesystem::directory_iterator entries("/dev/shm", ec);
  if (ec) return 0;
  const std::string prefix = segment_prefix();
  int removed = 0;
  for (const auto& entry : entries) {
    std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
    if (pid <= 0) continue;
    // A live process with that pid may be another cfgsweep run: leave its segment alone.
    if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;
    if (bip::shared_memory_object::remove(name.c_str())) ++removed;
  }
  return removed;
}

}  // namespace cfgsweep
