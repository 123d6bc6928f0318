#pragma once

#include <string>

#include "engine/input_walker.h"

namespace cfgsweep {

// Streams the regular-file members of one archive into the arena through `dispatcher`
// (libarchive: tar with any compression filter, and zip). A member larger than
// --max-file-size, and a corrupt or truncated archive, each get an error result; members
// read before the damage keep theirs. Returns false if the dispatcher is stopping.
bool read_archive(const std::string& path, const WalkOptions& options, JobDispatcher* dispatcher);

}  // namespace cfgsweep
