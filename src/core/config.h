// Config: settings from flags, environment (PEAKEND_*) and an optional config file, applied in
// that order of precedence (a flag beats the environment, which beats the file, which beats
// the built-in default).
//
// The file format is one `key = value` per line; '#' starts a comment; keys use dots for
// sections ("text.model = /var/lib/peakend/model.bin"). The environment variable for a key is
// PEAKEND_ followed by the key upper-cased with dots as underscores (PEAKEND_TEXT_MODEL).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace peakend {

// A documented setting: its key, default and one-line explanation (for --help and README).
struct ConfigKey {
  const char* key;
  const char* default_value;
  const char* help;
};

// Every setting Peakend reads, with its default.
const std::vector<ConfigKey>& KnownConfigKeys();

class Config {
 public:
  // Layers the sources; `flags` holds only options the user actually gave on the command line.
  // `config_file` may be empty; a named file that cannot be read is an error.
  static Result<Config> Load(const std::map<std::string, std::string>& flags, const std::string& config_file,
                             char** environ_vars);

  std::string Get(const std::string& key) const;  // default when unset
  Result<long long> GetInt(const std::string& key, long long min, long long max) const;
  Result<double> GetDouble(const std::string& key) const;
  // true, yes, on or 1; false, no, off or 0 (any case); anything else is an error naming them.
  Result<bool> GetBool(const std::string& key) const;
  // A comma-separated setting as its items, each trimmed of spaces and tabs; empty items dropped.
  std::vector<std::string> GetList(const std::string& key) const;
  // Where the effective value came from: "flag", "env", "file" or "default".
  std::string SourceOf(const std::string& key) const;
  void Set(const std::string& key, const std::string& value, const std::string& source = "flag");

 private:
  std::map<std::string, std::pair<std::string, std::string>> values_;  // key -> (value, source)
};

// Parses the `key = value` format; errors name the line.
Result<std::map<std::string, std::string>> ParseConfigText(const std::string& text, const std::string& origin);

}  // namespace peakend
