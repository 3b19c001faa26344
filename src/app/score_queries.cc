#include "app/score_queries.h"

namespace peakend {

Result<std::vector<scores::GroupScores>> ScoreGroups(Store& store, const RecordFilter& filter, scores::GroupBy group,
                                                     Period period, const Calendar& calendar) {
  // Over all time one tally per group is enough; days are only needed to make periods of them.
  auto tallies = store.DayTallies(filter, scores::ToTallyGroup(group), period == Period::kAll ? nullptr : &calendar);
  if (!tallies.ok()) return tallies.status();
  return scores::ScoreTallies(*tallies, group, period);
}

Result<scores::ScoreSet> OverallScores(Store& store, const RecordFilter& filter, const Calendar& calendar) {
  auto overall = ScoreGroups(store, filter, scores::GroupBy::kNone, Period::kAll, calendar);
  if (!overall.ok()) return overall.status();
  return overall->empty() ? scores::ScoreSet{} : overall->front().scores;
}

Result<std::vector<scores::AspectPeriod>> AspectTrendOf(Store& store, const RecordFilter& filter, Period period,
                                                        const Calendar& calendar) {
  auto tallies = store.TagDayTallies("aspect", filter, calendar, scores::kAspectPolarityThreshold);
  if (!tallies.ok()) return tallies.status();
  return scores::AspectTrend(*tallies, period);
}

Result<std::vector<scores::AspectChange>> AspectWindowOf(Store& store, std::int64_t last_day, int window_days,
                                                         const Calendar& calendar) {
  // Local midnights; a day the calendar cannot place leaves its side open, as the days are
  // picked again from the tallies.
  auto midnight = [&](std::int64_t day) { return calendar.ParseInstant(FormatDate(day * kSecondsPerDay)); };
  RecordFilter filter;
  filter.from = midnight(last_day - 2 * static_cast<std::int64_t>(window_days) + 1);
  filter.to = midnight(last_day + 1);
  auto tallies = store.TagDayTallies("aspect", filter, calendar, scores::kAspectPolarityThreshold);
  if (!tallies.ok()) return tallies.status();
  return scores::WindowAspectChanges(*tallies, last_day, window_days);
}

}  // namespace peakend
