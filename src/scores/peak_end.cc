#include "scores/peak_end.h"

#include <algorithm>
#include <cmath>

namespace peakend::scores {

std::optional<double> NormalizedRating(const Answers& a, std::optional<double> text_sentiment) {
  double sum = 0;
  int count = 0;
  auto add = [&](const std::optional<int>& v, int lo, int hi, double mid, double half) {
    if (!v || *v < lo || *v > hi) return;
    sum += (*v - mid) / half;
    ++count;
  };
  add(a.nps, 0, 10, 5, 5);
  add(a.csat, 1, 5, 3, 2);
  add(a.ces, 1, 7, 4, 3);
  add(a.effectiveness, 1, 5, 3, 2);
  add(a.ease, 1, 5, 3, 2);
  add(a.emotion, 1, 5, 3, 2);
  if (count > 0) return sum / count;
  if (text_sentiment) return std::clamp(*text_sentiment, -1.0, 1.0);
  return std::nullopt;
}

std::optional<PeakEndResult> RememberedExperience(std::vector<RatedMoment> moments, const PeakEndWeights& weights) {
  if (moments.empty()) return std::nullopt;
  std::stable_sort(moments.begin(), moments.end(), [](const auto& a, const auto& b) { return a.at < b.at; });
  PeakEndResult r;
  r.rated_moments = static_cast<int>(moments.size());
  double sum = 0;
  std::size_t peak = 0;
  for (std::size_t i = 0; i < moments.size(); ++i) {
    sum += moments[i].rating;
    if (std::abs(moments[i].rating) >= std::abs(moments[peak].rating)) peak = i;  // >=: ties go to the later
  }
  r.peak = moments[peak].rating;
  r.peak_at = moments[peak].at;
  r.end = moments.back().rating;
  r.end_at = moments.back().at;
  double total_weight = weights.peak + weights.end;
  r.remembered = total_weight > 0 ? (weights.peak * r.peak + weights.end * r.end) / total_weight : 0;
  r.average = sum / moments.size();
  r.difference = r.remembered - r.average;
  return r;
}

Result<PeakEndWeights> PeakEndWeightsFromSettings(const Config& settings) {
  PeakEndWeights weights;
  for (auto [key, target] : {std::pair{"peak_end.weight_peak", &weights.peak}, std::pair{"peak_end.weight_end", &weights.end}}) {
    auto value = settings.GetDouble(key);
    if (!value.ok()) return value.status();
    if (!(*value >= 0) || !std::isfinite(*value)) {
      return Status::InvalidArgument("setting '" + std::string(key) + "' is " + settings.Get(key) +
                                         "; a weight must be a number of 0 or more, such as 0.5", key);
    }
    *target = *value;
  }
  if (weights.peak + weights.end <= 0) {
    return Status::InvalidArgument("peak_end.weight_peak and peak_end.weight_end are both 0; give the peak, the end "
                                   "or both a weight above 0 (0.5 and 0.5 by default)", "peak_end.weight_end");
  }
  return weights;
}

}  // namespace peakend::scores
