// `peakend settings`: every setting with its effective value and where that value came from
// (flag, environment, config file or default), so a running configuration can be checked.
#include <cctype>
#include <cstdio>

#include "cli/options.h"
#include "http/serve_settings.h"

namespace peakend::cli {

std::string EnvironmentName(const std::string& key) {
  std::string env = "PEAKEND_";
  for (char c : key) env += (c == '.') ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return env;
}

namespace {

// Secrets are shown only as set or not: a webhook secret, a password inside a database URL.
std::string Shown(const std::string& key, const std::string& value) {
  if (value.empty()) return "(none)";
  if (key.find("secret") != std::string::npos) return "(set, hidden)";
  std::size_t scheme = value.find("://"), at = value.find('@');
  if (scheme != std::string::npos && at != std::string::npos && at > scheme) {
    std::size_t colon = value.find(':', scheme + 3);
    if (colon != std::string::npos && colon < at) return value.substr(0, colon + 1) + "***" + value.substr(at);
  }
  return value;
}

}  // namespace

void AddSettingsCommand(CLI::App& root) {
  auto* cmd = root.add_subcommand(
      "settings", "List every setting: its effective value, where it came from (flag, env, file, default), its "
                  "environment variable and what it does, and check each value as `peakend serve` reads it: an "
                  "invalid one is marked with what is wrong and what would be valid, and the command then exits "
                  "with 1. Settings are read from --config FILE ('key = value' lines), then PEAKEND_* environment "
                  "variables, then flags.");
  auto flags = std::make_shared<SettingFlags>(cmd);
  cmd->callback([flags] {
    auto config = flags->Load();
    if (!config.ok()) Fail(config.status());
    std::vector<http::InvalidSetting> invalid = http::CheckSettings(*config);
    std::string invalid_keys;
    for (const auto& k : KnownConfigKeys()) {
      std::string value = Shown(k.key, config->Get(k.key));
      std::printf("%-28s = %-24s [%s]\n    %s; env %s\n", k.key, value.c_str(),
                  config->SourceOf(k.key).c_str(), k.help, EnvironmentName(k.key).c_str());
      for (const auto& problem : invalid) {
        if (problem.key != k.key) continue;
        std::printf("    INVALID: %s\n", problem.problem.c_str());
        invalid_keys += (invalid_keys.empty() ? "" : ", ") + problem.key;
      }
    }
    std::fflush(stdout);
    if (!invalid.empty()) {
      Fail(Status::InvalidArgument(std::to_string(invalid.size()) + " setting(s) invalid: " + invalid_keys +
                                   "; `peakend serve` would refuse to start. Correct them where the list above says "
                                   "each comes from (flag, env, file) and run `peakend settings` again"));
    }
  });
}

}  // namespace peakend::cli
