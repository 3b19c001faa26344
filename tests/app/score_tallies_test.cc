// The store's tallies per group and local day give the same scores and aspect trends as the
// rows they are counted from, on SQLite and PostgreSQL, in zones with daylight saving time:
// reports, the API and the overview page read the tallies.
#include <gtest/gtest.h>

#include <random>

#include "../store/store_fixture.h"
#include "app/score_queries.h"
#include "scores/aspect_trend.h"
#include "scores/grouping.h"

namespace peakend {
namespace {

using ScoreTalliesTest = testing::StoreTest;

constexpr int kResponses = 3200;
constexpr Timestamp kSpacing = 19001;  // 5 h 16 min 41 s: a response lands in every hour of the day

// Responses every five hours and a bit over two years, at every hour of the day in turn, so
// that days, weeks and months begin and end at every clock change in between; some questions
// are left out.
void WriteResponses(Store& store) {
  WriteRequest org = testing::OrgRecords();
  Employee second;
  second.external_id = "E2";
  second.first_name = "Daan";
  second.location_ref = "web";
  org.employees.push_back(second);
  ASSERT_TRUE(testing::ApplyOne(store, org).status.ok());
  std::mt19937 random(20261130);
  auto maybe = [&](int low, int high) -> std::optional<int> {
    if (random() % 4 == 0) return std::nullopt;
    return low + static_cast<int>(random() % static_cast<unsigned>(high - low + 1));
  };
  WriteRequest w;
  const Timestamp start = 1735689600;  // 2025-01-01T00:00:00Z
  for (int i = 0; i < kResponses; ++i) {
    Response r = testing::MakeResponse("R" + std::to_string(i), 0, i % 3 == 0 ? "shop-1" : i % 3 == 1 ? "web" : "");
    r.answers.nps = maybe(0, 10);
    r.answers.csat = maybe(1, 5);
    r.answers.ces = maybe(1, 7);
    r.answers.effectiveness = maybe(1, 5);
    r.answers.ease = maybe(1, 5);
    r.answers.emotion = maybe(1, 5);
    r.employee_ref = i % 5 == 0 ? "E1" : i % 5 == 1 ? "E2" : "";
    if (i % 7 == 0) r.channel = ResponseChannel::kImport;
    r.submitted_at = start + static_cast<Timestamp>(i) * kSpacing + static_cast<Timestamp>(random() % 600);
    Tag aspect;
    aspect.kind = "aspect";
    aspect.name = i % 2 ? "delivery" : "price_value";
    aspect.score = static_cast<double>(static_cast<int>(random() % 21) - 10) / 10;  // also exactly ±0.05 away
    r.tags.push_back(aspect);
    w.responses.push_back(std::move(r));
  }
  WriteResult result = testing::ApplyOne(store, w);
  ASSERT_TRUE(result.status.ok()) << result.status.ToString();
  for (const auto& o : result.responses) ASSERT_TRUE(o.status.ok()) << o.status.ToString();
}

void ExpectSameScores(const std::vector<scores::GroupScores>& expected, const std::vector<scores::GroupScores>& actual,
                      const std::string& what) {
  ASSERT_EQ(expected.size(), actual.size()) << what;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto& e = expected[i];
    const auto& a = actual[i];
    SCOPED_TRACE(what + " " + e.group_key + " " + e.period_key);
    EXPECT_EQ(e.group_key, a.group_key);
    EXPECT_EQ(e.period_key, a.period_key);
    EXPECT_EQ(e.scores.responses, a.scores.responses);
    EXPECT_EQ(e.scores.nps.n, a.scores.nps.n);
    EXPECT_EQ(e.scores.nps.promoters, a.scores.nps.promoters);
    EXPECT_EQ(e.scores.nps.detractors, a.scores.nps.detractors);
    EXPECT_DOUBLE_EQ(e.scores.nps.margin_of_error, a.scores.nps.margin_of_error);
    EXPECT_EQ(e.scores.csat.n, a.scores.csat.n);
    EXPECT_DOUBLE_EQ(e.scores.csat.mean, a.scores.csat.mean);
    EXPECT_NEAR(e.scores.csat.mean_ci_low, a.scores.csat.mean_ci_low, 1e-9);
    EXPECT_DOUBLE_EQ(e.scores.csat.top2_percent, a.scores.csat.top2_percent);
    EXPECT_EQ(e.scores.ces.n, a.scores.ces.n);
    EXPECT_DOUBLE_EQ(e.scores.ces.mean, a.scores.ces.mean);
    EXPECT_NEAR(e.scores.ces.ci_high, a.scores.ces.ci_high, 1e-9);
    EXPECT_DOUBLE_EQ(e.scores.ces.net, a.scores.ces.net);
    EXPECT_EQ(e.scores.cx_index.n, a.scores.cx_index.n);
    EXPECT_EQ(e.scores.cx_index.components, a.scores.cx_index.components);
    EXPECT_DOUBLE_EQ(e.scores.cx_index.index, a.scores.cx_index.index);
    EXPECT_EQ(e.scores.cx_index.ease.n, a.scores.cx_index.ease.n);
  }
}

TEST_P(ScoreTalliesTest, TalliesScoreAsTheRowsTheyCount) {
  WriteResponses(*store_);
  if (HasFatalFailure()) return;
  auto rows = store_->ScoreRows({});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->size(), static_cast<std::size_t>(kResponses));

  RecordFilter shop;
  shop.location_ref = "shop-1";
  auto shop_rows = store_->ScoreRows(shop);
  ASSERT_TRUE(shop_rows.ok());
  for (const char* zone : {"UTC", "Europe/Amsterdam", "America/New_York", "Asia/Kolkata"}) {
    auto calendar = Calendar::InZone(zone);
    if (!calendar.ok()) continue;  // a zone this build does not describe
    for (auto group : {scores::GroupBy::kNone, scores::GroupBy::kLocation, scores::GroupBy::kTeam,
                       scores::GroupBy::kEmployee, scores::GroupBy::kChannel, scores::GroupBy::kInteractionType}) {
      for (Period period : {Period::kDay, Period::kWeek, Period::kMonth, Period::kAll}) {
        std::string what = std::string(zone) + " " + std::string(scores::ToString(group)) + " " +
                           std::string(ToString(period));
        auto tallies = store_->DayTallies({}, scores::ToTallyGroup(group), period == Period::kAll ? nullptr : &*calendar);
        ASSERT_TRUE(tallies.ok()) << tallies.status().ToString();
        ExpectSameScores(scores::GroupAndScore(*rows, group, period, *calendar),
                         scores::ScoreTallies(*tallies, group, period), what);
      }
    }
    auto filtered = store_->DayTallies(shop, TallyGroup::kEmployee, &*calendar);
    ASSERT_TRUE(filtered.ok());
    ExpectSameScores(scores::GroupAndScore(*shop_rows, scores::GroupBy::kEmployee, Period::kMonth, *calendar),
                     scores::ScoreTallies(*filtered, scores::GroupBy::kEmployee, Period::kMonth), "shop-1 by employee");

    auto tags = store_->TagRows("aspect", {});
    auto tag_days = store_->TagDayTallies("aspect", {}, *calendar, scores::kAspectPolarityThreshold);
    ASSERT_TRUE(tags.ok() && tag_days.ok());
    for (Period period : {Period::kDay, Period::kWeek, Period::kMonth}) {
      auto expected = scores::AspectTrend(*tags, period, *calendar);
      auto actual = scores::AspectTrend(*tag_days, period);
      ASSERT_EQ(expected.size(), actual.size()) << zone;
      for (std::size_t i = 0; i < expected.size(); ++i) {
        SCOPED_TRACE(std::string(zone) + " " + expected[i].aspect + " " + expected[i].period_key);
        EXPECT_EQ(expected[i].period_key, actual[i].period_key);
        EXPECT_EQ(expected[i].volume, actual[i].volume);
        EXPECT_EQ(expected[i].positive, actual[i].positive);
        EXPECT_EQ(expected[i].negative, actual[i].negative);
        EXPECT_NEAR(expected[i].mean_sentiment, actual[i].mean_sentiment, 1e-9);
      }
    }
  }
}

// The overview reads a rolling window of days through a filter of local midnights: it must hold
// every day of the window and of the days before it, where clocks change too.
TEST_P(ScoreTalliesTest, AWindowOfDaysReadsAsAllTheTallies) {
  WriteResponses(*store_);
  if (HasFatalFailure()) return;
  constexpr int kWindowDays = 30;
  for (const char* zone : {"Europe/Amsterdam", "America/New_York"}) {
    auto calendar = Calendar::InZone(zone);
    if (!calendar.ok()) continue;
    auto all = store_->TagDayTallies("aspect", {}, *calendar, scores::kAspectPolarityThreshold);
    ASSERT_TRUE(all.ok()) << all.status().ToString();
    // Windows ending on a day clocks go forward, go back, and one at a year's end.
    for (const char* last : {"2025-03-30", "2025-10-26", "2025-11-02", "2026-01-01"}) {
      SCOPED_TRACE(std::string(zone) + " " + last);
      std::int64_t last_day = DaysSinceEpoch(*ParseTimestamp(last));
      auto expected = scores::WindowAspectChanges(*all, last_day, kWindowDays);
      auto actual = AspectWindowOf(*store_, last_day, kWindowDays, *calendar);
      ASSERT_TRUE(actual.ok()) << actual.status().ToString();
      ASSERT_FALSE(expected.empty());
      ASSERT_EQ(expected.size(), actual->size());
      for (std::size_t i = 0; i < expected.size(); ++i) {
        const auto& e = expected[i];
        const auto& a = (*actual)[i];
        EXPECT_EQ(e.latest.aspect, a.latest.aspect);
        EXPECT_EQ(e.latest.volume, a.latest.volume);
        EXPECT_EQ(e.latest.positive, a.latest.positive);
        EXPECT_EQ(e.latest.negative, a.latest.negative);
        ASSERT_TRUE(e.previous && a.previous);
        EXPECT_EQ(e.previous->volume, a.previous->volume);
        EXPECT_EQ(e.previous->negative, a.previous->negative);
      }
    }
  }
}

TEST_P(ScoreTalliesTest, AnEmptyStoreHasNoTallies) {
  auto calendar = Calendar::InZone("Europe/Amsterdam");
  ASSERT_TRUE(calendar.ok());
  auto all = store_->DayTallies({}, TallyGroup::kNone, nullptr);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_TRUE(all->empty());
  auto days = store_->DayTallies({}, TallyGroup::kLocation, &*calendar);
  ASSERT_TRUE(days.ok()) << days.status().ToString();
  EXPECT_TRUE(days->empty());
  auto tags = store_->TagDayTallies("aspect", {}, *calendar, scores::kAspectPolarityThreshold);
  ASSERT_TRUE(tags.ok()) << tags.status().ToString();
  EXPECT_TRUE(tags->empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, ScoreTalliesTest, ::testing::Values("sqlite", "postgresql"), testing::BackendName);

}  // namespace
}  // namespace peakend
