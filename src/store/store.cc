#include "store/store.h"

#include <atomic>
#include <filesystem>

#include "store/sql_store.h"

namespace peakend {
namespace {

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool IsPostgresUrl(const std::string& url) {
  return StartsWith(url, "postgresql://") || StartsWith(url, "postgres://");
}

// The file (or ":memory:") a SQLite url names.
std::string SqlitePath(const std::string& url) { return StartsWith(url, "sqlite:") ? url.substr(7) : url; }

}  // namespace

Status Store::CheckUrl(const std::string& url) {
  if (IsPostgresUrl(url)) return Status::Ok();
  std::string path = SqlitePath(url);
  if (path == ":memory:") return Status::Ok();
  if (path.empty() || (!StartsWith(url, "sqlite:") && !EndsWith(path, ".db") && !EndsWith(path, ".sqlite") &&
                       !EndsWith(path, ".sqlite3"))) {
    return Status::InvalidArgument("'" + url + "' is not a store Peakend knows; use a SQLite file ending in .db, "
                                   "sqlite:PATH, or postgresql://user@host:port/database", "database");
  }
  return Status::Ok();
}

Result<std::unique_ptr<Store>> Store::Open(const std::string& url, OpenMode mode) {
  if (IsPostgresUrl(url)) {
    auto store = SqlStore::Create([url] { return sql::OpenPostgres(url); }, "postgresql");
    if (!store.ok()) return store.status();
    return std::unique_ptr<Store>(std::move(store).value());
  }
  PEAKEND_RETURN_IF_ERROR(CheckUrl(url));
  std::string path = SqlitePath(url);
  if (path == ":memory:") {
    // Every connection of this store must see the same in-memory database.
    static std::atomic<int> counter{0};
    path = "file:peakend-memory-" + std::to_string(++counter) + "?mode=memory&cache=shared";
  } else if (mode == OpenMode::kExisting && !std::filesystem::exists(path)) {
    return Status::NotFound("there is no database at '" + path +
                                "'; check --database (or PEAKEND_DATABASE), or create it by importing or serving",
                            "database");
  }
  auto store = SqlStore::Create([path] { return sql::OpenSqlite(path); }, "sqlite");
  if (!store.ok()) return store.status();
  return std::unique_ptr<Store>(std::move(store).value());
}

}  // namespace peakend
