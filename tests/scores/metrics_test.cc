#include "scores/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "scores/intervals.h"

namespace peakend::scores {
namespace {

TEST(Nps, HandComputedWithMarginOfError) {
  // 10 answers: 4 promoters (9,10,10,9), 3 passives (7,8,7), 3 detractors (0,5,6).
  // p = .4, d = .3 -> NPS = 10. Var = (.7 - .01) = .69.
  // Adjusted Wald: n' = 13, p' = 4.75/13 = .36538, d' = 3.75/13 = .28846, centre 7.692;
  // Var' = .65385 - .00592 = .64793; moe = 1.96 * sqrt(.64793/13) * 100 = 43.757
  std::vector<int> answers = {9, 10, 10, 9, 7, 8, 7, 0, 5, 6};
  NpsResult r = ComputeNps(answers);
  EXPECT_EQ(r.n, 10);
  EXPECT_EQ(r.promoters, 4);
  EXPECT_EQ(r.passives, 3);
  EXPECT_EQ(r.detractors, 3);
  EXPECT_NEAR(r.value, 10.0, 1e-9);
  EXPECT_NEAR(r.variance, 0.69, 1e-12);
  EXPECT_NEAR(r.margin_of_error, 43.757, 0.01);
  EXPECT_NEAR(r.ci_low, 7.692 - 43.757, 0.01);
  EXPECT_NEAR(r.ci_high, 7.692 + 43.757, 0.01);
  EXPECT_TRUE(r.low_confidence);
}

TEST(Nps, EdgeCases) {
  EXPECT_EQ(ComputeNps(std::vector<int>{}).n, 0);
  EXPECT_EQ(ComputeNps(std::vector<int>{}).value, 0);
  NpsResult all = ComputeNps(std::vector<int>(40, 10));
  EXPECT_DOUBLE_EQ(all.value, 100);
  // Forty promoters do not make the NPS certain: n' = 43, p' = 40.75/43, d' = .75/43,
  // centre 93.02, moe = 1.96 * sqrt((.96512 - .86533)/43) * 100 = 9.442.
  EXPECT_NEAR(all.margin_of_error, 9.442, 0.01);
  EXPECT_NEAR(all.ci_low, 93.023 - 9.442, 0.01);
  EXPECT_DOUBLE_EQ(all.ci_high, 100);
  // Three promoters say little: the interval reaches below zero.
  NpsResult three = ComputeNps(std::vector<int>(3, 10));
  EXPECT_DOUBLE_EQ(three.value, 100);
  EXPECT_LT(three.ci_low, 0);
  EXPECT_DOUBLE_EQ(three.ci_high, 100);
  EXPECT_FALSE(all.low_confidence);
  NpsResult bad = ComputeNps(std::vector<int>{11, -1, 3});
  EXPECT_EQ(bad.n, 1);
  EXPECT_EQ(bad.out_of_range, 2);
  EXPECT_DOUBLE_EQ(bad.value, -100);
  // The CI never leaves the scale.
  NpsResult one = ComputeNps(std::vector<int>{9, 0});
  EXPECT_GE(one.ci_low, -100);
  EXPECT_LE(one.ci_high, 100);
}

TEST(Nps, ThirtyAnswersIsEnoughConfidence) {
  EXPECT_TRUE(ComputeNps(std::vector<int>(29, 8)).low_confidence);
  EXPECT_FALSE(ComputeNps(std::vector<int>(30, 8)).low_confidence);
}

TEST(Nps, ZTestBetweenPeriods) {
  // a: 50 promoters, 30 passives, 20 detractors (NPS 30, Var = .7 - .09 = .61)
  // b: 30 promoters, 30 passives, 40 detractors (NPS -10, Var = .7 - .01 = .69)
  // With the adjusted-Wald counts of the intervals (n' = 103; a: p' = 50.75/103, d' = 20.75/103,
  // Var' = .60934; b: p' = 30.75/103, d' = 40.75/103, Var' = .68475):
  // SE = sqrt(.60934/103 + .68475/103) = .11209 -> 11.21 points; z = -40 / 11.21 = -3.569
  NpsResult a = NpsFromCounts(50, 30, 20), b = NpsFromCounts(30, 30, 40);
  NpsComparison c = CompareNps(a, b);
  EXPECT_NEAR(c.difference, -40, 1e-9);
  EXPECT_NEAR(c.standard_error, 11.209, 0.001);
  EXPECT_NEAR(c.z, -3.569, 0.001);
  EXPECT_NEAR(c.p_value, 0.000359, 0.00001);
  EXPECT_TRUE(c.significant);
  NpsComparison same = CompareNps(a, a);
  EXPECT_DOUBLE_EQ(same.z, 0);
  EXPECT_DOUBLE_EQ(same.p_value, 1);
  EXPECT_FALSE(same.significant);
  // Every answer the same on both sides: a standard error, a z and a p that agree.
  NpsComparison extremes = CompareNps(NpsFromCounts(25, 0, 0), NpsFromCounts(0, 0, 25));
  EXPECT_NEAR(extremes.standard_error, 10.325, 0.001);
  EXPECT_NEAR(extremes.z, -19.371, 0.001);
  EXPECT_LT(extremes.p_value, 1e-50);
  EXPECT_TRUE(extremes.significant);
  NpsComparison alike = CompareNps(NpsFromCounts(0, 0, 30), NpsFromCounts(0, 0, 30));
  EXPECT_GT(alike.standard_error, 0);
  EXPECT_DOUBLE_EQ(alike.p_value, 1);
  EXPECT_FALSE(alike.significant);
}

TEST(Enps, UsesTheNpsFormula) {
  std::vector<int> pulse = {10, 9, 6, 3, 8};
  EXPECT_DOUBLE_EQ(ComputeEnps(pulse).value, ComputeNps(pulse).value);
  EXPECT_NEAR(ComputeEnps(pulse).value, 0.0, 1e-9);  // 2 promoters - 2 detractors
}

TEST(Csat, TopTwoBoxWithWilsonAndMeanWithT) {
  // 1,2,3,4,5,5: top-2 = 3/6 = 50%. Wilson(3, 6): centre = (.5 + 3.8415/12)/(1 + 3.8415/6) = .5,
  // half = 1.96 * sqrt(.25/6 + 3.8415/144) / 1.64025 = .31212 -> [18.76, 81.24]
  // mean = 20/6 = 3.333, sd = sqrt((sum sq 80 - 400/6)/5) = 1.6330, t(5) = 2.5706 -> half 1.7137
  std::vector<int> answers = {1, 2, 3, 4, 5, 5};
  CsatResult r = ComputeCsat(answers);
  EXPECT_EQ(r.n, 6);
  EXPECT_NEAR(r.top2_percent, 50, 1e-9);
  EXPECT_NEAR(r.ci_low, 18.76, 0.01);
  EXPECT_NEAR(r.ci_high, 81.24, 0.01);
  EXPECT_NEAR(r.mean, 3.3333, 1e-4);
  EXPECT_NEAR(r.mean_ci_low, 3.3333 - 1.7137, 1e-3);
  EXPECT_EQ(r.mean_ci_high, 5.0);  // 3.3333 + 1.7137 = 5.047, cut at the top of the scale
}

TEST(Wilson, StaysInsideZeroAndOne) {
  Interval zero = WilsonInterval(0, 20);
  EXPECT_DOUBLE_EQ(zero.low, 0);
  EXPECT_NEAR(zero.high, 0.1611, 1e-4);  // 3.8415/20 / (1 + 3.8415/20) = .16113
  Interval all = WilsonInterval(20, 20);
  EXPECT_NEAR(all.low, 1 - 0.1611, 1e-4);
  EXPECT_DOUBLE_EQ(all.high, 1);
  Interval none = WilsonInterval(0, 0);
  EXPECT_DOUBLE_EQ(none.low, 0);
  EXPECT_DOUBLE_EQ(none.high, 1);
}

// Newcombe (1998), Table II, method 10: the hybrid score interval of a difference of two
// proportions, also where a share is 0 or 1 and the normal approximation has no spread.
TEST(Newcombe, MatchesThePublishedIntervals) {
  struct Example {
    std::int64_t a, n_a, b, n_b;
    double low, high;
  };
  const Example examples[] = {{56, 70, 48, 80, 0.0524, 0.3339},
                              {9, 10, 3, 10, 0.1705, 0.8090},
                              {5, 56, 0, 29, -0.0381, 0.1926},
                              {0, 10, 0, 20, -0.1611, 0.2775},
                              {10, 10, 0, 20, 0.6791, 1.0}};
  for (const auto& e : examples) {
    Interval d = NewcombeDifference(e.a, e.n_a, e.b, e.n_b);
    EXPECT_NEAR(d.low, e.low, 1e-4) << e.a << "/" << e.n_a << " - " << e.b << "/" << e.n_b;
    EXPECT_NEAR(d.high, e.high, 1e-4) << e.a << "/" << e.n_a << " - " << e.b << "/" << e.n_b;
  }
  // One case against three: wide, and it holds 0, where the normal approximation gave a point.
  Interval one = NewcombeDifference(0, 1, 2, 3);
  EXPECT_LT(one.low, -0.9);
  EXPECT_GT(one.high, 0.2);
  Interval unknown = NewcombeDifference(1, 1, 0, 0);
  EXPECT_DOUBLE_EQ(unknown.low, -1);
  EXPECT_DOUBLE_EQ(unknown.high, 1);
}

TEST(Ces, MeanAndNet) {
  // 7, 6, 5, 4, 2, 1: mean 25/6 = 4.1667; net = 3/6 - 2/6 = 16.7
  std::vector<int> answers = {7, 6, 5, 4, 2, 1};
  CesResult r = ComputeCes(answers);
  EXPECT_NEAR(r.mean, 4.1667, 1e-4);
  EXPECT_NEAR(r.net, 16.667, 1e-3);
  EXPECT_LT(r.ci_low, r.mean);
  EXPECT_GT(r.ci_high, r.mean);
  EXPECT_EQ(ComputeCes(std::vector<int>{0, 8}).out_of_range, 2);
}

// A t interval of a few answers at the top of the scale reaches past it: it is cut at the scale.
TEST(Ces, IntervalStaysOnTheScale) {
  CesResult ces = ComputeCes(std::vector<int>{7, 6});
  EXPECT_LE(ces.ci_high, 7.0);
  EXPECT_GE(ces.ci_low, 1.0);
  CsatResult csat = ComputeCsat(std::vector<int>{5, 4});
  EXPECT_LE(csat.mean_ci_high, 5.0);
  EXPECT_GE(csat.mean_ci_low, 1.0);
}

TEST(CxIndex, MeanOfTheThreeEScores) {
  // effectiveness 5,4,1,3 -> 50 - 25 = 25; ease 2,2,5,3 -> 25 - 50 = -25; emotion 5,5,5,1 -> 75 - 25 = 50
  // index = (25 - 25 + 50) / 3 = 16.67
  std::vector<Answers> answers(4);
  int eff[] = {5, 4, 1, 3}, ease[] = {2, 2, 5, 3}, emo[] = {5, 5, 5, 1};
  for (int i = 0; i < 4; ++i) {
    answers[i].effectiveness = eff[i];
    answers[i].ease = ease[i];
    answers[i].emotion = emo[i];
  }
  ScoreSet s = Compute(answers);
  EXPECT_NEAR(s.cx_index.effectiveness.value, 25, 1e-9);
  EXPECT_NEAR(s.cx_index.ease.value, -25, 1e-9);
  EXPECT_NEAR(s.cx_index.emotion.value, 50, 1e-9);
  EXPECT_NEAR(s.cx_index.index, 16.667, 1e-3);
  EXPECT_EQ(s.cx_index.components, 3);
  EXPECT_EQ(s.cx_index.n, 4);
}

TEST(CxIndex, AveragesOnlyTheEsThatWereAnswered) {
  std::vector<Answers> answers(2);
  answers[0].emotion = 5;
  answers[1].emotion = 4;
  ScoreSet s = Compute(answers);
  EXPECT_EQ(s.cx_index.components, 1);
  EXPECT_DOUBLE_EQ(s.cx_index.index, 100);
}

TEST(Compute, OnePassMatchesTheSingleMetricFunctions) {
  std::vector<Answers> answers(5);
  int nps[] = {10, 3, 8, 9, 0}, csat[] = {5, 1, 4, 4, 2};
  std::vector<int> nps_only, csat_only;
  for (int i = 0; i < 5; ++i) {
    answers[i].nps = nps[i];
    answers[i].csat = csat[i];
    nps_only.push_back(nps[i]);
    csat_only.push_back(csat[i]);
  }
  ScoreSet s = Compute(answers);
  EXPECT_EQ(s.responses, 5);
  EXPECT_DOUBLE_EQ(s.nps.value, ComputeNps(nps_only).value);
  EXPECT_DOUBLE_EQ(s.csat.top2_percent, ComputeCsat(csat_only).top2_percent);
  EXPECT_EQ(s.ces.n, 0);
}

}  // namespace
}  // namespace peakend::scores
