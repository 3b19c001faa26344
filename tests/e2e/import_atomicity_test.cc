// End to end: a row the database refuses, in `peakend import` and in a POST to the API, is
// rejected whole and named (its line and column, or its field), and every other row is stored,
// on both stores.
#include <httplib.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../store/refusing_database.h"
#include "peakend_process.h"
#include "store/store.h"
#include "test_database.h"

namespace peakend::e2e {
namespace {

using peakend::testing::CountRows;
using peakend::testing::OpenDatabase;
using peakend::testing::RefuseRows;

// Line 4 (R3) holds the one value the database refuses; every row has a customer of its own.
const char* kCsv =
    "external_id,customer,submitted_at,nps,comment,Region\n"
    "R1,K1,2026-03-01T10:00:00Z,9,Snel geholpen,Noord\n"
    "R2,K2,2026-03-02T10:00:00Z,3,Pakket kwam te laat,Zuid\n"
    "R3,K3,2026-03-03T10:00:00Z,7,Prima,refused\n"
    "R4,K4,2026-03-04T10:00:00Z,10,Top,Noord\n"
    "R5,K5,2026-03-05T10:00:00Z,6,,Zuid\n";

// The same in NDJSON, where the refused record is on line 2.
const char* kNdjson =
    R"({"external_id":"N1","customer":"L1","submitted_at":"2026-03-01T10:00:00Z","nps":9,"attributes":{"Region":"Noord"}})"
    "\n"
    R"({"external_id":"N2","customer":"L2","submitted_at":"2026-03-02T10:00:00Z","nps":4,"attributes":{"Region":"refused"}})"
    "\n"
    R"({"external_id":"N3","customer":"L3","submitted_at":"2026-03-03T10:00:00Z","nps":8,"attributes":{"Region":"Zuid"}})"
    "\n";

class ImportAtomicity : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    database_.Create(GetParam(), dir_);
    if (!database_.ready()) return;
    {
      auto store = Store::Open(database_.url());  // the schema, for the trigger to go on
      ASSERT_TRUE(store.ok()) << store.status().ToString();
    }
    auto db = OpenDatabase(database_.url());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    Status refusing = RefuseRows(*db_, "response_attributes", "value", "refused");
    ASSERT_TRUE(refusing.ok()) << refusing.ToString();
  }

  TempDir dir_;
  TestDatabase database_;
  std::unique_ptr<sql::Connection> db_;
};

TEST_P(ImportAtomicity, RefusedRowIsNamedAndRejectedWholeAndTheOthersAreStored) {
  dir_.Write("answers.csv", kCsv);
  auto csv = RunPeakend({"import", "responses", dir_.File("answers.csv"), "--database", database_.url()});
  EXPECT_EQ(csv.exit_code, 2) << csv.out << csv.err;  // a row was rejected
  EXPECT_NE(csv.out.find("5 rows read: 4 stored, 0 already present, 1 rejected"), std::string::npos) << csv.out;
  EXPECT_NE(csv.err.find("answers.csv:4: column 'Region': the database refused the record"), std::string::npos)
      << csv.err;
  EXPECT_EQ(CountRows(*db_, "responses"), 4);
  EXPECT_EQ(CountRows(*db_, "customers"), 4);  // not K3, made for R3 alone
  EXPECT_EQ(CountRows(*db_, "response_attributes"), 4);

  dir_.Write("answers.ndjson", kNdjson);
  auto ndjson = RunPeakend({"import", "responses", dir_.File("answers.ndjson"), "--database", database_.url()});
  EXPECT_EQ(ndjson.exit_code, 2) << ndjson.out << ndjson.err;
  EXPECT_NE(ndjson.out.find("3 rows read: 2 stored, 0 already present, 1 rejected"), std::string::npos) << ndjson.out;
  EXPECT_NE(ndjson.err.find("answers.ndjson:2: column 'Region': the database refused"), std::string::npos)
      << ndjson.err;
  EXPECT_EQ(CountRows(*db_, "responses"), 6);

  // The API answers a refused record with 400 and its field; the next request is stored.
  ServerProcess server(database_.url());
  ASSERT_TRUE(server.running()) << server.startup_output();
  httplib::Client client("127.0.0.1", server.port());
  client.set_read_timeout(30, 0);
  auto refused = client.Post("/api/v1/responses",
                             R"({"external_id":"A1","customer":"M1","nps":5,"attributes":{"Region":"refused"}})",
                             "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400) << refused->body;
  auto error = nlohmann::json::parse(refused->body, nullptr, false);
  EXPECT_EQ(error.value("field", ""), "Region") << refused->body;
  auto stored = client.Post("/api/v1/responses", R"({"external_id":"A2","customer":"M2","nps":9})", "application/json");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->status, 201) << stored->body;
  EXPECT_EQ(CountRows(*db_, "responses"), 7);
  EXPECT_EQ(CountRows(*db_, "customers"), 7);  // not M1
}

INSTANTIATE_TEST_SUITE_P(Stores, ImportAtomicity, ::testing::Values("sqlite", "postgresql"), BackendName);

}  // namespace
}  // namespace peakend::e2e
