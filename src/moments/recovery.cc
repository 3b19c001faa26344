#include "moments/recovery.h"

#include "scores/intervals.h"
#include "scores/json.h"

namespace peakend::moments {
namespace {

GroupEffect Measure(const std::vector<const CaseFollowUp*>& cases) {
  GroupEffect g;
  std::vector<int> nps_a, nps_b;
  std::int64_t back_a = 0, back_b = 0;
  for (const auto* c : cases) {
    auto& target = c->recovered ? nps_a : nps_b;
    target.insert(target.end(), c->later_nps.begin(), c->later_nps.end());
    (c->recovered ? g.recovered_cases : g.other_cases)++;
    (c->recovered ? back_a : back_b) += c->came_back;
  }
  g.recovered = scores::ComputeNps(nps_a);
  g.not_recovered = scores::ComputeNps(nps_b);
  g.nps_difference = scores::CompareNps(g.not_recovered, g.recovered);
  if (g.recovered_cases) g.came_back_recovered = static_cast<double>(back_a) / g.recovered_cases;
  if (g.other_cases) g.came_back_other = static_cast<double>(back_b) / g.other_cases;
  g.low_confidence = g.recovered_cases < kMinCasesPerSideForInterval || g.other_cases < kMinCasesPerSideForInterval;
  if (!g.low_confidence) {
    scores::Interval d = scores::NewcombeDifference(back_a, g.recovered_cases, back_b, g.other_cases);
    g.came_back_difference_ci_low = d.low;
    g.came_back_difference_ci_high = d.high;
  }
  return g;
}

nlohmann::json OrNull(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }

nlohmann::json GroupJson(const GroupEffect& g) {
  return {{"recovered_cases", g.recovered_cases},
          {"other_cases", g.other_cases},
          {"later_nps_recovered", scores::ToJson(g.recovered)},
          {"later_nps_other", scores::ToJson(g.not_recovered)},
          {"nps_difference", scores::ToJson(g.nps_difference)},
          {"came_back_recovered", OrNull(g.came_back_recovered)},
          {"came_back_other", OrNull(g.came_back_other)},
          {"came_back_difference_ci", g.came_back_difference_ci_low
                                          ? nlohmann::json{*g.came_back_difference_ci_low, *g.came_back_difference_ci_high}
                                          : nlohmann::json(nullptr)},
          {"low_confidence", g.low_confidence}};
}

}  // namespace

bool RecoveredInTime(const CaseRecord& c, bool resolved_before_closing) {
  bool resolved = c.state == CaseState::kResolved || (c.state == CaseState::kClosed && resolved_before_closing);
  return resolved && c.contacted_at && *c.contacted_at <= c.due_at;
}

bool ComparableAt(const CaseRecord& c, bool recovered, Timestamp now) { return recovered || now > c.due_at; }

RecoveryEffect MeasureRecovery(const std::vector<CaseFollowUp>& cases) {
  RecoveryEffect e;
  std::vector<const CaseFollowUp*> all;
  std::map<std::string, std::vector<const CaseFollowUp*>> rules, gestures;
  for (const auto& c : cases) {
    all.push_back(&c);
    rules[c.rule].push_back(&c);
    for (const auto& g : c.gestures) gestures[g].push_back(&c);
  }
  e.overall = Measure(all);
  for (const auto& [rule, list] : rules) e.by_rule[rule] = Measure(list);
  // Per gesture: recovered cases with that gesture against every case without a recovery
  // (each once, also when it had the gesture too).
  for (const auto& [gesture, list] : gestures) {
    std::vector<const CaseFollowUp*> compared;
    for (const auto* c : list) {
      if (c->recovered) compared.push_back(c);
    }
    for (const auto* c : all) {
      if (!c->recovered) compared.push_back(c);
    }
    e.by_gesture[gesture] = Measure(compared);
  }
  return e;
}

nlohmann::json ToJson(const RecoveryEffect& e) {
  nlohmann::json rules = nlohmann::json::object(), gestures = nlohmann::json::object();
  for (const auto& [k, g] : e.by_rule) rules[k] = GroupJson(g);
  for (const auto& [k, g] : e.by_gesture) gestures[k] = GroupJson(g);
  return {{"overall", GroupJson(e.overall)}, {"by_rule", rules}, {"by_gesture", gestures},
          {"min_cases_per_side_for_interval", kMinCasesPerSideForInterval}};
}

}  // namespace peakend::moments
