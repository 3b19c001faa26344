#include "http/cors.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "core/strings.h"

namespace peakend::http {
namespace {

constexpr int kMaxPort = 65535;
constexpr std::string_view kSettingName = "http.allowed_origins";
constexpr std::string_view kExample = "https://www.example-shop.nl, https://intranet.example.nl";

// Request headers a page may send cross-origin. Authorization and cookies are left out: they
// would carry credentials once accounts exist, and allowing them then must be a decision.
constexpr std::array<std::string_view, 6> kHarmlessHeaders = {
    "Content-Type", "Content-Encoding", "Accept", "Accept-Language", "Content-Language", "X-Requested-With"};
// Always offered: a fetch() posting JSON asks for Content-Type; a compressing client for Content-Encoding.
constexpr std::size_t kAlwaysAllowed = 2;

Status Invalid(const std::string& entry, const std::string& why) {
  return Status::InvalidArgument(std::string(kSettingName) + ": '" + entry + "' " + why +
                                 "; list origins as scheme://host[:port], comma separated, e.g. " +
                                 std::string(kExample));
}

bool IsHostChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
}

// One entry, checked and written as a browser writes its Origin header.
Result<std::string> ParseOrigin(const std::string& entry) {
  if (entry == "*") {
    return Status::InvalidArgument(
        std::string(kSettingName) +
        ": '*' would let every website read and change Peakend's data, which has no authentication yet; "
        "list the sites that embed a widget or read the API instead, e.g. " + std::string(kExample));
  }
  std::size_t sep = entry.find("://");
  if (sep == std::string::npos) return Invalid(entry, "has no scheme (http:// or https://)");
  std::string scheme = AsciiLower(std::string_view(entry).substr(0, sep));
  if (scheme != "http" && scheme != "https") return Invalid(entry, "has a scheme other than http or https");
  std::string_view rest = std::string_view(entry).substr(sep + 3);
  if (std::size_t slash = rest.find_first_of("/?#"); slash != std::string_view::npos) {
    return Invalid(entry, "has a path; write '" + entry.substr(0, sep + 3 + slash) +
                              "' (an origin ends after the host and port)");
  }
  if (rest.find('@') != std::string_view::npos) return Invalid(entry, "holds a user name; an origin has none");
  std::string_view host = rest, port;
  std::size_t colon = rest.rfind(':');
  bool ipv6 = !rest.empty() && rest.front() == '[';
  if (colon != std::string_view::npos && (!ipv6 || colon > rest.find(']'))) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  if (host.find('*') != std::string_view::npos) {
    return Invalid(entry, "holds a wildcard; name each site (subdomain) separately");
  }
  bool host_ok = ipv6 ? host.size() > 2 && host.back() == ']'
                      : !host.empty() && std::all_of(host.begin(), host.end(), IsHostChar);
  if (!host_ok) return Invalid(entry, "has no valid host name");
  std::string origin = scheme + "://" + AsciiLower(host);
  if (!port.empty() || colon != std::string_view::npos) {
    bool digits = !port.empty() && port.size() <= 5 &&
                  std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
    int number = digits ? std::stoi(std::string(port)) : 0;
    if (number < 1 || number > kMaxPort) return Invalid(entry, "has a port that is not a number from 1 to 65535");
    bool default_port = (scheme == "http" && number == 80) || (scheme == "https" && number == 443);
    if (!default_port) origin += ":" + std::to_string(number);
  }
  return origin;
}

}  // namespace

Result<std::vector<std::string>> ParseAllowedOrigins(const std::vector<std::string>& entries) {
  std::vector<std::string> origins;
  for (const auto& entry : entries) {
    auto origin = ParseOrigin(entry);
    if (!origin.ok()) return origin.status();
    origins.push_back(std::move(origin).value());
  }
  return origins;
}

std::string CorsAllowedHeaders(const std::string& requested) {
  std::vector<std::string_view> allowed(kHarmlessHeaders.begin(), kHarmlessHeaders.begin() + kAlwaysAllowed);
  std::string lower = AsciiLower(requested);
  std::size_t start = 0;
  while (start <= lower.size()) {
    std::size_t end = std::min(lower.find(',', start), lower.size());
    std::string name(TrimSpace(std::string_view(lower).substr(start, end - start)));
    for (std::string_view harmless : kHarmlessHeaders) {
      if (name == AsciiLower(harmless) && std::find(allowed.begin(), allowed.end(), harmless) == allowed.end()) {
        allowed.push_back(harmless);
      }
    }
    start = end + 1;
  }
  return JoinWithCommas(allowed);
}

}  // namespace peakend::http
