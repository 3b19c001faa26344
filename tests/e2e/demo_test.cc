// End to end: `peakend demo` builds its organisation, and what it promises to show is there
// over HTTP: cases in the inbox, escalations, and a recovery effect per rule and per gesture.
#include <httplib.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "peakend_process.h"

namespace peakend::e2e {
namespace {

using nlohmann::json;

TEST(Demo, ShowsTheRecoveryEffectPerRuleAndGesture) {
  TempDir dir;
  std::string db = dir.File("demo.db");
  auto built = RunPeakend({"demo", "--no-serve", "--database", db});
  ASSERT_EQ(built.exit_code, 0) << built.out << built.err;
  EXPECT_NE(built.out.find("with a gesture"), std::string::npos) << built.out;
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
  EXPECT_EQ(json::parse(inbox->body)["items"].size(), 5u);
}

}  // namespace
}  // namespace peakend::e2e
