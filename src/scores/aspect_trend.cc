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

std::vector<AspectChange> WindowAspectChanges(const std::vector<TagDayTally>& days, std::int64_t last_day,
                                              int window_days) {
  const std::int64_t first_day = last_day - window_days + 1, previous_first_day = first_day - window_days;
  auto key = [](std::int64_t day) { return peakend::PeriodKey(day * kSecondsPerDay, Period::kDay); };
  TrendSums sums;
  for (const auto& d : days) {
    if (d.local_day < previous_first_day || d.local_day > last_day) continue;
    sums.Add(d.name, key(d.local_day >= first_day ? first_day : previous_first_day), d.volume, d.positive, d.negative,
             d.score_sum);
  }
  // Sorted by aspect, then period: an aspect's previous window, if mentioned, just before its latest.
  std::vector<AspectPeriod> trend = std::move(sums).Trend();
  const std::string latest_key = key(first_day);
  std::vector<AspectChange> out;
  for (std::size_t i = 0; i < trend.size(); ++i) {
    if (trend[i].period_key != latest_key) continue;
    AspectChange change{trend[i], std::nullopt};
    if (i > 0 && trend[i - 1].aspect == trend[i].aspect) change.previous = trend[i - 1];
    out.push_back(std::move(change));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const AspectChange& x, const AspectChange& y) { return x.latest.volume > y.latest.volume; });
  return out;
}

}  // namespace peakend::scores
