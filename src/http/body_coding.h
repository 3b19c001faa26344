// Request bodies sent with a Content-Encoding: which codings the API reads, and decompressing
// them within the body limit.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.h"

namespace peakend::http {

enum class BodyCoding {
  kIdentity,     // no Content-Encoding, or "identity"
  kCompressed,   // "gzip" or "deflate", as RFC 9110 spells them (lower case)
  kUnsupported,  // anything else: answered 415 rather than read as JSON
};

BodyCoding ClassifyContentEncoding(std::string_view content_encoding);

// The decompressed bytes of a gzip or deflate (zlib) body. ResourceExhausted once they pass
// `max_bytes` (the limit holds for what the body becomes, not for what was sent, so a small
// upload cannot unfold into gigabytes); InvalidArgument when `compressed` is not a whole stream
// of either format.
[[nodiscard]] Result<std::string> Inflate(std::string_view compressed, std::size_t max_bytes);

}  // namespace peakend::http
