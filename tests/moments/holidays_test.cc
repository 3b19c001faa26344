#include "moments/holidays.h"

#include <gtest/gtest.h>

#include "core/time.h"
#include "moments/sla.h"

namespace peakend::moments {
namespace {

std::int64_t Day(int y, unsigned m, unsigned d) { return DaysFromCivil(y, m, d); }

TEST(Holidays, EasterSundays) {
  // From published calendars.
  EXPECT_EQ(EasterSunday(2024), Day(2024, 3, 31));
  EXPECT_EQ(EasterSunday(2025), Day(2025, 4, 20));
  EXPECT_EQ(EasterSunday(2026), Day(2026, 4, 5));
  EXPECT_EQ(EasterSunday(2027), Day(2027, 3, 28));
  EXPECT_EQ(EasterSunday(2038), Day(2038, 4, 25));  // the latest possible date
  EXPECT_EQ(EasterSunday(2285), Day(2285, 3, 22));  // the earliest possible date
}

TEST(Holidays, DutchCalendar) {
  auto nl = HolidayCalendar::Parse({"nl"});
  ASSERT_TRUE(nl.ok());
  for (auto day : {Day(2026, 1, 1), Day(2026, 4, 6), Day(2026, 4, 27), Day(2026, 5, 14), Day(2026, 5, 25),
                   Day(2026, 12, 25), Day(2026, 12, 26), Day(2025, 5, 5), Day(2025, 4, 26)}) {
    EXPECT_TRUE(nl->IsHoliday(day)) << day;
  }
  // Good Friday, Liberation Day outside lustrum years, an ordinary day, King's Day moved in 2025
  // (27 April was a Sunday).
  for (auto day : {Day(2026, 4, 3), Day(2026, 5, 5), Day(2026, 6, 10), Day(2025, 4, 27)}) {
    EXPECT_FALSE(nl->IsHoliday(day)) << day;
  }
}

TEST(Holidays, BelgianCalendarAndOwnDays) {
  auto c = HolidayCalendar::Parse({"be", "2026-12-24"});
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->IsHoliday(Day(2026, 7, 21)));
  EXPECT_TRUE(c->IsHoliday(Day(2026, 11, 11)));
  EXPECT_TRUE(c->IsHoliday(Day(2026, 12, 24)));
  EXPECT_FALSE(c->IsHoliday(Day(2026, 12, 26)));  // not a Belgian holiday
  for (const char* bad : {"fr", "2026-02-30", "24-12-2026", "2026-12-24x", ""}) {
    auto parsed = HolidayCalendar::Parse({bad});
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().field(), "holidays");
  }
}

TEST(Holidays, TheSlaClockSkipsThem) {
  auto b = ParseBusinessHours("mon-fri 09:00-17:00 Europe/Amsterdam");
  ASSERT_TRUE(b.ok());
  b->holidays = *HolidayCalendar::Parse({"nl"});
  // Thursday 24 December 2026 16:00 local (15:00 UTC) + 8 business hours: 1 h on Thursday;
  // Friday 25th is Christmas, the weekend follows, so 7 h on Monday 28th: 16:00 local.
  Timestamp christmas_eve = *ParseTimestamp("2026-12-24T15:00:00Z");
  EXPECT_EQ(FormatTimestamp(DueAt(christmas_eve, 8, *b)), "2026-12-28T15:00:00Z");
}

}  // namespace
}  // namespace peakend::moments
