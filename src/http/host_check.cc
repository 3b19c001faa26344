#include "http/host_check.h"

#include <algorithm>
#include <cctype>

#include "core/strings.h"

namespace peakend::http {
namespace {

constexpr std::string_view kSettingName = "http.allowed_hosts";
constexpr std::string_view kExample = "peakend.example.nl, feedback.example.nl";
constexpr std::string_view kAnyHost = "*";
constexpr std::string_view kLocalhost = "localhost";
constexpr int kIpv4Parts = 4;
constexpr int kMaxIpv4Part = 255;

bool IsHostNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.'; }

bool IsIpv4Literal(std::string_view host) {
  int parts = 0;
  while (parts < kIpv4Parts) {
    std::size_t digits = 0;
    int value = 0;
    while (digits < host.size() && digits < 3 && std::isdigit(static_cast<unsigned char>(host[digits]))) {
      value = value * 10 + (host[digits] - '0');
      ++digits;
    }
    if (digits == 0 || value > kMaxIpv4Part) return false;
    host.remove_prefix(digits);
    ++parts;
    if (parts == kIpv4Parts) break;
    if (host.empty() || host.front() != '.') return false;
    host.remove_prefix(1);
  }
  return host.empty();
}

// The name in a Host header, without its port, in lower case; an IPv6 literal keeps its brackets.
std::string HostName(std::string_view header) {
  header = TrimSpace(header);
  if (!header.empty() && header.front() == '[') {
    std::size_t close = header.find(']');
    return AsciiLower(header.substr(0, close == std::string_view::npos ? header.size() : close + 1));
  }
  std::size_t colon = header.find(':');
  std::string name = AsciiLower(header.substr(0, colon));
  if (!name.empty() && name.back() == '.') name.pop_back();  // "localhost." is localhost
  return name;
}

bool IsIpv6Literal(std::string_view host) {
  return host.size() > 2 && host.front() == '[' && host.back() == ']' &&
         std::all_of(host.begin() + 1, host.end() - 1,
                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.'; });
}

}  // namespace

Result<std::vector<std::string>> ParseAllowedHosts(const std::vector<std::string>& entries) {
  std::vector<std::string> hosts;
  for (const std::string& entry : entries) {
    std::string host = AsciiLower(TrimSpace(entry));
    bool valid = host == kAnyHost ||
                 (!host.empty() && host.front() != '.' && std::all_of(host.begin(), host.end(), IsHostNameChar));
    if (!valid) {
      std::string why = entry.find("://") != std::string::npos || entry.find_first_of("/:") != std::string::npos
                            ? "is not a bare host name (no scheme, port or path)"
                            : "is not a host name";
      return Status::InvalidArgument(std::string(kSettingName) + ": '" + entry + "' " + why +
                                         "; list the names the server is reached by, comma separated, e.g. " +
                                         std::string(kExample) + " (IP addresses and localhost are always served)",
                                     std::string(kSettingName));
    }
    hosts.push_back(std::move(host));
  }
  return hosts;
}

bool IsServedHost(std::string_view host_header, const std::vector<std::string>& allowed_hosts) {
  if (TrimSpace(host_header).empty()) return true;
  std::string host = HostName(host_header);
  if (IsIpv4Literal(host) || IsIpv6Literal(host)) return true;
  if (host == kLocalhost || host.ends_with("." + std::string(kLocalhost))) return true;
  return std::any_of(allowed_hosts.begin(), allowed_hosts.end(),
                     [&](const std::string& allowed) { return allowed == kAnyHost || allowed == host; });
}

}  // namespace peakend::http
