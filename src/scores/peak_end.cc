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

}  // namespace peakend::scores
