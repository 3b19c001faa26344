// Detector: runs the MomentsEngine on a thread of its own, so that ingest answers as soon as
// its responses are committed and never waits for the history queries detection needs.
// Committed response ids are queued; the thread takes everything waiting in one go (a busy
// moment becomes one larger detection pass) and opens cases within milliseconds. The queue is
// bounded: when detection cannot keep up, Enqueue waits rather than let memory grow.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/model.h"
#include "moments/engine.h"

namespace peakend::moments {

// Responses waiting for detection before Enqueue blocks its caller.
inline constexpr std::size_t kMaxQueuedResponses = 100000;
// Detection should follow a commit within this long (the moments-of-truth target).
inline constexpr double kDetectionTargetMs = 50;
// Detections kept for callers that wait for theirs (EnqueueAndWait).
inline constexpr std::size_t kRecentDetectionsKept = 20000;

struct DetectorStats {
  std::uint64_t responses = 0;      // looked at
  std::uint64_t cases_opened = 0;
  std::uint64_t failures = 0;       // responses whose detection returned an error
  std::string last_error;           // of the latest failure; empty when none
  double max_lag_ms = 0;            // longest time from Enqueue to its detection being done
  std::uint64_t within_target = 0;  // responses looked at within kDetectionTargetMs of Enqueue
  std::uint64_t queued = 0;         // waiting now
};

class Detector {
 public:
  explicit Detector(MomentsEngine& engine);
  ~Detector();  // finishes everything queued, then stops
  Detector(const Detector&) = delete;
  Detector& operator=(const Detector&) = delete;

  void Enqueue(const std::vector<Id>& response_ids);
  // Enqueue, then wait for these responses to be looked at and return what was found. For
  // clients that want the cases a response opened in the answer to their request.
  std::vector<Detection> EnqueueAndWait(const std::vector<Id>& response_ids);
  // Returns once everything enqueued before the call has been looked at.
  void Drain();
  DetectorStats Stats() const;

 private:
  struct Pending {
    Id id;
    std::int64_t enqueued_ns;
  };
  std::uint64_t EnqueueLocked(std::unique_lock<std::mutex>& lock, const std::vector<Id>& ids);
  void Run();

  MomentsEngine& engine_;
  mutable std::mutex mu_;
  std::condition_variable work_ready_, space_free_, progress_;
  std::deque<Pending> queue_;
  std::uint64_t enqueued_ = 0, finished_ = 0;
  bool stopping_ = false;
  DetectorStats stats_;
  std::unordered_map<Id, Detection> recent_;
  std::deque<Id> recent_order_;
  std::thread thread_;
};

}  // namespace peakend::moments
