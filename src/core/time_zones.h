// UTC offsets of the time zones survey exports and settings name (Qualtrics writes e.g.
// {"timeZone":"America/Denver"}), with their daylight-saving rules. GCC 12's standard library
// has no time-zone database: the zones seen most are described here with today's rules, and
// every other IANA name is read from ICU's database; unknown names are reported, not guessed.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"

namespace peakend {

// The offset east of UTC, in minutes, of wall-clock time `local` (as if it were UTC) in `zone`.
std::optional<int> UtcOffsetMinutes(const std::string& zone, Timestamp local);
// The offset east of UTC, in minutes, that `zone` has at the instant `utc`.
std::optional<int> UtcOffsetMinutesAt(const std::string& zone, Timestamp utc);
// What a time zone setting takes, for error messages.
std::string KnownTimeZones();
// `zone` as the time-zone database names it: UTC however an export or a person writes it ("Z",
// "utc", "GMT", "+00:00", "Etc/UTC"), an IANA name in any case ("europe/amsterdam" is
// Europe/Amsterdam). A name no zone has is returned trimmed, for the caller to report.
std::string CanonicalZoneName(std::string_view zone);

}  // namespace peakend
