#include "scores/json.h"

#include <cmath>

#include "core/time.h"

namespace peakend::scores {
namespace {

using nlohmann::json;

constexpr double kPercentStep = 10.0;  // one decimal for percentages and NPS points
constexpr double kMeanStep = 100.0;    // two decimals for means
constexpr double kRatingStep = 1000.0; // three decimals for -1..+1 ratings

json Round(double v, double step, std::int64_t n = 1) {
  if (n == 0) return nullptr;
  return std::round(v * step) / step;
}

}  // namespace

json ToJson(const NpsResult& r) {
  return {{"n", r.n},
          {"value", Round(r.value, kPercentStep, r.n)},
          {"margin_of_error", Round(r.margin_of_error, kPercentStep, r.n)},
          {"ci_low", Round(r.ci_low, kPercentStep, r.n)},
          {"ci_high", Round(r.ci_high, kPercentStep, r.n)},
          {"promoters", r.promoters},
          {"passives", r.passives},
          {"detractors", r.detractors},
          {"low_confidence", r.low_confidence}};
}

json ToJson(const AspectPeriod& a) {
  return {{"aspect", a.aspect},
          {"period", a.period_key},
          {"volume", a.volume},
          {"positive", a.positive},
          {"negative", a.negative},
          {"net_sentiment", Round(a.NetSentiment(), kPercentStep, a.volume)},
          {"mean_sentiment", Round(a.mean_sentiment, kRatingStep, a.volume)}};
}

json ToJson(const NpsComparison& c) {
  return {{"difference", Round(c.difference, kPercentStep)},
          {"standard_error", Round(c.standard_error, kPercentStep)},
          {"z", Round(c.z, kMeanStep)},
          {"p_value", c.p_value},
          {"significant", c.significant}};
}

json ToJson(const CsatResult& r) {
  return {{"n", r.n},
          {"top2_percent", Round(r.top2_percent, kPercentStep, r.n)},
          {"ci_low", Round(r.ci_low, kPercentStep, r.n)},
          {"ci_high", Round(r.ci_high, kPercentStep, r.n)},
          {"mean", Round(r.mean, kMeanStep, r.n)},
          {"mean_ci_low", Round(r.mean_ci_low, kMeanStep, r.n)},
          {"mean_ci_high", Round(r.mean_ci_high, kMeanStep, r.n)},
          {"low_confidence", r.low_confidence}};
}

json ToJson(const CesResult& r) {
  return {{"n", r.n},
          {"mean", Round(r.mean, kMeanStep, r.n)},
          {"ci_low", Round(r.ci_low, kMeanStep, r.n)},
          {"ci_high", Round(r.ci_high, kMeanStep, r.n)},
          {"net", Round(r.net, kPercentStep, r.n)},
          {"low_confidence", r.low_confidence}};
}

json ToJson(const CxIndexResult& r) {
  auto e = [](const EScore& s) {
    return json{{"n", s.n},
                {"value", Round(s.value, kPercentStep, s.n)},
                {"ci_low", Round(s.ci_low, kPercentStep, s.n)},
                {"ci_high", Round(s.ci_high, kPercentStep, s.n)}};
  };
  return {{"n", r.n},
          {"index", Round(r.index, kPercentStep, r.components)},
          {"components", r.components},
          {"effectiveness", e(r.effectiveness)},
          {"ease", e(r.ease)},
          {"emotion", e(r.emotion)},
          {"low_confidence", r.low_confidence}};
}

json ToJson(const ScoreSet& s) {
  return {{"responses", s.responses},
          {"nps", ToJson(s.nps)},
          {"csat", ToJson(s.csat)},
          {"ces", ToJson(s.ces)},
          {"cx_index", ToJson(s.cx_index)}};
}

json ToJson(const PeakEndResult& r) {
  return {{"rated_moments", r.rated_moments},
          {"peak", Round(r.peak, kRatingStep)},
          {"peak_at", FormatTimestamp(r.peak_at)},
          {"end", Round(r.end, kRatingStep)},
          {"end_at", FormatTimestamp(r.end_at)},
          {"remembered", Round(r.remembered, kRatingStep)},
          {"average", Round(r.average, kRatingStep)},
          {"difference", Round(r.difference, kRatingStep)}};
}

}  // namespace peakend::scores
