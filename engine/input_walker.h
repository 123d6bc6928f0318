#pragma once

#include <atomic>
#include <cstdint>
#include <istream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/job_dispatcher.h"

namespace cfgsweep {

struct WalkOptions {
  std::vector<std::string> include;  // globs; a file must match one (when any are given)
  std::vector<std::string> exclude;  // globs; a file matching one is left out
  uint64_t max_file_size = 0;
};

// Globs match the file name, or the whole path when the pattern holds a '/'.
bool matches_globs(std::string_view path, const WalkOptions& options);
// Archives are recognised by name: .tar, .tar.gz/.tgz, .tar.zst/.tzst, .tar.xz/.txz,
// .tar.bz2/.tbz2 and .zip.
bool is_archive_name(std::string_view path);

// Turns the command line's paths into jobs, on the source thread: files as they are,
// directories walked recursively in name order (symlinks followed, loops detected by
// device and inode, non-regular files noted and skipped), "-" as a list of paths on
// stdin, archives member by member through the arena. Every input that cannot become a
// job still gets a result (a note) so that nothing named is silently lost.
class InputWalker {
 public:
  InputWalker(JobDispatcher* dispatcher, WalkOptions options, std::istream* stdin_list);
  // Walks every path; returns false if stopped early (dispatcher stopping).
  bool walk(const std::vector<std::string>& paths);

 private:
  bool walk_path(const std::string& path, bool named_explicitly);
  bool walk_directory(const std::string& root);
  bool note(const std::string& source, ResultStatus status, std::string code, std::string message);

  JobDispatcher* dispatcher_;
  WalkOptions options_;
  std::istream* stdin_list_;
  std::set<std::pair<uint64_t, uint64_t>> visited_directories_;  // (device, inode)
};

}  // namespace cfgsweep
