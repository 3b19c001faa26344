// WebhookDispatcher: delivers case events from the outbox to the organisation's receiver,
// signed with HMAC-SHA256 over the body (header X-Peakend-Signature: sha256=<hex>), retrying
// with exponential backoff. It runs on its own thread, so a slow or failing receiver never
// holds up ingest; every attempt is recorded in the outbox (the delivery log).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/config.h"
#include "core/status.h"
#include "store/case_store.h"

namespace peakend::moments {

inline constexpr int kWebhookMaxAttempts = 8;
inline constexpr int kWebhookFirstRetrySeconds = 5;
inline constexpr int kWebhookMaxRetrySeconds = 3600;
inline constexpr int kWebhookTimeoutSeconds = 10;
inline constexpr int kWebhookBatch = 50;

// "sha256=" + lower-case hex HMAC-SHA256 of `body` with `secret`.
std::string SignBody(const std::string& secret, const std::string& body);
// Seconds to wait before attempt number `attempts` + 1 (5, 10, 20, ... capped at an hour).
int RetryDelaySeconds(int attempts);

struct WebhookOptions {
  std::string url;      // http://host:port/path
  std::string secret;   // shared with the receiver
  std::chrono::milliseconds poll{1000};
};

class WebhookDispatcher {
 public:
  WebhookDispatcher(CaseStore& cases, WebhookOptions options);
  ~WebhookDispatcher();  // stops the thread

  // Sends what is due now; the thread calls this on every poll. Returns messages delivered.
  Result<int> DeliverDue(Timestamp now);
  void Start();
  void Stop();

 private:
  CaseStore& cases_;
  WebhookOptions options_;
  std::string scheme_host_port_, path_;
  std::atomic<bool> running_{false};
  std::mutex mu_;
  std::condition_variable wake_;
  std::thread thread_;
};

Result<std::pair<std::string, std::string>> SplitUrl(const std::string& url);  // ("http://h:p", "/path")

// webhooks.url and webhooks.secret; nothing when no url is set (no webhooks).
[[nodiscard]] Result<std::optional<WebhookOptions>> WebhookOptionsFromSettings(const Config& settings);

}  // namespace peakend::moments
