#include "scores/metrics.h"

#include <algorithm>
#include <cmath>

#include "scores/intervals.h"

namespace peakend::scores {
namespace {

bool LowConfidence(std::int64_t n) { return n < limits::kLowConfidenceN; }

// Net score of a +1/0/-1 coding: value in percent points with its 95% interval, as used by
// NPS and the E scores. Var = [(p+d) - (p-d)^2] / n.
void NetScore(std::int64_t plus, std::int64_t minus, std::int64_t n, double& value, double& moe, double& variance) {
  if (n == 0) {
    value = moe = variance = 0;
    return;
  }
  double p = static_cast<double>(plus) / n, d = static_cast<double>(minus) / n;
  value = 100.0 * (p - d);
  variance = (p + d) - (p - d) * (p - d);
  moe = kZ95 * std::sqrt(variance / n) * 100.0;
}

struct Moments {
  std::int64_t n = 0;
  double sum = 0, sum_sq = 0;
  void Add(int v) {
    ++n;
    sum += v;
    sum_sq += static_cast<double>(v) * v;
  }
  double Mean() const { return n ? sum / n : 0; }
  double Sd() const {
    if (n < 2) return 0;
    double var = (sum_sq - sum * sum / n) / (n - 1);
    return var > 0 ? std::sqrt(var) : 0;
  }
};

// Accumulators for one pass over Answers.
struct Accumulator {
  std::int64_t responses = 0;
  std::int64_t nps_counts[3] = {0, 0, 0};  // detractors, passives, promoters
  std::int64_t nps_bad = 0;
  Moments csat;
  std::int64_t csat_top2 = 0, csat_bad = 0;
  Moments ces;
  std::int64_t ces_high = 0, ces_low = 0, ces_bad = 0;
  std::int64_t e_counts[3][3] = {};  // [E][bottom, middle, top]
  std::int64_t cx_n = 0;

  void AddNps(int v) {
    if (v < 0 || v > 10) {
      ++nps_bad;
      return;
    }
    ++nps_counts[v >= 9 ? 2 : v >= 7 ? 1 : 0];
  }
  void AddCsat(int v) {
    if (v < 1 || v > 5) {
      ++csat_bad;
      return;
    }
    csat.Add(v);
    csat_top2 += v >= 4;
  }
  void AddCes(int v) {
    if (v < 1 || v > 7) {
      ++ces_bad;
      return;
    }
    ces.Add(v);
    ces_high += v >= 5;
    ces_low += v <= 3;
  }
  bool AddE(int which, int v) {
    if (v < 1 || v > 5) return false;
    ++e_counts[which][v >= 4 ? 2 : v >= 3 ? 1 : 0];
    return true;
  }
  void Add(const Answers& a) {
    ++responses;
    if (a.nps) AddNps(*a.nps);
    if (a.csat) AddCsat(*a.csat);
    if (a.ces) AddCes(*a.ces);
    bool any_e = false;
    if (a.effectiveness) any_e |= AddE(0, *a.effectiveness);
    if (a.ease) any_e |= AddE(1, *a.ease);
    if (a.emotion) any_e |= AddE(2, *a.emotion);
    cx_n += any_e;
  }

  NpsResult Nps() const {
    NpsResult r = NpsFromCounts(nps_counts[2], nps_counts[1], nps_counts[0]);
    r.out_of_range = nps_bad;
    return r;
  }
  CsatResult Csat() const {
    CsatResult r;
    r.n = csat.n;
    r.out_of_range = csat_bad;
    r.low_confidence = LowConfidence(r.n);
    if (r.n == 0) return r;
    r.top2_percent = 100.0 * csat_top2 / r.n;
    Interval w = WilsonInterval(csat_top2, r.n);
    r.ci_low = 100 * w.low;
    r.ci_high = 100 * w.high;
    r.mean = csat.Mean();
    Interval m = MeanInterval(r.mean, csat.Sd(), r.n);
    r.mean_ci_low = m.low;
    r.mean_ci_high = m.high;
    return r;
  }
  CesResult Ces() const {
    CesResult r;
    r.n = ces.n;
    r.out_of_range = ces_bad;
    r.low_confidence = LowConfidence(r.n);
    if (r.n == 0) return r;
    r.mean = ces.Mean();
    Interval m = MeanInterval(r.mean, ces.Sd(), r.n);
    r.ci_low = m.low;
    r.ci_high = m.high;
    r.net = 100.0 * (ces_high - ces_low) / r.n;
    return r;
  }
  EScore E(int which) const {
    EScore e;
    const auto& c = e_counts[which];
    e.n = c[0] + c[1] + c[2];
    e.low_confidence = LowConfidence(e.n);
    double moe = 0, variance = 0;
    NetScore(c[2], c[0], e.n, e.value, moe, variance);
    e.ci_low = std::max(-100.0, e.value - moe);
    e.ci_high = std::min(100.0, e.value + moe);
    return e;
  }
  CxIndexResult Cx() const {
    CxIndexResult r;
    r.effectiveness = E(0);
    r.ease = E(1);
    r.emotion = E(2);
    r.n = cx_n;
    double sum = 0;
    for (const EScore* e : {&r.effectiveness, &r.ease, &r.emotion}) {
      if (e->n == 0) continue;
      sum += e->value;
      ++r.components;
    }
    r.index = r.components ? sum / r.components : 0;
    r.low_confidence = LowConfidence(r.n);
    return r;
  }
};

}  // namespace

NpsResult NpsFromCounts(std::int64_t promoters, std::int64_t passives, std::int64_t detractors) {
  NpsResult r;
  r.promoters = promoters;
  r.passives = passives;
  r.detractors = detractors;
  r.n = promoters + passives + detractors;
  r.low_confidence = LowConfidence(r.n);
  NetScore(promoters, detractors, r.n, r.value, r.margin_of_error, r.variance);
  r.ci_low = std::max(-100.0, r.value - r.margin_of_error);
  r.ci_high = std::min(100.0, r.value + r.margin_of_error);
  return r;
}

NpsResult ComputeNps(std::span<const int> answers) {
  Accumulator acc;
  for (int v : answers) acc.AddNps(v);
  return acc.Nps();
}

NpsResult ComputeEnps(std::span<const int> answers) { return ComputeNps(answers); }

NpsComparison CompareNps(const NpsResult& a, const NpsResult& b) {
  NpsComparison c;
  c.difference = b.value - a.value;
  if (a.n == 0 || b.n == 0) return c;
  // Standard error of the difference of two independent net scores, in percent points.
  c.standard_error = 100.0 * std::sqrt(a.variance / a.n + b.variance / b.n);
  if (c.standard_error == 0) {
    c.p_value = c.difference == 0 ? 1.0 : 0.0;
  } else {
    c.z = c.difference / c.standard_error;
    c.p_value = TwoSidedNormalP(c.z);
  }
  c.significant = c.p_value < 1 - kConfidence;
  return c;
}

CsatResult ComputeCsat(std::span<const int> answers) {
  Accumulator acc;
  for (int v : answers) acc.AddCsat(v);
  return acc.Csat();
}

CesResult ComputeCes(std::span<const int> answers) {
  Accumulator acc;
  for (int v : answers) acc.AddCes(v);
  return acc.Ces();
}

EScore ComputeEScore(std::span<const int> answers) {
  Accumulator acc;
  for (int v : answers) acc.AddE(0, v);
  return acc.E(0);
}

ScoreSet Compute(std::span<const Answers> answers) {
  Accumulator acc;
  for (const auto& a : answers) acc.Add(a);
  ScoreSet s;
  s.responses = acc.responses;
  s.nps = acc.Nps();
  s.csat = acc.Csat();
  s.ces = acc.Ces();
  s.cx_index = acc.Cx();
  return s;
}

}  // namespace peakend::scores
