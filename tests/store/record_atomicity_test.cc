// A record is stored whole or not at all, on both stores, and one the database refuses costs
// no other record and no other request of its group commit anything.
#include <cmath>
#include <future>
#include <limits>

#include "refusing_database.h"
#include "store/writer.h"
#include "store_fixture.h"

namespace peakend::testing {
namespace {

constexpr const char* kRefused = "refused";  // the value the database is made to refuse

class RecordAtomicityTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto db = OpenDatabase(url_);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    for (const auto& [table, column] : {std::pair{"response_tags", "name"}, std::pair{"response_attributes", "value"},
                                        std::pair{"responses", "comment"}, std::pair{"interactions", "journey_id"}}) {
      Status refusing = RefuseRows(*db_, table, column, kRefused);
      ASSERT_TRUE(refusing.ok()) << refusing.ToString();
    }
  }
  void TearDown() override {
    db_.reset();
    StoreTest::TearDown();
  }

  std::int64_t Rows(const std::string& table) { return CountRows(*db_, table); }
  bool Stored(const std::string& response) {
    RecordFilter filter;
    filter.external_id = response;
    auto page = store_->ListResponses(filter, {});
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    return page.ok() && !page->items.empty();
  }

  std::unique_ptr<sql::Connection> db_;
};

// A response with a row in every table a response writes: its customer (new), two tags and an
// attribute.
Response FullResponse(const std::string& id) {
  Response r = MakeResponse(id, 8);
  r.customer_ref = "C-" + id;
  r.comment = "Fast and friendly";
  r.sentiment = 0.6;
  r.sentiment_label = "positive";
  r.tags = {{"aspect", "speed", 0.7, "fast"}, {"emotion", "joy", 0.5, ""}};
  r.attributes = {{"Region", "North"}};
  return r;
}

WriteRequest PerRecord(std::vector<Response> responses) {
  WriteRequest w;
  w.atomicity = Atomicity::kPerRecord;
  w.responses = std::move(responses);
  return w;
}

TEST_P(RecordAtomicityTest, RefusedTagRejectsItsResponseWholeAndKeepsTheOthers) {
  Response bad = FullResponse("R2");
  bad.tags.push_back({"aspect", kRefused, -0.4, ""});
  WriteRequest w = PerRecord({FullResponse("R1"), bad, FullResponse("R3")});
  WriteResult result = ApplyOne(*store_, w);
  ASSERT_TRUE(result.status.ok()) << result.status.ToString();
  ASSERT_EQ(result.responses.size(), 3u);
  EXPECT_TRUE(result.responses[0].created);
  EXPECT_TRUE(result.responses[2].created);
  const Status& refused = result.responses[1].status;
  EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument) << refused.ToString();
  EXPECT_EQ(refused.field(), "tags");
  EXPECT_NE(refused.message().find("responses[1]: tag aspect:refused: the database refused"), std::string::npos)
      << refused.message();
  EXPECT_FALSE(result.responses[1].created);
  EXPECT_EQ(result.responses[1].id, 0);
  // Nothing of R2: not its row, its customer, its tags or its attribute.
  EXPECT_FALSE(Stored("R2"));
  EXPECT_EQ(Rows("responses"), 2);
  EXPECT_EQ(Rows("customers"), 2);
  EXPECT_EQ(Rows("response_tags"), 4);
  EXPECT_EQ(Rows("response_attributes"), 2);
  // Corrected, it is stored with its customer: no cache still names the customer undone.
  WriteResult resent = ApplyOne(*store_, PerRecord({FullResponse("R2")}));
  ASSERT_TRUE(resent.status.ok()) << resent.status.ToString();
  EXPECT_TRUE(resent.responses[0].created) << resent.responses[0].status.ToString();
  EXPECT_EQ(Rows("customers"), 3);
  EXPECT_EQ(Rows("response_tags"), 6);
}

TEST_P(RecordAtomicityTest, RefusedRecordCostsTheOtherRequestsOfItsGroupNothing) {
  WriteRequest api;  // all or nothing, as the API writes
  api.responses = {FullResponse("API-1")};
  Response bad = FullResponse("IMP-2");
  bad.attributes = {{"Region", kRefused}};
  WriteRequest import_batch = PerRecord({FullResponse("IMP-1"), bad, FullResponse("IMP-3")});
  WriteRequest next_batch = PerRecord({FullResponse("IMP-4")});
  auto results = store_->Apply({&api, &import_batch, &next_batch});
  ASSERT_TRUE(results.ok()) << results.status().ToString();
  ASSERT_EQ(results->size(), 3u);
  for (const WriteResult& r : *results) EXPECT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_TRUE((*results)[0].responses[0].created);
  EXPECT_TRUE((*results)[1].responses[0].created);
  EXPECT_TRUE((*results)[1].responses[2].created);
  EXPECT_TRUE((*results)[2].responses[0].created);
  const Status& refused = (*results)[1].responses[1].status;
  EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument) << refused.ToString();
  EXPECT_EQ(refused.field(), "Region");  // an import's column
  EXPECT_NE(refused.message().find("responses[1]: "), std::string::npos) << refused.message();
  EXPECT_FALSE(Stored("IMP-2"));
  EXPECT_EQ(Rows("responses"), 4);
  EXPECT_EQ(Rows("customers"), 4);
  EXPECT_EQ(Rows("response_attributes"), 4);
  EXPECT_EQ(Rows("response_tags"), 8);
}

TEST_P(RecordAtomicityTest, RefusedRecordRejectsAnAllOrNothingRequestAsBadInput) {
  Response bad = FullResponse("R2");
  bad.comment = kRefused;
  WriteRequest all_or_nothing;
  all_or_nothing.responses = {FullResponse("R1"), bad};
  WriteRequest other = PerRecord({FullResponse("R3")});
  auto results = store_->Apply({&all_or_nothing, &other});
  ASSERT_TRUE(results.ok()) << results.status().ToString();
  // Bad input (HTTP 400), not a failure of the database (500).
  const Status& rejected = (*results)[0].status;
  EXPECT_EQ(rejected.code(), StatusCode::kInvalidArgument) << rejected.ToString();
  EXPECT_NE(rejected.message().find("responses[1]: the database refused"), std::string::npos) << rejected.message();
  EXPECT_TRUE((*results)[0].responses.empty());
  EXPECT_TRUE((*results)[1].responses[0].created);
  EXPECT_FALSE(Stored("R1"));
  EXPECT_TRUE(Stored("R3"));
  EXPECT_EQ(Rows("customers"), 1);
}

TEST_P(RecordAtomicityTest, RefusedResponseAmongManyIsRefusedAlone) {
  // Enough responses that PostgreSQL writes them many to an INSERT.
  constexpr int kResponses = 150;
  constexpr int kBad = 100;
  std::vector<Response> responses;
  for (int i = 0; i < kResponses; ++i) {
    responses.push_back(FullResponse("R" + std::to_string(i)));
    if (i == kBad) responses.back().comment = kRefused;
  }
  WriteResult result = ApplyOne(*store_, PerRecord(std::move(responses)));
  ASSERT_TRUE(result.status.ok()) << result.status.ToString();
  ASSERT_EQ(result.responses.size(), static_cast<std::size_t>(kResponses));
  for (int i = 0; i < kResponses; ++i) {
    EXPECT_EQ(result.responses[i].status.ok(), i != kBad) << i << ": " << result.responses[i].status.ToString();
    EXPECT_EQ(result.responses[i].created, i != kBad) << i;
  }
  EXPECT_NE(result.responses[kBad].status.message().find("responses[100]: "), std::string::npos)
      << result.responses[kBad].status.message();
  EXPECT_EQ(Rows("responses"), kResponses - 1);
  EXPECT_EQ(Rows("customers"), kResponses - 1);
  EXPECT_EQ(Rows("response_tags"), 2 * (kResponses - 1));
}

TEST_P(RecordAtomicityTest, RefusedInteractionIsRejectedAloneWithTheCustomerItMade) {
  WriteRequest w;
  w.atomicity = Atomicity::kPerRecord;
  w.interactions = {MakeInteraction("I1", InteractionType::kShopVisit, "C1"),
                    MakeInteraction("I2", InteractionType::kShopVisit, "C2"),
                    MakeInteraction("I3", InteractionType::kShopVisit, "C3")};
  w.interactions[1].journey_id = kRefused;
  WriteResult result = ApplyOne(*store_, w);
  ASSERT_TRUE(result.status.ok()) << result.status.ToString();
  EXPECT_TRUE(result.interactions[0].created);
  EXPECT_EQ(result.interactions[1].status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(result.interactions[1].status.message().find("interactions[1]: "), std::string::npos);
  EXPECT_TRUE(result.interactions[2].created);
  EXPECT_EQ(Rows("interactions"), 2);
  EXPECT_EQ(Rows("customers"), 2);
  // The customer undone is made again by the next interaction that names it.
  WriteRequest again;
  again.interactions = {MakeInteraction("I2", InteractionType::kShopVisit, "C2")};
  WriteResult resent = ApplyOne(*store_, again);
  ASSERT_TRUE(resent.status.ok()) << resent.status.ToString();
  EXPECT_TRUE(resent.interactions[0].created);
  EXPECT_EQ(Rows("customers"), 3);
}

TEST_P(RecordAtomicityTest, NonFiniteScoresAreRefusedBeforeTheyReachTheDatabase) {
  Response nan_tag = FullResponse("NAN-TAG");
  nan_tag.tags[1].score = std::numeric_limits<double>::quiet_NaN();
  Response inf_tag = FullResponse("INF-TAG");
  inf_tag.tags[0].score = -std::numeric_limits<double>::infinity();
  Response nan_sentiment = FullResponse("NAN-SENTIMENT");
  nan_sentiment.sentiment = std::numeric_limits<double>::quiet_NaN();
  WriteResult result = ApplyOne(*store_, PerRecord({nan_tag, FullResponse("OK"), inf_tag, nan_sentiment}));
  ASSERT_TRUE(result.status.ok()) << result.status.ToString();
  EXPECT_TRUE(result.responses[1].created);
  for (int i : {0, 2, 3}) {
    const Status& s = result.responses[i].status;
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << i;
    EXPECT_NE(s.message().find("is not a finite number"), std::string::npos) << s.message();
    EXPECT_EQ(s.field(), i == 3 ? "sentiment" : "tags");
  }
  EXPECT_NE(result.responses[0].status.message().find("responses[0]: the tag emotion:joy has the score nan"),
            std::string::npos)
      << result.responses[0].status.message();
  EXPECT_EQ(Rows("responses"), 1);
  EXPECT_EQ(Rows("customers"), 1);
  EXPECT_EQ(Rows("response_tags"), 2);
  // All or nothing, the request is refused as bad input.
  WriteRequest all_or_nothing;
  all_or_nothing.responses = {FullResponse("OK-2"), nan_tag};
  WriteResult rejected = ApplyOne(*store_, all_or_nothing);
  EXPECT_EQ(rejected.status.code(), StatusCode::kInvalidArgument) << rejected.status.ToString();
  EXPECT_FALSE(Stored("OK-2"));
}

TEST_P(RecordAtomicityTest, TextThatIsNotUtf8IsStoredWholeOrRefusedWhole) {
  // PostgreSQL refuses it (SQLSTATE 22021); SQLite keeps the bytes as they came.
  Response odd = FullResponse("R2");
  odd.attributes = {{"Region", "Nor\xff" "d"}};
  WriteResult result = ApplyOne(*store_, PerRecord({FullResponse("R1"), odd, FullResponse("R3")}));
  ASSERT_TRUE(result.status.ok()) << result.status.ToString();
  EXPECT_TRUE(result.responses[0].created);
  EXPECT_TRUE(result.responses[2].created);
  bool refused = GetParam() == "postgresql";
  EXPECT_EQ(result.responses[1].created, !refused) << result.responses[1].status.ToString();
  if (refused) {
    EXPECT_EQ(result.responses[1].status.code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(result.responses[1].status.field(), "Region");
  }
  EXPECT_EQ(Stored("R2"), !refused);
  EXPECT_EQ(Rows("responses"), refused ? 2 : 3);
  EXPECT_EQ(Rows("response_tags"), refused ? 4 : 6);
  EXPECT_EQ(Rows("customers"), refused ? 2 : 3);
}

TEST_P(RecordAtomicityTest, WriterAcknowledgesEveryRequestQueuedWithARefusedOne) {
  Writer writer(*store_);
  constexpr int kRequests = 8;
  std::vector<std::future<WriteResult>> pending;
  for (int i = 0; i < kRequests; ++i) {
    Response r = FullResponse("W" + std::to_string(i));
    if (i == 3) r.tags[0].name = kRefused;
    WriteRequest w = i % 2 ? PerRecord({r}) : WriteRequest{};
    if (i % 2 == 0) w.responses = {r};
    pending.push_back(writer.Submit(std::move(w)));
  }
  for (int i = 0; i < kRequests; ++i) {
    WriteResult result = pending[i].get();
    ASSERT_TRUE(result.status.ok()) << i << ": " << result.status.ToString();
    EXPECT_EQ(result.responses[0].created, i != 3) << i << ": " << result.responses[0].status.ToString();
  }
  writer.Stop();
  EXPECT_EQ(Rows("responses"), kRequests - 1);
  EXPECT_EQ(Rows("response_tags"), 2 * (kRequests - 1));
}

INSTANTIATE_TEST_SUITE_P(Backends, RecordAtomicityTest, ::testing::Values("sqlite", "postgresql"), BackendName);

}  // namespace
}  // namespace peakend::testing
