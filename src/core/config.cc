#include "core/config.h"

#include <fstream>
#include <sstream>

#include "core/limits.h"
#include "core/strings.h"

namespace peakend {
namespace {

std::string EnvName(const std::string& key) {
  std::string out = "PEAKEND_";
  for (char c : key) out += (c == '.' || c == '-') ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

const ConfigKey* FindKey(const std::string& key) {
  for (const auto& k : KnownConfigKeys()) {
    if (key == k.key) return &k;
  }
  return nullptr;
}

}  // namespace

const std::vector<ConfigKey>& KnownConfigKeys() {
  static const std::vector<ConfigKey> keys = {
      {"host", "127.0.0.1", "address the HTTP server listens on (0.0.0.0 for all interfaces)"},
      {"port", "8080", "TCP port of the HTTP server"},
      {"database", "peakend.db", "store: a SQLite file path, sqlite:PATH, or postgresql://user@host/db"},
      {"threads", "auto",
       "HTTP worker threads running the routes, 1 to 1024; auto = max(16, 4 per core): routes wait on the store, "
       "while connections, slow clients included, hold no thread"},
      {"http.allowed_origins", "",
       "sites whose pages may call the API from the browser (CORS), as scheme://host[:port], comma separated; "
       "empty = none"},
      {"http.allowed_hosts", "",
       "host names the server is reached by, besides IP addresses and localhost (which are always served), comma "
       "separated, or * for any; a request sent to another name is refused (421), which stops DNS rebinding"},
      {"max_body_bytes", "10485760", "largest accepted request body in bytes (larger gets 413)"},
      {"log_level", "info", "trace, debug, info, warn, error or off"},
      {"time_zone", "Europe/Amsterdam",
       "the organisation's time zone: reports, budgets and date filters count its days, weeks and months, and "
       "survey exports whose tool writes local times without a zone are read in it"},
      {"text.enabled", "true", "analyse comments (language, sentiment, aspects, ...) on ingest"},
      {"text.data_dir", PEAKEND_DATA_DIR "/text", "folder with the lexicons and rules"},
      {"text.model", "", "trained sentiment model file to blend with the lexicon (peakend text train)"},
      {"text.model_blend", "0.5", "weight of the trained model in the blended sentiment, 0..1"},
      {"text.topics", "", "file with custom topic definitions"},
      {"text.lexicons", "", "extra lexicon files, comma separated: Peakend format, or VADER/AFINN (token<TAB>score)"},
      {"moments.disabled", "", "rules switched off, comma separated (e.g. praise,effort)"},
      {"moments.detractor_sla_hours", "24", "hours to contact a detractor"},
      {"moments.sla_hours", "72", "hours to act on other cases"},
      {"moments.business_hours", "always", "hours the SLA clock runs, e.g. \"mon-fri 09:00-17:00 Europe/Amsterdam\""},
      {"moments.holidays", "", "days the SLA clock stands still: nl, be and/or dates (YYYY-MM-DD), comma separated"},
      {"moments.dedupe_days", "14", "one open case per customer and journey within this many days"},
      {"moments.import_days", "7", "peakend import looks for moments of truth in responses of the last N days"},
      {"moments.config", "", "JSON file tuning rules, priorities, SLAs, actions, gestures and budgets (see README)"},
      {"webhooks.url", "", "receiver of case events (http://host:port/path); empty = no webhooks"},
      {"webhooks.secret", "", "shared secret for the X-Peakend-Signature HMAC-SHA256 header"},
      {"peak_end.weight_peak", "0.5", "weight of the most intense moment in the remembered experience"},
      {"peak_end.weight_end", "0.5", "weight of the last moment in the remembered experience"},
  };
  return keys;
}

Result<std::map<std::string, std::string>> ParseConfigText(const std::string& text, const std::string& origin) {
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::string t(TrimSpace(line));
    if (t.empty() || t[0] == '#') continue;
    std::size_t eq = t.find('=');
    if (eq == std::string::npos) {
      return Status::InvalidArgument(origin + ":" + std::to_string(line_no) + ": expected 'key = value', got '" + t + "'");
    }
    std::string key(TrimSpace(std::string_view(t).substr(0, eq)));
    std::string value(TrimSpace(std::string_view(t).substr(eq + 1)));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    if (!FindKey(key)) {
      return Status::InvalidArgument(origin + ":" + std::to_string(line_no) + ": unknown setting '" + key +
                                     "'; see `peakend serve --help` for the settings Peakend reads");
    }
    out[key] = value;
  }
  return out;
}

Result<Config> Config::Load(const std::map<std::string, std::string>& flags, const std::string& config_file,
                            char** environ_vars) {
  Config cfg;
  for (const auto& k : KnownConfigKeys()) cfg.values_[k.key] = {k.default_value, "default"};
  if (!config_file.empty()) {
    std::ifstream f(config_file);
    if (!f) return Status::IoError("cannot read config file '" + config_file + "': check the path and permissions");
    std::stringstream ss;
    ss << f.rdbuf();
    auto parsed = ParseConfigText(ss.str(), config_file);
    if (!parsed.ok()) return parsed.status();
    for (const auto& [k, v] : *parsed) cfg.values_[k] = {v, "file"};
  }
  if (environ_vars) {
    for (const auto& k : KnownConfigKeys()) {
      std::string name = EnvName(k.key) + "=";
      for (char** e = environ_vars; *e; ++e) {
        if (std::string_view(*e).substr(0, name.size()) == name) cfg.values_[k.key] = {*e + name.size(), "env"};
      }
    }
  }
  for (const auto& [k, v] : flags) cfg.values_[k] = {v, "flag"};
  return cfg;
}

std::string Config::Get(const std::string& key) const {
  auto it = values_.find(key);
  return it == values_.end() ? "" : it->second.first;
}

std::string Config::SourceOf(const std::string& key) const {
  auto it = values_.find(key);
  return it == values_.end() ? "default" : it->second.second;
}

void Config::Set(const std::string& key, const std::string& value, const std::string& source) {
  values_[key] = {value, source};
}

Result<long long> Config::GetInt(const std::string& key, long long min, long long max) const {
  std::string v = Get(key);
  try {
    std::size_t used = 0;
    long long n = std::stoll(v, &used);
    if (used != v.size()) throw std::invalid_argument(v);
    if (n < min || n > max) {
      return Status::InvalidArgument("setting '" + key + "' is " + v + " (from " + SourceOf(key) + "); it must be between " +
                                     std::to_string(min) + " and " + std::to_string(max), key);
    }
    return n;
  } catch (const std::exception&) {
    return Status::InvalidArgument("setting '" + key + "' is '" + v + "' (from " + SourceOf(key) + "); it must be a whole number", key);
  }
}

Result<double> Config::GetDouble(const std::string& key) const {
  std::string v = Get(key);
  try {
    std::size_t used = 0;
    double d = std::stod(v, &used);
    if (used != v.size()) throw std::invalid_argument(v);
    return d;
  } catch (const std::exception&) {
    return Status::InvalidArgument("setting '" + key + "' is '" + v + "' (from " + SourceOf(key) + "); it must be a number", key);
  }
}

Result<bool> Config::GetBool(const std::string& key) const {
  std::string v = AsciiLower(Get(key));
  if (v == "1" || v == "true" || v == "yes" || v == "on") return true;
  if (v == "0" || v == "false" || v == "no" || v == "off") return false;
  return Status::InvalidArgument("setting '" + key + "' is '" + Get(key) + "' (from " + SourceOf(key) +
                                     "); it must be true or false (yes/no, on/off and 1/0 are read too)", key);
}

std::vector<std::string> Config::GetList(const std::string& key) const {
  std::vector<std::string> out;
  std::stringstream list(Get(key));
  for (std::string item; std::getline(list, item, ',');) {
    std::size_t begin = item.find_first_not_of(" \t");
    if (begin == std::string::npos) continue;
    out.push_back(item.substr(begin, item.find_last_not_of(" \t") - begin + 1));
  }
  return out;
}

}  // namespace peakend
