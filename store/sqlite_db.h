#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"

struct sqlite3;
struct sqlite3_stmt;

namespace cfgsweep {

// A thin RAII layer over the SQLite C API: a connection and its prepared statements, with
// errors as values. SQLite is used as documented for one writer: one connection per
// process, its statements used by one thread.

// One prepared statement. Bind by 1-based index, step, read columns by 0-based index.
class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  ~Statement();

  Statement& bind(int index, int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind_blob(int index, std::string_view bytes);
  Statement& bind_null(int index);
  Statement& bind(int index, const std::optional<int64_t>& value);
  // A row (true), done (false), or an error.
  Result<bool> step();
  // Steps to the end (a statement that returns no rows).
  Result<> run();
  // Ready for new bindings.
  void reset();
  bool prepared() const { return stmt_ != nullptr; }

  int64_t integer(int column) const;
  double real(int column) const;
  bool is_null(int column) const;
  std::string text(int column) const;
  std::string blob(int column) const;

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

// Steps `statement` to its end, calling `row()` (which returns a Result<>) for each row; the
// first error, of SQLite or of `row`, ends the walk and is returned.
template <typename Row>
Result<> for_each_row(Statement& statement, Row row) {
  for (;;) {
    auto more = statement.step();
    if (!more) return std::unexpected(more.error());
    if (!*more) return {};
    if (auto done = row(); !done) return done;
  }
}

class Database {
 public:
  // The writer's open (`create`): the database at `path`, created mode 0600 when missing;
  // it must be a regular file of this user (a symbolic link is refused), and a mode that
  // lets others read it is narrowed to 0600 (`narrowed` says so). Otherwise a reader's
  // open: read-only, and the file must exist.
  static Result<Database> open(const std::string& path, bool create, bool* narrowed = nullptr);
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  ~Database();

  Result<Statement> prepare(std::string_view sql);
  // Runs SQL text of one or more statements that return no rows.
  Result<> execute(std::string_view sql);
  int64_t last_insert_id() const;
  int changes() const;
  const std::string& path() const { return path_; }
  // "PATH: MESSAGE" for the connection's last error.
  Error error(std::string_view what) const;

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_ = nullptr;
  std::string path_;
};

}  // namespace cfgsweep
