#include "http/json_body.h"

#include "core/strings.h"
#include "ingest/json_codec.h"
#include "ingest/validation.h"

namespace peakend::http {
namespace {

using nlohmann::json;

// The parser's account of where the JSON breaks is cut to this many bytes in an error.
constexpr std::size_t kMaxParseDetailBytes = 200;

// Whether the string literal of `body` that holds byte `offset` is a key: its closing quote is
// followed by ':'.
bool InKey(std::string_view body, std::size_t offset) {
  std::size_t i = offset;
  while (i < body.size() && body[i] != '"') i += body[i] == '\\' ? 2 : 1;
  std::size_t after = i < body.size() ? body.find_first_not_of(" \t\r\n", i + 1) : std::string_view::npos;
  return after != std::string_view::npos && body[after] == ':';
}

// The field whose text holds byte `offset` of `body`: the last key read before it, or "" when
// the byte stands in a key or outside any string.
std::string FieldHolding(std::string_view body, std::size_t offset) {
  ingest::JsonTextState text;
  std::string key;
  std::size_t opened = 0;  // where the string literal being read began
  for (std::size_t i = 0; i < offset && i < body.size(); ++i) {
    bool was_in_string = text.in_string();
    if (text.Take(body[i]) == ingest::JsonTextState::Byte::kStringEnd) {
      std::size_t after = body.find_first_not_of(" \t\r\n", i + 1);
      if (after != std::string_view::npos && body[after] == ':') key = std::string(body.substr(opened + 1, i - opened - 1));
    } else if (!was_in_string && text.in_string()) {
      opened = i;
    }
  }
  if (!text.in_string() || InKey(body, offset)) return "";
  return key;
}

Status InvalidUtf8(std::string_view body, std::size_t offset) {
  std::string field = FieldHolding(body, offset);
  return Status::InvalidArgument((field.empty() ? std::string("the body") : "'" + field + "'") +
                                     " is not valid UTF-8 (byte " + std::to_string(offset + 1) +
                                     " of the body); send text as UTF-8: text from a Windows-1252 or Latin-1 "
                                     "system must be converted first",
                                 field.empty() ? "body" : field);
}

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
      return InvalidUtf8(body, bad);
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
