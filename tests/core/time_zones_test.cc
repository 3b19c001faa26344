#include "core/time_zones.h"

#include "core/calendar.h"

#include <gtest/gtest.h>

namespace peakend {
namespace {

TEST(TimeZones, DaylightSavingRules) {
  // 2024: EU summer time 31 March - 27 October; US 10 March - 3 November.
  EXPECT_EQ(UtcOffsetMinutes("Europe/Amsterdam", *ParseTimestamp("2024-03-30T12:00:00Z")), 60);
  EXPECT_EQ(UtcOffsetMinutes("Europe/Amsterdam", *ParseTimestamp("2024-03-31T12:00:00Z")), 120);
  EXPECT_EQ(UtcOffsetMinutes("Europe/Amsterdam", *ParseTimestamp("2024-10-28T12:00:00Z")), 60);
  EXPECT_EQ(UtcOffsetMinutes("America/Denver", *ParseTimestamp("2024-03-09T12:00:00Z")), -420);
  EXPECT_EQ(UtcOffsetMinutes("America/Denver", *ParseTimestamp("2024-03-11T12:00:00Z")), -360);
  EXPECT_EQ(UtcOffsetMinutes("America/Phoenix", *ParseTimestamp("2024-07-01T12:00:00Z")), -420);
  EXPECT_FALSE(UtcOffsetMinutes("Mars/Base", 0).has_value());
}

// Asked of an instant, the switch happens at the instant the rules say: 01:00 UTC in Europe,
// 02:00 local standard time in March and 02:00 local daylight time in November in the US.
TEST(TimeZones, OffsetAtAnInstant) {
  EXPECT_EQ(UtcOffsetMinutesAt("Europe/Amsterdam", *ParseTimestamp("2024-03-31T00:59:59Z")), 60);
  EXPECT_EQ(UtcOffsetMinutesAt("Europe/Amsterdam", *ParseTimestamp("2024-03-31T01:00:00Z")), 120);
  EXPECT_EQ(UtcOffsetMinutesAt("Europe/Amsterdam", *ParseTimestamp("2024-10-27T00:59:59Z")), 120);
  EXPECT_EQ(UtcOffsetMinutesAt("Europe/Amsterdam", *ParseTimestamp("2024-10-27T01:00:00Z")), 60);
  EXPECT_EQ(UtcOffsetMinutesAt("America/New_York", *ParseTimestamp("2024-03-10T06:59:59Z")), -300);
  EXPECT_EQ(UtcOffsetMinutesAt("America/New_York", *ParseTimestamp("2024-03-10T07:00:00Z")), -240);
  EXPECT_EQ(UtcOffsetMinutesAt("America/New_York", *ParseTimestamp("2024-11-03T05:59:59Z")), -240);
  EXPECT_EQ(UtcOffsetMinutesAt("America/New_York", *ParseTimestamp("2024-11-03T06:00:00Z")), -300);
  EXPECT_EQ(UtcOffsetMinutesAt("Asia/Kolkata", 0), 330);
  EXPECT_FALSE(UtcOffsetMinutesAt("Mars/Base", 0).has_value());
  EXPECT_NE(KnownTimeZones().find("Europe/Amsterdam"), std::string::npos);
}

// A day, week or month is the organisation's: 00:30 on 1 April in Amsterdam (22:30 UTC on
// 31 March) belongs to April; a date in a filter is local midnight.
TEST(Calendar, PeriodsAndDatesAreLocal) {
  auto amsterdam = Calendar::InZone("Europe/Amsterdam");
  ASSERT_TRUE(amsterdam.ok());
  Timestamp night = *ParseTimestamp("2026-03-31T22:30:00Z");
  EXPECT_EQ(amsterdam->PeriodKey(night, Period::kMonth), "2026-04");
  EXPECT_EQ(amsterdam->PeriodKey(night, Period::kDay), "2026-04-01");
  EXPECT_EQ(Calendar::Utc().PeriodKey(night, Period::kMonth), "2026-03");
  EXPECT_EQ(amsterdam->PeriodKey(*ParseTimestamp("2026-01-04T23:30:00Z"), Period::kWeek), "2026-W02");  // Monday 00:30
  EXPECT_EQ(amsterdam->PeriodKey(night, Period::kAll), "all");

  EXPECT_EQ(amsterdam->ParseInstant("2026-04-01"), ParseTimestamp("2026-03-31T22:00:00Z"));  // summer time
  EXPECT_EQ(amsterdam->ParseInstant("2026-01-15"), ParseTimestamp("2026-01-14T23:00:00Z"));
  EXPECT_EQ(amsterdam->ParseInstant("2026-01-15T09:30"), ParseTimestamp("2026-01-15T08:30:00Z"));
  EXPECT_EQ(amsterdam->ParseInstant(" 2026-01-15T09:30:00Z "), ParseTimestamp("2026-01-15T09:30:00Z"));
  EXPECT_EQ(amsterdam->ParseInstant("2026-01-15T09:30:00-05:00"), ParseTimestamp("2026-01-15T14:30:00Z"));
  EXPECT_EQ(amsterdam->ParseInstant("1767225600"), 1767225600);
  EXPECT_FALSE(amsterdam->ParseInstant("2026-02-30").has_value());
  EXPECT_FALSE(amsterdam->ParseInstant("soon").has_value());

  auto unknown = Calendar::InZone("Europe/Utrecht");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().ToString().find("'Europe/Utrecht' is not known; use an IANA time zone name"), std::string::npos);
}

}  // namespace
// Zones outside the table come from ICU's database, with their own rules: Sao Paulo has kept
// -03:00 all year since 2019, Johannesburg +02:00, Chatham +12:45 in its winter.
TEST(TimeZones, AnyIanaNameIsKnown) {
  const Timestamp kJanuary2026 = 1767225600, kJuly2026 = 1782864000;
  EXPECT_EQ(UtcOffsetMinutesAt("America/Sao_Paulo", kJanuary2026), -180);
  EXPECT_EQ(UtcOffsetMinutesAt("America/Sao_Paulo", kJuly2026), -180);
  EXPECT_EQ(UtcOffsetMinutesAt("Africa/Johannesburg", kJuly2026), 120);
  EXPECT_EQ(UtcOffsetMinutesAt("Pacific/Chatham", kJuly2026), 765);
  EXPECT_EQ(UtcOffsetMinutes("Australia/Sydney", kJanuary2026), 660);  // summer time down under
  EXPECT_FALSE(UtcOffsetMinutesAt("Mars/Olympus", kJanuary2026).has_value());
  auto sao_paulo = Calendar::InZone("America/Sao_Paulo");
  ASSERT_TRUE(sao_paulo.ok()) << sao_paulo.status().ToString();
  EXPECT_EQ(sao_paulo->LocalDay(kJanuary2026), DaysFromCivil(2025, 12, 31));  // 21:00 on New Year's Eve
}

// The clock changes of a span, to the second, for stores that group by local day.
// Settings and exports name zones as people write them.
TEST(TimeZones, NamesAreReadAsTheDatabaseHasThem) {
  for (const char* utc : {"Z", "utc", " UTC ", "GMT", "+00:00", "Etc/UTC"}) EXPECT_EQ(CanonicalZoneName(utc), "UTC") << utc;
  EXPECT_EQ(CanonicalZoneName("europe/amsterdam"), "Europe/Amsterdam");
  EXPECT_EQ(CanonicalZoneName("AMERICA/SAO_PAULO"), "America/Sao_Paulo");
  EXPECT_EQ(CanonicalZoneName("Europe/Amsterdam"), "Europe/Amsterdam");
  EXPECT_EQ(CanonicalZoneName(" Mars/Olympus "), "Mars/Olympus");
  auto calendar = Calendar::InZone("europe/amsterdam");
  ASSERT_TRUE(calendar.ok()) << calendar.status().ToString();
  EXPECT_TRUE(Calendar::InZone("Z").ok());
  EXPECT_FALSE(Calendar::InZone("Mars/Olympus").ok());
}

TEST(Calendar, OffsetSpansFindEveryClockChange) {
  auto amsterdam = Calendar::InZone("Europe/Amsterdam");
  ASSERT_TRUE(amsterdam.ok());
  const Timestamp new_year_2026 = 1767225600;  // 2026-01-01T00:00:00Z
  auto spans = amsterdam->OffsetSpans(new_year_2026, new_year_2026 + 365 * kSecondsPerDay);
  ASSERT_EQ(spans.size(), 3u);
  EXPECT_EQ(spans[0].from, new_year_2026);
  EXPECT_EQ(spans[0].offset_seconds, 3600);
  EXPECT_EQ(spans[1].from, 1774746000);  // 2026-03-29T01:00:00Z: summer time
  EXPECT_EQ(spans[1].offset_seconds, 7200);
  EXPECT_EQ(spans[2].from, 1792890000);  // 2026-10-25T01:00:00Z: winter time
  EXPECT_EQ(spans[2].offset_seconds, 3600);
  auto utc = Calendar::Utc().OffsetSpans(0, 50 * 365 * kSecondsPerDay);
  ASSERT_EQ(utc.size(), 1u);
  EXPECT_EQ(utc[0].offset_seconds, 0);
  // Local days: 23:30 UTC on 28 March is already the 29th in Amsterdam, and in summer 22:30 UTC is.
  EXPECT_EQ(amsterdam->LocalDay(1774740600), DaysFromCivil(2026, 3, 29));  // 2026-03-28T23:30:00Z
  EXPECT_EQ(amsterdam->LocalDay(1782858600), DaysFromCivil(2026, 7, 1));   // 2026-06-30T22:30:00Z
  EXPECT_EQ(Calendar::Utc().LocalDay(1782858600), DaysFromCivil(2026, 6, 30));
  auto new_york = Calendar::InZone("America/New_York");
  ASSERT_TRUE(new_york.ok());
  EXPECT_EQ(new_york->LocalDay(3600), -1);  // 1970-01-01T01:00:00Z is still 31 December there
}

// A time stored before records were held to their bounds (a year typed 99999) must not make
// every read walk the millennia between it and the others a day at a time.
TEST(Calendar, OffsetSpansStopAtTheTimesARecordMayCarry) {
  auto amsterdam = Calendar::InZone("Europe/Amsterdam");
  ASSERT_TRUE(amsterdam.ok());
  constexpr Timestamp kYear99999 = 3093527980800;
  auto spans = amsterdam->OffsetSpans(1767225600, kYear99999);
  const std::size_t kAtMostTwoChangesAYearTo2100 = 2 * 75 + 1;
  EXPECT_LE(spans.size(), kAtMostTwoChangesAYearTo2100);
  EXPECT_GE(spans.size(), 2u);
}

}  // namespace peakend
