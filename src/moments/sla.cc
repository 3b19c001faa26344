#include "moments/sla.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>

#include "core/time_zones.h"

namespace peakend::moments {
namespace {

constexpr int kMinutesPerDay = 24 * 60;

const std::map<std::string, int>& DayNumbers() {
  static const std::map<std::string, int> days = {{"mon", 1}, {"tue", 2}, {"wed", 3}, {"thu", 4},
                                                  {"fri", 5}, {"sat", 6}, {"sun", 7}};
  return days;
}

int Weekday(std::int64_t days_since_epoch) {  // 1970-01-01 was a Thursday (4)
  return static_cast<int>(((days_since_epoch % 7) + 7 + 3) % 7) + 1;
}

}  // namespace

Result<BusinessHours> ParseBusinessHours(const std::string& text) {
  BusinessHours b;
  if (text.empty() || text == "always") return b;
  auto fail = [&] {
    return Status::InvalidArgument("business hours '" + text + "' should look like \"mon-fri 09:00-17:00 Europe/Amsterdam\" "
                                   "or \"always\"", "moments.business_hours");
  };
  std::istringstream in(text);
  std::string days, hours, zone, extra;
  in >> days >> hours >> zone >> extra;
  if (days.empty() || hours.empty() || !extra.empty()) return fail();
  b.always = false;
  b.weekdays.clear();
  std::stringstream list(days);
  for (std::string part; std::getline(list, part, ',');) {
    auto dash = part.find('-');
    std::string from = part.substr(0, dash), to = dash == std::string::npos ? from : part.substr(dash + 1);
    if (!DayNumbers().count(from) || !DayNumbers().count(to)) return fail();
    for (int d = DayNumbers().at(from);; d = d % 7 + 1) {
      b.weekdays.insert(d);
      if (d == DayNumbers().at(to)) break;
    }
  }
  int h1, m1, h2, m2;
  char end = 0;
  if (std::sscanf(hours.c_str(), "%2d:%2d-%2d:%2d%c", &h1, &m1, &h2, &m2, &end) != 4) return fail();
  if (m1 < 0 || m1 > 59 || m2 < 0 || m2 > 59 || h1 < 0 || h2 < 0) return fail();
  b.open_minute = h1 * 60 + m1;
  b.close_minute = h2 * 60 + m2;
  if (b.open_minute < 0 || b.close_minute > kMinutesPerDay || b.open_minute >= b.close_minute) return fail();
  if (!zone.empty()) b.time_zone = zone;
  if (!UtcOffsetMinutes(b.time_zone, 0)) {
    return Status::InvalidArgument("unknown time zone '" + b.time_zone + "' in business hours", "moments.business_hours");
  }
  return b;
}

Timestamp DueAt(Timestamp start, int hours, const BusinessHours& b) {
  if (b.always) return start + static_cast<Timestamp>(hours) * 3600;
  std::int64_t remaining = static_cast<std::int64_t>(hours) * 60;  // minutes of business time
  Timestamp t = start - start % 60;
  for (int step = 0; step < kMaxSlaSearchDays * 3 && remaining > 0; ++step) {
    int offset = UtcOffsetMinutes(b.time_zone, t).value_or(0);
    Timestamp local = t + offset * 60;
    std::int64_t day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    int minute = static_cast<int>((local - day * 86400) / 60);
    bool open_day = b.weekdays.count(Weekday(day)) > 0 && !b.holidays.IsHoliday(day);
    if (open_day && minute >= b.open_minute && minute < b.close_minute) {
      int usable = std::min<std::int64_t>(remaining, b.close_minute - minute);
      t += usable * 60;
      remaining -= usable;
    } else {
      bool later_today = open_day && minute < b.open_minute;
      Timestamp before = t;
      t += (later_today ? b.open_minute - minute : kMinutesPerDay - minute + b.open_minute) * 60;
      // The jump was measured on the clock before it; when summer or winter time starts in
      // between, the opening is that much earlier or later in UTC (else the spring night would
      // start the SLA clock at 10:00 instead of 09:00). An opening inside the skipped hour
      // does not exist: the clock then starts when the hour is over.
      Timestamp shifted = t - (UtcOffsetMinutes(b.time_zone, t).value_or(offset) - offset) * 60;
      if (shifted > before) t = shifted;
    }
  }
  return t;
}

std::string_view ToString(SlaStatus status) {
  switch (status) {
    case SlaStatus::kRunning: return "running";
    case SlaStatus::kBreached: return "breached";
    case SlaStatus::kMet: return "met";
    case SlaStatus::kMissed: return "missed";
  }
  return "running";
}

SlaStatus SlaStatusAt(Timestamp due_at, std::optional<Timestamp> done_at, Timestamp now) {
  if (done_at) return *done_at <= due_at ? SlaStatus::kMet : SlaStatus::kMissed;
  return now > due_at ? SlaStatus::kBreached : SlaStatus::kRunning;
}

}  // namespace peakend::moments
