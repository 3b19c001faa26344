// Recovery effect: do customers whose case was resolved in time come back happier than
// comparable customers whose case was not (or late)? Later NPS and the share who came back,
// with a confidence interval for the difference, overall, per rule and per gesture.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "scores/metrics.h"

namespace peakend::moments {

struct CaseFollowUp {
  std::string rule;
  std::vector<std::string> gestures;
  bool recovered = false;           // resolved, and contacted before its due time
  std::vector<int> later_nps;       // the customer's NPS answers after the case opened
  bool came_back = false;           // any later interaction of the customer
};

struct GroupEffect {
  scores::NpsResult recovered, not_recovered;
  scores::NpsComparison nps_difference;  // recovered - not recovered
  std::int64_t recovered_cases = 0, other_cases = 0;
  // Shares, 0..1, absent for a group without cases, and the interval of their difference
  // absent unless both groups have cases: "no data" never reads as "no difference".
  std::optional<double> came_back_recovered, came_back_other;
  std::optional<double> came_back_difference_ci_low, came_back_difference_ci_high;
};

struct RecoveryEffect {
  GroupEffect overall;
  std::map<std::string, GroupEffect> by_rule, by_gesture;
};

RecoveryEffect MeasureRecovery(const std::vector<CaseFollowUp>& cases);
nlohmann::json ToJson(const RecoveryEffect& effect);

}  // namespace peakend::moments
