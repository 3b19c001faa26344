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

TEST(AspectTrend, LatestMonthAgainstTheOneBefore) {
  std::vector<TagRow> rows = {Tag("2026-01-05", "delivery", 0.6),  Tag("2026-02-01", "delivery", -0.7),
                              Tag("2026-02-03", "delivery", -0.2), Tag("2026-02-02", "price_value", 0.3),
                              Tag("2025-12-02", "price_value", 0.3)};
  auto changes = LatestAspectChanges(AspectTrend(rows, Period::kMonth, Calendar::Utc()));
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].latest.aspect, "delivery");  // most mentioned first
  EXPECT_EQ(changes[0].latest.volume, 2);
  ASSERT_TRUE(changes[0].previous.has_value());
  EXPECT_DOUBLE_EQ(changes[0].previous->NetSentiment(), 100);
  EXPECT_EQ(changes[1].latest.aspect, "price_value");
  EXPECT_FALSE(changes[1].previous.has_value());  // December is not the month before February
  EXPECT_TRUE(LatestAspectChanges({}).empty());
}

}  // namespace
}  // namespace peakend::scores
