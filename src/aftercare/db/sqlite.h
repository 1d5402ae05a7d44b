// Move-only RAII wrappers over an SQLite connection and a prepared statement
// (db stage). Errors come back as Status, never as exceptions.
// Not thread-safe: one Database per thread (the in-memory index is what is shared).
#ifndef AFTERCARE_DB_SQLITE_H_
#define AFTERCARE_DB_SQLITE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "aftercare/base/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace aftercare::db {

class Statement;

class Database {
 public:
  enum class Mode { kReadOnly, kCreate };

  // Opens `path`. kReadOnly fails with kNotFound when the file does not exist;
  // kCreate creates or truncates nothing (the caller removes an old file first).
  static Result<Database> Open(const std::string& path, Mode mode);

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Runs one or more SQL statements that return no rows.
  Status Exec(std::string_view sql);
  Result<Statement> Prepare(std::string_view sql);

  // PRAGMA user_version.
  Result<int> UserVersion();

  const std::string& path() const { return path_; }
  sqlite3* raw() const { return db_; }

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_ = nullptr;
  std::string path_;
};

class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based. Text is copied by SQLite (SQLITE_TRANSIENT).
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, int64_t value);
  Statement& BindNull(int index);
  Statement& Bind(int index, std::optional<int64_t> value);
  Statement& BindBlob(int index, std::string_view bytes);

  // Steps once: true when a row is ready, false when done. Errors carry the SQL.
  Result<bool> Step();
  // Steps to completion, then resets for reuse (for INSERTs).
  Status Run();
  void Reset();

  int64_t ColumnInt(int col) const;
  bool ColumnIsNull(int col) const;
  std::string_view ColumnText(int col) const;  // valid until the next Step/Reset
  std::string_view ColumnBlob(int col) const;  // valid until the next Step/Reset

 private:
  friend class Database;
  Statement(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}
  sqlite3_stmt* stmt_ = nullptr;
  sqlite3* db_ = nullptr;
};

// Runs `sql` and calls fn(statement) for each row; the first error is returned.
template <typename Fn>
Status ForEachRow(Database& db, std::string_view sql, Fn fn) {
  ASSIGN_OR_RETURN(Statement st, db.Prepare(sql));
  while (true) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    fn(st);
  }
  return Status::Ok();
}

// Column `col` of the current row as an owned string.
inline std::string ColumnString(const Statement& st, int col) { return std::string(st.ColumnText(col)); }

}  // namespace aftercare::db

#endif  // AFTERCARE_DB_SQLITE_H_
