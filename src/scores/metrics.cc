#include "scores/metrics.h"

#include <algorithm>
#include <cmath>

#include "scores/intervals.h"

namespace peakend::scores {
namespace {

bool LowConfidence(std::int64_t n) { return n < limits::kLowConfidenceN; }

// The adjusted-Wald interval of a net score (Rocks, "Interval estimation for the net promoter
// score", The American Statistician 70(4), 2016) adds this many answers to each end of the
// scale, and twice as many to the middle, before the Wald interval is taken: its coverage stays
// near 95% for small groups, and it does not collapse to a point when every answer is a promoter
// (or a detractor), where the plain Wald interval claims certainty from three answers.
constexpr double kAdjustedWaldPseudoAnswers = 0.75;

// A net score of a +1/0/-1 coding in percent points, as used by NPS and the E scores: its value,
// the variance of the coding, Var = [(p+d) - (p-d)^2] (for tests between groups), and its 95%
// adjusted-Wald interval [low, high] within -100..100 with `moe` its half width.
struct NetScoreResult {
  double value = 0, variance = 0, moe = 0, low = 0, high = 0;
};

// The squared standard error of a net score (as a fraction) with the adjusted-Wald counts, never
// zero: the same for the interval and for tests between groups.
double AdjustedSquaredError(std::int64_t plus, std::int64_t minus, std::int64_t n) {
  double n_adjusted = n + 4 * kAdjustedWaldPseudoAnswers;
  double pa = (plus + kAdjustedWaldPseudoAnswers) / n_adjusted, da = (minus + kAdjustedWaldPseudoAnswers) / n_adjusted;
  return ((pa + da) - (pa - da) * (pa - da)) / n_adjusted;
}
NetScoreResult NetScore(std::int64_t plus, std::int64_t minus, std::int64_t n) {
  NetScoreResult r;
  if (n == 0) return r;
  double p = static_cast<double>(plus) / n, d = static_cast<double>(minus) / n;
  r.value = 100.0 * (p - d);
  r.variance = (p + d) - (p - d) * (p - d);
  double n_adjusted = n + 4 * kAdjustedWaldPseudoAnswers;
  double centre = 100.0 * (plus - minus) / n_adjusted;
  r.moe = kZ95 * std::sqrt(AdjustedSquaredError(plus, minus, n)) * 100.0;
  r.low = std::max(-100.0, centre - r.moe);
  r.high = std::min(100.0, centre + r.moe);
  return r;
}

// The mean of a scale's answers with its 95% interval.
struct ScaleMean {
  double mean = 0;
  Interval interval;
};
ScaleMean MeanOf(const AnswerTally::Scale& scale) {
  ScaleMean m;
  if (scale.n == 0) return m;
  double n = static_cast<double>(scale.n), sum = static_cast<double>(scale.sum);
  m.mean = sum / n;
  double var = scale.n < 2 ? 0 : (static_cast<double>(scale.sum_sq) - sum * sum / n) / (n - 1);
  m.interval = MeanInterval(m.mean, var > 0 ? std::sqrt(var) : 0, scale.n);
  return m;
}

EScore EScoreOf(const std::int64_t (&counts)[3]) {
  EScore e;
  e.n = counts[0] + counts[1] + counts[2];
  e.low_confidence = LowConfidence(e.n);
  NetScoreResult net = NetScore(counts[2], counts[0], e.n);
  e.value = net.value;
  e.ci_low = net.low;
  e.ci_high = net.high;
  return e;
}

}  // namespace

NpsResult NpsOf(const AnswerTally& t) {
  NpsResult r = NpsFromCounts(t.nps[2], t.nps[1], t.nps[0]);
  r.out_of_range = t.nps_out_of_range;
  return r;
}

CsatResult CsatOf(const AnswerTally& t) {
  CsatResult r;
  r.n = t.csat.n;
  r.out_of_range = t.csat.out_of_range;
  r.low_confidence = LowConfidence(r.n);
  if (r.n == 0) return r;
  r.top2_percent = 100.0 * t.csat.top / r.n;
  Interval w = WilsonInterval(t.csat.top, r.n);
  r.ci_low = 100 * w.low;
  r.ci_high = 100 * w.high;
  ScaleMean m = MeanOf(t.csat);
  r.mean = m.mean;
  r.mean_ci_low = std::max<double>(kCsatLowest, m.interval.low);  // a t interval of few answers overshoots the scale
  r.mean_ci_high = std::min<double>(kCsatHighest, m.interval.high);
  return r;
}

CesResult CesOf(const AnswerTally& t) {
  CesResult r;
  r.n = t.ces.n;
  r.out_of_range = t.ces.out_of_range;
  r.low_confidence = LowConfidence(r.n);
  if (r.n == 0) return r;
  ScaleMean m = MeanOf(t.ces);
  r.mean = m.mean;
  r.ci_low = std::max<double>(kCesLowest, m.interval.low);
  r.ci_high = std::min<double>(kCesHighest, m.interval.high);
  r.net = 100.0 * (t.ces.top - t.ces.bottom) / r.n;
  return r;
}

CxIndexResult CxIndexOf(const AnswerTally& t) {
  CxIndexResult r;
  r.effectiveness = EScoreOf(t.e[0]);
  r.ease = EScoreOf(t.e[1]);
  r.emotion = EScoreOf(t.e[2]);
  r.n = t.cx_n;
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

ScoreSet ScoresOf(const AnswerTally& t) {
  ScoreSet s;
  s.responses = t.responses;
  s.nps = NpsOf(t);
  s.csat = CsatOf(t);
  s.ces = CesOf(t);
  s.cx_index = CxIndexOf(t);
  return s;
}

NpsResult NpsFromCounts(std::int64_t promoters, std::int64_t passives, std::int64_t detractors) {
  NpsResult r;
  r.promoters = promoters;
  r.passives = passives;
  r.detractors = detractors;
  r.n = promoters + passives + detractors;
  r.low_confidence = LowConfidence(r.n);
  NetScoreResult net = NetScore(promoters, detractors, r.n);
  r.value = net.value;
  r.variance = net.variance;
  r.margin_of_error = net.moe;
  r.ci_low = net.low;
  r.ci_high = net.high;
  return r;
}

namespace {

// The tally of `answers` to one question, each put in the field `field` of an Answers.
AnswerTally TallyOf(std::span<const int> answers, std::optional<int> Answers::*field) {
  AnswerTally t;
  Answers a;
  for (int v : answers) {
    a.*field = v;
    t.Add(a);
  }
  return t;
}

}  // namespace

NpsResult ComputeNps(std::span<const int> answers) { return NpsOf(TallyOf(answers, &Answers::nps)); }

NpsResult ComputeEnps(std::span<const int> answers) { return ComputeNps(answers); }
NpsComparison CompareNps(const NpsResult& a, const NpsResult& b) {
  NpsComparison c;
  c.difference = b.value - a.value;
  if (a.n == 0 || b.n == 0) return c;
  // Standard error of the difference of two independent net scores, in percent points, each with
  // the adjusted-Wald counts of its interval: never zero, so that 25 promoters against 25
  // detractors give a z and a p that agree rather than a division by zero.
  c.standard_error = 100.0 * std::sqrt(AdjustedSquaredError(a.promoters, a.detractors, a.n) +
                                       AdjustedSquaredError(b.promoters, b.detractors, b.n));
  c.z = c.difference / c.standard_error;
  c.p_value = TwoSidedNormalP(c.z);
  c.significant = c.p_value < 1 - kConfidence;
  return c;
}

CsatResult ComputeCsat(std::span<const int> answers) { return CsatOf(TallyOf(answers, &Answers::csat)); }

CesResult ComputeCes(std::span<const int> answers) { return CesOf(TallyOf(answers, &Answers::ces)); }

EScore ComputeEScore(std::span<const int> answers) {
  return CxIndexOf(TallyOf(answers, &Answers::effectiveness)).effectiveness;
}

ScoreSet Compute(std::span<const Answers> answers) {
  AnswerTally t;
  for (const auto& a : answers) t.Add(a);
  return ScoresOf(t);
}

}  // namespace peakend::scores
