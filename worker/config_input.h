#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result_record.h"

namespace cfgsweep {

// Reads one config file for a worker. Small files are read into a buffer that is reused
// from job to job; large ones are mapped read-only (zero copy). One loader per worker;
// the bytes stay valid until the next load() or release().
class ConfigInput {
 public:
  ConfigInput() = default;
  ConfigInput(const ConfigInput&) = delete;
  ConfigInput& operator=(const ConfigInput&) = delete;
  ~ConfigInput();

  // False with `error` filled when the file cannot be read, is not a regular file, or is
  // larger than `max_size`.
  bool load(const std::string& path, uint64_t max_size, std::string_view* bytes,
            ResultError* error);
  void release();

 private:
  static constexpr std::size_t kMapThreshold = 1 << 20;
  std::string buffer_;
  void* mapping_ = nullptr;
  std::size_t mapping_size_ = 0;
};

}  // namespace cfgsweep
