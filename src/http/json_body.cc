#include "http/json_body.h"

#include "core/strings.h"
#include "ingest/json_codec.h"
#include "ingest/validation.h"

namespace peakend::http {
namespace {

using nlohmann::json;

// The parser's account of where the JSON breaks is cut to this many bytes in an error.
constexpr std::size_t kMaxParseDetailBytes = 200;

// "[json.exception.parse_error.101] parse error at line 1, column 19: syntax error while
// parsing value - unexpected end of input; ..." -> "at line 1, column 19, while parsing value:
// unexpected end of input; ...": the position and the reason without the library's names.
std::string WhereItBreaks(std::string what) {
  if (std::size_t end = what.find("] "); what.starts_with("[json.exception.") && end != std::string::npos) {
    what.erase(0, end + 2);
  }
  constexpr std::string_view kParseError = "parse error ", kSyntaxError = ": syntax error while parsing ", kDash = " - ";
  if (what.starts_with(kParseError)) what.erase(0, kParseError.size());
  if (std::size_t at = what.find(kSyntaxError); at != std::string::npos) {
    what.replace(at, kSyntaxError.size(), ", while parsing ");
    if (std::size_t dash = what.find(kDash, at); dash != std::string::npos) what.replace(dash, kDash.size(), ": ");
  }
  return Shorten(what, kMaxParseDetailBytes);
}

}  // namespace

Result<json> ParseJsonObjectBody(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return json::object();
  json doc;
  try {
    doc = json::parse(body.begin(), body.end());
  } catch (const json::exception& e) {  // parse errors, and numbers out of range such as 1e999
    if (std::size_t bad = ingest::FirstInvalidUtf8Byte(body); bad != std::string_view::npos) {
      return ingest::InvalidUtf8Error(body, bad, "", 0);
    }
    return Status::InvalidArgument("the body is not valid JSON: " + WhereItBreaks(e.what()), "body");
  }
  if (!doc.is_object()) {
    return Status::InvalidArgument("the body must be a JSON object of fields, not " + std::string(doc.type_name()),
                                   "body");
  }
  return doc;
}

}  // namespace peakend::http
