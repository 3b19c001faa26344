#include "moments/webhooks.h"

#include <httplib.h>
#include <sodium.h>

#include <algorithm>

namespace peakend::moments {

std::string SignBody(const std::string& secret, const std::string& body) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()), body.size());
  crypto_auth_hmacsha256_final(&state, mac);
  char hex[crypto_auth_hmacsha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return std::string("sha256=") + hex;
}

int RetryDelaySeconds(int attempts) {
  long long delay = kWebhookFirstRetrySeconds;
  for (int i = 1; i < attempts && delay < kWebhookMaxRetrySeconds; ++i) delay *= 2;
  return static_cast<int>(std::min<long long>(delay, kWebhookMaxRetrySeconds));
}

Result<std::pair<std::string, std::string>> SplitUrl(const std::string& url) {
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    return Status::InvalidArgument("webhook url '" + url + "' must start with http:// or https://", "webhooks.url");
  }
  std::size_t host_start = url.find("//") + 2;
  std::size_t slash = url.find('/', host_start);
  if (slash == std::string::npos) return std::make_pair(url, std::string("/"));
  return std::make_pair(url.substr(0, slash), url.substr(slash));
}

Result<std::optional<WebhookOptions>> WebhookOptionsFromSettings(const Config& settings) {
  std::string url = settings.Get("webhooks.url");
  if (url.empty()) return std::optional<WebhookOptions>();
  auto split = SplitUrl(url);
  if (!split.ok()) return split.status();
  std::string secret = settings.Get("webhooks.secret");
  if (secret.empty()) {
    return Status::InvalidArgument("webhooks.url is set but webhooks.secret is empty; receivers need it to verify "
                                   "the signature: set a long random secret shared with the receiver",
                                   "webhooks.secret");
  }
  return std::optional<WebhookOptions>(WebhookOptions{url, secret});
}

WebhookDispatcher::WebhookDispatcher(CaseStore& cases, WebhookOptions options)
    : cases_(cases), options_(std::move(options)) {
  auto split = SplitUrl(options_.url);
  if (split.ok()) {
    scheme_host_port_ = split->first;
    path_ = split->second;
  }
}

WebhookDispatcher::~WebhookDispatcher() { Stop(); }

Result<int> WebhookDispatcher::DeliverDue(Timestamp now) {
  if (scheme_host_port_.empty()) return Status::InvalidArgument("no valid webhook url configured", "webhooks.url");
  auto due = cases_.DueMessages(now, kWebhookBatch);
  if (!due.ok()) return due.status();
  httplib::Client client(scheme_host_port_);
  client.set_connection_timeout(kWebhookTimeoutSeconds, 0);
  client.set_read_timeout(kWebhookTimeoutSeconds, 0);
  int delivered = 0;
  for (const auto& m : *due) {
    httplib::Headers headers = {{"X-Peakend-Event", m.event},
                                {"X-Peakend-Delivery", std::to_string(m.id)},
                                {"X-Peakend-Signature", SignBody(options_.secret, m.body)}};
    auto res = client.Post(path_.c_str(), headers, m.body, "application/json");
    bool ok = res && res->status >= 200 && res->status < 300;
    std::optional<int> status = res ? std::optional<int>(res->status) : std::nullopt;
    std::string error = ok ? "" : res ? "receiver answered HTTP " + std::to_string(res->status)
                                      : "no answer: " + httplib::to_string(res.error());
    int attempts = m.attempts + 1;
    bool give_up = !ok && attempts >= kWebhookMaxAttempts;
    PEAKEND_RETURN_IF_ERROR(cases_.RecordAttempt(m.id, ok, status, error, now, now + RetryDelaySeconds(attempts), give_up));
    delivered += ok;
  }
  return delivered;
}

void WebhookDispatcher::Start() {
  if (running_.exchange(true)) return;
  thread_ = std::thread([this] {
    while (running_) {
      (void)DeliverDue(static_cast<Timestamp>(std::chrono::duration_cast<std::chrono::seconds>(
                                                  std::chrono::system_clock::now().time_since_epoch())
                                                  .count()));
      std::unique_lock lock(mu_);
      wake_.wait_for(lock, options_.poll, [this] { return !running_; });
    }
  });
}

void WebhookDispatcher::Stop() {
  if (!running_.exchange(false)) return;
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace peakend::moments
