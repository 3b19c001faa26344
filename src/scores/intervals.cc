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
