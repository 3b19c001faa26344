// Days the SLA clock stands still besides weekends: public holidays of a country (computed for
// any year, Easter included) and the organisation's own closing days.
//
//   "nl"          Nieuwjaarsdag, Tweede Paasdag (Goede Vrijdag stays a working day, as it
//                 is for most shops), Koningsdag (27 April; 26 when the 27th is a Sunday), Bevrijdingsdag
//                 (5 May, in lustrum years when it is a national day off), Hemelvaartsdag,
//                 Tweede Pinksterdag, Eerste and Tweede Kerstdag.
//   "be"          New Year, Easter Monday, 1 May, Ascension, Whit Monday, 21 July, 15 August,
//                 1 and 11 November, Christmas.
//   "2026-12-24"  one extra closing day.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "core/status.h"

namespace peakend::moments {

// The Gregorian Easter Sunday of a year, as days since 1970-01-01.
std::int64_t EasterSunday(int year);

class HolidayCalendar {
 public:
  // Entries are country codes ("nl", "be") or dates (YYYY-MM-DD); an unknown entry is an error
  // that lists what is accepted.
  static Result<HolidayCalendar> Parse(const std::vector<std::string>& entries);

  // `day`: days since 1970-01-01 in the organisation's local time.
  bool IsHoliday(std::int64_t day) const;
  bool empty() const { return countries_.empty() && dates_.empty(); }

 private:
  std::set<std::string> countries_;
  std::set<std::int64_t> dates_;
};

}  // namespace peakend::moments
