#include "scores/aspect_trend.h"

#include <algorithm>
#include <map>
#include <utility>

namespace peakend::scores {

namespace {

// Adds mentions up per aspect and period.
class TrendSums {
 public:
  void Add(const std::string& aspect, const std::string& period_key, std::int64_t volume, std::int64_t positive,
           std::int64_t negative, double score_sum) {
    Sums& g = groups_[{aspect, period_key}];
    g.counts.volume += static_cast<int>(volume);
    g.counts.positive += static_cast<int>(positive);
    g.counts.negative += static_cast<int>(negative);
    g.sum += score_sum;
  }
  std::vector<AspectPeriod> Trend() && {
    std::vector<AspectPeriod> out;
    out.reserve(groups_.size());
    for (auto& [key, g] : groups_) {
      g.counts.aspect = key.first;
      g.counts.period_key = key.second;
      g.counts.mean_sentiment = g.sum / g.counts.volume;
      out.push_back(std::move(g.counts));
    }
    return out;
  }

 private:
  struct Sums {
    AspectPeriod counts;
    double sum = 0;
  };
  std::map<std::pair<std::string, std::string>, Sums> groups_;
};

}  // namespace

std::vector<AspectPeriod> AspectTrend(const std::vector<TagRow>& rows, Period period, const Calendar& calendar) {
  TrendSums sums;
  for (const auto& r : rows) {
    sums.Add(r.name, calendar.PeriodKey(r.submitted_at, period), 1, r.score > kAspectPolarityThreshold,
             r.score < -kAspectPolarityThreshold, r.score);
  }
  return std::move(sums).Trend();
}

std::vector<AspectPeriod> AspectTrend(const std::vector<TagDayTally>& days, Period period) {
  TrendSums sums;
  for (const auto& d : days) {
    // A local day read as a UTC day has the organisation's calendar date.
    sums.Add(d.name, peakend::PeriodKey(d.local_day * kSecondsPerDay, period), d.volume, d.positive, d.negative,
             d.score_sum);
  }
  return std::move(sums).Trend();
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
