// UTF-8 checks for text arriving from outside: forms, CSV exports, API clients.
#pragma once

#include <string>
#include <string_view>

namespace peakend::text {

bool IsValidUtf8(std::string_view text);
// Replaces every invalid byte sequence with U+FFFD, so the rest of the text stays readable.
std::string RepairUtf8(std::string_view text);

}  // namespace peakend::text
