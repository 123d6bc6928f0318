#pragma once

#include <string>
#include <string_view>

namespace cfgsweep {

// The directory of fetched configs: one file per device and command, replaced atomically
// (written to a temporary file in the same directory, flushed, then renamed over the old
// one), so a reader never sees half a config and a failed fetch never touches the last
// good backup. Files are created mode 0600: configs hold secrets.
class BackupStore {
 public:
  // Creates the directory (mode 0700) when missing; throws std::runtime_error if it cannot.
  // `redact`: secrets are replaced by "<redacted>" in what is saved (parse/secret_redactor.h).
  BackupStore(std::string directory, bool redact);

  // "DIR/NAME.cfg" for a device's first command, "DIR/NAME.K.txt" for the K-th (K >= 2).
  // The device name is made safe as a file name ('/' and leading dots replaced).
  std::string path_for(std::string_view device, std::size_t command_index) const;

  // Writes `text` atomically; false with `*error` set when it could not.
  bool save(const std::string& path, std::string_view text, std::string* error) const;

 private:
  std::string directory_;
  bool redact_;
};

}  // namespace cfgsweep
