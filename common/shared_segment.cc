#include "common/shared_segment.h"

#include <signal.h>
#include <sys/stat.h>
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

SharedSegment::SharedSegment(SharedSegment&& other) noexcept
    : name_(std::move(other.name_)),
      region_(std::move(other.region_)),
      owner_(std::exchange(other.owner_, false)) {}

SharedSegment::~SharedSegment() { remove(); }

void SharedSegment::remove() {
  if (owner_) bip::shared_memory_object::remove(name_.c_str());
  owner_ = false;
}

void* SharedSegment::data() const { return region_->get_address(); }
std::size_t SharedSegment::size() const { return region_->get_size(); }

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
