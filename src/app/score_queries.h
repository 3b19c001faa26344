// Scores and aspect trends read from a store's tallies (Store::DayTallies, TagDayTallies): the
// database counts the answers per group and local day, and only those counts travel, so the
// API, the report command and the overview page answer over a million responses in a pass.
#pragma once

#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/status.h"
#include "scores/aspect_trend.h"
#include "scores/grouping.h"
#include "store/store.h"

namespace peakend {

// Scores per group and period (as scores::GroupAndScore over the matching rows).
Result<std::vector<scores::GroupScores>> ScoreGroups(Store& store, const RecordFilter& filter, scores::GroupBy group,
                                                     Period period, const Calendar& calendar);

// The scores of every response matching the filter together (empty scores when none does).
Result<scores::ScoreSet> OverallScores(Store& store, const RecordFilter& filter, const Calendar& calendar);

// Volume and net sentiment per aspect and period (as scores::AspectTrend over the matching tags).
Result<std::vector<scores::AspectPeriod>> AspectTrendOf(Store& store, const RecordFilter& filter, Period period,
                                                        const Calendar& calendar);

// The aspects of the `window_days` local days up to `last_day` (Calendar::LocalDay) against the
// as many days before (scores::WindowAspectChanges), reading the tallies of those days only.
Result<std::vector<scores::AspectChange>> AspectWindowOf(Store& store, std::int64_t last_day, int window_days,
                                                         const Calendar& calendar);

}  // namespace peakend
