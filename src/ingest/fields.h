// The names of Peakend's record fields as they appear in JSON, CSV headers and mappings, and
// setting a field from text — the one place that knows how each field is parsed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "core/model.h"
#include "core/status.h"

namespace peakend::ingest {

enum class RecordKind { kResponse, kInteraction };

// "external_id", "interaction", "customer", ... ; custom attributes are "attr:<name>".
const std::vector<std::string>& FieldNames(RecordKind kind);
bool IsField(RecordKind kind, std::string_view name);  // true for "attr:*" on responses
std::string FieldList(RecordKind kind);                // comma separated, for messages

inline constexpr std::string_view kAttributePrefix = "attr:";
// Whether a column's `field` fills a field of the record itself: not "" (the column dropped) and
// not a custom attribute ("attr:<name>").
inline bool IsRecordField(std::string_view field) { return !field.empty() && !field.starts_with(kAttributePrefix); }

// Parses `text` into the named field; empty text leaves the field unset. Errors name the field.
// `calendar`: the organisation's, for dates without a time of day (see ParseTime).
Status SetResponseField(Response& response, std::string_view field, std::string_view text,
                        const Calendar* calendar = nullptr);
Status SetInteractionField(Interaction& interaction, std::string_view field, std::string_view text,
                           const Calendar* calendar = nullptr);

}  // namespace peakend::ingest
