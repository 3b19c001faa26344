// Recovery effect: do customers whose case was resolved in time come back happier than
// comparable customers whose case was not (or late)? Later NPS and the share who came back,
// with a confidence interval for the difference, overall, per rule and per gesture.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/model.h"
#include "scores/metrics.h"
#include "store/case_store.h"

namespace peakend::moments {

// Fewer cases than this on either side of a comparison give no interval for the difference in
// the share that came back (it is null, and the group says low_confidence): with a handful of
// cases any interval says more about chance than about the recovery.
inline constexpr std::int64_t kMinCasesPerSideForInterval = 10;

struct CaseFollowUp {
  std::string rule;
  std::vector<std::string> gestures;
  bool recovered = false;           // resolved, and contacted before its due time
  std::vector<int> later_nps;       // the customer's NPS answers after the case opened
  bool came_back = false;           // any later interaction of the customer
};

// Whether a case was recovered in time: resolved (and perhaps closed since, which
// `resolved_before_closing` says from its history) after a contact before its due time.
bool RecoveredInTime(const CaseRecord& c, bool resolved_before_closing);

// Whether a case belongs in the comparison at `now`. A case not recovered counts among the
// others only once its due time has passed: until then it may still be recovered in time, and
// its customer has had no time to come back.
bool ComparableAt(const CaseRecord& c, bool recovered, Timestamp now);

struct GroupEffect {
  scores::NpsResult recovered, not_recovered;
  scores::NpsComparison nps_difference;  // recovered - not recovered
  std::int64_t recovered_cases = 0, other_cases = 0;
  // Shares, 0..1, absent for a group without cases, and the interval of their difference
  // (Newcombe's) absent unless both groups have kMinCasesPerSideForInterval cases: "no data"
  // never reads as "no difference", nor a case or two as a measured effect.
  std::optional<double> came_back_recovered, came_back_other;
  std::optional<double> came_back_difference_ci_low, came_back_difference_ci_high;
  bool low_confidence = true;  // fewer than kMinCasesPerSideForInterval cases on a side
};

struct RecoveryEffect {
  GroupEffect overall;
  std::map<std::string, GroupEffect> by_rule, by_gesture;
};

RecoveryEffect MeasureRecovery(const std::vector<CaseFollowUp>& cases);
nlohmann::json ToJson(const RecoveryEffect& effect);

}  // namespace peakend::moments
