// One storage test suite for every backend: each test runs against SQLite (a temporary file)
// and PostgreSQL (a fresh schema in the database named by PEAKEND_TEST_POSTGRES_URL).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "store/sql/connection.h"
#include "store/store.h"

namespace peakend::testing {

inline std::string RandomSuffix() {
  std::random_device rd;
  return std::to_string(rd()) + std::to_string(rd() % 100000);
}

// Creates a store of the backend named by the test parameter, and removes it afterwards.
class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      dir_ = std::filesystem::temp_directory_path() / ("peakend-store-" + RandomSuffix());
      std::filesystem::create_directories(dir_);
      url_ = (dir_ / "test.db").string();
    } else {
      const char* base = std::getenv("PEAKEND_TEST_POSTGRES_URL");
      if (!base || !*base) {
        if (const char* req = std::getenv("PEAKEND_REQUIRE_POSTGRES"); req && std::string(req) == "1") {
          FAIL() << "PEAKEND_REQUIRE_POSTGRES=1 but PEAKEND_TEST_POSTGRES_URL is unset; run scripts/start-postgres.sh";
        }
        GTEST_SKIP() << "PostgreSQL tests need PEAKEND_TEST_POSTGRES_URL (see scripts/start-postgres.sh)";
      }
      schema_ = "t" + RandomSuffix();
      auto admin = sql::OpenPostgres(base);
      ASSERT_TRUE(admin.ok()) << admin.status().ToString();
      ASSERT_TRUE((*admin)->Exec("CREATE SCHEMA " + schema_).ok());
      admin_url_ = base;
      url_ = std::string(base) + (std::string(base).find('?') == std::string::npos ? "?" : "&") +
             "options=-csearch_path%3D" + schema_;
    }
    auto store = Store::Open(url_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
  }

  void TearDown() override {
    store_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
    if (!schema_.empty()) {
      auto admin = sql::OpenPostgres(admin_url_);
      if (admin.ok()) (void)(*admin)->Exec("DROP SCHEMA " + schema_ + " CASCADE");
    }
  }

  std::unique_ptr<Store> Reopen() {
    store_.reset();
    auto store = Store::Open(url_);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  std::string url_;
  std::unique_ptr<Store> store_;

 private:
  std::filesystem::path dir_;
  std::string schema_, admin_url_;
};

inline std::string BackendName(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

}  // namespace peakend::testing
