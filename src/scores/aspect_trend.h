// What customers write about: the volume and net sentiment of each aspect per period, so that
// a manager sees "waiting time" rising before the scores fall.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/model.h"
#include "core/time.h"

namespace peakend::scores {

// An aspect's sentiment beyond ±this counts as a positive or negative mention.
inline constexpr double kAspectPolarityThreshold = 0.05;

struct AspectPeriod {
  std::string aspect;
  std::string period_key;  // see Calendar::PeriodKey
  int volume = 0, positive = 0, negative = 0;
  double mean_sentiment = 0;
  // Positive minus negative mentions, in percent of all: -100..100.
  double NetSentiment() const { return volume == 0 ? 0 : 100.0 * (positive - negative) / volume; }
};

// Sorted by aspect, then period.
std::vector<AspectPeriod> AspectTrend(const std::vector<TagRow>& rows, Period period, const Calendar& calendar);
// The same from a store's tallies per aspect and local day (Store::TagDayTallies, counted with
// kAspectPolarityThreshold).
std::vector<AspectPeriod> AspectTrend(const std::vector<TagDayTally>& days, Period period);

// Each aspect of the latest period in `trend` with the period before it, when there was one.
struct AspectChange {
  AspectPeriod latest;
  std::optional<AspectPeriod> previous;
};

// The aspects of `trend`'s latest period (over all aspects), most mentioned first.
std::vector<AspectChange> LatestAspectChanges(const std::vector<AspectPeriod>& trend);

}  // namespace peakend::scores
