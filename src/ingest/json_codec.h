// JSON in and out of the API: decoding posted responses and interactions (one object, an
// array, or NDJSON) with errors that carry the JSON path of the offending field, and encoding
// stored records for answers.
#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "core/model.h"
#include "core/status.h"
#include "store/case_store.h"

namespace peakend::ingest {

// Follows JSON text byte by byte, telling the inside of string literals from its structure,
// for the scans that must not parse: nesting depth, record boundaries, line breaks.
class JsonTextState {
 public:
  enum class Byte { kStructure, kInString, kStringEnd };  // kStringEnd: the closing quote
  Byte Take(char c) {
    if (in_string_) {
      if (escaped_) {
        escaped_ = false;
      } else if (c == '\\') {
        escaped_ = true;
      } else if (c == '"') {
        in_string_ = false;
        return Byte::kStringEnd;
      }
      return Byte::kInString;
    }
    if (c == '"') in_string_ = true;
    return in_string_ ? Byte::kInString : Byte::kStructure;
  }
  bool in_string() const { return in_string_; }

 private:
  bool in_string_ = false, escaped_ = false;
};

// The error for JSON text (a body, or line `line` of NDJSON; 0: a body) whose byte `offset` is
// not UTF-8: it names the field whose text holds the stray byte (the parser stops there, having
// read its key) after `path`, as "[2].comment" for the third record, or the record or "body"
// when the byte stands in a key, so that the client knows which text to convert.
[[nodiscard]] Status InvalidUtf8Error(std::string_view text, std::size_t offset, const std::string& path,
                                      std::size_t line);

// Where JSON text stops being JSON, from the parser's exception, in the client's terms:
// "[json.exception.parse_error.101] parse error at line 1, column 19: syntax error while parsing
// value - unexpected end of input; ..." -> "at line 1, column 19, while parsing value: unexpected
// end of input; ...", the position and the reason without the library's names, cut to a length
// an error message can carry.
std::string DescribeJsonParseError(std::string parser_message);

// NDJSON is recognised by its content type (application/x-ndjson, application/jsonl, ...) or,
// when the body is not one JSON document, by one object per line. Records default to channel
// "api" and, without submitted_at, to the time of decoding. A date without a time of day is the
// start of that day in `calendar`'s time zone (the organisation's), or in UTC without one.
Result<std::vector<Response>> DecodeResponses(std::string_view body, std::string_view content_type = {},
                                              const Calendar* calendar = nullptr);
Result<std::vector<Interaction>> DecodeInteractions(std::string_view body, std::string_view content_type = {},
                                                    const Calendar* calendar = nullptr);

nlohmann::json ToJson(const Response& response);
nlohmann::json ToJson(const Interaction& interaction);
nlohmann::json ToJson(const Location& location);
nlohmann::json ToJson(const Team& team);
nlohmann::json ToJson(const Employee& employee);
nlohmann::json ToJson(const Customer& customer);
// A step of a case's history: {at, actor, action, from, to, note}.
nlohmann::json ToJson(const CaseEvent& event);
// A gesture given on a case: {gesture, cost_cents, employee (whose budget paid), month, at}.
nlohmann::json ToJson(const GestureSpend& spend);

}  // namespace peakend::ingest
