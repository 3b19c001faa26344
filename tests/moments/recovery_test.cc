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
  // Newcombe's hybrid score interval of 40/40 - 20/40 (the normal approximation gave [.345, .655]).
  EXPECT_FALSE(e.overall.low_confidence);
  EXPECT_NEAR(*e.overall.came_back_difference_ci_low, 0.328, 0.001);
  EXPECT_NEAR(*e.overall.came_back_difference_ci_high, 0.648, 0.001);
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

// A recovered case or two against a few others is no measured effect: the shares are given, the
// interval of their difference is not, and the group says so. From the minimum on each side the
// interval is Newcombe's, which holds the shares' uncertainty also when one is 0 or 1.
TEST(Recovery, TooFewCasesOnASideGiveNoIntervalButLowConfidence) {
  std::vector<CaseFollowUp> cases = {{"high_value_at_risk", {"handwritten_card"}, true, {}, false}};
  for (int i = 0; i < 3; ++i) cases.push_back({"high_value_at_risk", {}, false, {}, i < 2});
  RecoveryEffect e = MeasureRecovery(cases);
  auto group = ToJson(e)["by_rule"]["high_value_at_risk"];
  EXPECT_DOUBLE_EQ(group["came_back_recovered"].get<double>(), 0.0);
  EXPECT_NEAR(group["came_back_other"].get<double>(), 0.667, 0.001);
  EXPECT_TRUE(group["came_back_difference_ci"].is_null()) << group.dump();
  EXPECT_TRUE(group["low_confidence"].get<bool>());
  EXPECT_TRUE(ToJson(e)["by_gesture"]["handwritten_card"]["low_confidence"].get<bool>());
  EXPECT_EQ(ToJson(e)["min_cases_per_side_for_interval"], kMinCasesPerSideForInterval);

  cases.clear();
  for (int i = 0; i < kMinCasesPerSideForInterval; ++i) cases.push_back({"fall", {}, true, {}, false});
  for (int i = 0; i < kMinCasesPerSideForInterval + 2; ++i) cases.push_back({"fall", {}, false, {}, i < 8});
  GroupEffect fall = MeasureRecovery(cases).overall;
  EXPECT_FALSE(fall.low_confidence);
  ASSERT_TRUE(fall.came_back_difference_ci_low.has_value());
  EXPECT_NEAR(*fall.came_back_difference_ci_low, -0.862, 0.001);  // 0/10 - 8/12, not a point at -0.667
  EXPECT_NEAR(*fall.came_back_difference_ci_high, -0.275, 0.001);
}

CaseRecord CaseAt(CaseState state, std::optional<Timestamp> contacted_at) {
  CaseRecord c;
  c.state = state;
  c.created_at = 1000;
  c.due_at = 5000;
  c.contacted_at = contacted_at;
  return c;
}

// Recovered: resolved after a contact before the due time, also when the case was closed since.
TEST(Recovery, RecoveredMeansResolvedAfterAContactInTime) {
  EXPECT_TRUE(RecoveredInTime(CaseAt(CaseState::kResolved, 4000), false));
  EXPECT_FALSE(RecoveredInTime(CaseAt(CaseState::kResolved, 6000), false));  // contacted late
  EXPECT_FALSE(RecoveredInTime(CaseAt(CaseState::kResolved, std::nullopt), false));
  EXPECT_TRUE(RecoveredInTime(CaseAt(CaseState::kClosed, 4000), true));
  EXPECT_FALSE(RecoveredInTime(CaseAt(CaseState::kClosed, 4000), false));  // closed without a resolution
  EXPECT_FALSE(RecoveredInTime(CaseAt(CaseState::kContacted, 4000), false));
}

// A case not recovered is compared only once its due time has passed: until then it may still
// be recovered in time, and its customer could not have come back yet.
TEST(Recovery, ACaseNotYetDueIsNotAmongTheOthers) {
  CaseRecord open = CaseAt(CaseState::kNew, std::nullopt);
  EXPECT_FALSE(ComparableAt(open, false, 2000));
  EXPECT_FALSE(ComparableAt(open, false, 5000));
  EXPECT_TRUE(ComparableAt(open, false, 5001));
  EXPECT_TRUE(ComparableAt(CaseAt(CaseState::kResolved, 1500), true, 2000));  // recovered: decided
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
