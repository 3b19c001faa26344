// What `peakend serve` reads from the settings, in one place: the server's own options and a
// check of every setting with the code that reads it, so that `peakend settings` finds the
// values serve would refuse before anyone starts it.
#pragma once

#include <string>
#include <vector>

#include <spdlog/common.h>

#include "core/config.h"
#include "core/status.h"
#include "http/server.h"

namespace peakend::http {

// host, port, threads (a number or auto), max_body_bytes, http.allowed_origins and
// http.allowed_hosts.
[[nodiscard]] Result<ServerOptions> ServerOptionsFromSettings(const Config& config);

// log_level: trace, debug, info, warn, error or off.
[[nodiscard]] Result<spdlog::level::level_enum> LogLevelFromSettings(const Config& config);

// A setting whose value Peakend would refuse, with what is wrong and what would be valid.
struct InvalidSetting {
  std::string key;
  std::string problem;
};

// Every setting that serve (or import, for moments.import_days) would refuse, in the order of
// KnownConfigKeys, each read by the code that reads it there. Settings read together (the text
// analyzer's files, the moments settings and their JSON file) are read again after each refusal
// with the refused value at its default, so that one wrong value does not hide the next.
// The database is checked for its form only: opening it would create a SQLite file.
std::vector<InvalidSetting> CheckSettings(const Config& config);

}  // namespace peakend::http
