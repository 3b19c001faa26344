// Confidence intervals and tests used by every score: Wilson intervals for proportions (and,
// from them, Newcombe's for a difference of two), Student-t intervals for means, and the normal
// distribution for z-tests.
#pragma once

#include <cstdint>

namespace peakend::scores {

inline constexpr double kConfidence = 0.95;
inline constexpr double kZ95 = 1.959963984540054;  // two-sided 95% quantile of N(0,1)

struct Interval {
  double low = 0;
  double high = 0;
};

// Wilson score interval for `successes` out of `n` (as proportions 0..1). n = 0 -> [0, 1].
Interval WilsonInterval(std::int64_t successes, std::int64_t n, double z = kZ95);

// Newcombe's hybrid score interval (method 10 of Newcombe 1998) for the difference of two
// proportions, a/n_a - b/n_b, built from the Wilson interval of each: unlike the normal
// approximation it neither collapses to a point when a share is 0 or 1 nor leaves -1..1. Either
// n = 0 -> [-1, 1] (nothing is known of that side).
Interval NewcombeDifference(std::int64_t a, std::int64_t n_a, std::int64_t b, std::int64_t n_b, double z = kZ95);

// Two-sided t interval for a mean with sample standard deviation `sd` over n values. n < 2 ->
// the interval is just the mean (no spread can be estimated).
Interval MeanInterval(double mean, double sd, std::int64_t n, double confidence = kConfidence);

// Two-sided p-value of a standard normal statistic.
double TwoSidedNormalP(double z);

}  // namespace peakend::scores
