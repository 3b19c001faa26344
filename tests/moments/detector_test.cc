// The detector against a real store (SQLite and PostgreSQL): committed responses are looked at off the
// caller's thread, cases are opened once per customer and journey, and nothing queued is lost
// when the detector stops.
#include "moments/detector.h"

#include <gtest/gtest.h>

#include "../store/store_fixture.h"
#include "store/writer.h"

namespace peakend::moments {
namespace {

class DetectorTest : public peakend::testing::StoreTest {
 protected:
  void SetUp() override {
    peakend::testing::StoreTest::SetUp();
    if (!store_) return;  // skipped, or failed to open
    WriteRequest org;
    org.locations = {{0, "shop", "Shop", LocationKind::kShop, "in-store", "Utrecht"}};
    org.teams = {{0, "T1", "Team", "shop", {}}};
    Employee sanne;
    sanne.external_id = "E1";
    sanne.first_name = "Sanne";
    sanne.team_ref = "T1";
    sanne.location_ref = "shop";
    Employee mark;
    mark.external_id = "M1";
    mark.first_name = "Mark";
    mark.role = Role::kManager;
    mark.team_ref = "T1";
    mark.location_ref = "shop";
    org.employees = {sanne, mark};
    ASSERT_TRUE(store_->Apply({&org}).ok());
  }
  std::vector<Id> Write(const std::vector<Response>& responses) {
    WriteRequest w;
    w.responses = responses;
    auto result = store_->Apply({&w});
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    std::vector<Id> ids;
    for (const auto& o : (*result)[0].responses) ids.push_back(o.id);
    return ids;
  }

  // Writes a detractor's answer served by E1 and returns the case it opened.
  CaseRecord OpenCase(Detector& detector, const std::string& response, const std::string& customer) {
    auto found = detector.EnqueueAndWait(Write({Answer(response, customer, 0)})).found;
    if (found.size() != 1u || !found[0].case_id) {
      ADD_FAILURE() << response << " opened no case";
      return {};
    }
    auto c = store_->cases().GetCase(*found[0].case_id);
    EXPECT_TRUE(c.ok() && c->has_value());
    return c.ok() && c->has_value() ? **c : CaseRecord{};
  }

  // `count` answers of as many customers: ids `prefix`0, `prefix`1, ... by customers C0, C1, ...,
  // with NPS scores 0 up to `scores` - 1 in turn (0 alone: detractors all).
  static std::vector<Response> Answers(const std::string& prefix, int count, int scores = 1) {
    std::vector<Response> responses;
    for (int i = 0; i < count; ++i) {
      std::string n = std::to_string(i);  // (std::string{"C"} += n): GCC 12 warns falsely on "C" + n
      responses.push_back(Answer(std::string{prefix} += n, std::string{"C"} += n, i % scores));
    }
    return responses;
  }

  static Response Answer(const std::string& id, const std::string& customer, int nps) {
    Response r;
    r.external_id = id;
    r.customer_ref = customer;
    r.location_ref = "shop";
    r.employee_ref = "E1";
    r.answers.nps = nps;
    r.submitted_at = 1790000000;
    return r;
  }

};

TEST_P(DetectorTest, OpensOneCasePerCustomerAndRoutesToWhoServed) {
  MomentsEngine engine(*store_);
  Detector detector(engine);
  auto ids = Write({Answer("R1", "C1", 1), Answer("R2", "C2", 9), Answer("R3", "C1", 0)});
  auto waited = detector.EnqueueAndWait(ids);
  EXPECT_TRUE(waited.complete);
  const auto& found = waited.found;
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].rule, "very_bad_experience");
  ASSERT_TRUE(found[0].case_id.has_value());
  EXPECT_FALSE(found[1].case_id.has_value());  // a promoter without words: nothing to do
  EXPECT_FALSE(found[2].case_id.has_value());  // C1 already has an open case
  auto c = store_->cases().GetCase(*found[0].case_id);
  ASSERT_TRUE(c.ok() && c->has_value());
  EXPECT_EQ((*c)->assignee_ref, "E1");
  EXPECT_EQ(detector.Stats().cases_opened, 1u);
}

// Routing reads employees and teams once a minute, and at once after the store committed a
// change to them: an employee moved by an HR sync has their next case in the new team's inbox.
TEST_P(DetectorTest, AMovedEmployeesNextCaseGoesToTheirNewTeam) {
  MomentsEngine engine(*store_);
  Detector detector(engine);
  EXPECT_EQ(OpenCase(detector, "R1", "C1").team_ref, "T1");

  WriteRequest move;
  move.teams = {{0, "T2", "Kassa", "shop", {}}};
  Employee sanne;
  sanne.external_id = "E1";
  sanne.team_ref = "T2";
  move.employees = {sanne};
  auto moved = store_->Apply({&move});
  ASSERT_TRUE(moved.ok() && (*moved)[0].status.ok());
  ASSERT_TRUE((*moved)[0].employees[0].updated);

  CaseRecord after = OpenCase(detector, "R2", "C2");
  EXPECT_EQ(after.assignee_ref, "E1");
  EXPECT_EQ(after.team_ref, "T2");
}

TEST_P(DetectorTest, StoppingFinishesEverythingQueued) {
  MomentsEngine engine(*store_);
  auto ids = Write(Answers("R", 300, 3));
  {
    Detector detector(engine);
    for (std::size_t i = 0; i < ids.size(); i += 7) {
      detector.Enqueue(std::vector<Id>(ids.begin() + i, ids.begin() + std::min(ids.size(), i + 7)));
    }
  }
  CaseFilter all;
  auto cases = store_->cases().ListCases(all, PageRequest{0, 1000});
  ASSERT_TRUE(cases.ok()) << cases.status().ToString();
  EXPECT_EQ(cases->items.size(), 300u);
}

// An import looks at its recent responses only (those with a time of their own since a cutoff):
// only those await detection, so a killed import leaves exactly them for the next one.
TEST_P(DetectorTest, AnImportsRecentResponsesAloneAwaitDetection) {
  WriteRequest w;
  w.responses = {Answer("recent", "C1", 0), Answer("old", "C2", 0), Answer("untimed", "C3", 0)};
  w.responses[1].submitted_at = 1700000000;
  w.responses[2].submitted_at_given = false;  // stored as submitted at the import
  w.awaits_detection = true;
  w.awaits_detection_since = 1780000000;
  auto written = store_->Apply({&w});
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  auto awaiting = store_->cases().ResponsesAwaitingDetection(0, 100);
  ASSERT_TRUE(awaiting.ok()) << awaiting.status().ToString();
  EXPECT_EQ(*awaiting, std::vector<Id>{(*written)[0].responses[0].id});
}

// Responses written to await detection stay recorded as such until a detector has looked at
// them, so those a stop dropped from the queue are found on the next start.
TEST_P(DetectorTest, ResponsesAwaitDetectionUntilLookedAt) {
  MomentsEngine engine(*store_);
  WriteRequest w;
  w.responses = Answers("A", 20);
  w.awaits_detection = true;
  auto written = store_->Apply({&w});
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  std::vector<Id> ids;
  for (const auto& o : (*written)[0].responses) ids.push_back(o.id);
  Write({Answer("not-awaited", "C99", 0)});  // e.g. imported with --moments off
  auto awaiting = [&](Id after = 0) {
    auto found = store_->cases().ResponsesAwaitingDetection(after, 100);
    EXPECT_TRUE(found.ok()) << found.status().ToString();
    return found.ok() ? *found : std::vector<Id>{};
  };
  EXPECT_EQ(awaiting(), ids);
  EXPECT_EQ(awaiting(ids[14]), std::vector<Id>(ids.begin() + 15, ids.end()));
  // Sent again, a stored response is not awaited a second time.
  ASSERT_TRUE(store_->Apply({&w}).ok());
  EXPECT_EQ(awaiting().size(), 20u);
  {
    Detector detector(engine, &store_->cases());
    detector.EnqueueAndWait(std::vector<Id>(ids.begin(), ids.begin() + 10));
    // A stop that did not wait drops the rest: they stay awaiting.
    detector.Abandon();
    detector.Enqueue(std::vector<Id>(ids.begin() + 10, ids.end()));
    EXPECT_EQ(detector.WaitUntilIdle(std::chrono::milliseconds(0)), 0u);
  }
  EXPECT_EQ(awaiting(), std::vector<Id>(ids.begin() + 10, ids.end()));
  {
    Detector detector(engine, &store_->cases());
    detector.Enqueue(awaiting());
    EXPECT_EQ(detector.WaitUntilIdle(std::chrono::seconds(60)), 0u);
  }
  EXPECT_TRUE(awaiting().empty());
  auto cases = store_->cases().ListCases(CaseFilter{}, PageRequest{0, 1000});
  ASSERT_TRUE(cases.ok());
  EXPECT_EQ(cases->items.size(), 20u);
}

// The detector takes what is queued in passes of kMaxResponsesPerPass: what it is looking at
// still waits, and counts in `queued` until it is done (the health check's backlog). A caller
// waiting for its responses behind a backlog is answered when its time is up, told that
// detection is not complete.
TEST_P(DetectorTest, TheBatchBeingLookedAtCountsAsQueued) {
  MomentsEngine engine(*store_);
  auto ids = Write(Answers("Q", 2000));
  Detector detector(engine);
  detector.Enqueue(std::vector<Id>(ids.begin(), ids.end() - 1));
  auto behind = detector.EnqueueAndWait({ids.back()}, std::chrono::milliseconds(0));
  EXPECT_FALSE(behind.complete);
  EXPECT_EQ(detector.Stats().queued, 2000u);
  EXPECT_EQ(detector.WaitUntilIdle(std::chrono::seconds(120)), 0u);
  EXPECT_EQ(detector.Stats().queued, 0u);
  EXPECT_EQ(detector.Stats().responses, 2000u);
}

TEST_P(DetectorTest, OverdueCasesEscalateToTheTeamManager) {
  MomentsEngine engine(*store_);
  Detector detector(engine);
  Id opened = OpenCase(detector, "R1", "C1").id;
  ASSERT_NE(opened, 0);
  Timestamp now = NowUtc();
  EXPECT_TRUE(EscalateOverdueCases(*store_, now)->empty());  // not due yet (24 hours)
  auto escalated = EscalateOverdueCases(*store_, now + 2 * 86400);
  ASSERT_TRUE(escalated.ok()) << escalated.status().ToString();
  EXPECT_EQ(*escalated, std::vector<Id>{opened});
  auto c = store_->cases().GetCase(opened);
  EXPECT_EQ((*c)->escalated_to_ref, "M1");
  auto announced = store_->cases().DueMessages(now + 3 * 86400, 10);
  ASSERT_TRUE(announced.ok());
  ASSERT_FALSE(announced->empty());
  EXPECT_NE(announced->back().body.find("\"escalated_to\":\"M1\""), std::string::npos) << announced->back().body;
}

TEST_P(DetectorTest, UnknownResponsesAreSkipped) {
  MomentsEngine engine(*store_);
  Detector detector(engine);
  EXPECT_TRUE(detector.EnqueueAndWait({987654}).found.empty());
  detector.Drain();
  EXPECT_EQ(detector.Stats().failures, 0u);
}

INSTANTIATE_TEST_SUITE_P(Backends, DetectorTest, ::testing::Values("sqlite", "postgresql"), peakend::testing::BackendName);

}  // namespace
}  // namespace peakend::moments
