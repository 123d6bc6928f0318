#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/enum_names.h"

namespace cfgsweep {

// Where a result's `device` comes from (--device-from; docs/output.md). A fetched config's
// device is always its inventory name.
enum class DeviceFrom : uint8_t {
  kName,      // the file's name without its extensions ("edge1.junos.conf" -> "edge1")
  kHostname,  // the hostname the config gives itself, else the file's name
  kPath,      // the path as given ("configs/edge1.cfg", "all.tar.gz:site/edge1.cfg")
};

template <>
struct EnumNameTable<DeviceFrom> {
  static constexpr auto kNames =
      enum_names<DeviceFrom::kName, DeviceFrom::kPath>("name", "hostname", "path");
};

// The device a result is about: `source` and `member` as in the result, `fetched` for the
// configs `run` fetched (`source` is then the inventory name), `hostname` the config's own
// (empty when unknown: not parsed). Pure; any thread, either process.
std::string device_name(DeviceFrom from, std::string_view source, std::string_view member,
                        bool fetched, std::string_view hostname);

// "edge1.junos.conf" -> "edge1", "core1.example.net.cfg" -> "core1.example.net": the base
// name without the extensions config files are saved with (.cfg, .conf, .txt, .boot, .xml,
// .json, .yaml, .set, .gz, and platform words such as .junos or .ios).
std::string file_device_name(std::string_view path);

}  // namespace cfgsweep
