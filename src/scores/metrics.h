// The experience metrics Peakend reports — NPS, CSAT, CES, the CX index in the three E's and
// eNPS — each with its sample size, a 95% interval and a low-confidence flag. Pure functions.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/limits.h"
#include "core/model.h"

namespace peakend::scores {

struct NpsResult {
  std::int64_t n = 0;
  std::int64_t promoters = 0, passives = 0, detractors = 0;
  double value = 0;            // % promoters - % detractors, -100..100
  double margin_of_error = 0;  // 95%, in NPS points
  double ci_low = 0, ci_high = 0;
  double variance = 0;         // of the -1/0/+1 coding, per answer
  bool low_confidence = true;  // n < limits::kLowConfidenceN
  std::int64_t out_of_range = 0;
};

// The change between two NPS results (b - a) and whether it is more than chance.
struct NpsComparison {
  double difference = 0;
  double standard_error = 0;  // in NPS points
  double z = 0;
  double p_value = 1;
  bool significant = false;   // p < 0.05
};

struct CsatResult {
  std::int64_t n = 0;
  double top2_percent = 0;  // % of 4-5
  double ci_low = 0, ci_high = 0;  // Wilson, percent
  double mean = 0;
  double mean_ci_low = 0, mean_ci_high = 0;
  bool low_confidence = true;
  std::int64_t out_of_range = 0;
};

struct CesResult {
  std::int64_t n = 0;
  double mean = 0;  // 1..7, 7 = very easy
  double ci_low = 0, ci_high = 0;
  double net = 0;   // % 5-7 minus % 1-3
  bool low_confidence = true;
  std::int64_t out_of_range = 0;
};

// One of the three E's: % top-2 (4-5) minus % bottom-2 (1-2).
struct EScore {
  std::int64_t n = 0;
  double value = 0;
  double ci_low = 0, ci_high = 0;  // 95%, from the variance of the +1/0/-1 coding like NPS
  bool low_confidence = true;
};

struct CxIndexResult {
  EScore effectiveness, ease, emotion;
  std::int64_t n = 0;      // responses with at least one E
  int components = 0;      // how many of the three E's had answers (the index averages those)
  double index = 0;
  bool low_confidence = true;
};

struct ScoreSet {
  std::int64_t responses = 0;
  NpsResult nps;
  CsatResult csat;
  CesResult ces;
  CxIndexResult cx_index;
};

// Computes from 0..10 answers; values outside the scale are counted in out_of_range and ignored.
NpsResult ComputeNps(std::span<const int> answers);
// From counts, for callers that aggregate themselves (rollups).
NpsResult NpsFromCounts(std::int64_t promoters, std::int64_t passives, std::int64_t detractors);
NpsComparison CompareNps(const NpsResult& a, const NpsResult& b);
// eNPS: the NPS formula on employee pulse answers ("how likely are you to recommend working here").
NpsResult ComputeEnps(std::span<const int> answers);

CsatResult ComputeCsat(std::span<const int> answers);
CesResult ComputeCes(std::span<const int> answers);
EScore ComputeEScore(std::span<const int> answers);

// Everything at once, in one pass over the answers.
ScoreSet Compute(std::span<const Answers> answers);

// The same from a tally of the answers (AnswerTally), as a store keeps them per group and day.
ScoreSet ScoresOf(const AnswerTally& tally);
NpsResult NpsOf(const AnswerTally& tally);
CsatResult CsatOf(const AnswerTally& tally);
CesResult CesOf(const AnswerTally& tally);
CxIndexResult CxIndexOf(const AnswerTally& tally);

}  // namespace peakend::scores
