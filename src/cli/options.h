// Options shared by the subcommands: where the configuration comes from and how a flag given
// on the command line overrides the environment and the config file.
#pragma once

#include <CLI/CLI.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/app.h"
#include "core/config.h"

namespace peakend::cli {

// Collects the settings a subcommand exposes as flags; only flags the user gave are applied.
class SettingFlags {
 public:
  // Adds --config FILE and --database URL to `command`.
  explicit SettingFlags(CLI::App* command);
  // Adds a flag for a known setting (e.g. "port" -> --port), documented from KnownConfigKeys.
  void Add(const std::string& key, const std::string& flag_name);
  // Layers flags > PEAKEND_* environment > --config file > defaults.
  Result<Config> Load() const;

 private:
  CLI::App* command_;
  std::string config_file_;
  struct Flag {
    std::string key;
    CLI::Option* option;
    std::shared_ptr<std::string> value;
  };
  std::vector<Flag> flags_;
};

// Prints "error: <message>" to stderr and makes the process exit with `code`.
[[noreturn]] void Fail(const Status& status, int code = 1);

// Loads config and opens the app, failing the process with a clear message otherwise.
std::unique_ptr<App> OpenAppOrFail(const SettingFlags& flags);

void AddServeCommands(CLI::App& app);   // serve, demo
void AddImportCommand(CLI::App& app);   // import
void AddReportCommand(CLI::App& app);   // report
void AddExportCommand(CLI::App& app);   // export
void AddCasesCommands(CLI::App& app);   // cases
void AddSettingsCommand(CLI::App& app);  // settings
// PEAKEND_ and the key upper-cased with dots as underscores: moments.config -> PEAKEND_MOMENTS_CONFIG.
std::string EnvironmentName(const std::string& key);

}  // namespace peakend::cli
