#include "http/json_body.h"

#include "ingest/json_codec.h"
#include "ingest/validation.h"

namespace peakend::http {

using nlohmann::json;

Result<json> ParseJsonObjectBody(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return json::object();
  json doc;
  try {
    doc = json::parse(body.begin(), body.end());
  } catch (const json::exception& e) {  // parse errors, and numbers out of range such as 1e999
    if (std::size_t bad = ingest::FirstInvalidUtf8Byte(body); bad != std::string_view::npos) {
      return ingest::InvalidUtf8Error(body, bad, "", 0);
    }
    return Status::InvalidArgument("the body is not valid JSON: " + ingest::DescribeJsonParseError(e.what()), "body");
  }
  if (!doc.is_object()) {
    return Status::InvalidArgument("the body must be a JSON object of fields, not " + std::string(doc.type_name()),
                                   "body");
  }
  return doc;
}

}  // namespace peakend::http
