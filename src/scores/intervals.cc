#include "scores/intervals.h"

#include <algorithm>
#include <cmath>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

namespace peakend::scores {

Interval WilsonInterval(std::int64_t successes, std::int64_t n, double z) {
  if (n <= 0) return {0, 1};
  double p = static_cast<double>(successes) / n;
  double z2 = z * z;
  double denom = 1 + z2 / n;
  double centre = (p + z2 / (2.0 * n)) / denom;
  double half = z * std::sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denom;
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

Interval NewcombeDifference(std::int64_t a, std::int64_t n_a, std::int64_t b, std::int64_t n_b, double z) {
  if (n_a <= 0 || n_b <= 0) return {-1, 1};
  double p_a = static_cast<double>(a) / n_a, p_b = static_cast<double>(b) / n_b;
  Interval wa = WilsonInterval(a, n_a, z), wb = WilsonInterval(b, n_b, z);
  double d = p_a - p_b;
  double below = std::sqrt((p_a - wa.low) * (p_a - wa.low) + (wb.high - p_b) * (wb.high - p_b));
  double above = std::sqrt((wa.high - p_a) * (wa.high - p_a) + (p_b - wb.low) * (p_b - wb.low));
  return {std::max(-1.0, d - below), std::min(1.0, d + above)};
}

Interval MeanInterval(double mean, double sd, std::int64_t n, double confidence) {
  if (n < 2) return {mean, mean};
  boost::math::students_t dist(static_cast<double>(n - 1));
  double t = boost::math::quantile(boost::math::complement(dist, (1 - confidence) / 2));
  double half = t * sd / std::sqrt(static_cast<double>(n));
  return {mean - half, mean + half};
}

double TwoSidedNormalP(double z) {
  boost::math::normal standard;
  return 2 * boost::math::cdf(boost::math::complement(standard, std::abs(z)));
}

}  // namespace peakend::scores
