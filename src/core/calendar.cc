#include "core/calendar.h"

#include <algorithm>

#include "core/limits.h"
#include "core/strings.h"
#include "core/time_zones.h"

namespace peakend {
namespace {

constexpr std::size_t kDateLength = 10;  // "2026-03-01"

// Whether an ISO 8601 time states its offset: Z, or + or - after the date.
bool StatesOffset(std::string_view text) {
  if (text.size() <= kDateLength) return false;
  std::string_view time = text.substr(kDateLength);
  return time.find_first_of("Zz+-") != std::string_view::npos;
}

bool IsEpochSeconds(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

Result<Calendar> Calendar::InZone(const std::string& zone) {
  std::string name = CanonicalZoneName(zone);
  if (!UtcOffsetMinutes(name, 0)) {
    return Status::InvalidArgument("time zone '" + zone + "' is not known; use " + KnownTimeZones(), "time_zone");
  }
  return Calendar(name);
}

std::string Calendar::PeriodKey(Timestamp t, Period period) const {
  int offset = UtcOffsetMinutesAt(zone_, t).value_or(0);
  return peakend::PeriodKey(t + static_cast<Timestamp>(offset) * 60, period);
}

std::vector<OffsetSpan> Calendar::OffsetSpans(Timestamp from, Timestamp to) const {
  auto offset_at = [this](Timestamp t) { return UtcOffsetMinutesAt(zone_, t).value_or(0) * 60; };
  std::vector<OffsetSpan> spans = {{from, offset_at(from)}};
  // Clocks change at most once a day, so a day's steps find every change; the second of the
  // change is then found by halving.
  // Outside the times a record may carry the offset is taken as constant: a stray time stored
  // before those bounds held must not make every read walk millennia a day at a time.
  from = std::max(from, limits::kEarliestRecordTime);
  to = std::min(to, limits::kLatestRecordTime);
  for (Timestamp day = from; day < to;) {
    Timestamp next = std::min(to, day + kSecondsPerDay);
    if (offset_at(next) != spans.back().offset_seconds) {
      Timestamp before = day, after = next;  // offset_at(before) is the old offset, offset_at(after) the new
      while (after - before > 1) {
        Timestamp middle = before + (after - before) / 2;
        (offset_at(middle) == spans.back().offset_seconds ? before : after) = middle;
      }
      spans.push_back({after, offset_at(after)});
    }
    day = next;
  }
  return spans;
}

std::int64_t Calendar::LocalDay(Timestamp t) const {
  return DaysSinceEpoch(t + static_cast<Timestamp>(UtcOffsetMinutesAt(zone_, t).value_or(0)) * 60);
}

std::optional<Timestamp> Calendar::ParseInstant(std::string_view text) const {
  text = TrimSpace(text);
  if (IsEpochSeconds(text) || StatesOffset(text)) return ParseTimestamp(text);
  auto local = ParseTimestamp(text);  // wall-clock time, read as if it were UTC
  if (!local) return std::nullopt;
  return *local - static_cast<Timestamp>(UtcOffsetMinutes(zone_, *local).value_or(0)) * 60;
}

}  // namespace peakend
