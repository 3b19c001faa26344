// SqlConnection: the small surface Peakend needs from a SQL database — statements with
// positional parameters ($1, $2, ...), row stepping, transactions and savepoints — so one
// SqlStore serves both SQLite and PostgreSQL. Not thread-safe: one connection per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/status.h"

namespace peakend::sql {

enum class Dialect { kSqlite, kPostgres };

// A prepared statement. Bind parameters (1-based), then Step() through the rows; Reset()
// before reuse. Columns are 0-based.
class Statement {
 public:
  virtual ~Statement() = default;
  virtual void BindNull(int index) = 0;
  virtual void BindInt(int index, std::int64_t value) = 0;
  virtual void BindDouble(int index, double value) = 0;
  virtual void BindText(int index, std::string_view value) = 0;
  // Executes on the first call; true while a row is available.
  virtual Result<bool> Step() = 0;
  virtual bool IsNull(int column) const = 0;
  virtual std::int64_t Int(int column) const = 0;
  virtual double Double(int column) const = 0;
  virtual std::string Text(int column) const = 0;
  virtual void Reset() = 0;  // clears bindings and results

  // Runs a statement that returns no rows and whose failure fails the transaction it is in
  // (an INSERT into a side table), then resets it. A driver may send it without waiting for
  // the answer and report its error with the next statement run on the connection or at
  // Connection::Flush(); PostgreSQL sends such statements in one pipeline, saving a round trip
  // each. An error returned here means this statement stored nothing (the error may be that of
  // an earlier deferred one).
  virtual Status RunDeferred() {
    auto done = Step();
    Reset();
    return done.ok() ? Status::Ok() : done.status();
  }

  // What a statement run with Queue() answered: whether it returned a row, with `statement`
  // positioned on its first row while the callback runs (Step() moves it to the next), or why
  // it failed.
  using Answer = std::function<void(const Result<bool>& row, Statement& statement)>;

  // Runs the statement whose answer (its first row, such as the id an INSERT ... RETURNING id
  // made) the caller needs, but not before it sends the next ones, then resets it: a batch of
  // inserts costs one round trip for the lot instead of one each (PostgreSQL sends them in one
  // pipeline; SQLite runs each at once). Statements run in the order they are sent, queued or
  // not. `answer` is called, in that order, at the latest when the next statement that is not
  // deferred or queued returns (Step(), Exec()) or at Connection::Flush(); it must not use the
  // connection. The returned Status is an error only when the statement could not be sent, and
  // `answer` is then never called.
  virtual Status Queue(const Answer& answer) {
    auto row = Step();
    answer(row, *this);
    Reset();
    return Status::Ok();
  }

  // Steps through every row, calling `each` with the statement positioned on it, then resets.
  Status ForEachRow(const std::function<void()>& each) {
    for (;;) {
      auto row = Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      each();
    }
    Reset();
    return Status::Ok();
  }

  void BindOptionalInt(int index, const std::optional<std::int64_t>& v) { v ? BindInt(index, *v) : BindNull(index); }
  void BindOptionalInt(int index, const std::optional<int>& v) { v ? BindInt(index, *v) : BindNull(index); }
  void BindOptionalDouble(int index, const std::optional<double>& v) { v ? BindDouble(index, *v) : BindNull(index); }
  // Empty strings are stored as NULL (e.g. an absent external id must not collide with another).
  void BindTextOrNull(int index, std::string_view v) { v.empty() ? BindNull(index) : BindText(index, v); }
  std::optional<std::int64_t> OptionalInt(int column) const {
    return IsNull(column) ? std::nullopt : std::optional<std::int64_t>(Int(column));
  }
  std::optional<double> OptionalDouble(int column) const {
    return IsNull(column) ? std::nullopt : std::optional<double>(Double(column));
  }
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // Runs one or more statements without results.
  virtual Status Exec(const std::string& sql) = 0;
  // Waits for the statements run with RunDeferred() or Queue(), hands each queued one its
  // answer, and returns the first error among the deferred ones.
  virtual Status Flush() { return Status::Ok(); }
  // How many rows an INSERT of many rows should carry: where each statement costs the database
  // more than each row (PostgreSQL), a batch's rows share statements; where a statement is a
  // call in the process (SQLite), one row a statement is as fast and needs no RETURNING rows.
  virtual int RowsPerInsert() const { return 1; }
  // How many statements of this connection have failed since it opened: refused by the
  // database (a broken constraint, a value out of range) or not sent at all. A writer compares
  // it before and after a stretch of work to learn whether anything in it was refused, which
  // the statuses alone do not always tell: a refused side-table row may surface as another
  // statement's error, and PostgreSQL then refuses everything else in the transaction.
  std::uint64_t failed_statements() const { return failed_statements_; }
  // Returns a cached prepared statement for `sql` (written with $1, $2, ...), reset and ready
  // to bind. The connection owns it; valid until the connection closes.
  Result<Statement*> Prepare(const std::string& sql) {
    auto it = statements_.find(sql);
    if (it != statements_.end()) {
      it->second->Reset();
      return it->second.get();
    }
    auto compiled = Compile(sql);
    if (!compiled.ok()) return compiled.status();
    Statement* raw = compiled->get();
    statements_.emplace(sql, std::move(compiled).value());
    return raw;
  }

  // Prepare() for statement texts with static storage (string literals), looked up by address:
  // the hot insert paths skip comparing long SQL strings on every row.
  Result<Statement*> PrepareStatic(const char* sql) {
    auto it = by_address_.find(sql);
    if (it != by_address_.end()) {
      it->second->Reset();
      return it->second;
    }
    auto prepared = Prepare(std::string(sql));
    if (prepared.ok()) by_address_.emplace(sql, *prepared);
    return prepared;
  }

 protected:
  // Prepares `sql` on the database; Prepare() caches the result.
  virtual Result<std::unique_ptr<Statement>> Compile(const std::string& sql) = 0;
  // Drivers call this first in their destructor: statements must go before the database handle.
  void ReleaseStatements() {
    by_address_.clear();
    statements_.clear();
  }
  // Where the driver's statements count their failures (failed_statements()).
  std::uint64_t* failure_counter() { return &failed_statements_; }

 private:
  std::uint64_t failed_statements_ = 0;
  std::map<std::string, std::unique_ptr<Statement>> statements_;
  std::unordered_map<const char*, Statement*> by_address_;
};

// "sqlite:PATH", a path, or ":memory:".
Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path);
// A libpq connection string or URL ("postgresql://user@host:port/db").
Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& url);

}  // namespace peakend::sql
