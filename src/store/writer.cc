#include "store/writer.h"

#include "core/limits.h"

namespace peakend {

Writer::Writer(Store& store) : store_(store), thread_([this] { Run(); }) {}

Writer::~Writer() { Stop(); }

std::future<WriteResult> Writer::Submit(WriteRequest request) {
  Pending pending{std::move(request), {}};
  auto future = pending.promise.get_future();
  std::vector<std::vector<Pending>> to_free;  // destroyed when Submit returns, outside the lock
  std::unique_lock lock(mu_);
  to_free.swap(committed_);
  has_room_.wait(lock, [&] { return queue_.size() < limits::kWriterQueueDepth || stopping_; });
  if (stopping_) {
    WriteResult result;
    result.status = Status::Unavailable("the store is shutting down; retry against a running server");
    pending.promise.set_value(std::move(result));
    return future;
  }
  queue_.push_back(std::move(pending));
  has_work_.notify_one();
  return future;
}

WriteResult Writer::Write(WriteRequest request) { return Submit(std::move(request)).get(); }

void Writer::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  has_work_.notify_all();
  has_room_.notify_all();
  if (thread_.joinable()) thread_.join();
}

WriterStats Writer::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

void Writer::Run() {
  for (;;) {
    std::vector<Pending> batch;
    {
      std::unique_lock lock(mu_);
      has_work_.wait(lock, [&] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;  // stopping and drained
      std::size_t records = 0;
      // Always take at least one request, however large; then more while under the bound.
      while (!queue_.empty() && (batch.empty() || records + queue_.front().request.record_count() <=
                                                      limits::kWriterMaxRecordsPerCommit)) {
        records += queue_.front().request.record_count();
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      has_room_.notify_all();
    }
    std::vector<const WriteRequest*> requests;
    requests.reserve(batch.size());
    std::size_t records = 0;
    for (const auto& p : batch) {
      requests.push_back(&p.request);
      records += p.request.record_count();
    }
    auto results = store_.Apply(requests);
    {
      std::lock_guard lock(mu_);
      stats_.commits += results.ok();
      stats_.requests += batch.size();
      stats_.records += records;
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
      if (results.ok()) {
        batch[i].promise.set_value(std::move((*results)[i]));
      } else {
        WriteResult failed;
        failed.status = results.status().WithContext("the write was not stored: ");
        batch[i].promise.set_value(std::move(failed));
      }
    }
    std::lock_guard lock(mu_);
    if (committed_.size() < limits::kWriterQueueDepth) committed_.push_back(std::move(batch));
  }
}

}  // namespace peakend
