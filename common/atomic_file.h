#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

namespace cfgsweep {

// Replaces `path` with `text` atomically: a fresh file of our own beside it (mkostemp:
// O_EXCL, an unpredictable name, never one someone placed or linked there), `mode`
// whatever the umask, fsync, then rename. Readers see the old file or the new one, never a
// part. Returns the empty string, or why it failed ("cannot write PATH.tmp.Xa3f9Q: No space
// left on device"; the temporary file is removed). Backups, remediation files, metrics and
// shard manifests are all written so.
std::string write_file_atomically(const std::string& path, std::string_view text, mode_t mode);

// `mode` less the process's umask: the mode open(2) would give a new file. Reads the umask by
// setting it, so call it where no other thread creates files.
mode_t mode_after_umask(mode_t mode);

}  // namespace cfgsweep
