// Two `peakend serve` processes on one database (a SQLite file, and a PostgreSQL schema), hammered with gesture spends from many
// threads: the budget is never overspent, and exactly as many spends succeed as it allows.
#include <httplib.h>
#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "peakend_process.h"
#include "test_database.h"

namespace peakend::e2e {
namespace {

constexpr int kThreadsPerServer = 4;
constexpr int kAttemptsPerThread = 6;
constexpr int kCardCents = 500;           // handwritten_card
constexpr int kEmployeeBudgetCents = 15000;

class Budget : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override { database_.Create(GetParam(), dir_); }
  TempDir dir_;
  TestDatabase database_;
};

TEST_P(Budget, TwoServersNeverOverspend) {
  ASSERT_TRUE(database_.ready());
  const std::string& db = database_.url();
  ServerProcess a(db), b(db);
  ASSERT_TRUE(a.running()) << a.startup_output();
  ASSERT_TRUE(b.running()) << b.startup_output();
  httplib::Client setup("127.0.0.1", a.port());
  ASSERT_EQ(setup.Post("/api/v1/locations", R"({"external_id":"s","name":"S","kind":"shop"})", "application/json")->status, 201);
  ASSERT_EQ(setup.Post("/api/v1/employees", R"({"external_id":"E1","first_name":"Sanne","location":"s"})",
                       "application/json")->status, 201);
  auto posted = setup.Post("/api/v1/responses?moments=wait", R"({"external_id":"R1","customer":"C1","location":"s","nps":0})",
                           "application/json");
  ASSERT_EQ(posted->status, 201);
  auto cases = nlohmann::json::parse(posted->body)["cases"];
  ASSERT_EQ(cases.size(), 1u) << posted->body;
  std::string path = "/api/v1/cases/" + std::to_string(cases[0]["case_id"].get<int>()) + "/gestures";

  std::atomic<int> granted{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int port : {a.port(), b.port()}) {
    for (int t = 0; t < kThreadsPerServer; ++t) {
      threads.emplace_back([&, port] {
        httplib::Client client("127.0.0.1", port);
        client.set_read_timeout(30, 0);
        for (int i = 0; i < kAttemptsPerThread; ++i) {
          auto res = client.Post(path.c_str(), R"({"by":"E1","gesture":"handwritten_card"})", "application/json");
          if (res && res->status == 201) ++granted;
          else if (res && res->status == 422) ++refused;
          else ++other;
        }
      });
    }
  }
  for (auto& t : threads) t.join();
  // 48 attempts of 5.00 against a budget of 150.00: exactly 30 fit.
  EXPECT_EQ(granted.load(), kEmployeeBudgetCents / kCardCents);
  EXPECT_EQ(refused.load(), 2 * kThreadsPerServer * kAttemptsPerThread - kEmployeeBudgetCents / kCardCents);
  EXPECT_EQ(other.load(), 0);
}

// A budget lowered below what an employee spent this month is used up: the refusal says so
// without a negative amount left and names 'gesture', and a gesture that costs nothing is still
// given.
TEST_P(Budget, ALoweredBudgetIsUsedUpButAGestureThatCostsNothingIsGiven) {
  ASSERT_TRUE(database_.ready());
  const std::string catalogue =
      R"("gestures": [{"name": "call_back", "description": "a call from the team lead", "cost_cents": 0},
                      {"name": "flowers", "description": "a bouquet delivered at home", "cost_cents": 3500}])";
  dir_.Write("full.json", "{" + catalogue + "}");
  dir_.Write("lowered.json", "{" + catalogue + R"(, "monthly_budget_cents": {"employee": 10000}})");
  dir_.Write("full.conf", "moments.config = " + dir_.File("full.json") + "\n");
  dir_.Write("lowered.conf", "moments.config = " + dir_.File("lowered.json") + "\n");
  std::string path;
  {
    ServerProcess server(database_.url(), {"--config", dir_.File("full.conf")});
    ASSERT_TRUE(server.running()) << server.startup_output();
    httplib::Client client("127.0.0.1", server.port());
    ASSERT_EQ(client.Post("/api/v1/locations", R"({"external_id":"s","name":"S","kind":"shop"})", "application/json")->status,
              201);
    ASSERT_EQ(client.Post("/api/v1/employees", R"({"external_id":"E1","first_name":"Sanne","location":"s"})",
                          "application/json")->status, 201);
    auto posted = client.Post("/api/v1/responses?moments=wait",
                              R"({"external_id":"R1","customer":"C1","location":"s","nps":0})", "application/json");
    ASSERT_EQ(posted->status, 201);
    path = "/api/v1/cases/" + std::to_string(nlohmann::json::parse(posted->body)["cases"][0]["case_id"].get<int>()) +
           "/gestures";
    for (int i = 0; i < 4; ++i) {  // 14000 of 15000
      ASSERT_EQ(client.Post(path.c_str(), R"({"by":"E1","gesture":"flowers"})", "application/json")->status, 201);
    }
    auto short_of = client.Post(path.c_str(), R"({"by":"E1","gesture":"flowers"})", "application/json");
    ASSERT_EQ(short_of->status, 422);
    auto refusal = nlohmann::json::parse(short_of->body);
    EXPECT_EQ(refusal["field"], "gesture");
    EXPECT_NE(refusal["detail"].get<std::string>().find("only 1000 of the monthly budget of 15000 cents are left"),
              std::string::npos) << refusal.dump();
  }
  ServerProcess server(database_.url(), {"--config", dir_.File("lowered.conf")});
  ASSERT_TRUE(server.running()) << server.startup_output();
  httplib::Client client("127.0.0.1", server.port());
  auto refused = client.Post(path.c_str(), R"({"by":"E1","gesture":"flowers"})", "application/json");
  ASSERT_EQ(refused->status, 422);
  auto refusal = nlohmann::json::parse(refused->body);
  EXPECT_EQ(refusal["field"], "gesture");
  std::string detail = refusal["detail"].get<std::string>();
  EXPECT_TRUE(detail.starts_with("the monthly budget of 10000 cents is used up (14000 spent in ")) << detail;
  EXPECT_EQ(detail.find(" -"), std::string::npos) << detail;  // no negative amount left
  auto free = client.Post(path.c_str(), R"({"by":"E1","gesture":"call_back"})", "application/json");
  ASSERT_EQ(free->status, 201) << free->body;
  EXPECT_EQ(nlohmann::json::parse(free->body)["remaining_cents"], 0);
}

INSTANTIATE_TEST_SUITE_P(Stores, Budget, ::testing::Values("sqlite", "postgresql"), BackendName);

}  // namespace
}  // namespace peakend::e2e
