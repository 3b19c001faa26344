#include "moments/budget.h"

#include <algorithm>
#include <cmath>

namespace peakend::moments {
namespace {
constexpr double kMadToSigma = 0.6745;  // MAD of a normal distribution is 0.6745 sigma
constexpr std::int64_t kEmployeeBudgetCents = 15000, kManagerBudgetCents = 40000;

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}
}  // namespace

const std::vector<Gesture>& DefaultGestures() {
  static const std::vector<Gesture> gestures = {
      {"flowers", "a bouquet delivered at home", 3500},
      {"handwritten_card", "a personal card from the employee", 500},
      {"replacement", "a replacement sent at once, before the return arrives", 5000},
      {"voucher", "a voucher for the next purchase", 2500},
      {"refund", "a refund without further questions", 5000},
      {"free_pickup", "the return picked up at home for free", 1500},
  };
  return gestures;
}

std::optional<Gesture> FindGesture(const std::string& name) {
  for (const auto& g : DefaultGestures()) {
    if (g.name == name) return g;
  }
  return std::nullopt;
}

std::int64_t MonthlyBudgetCents(Role role) { return role == Role::kEmployee ? kEmployeeBudgetCents : kManagerBudgetCents; }

std::map<std::string, double> RobustZScores(const std::map<std::string, double>& values) {
  std::map<std::string, double> out;
  if (values.size() < 3) return out;
  std::vector<double> v;
  for (const auto& [k, x] : values) v.push_back(x);
  double median = Median(v);
  std::vector<double> deviations;
  for (double x : v) deviations.push_back(std::abs(x - median));
  double mad = Median(deviations);
  for (const auto& [k, x] : values) out[k] = mad > 0 ? kMadToSigma * (x - median) / mad : 0;
  return out;
}

}  // namespace peakend::moments
