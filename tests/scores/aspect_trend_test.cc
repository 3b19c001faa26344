#include "scores/aspect_trend.h"

#include <gtest/gtest.h>

namespace peakend::scores {
namespace {

TagRow Tag(const char* when, const char* aspect, double score) { return {*ParseTimestamp(when), aspect, score}; }

TEST(AspectTrend, CountsMentionsAndNetSentimentPerAspectAndMonth) {
  std::vector<TagRow> rows = {Tag("2026-01-05", "delivery", 0.6),      Tag("2026-01-20", "delivery", -0.4),
                              Tag("2026-01-21", "delivery", 0.01),     Tag("2026-02-01", "delivery", -0.7),
                              Tag("2026-02-02", "waiting_time", -0.3)};
  auto trend = AspectTrend(rows, Period::kMonth, Calendar::Utc());
  ASSERT_EQ(trend.size(), 3u);
  EXPECT_EQ(trend[0].aspect, "delivery");
  EXPECT_EQ(trend[0].period_key, "2026-01");
  EXPECT_EQ(trend[0].volume, 3);
  EXPECT_EQ(trend[0].positive, 1);
  EXPECT_EQ(trend[0].negative, 1);  // 0.01 is neither
  EXPECT_DOUBLE_EQ(trend[0].NetSentiment(), 0);
  EXPECT_NEAR(trend[0].mean_sentiment, 0.07, 1e-9);
  EXPECT_EQ(trend[1].period_key, "2026-02");
  EXPECT_DOUBLE_EQ(trend[1].NetSentiment(), -100);
  EXPECT_EQ(trend[2].aspect, "waiting_time");
}

TEST(AspectTrend, MonthsAreTheOrganisationsOwn) {
  // 23:30 UTC on 31 January is already February in Amsterdam.
  auto amsterdam = Calendar::InZone("Europe/Amsterdam");
  ASSERT_TRUE(amsterdam.ok());
  auto trend = AspectTrend({Tag("2026-01-31T23:30:00Z", "delivery", 0.5)}, Period::kMonth, *amsterdam);
  ASSERT_EQ(trend.size(), 1u);
  EXPECT_EQ(trend[0].period_key, "2026-02");
}

std::int64_t Day(const char* date) { return DaysSinceEpoch(*ParseTimestamp(date)); }

TagDayTally Tally(const char* aspect, const char* date, int positive, int negative) {
  return {aspect, Day(date), positive + negative, positive, negative, 0.5 * (positive - negative)};
}

TEST(AspectTrend, AWindowOfDaysAgainstTheDaysBefore) {
  // Three days up to 10 March (8, 9 and 10 March) against the three before (5, 6 and 7 March).
  std::vector<TagDayTally> days = {
      Tally("delivery", "2026-03-10", 0, 2),    Tally("delivery", "2026-03-08", 1, 0),
      Tally("delivery", "2026-03-07", 2, 0),    Tally("delivery", "2026-03-05", 1, 0),
      Tally("delivery", "2026-03-04", 0, 5),    Tally("delivery", "2026-03-11", 0, 5),  // before both, after
      Tally("price_value", "2026-03-09", 1, 0), Tally("price_value", "2026-03-04", 1, 0),
      Tally("returns_refunds", "2026-03-06", 0, 1)};  // only in the days before: not listed
  auto changes = WindowAspectChanges(days, Day("2026-03-10"), 3);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].latest.aspect, "delivery");  // most mentioned first
  EXPECT_EQ(changes[0].latest.period_key, "2026-03-08");
  EXPECT_EQ(changes[0].latest.volume, 3);
  EXPECT_EQ(changes[0].latest.negative, 2);
  EXPECT_NEAR(changes[0].latest.mean_sentiment, -0.5 / 3, 1e-9);
  ASSERT_TRUE(changes[0].previous.has_value());
  EXPECT_EQ(changes[0].previous->period_key, "2026-03-05");
  EXPECT_EQ(changes[0].previous->volume, 3);
  EXPECT_DOUBLE_EQ(changes[0].previous->NetSentiment(), 100);
  EXPECT_EQ(changes[1].latest.aspect, "price_value");
  EXPECT_FALSE(changes[1].previous.has_value());  // 4 March is before the days before
  EXPECT_TRUE(WindowAspectChanges(days, Day("2026-04-30"), 3).empty());  // nothing in the window
  EXPECT_TRUE(WindowAspectChanges({}, Day("2026-03-10"), 3).empty());
}

}  // namespace
}  // namespace peakend::scores
