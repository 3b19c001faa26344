// The database an end-to-end test runs the real binary on: a SQLite file in a temporary
// directory, or a fresh schema in the PostgreSQL database named by PEAKEND_TEST_POSTGRES_URL
// (dropped again afterwards). Without that variable PostgreSQL tests are skipped, unless
// PEAKEND_REQUIRE_POSTGRES=1 (as scripts/test.sh sets) makes that a failure.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "peakend_process.h"
#include "store/sql/connection.h"

namespace peakend::e2e {

class TestDatabase {
 public:
  // Call from SetUp, then check ready(): when false the test has been skipped or has failed.
  void Create(const std::string& backend, const TempDir& dir) {
    if (backend != "postgresql") {
      url_ = dir.File("test.db");
      return;
    }
    const char* base = std::getenv("PEAKEND_TEST_POSTGRES_URL");
    if (!base || !*base) {
      const char* required = std::getenv("PEAKEND_REQUIRE_POSTGRES");
      if (required && std::string(required) == "1") FAIL() << "PEAKEND_REQUIRE_POSTGRES=1 but PEAKEND_TEST_POSTGRES_URL is unset";
      GTEST_SKIP() << "set PEAKEND_TEST_POSTGRES_URL (scripts/start-postgres.sh) to run against PostgreSQL";
    }
    std::string schema = "e2e" + std::to_string(::getpid()) + "_" + std::to_string(++counter_);
    auto admin = sql::OpenPostgres(base);
    ASSERT_TRUE(admin.ok()) << admin.status().ToString();
    ASSERT_TRUE((*admin)->Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema).ok());
    admin_url_ = base;
    schema_ = schema;
    url_ = std::string(base) + "?options=-csearch_path%3D" + schema_;
  }

  ~TestDatabase() {
    if (schema_.empty()) return;
    auto admin = sql::OpenPostgres(admin_url_);
    if (admin.ok()) (void)(*admin)->Exec("DROP SCHEMA " + schema_ + " CASCADE");
  }

  bool ready() const { return !url_.empty(); }
  const std::string& url() const { return url_; }

 private:
  std::string url_, schema_, admin_url_;
  static inline int counter_ = 0;
};

inline std::string BackendName(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

}  // namespace peakend::e2e
