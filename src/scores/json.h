// JSON forms of the score results, with stable snake_case keys. Numbers are rounded here,
// for people, never in the computations.
#pragma once

#include <nlohmann/json.hpp>

#include "scores/aspect_trend.h"
#include "scores/metrics.h"
#include "scores/peak_end.h"

namespace peakend::scores {

nlohmann::json ToJson(const NpsResult& r);
nlohmann::json ToJson(const NpsComparison& c);
nlohmann::json ToJson(const CsatResult& r);
nlohmann::json ToJson(const CesResult& r);
nlohmann::json ToJson(const CxIndexResult& r);
nlohmann::json ToJson(const ScoreSet& s);  // {"responses", "nps", "csat", "ces", "cx_index"}
nlohmann::json ToJson(const PeakEndResult& r);
// {"aspect", "period", "volume", "positive", "negative", "net_sentiment", "mean_sentiment"}
nlohmann::json ToJson(const AspectPeriod& a);

}  // namespace peakend::scores
