#include "http/query_params.h"

#include <charconv>

#include "core/limits.h"
#include "core/strings.h"
#include "core/time.h"
#include "ingest/validation.h"

namespace peakend::http {
namespace {

constexpr const char* kAttributePrefix = "attr.";

Result<std::optional<Timestamp>> ParseTimeParam(const Request& request, const char* name, const Calendar& calendar) {
  if (!request.HasQuery(name)) return std::optional<Timestamp>{};
  std::string value = request.Query(name);
  // Read as a record's time is, so that the string a client stored a response with selects it:
  // a date is the organisation's midnight, a time without an offset UTC.
  auto t = ingest::ParseTime(name, value, &calendar);
  if (!t.ok()) {
    return Status::InvalidArgument("'" + value + "' is not a date or time; use ISO 8601 such as 2026-03-01 or "
                                   "2026-03-01T09:30:00Z", name);
  }
  return std::optional<Timestamp>{*t};
}

Result<long long> ParseInteger(const std::string& value, const char* name) {
  long long n = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || ptr != value.data() + value.size()) {
    return Status::InvalidArgument("'" + value + "' is not a whole number", name);
  }
  return n;
}

}  // namespace

Result<RecordFilter> ParseFilter(const Request& request, const Calendar& calendar) {
  RecordFilter f;
  f.external_id = request.Query("external_id");
  f.customer_ref = request.Query("customer");
  f.location_ref = request.Query("location");
  f.team_ref = request.Query("team");
  f.employee_ref = request.Query("employee");
  f.journey_id = request.Query("journey");
  auto from = ParseTimeParam(request, "from", calendar);
  if (!from.ok()) return from.status();
  auto to = ParseTimeParam(request, "to", calendar);
  if (!to.ok()) return to.status();
  f.from = *from;
  f.to = *to;
  if (f.from && f.to && *f.from >= *f.to) {
    return Status::InvalidArgument("'from' must be before 'to'", "from");
  }
  for (const char* kind : {"aspect", "topic", "emotion"}) {
    if (!request.HasQuery(kind)) continue;
    if (!f.tag_kind.empty()) {
      return Status::InvalidArgument("filter by one of aspect, topic or emotion at a time", kind);
    }
    f.tag_kind = kind;
    f.tag_name = request.Query(kind);
  }
  for (const auto& [name, value] : request.query) {
    if (name.rfind(kAttributePrefix, 0) != 0) continue;
    std::string attribute = name.substr(std::string_view(kAttributePrefix).size());
    if (attribute.empty()) {
      return Status::InvalidArgument("name the attribute to filter on: attr.<name>=<value>, e.g. attr.Regio=Noord", name);
    }
    if (f.attributes.size() >= limits::kMaxAttributeFilters) {
      return Status::InvalidArgument("at most " + std::to_string(limits::kMaxAttributeFilters) +
                                     " attribute filters per request", name);
    }
    f.attributes.emplace_back(attribute, value);
  }
  f.sentiment_label = request.Query("sentiment");
  if (!f.sentiment_label.empty() && f.sentiment_label != "negative" && f.sentiment_label != "neutral" &&
      f.sentiment_label != "positive") {
    return Status::InvalidArgument("'" + f.sentiment_label + "' is not a sentiment; use negative, neutral or positive",
                                   "sentiment");
  }
  return f;
}

Result<std::optional<bool>> ParseBool(const Request& request, const char* name) {
  if (!request.HasQuery(name)) return std::optional<bool>{};
  std::string value = request.Query(name);
  if (value == "true") return std::optional<bool>{true};
  if (value == "false") return std::optional<bool>{false};
  return Status::InvalidArgument(std::string(name) + " must be true or false, not '" +
                                     Shorten(value, limits::kMaxEchoedNameBytes) + "'",
                                 name);
}

Result<int> ParseLimit(const Request& request) {
  if (!request.HasQuery("limit")) return static_cast<int>(limits::kDefaultPageSize);
  auto n = ParseInteger(request.Query("limit"), "limit");
  if (!n.ok()) return n.status();
  if (*n < 1 || *n > limits::kMaxPageSize) {
    return Status::InvalidArgument("limit must be between 1 and " + std::to_string(limits::kMaxPageSize), "limit");
  }
  return static_cast<int>(*n);
}

Result<PageRequest> ParsePage(const Request& request) {
  PageRequest page;
  auto limit = ParseLimit(request);
  if (!limit.ok()) return limit.status();
  page.limit = *limit;
  if (request.HasQuery("after")) {
    auto n = ParseInteger(request.Query("after"), "after");
    if (!n.ok() || *n < 0) {
      return Status::InvalidArgument("'after' must be the next_cursor of a previous page", "after");
    }
    page.after_id = *n;
  }
  return page;
}

Result<Id> ParsePathId(const Request& request, const std::string& what) {
  const std::string text = request.path_params.empty() ? "" : request.path_params[0];
  Id id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  // from_chars takes no sign or spaces, but does take a leading '-'.
  if (text.empty() || text[0] == '-' || ec != std::errc() || ptr != text.data() + text.size()) {
    return Status::InvalidArgument("'" + text.substr(0, 40) + "' is not a " + what + " id; ids are whole numbers such as 12",
                                   "id");
  }
  return id;
}

namespace {

Status CheckParams(const Request& request, std::initializer_list<const char*> known, bool attributes) {
  for (const auto& [name, value] : request.query) {
    bool attribute = attributes && name.rfind(kAttributePrefix, 0) == 0;
    bool ok = attribute;
    for (const char* k : known) ok = ok || name == k;
    if (!ok) {
      std::string list = JoinWithCommas(known);
      if (attributes) list += ", attr.<name>";
      std::string shown = Shorten(name, limits::kMaxEchoedNameBytes);
      return Status::InvalidArgument("unknown query parameter '" + shown + "'; " +
                                         (list.empty() ? "this endpoint takes none" : "this endpoint accepts: " + list),
                                     shown);
    }
    // Only the first value would count, so "?limit=5&limit=50" or "?location=a&location=b" would
    // quietly answer for less than was asked. Attribute filters may repeat: each must hold.
    if (!attribute && request.query.count(name) > 1) {
      return Status::InvalidArgument("query parameter '" + name + "' is given more than once; give it once", name);
    }
    // "?customer=" is a client that meant to name something and did not (a template whose
    // variable was empty); read as no filter, it would answer for every record. An attribute
    // filter may ask for an empty value.
    if (!attribute && value.empty()) {
      return Status::InvalidArgument("query parameter '" + name + "' is empty; give it a value or leave it out", name);
    }
  }
  return Status::Ok();
}

}  // namespace

Status CheckKnownParams(const Request& request, std::initializer_list<const char*> known) {
  return CheckParams(request, known, false);
}

Status CheckKnownParamsWithAttributes(const Request& request, std::initializer_list<const char*> known) {
  return CheckParams(request, known, true);
}

}  // namespace peakend::http
