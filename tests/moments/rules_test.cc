#include "moments/rules.h"

#include <gtest/gtest.h>


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
  // A promoter, a satisfied or an easy score outranks a comment's negative words ("friendly
  // staff, but parking was a nightmare").
  for (auto good : {WithAnswers(10), WithAnswers({}, 4), WithAnswers({}, {}, 6), WithAnswers(6, 5)}) {
    good.response.sentiment = -0.8;
    EXPECT_TRUE(Rules(good).empty());
  }
}

TEST(Rules, FallFromPromoterAndBadEnds) {
  MomentContext fall = WithAnswers(6);
  fall.previous_nps = 10;
  EXPECT_EQ(Rules(fall), std::vector<std::string>{"fall"});
  MomentContext stays = WithAnswers(6);
  stays.previous_nps = 8;  // a passive before: not a fall from promoter
  EXPECT_TRUE(Rules(stays).empty());
  // NPS 6 normalises to +0.2; after a middle of 0.85 that is a drop of 0.65: below 0.8.
  MomentContext end = WithAnswers(6);
  end.journey_moments = {{100, 0.9}, {200, 0.8}};
  EXPECT_TRUE(Rules(end).empty());
  // NPS 5 is 0.0: a drop of 0.85. The peak-end memory goes in the reason.
  end.response.answers.nps = 5;
  auto hits = Evaluate(end);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].rule, "fall");
  EXPECT_NE(hits[0].reason.find("ends at +0.00 after a middle of +0.85"), std::string::npos) << hits[0].reason;
  EXPECT_NE(hits[0].reason.find("Remembered (peak-end)"), std::string::npos) << hits[0].reason;
  // A bad end after a middle that was never good is no fall.
  end.journey_moments = {{100, 0.1}, {200, 0.1}};
  end.response.answers.nps = 0;
  EXPECT_EQ(Rules(end), std::vector<std::string>{"very_bad_experience"});
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
  effort.repeat_contacts = 2;
  effort.repeat_matter = "journey J7";
  auto effort_hits = Evaluate(effort);
  ASSERT_EQ(effort_hits.size(), 1u);
  EXPECT_EQ(effort_hits[0].rule, "effort");
  EXPECT_NE(effort_hits[0].reason.find("3 times within 7 days about journey J7"), std::string::npos);
  effort.repeat_contacts = 0;
  EXPECT_TRUE(Rules(effort).empty());
  MomentContext solved = WithAnswers(9);  // contacted again, but happy now: no effort case
  solved.repeat_contacts = 3;
  EXPECT_TRUE(Rules(solved).empty());

  MomentContext gold = WithAnswers(5);
  gold.customer_segment = "gold";
  EXPECT_EQ(Rules(gold), std::vector<std::string>{"high_value_at_risk"});
  gold.customer_segment = "  Gold ";  // as a CRM export writes it
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

TEST(Rules, TunedPrioritySlaAndActions) {
  MomentContext c = WithAnswers(1);
  c.response.tags = {{"life_event", "birth", 1, "onze dochter is geboren"}};
  RuleConfig cfg;
  cfg.rules["life_event"].priority = 1;
  cfg.rules["life_event"].sla_hours = 4;
  cfg.rules["life_event"].suggested_actions = {"Send the baby card."};
  cfg.rules["very_bad_experience"].priority = 2;
  auto hits = Evaluate(c, cfg);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].rule, "life_event");
  EXPECT_EQ(hits[0].sla_hours, 4);
  EXPECT_EQ(hits[0].suggested_actions, std::vector<std::string>{"Send the baby card."});
  EXPECT_EQ(hits[1].sla_hours, 24);
  EXPECT_FALSE(hits[1].suggested_actions.empty());
}

TEST(Rules, PraiseNeverFiresBesideAnUnhappyRule) {
  MomentContext c = WithAnswers(10);
  c.response.sentiment = 0.9;
  c.response.answers.ease = 1;  // one E at the bottom: a very bad part of the experience
  EXPECT_EQ(Rules(c), std::vector<std::string>{"very_bad_experience"});
}

TEST(Rules, EveryRuleHasANameAndActions) {
  EXPECT_EQ(RuleNames().size(), 6u);
  for (const auto& name : RuleNames()) {
    EXPECT_TRUE(IsKnownRule(name));
    EXPECT_FALSE(DefaultActions(name).empty()) << name;
  }
  EXPECT_FALSE(IsKnownRule("everything"));
}

}  // namespace
}  // namespace peakend::moments

