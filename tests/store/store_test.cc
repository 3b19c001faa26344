#include <atomic>
#include <cstdio>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "core/limits.h"
#include "store/case_store.h"
#include "store/writer.h"
#include "store_fixture.h"

namespace peakend::testing {
namespace {

TEST_P(StoreTest, IdempotentByExternalId) {
  ASSERT_TRUE(ApplyOne(*store_, OrgRecords()).status.ok());
  WriteRequest w;
  w.responses = {MakeResponse("R1", 9, "shop-1"), MakeResponse("R2", 3)};
  WriteResult first = ApplyOne(*store_, w);
  ASSERT_TRUE(first.status.ok()) << first.status.ToString();
  ASSERT_EQ(first.responses.size(), 2u);
  EXPECT_TRUE(first.responses[0].created);
  WriteResult again = ApplyOne(*store_, w);
  ASSERT_TRUE(again.status.ok());
  EXPECT_FALSE(again.responses[0].created);
  EXPECT_EQ(again.responses[0].id, first.responses[0].id);
  EXPECT_EQ(store_->Counts()->responses, 2);
  // The organisation replays idempotently too.
  WriteResult org = ApplyOne(*store_, OrgRecords());
  EXPECT_FALSE(org.locations[0].created);
  EXPECT_EQ(store_->Counts()->locations, 2);
}

TEST_P(StoreTest, ResponsesWithoutExternalIdAreNeverMerged) {
  WriteRequest w;
  w.responses = {MakeResponse("", 9), MakeResponse("", 9)};
  ASSERT_TRUE(ApplyOne(*store_, w).status.ok());
  ASSERT_TRUE(ApplyOne(*store_, w).status.ok());
  EXPECT_EQ(store_->Counts()->responses, 4);
}

TEST_P(StoreTest, UnknownReferencesAreNamed) {
  WriteRequest w;
  w.responses = {MakeResponse("R1", 9), MakeResponse("R2", 9, "shop-nowhere")};
  WriteResult r = ApplyOne(*store_, w);
  ASSERT_FALSE(r.status.ok());
  EXPECT_EQ(r.status.code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status.field(), "location");
  EXPECT_NE(r.status.message().find("responses[1]"), std::string::npos) << r.status.message();
  EXPECT_NE(r.status.message().find("shop-nowhere"), std::string::npos);
  EXPECT_EQ(store_->Counts()->responses, 0);  // all or nothing: R1 was rolled back too
}

TEST_P(StoreTest, PerRecordStoresTheValidOnes) {
  WriteRequest w;
  w.atomicity = Atomicity::kPerRecord;
  w.responses = {MakeResponse("R1", 9), MakeResponse("R2", 9, "shop-nowhere"), MakeResponse("R3", 1)};
  WriteResult r = ApplyOne(*store_, w);
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.responses.size(), 3u);
  EXPECT_TRUE(r.responses[0].status.ok());
  EXPECT_EQ(r.responses[1].status.code(), StatusCode::kNotFound);
  EXPECT_TRUE(r.responses[2].created);
  EXPECT_EQ(store_->Counts()->responses, 2);
}

TEST_P(StoreTest, AFailingRequestDoesNotAffectOthersInTheSameCommit) {
  WriteRequest good1, bad, good2;
  good1.responses = {MakeResponse("G1", 10)};
  bad.responses = {MakeResponse("B1", 10), MakeResponse("B2", 10, "nowhere")};
  bad.customers = {Customer{0, "C-bad", "", "", "", "", ""}};
  good2.responses = {MakeResponse("G2", 0)};
  good2.customers = {Customer{0, "C-good", "", "", "", "nl", "gold"}};
  auto results = store_->Apply({&good1, &bad, &good2});
  ASSERT_TRUE(results.ok());
  EXPECT_TRUE((*results)[0].status.ok());
  EXPECT_FALSE((*results)[1].status.ok());
  EXPECT_TRUE((*results)[2].status.ok());
  EXPECT_EQ(store_->Counts()->responses, 2);
  EXPECT_EQ(store_->Counts()->customers, 1);
  // The rolled-back customer is not remembered as existing: referring to it creates it anew.
  WriteRequest again;
  Response r = MakeResponse("G3", 5);
  r.customer_ref = "C-bad";
  again.responses = {r};
  ASSERT_TRUE(ApplyOne(*store_, again).status.ok());
  EXPECT_EQ(store_->Counts()->customers, 2);
}

TEST_P(StoreTest, ResponseInheritsFromItsInteraction) {
  ASSERT_TRUE(ApplyOne(*store_, OrgRecords()).status.ok());
  WriteRequest w;
  Interaction x = MakeInteraction("I1", InteractionType::kShopVisit, "C1");
  x.location_ref = "shop-1";
  x.employee_ref = "E1";
  x.journey_id = "J1";
  w.interactions = {x};
  Response r = MakeResponse("R1", 9);
  r.interaction_ref = "I1";
  r.comment = "Sanne hielp me geweldig";
  r.sentiment = 0.8;
  r.sentiment_label = "positive";
  r.tags = {{"aspect", "staff_friendliness", 0.9, "hielp me geweldig"}, {"mention", "E1", 1, "Sanne"}};
  r.attributes = {{"store_code", "U-01"}};
  w.responses = {r};
  ASSERT_TRUE(ApplyOne(*store_, w).status.ok());

  RecordFilter f;
  f.external_id = "R1";
  auto page = store_->ListResponses(f, {});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  ASSERT_EQ(page->items.size(), 1u);
  const Response& got = page->items[0];
  EXPECT_EQ(got.location_ref, "shop-1");
  EXPECT_EQ(got.employee_ref, "E1");
  EXPECT_EQ(got.customer_ref, "C1");
  EXPECT_EQ(got.journey_id, "J1");
  EXPECT_EQ(got.interaction_type, InteractionType::kShopVisit);
  EXPECT_TRUE(got.team_id.has_value());
  ASSERT_EQ(got.tags.size(), 2u);
  ASSERT_EQ(got.attributes.size(), 1u);
  EXPECT_EQ(got.attributes[0].second, "U-01");
  EXPECT_DOUBLE_EQ(*got.sentiment, 0.8);

  // Filters by team, by tag and by sentiment.
  RecordFilter by_team;
  by_team.team_ref = "team-1";
  EXPECT_EQ(store_->ScoreRows(by_team)->size(), 1u);
  RecordFilter by_tag;
  by_tag.tag_kind = "aspect";
  by_tag.tag_name = "delivery";
  EXPECT_EQ(store_->ScoreRows(by_tag)->size(), 0u);
  by_tag.tag_name = "staff_friendliness";
  EXPECT_EQ(store_->ScoreRows(by_tag)->size(), 1u);
  auto tags = store_->TagRows("aspect", RecordFilter{});
  ASSERT_EQ(tags->size(), 1u);
  EXPECT_EQ((*tags)[0].name, "staff_friendliness");
  RecordFilter unknown;
  unknown.team_ref = "team-x";
  EXPECT_EQ(store_->ScoreRows(unknown).status().code(), StatusCode::kNotFound);

  // And by custom attributes, every one of them.
  RecordFilter by_attribute;
  by_attribute.attributes = {{"store_code", "U-01"}};
  EXPECT_EQ(store_->ScoreRows(by_attribute)->size(), 1u);
  EXPECT_EQ(store_->ListResponses(by_attribute, {})->items.size(), 1u);
  by_attribute.attributes.push_back({"store_code", "A-07"});
  EXPECT_EQ(store_->ScoreRows(by_attribute)->size(), 0u);
}

// A response that names another customer than its interaction's is refused, naming the field;
// the interaction's own customer, or none, is fine.
TEST_P(StoreTest, AResponseCannotNameAnotherCustomerThanItsInteraction) {
  ASSERT_TRUE(ApplyOne(*store_, OrgRecords()).status.ok());
  WriteRequest w;
  w.interactions = {MakeInteraction("I1", InteractionType::kOrder, "C1")};
  ASSERT_TRUE(ApplyOne(*store_, w).status.ok());
  std::int64_t customers = store_->Counts()->customers;
  auto answer = [&](const std::string& id, const std::string& customer) {  // a response to I1
    WriteRequest request;
    Response r = MakeResponse(id, 5);
    r.interaction_ref = "I1";
    r.customer_ref = customer;
    request.responses = {r};
    return ApplyOne(*store_, request).status;
  };
  for (std::string other : {"C2", "C-new"}) {
    Status s = answer("R-" + other, other);
    EXPECT_EQ(s.field(), "customer") << other << ": " << s.ToString();
  }
  for (std::string same : {"C1", ""}) EXPECT_TRUE(answer("R-ok-" + same, same).ok()) << same;
  RecordFilter f;
  f.customer_ref = "C1";
  EXPECT_EQ(store_->ListResponses(f, {})->items.size(), 2u);
  EXPECT_EQ(store_->Counts()->customers, customers);  // the refused response created no customer
}

// Likewise its journey and location: another than the interaction's would count the answer in
// one place's scores and show it in another's journey. Left out, they are the interaction's.
TEST_P(StoreTest, AResponseCannotNameAnotherJourneyOrLocationThanItsInteraction) {
  ASSERT_TRUE(ApplyOne(*store_, OrgRecords()).status.ok());
  WriteRequest w;
  Interaction x = MakeInteraction("I1", InteractionType::kShopVisit, "C1");
  x.location_ref = "shop-1";
  x.journey_id = "J1";
  w.interactions = {x};
  ASSERT_TRUE(ApplyOne(*store_, w).status.ok());
  auto answer = [&](const std::string& id, const std::string& location, const std::string& journey) {
    WriteRequest request;
    Response r = MakeResponse(id, 5);
    r.interaction_ref = "I1";
    r.location_ref = location;
    r.journey_id = journey;
    request.responses = {r};
    return ApplyOne(*store_, request).status;
  };
  EXPECT_EQ(answer("R-other-journey", "", "J2").field(), "journey_id");
  EXPECT_EQ(answer("R-other-location", "web", "").field(), "location");
  EXPECT_TRUE(answer("R-same", "shop-1", "J1").ok());
  EXPECT_TRUE(answer("R-left-out", "", "").ok());
  RecordFilter f;
  f.journey_id = "J1";
  EXPECT_EQ(store_->ListResponses(f, {})->items.size(), 2u);
}

// A response makes its customer known by id alone; the CRM's details sent later fill it in, and
// a detail left out keeps what is stored.
TEST_P(StoreTest, CustomerDetailsSentLaterFillInAKnownCustomer) {
  WriteRequest first;
  Response r = MakeResponse("R-crm", 8);
  r.customer_ref = "C-crm";
  first.responses = {r};
  ASSERT_TRUE(ApplyOne(*store_, first).status.ok());
  auto details = [&](const std::string& name, const std::string& segment) {
    WriteRequest w;
    Customer c;
    c.external_id = "C-crm";
    c.name = name;
    c.segment = segment;
    w.customers = {c};
    WriteResult result = ApplyOne(*store_, w);
    EXPECT_TRUE(result.status.ok()) << result.status.ToString();
    EXPECT_FALSE(result.customers.at(0).created);
    EXPECT_TRUE(result.customers.at(0).updated);
    RecordFilter f;
    f.external_id = "C-crm";
    auto page = store_->ListCustomers(f, {});
    EXPECT_TRUE(page.ok() && page->items.size() == 1u);
    return page.ok() && !page->items.empty() ? page->items[0] : Customer{};
  };
  Customer filled = details("Anna de Wit", "gold");
  EXPECT_EQ(filled.name, "Anna de Wit");
  EXPECT_EQ(filled.segment, "gold");
  Customer kept = details("", "platinum");  // no name sent: the stored one stays
  EXPECT_EQ(kept.name, "Anna de Wit");
  EXPECT_EQ(kept.segment, "platinum");
  EXPECT_EQ(store_->Counts()->customers, 1);
}

TEST_P(StoreTest, CursorPaginationAndTimeFilters) {
  WriteRequest w;
  for (int i = 0; i < 25; ++i) {
    Response r = MakeResponse(fmt::format("P{}", i), i % 11);
    r.submitted_at = 1772360100 + i * 86400;
    w.responses.push_back(r);
  }
  ASSERT_TRUE(ApplyOne(*store_, w).status.ok());
  PageRequest page{0, 10};
  int seen = 0, pages = 0;
  for (;;) {
    auto p = store_->ListResponses({}, page);
    ASSERT_TRUE(p.ok());
    seen += static_cast<int>(p->items.size());
    ++pages;
    if (!p->next_after_id) break;
    page.after_id = *p->next_after_id;
  }
  EXPECT_EQ(seen, 25);
  EXPECT_EQ(pages, 3);
  RecordFilter window;
  window.from = 1772360100 + 5 * 86400;
  window.to = 1772360100 + 10 * 86400;
  EXPECT_EQ(store_->ScoreRows(window)->size(), 5u);
}

TEST_P(StoreTest, JourneysAreOrderedByTime) {
  WriteRequest w;
  for (auto [id, t] : {std::pair{"I3", 300}, std::pair{"I1", 100}, std::pair{"I2", 200}}) {
    Interaction x;
    x.external_id = id;
    x.occurred_at = t;
    x.customer_ref = "C1";
    x.journey_id = "J1";
    w.interactions.push_back(x);
  }
  Response r = MakeResponse("R1", 2);
  r.interaction_ref = "I3";
  w.responses = {r};
  ASSERT_TRUE(ApplyOne(*store_, w).status.ok());
  RecordFilter f;
  f.customer_ref = "C1";
  auto journeys = store_->Journeys(f, "", limits::kMaxJourneyStepsPerPage);
  ASSERT_TRUE(journeys.ok()) << journeys.status().ToString();
  ASSERT_EQ(journeys->journeys.size(), 1u);
  EXPECT_EQ(journeys->next_after, "");
  const auto& steps = journeys->journeys[0].steps;
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0].interaction.external_id, "I1");
  EXPECT_EQ(steps[2].interaction.external_id, "I3");
  ASSERT_EQ(steps[2].responses.size(), 1u);
  EXPECT_EQ(steps[2].responses[0].answers.nps, 2);
}

// A customer's journeys come in pages of whole journeys, none larger than the step bound.
TEST_P(StoreTest, JourneysComeInPagesOfWholeJourneys) {
  WriteRequest w;
  // j1 and j2 have three interactions each, j3 five; I0 belongs to no journey (keys in lower
  // case sort alike in every collation).
  auto add = [&](const std::string& id, const std::string& journey, Timestamp at) {
    Interaction x;
    x.external_id = id;
    x.occurred_at = at;
    x.customer_ref = "C1";
    x.journey_id = journey;
    w.interactions.push_back(x);
  };
  for (int i = 0; i < 3; ++i) add("A" + std::to_string(i), "j1", 100 + i);
  for (int i = 0; i < 3; ++i) add("B" + std::to_string(i), "j2", 200 + i);
  for (int i = 0; i < 5; ++i) add("C" + std::to_string(i), "j3", 300 + i);
  add("I0", "", 50);
  ASSERT_TRUE(ApplyOne(*store_, w).status.ok());
  RecordFilter f;
  f.customer_ref = "C1";
  std::vector<std::string> seen;
  std::string after;
  std::vector<std::size_t> page_steps;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = store_->Journeys(f, after, 4);
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    std::size_t steps = 0;
    for (const auto& j : page->journeys) {
      seen.push_back(j.journey_id + (j.truncated ? "(cut)" : ""));
      steps += j.steps.size();
    }
    page_steps.push_back(steps);
    if (page->next_after.empty()) break;
    after = page->next_after;
  }
  // I0's own with j1 (j2 would pass 4 steps), then j2 alone, then j3 cut at 4 steps.
  EXPECT_EQ(seen, (std::vector<std::string>{"interaction:I0", "j1", "j2", "j3(cut)"}));
  EXPECT_EQ(page_steps, (std::vector<std::size_t>{4, 3, 4, 0}));
  RecordFilter j2;
  j2.journey_id = "j2";
  auto one = store_->Journeys(j2, "", limits::kMaxJourneyStepsPerPage);
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->journeys.size(), 1u);
  EXPECT_EQ(one->journeys[0].steps.size(), 3u);
  EXPECT_EQ(one->next_after, "");
}

TEST_P(StoreTest, ReopeningKeepsDataAndSchema) {
  WriteRequest w;
  w.responses = {MakeResponse("R1", 7)};
  ASSERT_TRUE(ApplyOne(*store_, w).status.ok());
  Organisation org;
  org.name = "Huis & Haard";
  ASSERT_TRUE(store_->SetOrganisation(org).ok());
  store_ = Reopen();
  ASSERT_TRUE(store_);
  EXPECT_EQ(store_->Counts()->responses, 1);
  EXPECT_EQ(store_->GetOrganisation()->name, "Huis & Haard");
  ASSERT_TRUE(ApplyOne(*store_, w).status.ok());
  EXPECT_EQ(store_->Counts()->responses, 1);
}

TEST_P(StoreTest, WriterGroupCommitsConcurrentRequestsExactlyOnce) {
  constexpr int kThreads = 8, kPerThread = 200;
  Writer writer(*store_);
  std::vector<std::thread> threads;
  std::atomic<int> acknowledged{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        WriteRequest w;
        // Every response is sent twice (by two threads): exactly one copy may be stored.
        w.responses = {MakeResponse(fmt::format("W{}", (t / 2) * kPerThread + i), i % 11)};
        WriteResult r = writer.Write(std::move(w));
        if (r.status.ok()) ++acknowledged;
      }
    });
  }
  for (auto& th : threads) th.join();
  writer.Stop();
  EXPECT_EQ(acknowledged.load(), kThreads * kPerThread);
  EXPECT_EQ(store_->Counts()->responses, kThreads / 2 * kPerThread);
  WriterStats stats = writer.stats();
  EXPECT_EQ(stats.requests, static_cast<std::uint64_t>(kThreads * kPerThread));
  EXPECT_LE(stats.commits, stats.requests);
}

TEST_P(StoreTest, WriterRefusesAfterStop) {
  Writer writer(*store_);
  writer.Stop();
  WriteRequest w;
  w.responses = {MakeResponse("late", 5)};
  EXPECT_EQ(writer.Write(std::move(w)).status.code(), StatusCode::kUnavailable);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgresql"), BackendName);

TEST(StoreOpen, RejectsUnknownUrls) {
  auto store = Store::Open("mysql://localhost/x");
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("postgresql://"), std::string::npos);
  EXPECT_FALSE(Store::Open("/nonexistent-dir/sub/x.db").ok());
}

}  // namespace
}  // namespace peakend::testing

namespace peakend::testing {
namespace {

// Cases live in the same store and pass the same suite on both backends.
class CaseStoreTest : public StoreTest {};

TEST_P(CaseStoreTest, StateMachineHistoryAndBudgetUnderConcurrency) {
  WriteRequest org;
  org.locations = {{0, "shop-1", "Shop One", LocationKind::kShop, "", ""}};
  Employee e;
  e.external_id = "E1";
  e.first_name = "Sanne";
  org.employees = {e};
  Response r;
  r.external_id = "R1";
  r.customer_ref = "C1";
  r.answers.nps = 1;
  r.submitted_at = 1772360100;
  org.responses = {r};
  auto applied = store_->Apply({&org});
  ASSERT_TRUE(applied.ok() && (*applied)[0].status.ok());
  CaseRecord c;
  c.rule = "very_bad_experience";
  c.priority = 1;
  c.reason = "NPS 1";
  c.suggested_actions = {"Call today", "Fix it"};
  c.response_id = (*applied)[0].responses[0].id;
  c.customer_id = 1;
  c.journey_id = "J1";
  c.created_at = 1000;
  c.due_at = 1000 + 86400;
  auto id = store_->cases().CreateCase(c, "opened");
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  // Many detectors at once for one customer and journey, half of them through a second store
  // on the same database (as a second server process would be): exactly one case opens.
  {
    auto second = Store::Open(url_);
    ASSERT_TRUE(second.ok()) << second.status().ToString();
    CaseRecord same = c;
    same.journey_id = "J-race";
    std::atomic<int> opened{0}, found_open{0};
    std::vector<std::thread> racers;
    for (int t = 0; t < 8; ++t) {
      Store& store = t % 2 ? **second : *store_;
      racers.emplace_back([&] {
        auto created = store.cases().CreateCaseUnlessOpen(same, "opened", 0);
        ASSERT_TRUE(created.ok()) << created.status().ToString();
        (*created ? opened : found_open)++;
      });
    }
    for (auto& r : racers) r.join();
    EXPECT_EQ(opened.load(), 1);
    EXPECT_EQ(found_open.load(), 7);
  }
  auto open = store_->cases().OpenCaseFor(1, "J1", 0);
  ASSERT_TRUE(open.ok());
  EXPECT_EQ(*open, *id);

  EXPECT_TRUE(store_->cases().Claim(*id, "E1", 1100).ok());
  EXPECT_EQ(store_->cases().Claim(*id, "E9", 1100).code(), StatusCode::kNotFound);
  EXPECT_TRUE(store_->cases().Transition(*id, CaseState::kContacted, "E1", "called", 1200).ok());
  EXPECT_EQ(store_->cases().Transition(*id, CaseState::kClosed, "E1", "", 1300).code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(store_->cases().Transition(*id, CaseState::kResolved, "E1", "replaced the vase", 1300).ok());
  EXPECT_EQ(store_->cases().Transition(*id, CaseState::kInProgress, "E1", "", 1400).code(),
            StatusCode::kFailedPrecondition);
  auto got = store_->cases().GetCase(*id);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->state, CaseState::kResolved);
  EXPECT_EQ((*got)->assignee_ref, "E1");
  EXPECT_EQ((*got)->suggested_actions.size(), 2u);
  EXPECT_EQ(*(*got)->contacted_at, 1200);
  auto events = store_->cases().CaseEvents(*id);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->size(), 4u);  // created, claimed, contacted, resolved

  // Many threads spend 10 at once from a budget of 100: exactly 10 succeed.
  constexpr int kThreads = 8, kAttempts = 5;
  std::atomic<int> granted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kAttempts; ++i) {
        if (store_->cases().SpendGesture({*id, "E1", "voucher", 10, 1772360100, ""}, 100).ok()) ++granted;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(granted.load(), 10);
  EXPECT_EQ(*store_->cases().SpentInMonth("E1", "2026-03"), 100);
  auto refused = store_->cases().SpendGesture({*id, "E1", "voucher", 10, 1772360100, ""}, 100);
  EXPECT_EQ(refused.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.status().field(), "gesture");
  // A budget lowered below what was spent is used up, never "-50 left"; what costs nothing is
  // still given.
  auto lowered = store_->cases().SpendGesture({*id, "E1", "voucher", 10, 1772360100, ""}, 50);
  EXPECT_EQ(lowered.status().message(),
            "the monthly budget of 50 cents is used up (100 spent in 2026-03); until the next month only gestures "
            "that cost nothing can be given");
  EXPECT_EQ(lowered.status().field(), "gesture");
  auto free = store_->cases().SpendGesture({*id, "E1", "call_back", 0, 1772360100, ""}, 50);
  ASSERT_TRUE(free.ok()) << free.status().ToString();
  EXPECT_EQ(*free, 0);
  // A new month is a new budget.
  EXPECT_TRUE(store_->cases().SpendGesture({*id, "E1", "voucher", 10, 1772360100 + 31 * 86400, ""}, 100).ok());
  // The budget month the caller names (the organisation's) wins over the UTC month of the time.
  EXPECT_TRUE(store_->cases().SpendGesture({*id, "E1", "voucher", 30, 1772360100, "2026-02"}, 100).ok());
  EXPECT_EQ(*store_->cases().SpentInMonth("E1", "2026-02"), 30);
  EXPECT_EQ(*store_->cases().SpentInMonth("E1", "2026-03"), 100);

  CaseRecord late = c;
  late.journey_id = "J2";
  late.due_at = 500;
  auto late_id = store_->cases().CreateCase(late, "opened");
  ASSERT_TRUE(late_id.ok());
  CaseRecord late_praise = late;  // a rule left out of escalation
  late_praise.journey_id = "J3";
  late_praise.rule = "praise";
  ASSERT_TRUE(store_->cases().CreateCase(late_praise, "opened").ok());
  std::vector<Id> asked;
  auto escalated = store_->cases().EscalateOverdue(
      2000,
      [&](const CaseRecord& overdue) -> std::optional<Employee> {
        asked.push_back(overdue.id);
        auto staff = store_->ListEmployees();
        return staff.ok() && !staff->empty() ? std::optional<Employee>(staff->front()) : std::nullopt;
      },
      {"praise"});
  ASSERT_TRUE(escalated.ok()) << escalated.status().ToString();
  EXPECT_EQ(*escalated, std::vector<Id>{*late_id});
  EXPECT_EQ(asked, std::vector<Id>{*late_id});
  auto escalated_case = store_->cases().GetCase(*late_id);
  ASSERT_TRUE(escalated_case.ok() && escalated_case->has_value());
  EXPECT_TRUE((*escalated_case)->escalated);
  EXPECT_EQ((*escalated_case)->escalated_to_ref, "E1");
  CaseFilter inbox;
  inbox.escalated_to_ref = "E1";
  EXPECT_EQ(store_->cases().ListCases(inbox, {})->items.size(), 1u);
  auto history = store_->cases().CaseEvents(*late_id);
  ASSERT_TRUE(history.ok());
  EXPECT_NE(history->back().note.find("escalated to manager E1"), std::string::npos) << history->back().note;
  EXPECT_TRUE(store_->cases().EscalateOverdue(3000, nullptr, {"praise"})->empty());  // once only
  CaseFilter overdue;
  overdue.overdue = true;
  overdue.now = 2000;
  EXPECT_EQ(store_->cases().ListCases(overdue, {})->items.size(), 2u);  // the praise too: late, not escalated
}

// Opens a case without customer or response, created at t=1000.
Result<Id> OpenTestCase(Store& store, int priority, Timestamp due_at) {
  CaseRecord c;
  c.rule = "effort";
  c.priority = priority;
  c.reason = "three contacts";
  c.created_at = 1000;
  c.due_at = due_at;
  return store.cases().CreateCase(c, "opened");
}

// Two employees claiming one case at once (also from two server processes): one gets it, the other is told who has it, and a
// manager may take it over.
TEST_P(CaseStoreTest, AClaimedCaseIsNotTakenOverByAColleague) {
  WriteRequest org;
  for (const char* ref : {"E1", "E2", "M1"}) {
    Employee e;
    e.external_id = ref;
    e.first_name = ref;
    if (ref[0] == 'M') e.role = Role::kManager;
    org.employees.push_back(e);
  }
  auto applied = store_->Apply({&org});
  ASSERT_TRUE(applied.ok() && (*applied)[0].status.ok());
  auto id = OpenTestCase(*store_, 1, 90000);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  // The second claim through a second store on the same database, as another server process.
  auto other_process = Store::Open(url_);
  ASSERT_TRUE(other_process.ok()) << other_process.status().ToString();
  Status claims[2];
  std::thread first([&] { claims[0] = store_->cases().Claim(*id, "E1", 1100); });
  std::thread second([&] { claims[1] = (*other_process)->cases().Claim(*id, "E2", 1100); });
  first.join();
  second.join();
  ASSERT_NE(claims[0].ok(), claims[1].ok()) << claims[0].ToString() << " / " << claims[1].ToString();
  std::string winner = claims[0].ok() ? "E1" : "E2", loser = claims[0].ok() ? "E2" : "E1";
  const Status& refused = claims[0].ok() ? claims[1] : claims[0];
  EXPECT_EQ(refused.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.message().find("already claimed by " + winner), std::string::npos) << refused.message();
  EXPECT_TRUE(store_->cases().Claim(*id, winner, 1150).ok());  // claiming one's own case again
  EXPECT_EQ(store_->cases().Claim(*id, loser, 1200).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ((*store_->cases().GetCase(*id))->assignee_ref, winner);
  EXPECT_TRUE(store_->cases().Claim(*id, "M1", 1300).ok());
  EXPECT_EQ((*store_->cases().GetCase(*id))->assignee_ref, "M1");
  // Claiming one's own case again adds nothing to its history.
  EXPECT_EQ(store_->cases().CaseEvents(*id)->size(), 3u);  // opened, claimed, taken over
}

// Two employees closing one case at once from two server processes: one move is made and
// recorded, the other is refused as a move from a closed state.
TEST_P(CaseStoreTest, ConcurrentMovesOfOneCaseFromTwoProcessesMakeOneMove) {
  auto other_process = Store::Open(url_);
  ASSERT_TRUE(other_process.ok()) << other_process.status().ToString();
  constexpr int kCases = 12;  // enough rounds for the two moves to meet inside each other's transactions
  for (int round = 0; round < kCases; ++round) {
    auto id = OpenTestCase(*store_, 1, 90000);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    Status started = store_->cases().Transition(*id, CaseState::kInProgress, "E1", "", 1100);
    ASSERT_TRUE(started.ok()) << started.ToString();
    Status moves[2];
    std::thread first([&] { moves[0] = store_->cases().Transition(*id, CaseState::kClosed, "E1", "called back", 1200); });
    std::thread second(
        [&] { moves[1] = (*other_process)->cases().Transition(*id, CaseState::kClosed, "E2", "duplicate", 1200); });
    first.join();
    second.join();
    ASSERT_NE(moves[0].ok(), moves[1].ok()) << moves[0].ToString() << " / " << moves[1].ToString();
    const Status& refused = moves[0].ok() ? moves[1] : moves[0];
    EXPECT_EQ(refused.code(), StatusCode::kFailedPrecondition) << refused.ToString();
    auto history = store_->cases().CaseEvents(*id);
    ASSERT_TRUE(history.ok());
    int closing = 0;
    for (const CaseEvent& e : *history) closing += e.to_state == "resolved" || e.to_state == "closed";
    EXPECT_EQ(closing, 1) << "round " << round;
    auto stored = store_->cases().GetCase(*id);
    ASSERT_TRUE(stored.ok() && stored->has_value());
    EXPECT_EQ((*stored)->state, CaseState::kClosed);
    EXPECT_EQ((*stored)->close_reason, moves[0].ok() ? "called back" : "duplicate");
  }
}

// The moves a case may make are the ones its refusal names: one step at a time, and closed
// from any state before.
TEST(CaseStates, MoveOneStepAtATimeAndCloseFromAnyStateBefore) {
  using S = CaseState;
  const S all[] = {S::kNew, S::kInProgress, S::kContacted, S::kResolved, S::kClosed};
  std::set<std::pair<S, S>> allowed = {{S::kNew, S::kInProgress},    {S::kInProgress, S::kContacted},
                                       {S::kContacted, S::kResolved}, {S::kResolved, S::kClosed},
                                       {S::kNew, S::kClosed},         {S::kInProgress, S::kClosed},
                                       {S::kContacted, S::kClosed}};
  for (S from : all) {
    for (S to : all) {
      EXPECT_EQ(CanTransition(from, to), allowed.count({from, to}) == 1) << ToString(from) << " -> " << ToString(to);
    }
  }
}

// A refused move says which move would be taken; a resolved case is closed with a reason that
// replaces the resolution's (which stays in the history).
TEST_P(CaseStoreTest, ARefusedMoveNamesTheNextStepAndAResolvedCaseCloses) {
  auto id = OpenTestCase(*store_, 1, 90000);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  Status skipped = store_->cases().Transition(*id, CaseState::kResolved, "E1", "fixed", 1100);
  EXPECT_EQ(skipped.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(skipped.field(), "to");
  EXPECT_NE(skipped.message().find("cannot go from new to resolved"), std::string::npos) << skipped.message();
  EXPECT_NE(skipped.message().find("from new the next step is in_progress"), std::string::npos) << skipped.message();
  for (CaseState next : {CaseState::kInProgress, CaseState::kContacted, CaseState::kResolved}) {
    Status moved = store_->cases().Transition(*id, next, "E1", next == CaseState::kResolved ? "new vase sent" : "", 1200);
    ASSERT_TRUE(moved.ok()) << moved.ToString();
  }
  EXPECT_EQ(store_->cases().Transition(*id, CaseState::kClosed, "E1", "", 1300).code(), StatusCode::kInvalidArgument);
  Status closed = store_->cases().Transition(*id, CaseState::kClosed, "E1", "customer confirmed", 1300);
  ASSERT_TRUE(closed.ok()) << closed.ToString();
  auto stored = store_->cases().GetCase(*id);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->state, CaseState::kClosed);
  EXPECT_EQ((*stored)->close_reason, "customer confirmed");
  EXPECT_EQ(*(*stored)->closed_at, 1300);
  Status again = store_->cases().Transition(*id, CaseState::kClosed, "E1", "twice", 1400);
  EXPECT_EQ(again.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(again.message().find("a closed case moves no more"), std::string::npos) << again.message();
}

// A note or close reason says something, in text a spreadsheet shows as it was written: white
// space alone and control characters (but for tabs and line breaks) are refused, naming 'note'.
TEST_P(CaseStoreTest, NotesAndCloseReasonsAreTextThatSaysSomething) {
  auto id = OpenTestCase(*store_, 1, 90000);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  struct Refused {
    std::string note, says;
  };
  const Refused refused[] = {{"   ", "only white space"},
                             {" \t\r\n", "only white space"},
                             {"Klant gebeld\x01", "U+0001 at byte 13"},
                             {std::string("a\0b", 3), "U+0000 at byte 2"},
                             {"lone\rreturn", "U+000D"},
                             {"del\x7f", "U+007F"},
                             {"c1 \xc2\x85", "U+0085 at byte 4"}};
  for (const auto& r : refused) {
    Status noted = store_->cases().AddNote(*id, "E1", r.note, 1100);
    EXPECT_EQ(noted.code(), StatusCode::kInvalidArgument) << r.says;
    EXPECT_EQ(noted.field(), "note");
    EXPECT_NE(noted.message().find("the note"), std::string::npos) << noted.message();
    EXPECT_NE(noted.message().find(r.says), std::string::npos) << noted.message();
    Status closed = store_->cases().Transition(*id, CaseState::kClosed, "E1", r.note, 1100);
    EXPECT_EQ(closed.code(), StatusCode::kInvalidArgument) << r.says;
    EXPECT_NE(closed.message().find("the close reason ('note')"), std::string::npos) << closed.message();
  }
  EXPECT_EQ(store_->cases().CaseEvents(*id)->size(), 1u);  // only its opening
  EXPECT_TRUE(store_->cases().AddNote(*id, "E1", "gebeld:\tgeen gehoor\r\nmorgen opnieuw\n\xc3\xa9\xc3\xa9n keer", 1200).ok());
}

// Histories read together are each case's own, in order, whichever query of the call a case
// falls in; ids of no case are left out.
TEST_P(CaseStoreTest, HistoriesReadTogetherAreEachCasesOwn) {
  WriteRequest org = OrgRecords();
  ASSERT_TRUE(ApplyOne(*store_, org).status.ok());
  std::vector<Id> cases;
  for (int i = 0; i < 3; ++i) {
    CaseRecord c;
    c.rule = "fall";
    c.priority = 2;
    c.reason = "fell";
    c.created_at = 1000 + i;
    c.due_at = 90000;
    auto id = store_->cases().CreateCase(c, "opened " + std::to_string(i));
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    cases.push_back(*id);
  }
  // Turns between the cases, so that no case's events follow one another.
  for (int round = 0; round < 3; ++round) {
    for (std::size_t i = 0; i < cases.size(); ++i) {
      if (i == 2) continue;  // the last case keeps its opening alone
      std::string note = fmt::format("case {} round {}", i, round);
      ASSERT_TRUE(store_->cases().AddNote(cases[i], "E1", note, 2000 + round * 10 + static_cast<int>(i)).ok());
    }
  }
  // More ids than one query takes, the cases spread over all of its queries.
  std::vector<Id> ids;
  Id unknown = cases.back() + 1000;
  for (std::size_t i = 0; i < 2 * limits::kCaseHistoriesPerQuery + 5; ++i) ids.push_back(unknown + i);
  ids[3] = cases[1];
  ids[limits::kCaseHistoriesPerQuery + 1] = cases[0];
  ids.back() = cases[2];
  auto histories = store_->cases().CaseHistories(ids);
  ASSERT_TRUE(histories.ok()) << histories.status().ToString();
  ASSERT_EQ(histories->size(), 3u);
  for (std::size_t i = 0; i < cases.size(); ++i) {
    auto alone = store_->cases().CaseEvents(cases[i]);
    ASSERT_TRUE(alone.ok());
    const std::vector<CaseEvent>& together = histories->at(cases[i]);
    ASSERT_EQ(together.size(), i == 2 ? 1u : 4u) << i;
    ASSERT_EQ(together.size(), alone->size()) << i;
    for (std::size_t e = 0; e < together.size(); ++e) {
      EXPECT_EQ(together[e].at, (*alone)[e].at);
      EXPECT_EQ(together[e].action, (*alone)[e].action);
      EXPECT_EQ(together[e].note, (*alone)[e].note);
      EXPECT_EQ(together[e].actor, (*alone)[e].actor);
      EXPECT_EQ(together[e].to_state, (*alone)[e].to_state);
    }
    EXPECT_EQ(together.back().note, i == 2 ? "opened 2" : fmt::format("case {} round 2", i));
  }
  EXPECT_TRUE(store_->cases().CaseHistories({})->empty());
}

TEST_P(CaseStoreTest, InboxMostUrgentFirstAcrossPages) {
  // (priority, due in hours): ties on priority go by due time, ties on both by id.
  const std::pair<int, int> opened[] = {{3, 10}, {1, 30}, {2, 5}, {1, 20}, {3, 1}, {1, 20}, {2, 50}};
  std::vector<Id> ids;
  for (const auto& [priority, due_hours] : opened) {
    auto id = OpenTestCase(*store_, priority, 1000 + due_hours * 3600);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    ids.push_back(*id);
  }
  std::vector<Id> expected = {ids[3], ids[5], ids[1], ids[2], ids[6], ids[4], ids[0]};
  CaseFilter f;
  f.order = CaseOrder::kUrgency;
  std::vector<Id> seen;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = store_->cases().ListCases(f, PageRequest{0, 2});
    ASSERT_TRUE(page.ok()) << page.status().ToString();
    for (const auto& c : page->items) seen.push_back(c.id);
    if (!page->next_after_id) break;
    const CaseRecord& last = page->items.back();
    f.after_urgency = UrgencyCursor{last.priority, last.due_at, last.id};
  }
  EXPECT_EQ(seen, expected);
  // Filters combine with the order.
  CaseFilter overdue;
  overdue.order = CaseOrder::kUrgency;
  overdue.overdue = true;
  overdue.now = 1000 + 15 * 3600;  // past the cases due in 1, 5 and 10 hours
  auto late = store_->cases().ListCases(overdue, {});
  ASSERT_TRUE(late.ok()) << late.status().ToString();
  std::vector<Id> late_ids;
  for (const auto& c : late->items) late_ids.push_back(c.id);
  EXPECT_EQ(late_ids, (std::vector<Id>{ids[2], ids[4], ids[0]}));
  // And those within their time, in the same order.
  overdue.overdue = false;
  auto in_time = store_->cases().ListCases(overdue, {});
  ASSERT_TRUE(in_time.ok()) << in_time.status().ToString();
  std::vector<Id> in_time_ids;
  for (const auto& c : in_time->items) in_time_ids.push_back(c.id);
  EXPECT_EQ(in_time_ids, (std::vector<Id>{ids[3], ids[5], ids[1], ids[6]}));
}

TEST_P(CaseStoreTest, CaseChangesAndIngestShareCommits) {
  // Notes on one case from many threads while batches of responses arrive: every write is
  // kept, each thread's writes in its own order, and concurrent writes share transactions.
  WriteRequest org;
  Employee e;
  e.external_id = "E1";
  org.employees = {e};
  ASSERT_TRUE(ApplyOne(*store_, org).status.ok());
  auto id = OpenTestCase(*store_, 2, 90000);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  CommitStats before = store_->commit_stats();

  constexpr int kNoteThreads = 6, kIngestThreads = 2, kWritesPerThread = 40;
  std::atomic<int> failures{0};
  // One burst of notes and responses from every thread at once; `round` keeps ids apart.
  auto burst = [&](int round) {
    std::vector<std::thread> threads;
    for (int t = 0; t < kNoteThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kWritesPerThread; ++i) {
          Status s = store_->cases().AddNote(*id, "E1", fmt::format("t{} n{}", t, round * kWritesPerThread + i), 2000 + i);
          if (!s.ok()) ++failures;
        }
      });
    }
    for (int t = 0; t < kIngestThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kWritesPerThread; ++i) {
          WriteRequest w;
          Response r;
          r.external_id = fmt::format("shared-{}-{}-{}", round, t, i);
          r.customer_ref = "C1";
          r.answers.nps = i % 11;
          r.submitted_at = 1772360100 + i;
          w.responses = {r};
          if (!ApplyOne(*store_, w).status.ok()) ++failures;
        }
      });
    }
    for (auto& th : threads) th.join();
  };
  burst(0);
  EXPECT_EQ(failures.load(), 0);

  auto events = store_->cases().CaseEvents(*id);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->size(), 1u + kNoteThreads * kWritesPerThread);  // created + every note
  std::vector<int> next(kNoteThreads, 0);
  for (const auto& ev : *events) {
    int t = 0, n = 0;
    if (std::sscanf(ev.note.c_str(), "t%d n%d", &t, &n) != 2) continue;
    EXPECT_EQ(n, next[t]++) << "thread " << t << "'s notes out of order";
  }
  EXPECT_EQ(store_->Counts()->responses, kIngestThreads * kWritesPerThread);

  CommitStats after = store_->commit_stats();
  std::uint64_t steps = after.steps - before.steps, commits = after.commits - before.commits;
  EXPECT_EQ(steps, static_cast<std::uint64_t>((kNoteThreads + kIngestThreads) * kWritesPerThread));
  // On a busy machine the threads of one burst may happen to take turns; a few more bursts make
  // overlapping writes all but certain, and then they must share a commit.
  constexpr int kMaxBursts = 6;
  for (int round = 1; round < kMaxBursts && commits == steps; ++round) {
    burst(round);
    after = store_->commit_stats();
    steps = after.steps - before.steps;
    commits = after.commits - before.commits;
  }
  EXPECT_EQ(failures.load(), 0);
  EXPECT_LT(commits, steps) << "no two concurrent writes shared a commit";
}

INSTANTIATE_TEST_SUITE_P(Backends, CaseStoreTest, ::testing::Values("sqlite", "postgresql"), BackendName);

}  // namespace
}  // namespace peakend::testing

namespace peakend::testing {
namespace {

TEST_P(StoreTest, BulkLoadKeepsEveryRowAndRestoresTheIndexes) {
  ASSERT_TRUE(store_->BeginBulkLoad().ok());
  WriteRequest w;
  w.atomicity = Atomicity::kPerRecord;
  for (int i = 0; i < 300; ++i) {
    Response r = MakeResponse(fmt::format("BL{}", i), i % 11);
    r.customer_ref = fmt::format("C{}", i % 7);
    r.tags = {{"aspect", "delivery", 0.5, ""}};
    w.responses.push_back(r);
  }
  ASSERT_TRUE(ApplyOne(*store_, w).status.ok());
  RecordFilter c3;
  c3.customer_ref = "C3";
  EXPECT_EQ(store_->ScoreRows(c3)->size(), 43u);  // correct, if slower, while indexes are gone
  ASSERT_TRUE(store_->EndBulkLoad().ok());
  EXPECT_EQ(store_->ScoreRows(c3)->size(), 43u);
  EXPECT_EQ(store_->TagRows("aspect", RecordFilter{})->size(), 300u);
  // A load that never ended (the process died) is repaired when the store is opened again.
  ASSERT_TRUE(store_->BeginBulkLoad().ok());
  store_ = Reopen();
  ASSERT_TRUE(store_);
  EXPECT_EQ(store_->ScoreRows(c3)->size(), 43u);
  ASSERT_TRUE(store_->EndBulkLoad().ok());  // idempotent
}

}  // namespace
}  // namespace peakend::testing

namespace peakend::testing {
namespace {

// What a record of MixedResponses is, by its place in the batch.
enum class Kind {
  kNew,
  kUnknownInteraction,
  kUnknownLocation,
  kOtherCustomer,
  kResent,
  kRepeated,
  kOfInteraction,
  kWithoutId,
  kWithNul,
};

Kind KindOf(int i) {
  switch (i % 50) {
    case 7: return Kind::kUnknownInteraction;
    case 13: return Kind::kUnknownLocation;
    case 21: return Kind::kOtherCustomer;
    case 33: return Kind::kResent;
    case 35: return Kind::kRepeated;  // the new record before it again
    case 44: return Kind::kOfInteraction;
    case 47: return Kind::kWithNul;  // PostgreSQL cannot store it; the rows beside it must not mind
    case 48: return Kind::kWithoutId;
    default: return Kind::kNew;
  }
}

// A batch larger than a pipeline holds, with every way a response can fare, in an order where
// each depends on the ones before it: new customers, interactions looked up, answers resent
// with a change, the same response twice in one request.
std::vector<Response> MixedResponses(int count) {
  std::vector<Response> out;
  for (int i = 0; i < count; ++i) {
    Response r = MakeResponse(fmt::format("M{}", i), i % 11);
    r.customer_ref = fmt::format("MC{}", i % 37);
    r.comment = fmt::format("comment {}", i);
    r.tags = {{"aspect", "delivery", 0.5, "snel"}, {"aspect", "price", -0.5, ""}};
    r.attributes = {{"row", std::to_string(i)}};
    switch (KindOf(i)) {
      case Kind::kNew: break;
      case Kind::kUnknownInteraction: r.interaction_ref = "I-missing"; break;
      case Kind::kUnknownLocation: r.location_ref = "nowhere"; break;
      case Kind::kOtherCustomer:
        r.interaction_ref = "I1";
        r.customer_ref = "C-other";
        break;
      case Kind::kResent:
        r = MakeResponse(fmt::format("stored-{}", i), 4);  // stored with nps 3
        r.comment = "the same";
        break;
      case Kind::kRepeated: r = out.back(); break;
      case Kind::kOfInteraction:
        r.interaction_ref = "I1";
        r.customer_ref.clear();
        break;
      case Kind::kWithoutId: r.external_id.clear(); break;
      case Kind::kWithNul: r.comment = std::string("before\0after", 12); break;
    }
    out.push_back(r);
  }
  return out;
}

class ResponseBatchTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    WriteRequest w = OrgRecords();
    w.interactions = {MakeInteraction("I1", InteractionType::kOrder, "C1")};
    for (int i = 0; i < kCount; ++i) {
      if (KindOf(i) != Kind::kResent) continue;
      Response r = MakeResponse(fmt::format("stored-{}", i), 3);
      r.comment = "the same";
      w.responses.push_back(r);
    }
    WriteResult stored = ApplyOne(*store_, w);
    ASSERT_TRUE(stored.status.ok()) << stored.status.ToString();
    for (const RecordOutcome& o : stored.responses) stored_ids_.push_back(o.id);
    before_ = *store_->Counts();
  }

  static constexpr int kCount = 1200;
  std::vector<Id> stored_ids_;
  StoreCounts before_;
};

// Each response fares as it would alone, in its place: the refused are named with their field
// and index, the rest stored or matched, and nothing of a refused one is stored.
TEST_P(ResponseBatchTest, EachResponseOfAPerRecordBatchFaresAsItWouldAlone) {
  WriteRequest w;
  w.atomicity = Atomicity::kPerRecord;
  w.responses = MixedResponses(kCount);
  WriteResult result = ApplyOne(*store_, w);
  ASSERT_TRUE(result.status.ok()) << result.status.ToString();
  ASSERT_EQ(result.responses.size(), static_cast<std::size_t>(kCount));
  int created = 0, resent = 0, without_id = 0;
  std::set<Id> ids;
  bool postgres = GetParam() == "postgresql";
  for (int i = 0; i < kCount; ++i) {
    const RecordOutcome& o = result.responses[i];
    std::string index = fmt::format("responses[{}]: ", i);
    Kind kind = KindOf(i);
    if (kind == Kind::kWithNul && postgres) {
      EXPECT_EQ(o.status.code(), StatusCode::kInvalidArgument) << i << ": " << o.status.ToString();
      EXPECT_TRUE(o.status.message().starts_with(index)) << o.status.message();
      continue;
    }
    without_id += kind == Kind::kWithoutId;
    switch (kind) {
      case Kind::kNew:
      case Kind::kOfInteraction:
      case Kind::kWithoutId:
      case Kind::kWithNul:
        ASSERT_TRUE(o.status.ok()) << i << ": " << o.status.ToString();
        EXPECT_TRUE(o.created) << i;
        EXPECT_TRUE(ids.insert(o.id).second) << i;
        ++created;
        break;
      case Kind::kUnknownInteraction:
      case Kind::kUnknownLocation:
      case Kind::kOtherCustomer: {
        const char* field = KindOf(i) == Kind::kUnknownInteraction ? "interaction"
                            : KindOf(i) == Kind::kUnknownLocation  ? "location"
                                                                   : "customer";
        EXPECT_EQ(o.status.field(), field) << i << ": " << o.status.ToString();
        EXPECT_TRUE(o.status.message().starts_with(index)) << o.status.message();
        EXPECT_FALSE(o.created);
        EXPECT_EQ(o.id, 0);
        break;
      }
      case Kind::kResent:
        ASSERT_TRUE(o.status.ok()) << i << ": " << o.status.ToString();
        EXPECT_FALSE(o.created) << i;
        EXPECT_EQ(o.id, stored_ids_.at(resent++)) << i;
        EXPECT_EQ(o.differing_fields, std::vector<std::string>{"nps"}) << i;
        break;
      case Kind::kRepeated:
        ASSERT_TRUE(o.status.ok()) << i << ": " << o.status.ToString();
        EXPECT_FALSE(o.created) << i;
        EXPECT_EQ(o.id, result.responses[i - 1].id) << i;
        EXPECT_TRUE(o.differing_fields.empty()) << i;
        break;
    }
  }
  StoreCounts after = *store_->Counts();
  EXPECT_EQ(after.responses, before_.responses + created);
  EXPECT_EQ(after.customers, before_.customers + 37);  // C-other was refused with its response
  EXPECT_EQ(store_->TagRows("aspect", RecordFilter{})->size(), 2u * created);
  RecordFilter of_i1;
  of_i1.customer_ref = "C1";
  EXPECT_EQ(store_->ScoreRows(of_i1)->size(), static_cast<std::size_t>(kCount / 50));  // they took I1's customer
  RecordFilter last;
  last.attributes = {{"row", std::to_string(kCount - 1)}};
  EXPECT_EQ(store_->ScoreRows(last)->size(), 1u);

  // Sent again, nothing is added and each new one is matched to the id it was given.
  WriteResult again = ApplyOne(*store_, w);
  ASSERT_TRUE(again.status.ok()) << again.status.ToString();
  for (int i = 0; i < kCount; ++i) {
    if (!result.responses[i].status.ok()) continue;
    if (KindOf(i) == Kind::kWithoutId) {  // without an id, a response is never taken for another
      EXPECT_TRUE(again.responses[i].created) << i;
      EXPECT_NE(again.responses[i].id, result.responses[i].id) << i;
      continue;
    }
    EXPECT_FALSE(again.responses[i].created) << i;
    EXPECT_EQ(again.responses[i].id, result.responses[i].id) << i;
  }
  EXPECT_EQ(store_->Counts()->responses, after.responses + without_id);
  EXPECT_EQ(store_->TagRows("aspect", RecordFilter{})->size(), 2u * (created + without_id));
}

// All or nothing: the first refused response in the batch's order fails the request, which
// stores nothing, not even the customers the responses before it named.
TEST_P(ResponseBatchTest, AnAllOrNothingBatchFailsAtItsFirstRefusal) {
  WriteRequest w;
  w.responses = MixedResponses(kCount);
  WriteResult result = ApplyOne(*store_, w);
  ASSERT_FALSE(result.status.ok());
  EXPECT_EQ(result.status.code(), StatusCode::kNotFound);
  EXPECT_EQ(result.status.field(), "interaction");
  EXPECT_TRUE(result.status.message().starts_with("responses[7]: ")) << result.status.message();
  StoreCounts after = *store_->Counts();
  EXPECT_EQ(after.responses, before_.responses);
  EXPECT_EQ(after.customers, before_.customers);
  EXPECT_TRUE(store_->TagRows("aspect", RecordFilter{})->empty());
  // The customers it had named are not taken for stored: the next request creates them.
  WriteRequest one;
  Response r = MakeResponse("after", 8);
  r.customer_ref = "MC1";
  one.responses = {r};
  ASSERT_TRUE(ApplyOne(*store_, one).status.ok());
  EXPECT_EQ(store_->Counts()->customers, before_.customers + 1);
}

// Interactions of a per-record batch, written many to a statement on PostgreSQL, fare as each
// would alone: new ones with the customers they name, resent ones matched to the stored and
// compared, the same one twice, ones without an id, and refused ones named with their field.
TEST_P(StoreTest, EachInteractionOfAPerRecordBatchFaresAsItWouldAlone) {
  constexpr int kCount = 600;
  WriteRequest org = OrgRecords();
  for (int i = 0; i < kCount; i += 6) {
    org.interactions.push_back(MakeInteraction(fmt::format("X{}", i + 2), InteractionType::kOrder, "C1"));
  }
  WriteResult stored = ApplyOne(*store_, org);
  ASSERT_TRUE(stored.status.ok()) << stored.status.ToString();
  StoreCounts before = *store_->Counts();

  WriteRequest w;
  w.atomicity = Atomicity::kPerRecord;
  for (int i = 0; i < kCount; ++i) {
    Interaction x = MakeInteraction(fmt::format("X{}", i), InteractionType::kDelivery, fmt::format("XC{}", i % 37));
    x.journey_id = fmt::format("J{}", i % 11);
    switch (i % 6) {
      case 1:
        x.location_ref = "shop-1";
        x.employee_ref = "E1";
        break;
      case 2: x = org.interactions[i / 6], x.occurred_at += 60; break;  // stored, now a minute later
      case 3: x = w.interactions.back(); break;                       // the one before it again, still later
      case 4: x.external_id.clear(); break;
      case 5: x.employee_ref = "E-missing"; break;
    }
    w.interactions.push_back(x);
  }
  WriteResult result = ApplyOne(*store_, w);
  ASSERT_TRUE(result.status.ok()) << result.status.ToString();
  ASSERT_EQ(result.interactions.size(), static_cast<std::size_t>(kCount));
  int created = 0;
  for (int i = 0; i < kCount; ++i) {
    const RecordOutcome& o = result.interactions[i];
    switch (i % 6) {
      case 0:
      case 1:
      case 4:
        ASSERT_TRUE(o.status.ok()) << i << ": " << o.status.ToString();
        EXPECT_TRUE(o.created) << i;
        ++created;
        break;
      case 2:
        ASSERT_TRUE(o.status.ok()) << i << ": " << o.status.ToString();
        EXPECT_FALSE(o.created) << i;
        EXPECT_EQ(o.id, stored.interactions[i / 6].id) << i;
        EXPECT_EQ(o.differing_fields, std::vector<std::string>{"occurred_at"}) << i;
        break;
      case 3:
        ASSERT_TRUE(o.status.ok()) << i << ": " << o.status.ToString();
        EXPECT_FALSE(o.created) << i;
        EXPECT_EQ(o.id, result.interactions[i - 1].id) << i;
        EXPECT_EQ(o.differing_fields, std::vector<std::string>{"occurred_at"}) << i;
        break;
      case 5:
        EXPECT_EQ(o.status.field(), "employee") << i << ": " << o.status.ToString();
        EXPECT_TRUE(o.status.message().starts_with(fmt::format("interactions[{}]: ", i))) << o.status.message();
        EXPECT_EQ(o.id, 0);
        break;
    }
  }
  StoreCounts after = *store_->Counts();
  EXPECT_EQ(after.interactions, before.interactions + created);
  EXPECT_EQ(after.customers, before.customers + 37);
  RecordFilter at_shop;
  at_shop.location_ref = "shop-1";
  auto page = store_->ListInteractions(at_shop, {0, kCount});
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->items.size(), static_cast<std::size_t>(kCount / 6));
  for (const Interaction& x : page->items) EXPECT_EQ(x.employee_ref, "E1");
  // Sent again, only those without an id are added.
  WriteResult again = ApplyOne(*store_, w);
  ASSERT_TRUE(again.status.ok()) << again.status.ToString();
  for (int i = 0; i < kCount; ++i) {
    if (!result.interactions[i].status.ok()) continue;
    EXPECT_EQ(again.interactions[i].created, i % 6 == 4) << i;
    if (i % 6 != 4) {
      EXPECT_EQ(again.interactions[i].id, result.interactions[i].id) << i;
    }
  }
  EXPECT_EQ(store_->Counts()->interactions, after.interactions + kCount / 6);
}

INSTANTIATE_TEST_SUITE_P(Backends, ResponseBatchTest, ::testing::Values("sqlite", "postgresql"), BackendName);

}  // namespace
}  // namespace peakend::testing
