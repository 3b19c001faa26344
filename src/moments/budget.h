// Gestures an employee may give without asking anyone, what they cost, the monthly budget per
// role, and the statistics that flag unusual spending for a conversation — never a block.
// The budget itself is enforced atomically by the case store (cases::CaseStore::SpendGesture).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/status.h"

namespace peakend::moments {

struct Gesture {
  std::string name;         // stable key, e.g. "flowers"
  std::string description;  // for people
  std::int64_t cost_cents = 0;
};

// The gestures of one organisation.
class GestureCatalogue {
 public:
  // Flowers, a handwritten card, a replacement sent at once, a voucher, a refund, and a free
  // pickup of a return.
  static GestureCatalogue Defaults();
  // Validates names (lower-case letters, digits, '_'), descriptions and costs.
  static Result<GestureCatalogue> Make(std::vector<Gesture> gestures);

  const std::vector<Gesture>& gestures() const { return gestures_; }
  const Gesture* Find(const std::string& name) const;
  std::string Names() const;  // "flowers, handwritten_card, ..." for messages

 private:
  std::vector<Gesture> gestures_;
};

// Each employee's monthly budget, set by role.
struct BudgetPolicy {
  std::int64_t employee_cents = 15000;
  std::int64_t manager_cents = 40000;
  std::int64_t admin_cents = 40000;
  std::int64_t MonthlyCents(Role role) const;
};

// Robust z-score (median and MAD) of each value against the others. When more than half the
// values are equal (MAD = 0) the mean absolute deviation stands in, so one employee far from
// a crowd of identical peers still stands out. Fewer than limits::kMinPeersForOutliers values
// give no scores.
inline constexpr double kOutlierThreshold = 3.5;  // Iglewicz and Hoaglin's cut-off
std::map<std::string, double> RobustZScores(const std::map<std::string, double>& value_by_key);

// One employee's gestures over a period.
struct EmployeeSpending {
  std::string employee_ref;
  Role role = Role::kEmployee;
  std::int64_t spent_cents = 0;
  int gestures = 0;
  int refunds = 0;
};

struct SpendingFlag {
  std::string employee_ref;
  double spend_z = 0;
  double refund_rate_z = 0;
  bool flagged = false;   // far above peers on spend or refund rate
  std::string reason;     // why, with the numbers; empty when not flagged
};

// Compares each employee with peers of the same role (with everyone when a role has too few
// people). Only spending far ABOVE peers is flagged: the point is a conversation.
std::vector<SpendingFlag> FlagSpendingOutliers(const std::vector<EmployeeSpending>& employees,
                                               double threshold = kOutlierThreshold);

}  // namespace peakend::moments
