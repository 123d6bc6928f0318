#include "store/sqlite_db.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include <fmt/format.h>

#include "common/fd.h"

namespace cfgsweep {

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Statement& Statement::bind(int index, const std::optional<int64_t>& value) {
  return value ? bind(index, *value) : bind_null(index);
}

Result<bool> Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Error e{ExitStatus::kIoError,
          fmt::format("{}: {}", sqlite3_db_filename(db_, "main"), sqlite3_errmsg(db_))};
  sqlite3_reset(stmt_);
  return std::unexpected(e);
}

Result<> Statement::run() {
  for (;;) {
    Result<bool> row = step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
  }
  reset();
  return {};
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

double Statement::real(int column) const { return sqlite3_column_double(stmt_, column); }

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::string Statement::text(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
           : std::string();
}

std::string Statement::blob(int column) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
           : std::string();
}

namespace {

// The writer's file: created 0600 before SQLite opens it (SQLite creates files with the
// umask's mode, and its -wal and -shm files take the database's), a regular file of this
// user, never a link; group and other bits are taken away.
Result<> own_private_file(const std::string& path, bool* narrowed) {
  Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600));
  if (!fd.valid())
    return make_error(
        ExitStatus::kIoError,
        fmt::format("cannot open the store {}: {}{}", path, errno_text(errno),
                    errno == ELOOP ? " (a symbolic link: give the file itself)" : ""));
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0 || !S_ISREG(info.st_mode))
    return make_error(ExitStatus::kUsage, fmt::format("the store {} is not a regular file", path));
  if (info.st_uid != ::geteuid())
    return make_error(ExitStatus::kUsage,
                      fmt::format("the store {} belongs to another user (uid {}); a run writes "
                                  "only a store of its own",
                                  path, info.st_uid));
  if ((info.st_mode & 077) != 0) {
    if (::fchmod(fd.get(), 0600) != 0)
      return make_error(ExitStatus::kIoError, fmt::format("cannot make the store {} private: {}",
                                                          path, errno_text(errno)));
    if (narrowed) *narrowed = true;
  }
  // The journal files SQLite may find from an earlier run: private too.
  for (const char* suffix : {"-wal", "-shm"}) {
    const std::string journal = path + suffix;
    struct stat j {};
    if (::lstat(journal.c_str(), &j) != 0) continue;
    if (!S_ISREG(j.st_mode) || j.st_uid != ::geteuid())
      return make_error(ExitStatus::kUsage,
                        fmt::format("{} is not a regular file of this user; remove it", journal));
    if ((j.st_mode & 077) != 0) ::chmod(journal.c_str(), 0600);
  }
  return {};
}

}  // namespace

Result<Database> Database::open(const std::string& path, bool create, bool* narrowed) {
  if (create)
    if (auto owned = own_private_file(path, narrowed); !owned)
      return std::unexpected(owned.error());
  sqlite3* db = nullptr;
  int flags = (create ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) | SQLITE_OPEN_NOMUTEX |
              SQLITE_OPEN_NOFOLLOW;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    if (!create && ::access(path.c_str(), F_OK) != 0)
      return make_error(ExitStatus::kNoInput,
                        fmt::format("there is no store {} (a run with --store makes it)", path));
    return make_error(create ? ExitStatus::kIoError : ExitStatus::kNoInput,
                      fmt::format("cannot open the store {}: {}", path, message));
  }
  // A writer and readers (`runs`, `history` during a run) wait for each other a while
  // instead of failing at once.
  sqlite3_busy_timeout(db, 10'000);
  return Database(db, path);
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
  }
  return *this;
}

Database::~Database() { sqlite3_close_v2(db_); }

Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &stmt, nullptr) != SQLITE_OK)
    return std::unexpected(error("cannot prepare a statement"));
  return Statement(db_, stmt);
}

Result<> Database::execute(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    Error e{ExitStatus::kIoError, fmt::format("{}: {}", path_, message ? message : "error")};
    sqlite3_free(message);
    return std::unexpected(e);
  }
  return {};
}

int64_t Database::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }

int Database::changes() const { return sqlite3_changes(db_); }

Error Database::error(std::string_view what) const {
  return Error{ExitStatus::kIoError, fmt::format("{}: {}: {}", path_, what, sqlite3_errmsg(db_))};
}

}  // namespace cfgsweep
