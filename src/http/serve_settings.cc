#include "http/serve_settings.h"

#include <algorithm>
#include <functional>

#include "app/app.h"
#include "core/calendar.h"
#include "http/cors.h"
#include "http/host_check.h"
#include "moments/moments_config.h"
#include "moments/webhooks.h"
#include "scores/peak_end.h"
#include "store/store.h"
#include "text/analyzer.h"

namespace peakend::http {
namespace {

constexpr long long kMaxPort = 65535;
constexpr long long kMinBodyBytes = 1024;  // room for any single JSON record
constexpr long long kMaxBodyBytes = 1LL << 32;

// The `threads` setting: a number, or auto for a few workers per core (routes wait on the store).
Result<int> WorkerThreads(const Config& config) {
  if (config.Get("threads") == "auto") return DefaultWorkerThreads();
  auto threads = config.GetInt("threads", 1, limits::kMaxHttpThreads);
  if (!threads.ok()) {
    return Status::InvalidArgument(
        threads.status().message() + ", or auto (" + std::to_string(DefaultWorkerThreads()) + " on this machine)",
        "threads");
  }
  return static_cast<int>(*threads);
}

// Settings read together by one piece of code, and the setting a refusal without a field of
// its own concerns (a moments.config file's errors name the key inside the file).
struct SettingsReader {
  std::vector<std::string> keys;
  std::string fallback_key;
  std::function<Status(const Config&)> read;
};

template <typename T>
Status StatusOf(const Result<T>& result) {
  return result.ok() ? Status::Ok() : result.status();
}

std::vector<SettingsReader> Readers() {
  return {
      {{"host", "port", "threads", "max_body_bytes", "http.allowed_origins", "http.allowed_hosts"}, "port",
       [](const Config& c) { return StatusOf(ServerOptionsFromSettings(c)); }},
      {{"database"}, "database", [](const Config& c) { return Store::CheckUrl(c.Get("database")); }},
      {{"log_level"}, "log_level", [](const Config& c) { return StatusOf(LogLevelFromSettings(c)); }},
      {{"time_zone"}, "time_zone", [](const Config& c) { return StatusOf(Calendar::InZone(c.Get("time_zone"))); }},
      {{"text.enabled", "text.data_dir", "text.model", "text.model_blend", "text.topics", "text.lexicons"},
       "text.data_dir",
       [](const Config& c) -> Status {
         auto enabled = c.GetBool("text.enabled");
         if (!enabled.ok() || !*enabled) return StatusOf(enabled);
         auto options = AnalyzerOptionsFromSettings(c);
         if (!options.ok()) return options.status();
         return StatusOf(text::Analyzer::Load(*options));
       }},
      {{"moments.disabled", "moments.detractor_sla_hours", "moments.sla_hours", "moments.business_hours",
        "moments.holidays", "moments.dedupe_days", "moments.config"},
       "moments.config", [](const Config& c) { return StatusOf(moments::MomentsConfigFromSettings(c)); }},
      {{"moments.import_days"}, "moments.import_days",
       [](const Config& c) { return StatusOf(moments::ImportDetectionDays(c)); }},
      {{"webhooks.url", "webhooks.secret"}, "webhooks.url",
       [](const Config& c) { return StatusOf(moments::WebhookOptionsFromSettings(c)); }},
      {{"peak_end.weight_peak", "peak_end.weight_end"}, "peak_end.weight_peak",
       [](const Config& c) { return StatusOf(scores::PeakEndWeightsFromSettings(c)); }},
  };
}

std::string DefaultOf(const std::string& key) {
  for (const auto& k : KnownConfigKeys()) {
    if (key == k.key) return k.default_value;
  }
  return "";
}

}  // namespace

Result<ServerOptions> ServerOptionsFromSettings(const Config& config) {
  auto threads = WorkerThreads(config);
  if (!threads.ok()) return threads.status();
  auto port = config.GetInt("port", 0, kMaxPort);
  if (!port.ok()) return port.status();
  auto max_body = config.GetInt("max_body_bytes", kMinBodyBytes, kMaxBodyBytes);
  if (!max_body.ok()) return max_body.status();
  auto origins = ParseAllowedOrigins(config.GetList("http.allowed_origins"));
  if (!origins.ok()) {
    return Status(origins.status().code(), origins.status().message(), "http.allowed_origins");
  }
  auto hosts = ParseAllowedHosts(config.GetList("http.allowed_hosts"));
  if (!hosts.ok()) return hosts.status();
  ServerOptions options;
  options.host = config.Get("host");
  options.port = static_cast<int>(*port);
  options.threads = *threads;
  options.max_body_bytes = static_cast<std::size_t>(*max_body);
  options.allowed_origins = std::move(origins).value();
  options.allowed_hosts = std::move(hosts).value();
  return options;
}

Result<spdlog::level::level_enum> LogLevelFromSettings(const Config& config) {
  static const std::pair<const char*, spdlog::level::level_enum> kLevels[] = {
      {"trace", spdlog::level::trace}, {"debug", spdlog::level::debug}, {"info", spdlog::level::info},
      {"warn", spdlog::level::warn},   {"error", spdlog::level::err},   {"off", spdlog::level::off}};
  std::string value = config.Get("log_level");
  for (const auto& [name, level] : kLevels) {
    if (value == name) return level;
  }
  return Status::InvalidArgument("setting 'log_level' is '" + value + "' (from " + config.SourceOf("log_level") +
                                     "); use trace, debug, info, warn, error or off",
                                 "log_level");
}

std::vector<InvalidSetting> CheckSettings(const Config& config) {
  std::vector<InvalidSetting> invalid;
  for (const auto& reader : Readers()) {
    Config trial = config;
    // Each round refuses one more setting of this reader at most, so it ends.
    for (std::size_t round = 0; round < reader.keys.size(); ++round) {
      Status read = reader.read(trial);
      if (read.ok()) break;
      bool own = std::find(reader.keys.begin(), reader.keys.end(), read.field()) != reader.keys.end();
      std::string key = own ? read.field() : reader.fallback_key;
      bool reported = std::any_of(invalid.begin(), invalid.end(), [&](const auto& i) { return i.key == key; });
      if (reported) break;  // its default is refused too: nothing more to learn from this reader
      invalid.push_back({key, read.message()});
      trial.Set(key, DefaultOf(key), "default");
    }
  }
  const auto& known = KnownConfigKeys();
  auto position = [&](const std::string& key) {
    return std::find_if(known.begin(), known.end(), [&](const ConfigKey& k) { return key == k.key; }) - known.begin();
  };
  std::stable_sort(invalid.begin(), invalid.end(),
                   [&](const auto& a, const auto& b) { return position(a.key) < position(b.key); });
  return invalid;
}

}  // namespace peakend::http
