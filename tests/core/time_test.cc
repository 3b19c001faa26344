#include "core/time.h"

#include <gtest/gtest.h>

namespace peakend {
namespace {

TEST(ParseTimestamp, AcceptsTheFormsSeenInExportsAndApis) {
  EXPECT_EQ(ParseTimestamp("1970-01-01"), 0);
  EXPECT_EQ(ParseTimestamp("2026-03-01T10:15:00Z"), 1772360100);
  EXPECT_EQ(ParseTimestamp("2026-03-01 10:15:00"), 1772360100);
  EXPECT_EQ(ParseTimestamp("2026-03-01T10:15"), 1772360100);
  EXPECT_EQ(ParseTimestamp("2026-03-01T11:15:00.250+01:00"), 1772360100);
  EXPECT_EQ(ParseTimestamp("2026-03-01T05:15:00-0500"), 1772360100);
  EXPECT_EQ(ParseTimestamp("1772360100"), 1772360100);
  EXPECT_EQ(ParseTimestamp("  2026-03-01T10:15:00Z \r"), 1772360100);
}

TEST(ParseTimestamp, AppliesTheDefaultOffsetOnlyWithoutAnExplicitOne) {
  EXPECT_EQ(ParseTimestamp("2026-03-01 11:15:00", 60), 1772360100);
  EXPECT_EQ(ParseTimestamp("2026-03-01T10:15:00Z", 60), 1772360100);
}

TEST(ParseTimestamp, RejectsImpossibleDatesAndGarbage) {
  for (const char* bad : {"", "yesterday", "2026-02-29", "2026-13-01", "2026-04-31", "2026-03-01T24:00:00",
                          "2026-03-01T10:15:00X", "2026-3-1", "12345", "2026-03-01T10:15:00+25:00"}) {
    EXPECT_FALSE(ParseTimestamp(bad).has_value()) << bad;
  }
  EXPECT_TRUE(ParseTimestamp("2024-02-29").has_value());  // leap year
}

TEST(FormatTimestamp, RoundTrips) {
  EXPECT_EQ(FormatTimestamp(1772360100), "2026-03-01T10:15:00Z");
  EXPECT_EQ(FormatTimestamp(-1), "1969-12-31T23:59:59Z");
  EXPECT_EQ(FormatDate(1772360100), "2026-03-01");
  for (Timestamp t : {0LL, 951782400LL, 1772360100LL, 4102444799LL}) {
    EXPECT_EQ(ParseTimestamp(FormatTimestamp(t)), t);
  }
}

TEST(PeriodKey, DaysMonthsAndIsoWeeks) {
  Timestamp t = *ParseTimestamp("2026-03-01T23:59:59Z");
  EXPECT_EQ(PeriodKey(t, Period::kDay), "2026-03-01");
  EXPECT_EQ(PeriodKey(t, Period::kMonth), "2026-03");
  EXPECT_EQ(PeriodKey(t, Period::kAll), "all");
  // ISO weeks belong to the year of their Thursday.
  EXPECT_EQ(PeriodKey(*ParseTimestamp("2021-01-03"), Period::kWeek), "2020-W53");
  EXPECT_EQ(PeriodKey(*ParseTimestamp("2021-01-04"), Period::kWeek), "2021-W01");
  EXPECT_EQ(PeriodKey(*ParseTimestamp("2024-12-30"), Period::kWeek), "2025-W01");
  EXPECT_EQ(PeriodKey(*ParseTimestamp("2026-03-01"), Period::kWeek), "2026-W09");  // a Sunday
  EXPECT_EQ(PeriodKey(*ParseTimestamp("2026-03-02"), Period::kWeek), "2026-W10");
}

TEST(ParsePeriod, KnownNamesOnly) {
  EXPECT_EQ(ParsePeriod("week"), Period::kWeek);
  EXPECT_EQ(ParsePeriod(""), Period::kAll);
  EXPECT_FALSE(ParsePeriod("quarter").has_value());
}

}  // namespace
}  // namespace peakend
