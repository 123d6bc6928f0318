#pragma once

// The process exit codes of cfgsweep. They are part of the interface that wrapper
// scripts depend on and are documented in README.md ("Exit codes"); change both together.
namespace cfgsweep {

enum class ExitStatus : int {
  kOk = 0,             // every input parsed
  kFindings = 1,       // check/run --policy: a failed rule at or above --fail-on
  kInputsFailed = 2,   // the run completed, but at least one input failed
  kUsage = 64,         // EX_USAGE: bad flag or argument
  kNoInput = 66,       // EX_NOINPUT: the paths named hold no input at all
  kSoftware = 70,      // EX_SOFTWARE: internal error (a bug: please report it)
  kOsError = 71,       // EX_OSERR: shared memory, pipes or workers could not be set up
  kIoError = 74,       // EX_IOERR: the output could not be written
  kInterrupted = 130,  // stopped by SIGINT or SIGTERM; results so far were flushed
};

inline int to_int(ExitStatus s) { return static_cast<int>(s); }

}  // namespace cfgsweep
