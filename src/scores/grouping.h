// Scores per group (location, team, employee, channel, interaction type) and period (day,
// ISO week, month), computed from the rows the store returns.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"
#include "core/calendar.h"
#include "core/time.h"
#include "scores/metrics.h"

namespace peakend::scores {

enum class GroupBy { kNone, kLocation, kTeam, kEmployee, kChannel, kInteractionType };

std::optional<GroupBy> ParseGroupBy(std::string_view name);
std::string_view ToString(GroupBy group);

struct GroupScores {
  std::string group_key;   // internal id as text, channel or interaction type name; "" when the row has none; "all" for kNone
  std::string period_key;  // see PeriodKey()
  ScoreSet scores;
};

// Sorted by group key then period key; periods are `calendar`'s days, weeks and months. For
// rows in memory; over a store, ScoreTallies of its DayTallies gives the same (a test holds
// them equal) without reading every row.
std::vector<GroupScores> GroupAndScore(const std::vector<ScoreRow>& rows, GroupBy group, Period period,
                                       const Calendar& calendar);

// What a store tallies answers by for `group` (Store::DayTallies).
TallyGroup ToTallyGroup(GroupBy group);
// The same scores from a store's tallies per group and local day (local_day 0 for all days when
// `period` is kAll): equal to GroupAndScore over the rows they were counted from.
std::vector<GroupScores> ScoreTallies(const std::vector<DayTally>& days, GroupBy group, Period period);

}  // namespace peakend::scores
