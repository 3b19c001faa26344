// JSON in and out of the API: decoding posted responses and interactions (one object, an
// array, or NDJSON) with errors that carry the JSON path of the offending field, and encoding
// stored records for answers.
#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/model.h"
#include "core/status.h"

namespace peakend::ingest {

// NDJSON is recognised by its content type (application/x-ndjson, application/jsonl, ...) or,
// when the body is not one JSON document, by one object per line. Records default to channel
// "api" and, without submitted_at, to the time of decoding.
Result<std::vector<Response>> DecodeResponses(std::string_view body, std::string_view content_type = {});
Result<std::vector<Interaction>> DecodeInteractions(std::string_view body, std::string_view content_type = {});

nlohmann::json ToJson(const Response& response);
nlohmann::json ToJson(const Interaction& interaction);
nlohmann::json ToJson(const Location& location);
nlohmann::json ToJson(const Team& team);
nlohmann::json ToJson(const Employee& employee);
nlohmann::json ToJson(const Customer& customer);

}  // namespace peakend::ingest
