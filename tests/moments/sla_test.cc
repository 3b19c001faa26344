#include "moments/sla.h"

#include <gtest/gtest.h>

namespace peakend::moments {
namespace {

TEST(Sla, AlwaysCountsEveryHour) {
  EXPECT_EQ(DueAt(1000, 24, BusinessHours{}), 1000 + 24 * 3600);
}

TEST(Sla, BusinessHoursSkipNightsAndWeekends) {
  auto b = ParseBusinessHours("mon-fri 09:00-17:00 Europe/Amsterdam");
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  // Friday 2026-03-06 16:00 Amsterdam (15:00 UTC, winter time) + 24 business hours:
  // 1 h on Friday, 8 h Monday, 8 h Tuesday, 7 h Wednesday -> Wednesday 16:00 local = 15:00 UTC.
  Timestamp friday = *ParseTimestamp("2026-03-06T15:00:00Z");
  EXPECT_EQ(FormatTimestamp(DueAt(friday, 24, *b)), "2026-03-11T15:00:00Z");
  // Saturday night: the clock starts Monday 09:00 local.
  Timestamp saturday = *ParseTimestamp("2026-03-07T22:00:00Z");
  EXPECT_EQ(FormatTimestamp(DueAt(saturday, 2, *b)), "2026-03-09T10:00:00Z");
  // Summer time: 09:00 Amsterdam is 07:00 UTC.
  Timestamp summer_morning = *ParseTimestamp("2026-07-01T05:00:00Z");
  EXPECT_EQ(FormatTimestamp(DueAt(summer_morning, 1, *b)), "2026-07-01T08:00:00Z");
}

// Summer time starts on Sunday 2026-03-29 at 02:00 Amsterdam: that day opens at 09:00 CEST,
// 07:00 UTC, whether the clock stopped the evening before or starts in the night itself.
TEST(Sla, OpensOnTheLocalHourWhenTheClocksChange) {
  auto b = ParseBusinessHours("mon-sun 09:00-17:00 Europe/Amsterdam");
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  Timestamp saturday = *ParseTimestamp("2026-03-28T15:00:00Z");  // 16:00 CET: 1 h on Saturday
  EXPECT_EQ(FormatTimestamp(DueAt(saturday, 2, *b)), "2026-03-29T08:00:00Z");
  Timestamp night = *ParseTimestamp("2026-03-29T00:30:00Z");  // 01:30 CET
  EXPECT_EQ(FormatTimestamp(DueAt(night, 1, *b)), "2026-03-29T08:00:00Z");
  // Winter time starts on Sunday 2026-10-25 at 03:00: that day opens at 09:00 CET, 08:00 UTC.
  Timestamp october = *ParseTimestamp("2026-10-24T14:00:00Z");  // 16:00 CEST
  EXPECT_EQ(FormatTimestamp(DueAt(october, 2, *b)), "2026-10-25T09:00:00Z");
}

TEST(Sla, ParsesDayListsAndRejectsNonsense) {
  auto b = ParseBusinessHours("mon,wed,sat 10:00-14:00 UTC");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->weekdays, (std::set<int>{1, 3, 6}));
  EXPECT_TRUE(ParseBusinessHours("always")->always);
  for (const char* bad : {"weekdays 9-5", "mon-fri 17:00-09:00", "mon-fri 09:00-17:00 Mars/Base", "fun-fri 09:00-17:00"}) {
    EXPECT_FALSE(ParseBusinessHours(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace peakend::moments

namespace peakend::moments {
namespace {

TEST(Sla, StatusAgainstTheDueTime) {
  EXPECT_EQ(SlaStatusAt(100, std::nullopt, 50), SlaStatus::kRunning);
  EXPECT_EQ(SlaStatusAt(100, std::nullopt, 101), SlaStatus::kBreached);
  EXPECT_EQ(SlaStatusAt(100, 100, 500), SlaStatus::kMet);  // contacted exactly on time
  EXPECT_EQ(SlaStatusAt(100, 150, 500), SlaStatus::kMissed);
  EXPECT_TRUE(IsBreached(100, 150, 500));
  EXPECT_FALSE(IsBreached(100, 90, 500));
  EXPECT_EQ(ToString(SlaStatus::kBreached), "breached");
}

TEST(Sla, RejectsTrailingWordsAndBadMinutes) {
  for (const char* bad : {"mon-fri 09:00-17:00 UTC extra", "mon-fri 09:75-17:00 UTC", "mon-fri 09:00-17:00x UTC"}) {
    EXPECT_FALSE(ParseBusinessHours(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace peakend::moments
