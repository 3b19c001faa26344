#include "moments/context.h"

#include <gtest/gtest.h>

namespace peakend::moments {
namespace {

constexpr Timestamp kDay = 86400;
constexpr Timestamp kNow = 1790000000;

Answers Nps(int v) {
  Answers a;
  a.nps = v;
  return a;
}

Answers Csat(int v) {
  Answers a;
  a.csat = v;
  return a;
}

Response Current() {
  Response r;
  r.id = 50;
  r.submitted_at = kNow;
  r.journey_id = "J7";
  r.interaction_ref = "X-now";
  r.answers.nps = 3;
  r.tags = {{"aspect", "delivery", -0.7, "te laat"}};
  return r;
}

TEST(Context, LatestEarlierNpsOnlyFromBefore) {
  CustomerHistory h;
  h.responses = {{10, kNow - 30 * kDay, "J1", Nps(6), {}, {}},
                 {11, kNow - 2 * kDay, "J2", Nps(10), {}, {}},
                 {60, kNow, "J2", Nps(0), {}, {}},       // same second, later id: after
                 {50, kNow, "J7", Nps(3), {}, {}}};      // the response itself
  auto c = BuildContext(Current(), h, RuleConfig{});
  ASSERT_TRUE(c.previous_nps.has_value());
  EXPECT_EQ(*c.previous_nps, 10);
}

TEST(Context, JourneyMomentsInTimeOrder) {
  CustomerHistory h;
  h.responses = {{12, kNow - 1 * kDay, "J7", Csat(5), {}, {}},
                 {11, kNow - 3 * kDay, "J7", Nps(10), {}, {}},
                 {13, kNow - 1 * kDay, "J8", Nps(0), {}, {}}};  // another journey
  auto c = BuildContext(Current(), h, RuleConfig{});
  ASSERT_EQ(c.journey_moments.size(), 2u);
  EXPECT_LT(c.journey_moments[0].at, c.journey_moments[1].at);
  EXPECT_DOUBLE_EQ(c.journey_moments[0].rating, 1.0);
}

TEST(Context, RepeatContactsAboutTheSameJourneyOrAspect) {
  CustomerHistory h;
  h.contacts = {{"X1", kNow - 2 * kDay, InteractionType::kContactPhone, "J7"},
                {"X2", kNow - 20 * kDay, InteractionType::kContactPhone, "J7"},  // outside the window
                {"X3", kNow - 1 * kDay, InteractionType::kOrder, "J7"},          // not a contact
                {"X4", kNow - 1 * kDay, InteractionType::kContactChat, "J9"},    // another journey
                {"X-now", kNow, InteractionType::kContactEmail, "J7"}};          // its own contact
  h.responses = {{20, kNow - 3 * kDay, "J5", Csat(2), -0.5, {"delivery"}},
                 {21, kNow - 3 * kDay, "J6", Csat(2), -0.5, {"price_value"}}};
  auto c = BuildContext(Current(), h, RuleConfig{});
  EXPECT_EQ(c.repeat_contacts, 2);
  EXPECT_EQ(c.repeat_matter, "journey J7 and aspect delivery");
}

// A response sent about a contact, without a journey of its own, is about that contact's journey.
TEST(Context, ARepeatContactIsFoundThroughTheResponsesInteraction) {
  CustomerHistory h;
  h.contacts = {{"X1", kNow - 3 * kDay, InteractionType::kContactPhone, "J7"},
                {"X2", kNow - 2 * kDay, InteractionType::kContactChat, "J7"},
                {"X-now", kNow - 3600, InteractionType::kContactEmail, "J7"}};
  Response r = Current();
  r.journey_id.clear();
  r.tags.clear();
  r.answers.nps = 7;
  auto c = BuildContext(r, h, RuleConfig{});
  EXPECT_EQ(c.repeat_contacts, 2);
  EXPECT_EQ(c.repeat_matter, "journey J7");
}

TEST(Context, NegativeAspectsAreDistinct) {
  Response r;
  r.tags = {{"aspect", "delivery", -0.5, ""}, {"aspect", "delivery", -0.2, ""}, {"aspect", "staff_friendliness", 0.6, ""},
            {"emotion", "anger", 0.9, ""}};
  EXPECT_EQ(NegativeAspects(r), std::vector<std::string>{"delivery"});
}

}  // namespace
}  // namespace peakend::moments
