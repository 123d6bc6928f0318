#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/error.h"

#include "engine/input_walker.h"

namespace cfgsweep {

// Streams the regular-file members of one archive into the arena through `dispatcher`
// (libarchive: tar with any compression filter, and zip). A member larger than
// --max-file-size, and a corrupt or truncated archive, each get an error result; members
// read before the damage keep theirs. Returns false if the dispatcher is stopping.
bool read_archive(const std::string& path, const WalkOptions& options, JobDispatcher* dispatcher);

// One member read into memory (`cfgsweep remediate`, whose jobs are pairs), or why not.
struct ArchiveMember {
  std::string name;
  std::string text;
  std::string error;  // empty when read
};
// The regular-file members of an archive, in archive order; links, devices and members over
// `max_size` come with their error. An archive that cannot be opened or read is an error
// (kInputsFailed) naming it.
Result<std::vector<ArchiveMember>> read_archive_members(const std::string& path, uint64_t max_size);

}  // namespace cfgsweep
