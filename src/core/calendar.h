// Calendar: days, ISO weeks and months as the organisation lives them, in its time zone (the
// time_zone setting). A manager's "March" or "2026-03-01" begins at local midnight, not at
// midnight UTC: reports, budgets and date filters read instants through it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"

namespace peakend {

// From `from` on (until the next span), local time is `offset_seconds` ahead of UTC.
struct OffsetSpan {
  Timestamp from = 0;
  int offset_seconds = 0;
};

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
  // The zone's offsets over [from, to]: the first span holds at `from`, each next one begins
  // where daylight saving time starts or ends. For stores that group instants by local day.
  std::vector<OffsetSpan> OffsetSpans(Timestamp from, Timestamp to) const;
  // The organisation's day of instant `t`, counted in days since 1970-01-01.
  std::int64_t LocalDay(Timestamp t) const;

 private:
  explicit Calendar(std::string zone) : zone_(std::move(zone)) {}
  std::string zone_;
};

}  // namespace peakend
