#include "engine/archive_reader.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include <cstring>
#include <memory>

#include <fmt/format.h>

namespace cfgsweep {

namespace {

using ArchivePtr = std::unique_ptr<archive, decltype(&archive_read_free)>;

// A reader of tar (any compression filter) and zip, not yet opened.
ArchivePtr new_archive_reader() {
  ArchivePtr reader(archive_read_new(), archive_read_free);
  archive_read_support_filter_all(reader.get());
  archive_read_support_format_tar(reader.get());
  archive_read_support_format_gnutar(reader.get());
  archive_read_support_format_zip(reader.get());
  return reader;
}

// Why a member that is not a regular file with content of its own is not read, or nullopt.
std::optional<ResultError> not_readable_member(archive_entry* entry) {
  if (const char* target = archive_entry_hardlink(entry))
    return ResultError{std::nullopt, "hard_link",
                       fmt::format("hard link to member {}; read there", target)};
  if (archive_entry_filetype(entry) == AE_IFLNK) {
    const char* target = archive_entry_symlink(entry);
    return ResultError{std::nullopt, "symlink",
                       fmt::format("symbolic link to {}; not followed", target ? target : "?")};
  }
  if (archive_entry_filetype(entry) != AE_IFREG)
    return ResultError{std::nullopt, "not_regular",
                       "not a regular file (FIFO, socket or device); skipped"};
  return std::nullopt;
}

ResultRecord archive_error(const std::string& path, std::string member, std::string code,
                           std::string message) {
  return failed_record(path, std::move(member), ResultStatus::kError,
                       {std::nullopt, std::move(code), std::move(message)});
}

// Reads exactly `size` bytes of the current member into `out`.
bool read_member_data(archive* reader, std::byte* out, uint64_t size, ResultError* error) {
  uint64_t done = 0;
  while (done < size) {
    la_ssize_t n = archive_read_data(reader, out + done, size - done);
    if (n < 0) {
      *error = {std::nullopt, "archive",
                fmt::format("cannot read member: {}", archive_error_string(reader))};
      return false;
    }
    if (n == 0) break;
    done += static_cast<uint64_t>(n);
  }
  if (done != size) {
    *error = {std::nullopt, "archive",
              fmt::format("member is truncated: {} of {} bytes", done, size)};
    return false;
  }
  return true;
}

}  // namespace

bool read_archive(const std::string& path, const WalkOptions& options, JobDispatcher* dispatcher) {
  struct stat info;
  if (::stat(path.c_str(), &info) == 0 && info.st_size == 0)
    return dispatcher->submit_note(
        archive_error(path, "", "archive", "empty archive (0 bytes): nothing to read"));

  ArchivePtr reader = new_archive_reader();
  if (archive_read_open_filename(reader.get(), path.c_str(), 1 << 16) != ARCHIVE_OK)
    return dispatcher->submit_note(
        archive_error(path, "", "archive",
                      fmt::format("cannot open archive: {}", archive_error_string(reader.get()))));
  int members = 0;
  for (;;) {
    archive_entry* entry = nullptr;
    int rc = archive_read_next_header(reader.get(), &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc == ARCHIVE_FATAL || rc == ARCHIVE_RETRY) {
      return dispatcher->submit_note(
          archive_error(path, "", "archive",
                        fmt::format("corrupt or truncated archive after {} member(s): {}", members,
                                    archive_error_string(reader.get()))));
    }
    if (archive_entry_filetype(entry) == AE_IFDIR) continue;
    const char* name = archive_entry_pathname(entry);
    std::string member = name ? name : "";
    if (!matches_globs(member, options)) continue;
    ++members;
    // Every member named gets its line: a link or a device in the archive is noted, never
    // silently dropped (the hard link's target is a member of its own, read as such).
    if (auto why = not_readable_member(entry)) {
      if (!dispatcher->submit_note(
              failed_record(path, member, ResultStatus::kSkipped, std::move(*why))))
        return false;
      continue;
    }
    if (!archive_entry_size_is_set(entry)) {
      if (!dispatcher->submit_note(
              archive_error(path, member, "archive", "member size unknown; not read")))
        return false;
      continue;
    }
    auto size = static_cast<uint64_t>(archive_entry_size(entry));
    if (size > options.max_file_size) {
      if (!dispatcher->submit_note(
              archive_error(path, member, "too_large",
                            fmt::format("member is {} bytes, over --max-file-size ({} bytes)", size,
                                        options.max_file_size))))
        return false;
      continue;
    }
    bool submitted =
        dispatcher->submit_bytes(path, member, size, [&](std::byte* out, ResultError* error) {
          return read_member_data(reader.get(), out, size, error);
        });
    if (!submitted) return false;
  }
  if (members == 0)
    return dispatcher->submit_note(
        archive_error(path, "", "empty_archive", "archive holds no regular files to parse"));
  return true;
}

Result<std::vector<ArchiveMember>> read_archive_members(const std::string& path,
                                                        uint64_t max_size) {
  ArchivePtr reader = new_archive_reader();
  if (archive_read_open_filename(reader.get(), path.c_str(), 1 << 16) != ARCHIVE_OK)
    return make_error(ExitStatus::kInputsFailed, fmt::format("{}: cannot open archive: {}", path,
                                                             archive_error_string(reader.get())));
  std::vector<ArchiveMember> members;
  for (;;) {
    archive_entry* entry = nullptr;
    int rc = archive_read_next_header(reader.get(), &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc == ARCHIVE_FATAL || rc == ARCHIVE_RETRY)
      return make_error(ExitStatus::kInputsFailed,
                        fmt::format("{}: corrupt or truncated archive after {} member(s): {}", path,
                                    members.size(), archive_error_string(reader.get())));
    if (archive_entry_filetype(entry) == AE_IFDIR) continue;
    ArchiveMember member;
    const char* name = archive_entry_pathname(entry);
    member.name = name ? name : "";
    if (auto why = not_readable_member(entry)) {
      member.error = why->message;
    } else if (!archive_entry_size_is_set(entry)) {
      member.error = "member size unknown; not read";
    } else if (auto size = static_cast<uint64_t>(archive_entry_size(entry)); size > max_size) {
      member.error =
          fmt::format("member is {} bytes, over --max-file-size ({} bytes)", size, max_size);
    } else {
      member.text.resize(size);
      ResultError error;
      if (!read_member_data(reader.get(), reinterpret_cast<std::byte*>(member.text.data()), size,
                            &error))
        member.error = error.message;
    }
    members.push_back(std::move(member));
  }
  return members;
}

}  // namespace cfgsweep
