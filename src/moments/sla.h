// The SLA clock: when a case is due, counting only the organisation's business hours when it
// has set them (e.g. "mon-fri 09:00-17:00 Europe/Amsterdam", closed on Dutch public holidays),
// or every hour ("always").
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/time.h"
#include "moments/holidays.h"

namespace peakend::moments {

// A clock that never finds an opening within this many days is misconfigured.
inline constexpr int kMaxSlaSearchDays = 4000;  // covers the longest SLA (a year of 8-hour days)

struct BusinessHours {
  bool always = true;
  int open_minute = 9 * 60;    // local time of day
  int close_minute = 17 * 60;
  std::set<int> weekdays = {1, 2, 3, 4, 5};  // 1 = Monday ... 7 = Sunday
  std::string time_zone = "Europe/Amsterdam";
  HolidayCalendar holidays;  // closed all day; ignored when `always`
};

// "always", or "<days> <HH:MM>-<HH:MM> [zone]" with days like mon-fri, mon,wed,fri or mon-sat.
Result<BusinessHours> ParseBusinessHours(const std::string& text);

// The moment `hours` of (business) time after `start`.
Timestamp DueAt(Timestamp start, int hours, const BusinessHours& business);

// Where a case stands against its SLA. It is met when the customer was contacted (or the case
// closed) by its due time; an open case past its due time is breached and escalates.
enum class SlaStatus { kRunning, kBreached, kMet, kMissed };
std::string_view ToString(SlaStatus status);

// `done_at`: when the customer was contacted or the case closed, whichever came first.
SlaStatus SlaStatusAt(Timestamp due_at, std::optional<Timestamp> done_at, Timestamp now);
inline bool IsBreached(Timestamp due_at, std::optional<Timestamp> done_at, Timestamp now) {
  SlaStatus s = SlaStatusAt(due_at, done_at, now);
  return s == SlaStatus::kBreached || s == SlaStatus::kMissed;
}

}  // namespace peakend::moments
