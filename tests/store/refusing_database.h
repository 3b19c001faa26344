// Makes a test database refuse chosen rows, as it refuses a value it cannot take: the writes
// around a refused record are what the store must keep, whichever statement of the record the
// database refuses and however the database reacts (SQLite undoes the one statement,
// PostgreSQL loses the transaction it is in).
#pragma once

#include <memory>
#include <string>

#include "core/status.h"
#include "store/sql/connection.h"

namespace peakend::testing {

// A connection of its own to the store at `url` (a SQLite path or a PostgreSQL URL).
inline Result<std::unique_ptr<sql::Connection>> OpenDatabase(const std::string& url) {
  return url.rfind("postgresql://", 0) == 0 ? sql::OpenPostgres(url) : sql::OpenSqlite(url);
}

// From now on the database refuses to insert a row of `table` whose `column` holds `value`:
// SQLite with a failed constraint, PostgreSQL with a data exception (SQLSTATE 22003, a numeric
// value out of range), as the store's schema must already be there.
inline Status RefuseRows(sql::Connection& conn, const std::string& table, const std::string& column,
                         const std::string& value) {
  std::string name = "refuse_" + table + "_" + column;
  if (conn.dialect() == sql::Dialect::kSqlite) {
    return conn.Exec("CREATE TRIGGER " + name + " BEFORE INSERT ON " + table + " WHEN NEW." + column + " = '" + value +
                     "' BEGIN SELECT RAISE(ABORT, 'the test refuses this " + column + "'); END");
  }
  return conn.Exec("CREATE FUNCTION " + name + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW." + column +
                   " = '" + value + "' THEN RAISE EXCEPTION 'the test refuses this " + column +
                   "' USING ERRCODE = '22003'; END IF; RETURN NEW; END $$; CREATE TRIGGER " + name +
                   " BEFORE INSERT ON " + table + " FOR EACH ROW EXECUTE FUNCTION " + name + "()");
}

// The number of rows of `table` (one of the store's, whose name is safe to paste).
inline std::int64_t CountRows(sql::Connection& conn, const std::string& table) {
  auto s = conn.Prepare("SELECT COUNT(*) FROM " + table);
  if (!s.ok()) return -1;
  auto row = (*s)->Step();
  std::int64_t n = row.ok() && *row ? (*s)->Int(0) : -1;
  (*s)->Reset();
  return n;
}

}  // namespace peakend::testing
