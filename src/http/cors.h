// Cross-origin requests (CORS) from the sites named in `http.allowed_origins`: a feedback widget
// on a shop's site posting answers, an intranet dashboard reading scores. The API has no
// authentication yet, so no origin is allowed unless listed, and `*` is never accepted.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace peakend::http {

// How long a browser may reuse a preflight answer. Short enough that a removed origin loses
// access soon; Chromium caps the value at 7200 anyway.
inline constexpr int kCorsMaxAgeSeconds = 600;

// Checks each entry of the setting (scheme://host[:port], no path) and returns them as browsers
// send them in the Origin header: lower case, without the scheme's default port.
[[nodiscard]] Result<std::vector<std::string>> ParseAllowedOrigins(const std::vector<std::string>& entries);

// Access-Control-Allow-Headers for a preflight that asked for `requested` (its
// Access-Control-Request-Headers): Content-Type and Content-Encoding always, and of the
// requested headers those that carry no credentials.
std::string CorsAllowedHeaders(const std::string& requested);

}  // namespace peakend::http
