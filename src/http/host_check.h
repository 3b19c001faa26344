// The host names the server answers to. A browser sends the name it resolved in the Host header;
// a page on a site whose name an attacker points at the server's address (DNS rebinding) would
// otherwise be the server's "own" origin, free to read customer data and to write, as the API has
// no authentication yet. Addresses written as IP literals and localhost cannot be rebound, so they
// are always served; any other name must be listed in `http.allowed_hosts`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace peakend::http {

// Checks each entry of the setting (a host name, without scheme, port or path, or `*` for any
// name) and returns them in lower case, as IsServedHost compares them.
[[nodiscard]] Result<std::vector<std::string>> ParseAllowedHosts(const std::vector<std::string>& entries);

// Whether a request with this Host header ("" when it has none, as HTTP/1.0 allows) is served:
// an IPv4 or bracketed IPv6 literal, localhost or a name under .localhost, or a listed name (any
// name when `*` is listed); the port is not compared.
bool IsServedHost(std::string_view host_header, const std::vector<std::string>& allowed_hosts);

}  // namespace peakend::http
