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

using peakend::kAspectPolarityThreshold;

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

// Each aspect of a window of days with the as many days before it, when it was mentioned then.
struct AspectChange {
  AspectPeriod latest;  // period_key: the window's first day, "2026-11-02"
  std::optional<AspectPeriod> previous;
};

// The aspects mentioned in the `window_days` local days up to and including `last_day`
// (Calendar::LocalDay), most mentioned first, each against the `window_days` days before: a
// rolling window holds as many days whenever it is read, where a calendar month read on its
// first day holds one.
std::vector<AspectChange> WindowAspectChanges(const std::vector<TagDayTally>& days, std::int64_t last_day,
                                              int window_days);

}  // namespace peakend::scores
