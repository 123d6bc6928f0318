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

// A file as the kernel knows it: (device, inode).
using FileIdentity = std::pair<uint64_t, uint64_t>;

struct WalkOptions {
  std::vector<std::string> include;  // globs; a file must match one (when any are given)
  std::vector<std::string> exclude;  // globs; a file or directory matching one is left out
  uint64_t max_file_size = 0;
  std::set<FileIdentity> own_outputs;  // never read: the run's --output, stdout, reports
};

// Directories a walk does not enter unless named on the command line: version-control
// metadata (Oxidized and RANCID keep their backups in git; its objects are not configs).
bool is_vcs_directory_name(std::string_view name);

// Globs match the file name, or the whole path when the pattern holds a '/'.
bool matches_globs(std::string_view path, const WalkOptions& options);
// Whether a directory found by the walk is left out: a VCS folder or an --exclude match.
bool directory_left_out(std::string_view path, const WalkOptions& options);
// Archives are recognised by name: .tar, .tar.gz/.tgz, .tar.zst/.tzst, .tar.xz/.txz,
// .tar.bz2/.tbz2 and .zip.
bool is_archive_name(std::string_view path);

// Turns the command line's paths into jobs, on the source thread: files as they are,
// directories walked recursively in name order (symlinks followed, loops detected by
// device and inode, non-regular files noted and skipped, VCS folders, excluded
// directories and the run's own outputs left out), "-" as a list of paths on
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
  std::set<FileIdentity> visited_directories_;
};

}  // namespace cfgsweep
