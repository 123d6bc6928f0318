#include "engine/input_walker.h"

#include <fnmatch.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "engine/archive_reader.h"

namespace cfgsweep {

namespace fs = std::filesystem;

namespace {

bool glob_matches(const std::string& pattern, std::string_view path) {
  std::string subject(path);
  if (pattern.find('/') == std::string::npos) {
    auto slash = subject.rfind('/');
    if (slash != std::string::npos) subject.erase(0, slash + 1);
  }
  return ::fnmatch(pattern.c_str(), subject.c_str(), 0) == 0;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool any_glob_matches(const std::vector<std::string>& globs, std::string_view path) {
  return std::any_of(globs.begin(), globs.end(),
                     [&](const std::string& g) { return glob_matches(g, path); });
}

}  // namespace

bool matches_globs(std::string_view path, const WalkOptions& options) {
  if (!options.include.empty() && !any_glob_matches(options.include, path)) return false;
  return !any_glob_matches(options.exclude, path);
}

bool is_vcs_directory_name(std::string_view name) {
  return name == ".git" || name == ".svn" || name == ".hg" || name == ".bzr" || name == "CVS";
}

bool directory_left_out(std::string_view path, const WalkOptions& options) {
  std::string_view name = path.substr(path.rfind('/') + 1);  // npos + 1 == 0: all of it
  return is_vcs_directory_name(name) || any_glob_matches(options.exclude, path);
}

bool is_archive_name(std::string_view path) {
  static constexpr std::string_view kSuffixes[] = {".tar",  ".tar.gz", ".tgz", ".tar.zst",
                                                   ".tzst", ".tar.xz", ".txz", ".tar.bz2",
                                                   ".tbz2", ".zip"};
  return std::any_of(std::begin(kSuffixes), std::end(kSuffixes),
                     [&](std::string_view s) { return ends_with(path, s); });
}

InputWalker::InputWalker(JobDispatcher* dispatcher, WalkOptions options, std::istream* stdin_list)
    : dispatcher_(dispatcher), options_(std::move(options)), stdin_list_(stdin_list) {}

bool InputWalker::note(const std::string& source, ResultStatus status, std::string code,
                       std::string message) {
  return dispatcher_->submit_note(
      failed_record(source, "", status, {std::nullopt, std::move(code), std::move(message)}));
}

bool InputWalker::walk(const std::vector<std::string>& paths) {
  for (const std::string& path : paths) {
    if (path == "-") {
      std::string line;
      while (stdin_list_ && std::getline(*stdin_list_, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty() && !walk_path(line, true)) return false;
      }
    } else if (!walk_path(path, true)) {
      return false;
    }
  }
  return true;
}

bool InputWalker::walk_path(const std::string& path, bool named_explicitly) {
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) {
    int err = errno;
    struct stat link_info;
    if (::lstat(path.c_str(), &link_info) == 0 && S_ISLNK(link_info.st_mode))
      return note(path, ResultStatus::kError, "broken_symlink",
                  fmt::format("symlink {} points to nothing: {}", path, std::strerror(err)));
    return note(path, ResultStatus::kError, errno_code(err),
                fmt::format("cannot access {}: {}", path, std::strerror(err)));
  }
  if (S_ISDIR(info.st_mode)) {
    if (!named_explicitly && directory_left_out(path, options_)) return true;
    if (!visited_directories_.emplace(info.st_dev, info.st_ino).second)
      return note(path, ResultStatus::kSkipped, "dir_loop",
                  fmt::format("{} leads to a directory already walked (a symlink loop or "
                              "alias); not walked again",
                              path));
    return walk_directory(path);
  }
  if (!S_ISREG(info.st_mode))
    return note(path, ResultStatus::kSkipped, "not_regular",
                fmt::format("{} is not a regular file (FIFO, socket or device); skipped", path));
  if (options_.own_outputs.contains({info.st_dev, info.st_ino}))
    return named_explicitly ? note(path, ResultStatus::kSkipped, "own_output",
                                   fmt::format("{} is where this run writes; not read", path))
                            : true;
  if (!named_explicitly && !matches_globs(path, options_)) return true;
  // A sharded run's manifest (FILE.shard.json) is never a config: a walk of the folder the
  // shards write to leaves it out, whatever order the shards finish in.
  if (!named_explicitly && ends_with(path, ".shard.json")) return true;
  if (is_archive_name(path)) return read_archive(path, options_, dispatcher_);
  return dispatcher_->submit_file(path);
}

bool InputWalker::walk_directory(const std::string& root) {
  std::error_code ec;
  fs::directory_iterator entries(root, ec);
  if (ec)
    return note(root, ResultStatus::kError, errno_code(ec.value()),
                fmt::format("cannot list directory {}: {}", root, ec.message()));
  std::vector<std::string> names;
  for (auto it = entries; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    names.push_back(it->path().filename().string());
  }
  if (ec)
    return note(root, ResultStatus::kError, "io_error",
                fmt::format("error while listing {}: {}", root, ec.message()));
  std::sort(names.begin(), names.end());  // a stable input order from run to run
  std::string prefix = root.back() == '/' ? root : root + "/";
  for (const std::string& name : names)
    if (!walk_path(prefix + name, false)) return false;
  return true;
}

}  // namespace cfgsweep
