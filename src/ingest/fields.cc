#include "ingest/fields.h"

#include <algorithm>

#include "ingest/validation.h"
#include "core/limits.h"
#include "core/strings.h"

namespace peakend::ingest {

const std::vector<std::string>& FieldNames(RecordKind kind) {
  static const std::vector<std::string> response = {
      "external_id", "interaction", "customer", "location", "employee", "journey_id", "nps",     "csat",
      "ces",         "effectiveness", "ease",   "emotion",  "comment",  "language",   "submitted_at", "channel"};
  static const std::vector<std::string> interaction = {"external_id", "type",     "occurred_at", "customer",
                                                       "location",    "employee", "journey_id"};
  return kind == RecordKind::kResponse ? response : interaction;
}

bool IsField(RecordKind kind, std::string_view name) {
  if (kind == RecordKind::kResponse && name.substr(0, kAttributePrefix.size()) == kAttributePrefix &&
      name.size() > kAttributePrefix.size()) {
    return true;
  }
  for (const auto& f : FieldNames(kind)) {
    if (f == name) return true;
  }
  return false;
}

std::string FieldList(RecordKind kind) {
  std::string out = JoinWithCommas(FieldNames(kind));
  if (kind == RecordKind::kResponse) out += ", attr:<name>";
  return out;
}

namespace {

constexpr std::size_t kMaxTimeShownBytes = 40;  // of a refused time, in its message

// ParseTime, held to the times a record may carry (limits::kEarliestRecordTime and
// kLatestRecordTime), with a hint for epoch milliseconds.
Result<Timestamp> ParseRecordTime(std::string_view field, std::string_view text, const Calendar* calendar) {
  auto t = ParseTime(field, text, calendar);
  if (!t.ok() || (*t >= limits::kEarliestRecordTime && *t < limits::kLatestRecordTime)) return t;
  std::string shown(TrimSpace(text).substr(0, kMaxTimeShownBytes));
  bool digits = std::all_of(shown.begin(), shown.end(), [](char c) { return c >= '0' && c <= '9'; });
  bool milliseconds = digits && *t / limits::kMillisecondsPerSecond >= limits::kEarliestRecordTime &&
                      *t / limits::kMillisecondsPerSecond < limits::kLatestRecordTime;
  if (milliseconds) {
    return Status::InvalidArgument("'" + shown + "' looks like milliseconds since 1970; send seconds (" +
                                       std::to_string(*t / limits::kMillisecondsPerSecond) + ") or ISO 8601",
                                   std::string(field));
  }
  return Status::InvalidArgument("'" + shown + "' is outside the times a record may carry (1970-01-02 to 2100-01-01); "
                                     "check the year",
                                 std::string(field));
}

}  // namespace

Status SetResponseField(Response& r, std::string_view field, std::string_view text, const Calendar* calendar) {
  if (text.empty()) return Status::Ok();
  std::string f(field);
  if (ScaleOf(field)) {
    auto v = ParseAnswer(field, text);
    if (!v.ok()) return v.status();
    if (field == "nps") r.answers.nps = *v;
    else if (field == "csat") r.answers.csat = *v;
    else if (field == "ces") r.answers.ces = *v;
    else if (field == "effectiveness") r.answers.effectiveness = *v;
    else if (field == "ease") r.answers.ease = *v;
    else r.answers.emotion = *v;
    return Status::Ok();
  }
  if (field == "external_id") r.external_id = text;
  else if (field == "interaction") r.interaction_ref = text;
  else if (field == "customer") r.customer_ref = text;
  else if (field == "location") r.location_ref = text;
  else if (field == "employee") r.employee_ref = text;
  else if (field == "journey_id") r.journey_id = text;
  else if (field == "comment") r.comment = text;
  else if (field == "language") {
    auto lang = NormalizeLanguage(text);
    if (!lang.ok()) return lang.status();
    r.language = *lang;
  } else if (field == "submitted_at") {
    auto t = ParseRecordTime(field, text, calendar);
    if (!t.ok()) return t.status();
    r.submitted_at = *t;
  } else if (field == "channel") {
    auto c = ParseResponseChannel(text);
    if (!c) return Status::InvalidArgument("'" + std::string(text) + "' is not a channel; use web, kiosk, api or import", f);
    r.channel = *c;
  } else if (field.substr(0, kAttributePrefix.size()) == kAttributePrefix) {
    r.attributes.emplace_back(std::string(field.substr(kAttributePrefix.size())), std::string(text));
  } else {
    return Status::InvalidArgument("unknown response field '" + f + "'; known fields: " + FieldList(RecordKind::kResponse), f);
  }
  return Status::Ok();
}

Status SetInteractionField(Interaction& x, std::string_view field, std::string_view text, const Calendar* calendar) {
  if (text.empty()) return Status::Ok();
  std::string f(field);
  if (field == "external_id") x.external_id = text;
  else if (field == "customer") x.customer_ref = text;
  else if (field == "location") x.location_ref = text;
  else if (field == "employee") x.employee_ref = text;
  else if (field == "journey_id") x.journey_id = text;
  else if (field == "type") {
    auto t = ParseInteractionType(text);
    if (!t) {
      return Status::InvalidArgument("'" + std::string(text) + "' is not an interaction type; use one of " +
                                         InteractionTypeNames(), f);
    }
    x.type = *t;
  } else if (field == "occurred_at") {
    auto t = ParseRecordTime(field, text, calendar);
    if (!t.ok()) return t.status();
    x.occurred_at = *t;
  } else {
    return Status::InvalidArgument("unknown interaction field '" + f + "'; known fields: " +
                                       FieldList(RecordKind::kInteraction), f);
  }
  return Status::Ok();
}

}  // namespace peakend::ingest
