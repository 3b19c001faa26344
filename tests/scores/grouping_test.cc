#include "scores/grouping.h"

#include <gtest/gtest.h>

namespace peakend::scores {
namespace {

ScoreRow Row(const char* when, std::optional<Id> location, int nps, ResponseChannel channel = ResponseChannel::kApi) {
  ScoreRow r;
  r.submitted_at = *ParseTimestamp(when);
  r.location_id = location;
  r.channel = channel;
  r.answers.nps = nps;
  return r;
}

TEST(Grouping, ByLocationAndMonth) {
  std::vector<ScoreRow> rows = {Row("2026-01-05", 1, 10), Row("2026-01-20", 1, 0), Row("2026-02-01", 1, 9),
                                Row("2026-01-07", 2, 3), Row("2026-01-08", std::nullopt, 9)};
  auto groups = GroupAndScore(rows, GroupBy::kLocation, Period::kMonth, Calendar::Utc());
  ASSERT_EQ(groups.size(), 4u);
  EXPECT_EQ(groups[0].group_key, "");  // no location sorts first
  EXPECT_EQ(groups[1].group_key, "1");
  EXPECT_EQ(groups[1].period_key, "2026-01");
  EXPECT_EQ(groups[1].scores.nps.n, 2);
  EXPECT_DOUBLE_EQ(groups[1].scores.nps.value, 0);
  EXPECT_EQ(groups[2].period_key, "2026-02");
  EXPECT_DOUBLE_EQ(groups[2].scores.nps.value, 100);
  EXPECT_EQ(groups[3].group_key, "2");
  EXPECT_DOUBLE_EQ(groups[3].scores.nps.value, -100);
}

TEST(Grouping, IsoWeeksAcrossTheYearBoundary) {
  std::vector<ScoreRow> rows = {Row("2021-01-03", 1, 10), Row("2021-01-04", 1, 10)};
  auto groups = GroupAndScore(rows, GroupBy::kNone, Period::kWeek, Calendar::Utc());
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].group_key, "all");
  EXPECT_EQ(groups[0].period_key, "2020-W53");
  EXPECT_EQ(groups[1].period_key, "2021-W01");
}

TEST(Grouping, ByChannelAndInteractionType) {
  std::vector<ScoreRow> rows = {Row("2026-01-05", 1, 10, ResponseChannel::kKiosk), Row("2026-01-05", 1, 2)};
  rows[0].interaction_type = InteractionType::kDelivery;
  auto by_channel = GroupAndScore(rows, GroupBy::kChannel, Period::kAll, Calendar::Utc());
  ASSERT_EQ(by_channel.size(), 2u);
  EXPECT_EQ(by_channel[0].group_key, "api");
  EXPECT_EQ(by_channel[1].group_key, "kiosk");
  auto by_type = GroupAndScore(rows, GroupBy::kInteractionType, Period::kAll, Calendar::Utc());
  ASSERT_EQ(by_type.size(), 2u);
  EXPECT_EQ(by_type[1].group_key, "delivery");
}

TEST(Grouping, NamesRoundTrip) {
  for (const char* name : {"none", "location", "team", "employee", "channel", "interaction_type"}) {
    EXPECT_EQ(ToString(*ParseGroupBy(name)), name);
  }
  EXPECT_FALSE(ParseGroupBy("planet").has_value());
}

}  // namespace
}  // namespace peakend::scores
