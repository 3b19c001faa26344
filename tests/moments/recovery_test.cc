#include "moments/recovery.h"

#include <gtest/gtest.h>

namespace peakend::moments {
namespace {

TEST(Recovery, RecoveredCustomersComeBackHappier) {
  std::vector<CaseFollowUp> cases;
  for (int i = 0; i < 40; ++i) cases.push_back({"very_bad_experience", {"flowers"}, true, {9, 10}, true});
  for (int i = 0; i < 40; ++i) cases.push_back({"very_bad_experience", {}, false, {3, 6}, i % 2 == 0});
  RecoveryEffect e = MeasureRecovery(cases);
  EXPECT_DOUBLE_EQ(e.overall.recovered.value, 100);
  EXPECT_DOUBLE_EQ(e.overall.not_recovered.value, -100);
  EXPECT_TRUE(e.overall.nps_difference.significant);
  EXPECT_DOUBLE_EQ(e.overall.came_back_recovered, 1.0);
  EXPECT_DOUBLE_EQ(e.overall.came_back_other, 0.5);
  EXPECT_GT(e.overall.came_back_difference_ci_low, 0);  // 0.5 +- 1.96 * sqrt(.25/40) = [.345, .655]
  EXPECT_NEAR(e.overall.came_back_difference_ci_low, 0.345, 0.001);
  ASSERT_EQ(e.by_gesture.count("flowers"), 1u);
  EXPECT_EQ(e.by_gesture["flowers"].recovered_cases, 40);
  EXPECT_EQ(e.by_rule["very_bad_experience"].other_cases, 40);
  EXPECT_TRUE(ToJson(e).contains("by_gesture"));
}

TEST(Recovery, NoCasesNoEffect) {
  RecoveryEffect e = MeasureRecovery({});
  EXPECT_EQ(e.overall.recovered.n, 0);
  EXPECT_FALSE(e.overall.nps_difference.significant);
}

}  // namespace
}  // namespace peakend::moments
