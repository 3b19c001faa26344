#include "ingest/validation.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "core/limits.h"
#include "core/strings.h"
#include "core/time.h"

namespace peakend::ingest {
namespace {

Status CheckLength(std::string_view field, std::string_view value, std::size_t max) {
  if (value.size() > max) {
    return Status::InvalidArgument("is " + std::to_string(value.size()) + " bytes; at most " + std::to_string(max) +
                                       " are accepted",
                                   std::string(field));
  }
  if (!IsValidUtf8(value)) {
    return Status::InvalidArgument("is not valid UTF-8; convert the file or text to UTF-8 (exports from Excel are "
                                   "often Windows-1252)",
                                   std::string(field));
  }
  // PostgreSQL takes text up to its first NUL, so "R1\0x" would be stored as "R1" (and match
  // another record); no text a person writes holds one.
  if (value.find('\0') != std::string_view::npos) {
    return Status::InvalidArgument("contains a NUL character (\\u0000); remove it", std::string(field));
  }
  return Status::Ok();
}

}  // namespace

Status CheckExternalId(std::string_view field, std::string_view id) {
  for (unsigned char c : id) {
    // A tab, newline or other control character is a copy-paste or export accident, never part
    // of an id the source system shows, and it would make a second record for the same one.
    if (c < 0x20 || c == 0x7F) {
      return Status::InvalidArgument("contains a control character (such as a tab or a newline); send the id without "
                                     "it",
                                     std::string(field));
    }
  }
  // "R1 " and "R1" would be two records; which one the source system means cannot be known.
  if (!id.empty() && (id.front() == ' ' || id.back() == ' ')) {
    return Status::InvalidArgument("starts or ends with a space; send the id without surrounding spaces",
                                   std::string(field));
  }
  return Status::Ok();
}

std::optional<Scale> ScaleOf(std::string_view field) {
  if (field == "nps") return Scale{0, 10};
  if (field == "csat" || field == "effectiveness" || field == "ease" || field == "emotion") return Scale{1, 5};
  if (field == "ces") return Scale{1, 7};
  return std::nullopt;
}

Status CheckAnswer(std::string_view field, long long value) {
  auto scale = ScaleOf(field);
  if (!scale) return Status::InvalidArgument("is not an answer field", std::string(field));
  if (value < scale->min || value > scale->max) {
    return Status::InvalidArgument(std::to_string(value) + " is outside the " + std::string(field) + " scale " +
                                       std::to_string(scale->min) + ".." + std::to_string(scale->max),
                                   std::string(field));
  }
  return Status::Ok();
}

Result<int> ParseAnswer(std::string_view field, std::string_view text) {
  std::string_view t = TrimSpace(text);
  auto scale = ScaleOf(field);
  std::string range = scale ? std::to_string(scale->min) + ".." + std::to_string(scale->max) : "";
  // Dutch spreadsheets write a decimal comma: "8,0" is 8. The field is already cut out of its
  // row, so a comma in it can only be that.
  std::string number(t);
  if (std::count(number.begin(), number.end(), ',') == 1 && number.find('.') == std::string::npos) {
    number[number.find(',')] = '.';
  }
  double value = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (t.empty() || ec != std::errc() || end != number.data() + number.size()) {
    return Status::InvalidArgument("'" + std::string(t.substr(0, 40)) + "' is not a number; expected a whole number " + range,
                                   std::string(field));
  }
  if (value != std::floor(value)) {
    return Status::InvalidArgument("'" + std::string(t) + "' is not a whole number; expected " + range,
                                   std::string(field));
  }
  // Checked as a double first: casting one beyond the range of long long (1e300, inf) is undefined.
  if (scale && (value < scale->min || value > scale->max)) {
    return Status::InvalidArgument(std::string(t.substr(0, 40)) + " is outside the " + std::string(field) + " scale " +
                                       range,
                                   std::string(field));
  }
  PEAKEND_RETURN_IF_ERROR(CheckAnswer(field, static_cast<long long>(value)));
  return static_cast<int>(value);
}

constexpr std::size_t kIsoDateLength = 10;  // "2026-03-01"

std::string WhyNoSuchDay(int year, int month, int day) {
  static const char* const kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                                        "July",    "August",   "September", "October", "November", "December"};
  constexpr int kMonthsPerYear = 12;
  if (month < 1 || month > kMonthsPerYear) return "there is no month " + std::to_string(month);
  auto next = month == kMonthsPerYear ? DaysFromCivil(year + 1, 1, 1) : DaysFromCivil(year, month + 1, 1);
  auto days = static_cast<int>(next - DaysFromCivil(year, static_cast<unsigned>(month), 1));
  if (day >= 1 && day <= days) return "";
  return std::string(kMonths[month - 1]) + " " + std::to_string(year) + " has " + std::to_string(days) + " days";
}

Result<Timestamp> ParseTime(std::string_view field, std::string_view text, const Calendar* calendar) {
  std::string_view t = TrimSpace(text);
  // A day is the organisation's day: its midnight, not UTC's.
  auto day_start = [&](std::string_view iso_date) {
    return calendar ? calendar->ParseInstant(iso_date) : ParseTimestamp(iso_date);
  };
  if (t.size() == kIsoDateLength && t[4] == '-') {  // "2026-03-01", not ten digits of epoch seconds
    if (auto day = day_start(t)) return *day;
  }
  if (auto iso = ParseTimestamp(t)) return *iso;
  // Day-first: D-M-YYYY or D/M/YYYY, optionally followed by H:MM[:SS].
  int day = 0, month = 0, year = 0, hour = 0, minute = 0, second = 0;
  char sep1 = 0, sep2 = 0;
  std::string s(t);
  int consumed = 0;
  // A date written right that the calendar does not have (2024-02-30, 31-04-2026) is named as such,
  // not as a format to change.
  std::string missing;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d", &year, &month, &day) == 3 && t.size() >= kIsoDateLength && t[4] == '-') {
    missing = WhyNoSuchDay(year, month, day);
  }
  if (std::sscanf(s.c_str(), "%d%c%d%c%d%n", &day, &sep1, &month, &sep2, &year, &consumed) == 5 && sep1 == sep2 &&
      (sep1 == '-' || sep1 == '/' || sep1 == '.') && year >= 1970 && year <= 9999) {
    if (missing.empty()) missing = WhyNoSuchDay(year, month, day);
    std::string rest = s.substr(consumed);
    bool time_ok = rest.empty() || std::sscanf(rest.c_str(), " %d:%d:%d", &hour, &minute, &second) >= 2;
    char iso[40];
    std::snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour, minute, second);
    if (time_ok) {
      auto parsed = rest.empty() ? day_start(std::string_view(iso, kIsoDateLength)) : ParseTimestamp(iso);
      if (parsed) return *parsed;
    }
  }
  if (!missing.empty()) {
    return Status::InvalidArgument("'" + std::string(t.substr(0, 40)) + "' is a date that does not exist: " + missing,
                                   std::string(field));
  }
  return Status::InvalidArgument("'" + std::string(t.substr(0, 40)) +
                                     "' is not a date/time; use ISO 8601 (2026-03-01T14:05:00Z, 2026-03-01 14:05) or "
                                     "day-first 01-03-2026 14:05",
                                 std::string(field));
}

// A language tag: an ISO 639 code of two or three letters, then perhaps a region or script.
constexpr std::size_t kMinLanguageCodeLetters = 2, kMaxLanguageCodeLetters = 3, kMaxLanguageTagBytes = 16;

Result<std::string> NormalizeLanguage(std::string_view text) {
  std::string t = AsciiLower(TrimSpace(text));
  if (t.empty()) return std::string();
  std::string base = t.substr(0, t.find_first_of("-_"));
  if (base == "nl" || base == "nld" || base == "dut" || t == "dutch" || t == "nederlands" || t == "vlaams" ||
      t == "flemish") {
    return std::string("nl");
  }
  if (base == "en" || base == "eng" || t == "english" || t == "engels") return std::string("en");
  // Any other language code (ISO 639-1 or -2, with a region or script or without: "de", "FR-ca",
  // "zh-s" as Qualtrics writes them) is kept as its base code: a multilingual survey's answers are
  // stored whatever the respondent's language; text analytics reads Dutch and English.
  bool letters = std::all_of(base.begin(), base.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  bool rest = std::all_of(t.begin() + static_cast<std::ptrdiff_t>(base.size()), t.end(),
                          [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; });
  if (letters && rest && base.size() >= kMinLanguageCodeLetters && base.size() <= kMaxLanguageCodeLetters &&
      t.size() <= kMaxLanguageTagBytes) {
    return base;
  }
  return Status::InvalidArgument("'" + std::string(text.substr(0, 20)) +
                                     "' is not a language code; use a code such as nl, en or de (or leave it empty to "
                                     "detect the language)",
                                 "language");
}

bool IsValidUtf8(std::string_view s) { return FirstInvalidUtf8Byte(s) == std::string_view::npos; }

std::size_t FirstInvalidUtf8Byte(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t n = s.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    int len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || i + len > n) return i;
    std::uint32_t cp = c & (0xFF >> (len + 1));
    for (int k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and values beyond Unicode are not UTF-8.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
      return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

Status ValidateResponse(const Response& r) {
  // A respondent who skips the scores but writes a comment has still said something worth
  // reading (scores count only the answers given); white space alone says nothing.
  if (r.answers.empty() && IsBlankText(r.comment)) {
    return Status::InvalidArgument("has no answer (nps, csat, ces, effectiveness, ease or emotion) and no comment; a "
                                   "response needs at least one of them",
                                   "");
  }
  PEAKEND_RETURN_IF_ERROR(CheckLength("external_id", r.external_id, limits::kMaxExternalIdBytes));
  PEAKEND_RETURN_IF_ERROR(CheckExternalId("external_id", r.external_id));
  PEAKEND_RETURN_IF_ERROR(CheckLength("interaction", r.interaction_ref, limits::kMaxExternalIdBytes));
  PEAKEND_RETURN_IF_ERROR(CheckLength("customer", r.customer_ref, limits::kMaxExternalIdBytes));
  PEAKEND_RETURN_IF_ERROR(CheckLength("location", r.location_ref, limits::kMaxExternalIdBytes));
  PEAKEND_RETURN_IF_ERROR(CheckLength("employee", r.employee_ref, limits::kMaxExternalIdBytes));
  PEAKEND_RETURN_IF_ERROR(CheckLength("journey_id", r.journey_id, limits::kMaxExternalIdBytes));
  PEAKEND_RETURN_IF_ERROR(CheckLength("comment", r.comment, limits::kMaxCommentBytes));
  if (Timestamp now = NowUtc(); r.submitted_at > now + limits::kMaxResponseFutureSeconds) {
    return Status::InvalidArgument("'" + FormatTimestamp(r.submitted_at) + "' is after now (" + FormatTimestamp(now) +
                                       "); a response cannot be submitted in the future: check the clock of the device "
                                       "that sent it, or whether its dates are day-first or month-first",
                                   "submitted_at");
  }
  if (r.attributes.size() > limits::kMaxAttributeCount) {
    return Status::InvalidArgument("has " + std::to_string(r.attributes.size()) + " attributes; at most " +
                                       std::to_string(limits::kMaxAttributeCount) + " are accepted",
                                   "attributes");
  }
  for (const auto& [name, value] : r.attributes) {
    // Nothing could filter on it (attr.=... names no attribute) or show it.
    if (name.empty()) return Status::InvalidArgument("an attribute has an empty name; name it", "attributes");
    const std::string field = "attributes." + Shorten(name, limits::kMaxEchoedNameBytes);
    PEAKEND_RETURN_IF_ERROR(CheckLength(field, name, limits::kMaxNameBytes));
    PEAKEND_RETURN_IF_ERROR(CheckLength(field, value, limits::kMaxAttributeValueBytes));
  }
  return Status::Ok();
}

Status ValidateInteraction(const Interaction& x) {
  PEAKEND_RETURN_IF_ERROR(CheckLength("external_id", x.external_id, limits::kMaxExternalIdBytes));
  PEAKEND_RETURN_IF_ERROR(CheckExternalId("external_id", x.external_id));
  PEAKEND_RETURN_IF_ERROR(CheckLength("customer", x.customer_ref, limits::kMaxExternalIdBytes));
  PEAKEND_RETURN_IF_ERROR(CheckLength("location", x.location_ref, limits::kMaxExternalIdBytes));
  PEAKEND_RETURN_IF_ERROR(CheckLength("employee", x.employee_ref, limits::kMaxExternalIdBytes));
  PEAKEND_RETURN_IF_ERROR(CheckLength("journey_id", x.journey_id, limits::kMaxExternalIdBytes));
  if (x.occurred_at == 0) return Status::InvalidArgument("is required: when did the interaction happen?", "occurred_at");
  return Status::Ok();
}

}  // namespace peakend::ingest
