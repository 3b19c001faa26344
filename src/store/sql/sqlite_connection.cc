// SQLite driver for sql::Connection.
#include <sqlite3.h>

#include <map>

#include "store/sql/connection.h"

namespace peakend::sql {
namespace {

constexpr int kBusyTimeoutMs = 10000;  // wait this long for another process's write lock
constexpr long long kCacheKib = 128 * 1024;          // page cache per connection
// No memory-mapped reads: while a store grows, every reader connection maps the file anew at
// each read after a commit that extended it, and on virtual machines the unmapping (page table
// and TLB work on every core) costs more than the copies it saves. Measured with bench_moments:
// detection alongside ingest ran at 35-45% of ingest speed with a 256 MiB map, 78-92% without.
constexpr long long kMmapBytes = 0;
constexpr int kWalCheckpointPages = 16384;           // 64 MiB of WAL between checkpoints
constexpr int kSortThreads = 2;                      // helper threads for sorting when an index is built

// Statements are written once with $N placeholders; SQLite understands ?N.
std::string ToSqlitePlaceholders(const std::string& sql) {
  std::string out;
  out.reserve(sql.size());
  for (std::size_t i = 0; i < sql.size(); ++i) {
    if (sql[i] == '$' && i + 1 < sql.size() && std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
      out += '?';
    } else {
      out += sql[i];
    }
  }
  return out;
}

constexpr std::string_view kReturningId = " RETURNING id";

// The column a NOT NULL refusal names ("NOT NULL constraint failed: responses.channel"), as the
// field of the error; "" for other refusals, which name no single column.
std::string ColumnOfRefusal(const std::string& message) {
  constexpr std::string_view kNotNull = "NOT NULL constraint failed: ";
  std::size_t at = message.find(kNotNull);
  if (at == std::string::npos) return "";
  std::string qualified = message.substr(at + kNotNull.size());
  std::size_t dot = qualified.rfind('.');
  return dot == std::string::npos ? qualified : qualified.substr(dot + 1);
}

// SQLite buffers RETURNING rows in a temporary table, which costs more than the insert itself
// in bulk. An INSERT that returns only its new id is run without the clause, and the id is
// taken from sqlite3_last_insert_rowid() when the insert changed a row.
class SqliteStatement : public Statement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt, bool emulate_returning_id, std::uint64_t* failures)
      : db_(db), stmt_(stmt), emulate_returning_id_(emulate_returning_id), failures_(failures) {}
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }

  void BindNull(int i) override { sqlite3_bind_null(stmt_, i); }
  void BindInt(int i, std::int64_t v) override { sqlite3_bind_int64(stmt_, i, v); }
  void BindDouble(int i, double v) override { sqlite3_bind_double(stmt_, i, v); }
  void BindText(int i, std::string_view v) override {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  Result<bool> Step() override {
    if (emulate_returning_id_ && executed_) return false;
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) {
      if (!emulate_returning_id_) return false;
      executed_ = true;
      if (sqlite3_changes(db_) != 1) return false;
      inserted_id_ = sqlite3_last_insert_rowid(db_);
      return true;
    }
    std::string message = sqlite3_errmsg(db_);
    int extended = sqlite3_extended_errcode(db_);
    sqlite3_reset(stmt_);
    ++*failures_;
    if (rc == SQLITE_CONSTRAINT) {
      // A duplicate key is a record already stored; any other refusal (a missing value, a broken
      // check or reference) is a bad record.
      bool duplicate = extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY;
      std::string what = "the database refused the record: " + message;
      return duplicate ? Status::AlreadyExists(what) : Status::InvalidArgument(what, ColumnOfRefusal(message));
    }
    if (rc == SQLITE_BUSY) return Status::Unavailable("the database is locked by another process: " + message);
    return Status::Internal("SQLite error: " + message);
  }
  bool IsNull(int c) const override {
    if (emulate_returning_id_) return false;
    return sqlite3_column_type(stmt_, c) == SQLITE_NULL;
  }
  std::int64_t Int(int c) const override {
    if (emulate_returning_id_) return inserted_id_;
    return sqlite3_column_int64(stmt_, c);
  }
  double Double(int c) const override { return sqlite3_column_double(stmt_, c); }
  std::string Text(int c) const override {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, c));
    return p ? std::string(p, sqlite3_column_bytes(stmt_, c)) : std::string();
  }
  void Reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    executed_ = false;
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  bool emulate_returning_id_;
  std::uint64_t* failures_;  // the connection's count (Connection::failed_statements)
  bool executed_ = false;
  std::int64_t inserted_id_ = 0;
};

class SqliteConnection : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    ReleaseStatements();
    sqlite3_close(db_);
  }
  Dialect dialect() const override { return Dialect::kSqlite; }

  Status Exec(const std::string& sql) override {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error ? error : "unknown error";
      sqlite3_free(error);
      return Status::Internal("SQLite error: " + message);
    }
    return Status::Ok();
  }

 protected:
  Result<std::unique_ptr<Statement>> Compile(const std::string& sql) override {
    std::string translated = ToSqlitePlaceholders(sql);
    bool returning_id = translated.size() > kReturningId.size() &&
                        translated.compare(translated.size() - kReturningId.size(), kReturningId.size(), kReturningId) == 0 &&
                        translated.rfind("INSERT", 0) == 0;
    if (returning_id) translated.resize(translated.size() - kReturningId.size());
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, translated.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
      return Status::Internal(std::string("SQLite cannot prepare a statement: ") + sqlite3_errmsg(db_));
    }
    return std::unique_ptr<Statement>(std::make_unique<SqliteStatement>(db_, stmt, returning_id, failure_counter()));
  }

 private:
  sqlite3* db_;
};

}  // namespace

Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Status::IoError("cannot open SQLite database '" + path + "': " + message +
                           "; check that the folder exists and is writable");
  }
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  auto conn = std::make_unique<SqliteConnection>(db);
  // WAL lets readers run while the writer commits; NORMAL sync is durable across process
  // crashes and loses at most the last commits on power loss. A large page cache and fewer,
  // larger checkpoints keep bulk imports from re-reading and re-syncing index pages.
  Status pragmas = conn->Exec(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; "
      "PRAGMA cache_size=" + std::to_string(-kCacheKib) + "; PRAGMA mmap_size=" + std::to_string(kMmapBytes) +
      "; PRAGMA wal_autocheckpoint=" + std::to_string(kWalCheckpointPages) + "; PRAGMA threads=" +
      std::to_string(kSortThreads) + ";");
  if (!pragmas.ok()) return pragmas;
  return std::unique_ptr<Connection>(std::move(conn));
}

}  // namespace peakend::sql
