#include "moments/holidays.h"

#include <cstdio>

#include "core/time.h"

namespace peakend::moments {
namespace {

constexpr int kMinYear = 1900, kMaxYear = 2999;
constexpr int kLustrum = 5;  // Bevrijdingsdag is a national day off every fifth year

bool CountryHoliday(const std::string& country, std::int64_t day) {
  int year;
  unsigned month, dom;
  CivilFromDays(day, year, month, dom);
  std::int64_t easter = EasterSunday(year);
  auto is = [&](unsigned m, unsigned d) { return month == m && dom == d; };
  bool easter_monday = day == easter + 1, ascension = day == easter + 39, whit_monday = day == easter + 50;
  if (country == "nl") {
    bool kings_day = DaysFromCivil(year, 4, 27) % 7 == 3  // 1970-01-01 was a Thursday: % 7 == 3 is a Sunday
                         ? is(4, 26)
                         : is(4, 27);
    return is(1, 1) || easter_monday || kings_day || (is(5, 5) && year % kLustrum == 0) || ascension ||
           whit_monday || is(12, 25) || is(12, 26);
  }
  if (country == "be") {
    return is(1, 1) || easter_monday || is(5, 1) || ascension || whit_monday || is(7, 21) || is(8, 15) ||
           is(11, 1) || is(11, 11) || is(12, 25);
  }
  return false;
}

}  // namespace

std::int64_t EasterSunday(int year) {
  // The anonymous Gregorian algorithm (Meeus/Jones/Butcher).
  int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
  int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
  int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
  return DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

Result<HolidayCalendar> HolidayCalendar::Parse(const std::vector<std::string>& entries) {
  HolidayCalendar c;
  for (const auto& entry : entries) {
    if (entry == "nl" || entry == "be") {
      c.countries_.insert(entry);
      continue;
    }
    int y = 0;
    unsigned m = 0, d = 0;
    char tail = 0;
    bool date = entry.size() == 10 && std::sscanf(entry.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) == 3 &&
                y >= kMinYear && y <= kMaxYear && m >= 1 && m <= 12 && d >= 1 && d <= 31;
    if (date) {
      std::int64_t day = DaysFromCivil(y, m, d);
      int back_y;
      unsigned back_m, back_d;
      CivilFromDays(day, back_y, back_m, back_d);
      date = back_m == m && back_d == d;  // rejects 2026-02-30
      if (date) c.dates_.insert(day);
    }
    if (!date) {
      return Status::InvalidArgument("holiday '" + entry + "' is neither a country calendar (nl, be) nor a date "
                                     "(YYYY-MM-DD)", "holidays");
    }
  }
  return c;
}

bool HolidayCalendar::IsHoliday(std::int64_t day) const {
  if (dates_.count(day)) return true;
  for (const auto& country : countries_) {
    if (CountryHoliday(country, day)) return true;
  }
  return false;
}

}  // namespace peakend::moments
