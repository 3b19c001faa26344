// Timestamps and reporting periods. Peakend stores instants as seconds since the Unix epoch
// (UTC) and groups them into days, ISO weeks and months for reports.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace peakend {

using Timestamp = std::int64_t;  // seconds since 1970-01-01T00:00:00Z
inline constexpr Timestamp kSecondsPerDay = 86400;

enum class Period { kDay, kWeek, kMonth, kAll };

// Accepts ISO 8601 / RFC 3339 forms seen in exports and APIs: "2025-03-01",
// "2025-03-01T10:15:00Z", "2025-03-01 10:15:00", "2025-03-01T10:15:00.123+01:00",
// "2025-03-01T10:15" and a plain integer (epoch seconds). Times without an offset are
// taken as `default_utc_offset_minutes` ahead of UTC.
std::optional<Timestamp> ParseTimestamp(std::string_view text, int default_utc_offset_minutes = 0);

// "2025-03-01T10:15:00Z"
std::string FormatTimestamp(Timestamp t);
// "2025-03-01"
std::string FormatDate(Timestamp t);

// The period containing t, as a sortable key: "2025-03-01" (day), "2025-W09" (ISO week),
// "2025-03" (month), "all".
std::string PeriodKey(Timestamp t, Period period);
std::optional<Period> ParsePeriod(std::string_view s);
std::string_view ToString(Period p);

// The day since 1970-01-01 that instant `t` (read as UTC) falls on; before 1970 negative.
constexpr std::int64_t DaysSinceEpoch(Timestamp t) {
  return t >= 0 ? t / kSecondsPerDay : (t - (kSecondsPerDay - 1)) / kSecondsPerDay;
}

// Days since the epoch <-> civil date (proleptic Gregorian), exact for all int ranges used here.
std::int64_t DaysFromCivil(int year, unsigned month, unsigned day);
void CivilFromDays(std::int64_t days, int& year, unsigned& month, unsigned& day);

Timestamp NowUtc();

}  // namespace peakend
