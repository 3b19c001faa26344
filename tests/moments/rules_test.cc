#include "moments/rules.h"

#include <gtest/gtest.h>

#include "moments/budget.h"

namespace peakend::moments {
namespace {

MomentContext WithAnswers(std::optional<int> nps, std::optional<int> csat = {}, std::optional<int> ces = {}) {
  MomentContext c;
  c.response.answers.nps = nps;
  c.response.answers.csat = csat;
  c.response.answers.ces = ces;
  return c;
}

std::vector<std::string> Rules(const MomentContext& c, const RuleConfig& cfg = {}) {
  std::vector<std::string> out;
  for (const auto& h : Evaluate(c, cfg)) out.push_back(h.rule);
  return out;
}

TEST(Rules, VeryBadExperienceOnEachScale) {
  EXPECT_EQ(Rules(WithAnswers(4)), std::vector<std::string>{"very_bad_experience"});
  EXPECT_EQ(Rules(WithAnswers({}, 1)), std::vector<std::string>{"very_bad_experience"});
  EXPECT_EQ(Rules(WithAnswers({}, {}, 2)), std::vector<std::string>{"very_bad_experience"});
  MomentContext e = WithAnswers({});
  e.response.answers.emotion = 1;
  EXPECT_EQ(Rules(e), std::vector<std::string>{"very_bad_experience"});
  MomentContext text = WithAnswers(7);
  text.response.sentiment = -0.8;
  EXPECT_EQ(Rules(text), std::vector<std::string>{"very_bad_experience"});
}

TEST(Rules, OrdinaryAnswersOpenNothing) {
  EXPECT_TRUE(Rules(WithAnswers(5)).empty());  // a detractor, but not very bad
  EXPECT_TRUE(Rules(WithAnswers(7, 3, 4)).empty());
  EXPECT_TRUE(Rules(WithAnswers({}, 2)).empty());
  EXPECT_TRUE(Rules(WithAnswers({}, {}, 3)).empty());
  MomentContext mild = WithAnswers(8);
  mild.response.sentiment = -0.3;
  EXPECT_TRUE(Rules(mild).empty());
}

TEST(Rules, FallFromPromoterAndBadEnds) {
  MomentContext fall = WithAnswers(6);
  fall.previous_nps = 10;
  EXPECT_EQ(Rules(fall), std::vector<std::string>{"fall"});
  MomentContext stays = WithAnswers(6);
  stays.previous_nps = 8;  // a passive before: not a fall from promoter
  EXPECT_TRUE(Rules(stays).empty());
  MomentContext end = WithAnswers(6);
  end.journey_ratings = {0.9, 0.8};
  end.this_rating = -0.2;  // middle 0.85, end -0.2: a drop of 1.05
  auto hits = Evaluate(end);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].rule, "fall");
  EXPECT_NE(hits[0].reason.find("ends badly"), std::string::npos);
  end.this_rating = 0.3;  // a drop of 0.55 is below the threshold
  EXPECT_TRUE(Rules(end).empty());
}

TEST(Rules, LifeEventsPraiseEffortAndValue) {
  MomentContext life = WithAnswers(8);
  life.response.tags = {{"life_event", "illness", 1, "voor mijn moeder die ziek is"}};
  EXPECT_EQ(Rules(life), std::vector<std::string>{"life_event"});

  MomentContext praise = WithAnswers(10);
  praise.response.sentiment = 0.8;
  praise.response.tags = {{"mention", "E1", 0.8, "Sanne hielp me geweldig"}};
  auto hits = Evaluate(praise);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].rule, "praise");
  EXPECT_NE(hits[0].reason.find("E1"), std::string::npos);
  MomentContext faint = WithAnswers(9);
  faint.response.sentiment = 0.2;  // a promoter without strong words is not a peak of praise
  EXPECT_TRUE(Rules(faint).empty());

  MomentContext effort = WithAnswers(6, {}, 3);
  effort.contacts_in_effort_window = 2;
  EXPECT_EQ(Rules(effort), std::vector<std::string>{"effort"});
  effort.contacts_in_effort_window = 0;
  EXPECT_TRUE(Rules(effort).empty());

  MomentContext gold = WithAnswers(5);
  gold.customer_segment = "gold";
  EXPECT_EQ(Rules(gold), std::vector<std::string>{"high_value_at_risk"});
  gold.customer_segment = "regular";
  EXPECT_TRUE(Rules(gold).empty());
}

TEST(Rules, PriorityOrderAndSwitchingOff) {
  MomentContext c = WithAnswers(1);
  c.customer_segment = "gold";
  c.response.tags = {{"life_event", "death_funeral", 1, "na het overlijden van mijn man"}};
  EXPECT_EQ(Rules(c), (std::vector<std::string>{"very_bad_experience", "high_value_at_risk", "life_event"}));
  RuleConfig cfg;
  cfg.disabled = {"very_bad_experience"};
  EXPECT_EQ(Rules(c, cfg), (std::vector<std::string>{"high_value_at_risk", "life_event"}));
  EXPECT_EQ(Evaluate(c)[0].sla_hours, 24);  // detractors: contact within a day
}

TEST(Budget, CatalogueRolesAndOutliers) {
  ASSERT_TRUE(FindGesture("flowers").has_value());
  EXPECT_FALSE(FindGesture("car").has_value());
  EXPECT_GT(MonthlyBudgetCents(Role::kManager), MonthlyBudgetCents(Role::kEmployee));
  // Peers spend 20..30; one spends 200. Median 25, MAD 2.5 -> z = 0.6745 * 175 / 2.5 = 47.2
  std::map<std::string, double> spend = {{"a", 20}, {"b", 25}, {"c", 30}, {"d", 22}, {"e", 28}, {"x", 200}};
  auto z = RobustZScores(spend);
  EXPECT_GT(z["x"], kOutlierThreshold);
  EXPECT_LT(std::abs(z["b"]), 1.0);
  EXPECT_TRUE(RobustZScores({{"a", 1}, {"b", 2}}).empty());  // too few peers to compare
}

}  // namespace
}  // namespace peakend::moments

#include "moments/recovery.h"

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

#include "moments/sla.h"

namespace peakend::moments {
namespace {

TEST(Sla, AlwaysCountsEveryHour) {
  EXPECT_EQ(DueAt(1000, 24, BusinessHours{}), 1000 + 24 * 3600);
}

TEST(Sla, BusinessHoursSkipNightsAndWeekends) {
  auto b = ParseBusinessHours("mon-fri 09:00-17:00 Europe/Amsterdam");
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  // Friday 2026-03-06 16:00 Amsterdam (15:00 UTC, winter time) + 24 business hours:
  // 1 h on Friday, 8 h Monday, 8 h Tuesday, 7 h Wednesday -> Wednesday 16:00 local = 15:00 UTC.
  Timestamp friday = *ParseTimestamp("2026-03-06T15:00:00Z");
  EXPECT_EQ(FormatTimestamp(DueAt(friday, 24, *b)), "2026-03-11T15:00:00Z");
  // Saturday night: the clock starts Monday 09:00 local.
  Timestamp saturday = *ParseTimestamp("2026-03-07T22:00:00Z");
  EXPECT_EQ(FormatTimestamp(DueAt(saturday, 2, *b)), "2026-03-09T10:00:00Z");
  // Summer time: 09:00 Amsterdam is 07:00 UTC.
  Timestamp summer_morning = *ParseTimestamp("2026-07-01T05:00:00Z");
  EXPECT_EQ(FormatTimestamp(DueAt(summer_morning, 1, *b)), "2026-07-01T08:00:00Z");
}

TEST(Sla, ParsesDayListsAndRejectsNonsense) {
  auto b = ParseBusinessHours("mon,wed,sat 10:00-14:00 UTC");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->weekdays, (std::set<int>{1, 3, 6}));
  EXPECT_TRUE(ParseBusinessHours("always")->always);
  for (const char* bad : {"weekdays 9-5", "mon-fri 17:00-09:00", "mon-fri 09:00-17:00 Mars/Base", "fun-fri 09:00-17:00"}) {
    EXPECT_FALSE(ParseBusinessHours(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace peakend::moments
