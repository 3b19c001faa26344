// End to end: a server stopped right after answering 201 to responses still looks at each of
// them for moments of truth: a graceful stop (SIGTERM) lets the detector finish before the
// process ends, and what a crash left unlooked-at is looked at on the next start.
#include <httplib.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>
#include <csignal>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "peakend_process.h"

namespace peakend::e2e {
namespace {

using nlohmann::json;

// Detractors of distinct customers: each opens a case of its own.
constexpr int kResponses = 500;
// How long a restarted server may take to look at what the crash left.
constexpr auto kRecoveryTimeout = std::chrono::seconds(60);

// Serves `db`, posts the detractors and, once they are answered 201, stops the server with
// `signal`; returns its wait status.
int PostDetractorsThenStop(const std::string& db, int signal) {
  ServerProcess server(db);
  EXPECT_TRUE(server.running()) << server.startup_output();
  json batch = json::array();
  for (int i = 0; i < kResponses; ++i) {
    batch.push_back({{"external_id", fmt::format("R{}", i)}, {"customer", fmt::format("C{}", i)}, {"nps", 0},
                     {"comment", "Verschrikkelijk slecht, nooit meer."}});
  }
  httplib::Client client("127.0.0.1", server.port());
  client.set_read_timeout(120, 0);
  auto posted = client.Post("/api/v1/responses", batch.dump(), "application/json");
  EXPECT_TRUE(posted && posted->status == 201) << (posted ? posted->body : "no answer");
  return server.Stop(signal);
}

json Health(httplib::Client& client) {
  auto res = client.Get("/api/v1/health");
  return res && res->status == 200 ? json::parse(res->body) : json();
}

std::size_t CountCases(httplib::Client& client) {
  std::size_t count = 0;
  std::string url = "/api/v1/cases?sort=created&limit=1000";
  for (int pages = 0; pages < 10; ++pages) {
    auto res = client.Get(url);
    if (!res || res->status != 200) return 0;
    json page = json::parse(res->body);
    count += page["items"].size();
    if (page["next_cursor"].is_null()) break;
    url = "/api/v1/cases?sort=created&limit=1000&after=" + page["next_cursor"].get<std::string>();
  }
  return count;
}

TEST(MomentsOnStop, AGracefulStopLooksAtEveryCommittedResponseFirst) {
  TempDir dir;
  const std::string db = dir.File("stop.db");
  int status = PostDetractorsThenStop(db, SIGTERM);
  ASSERT_TRUE(WIFEXITED(status)) << "ended by signal " << (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  EXPECT_EQ(WEXITSTATUS(status), 0);
  ServerProcess again(db);
  ASSERT_TRUE(again.running()) << again.startup_output();
  httplib::Client client("127.0.0.1", again.port());
  EXPECT_EQ(CountCases(client), static_cast<std::size_t>(kResponses));
  // Nothing was left for this start to look at.
  EXPECT_EQ(Health(client)["moments"]["looked_at"], 0);
}

TEST(MomentsOnStop, WhatACrashLeftIsLookedAtOnTheNextStart) {
  TempDir dir;
  const std::string db = dir.File("crash.db");
  PostDetractorsThenStop(db, SIGKILL);
  ServerProcess again(db);
  ASSERT_TRUE(again.running()) << again.startup_output();
  httplib::Client client("127.0.0.1", again.port());
  auto deadline = std::chrono::steady_clock::now() + kRecoveryTimeout;
  while (CountCases(client) < static_cast<std::size_t>(kResponses) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_EQ(CountCases(client), static_cast<std::size_t>(kResponses));
  // Once looked at, a response is not looked at again by the start after.
  again.Stop(SIGTERM);
  ServerProcess third(db);
  ASSERT_TRUE(third.running()) << third.startup_output();
  httplib::Client third_client("127.0.0.1", third.port());
  EXPECT_EQ(Health(third_client)["moments"]["looked_at"], 0);
  EXPECT_EQ(CountCases(third_client), static_cast<std::size_t>(kResponses));
}

}  // namespace
}  // namespace peakend::e2e
