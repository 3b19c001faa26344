// The JSON object a write sends in its body (the case endpoints: claim, transition, notes,
// gestures), read with errors that tell the client what to fix: the field whose text is not
// UTF-8 and where, or where the JSON breaks, as POST /responses tells them.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace peakend::http {

// The object in `body` (an empty body is {}). Errors, all InvalidArgument:
//  - a byte that is not UTF-8: names the field whose text holds it (or "body" when it stands in
//    a key or outside a string) and its byte offset in the body;
//  - text that is not JSON: the line and column where the parser stopped, and what it expected;
//  - JSON that is not an object: what it is instead.
[[nodiscard]] Result<nlohmann::json> ParseJsonObjectBody(std::string_view body);

}  // namespace peakend::http
