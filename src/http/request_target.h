// The request target ("/api/v1/responses?customer=C%201") as routes see it: a decoded path and
// decoded query parameters.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace peakend::http {

struct RequestTarget {
  std::string path;
  std::multimap<std::string, std::string> query;
};

// Splits at the first '?'. The path is percent-decoded; the query is split at '&' into
// name=value pairs (a pair without '=' has an empty value, an empty name is skipped), each
// percent-decoded with '+' read as a space, as HTML forms and URLSearchParams write them.
RequestTarget ParseRequestTarget(std::string_view target);

// `text` with each %XX replaced by its byte (an escape that is not two hex digits stays as it
// is), and '+' by a space when `plus_is_space`. The result may be any bytes: callers check
// that it is UTF-8 where that matters.
std::string PercentDecode(std::string_view text, bool plus_is_space);

}  // namespace peakend::http
