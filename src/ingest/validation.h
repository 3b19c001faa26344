// The rules every incoming record obeys, whatever its source (JSON, CSV, another tool's
// export): answer scales, timestamps, languages, channels, lengths and UTF-8. Each check
// returns a Status naming the field and saying what would be accepted.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/calendar.h"
#include "core/model.h"
#include "core/status.h"

namespace peakend::ingest {

// The inclusive scale of an answer field ("nps" -> 0..10), or nullopt for other fields.
struct Scale {
  int min;
  int max;
};
std::optional<Scale> ScaleOf(std::string_view field);

// Parses a whole number on the field's scale from text: "7", " 7 ", "7.0" are 7; "7.5",
// "seven" and out-of-range values are errors naming the scale.
Result<int> ParseAnswer(std::string_view field, std::string_view text);
Status CheckAnswer(std::string_view field, long long value);

// ISO 8601 and the day-first forms of Dutch exports: "31-12-2025 14:05", "31/12/2025",
// "31-12-2025 14:05:59". A date without a time of day ("2026-03-01", "01-03-2026") is the
// start of that day in `calendar`'s time zone (the organisation's), or in UTC without one.
Result<Timestamp> ParseTime(std::string_view field, std::string_view text, const Calendar* calendar = nullptr);

// Why `year`-`month`-`day` is no day of the calendar ("February 2024 has 29 days", "there is no
// month 13"), or "" when it is one.
std::string WhyNoSuchDay(int year, int month, int day);

// "nl", "NL", "nl-BE", "Dutch", "Nederlands" -> "nl"; "en", "en-GB", "English", "Engels" -> "en";
// "" -> "". Anything else is an error.
Result<std::string> NormalizeLanguage(std::string_view text);

bool IsValidUtf8(std::string_view text);
// Where `text` stops being UTF-8 (std::string_view::npos when it is UTF-8 throughout).
std::size_t FirstInvalidUtf8Byte(std::string_view text);

// An external id (of a record sent or of one it refers to): no control characters, no spaces
// around it. The API refuses such ids rather than trimming them, since a trimmed id could name
// another record than the one the source system holds.
Status CheckExternalId(std::string_view field, std::string_view id);

// Lengths, UTF-8, and an answer or a comment (one that is not only white space) for a whole
// response.
Status ValidateResponse(const Response& response);
Status ValidateInteraction(const Interaction& interaction);

}  // namespace peakend::ingest
