#include "moments/webhooks.h"

#include <httplib.h>
#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <thread>

#include "../store/store_fixture.h"
#include "store/store.h"

namespace peakend::moments {
namespace {

// The outbox on every store (SQLite and PostgreSQL), as webhooks are delivered from either.
using WebhookOutbox = peakend::testing::StoreTest;

TEST(Webhooks, SignatureIsHmacSha256OfTheBody) {
  // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
  EXPECT_EQ(SignBody("Jefe", "what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Webhooks, BackoffDoublesAndIsCapped) {
  EXPECT_EQ(RetryDelaySeconds(1), 5);
  EXPECT_EQ(RetryDelaySeconds(2), 10);
  EXPECT_EQ(RetryDelaySeconds(4), 40);
  EXPECT_EQ(RetryDelaySeconds(30), kWebhookMaxRetrySeconds);
  EXPECT_FALSE(SplitUrl("ftp://x").ok());
  EXPECT_EQ(SplitUrl("http://127.0.0.1:9/hook")->second, "/hook");
}

// A real receiver on loopback that fails twice, then accepts; the outbox records every try.
TEST_P(WebhookOutbox, RetriesAFailingReceiverAndLogsEveryAttempt) {
  Store* store = store_.get();
  CaseRecord c;
  c.rule = "life_event";
  c.priority = 2;
  c.reason = "birthday";
  c.created_at = 1000;
  c.due_at = 2000;
  auto id = store->cases().CreateCase(c, "opened");
  ASSERT_TRUE(id.ok());

  httplib::Server receiver;
  std::mutex mu;
  int calls = 0;
  std::vector<std::string> signatures, bodies;
  receiver.Post("/hook", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(mu);
    ++calls;
    signatures.push_back(req.get_header_value("X-Peakend-Signature"));
    bodies.push_back(req.body);
    res.status = calls <= 2 ? 503 : 204;
  });
  int port = receiver.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { receiver.listen_after_bind(); });

  WebhookDispatcher dispatcher(store->cases(), {"http://127.0.0.1:" + std::to_string(port) + "/hook", "s3cret"});
  Timestamp now = 1000;
  EXPECT_EQ(*dispatcher.DeliverDue(now), 0);      // 503
  EXPECT_EQ(*dispatcher.DeliverDue(now), 0);      // not due again yet: nothing sent
  EXPECT_EQ(*dispatcher.DeliverDue(now + 5), 0);  // 503 after the first backoff
  EXPECT_EQ(*dispatcher.DeliverDue(now + 5 + 10), 1);
  receiver.stop();
  serving.join();

  std::lock_guard lock(mu);
  ASSERT_EQ(calls, 3);
  for (std::size_t i = 0; i < bodies.size(); ++i) EXPECT_EQ(signatures[i], SignBody("s3cret", bodies[i]));
  EXPECT_NE(bodies[0].find("\"event\":\"case.created\""), std::string::npos);
  auto log = store->cases().RecentMessages(10);
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ((*log)[0].attempts, 3);
  EXPECT_TRUE((*log)[0].delivered_at.has_value());
  EXPECT_FALSE((*log)[0].failed);
  EXPECT_EQ((*log)[0].last_status, 204);
}

TEST_P(WebhookOutbox, AnUnreachableReceiverIsRecordedNotFatal) {
  Store* store = store_.get();
  CaseRecord c;
  c.rule = "effort";
  c.reason = "again";
  c.created_at = 1;
  c.due_at = 2;
  ASSERT_TRUE(store->cases().CreateCase(c, "").ok());
  WebhookDispatcher dispatcher(store->cases(), {"http://127.0.0.1:9/nowhere", "k"});  // discard port: refused
  auto sent = dispatcher.DeliverDue(10);
  ASSERT_TRUE(sent.ok()) << sent.status().ToString();
  EXPECT_EQ(*sent, 0);
  auto log = store->cases().RecentMessages(1);
  ASSERT_TRUE(log.ok() && !log->empty());
  EXPECT_EQ((*log)[0].attempts, 1);
  EXPECT_NE((*log)[0].last_error.find("no answer"), std::string::npos);
}

// Every step of a case's work is announced, in its order, with what changed and who did it:
// a receiver (a CRM, a chat channel) follows the case without asking for it. Resolved and
// closed are events of their own.
TEST_P(WebhookOutbox, EveryStepOfACaseIsAnnounced) {
  Store* store = store_.get();
  WriteRequest org;
  Employee e;
  e.external_id = "E1";
  org.employees = {e};
  auto applied = store->Apply({&org});
  ASSERT_TRUE(applied.ok() && (*applied)[0].status.ok());
  CaseRecord c;
  c.rule = "detractor";
  c.reason = "NPS 2";
  c.created_at = 1000;
  c.due_at = 90000;
  auto id = store->cases().CreateCase(c, "");
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  ASSERT_TRUE(store->cases().Claim(*id, "E1", 1100).ok());
  ASSERT_TRUE(store->cases().Claim(*id, "E1", 1150).ok());  // claiming again changes nothing: no event
  ASSERT_TRUE(store->cases().AddNote(*id, "E1", "Klant \"Jan\" gebeld", 1200).ok());
  ASSERT_TRUE(store->cases().SpendGesture({*id, "E1", "flowers", 2500, 1300, ""}, 15000).ok());
  ASSERT_TRUE(store->cases().Transition(*id, CaseState::kContacted, "E1", "", 1400).ok());
  ASSERT_TRUE(store->cases().Transition(*id, CaseState::kResolved, "E1", "new vase sent", 1500).ok());
  ASSERT_TRUE(store->cases().Transition(*id, CaseState::kClosed, "E1", "customer happy", 1600).ok());

  auto log = store->cases().RecentMessages(20);
  ASSERT_TRUE(log.ok());
  std::vector<nlohmann::json> bodies;
  for (auto it = log->rbegin(); it != log->rend(); ++it) bodies.push_back(nlohmann::json::parse(it->body));
  ASSERT_EQ(bodies.size(), 7u);
  std::vector<std::string> events, changes, states;
  for (const auto& b : bodies) {
    events.push_back(b["event"]);
    changes.push_back(b.value("change", ""));
    states.push_back(b["state"]);
    EXPECT_EQ(b["case_id"], *id);
    EXPECT_EQ(b["rule"], "detractor");
  }
  EXPECT_EQ(events, (std::vector<std::string>{"case.created", "case.changed", "case.changed", "case.changed",
                                              "case.changed", "case.resolved", "case.closed"}));
  EXPECT_EQ(changes, (std::vector<std::string>{"", "claimed", "note", "gesture", "transition", "transition", "transition"}));
  EXPECT_EQ(states, (std::vector<std::string>{"new", "in_progress", "in_progress", "in_progress", "contacted", "resolved",
                                              "closed"}));
  EXPECT_EQ(bodies[1]["assignee"], "E1");
  EXPECT_EQ(bodies[2]["note"], "Klant \"Jan\" gebeld");
  EXPECT_EQ(bodies[2]["by"], "E1");
  EXPECT_EQ(bodies[3]["gesture"], "flowers");
  EXPECT_EQ(bodies[3]["cost_cents"], 2500);
  EXPECT_EQ(bodies[4]["from"], "in_progress");
  EXPECT_FALSE(bodies[4].contains("note"));
  EXPECT_EQ(bodies[5]["note"], "new vase sent");
  EXPECT_EQ(bodies[6]["from"], "resolved");
  EXPECT_EQ(bodies[6]["at"], "1970-01-01T00:26:40Z");
}

INSTANTIATE_TEST_SUITE_P(Backends, WebhookOutbox, ::testing::Values("sqlite", "postgresql"),
                         peakend::testing::BackendName);

}  // namespace
}  // namespace peakend::moments
