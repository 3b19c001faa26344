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
#include "ingest/csv_reader.h"

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

// --delimiter and --bom, the same for every command that writes CSV.
class CsvFlags {
 public:
  explicit CsvFlags(CLI::App* command);
  // Whether the user gave either flag (they mean nothing for JSON or XLSX output).
  bool given() const;
  // How to write a CSV to `path` ("-" = standard output); fails the process on a delimiter
  // Peakend does not write. --bom auto puts a byte order mark in files, not on standard output,
  // where it would be the first bytes another program reads.
  ingest::CsvStyle StyleOrFail(const std::string& path) const;

 private:
  std::string delimiter_ = ",";
  std::string bom_ = "auto";
  CLI::Option* delimiter_option_ = nullptr;
  CLI::Option* bom_option_ = nullptr;
};

// Prints "error: <message>" to stderr and makes the process exit with `code`.
[[noreturn]] void Fail(const Status& status, int code = 1);

// Loads config and opens the app, failing the process with a clear message otherwise.
std::unique_ptr<App> OpenAppOrFail(const SettingFlags& flags);

// Fails the process when `filter` names a location, team, employee or customer the store does not
// have: a typo, not an empty inbox or an empty export (cases are matched by these names, so
// nothing else would notice).
void FailOnUnknownCaseRefs(Store& store, const CaseFilter& filter);

// The responses committed to await detection (over the API, or by an import of recent ones)
// that no detector finished with before the last stop or crash: a server looks at them when it
// starts, an import along with its own.
std::vector<Id> ResponsesLeftAwaiting(App& app);

void AddServeCommands(CLI::App& app);   // serve, demo
void AddImportCommand(CLI::App& app);   // import
void AddReportCommand(CLI::App& app);   // report
void AddExportCommand(CLI::App& app);   // export
void AddCasesCommands(CLI::App& app);   // cases
void AddSettingsCommand(CLI::App& app);  // settings
// PEAKEND_ and the key upper-cased with dots as underscores: moments.config -> PEAKEND_MOMENTS_CONFIG.
std::string EnvironmentName(const std::string& key);

}  // namespace peakend::cli
