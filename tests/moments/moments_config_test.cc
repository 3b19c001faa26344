#include "moments/moments_config.h"

#include <gtest/gtest.h>

namespace peakend::moments {
namespace {

TEST(MomentsConfig, EmptyDocumentKeepsTheDefaults) {
  auto c = ParseMomentsConfig("{}");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->rules.detractor_sla_hours, 24);
  EXPECT_NE(c->gestures.Find("flowers"), nullptr);
  EXPECT_EQ(c->budgets.MonthlyCents(Role::kEmployee), 15000);
}

TEST(MomentsConfig, TunesRulesGesturesAndBudgets) {
  auto c = ParseMomentsConfig(R"({
    "dedupe_days": 7,
    "business_hours": "mon-sat 08:30-18:00 Europe/Amsterdam",
    "rules": {
      "praise": {"enabled": false},
      "very_bad_experience": {"nps_max": 3, "sentiment_max": -0.7, "sla_hours": 8},
      "effort": {"window_days": 14, "min_repeats": 2, "priority": 1, "actions": ["Call back yourself."]},
      "high_value_at_risk": {"segments": ["platinum"]}
    },
    "gestures": [{"name": "coffee", "description": "coffee on the house", "cost_cents": 300}],
    "monthly_budget_cents": {"employee": 5000}
  })");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_FALSE(c->rules.Enabled("praise"));
  EXPECT_EQ(c->rules.very_bad_nps_max, 3);
  EXPECT_DOUBLE_EQ(c->rules.very_bad_sentiment, -0.7);
  EXPECT_EQ(c->rules.SlaHoursOf("very_bad_experience"), 8);
  EXPECT_EQ(c->rules.SlaHoursOf("fall"), 24);
  EXPECT_EQ(c->rules.effort_window_days, 14);
  EXPECT_EQ(c->rules.PriorityOf("effort"), 1);
  EXPECT_EQ(c->rules.ActionsOf("effort"), std::vector<std::string>{"Call back yourself."});
  EXPECT_EQ(c->rules.high_value_segments, std::set<std::string>{"platinum"});
  EXPECT_FALSE(c->rules.business_hours.always);
  EXPECT_EQ(c->gestures.gestures().size(), 1u);
  EXPECT_EQ(c->gestures.Find("flowers"), nullptr);  // a list replaces the catalogue
  EXPECT_EQ(c->budgets.MonthlyCents(Role::kEmployee), 5000);
  EXPECT_EQ(c->budgets.MonthlyCents(Role::kManager), 40000);
}

TEST(MomentsConfig, ErrorsNameTheKey) {
  struct Case {
    const char* json;
    const char* field;
  };
  for (const auto& [json, field] : std::vector<Case>{
           {R"({"rules": {"praise": {"nps_min": 11}}})", "rules.praise.nps_min"},
           {R"({"rules": {"praise": {"npsmin": 9}}})", "rules.praise.npsmin"},
           {R"({"rules": {"kindness": {}}})", "rules.kindness"},
           {R"({"dedupe": 3})", "dedupe"},
           {R"({"business_hours": "whenever"})", "business_hours"},
           {R"({"gestures": [{"name": "cake"}]})", "gestures.cost_cents"},
           {R"({"monthly_budget_cents": {"intern": 100}})", "monthly_budget_cents.intern"},
           {R"({"rules": {"effort": {"window_days": "seven"}}})", "rules.effort.window_days"},
       }) {
    auto c = ParseMomentsConfig(json);
    ASSERT_FALSE(c.ok()) << json;
    EXPECT_EQ(c.status().field(), field) << json << ": " << c.status().ToString();
  }
  EXPECT_FALSE(ParseMomentsConfig("[1,2]").ok());
  EXPECT_FALSE(ParseMomentsConfig("{\"rules\":").ok());
}

}  // namespace
}  // namespace peakend::moments
