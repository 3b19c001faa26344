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
  EXPECT_DOUBLE_EQ(*e.overall.came_back_recovered, 1.0);
  EXPECT_DOUBLE_EQ(*e.overall.came_back_other, 0.5);
  EXPECT_GT(*e.overall.came_back_difference_ci_low, 0);  // 0.5 +- 1.96 * sqrt(.25/40) = [.345, .655]
  EXPECT_NEAR(*e.overall.came_back_difference_ci_low, 0.345, 0.001);
  ASSERT_EQ(e.by_gesture.count("flowers"), 1u);
  EXPECT_EQ(e.by_gesture["flowers"].recovered_cases, 40);
  EXPECT_EQ(e.by_rule["very_bad_experience"].other_cases, 40);
  EXPECT_TRUE(ToJson(e).contains("by_gesture"));
}

TEST(Recovery, NoCasesNoEffect) {
  RecoveryEffect e = MeasureRecovery({});
  EXPECT_EQ(e.overall.recovered.n, 0);
  EXPECT_FALSE(e.overall.nps_difference.significant);
  // No data is not "nobody came back" nor a difference known to be zero.
  auto overall = ToJson(e)["overall"];
  EXPECT_TRUE(overall["came_back_recovered"].is_null()) << overall.dump();
  EXPECT_TRUE(overall["came_back_other"].is_null());
  EXPECT_TRUE(overall["came_back_difference_ci"].is_null());
}

TEST(Recovery, OneCaseHasAShareButNoInterval) {
  RecoveryEffect e = MeasureRecovery({{"fall", {}, true, {8}, true}});
  auto overall = ToJson(e)["overall"];
  EXPECT_DOUBLE_EQ(overall["came_back_recovered"].get<double>(), 1.0);
  EXPECT_TRUE(overall["came_back_other"].is_null());
  EXPECT_TRUE(overall["came_back_difference_ci"].is_null());
}

// A case that had the gesture but was not recovered is one of the others, counted once.
TEST(Recovery, AGestureWithoutRecoveryIsCountedOnce) {
  RecoveryEffect e = MeasureRecovery({{"fall", {"flowers"}, true, {9}, true},
                                      {"fall", {"flowers"}, false, {2}, false},
                                      {"fall", {}, false, {4}, true}});
  const GroupEffect& flowers = e.by_gesture["flowers"];
  EXPECT_EQ(flowers.recovered_cases, 1);
  EXPECT_EQ(flowers.other_cases, 2);
  EXPECT_EQ(flowers.not_recovered.n, 2);
  EXPECT_DOUBLE_EQ(*flowers.came_back_other, 0.5);
}

}  // namespace
}  // namespace peakend::moments
