// Gestures an employee may give without asking anyone, their cost, the monthly budget per
// role, and the statistics that flag unusual spending for a conversation (never a block).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model.h"

namespace peakend::moments {

struct Gesture {
  std::string name;
  std::string description;
  std::int64_t cost_cents;
};

const std::vector<Gesture>& DefaultGestures();
std::optional<Gesture> FindGesture(const std::string& name);
std::int64_t MonthlyBudgetCents(Role role);

// Robust z-score (median / MAD) of each employee's spend against peers; those beyond
// `threshold` are flagged for a conversation.
inline constexpr double kOutlierThreshold = 3.5;
std::map<std::string, double> RobustZScores(const std::map<std::string, double>& value_by_employee);

}  // namespace peakend::moments
