#include "scores/grouping.h"

#include <map>

namespace peakend::scores {
namespace {

std::string IdKey(const std::optional<Id>& id) { return id ? std::to_string(*id) : std::string(); }

std::string GroupKey(const ScoreRow& row, GroupBy group) {
  switch (group) {
    case GroupBy::kNone: return "all";
    case GroupBy::kLocation: return IdKey(row.location_id);
    case GroupBy::kTeam: return IdKey(row.team_id);
    case GroupBy::kEmployee: return IdKey(row.employee_id);
    case GroupBy::kChannel: return std::string(ToString(row.channel));
    case GroupBy::kInteractionType:
      return row.interaction_type ? std::string(ToString(*row.interaction_type)) : std::string();
  }
  return "all";
}

}  // namespace

std::optional<GroupBy> ParseGroupBy(std::string_view name) {
  if (name == "none" || name.empty()) return GroupBy::kNone;
  if (name == "location") return GroupBy::kLocation;
  if (name == "team") return GroupBy::kTeam;
  if (name == "employee") return GroupBy::kEmployee;
  if (name == "channel") return GroupBy::kChannel;
  if (name == "interaction_type") return GroupBy::kInteractionType;
  return std::nullopt;
}

std::string_view ToString(GroupBy group) {
  switch (group) {
    case GroupBy::kNone: return "none";
    case GroupBy::kLocation: return "location";
    case GroupBy::kTeam: return "team";
    case GroupBy::kEmployee: return "employee";
    case GroupBy::kChannel: return "channel";
    case GroupBy::kInteractionType: return "interaction_type";
  }
  return "none";
}

std::vector<GroupScores> GroupAndScore(const std::vector<ScoreRow>& rows, GroupBy group, Period period,
                                       const Calendar& calendar) {
  std::map<std::pair<std::string, std::string>, std::vector<Answers>> buckets;
  for (const auto& row : rows) {
    buckets[{GroupKey(row, group), calendar.PeriodKey(row.submitted_at, period)}].push_back(row.answers);
  }
  std::vector<GroupScores> out;
  out.reserve(buckets.size());
  for (const auto& [key, answers] : buckets) out.push_back({key.first, key.second, Compute(answers)});
  return out;
}

TallyGroup ToTallyGroup(GroupBy group) {
  switch (group) {
    case GroupBy::kNone: return TallyGroup::kNone;
    case GroupBy::kLocation: return TallyGroup::kLocation;
    case GroupBy::kTeam: return TallyGroup::kTeam;
    case GroupBy::kEmployee: return TallyGroup::kEmployee;
    case GroupBy::kChannel: return TallyGroup::kChannel;
    case GroupBy::kInteractionType: return TallyGroup::kInteractionType;
  }
  return TallyGroup::kNone;
}

std::vector<GroupScores> ScoreTallies(const std::vector<DayTally>& days, GroupBy group, Period period) {
  std::map<std::pair<std::string, std::string>, AnswerTally> buckets;
  std::int64_t keyed_day = -1;
  std::string period_key;  // of keyed_day: the tallies of one day come together per group
  for (const auto& d : days) {
    if (d.local_day != keyed_day) {
      // A local day read as a UTC day has the organisation's calendar date.
      period_key = peakend::PeriodKey(d.local_day * kSecondsPerDay, period);
      keyed_day = d.local_day;
    }
    buckets[{group == GroupBy::kNone ? std::string("all") : d.group_key, period_key}].Add(d.tally);
  }
  std::vector<GroupScores> out;
  out.reserve(buckets.size());
  for (const auto& [key, tally] : buckets) out.push_back({key.first, key.second, ScoresOf(tally)});
  return out;
}

}  // namespace peakend::scores
