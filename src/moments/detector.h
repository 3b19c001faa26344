// Detector: runs the MomentsEngine on a thread of its own, so that ingest answers as soon as
// its responses are committed and never waits for the history queries detection needs.
// Committed response ids are queued; the thread takes everything waiting in one go (a busy
// moment becomes one larger detection pass, of at most kMaxResponsesPerPass) and opens cases
// within milliseconds. The queue is
// bounded: when detection cannot keep up, Enqueue waits rather than let memory grow. The queue
// lives in memory: responses written to await detection (WriteRequest::awaits_detection) are
// marked done in the store once looked at, so what a stop leaves is found on the next start.
#pragma once

#include <chrono>
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
#include "store/case_store.h"

namespace peakend::moments {

// Responses waiting for detection before Enqueue blocks its caller.
inline constexpr std::size_t kMaxQueuedResponses = 100000;
// Detection should follow a commit within this long (the moments-of-truth target).
inline constexpr double kDetectionTargetMs = 50;
// Detections kept for callers that wait for theirs (EnqueueAndWait).
inline constexpr std::size_t kRecentDetectionsKept = 20000;
// Responses the thread looks at in one pass. Passes are this small so that after a burst the
// stats move, a caller waiting for its own responses is served between passes, and a stop's
// deadline is kept (the pass in hand is always finished); one engine call of this many still
// reads their customers' histories together.
inline constexpr std::size_t kMaxResponsesPerPass = 500;
// How long EnqueueAndWait waits, at most, for its responses' detection (`?moments=wait`): a
// client's own timeout should not fire on a write that was committed.
inline constexpr std::chrono::milliseconds kMaxDetectionWait{10000};

// What EnqueueAndWait found, and whether every one of its responses was looked at in time.
struct WaitedDetections {
  std::vector<Detection> found;
  bool complete = true;
};

struct DetectorStats {
  std::uint64_t responses = 0;      // looked at
  std::uint64_t cases_opened = 0;
  std::uint64_t failures = 0;       // responses whose detection returned an error
  std::string last_error;           // of the latest failure; empty when none
  double max_lag_ms = 0;            // longest time from Enqueue to its detection being done
  std::uint64_t within_target = 0;  // responses looked at within kDetectionTargetMs of Enqueue
  std::uint64_t queued = 0;         // waiting now, or in the batch being looked at
};

class Detector {
 public:
  // With `awaiting`, each response looked at is marked done there (CaseStore::DetectionDone);
  // one whose detection failed stays awaiting, for the next start to try again.
  explicit Detector(MomentsEngine& engine, CaseStore* awaiting = nullptr);
  ~Detector();  // finishes everything queued (unless Abandon()ed), then stops
  Detector(const Detector&) = delete;
  Detector& operator=(const Detector&) = delete;

  void Enqueue(const std::vector<Id>& response_ids);
  // Enqueue, then wait at most `timeout` for these responses to be looked at and return what was
  // found. For clients that want the cases a response opened in the answer to their request.
  WaitedDetections EnqueueAndWait(const std::vector<Id>& response_ids,
                                  std::chrono::milliseconds timeout = kMaxDetectionWait);
  // Returns once everything enqueued before the call has been looked at.
  void Drain();
  // Waits at most `timeout` for the queue to empty and the batch in hand to be done; returns
  // how many responses are left (0: all looked at).
  std::uint64_t WaitUntilIdle(std::chrono::milliseconds timeout);
  // Drops what waits and lets no more in (Enqueue returns at once, without them), so a stop
  // need not wait for a long queue: the batch in hand is finished. What was dropped stays
  // awaiting detection in the store, for the next start.
  void Abandon();
  DetectorStats Stats() const;

 private:
  struct Pending {
    Id id;
    std::int64_t enqueued_ns;
  };
  std::uint64_t EnqueueLocked(std::unique_lock<std::mutex>& lock, const std::vector<Id>& ids);
  void Run();

  MomentsEngine& engine_;
  CaseStore* awaiting_;
  mutable std::mutex mu_;
  std::condition_variable work_ready_, space_free_, progress_;
  std::deque<Pending> queue_;
  std::size_t in_hand_ = 0;  // responses in the batch being looked at
  std::uint64_t enqueued_ = 0, finished_ = 0;
  bool stopping_ = false;
  bool abandoned_ = false;
  DetectorStats stats_;
  std::unordered_map<Id, Detection> recent_;
  std::deque<Id> recent_order_;
  std::thread thread_;
};

}  // namespace peakend::moments
