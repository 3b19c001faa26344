#include "moments/detector.h"

#include <algorithm>
#include <chrono>

#include "core/time.h"
#include "moments/moments_limits.h"

namespace peakend::moments {
namespace {

std::int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Detector::Detector(MomentsEngine& engine, CaseStore* awaiting)
    : engine_(engine), awaiting_(awaiting), thread_([this] { Run(); }) {}

Detector::~Detector() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  thread_.join();
}

std::uint64_t Detector::EnqueueLocked(std::unique_lock<std::mutex>& lock, const std::vector<Id>& ids) {
  std::int64_t now = NowNs();
  for (Id id : ids) {
    space_free_.wait(lock, [&] { return queue_.size() < kMaxQueuedResponses || stopping_ || abandoned_; });
    if (abandoned_) break;  // left awaiting in the store
    queue_.push_back({id, now});
    ++enqueued_;
    work_ready_.notify_one();
  }
  return enqueued_;
}

void Detector::Enqueue(const std::vector<Id>& ids) {
  if (ids.empty()) return;
  std::unique_lock lock(mu_);
  EnqueueLocked(lock, ids);
}

WaitedDetections Detector::EnqueueAndWait(const std::vector<Id>& ids, std::chrono::milliseconds timeout) {
  WaitedDetections out;
  if (ids.empty()) return out;
  std::unique_lock lock(mu_);
  std::uint64_t ticket = EnqueueLocked(lock, ids);
  out.complete = progress_.wait_for(lock, timeout, [&] { return finished_ >= ticket || abandoned_; }) && !abandoned_;
  for (Id id : ids) {
    auto it = recent_.find(id);
    if (it != recent_.end()) out.found.push_back(it->second);
  }
  return out;
}

void Detector::Drain() {
  std::unique_lock lock(mu_);
  std::uint64_t target = enqueued_;
  progress_.wait(lock, [&] { return finished_ >= target || abandoned_; });
}

std::uint64_t Detector::WaitUntilIdle(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  progress_.wait_for(lock, timeout, [&] { return queue_.empty() && in_hand_ == 0; });
  return queue_.size() + in_hand_;
}

void Detector::Abandon() {
  {
    std::lock_guard lock(mu_);
    abandoned_ = true;
    // Counted as finished, so that no caller waits for them.
    finished_ += queue_.size();
    queue_.clear();
  }
  space_free_.notify_all();
  progress_.notify_all();
}

DetectorStats Detector::Stats() const {
  std::lock_guard lock(mu_);
  DetectorStats out = stats_;
  out.queued = queue_.size() + in_hand_;
  return out;
}

void Detector::Run() {
  std::vector<Pending> batch;
  std::vector<Id> ids;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      work_ready_.wait(lock, [&] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;  // stopping, and everything is done
      std::size_t n = std::min(queue_.size(), kMaxResponsesPerPass);
      batch.assign(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
      in_hand_ = n;
    }
    space_free_.notify_all();
    ids.clear();
    for (const auto& p : batch) ids.push_back(p.id);
    std::vector<Detection> found;
    std::vector<Status> failed;
    std::vector<Id> looked_at;
    auto detections = engine_.OnResponsesCommitted(ids, NowUtc());
    if (detections.ok()) {
      found = std::move(detections).value();
      looked_at = ids;
    } else {
      // One response the engine cannot handle must not cost the others their detection: look
      // at them one by one (cases already opened are found again and not duplicated).
      for (Id id : ids) {
        auto one = engine_.OnResponsesCommitted({id}, NowUtc());
        if (one.ok()) {
          found.insert(found.end(), one->begin(), one->end());
          looked_at.push_back(id);
        } else {
          failed.push_back(one.status());
        }
      }
    }
    // A response not marked done is looked at again on the next start, where a case it
    // opened is found again rather than opened twice.
    Status marked = awaiting_ ? awaiting_->DetectionDone(looked_at) : Status::Ok();
    std::int64_t done = NowNs();
    {
      std::lock_guard lock(mu_);
      stats_.responses += batch.size();
      for (const auto& d : found) {
        stats_.cases_opened += d.case_id ? 1 : 0;
        if (recent_.emplace(d.response_id, d).second) recent_order_.push_back(d.response_id);
      }
      while (recent_order_.size() > kRecentDetectionsKept) {
        recent_.erase(recent_order_.front());
        recent_order_.pop_front();
      }
      stats_.failures += failed.size();
      if (!failed.empty()) stats_.last_error = failed.back().message();
      if (!marked.ok()) stats_.last_error = "recording responses as looked at: " + marked.message();
      for (const auto& p : batch) {
        double lag_ms = static_cast<double>(done - p.enqueued_ns) / 1e6;
        stats_.max_lag_ms = std::max(stats_.max_lag_ms, lag_ms);
        stats_.within_target += lag_ms <= kDetectionTargetMs ? 1 : 0;
      }
      finished_ += batch.size();
      in_hand_ = 0;
    }
    progress_.notify_all();
  }
}

}  // namespace peakend::moments
