#include "moments/budget.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "moments/moments_limits.h"

namespace peakend::moments {
namespace {

constexpr double kMadToSigma = 0.6745;       // MAD of a normal distribution is 0.6745 sigma
constexpr double kMeanAdToSigma = 0.7979;    // mean absolute deviation of a normal is 0.7979 sigma
constexpr std::size_t kMaxGestureNameBytes = 40;
constexpr std::size_t kMaxGestureDescriptionBytes = 200;

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

bool ValidName(const std::string& name) {
  if (name.empty() || name.size() > kMaxGestureNameBytes) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

std::string Euros(std::int64_t cents) { return fmt::format("{:.2f}", cents / 100.0); }

}  // namespace

GestureCatalogue GestureCatalogue::Defaults() {
  GestureCatalogue c;
  c.gestures_ = {
      {"flowers", "a bouquet delivered at home", 3500},
      {"handwritten_card", "a personal card from the employee", 500},
      {"replacement", "a replacement sent at once, before the return arrives", 5000},
      {"voucher", "a voucher for the next purchase", 2500},
      {"refund", "a refund without further questions", 5000},
      {"free_pickup", "the return picked up at home for free", 1500},
  };
  return c;
}

Result<GestureCatalogue> GestureCatalogue::Make(std::vector<Gesture> gestures) {
  if (gestures.empty() || gestures.size() > limits::kMaxGestures) {
    return Status::InvalidArgument("the gesture catalogue needs 1 to " + std::to_string(limits::kMaxGestures) +
                                   " gestures, not " + std::to_string(gestures.size()), "gestures");
  }
  GestureCatalogue c;
  for (auto& g : gestures) {
    if (!ValidName(g.name)) {
      return Status::InvalidArgument("gesture name '" + g.name + "' must be 1 to " + std::to_string(kMaxGestureNameBytes) +
                                     " lower-case letters, digits or '_'", "gestures.name");
    }
    if (c.Find(g.name)) return Status::InvalidArgument("gesture '" + g.name + "' is listed twice", "gestures.name");
    if (g.cost_cents < 0 || g.cost_cents > limits::kMaxGestureCostCents) {
      return Status::InvalidArgument("gesture '" + g.name + "' costs " + std::to_string(g.cost_cents) +
                                     " cents; allowed 0 to " + std::to_string(limits::kMaxGestureCostCents),
                                     "gestures.cost_cents");
    }
    if (g.description.size() > kMaxGestureDescriptionBytes) {
      return Status::InvalidArgument("the description of gesture '" + g.name + "' is longer than " +
                                     std::to_string(kMaxGestureDescriptionBytes) + " bytes", "gestures.description");
    }
    c.gestures_.push_back(std::move(g));
  }
  return c;
}

const Gesture* GestureCatalogue::Find(const std::string& name) const {
  for (const auto& g : gestures_) {
    if (g.name == name) return &g;
  }
  return nullptr;
}

std::string GestureCatalogue::Names() const {
  std::string out;
  for (const auto& g : gestures_) out += (out.empty() ? "" : ", ") + g.name;
  return out;
}

std::int64_t BudgetPolicy::MonthlyCents(Role role) const {
  switch (role) {
    case Role::kEmployee: return employee_cents;
    case Role::kManager: return manager_cents;
    case Role::kAdmin: return admin_cents;
  }
  return employee_cents;
}

std::map<std::string, double> RobustZScores(const std::map<std::string, double>& values) {
  std::map<std::string, double> out;
  if (values.size() < limits::kMinPeersForOutliers) return out;
  std::vector<double> v;
  for (const auto& [k, x] : values) v.push_back(x);
  double median = Median(v);
  std::vector<double> deviations;
  double mean_deviation = 0;
  for (double x : v) {
    deviations.push_back(std::abs(x - median));
    mean_deviation += std::abs(x - median);
  }
  mean_deviation /= static_cast<double>(v.size());
  double mad = Median(deviations);
  for (const auto& [k, x] : values) {
    if (mad > 0) out[k] = kMadToSigma * (x - median) / mad;
    else if (mean_deviation > 0) out[k] = kMeanAdToSigma * (x - median) / mean_deviation;
    else out[k] = 0;
  }
  return out;
}

std::vector<SpendingFlag> FlagSpendingOutliers(const std::vector<EmployeeSpending>& employees, double threshold) {
  std::map<Role, std::vector<const EmployeeSpending*>> by_role;
  for (const auto& e : employees) by_role[e.role].push_back(&e);
  std::vector<SpendingFlag> out;
  for (const auto& e : employees) {
    // Peers: the same role when there are enough of them, else everyone.
    std::vector<const EmployeeSpending*> peers;
    if (by_role[e.role].size() >= limits::kMinPeersForOutliers) {
      peers = by_role[e.role];
    } else {
      for (const auto& p : employees) peers.push_back(&p);
    }
    std::map<std::string, double> spend, refund_rate;
    for (const auto* p : peers) {
      spend[p->employee_ref] = static_cast<double>(p->spent_cents);
      if (p->gestures > 0) refund_rate[p->employee_ref] = static_cast<double>(p->refunds) / p->gestures;
    }
    SpendingFlag f;
    f.employee_ref = e.employee_ref;
    auto zs = RobustZScores(spend);
    auto zr = RobustZScores(refund_rate);
    if (zs.count(e.employee_ref)) f.spend_z = zs[e.employee_ref];
    if (zr.count(e.employee_ref)) f.refund_rate_z = zr[e.employee_ref];
    std::vector<std::string> why;
    if (f.spend_z > threshold) {
      why.push_back(fmt::format("spent {} (robust z {:.1f} against {} peers)", Euros(e.spent_cents), f.spend_z, peers.size()));
    }
    if (f.refund_rate_z > threshold) {
      why.push_back(fmt::format("{} of {} gestures were refunds (robust z {:.1f})", e.refunds, e.gestures, f.refund_rate_z));
    }
    f.flagged = !why.empty();
    for (const auto& w : why) f.reason += (f.reason.empty() ? "" : "; ") + w;
    if (f.flagged) f.reason += ": worth a conversation, never a block";
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace peakend::moments
