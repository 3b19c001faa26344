#include "scores/peak_end.h"

#include <gtest/gtest.h>

namespace peakend::scores {
namespace {

TEST(PeakEnd, KahnemansWorkedExample) {
  // Pain ratings on 0..10 over a procedure: the worst moment was 8 and the last 1. People
  // remember it as (8 + 1) / 2 = 4.5, whatever its length or average.
  std::vector<RatedMoment> moments = {{1, 2}, {2, 5}, {3, 8}, {4, 6}, {5, 3}, {6, 1}};
  auto r = RememberedExperience(moments);
  ASSERT_TRUE(r.has_value());
  EXPECT_DOUBLE_EQ(r->peak, 8);
  EXPECT_DOUBLE_EQ(r->end, 1);
  EXPECT_DOUBLE_EQ(r->remembered, 4.5);
  EXPECT_DOUBLE_EQ(r->average, 25.0 / 6);
  EXPECT_DOUBLE_EQ(r->difference, 4.5 - 25.0 / 6);
}

TEST(PeakEnd, GoodMiddleBadEnd) {
  // Great order (+1), fine delivery (+0.2), rude return (-0.8): peak +1 -> remembered +0.1, average +0.133.
  auto r = RememberedExperience({{10, 1.0}, {20, 0.2}, {30, -0.8}});
  ASSERT_TRUE(r.has_value());
  EXPECT_DOUBLE_EQ(r->peak, 1.0);
  EXPECT_DOUBLE_EQ(r->end, -0.8);
  EXPECT_NEAR(r->remembered, 0.1, 1e-12);
}

TEST(PeakEnd, TiesGoToTheLaterMomentAndInputOrderDoesNotMatter) {
  auto r = RememberedExperience({{30, 0.1}, {20, -0.6}, {10, 0.6}});
  ASSERT_TRUE(r.has_value());
  EXPECT_DOUBLE_EQ(r->peak, -0.6);  // |0.6| == |-0.6|; -0.6 came later (t=20)
  EXPECT_EQ(r->peak_at, 20);
  EXPECT_DOUBLE_EQ(r->end, 0.1);
}

TEST(PeakEnd, WeightsAreConfigurable) {
  auto r = RememberedExperience({{1, 1.0}, {2, -1.0}}, {.peak = 0.25, .end = 0.75});
  ASSERT_TRUE(r.has_value());
  EXPECT_DOUBLE_EQ(r->peak, -1.0);  // tie -> the later
  EXPECT_DOUBLE_EQ(r->remembered, -1.0);
  auto single = RememberedExperience({{1, 0.4}}, {.peak = 0.3, .end = 0.7});
  EXPECT_DOUBLE_EQ(single->remembered, 0.4);
}

TEST(PeakEnd, EmptyJourneyHasNoRememberedExperience) {
  EXPECT_FALSE(RememberedExperience({}).has_value());
}

TEST(NormalizedRating, EachScaleMapsToMinusOneToPlusOne) {
  Answers a;
  a.nps = 10;
  EXPECT_DOUBLE_EQ(*NormalizedRating(a), 1.0);
  a.nps = 0;
  EXPECT_DOUBLE_EQ(*NormalizedRating(a), -1.0);
  Answers b;
  b.csat = 2;   // -0.5
  b.ces = 7;    // +1
  b.emotion = 3;  // 0
  EXPECT_DOUBLE_EQ(*NormalizedRating(b), 0.5 / 3);
  Answers none;
  EXPECT_FALSE(NormalizedRating(none).has_value());
  EXPECT_DOUBLE_EQ(*NormalizedRating(none, -0.7), -0.7);  // text only when no answer
  Answers out;
  out.nps = 42;
  EXPECT_FALSE(NormalizedRating(out).has_value());
}

}  // namespace
}  // namespace peakend::scores
