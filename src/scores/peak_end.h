// The peak-end remembered experience of a journey (Kahneman): people judge an experience by
// its most intense moment and its end, not by the average of every moment.
#pragma once

#include <optional>
#include <vector>

#include "core/config.h"
#include "core/model.h"
#include "core/status.h"

namespace peakend::scores {

struct PeakEndWeights {
  double peak = 0.5;
  double end = 0.5;
};

// peak_end.weight_peak and peak_end.weight_end: numbers of 0 or more, not both 0 (the
// remembered experience is normalised by their sum).
[[nodiscard]] Result<PeakEndWeights> PeakEndWeightsFromSettings(const Config& settings);

// One rated moment of a journey, on any scale (Peakend's own ratings are -1..+1).
struct RatedMoment {
  Timestamp at = 0;
  double rating = 0;
};

struct PeakEndResult {
  int rated_moments = 0;
  double peak = 0;        // the rating with the largest absolute value (ties: the later one)
  Timestamp peak_at = 0;
  double end = 0;         // the last rating
  Timestamp end_at = 0;
  double remembered = 0;  // weights.peak * peak + weights.end * end, normalised by the weight sum
  double average = 0;     // plain mean of all ratings
  double difference = 0;  // remembered - average: how much the memory differs from the sum
};

// The answers of one interaction on one -1..+1 scale: NPS (x-5)/5, CSAT and the E's (x-3)/2,
// CES (x-4)/3, averaged over the answers given; the text sentiment only when no answer was
// given. nullopt when there is nothing to rate.
std::optional<double> NormalizedRating(const Answers& answers, std::optional<double> text_sentiment = std::nullopt);

// Moments in any order (they are ordered by time; equal times keep their input order).
// nullopt for a journey without rated moments.
std::optional<PeakEndResult> RememberedExperience(std::vector<RatedMoment> moments, const PeakEndWeights& weights = {});

}  // namespace peakend::scores
