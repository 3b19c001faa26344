#include "moments/budget.h"

#include <cmath>

#include <gtest/gtest.h>

namespace peakend::moments {
namespace {

TEST(Budget, DefaultCatalogueAndRoles) {
  auto catalogue = GestureCatalogue::Defaults();
  ASSERT_NE(catalogue.Find("flowers"), nullptr);
  EXPECT_EQ(catalogue.Find("car"), nullptr);
  EXPECT_NE(catalogue.Names().find("free_pickup"), std::string::npos);
  BudgetPolicy policy;
  EXPECT_GT(policy.MonthlyCents(Role::kManager), policy.MonthlyCents(Role::kEmployee));
}

TEST(Budget, CatalogueRejectsBadGestures) {
  EXPECT_TRUE(GestureCatalogue::Make({{"cake", "a cake", 2000}}).ok());
  EXPECT_EQ(GestureCatalogue::Make({}).status().field(), "gestures");
  EXPECT_EQ(GestureCatalogue::Make({{"Big Cake", "", 10}}).status().field(), "gestures.name");
  EXPECT_EQ(GestureCatalogue::Make({{"cake", "", 10}, {"cake", "", 20}}).status().field(), "gestures.name");
  EXPECT_EQ(GestureCatalogue::Make({{"cake", "", -1}}).status().field(), "gestures.cost_cents");
}

TEST(Budget, RobustZScores) {
  // 20, 22, 25, 28, 30, 200: median 26.5; deviations 6.5, 4.5, 1.5, 1.5, 3.5, 173.5 give a MAD
  // of (3.5 + 4.5) / 2 = 4, so z = 0.6745 * (200 - 26.5) / 4 = 29.26.
  std::map<std::string, double> spend = {{"a", 20}, {"b", 25}, {"c", 30}, {"d", 22}, {"e", 28}, {"x", 200}};
  auto z = RobustZScores(spend);
  EXPECT_NEAR(z["x"], 29.26, 0.005);
  EXPECT_LT(std::abs(z["b"]), 1.0);
  EXPECT_TRUE(RobustZScores({{"a", 1}, {"b", 2}}).empty());  // too few peers to compare
  // Most peers spent nothing (MAD 0): the mean absolute deviation still singles out the one.
  auto crowd = RobustZScores({{"a", 0}, {"b", 0}, {"c", 0}, {"d", 0}, {"e", 0}, {"x", 100}});
  EXPECT_GT(crowd["x"], kOutlierThreshold);
  EXPECT_DOUBLE_EQ(crowd["a"], 0);  // at the median
}

TEST(Budget, FlagsOnlySpendingFarAbovePeers) {
  std::vector<EmployeeSpending> staff;
  for (int i = 0; i < 8; ++i) staff.push_back({"E" + std::to_string(i), Role::kEmployee, 2000 + 100 * i, 2, 0});
  staff.push_back({"BIG", Role::kEmployee, 14000, 10, 8});
  staff.push_back({"LOW", Role::kEmployee, 0, 0, 0});
  staff.push_back({"M1", Role::kManager, 30000, 5, 0});  // a lone manager is compared with everyone
  auto flags = FlagSpendingOutliers(staff);
  ASSERT_EQ(flags.size(), staff.size());
  for (const auto& f : flags) {
    if (f.employee_ref == "BIG") {
      EXPECT_TRUE(f.flagged);
      EXPECT_NE(f.reason.find("spent 140.00"), std::string::npos) << f.reason;
      EXPECT_NE(f.reason.find("8 of 10 gestures were refunds"), std::string::npos) << f.reason;
      EXPECT_NE(f.reason.find("never a block"), std::string::npos);
    } else if (f.employee_ref == "LOW") {
      EXPECT_FALSE(f.flagged);  // spending little is never a problem
    } else if (f.employee_ref != "M1") {
      EXPECT_FALSE(f.flagged) << f.employee_ref << ": " << f.reason;
    }
  }
}

}  // namespace
}  // namespace peakend::moments
