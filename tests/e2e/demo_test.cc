// End to end: `peakend demo` builds its organisation, and what it promises to show is there
// over HTTP: cases in the inbox, escalations, and a recovery effect per rule and per gesture.
#include <httplib.h>
#include <gtest/gtest.h>

#include <ctime>
#include <set>
#include <iomanip>
#include <sstream>

#include <nlohmann/json.hpp>

#include "peakend_process.h"

namespace peakend::e2e {
namespace {

using nlohmann::json;

// The demo replays its SLA clock whenever an answer comes in; quiet weekends leave gaps.
constexpr double kMaxReplayedEscalationDelaySeconds = 4 * 86400;

std::time_t ParseUtc(const std::string& iso) {  // "2026-10-21T07:51:56Z"
  std::tm tm{};
  std::istringstream in(iso);
  in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%S");
  return timegm(&tm);
}

double SecondsBetween(const std::string& from, const std::string& to) {
  return std::difftime(ParseUtc(to), ParseUtc(from));
}

TEST(Demo, ShowsTheRecoveryEffectPerRuleAndGesture) {
  TempDir dir;
  std::string db = dir.File("demo.db");
  auto built = RunPeakend({"demo", "--no-serve", "--database", db});
  ASSERT_EQ(built.exit_code, 0) << built.out << built.err;
  EXPECT_NE(built.out.find("with a gesture"), std::string::npos) << built.out;
  EXPECT_NE(built.out.find("escalated past their due time"), std::string::npos) << built.out;
  auto again = RunPeakend({"demo", "--no-serve", "--database", db});  // reused, not regenerated
  EXPECT_EQ(again.out.find("Generating"), std::string::npos) << again.out;

  ServerProcess server(db);
  ASSERT_TRUE(server.running()) << server.startup_output();
  httplib::Client client("127.0.0.1", server.port());
  client.set_read_timeout(60, 0);
  auto effect = client.Get("/api/v1/cases/effect");
  ASSERT_TRUE(effect && effect->status == 200);
  json e = json::parse(effect->body);
  EXPECT_TRUE(e["overall"]["nps_difference"]["significant"].get<bool>()) << e["overall"].dump();
  EXPECT_GT(e["overall"]["nps_difference"]["difference"].get<double>(), 10);
  EXPECT_GE(e["by_rule"].size(), 2u);
  ASSERT_GE(e["by_gesture"].size(), 2u) << e["by_gesture"].dump();
  for (const auto& [gesture, g] : e["by_gesture"].items()) EXPECT_GT(g["recovered_cases"].get<int>(), 0) << gesture;

  auto inbox = client.Get("/api/v1/cases?state=new&limit=5");
  ASSERT_TRUE(inbox && inbox->status == 200);
  json items = json::parse(inbox->body)["items"];
  EXPECT_EQ(items.size(), 5u);

  // overdue=true lists only the overdue cases, overdue=false only the others (both are many in
  // the demo's year of cases).
  for (bool overdue : {true, false}) {
    auto listed = client.Get(std::string("/api/v1/cases?limit=500&overdue=") + (overdue ? "true" : "false"));
    ASSERT_TRUE(listed && listed->status == 200);
    json page = json::parse(listed->body)["items"];
    EXPECT_FALSE(page.empty()) << overdue;
    for (const auto& c : page) EXPECT_EQ(c["overdue"].get<bool>(), overdue) << c.dump();
  }

  // A case nobody called back was escalated soon after its due time, as a running SLA clock
  // would have done, not when the demo server first started.
  int checked = 0;
  for (const auto& c : items) {
    if (!c["escalated"].get<bool>()) continue;
    auto detail = client.Get("/api/v1/cases/" + std::to_string(c["id"].get<long long>()));
    ASSERT_TRUE(detail && detail->status == 200);
    json history = json::parse(detail->body)["history"];
    for (const auto& event : history) {
      if (event["action"] != "escalated") continue;
      double late = SecondsBetween(c["due_at"].get<std::string>(), event["at"].get<std::string>());
      EXPECT_GE(late, 0) << event.dump();
      EXPECT_LT(late, kMaxReplayedEscalationDelaySeconds) << c.dump() << event.dump();
      ++checked;
    }
  }
  EXPECT_GT(checked, 0) << items.dump();

  // The inbox lists the most urgent first, page after page; sort=created in the order opened.
  std::string url = "/api/v1/cases?state=new&limit=40";
  std::set<long long> ids;
  std::pair<int, std::string> previous{0, ""};
  for (int pages = 0; pages < 3; ++pages) {
    auto listed = client.Get(url);
    ASSERT_TRUE(listed && listed->status == 200) << url;
    json page = json::parse(listed->body);
    for (const auto& c : page["items"]) {
      std::pair<int, std::string> key{c["priority"].get<int>(), c["due_at"].get<std::string>()};
      EXPECT_LE(previous, key) << c.dump();
      previous = key;
      EXPECT_TRUE(ids.insert(c["id"].get<long long>()).second) << "case listed twice: " << c.dump();
    }
    ASSERT_TRUE(page["next_cursor"].is_string());
    url = "/api/v1/cases?state=new&limit=40&after=" + page["next_cursor"].get<std::string>();
  }
  EXPECT_EQ(ids.size(), 120u);
  auto created = client.Get("/api/v1/cases?sort=created&limit=3");
  ASSERT_TRUE(created && created->status == 200);
  json by_id = json::parse(created->body)["items"];
  ASSERT_EQ(by_id.size(), 3u);
  EXPECT_LT(by_id[0]["id"].get<long long>(), by_id[1]["id"].get<long long>());
  for (const char* bad : {"/api/v1/cases?sort=oldest", "/api/v1/cases?after=17", "/api/v1/cases?after=u1.2",
                          "/api/v1/cases?after=u1.2.3x", "/api/v1/cases?sort=created&after=u1.2.3"}) {
    auto refused = client.Get(bad);
    ASSERT_TRUE(refused) << bad;
    EXPECT_EQ(refused->status, 400) << bad << " " << refused->body;
  }
}

}  // namespace
}  // namespace peakend::e2e
