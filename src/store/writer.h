// Writer: the single thread through which every write reaches the store. Callers queue
// requests; the thread takes everything queued (up to a bound), applies it in ONE transaction
// (group commit), and completes each caller's future only after COMMIT, so an acknowledged
// write is durable and concurrent writers share the cost of a commit.
#pragma once

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "store/store.h"

namespace peakend {

struct WriterStats {
  std::uint64_t commits = 0;
  std::uint64_t requests = 0;
  std::uint64_t records = 0;
};

class Writer {
 public:
  explicit Writer(Store& store);
  ~Writer();  // Stop()s
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Queues a request. When limits::kWriterQueueDepth requests are already waiting, the caller
  // blocks until there is room (back-pressure rather than unbounded memory). After Stop() the
  // future completes at once with Unavailable.
  std::future<WriteResult> Submit(WriteRequest request);
  // Submit and wait.
  WriteResult Write(WriteRequest request);
  // Finishes every queued request, then ends the thread. Idempotent.
  void Stop();
  WriterStats stats() const;

 private:
  struct Pending {
    WriteRequest request;
    std::promise<WriteResult> promise;
  };
  void Run();

  Store& store_;
  mutable std::mutex mu_;
  std::condition_variable has_work_, has_room_;
  std::deque<Pending> queue_;
  // Committed requests waiting to be freed. Freeing thousands of records takes the writer's
  // time from committing, so the next caller of Submit frees them on its own thread.
  std::vector<std::vector<Pending>> committed_;
  bool stopping_ = false;
  WriterStats stats_;
  std::thread thread_;
};

}  // namespace peakend
