#pragma once

#include "common/segment_layout.h"
#include "engine/run_options.h"

namespace cfgsweep {

// The settings every worker reads from the segment, from the validated options; `show`
// hands the same settings to its in-process JobProcessor.
WorkerSettings worker_settings_for(const RunOptions& options);

}  // namespace cfgsweep
