// Confidence intervals and tests used by every score: Wilson intervals for proportions,
// Student-t intervals for means, and the normal distribution for z-tests.
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

// Two-sided t interval for a mean with sample standard deviation `sd` over n values. n < 2 ->
// the interval is just the mean (no spread can be estimated).
Interval MeanInterval(double mean, double sd, std::int64_t n, double confidence = kConfidence);

// Two-sided p-value of a standard normal statistic.
double TwoSidedNormalP(double z);

}  // namespace peakend::scores
