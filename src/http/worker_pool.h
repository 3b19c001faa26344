// WorkerPool: a fixed number of threads running tasks from a bounded queue. The HTTP server runs
// the routes here, off its I/O threads, because routes block (they wait for the store's group
// commit) while the I/O threads must keep every other connection moving.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace peakend::http {

class WorkerPool {
 public:
  WorkerPool(int threads, std::size_t queue_depth);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task` unless `queue_depth` tasks are already waiting or the pool is shut down; the
  // caller then refuses the work itself instead of waiting. A task must not throw.
  [[nodiscard]] bool TrySubmit(std::function<void()> task);

  // Runs what is queued, then joins the threads. Idempotent.
  void Shutdown();

 private:
  void Work();

  const std::size_t queue_depth_;
  std::mutex mu_;
  std::condition_variable not_empty_;
  std::deque<std::function<void()>> queue_;  // guarded by mu_
  bool shutdown_ = false;                    // guarded by mu_
  std::vector<std::thread> workers_;
};

}  // namespace peakend::http
