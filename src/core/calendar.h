// Calendar: days, ISO weeks and months as the organisation lives them, in its time zone (the
// time_zone setting). A manager's "March" or "2026-03-01" begins at local midnight, not at
// midnight UTC: reports, budgets and date filters read instants through it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "core/time.h"

namespace peakend {

class Calendar {
 public:
  // The calendar of `zone` (e.g. Europe/Amsterdam); an unknown zone is an error naming the
  // zones Peakend knows.
  static Result<Calendar> InZone(const std::string& zone);
  static Calendar Utc() { return Calendar("UTC"); }

  // The period containing the instant `t`, keyed as PeriodKey does: "2026-03-01", "2026-W09",
  // "2026-03", "all".
  std::string PeriodKey(Timestamp t, Period period) const;
  // An instant written as ParseTimestamp reads it; a date ("2026-03-01") is its local midnight,
  // and a time without an offset ("2026-03-01T09:30") local time. Epoch seconds and times
  // with an offset or Z are what they say.
  std::optional<Timestamp> ParseInstant(std::string_view text) const;
  const std::string& zone() const { return zone_; }

 private:
  explicit Calendar(std::string zone) : zone_(std::move(zone)) {}
  std::string zone_;
};

}  // namespace peakend
