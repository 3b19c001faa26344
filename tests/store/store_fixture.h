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

// Applies one request alone, as its own commit.
inline WriteResult ApplyOne(Store& store, const WriteRequest& request) {
  auto results = store.Apply({&request});
  EXPECT_TRUE(results.ok()) << results.status().ToString();
  return results.ok() ? (*results)[0] : WriteResult{};
}

// Two locations (shop-1, web), team-1 at shop-1, and employee E1 (Sanne) in it.
inline WriteRequest OrgRecords() {
  WriteRequest w;
  w.locations = {{0, "shop-1", "Shop One", LocationKind::kShop, "in-store", "Utrecht"},
                 {0, "web", "Webshop", LocationKind::kWebshop, "online", ""}};
  w.teams = {{0, "team-1", "Team One", "shop-1", std::nullopt}};
  Employee e;
  e.external_id = "E1";
  e.first_name = "Sanne";
  e.team_ref = "team-1";
  e.location_ref = "shop-1";
  w.employees = {e};
  return w;
}

inline Response MakeResponse(const std::string& id, int nps, const std::string& location = "") {
  Response r;
  r.external_id = id;
  r.answers.nps = nps;
  r.location_ref = location;
  r.submitted_at = 1772360100;
  return r;
}

inline Interaction MakeInteraction(const std::string& id, InteractionType type, const std::string& customer) {
  Interaction x;
  x.external_id = id;
  x.type = type;
  x.occurred_at = 1772350000;
  x.customer_ref = customer;
  return x;
}

}  // namespace peakend::testing
