#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "common/error.h"

namespace cfgsweep {

// The directory of fetched configs: one file per device and command, replaced atomically
// (written to a temporary file in the same directory, flushed, then renamed over the old
// one), so a reader never sees half a config and a failed fetch never touches the last
// good backup. Files are created mode 0600: configs hold secrets.
class BackupStore {
 public:
  // Creates the directory (mode 0700) when missing; an error (kIoError) when it cannot.
  // `redact`: secrets are replaced by "<redacted>" in what is saved (redact_config_text, parse/secret_redactor.h).
  static Result<BackupStore> open(std::string directory, bool redact);

  // "DIR/NAME.cfg" for a device's first command, "DIR/NAME.K.txt" for the K-th (K >= 2).
  // The device name is made safe as a file name ('/' and leading dots replaced).
  std::string path_for(std::string_view device, std::size_t command_index) const;

  // Writes `text` atomically; an error (kIoError) when it could not.
  Result<void> save(const std::string& path, std::string_view text) const;

 private:
  BackupStore(std::string directory, bool redact)
      : directory_(std::move(directory)), redact_(redact) {}

  std::string directory_;
  bool redact_;
};

}  // namespace cfgsweep
