#include "scores/aspect_trend.h"

#include <algorithm>
#include <map>
#include <utility>

namespace peakend::scores {

std::vector<AspectPeriod> AspectTrend(const std::vector<TagRow>& rows, Period period, const Calendar& calendar) {
  struct Sums {
    AspectPeriod counts;
    double sum = 0;
  };
  std::map<std::pair<std::string, std::string>, Sums> groups;
  for (const auto& r : rows) {
    Sums& g = groups[{r.name, calendar.PeriodKey(r.submitted_at, period)}];
    g.counts.volume++;
    g.sum += r.score;
    if (r.score > kAspectPolarityThreshold) g.counts.positive++;
    if (r.score < -kAspectPolarityThreshold) g.counts.negative++;
  }
  std::vector<AspectPeriod> out;
  out.reserve(groups.size());
  for (auto& [key, g] : groups) {
    g.counts.aspect = key.first;
    g.counts.period_key = key.second;
    g.counts.mean_sentiment = g.sum / g.counts.volume;
    out.push_back(std::move(g.counts));
  }
  return out;
}

std::vector<AspectChange> LatestAspectChanges(const std::vector<AspectPeriod>& trend) {
  std::string latest_key, previous_key;
  for (const auto& a : trend) latest_key = std::max(latest_key, a.period_key);
  for (const auto& a : trend) {
    if (a.period_key < latest_key) previous_key = std::max(previous_key, a.period_key);
  }
  std::vector<AspectChange> out;
  for (const auto& a : trend) {
    if (a.period_key == latest_key) out.push_back({a, std::nullopt});
  }
  for (auto& change : out) {
    for (const auto& a : trend) {
      if (!previous_key.empty() && a.aspect == change.latest.aspect && a.period_key == previous_key) change.previous = a;
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const AspectChange& x, const AspectChange& y) { return x.latest.volume > y.latest.volume; });
  return out;
}

}  // namespace peakend::scores
