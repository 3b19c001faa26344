#include "http/api.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/limits.h"
#include "core/strings.h"
#include "core/time.h"
#include "http/org_json.h"
#include "app/group_names.h"
#include "app/score_queries.h"
#include "http/json_response.h"
#include "http/query_params.h"
#include "ingest/fields.h"
#include "ingest/json_codec.h"
#include "ingest/validation.h"
#include "moments/moments_config.h"
#include "scores/aspect_trend.h"
#include "scores/grouping.h"
#include "scores/json.h"
#include "scores/metrics.h"
#include "scores/peak_end.h"

namespace peakend::http {
namespace {

using nlohmann::json;

// A reference in a posted body that does not exist is the client's mistake in the content,
// not a missing URL: 422 rather than 404.
Response WriteError(const Status& status) {
  if (status.code() == StatusCode::kNotFound) {
    return ErrorResponse(422, "unknown_reference", status.message(), status.field());
  }
  return ErrorResponse(status);
}

// /health says "degraded" when more responses than this wait for detection: at the detector's
// pace (thousands a second) that is seconds behind, where the target is milliseconds.
constexpr std::uint64_t kDegradedDetectionQueue = 10000;
// A warning about resent responses names at most this many of them.
constexpr std::size_t kMaxDifferingIdsNamed = 5;
// Resent responses of a `?moments=wait` request whose cases are looked up (a retry after a
// timeout resends a few; a batch replayed whole is not worth a query per record).
constexpr std::size_t kMaxResentCaseLookups = 100;

// How many records of a write were created, changed (organisation records and customers
// only) or already stored as sent.
struct OutcomeCounts {
  int created = 0;
  int updated = 0;
  int duplicates = 0;
};

// The answer's items; `with_updates` adds whether each known record was changed, for the
// records a write can change.
json OutcomesJsonResponse(const std::vector<RecordOutcome>& outcomes, const std::vector<std::string>& external_ids,
                          OutcomeCounts& counts, bool with_updates = false) {
  json items = json::array();
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const auto& o = outcomes[i];
    (o.created ? counts.created : o.updated ? counts.updated : counts.duplicates)++;
    json item = {{"id", o.id}, {"external_id", external_ids[i]}, {"created", o.created}};
    if (with_updates) item["updated"] = o.updated;
    if (!o.differing_fields.empty()) item["differs_from_stored"] = o.differing_fields;
    items.push_back(std::move(item));
  }
  return items;
}

// Says which resent responses differ from the stored ones and that the stored ones were kept;
// "" when none does. A client that reuses an external id for a new answer learns it here.
std::string DifferingDuplicatesWarning(const std::vector<RecordOutcome>& outcomes,
                                       const std::vector<std::string>& external_ids, ingest::RecordKind kind) {
  std::string named;
  std::size_t differing = 0;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    if (outcomes[i].differing_fields.empty()) continue;
    if (differing++ < kMaxDifferingIdsNamed) named += (named.empty() ? "'" : ", '") + external_ids[i] + "'";
  }
  if (differing == 0) return "";
  if (differing > kMaxDifferingIdsNamed) named += " and " + std::to_string(differing - kMaxDifferingIdsNamed) + " more";
  if (kind == ingest::RecordKind::kInteraction) {
    return std::to_string(differing) + (differing == 1 ? " interaction was" : " interactions were") +
           " already stored otherwise (" + named +
           "; see differs_from_stored): the stored ones are kept, as responses and cases refer to them. Give a new "
           "interaction its own external_id.";
  }
  return std::to_string(differing) + (differing == 1 ? " response was" : " responses were") +
         " already stored otherwise (" + named +
         "; see differs_from_stored): the stored ones are kept, as a response is recorded once. Give a new "
         "answer its own external_id.";
}

// A reference names a record by its external id, and may create it (a response naming a
// customer makes them): it passes the checks of the record's own id, or "C1 " would make a
// second customer beside C1 that POST /customers, which refuses such an id, could never reach.
using NamedRefs = std::initializer_list<std::pair<const char*, const std::string*>>;

Status CheckRefs(NamedRefs refs) {
  for (const auto& [field, ref] : refs) {
    if (ref->size() > limits::kMaxExternalIdBytes) {
      return Status::InvalidArgument("longer than " + std::to_string(limits::kMaxExternalIdBytes) + " bytes", field);
    }
    PEAKEND_RETURN_IF_ERROR(ingest::CheckExternalId(field, *ref));
  }
  return Status::Ok();
}

Status CheckReferences(const peakend::Response& r) {
  return CheckRefs({{"interaction", &r.interaction_ref}, {"customer", &r.customer_ref}, {"location", &r.location_ref},
                    {"employee", &r.employee_ref}, {"journey_id", &r.journey_id}});
}
Status CheckReferences(const Interaction& x) {
  return CheckRefs({{"customer", &x.customer_ref}, {"location", &x.location_ref}, {"employee", &x.employee_ref},
                    {"journey_id", &x.journey_id}});
}
Status CheckReferences(const Location&) { return Status::Ok(); }
Status CheckReferences(const Team& t) { return CheckRefs({{"location", &t.location_ref}}); }
Status CheckReferences(const Employee& e) { return CheckRefs({{"team", &e.team_ref}, {"location", &e.location_ref}}); }
Status CheckReferences(const Customer&) { return Status::Ok(); }

// The references of every record of a body; the field of an error is that of the record in
// its batch ("[3].customer"), as the decoder names them.
template <typename T>
Status CheckAllReferences(const std::vector<T>& records) {
  for (std::size_t i = 0; i < records.size(); ++i) {
    Status s = CheckReferences(records[i]);
    if (s.ok()) continue;
    std::string field = records.size() > 1 ? "[" + std::to_string(i) + "]." + s.field() : s.field();
    return Status(s.code(), s.message(), field);
  }
  return Status::Ok();
}

// The decoder gives a response sent without submitted_at the time it was read, a second
// between `before` and `after`; a client retrying after a timeout sends the same body again,
// which must not differ from the stored response in a time it never sent. A time sent that
// equals the very second of receipt is read as not sent: it holds nothing the receipt does not.
void MarkTimesOfReceipt(std::vector<peakend::Response>& responses, Timestamp before, Timestamp after) {
  for (auto& r : responses) r.submitted_at_given = r.submitted_at < before || r.submitted_at > after;
}

template <typename T>
json PageJson(const Page<T>& page) {
  json items = json::array();
  for (const auto& item : page.items) items.push_back(ingest::ToJson(item));
  json out = {{"items", std::move(items)}};
  out["next_cursor"] = page.next_after_id ? json(std::to_string(*page.next_after_id)) : json(nullptr);
  return out;
}

#define PEAKEND_HTTP_CHECK(expr)                    \
  do {                                              \
    ::peakend::Status _s = (expr);                  \
    if (!_s.ok()) return ErrorResponse(_s);         \
  } while (0)

class Api {
 public:
  explicit Api(App& app) : app_(app) {}

  // Liveness, and whether detection keeps up: a growing queue or failures need attention.
  Response Health(const Request& req) {
    PEAKEND_HTTP_CHECK(CheckKnownParams(req, {}));
    moments::DetectorStats d = app_.detector->Stats();
    CommitStats writes = app_.store->commit_stats();
    // Still alive (200), but moments of truth reach the inboxes late: worth an alert.
    json reasons = json::array();
    if (d.queued > kDegradedDetectionQueue) {
      reasons.push_back(std::to_string(d.queued) + " responses wait for detection (more than " +
                        std::to_string(kDegradedDetectionQueue) + "): cases open late");
    }
    json reply = {{"status", reasons.empty() ? "ok" : "degraded"},
                  {"store", app_.store->BackendName()},
                  {"writes", {{"steps", writes.steps}, {"commits", writes.commits}}},
                  {"moments", {{"looked_at", d.responses},
                               {"queued", d.queued},
                               {"cases_opened", d.cases_opened},
                               {"failures", d.failures},
                               {"last_error", d.last_error},
                               {"within_50ms", d.within_target},
                               {"longest_wait_ms", d.max_lag_ms}}}};
    if (!reasons.empty()) reply["reasons"] = std::move(reasons);
    return JsonResponse(200, reply);
  }

  Response PostResponses(const Request& req) {
    PEAKEND_HTTP_CHECK(CheckKnownParams(req, {"moments", "moments_scope"}));
    std::string moments = req.Query("moments");
    if (!moments.empty() && moments != "wait" && moments != "queue") {
      return ErrorResponse(Status::InvalidArgument("moments must be 'queue' (the default) or 'wait', not '" + moments + "'",
                                                   "moments"));
    }
    std::string scope = req.Query("moments_scope");
    if (!scope.empty() && scope != "recent" && scope != "all") {
      return ErrorResponse(Status::InvalidArgument("moments_scope must be 'recent' (the default) or 'all', not '" +
                                                       Shorten(scope, limits::kMaxEchoedNameBytes) + "'",
                                                   "moments_scope"));
    }
    const bool all = scope == "all";
    Timestamp received = NowUtc();
    // History sent through the API (a migration, a backfill) is no moment to act on now: only
    // responses of the last moments.import_days days are looked at, as an import's, unless
    // `moments_scope=all` asks for every one.
    auto days = moments::ImportDetectionDays(app_.config);
    if (!days.ok()) return ErrorResponse(days.status());
    const Timestamp recent_since = received - static_cast<Timestamp>(*days) * kSecondsPerDay;
    auto decoded = ingest::DecodeResponses(req.body, req.Header("Content-Type"), &app_.calendar);
    if (!decoded.ok()) return ErrorResponse(decoded.status());
    PEAKEND_HTTP_CHECK(CheckAllReferences(*decoded));
    MarkTimesOfReceipt(*decoded, received, NowUtc());
    WriteRequest write;
    write.responses = std::move(decoded).value();
    write.awaits_detection = true;
    if (!all) {
      write.awaits_detection_since = recent_since;
      write.untimed_await_detection = true;
    }
    std::vector<std::string> external_ids;
    for (std::size_t i = 0; i < write.responses.size(); ++i) {
      Status enriched = app_.enricher->Enrich(write.responses[i]);
      if (!enriched.ok()) {
        std::string field = write.responses.size() > 1 ? "[" + std::to_string(i) + "]." + enriched.field()
                                                        : enriched.field();
        return ErrorResponse(Status(enriched.code(), enriched.message(), field));
      }
      external_ids.push_back(write.responses[i].external_id);
    }
    std::vector<Timestamp> write_times;
    for (const auto& r : write.responses) write_times.push_back(r.submitted_at);
    WriteResult result = app_.writer->Write(std::move(write));
    if (!result.status.ok()) return WriteError(result.status);
    OutcomeCounts counts;
    json items = OutcomesJsonResponse(result.responses, external_ids, counts);
    // Moments of truth are looked for as soon as the responses are committed, on the detector's
    // thread; `?moments=wait` waits for that and lists the cases they opened.
    std::vector<Id> fresh;
    std::size_t history = 0;
    for (std::size_t i = 0; i < result.responses.size(); ++i) {
      if (!result.responses[i].created) continue;
      if (all || write_times[i] >= recent_since) fresh.push_back(result.responses[i].id);
      else ++history;
    }
    json cases = json::array();
    bool detected = true;
    if (moments == "wait") {
      moments::WaitedDetections waited = app_.detector->EnqueueAndWait(fresh);
      detected = waited.complete;
      for (const auto& d : waited.found) {
        if (d.case_id) cases.push_back({{"case_id", *d.case_id}, {"rule", d.rule}, {"response_id", d.response_id}});
      }
      // A retry of responses stored before (the first answer timed out) lists the cases they
      // opened then, so that the client learns them after all.
      std::size_t looked_up = 0;
      for (const auto& o : result.responses) {
        if (o.created || o.id == 0 || looked_up++ >= kMaxResentCaseLookups) continue;
        CaseFilter opened_by;
        opened_by.response_id = o.id;
        auto opened = app_.store->cases().ListCases(opened_by, PageRequest{0, 1});
        if (!opened.ok()) return ErrorResponse(opened.status());
        for (const auto& c : opened->items) {
          cases.push_back({{"case_id", c.id}, {"rule", c.rule}, {"response_id", o.id}});
        }
      }
    } else {
      app_.detector->Enqueue(fresh);
    }
    json reply = {{"created", counts.created}, {"duplicates", counts.duplicates}, {"items", items}};
    if (std::string warning = DifferingDuplicatesWarning(result.responses, external_ids, ingest::RecordKind::kResponse);
        !warning.empty()) {
      reply["warning"] = warning;
    }
    if (history > 0) {
      reply["moments_skipped"] = history;
      reply["moments_note"] = std::to_string(history) + " response(s) submitted more than " + std::to_string(*days) +
                              " days ago (moments.import_days) were stored without looking for moments of truth: "
                              "history is no moment to act on now; send ?moments_scope=all to look at them anyway";
    }
    if (moments == "wait") {
      // Detection behind (a burst of imports): the responses are stored and will be looked at;
      // the cases they open then are in GET /api/v1/cases.
      reply["cases"] = std::move(cases);
      reply["moments"] = detected ? "done" : "pending";
    }
    return JsonResponse(counts.created > 0 ? 201 : 200, reply);
  }

  Response PostInteractions(const Request& req) {
    PEAKEND_HTTP_CHECK(CheckKnownParams(req, {}));
    auto decoded = ingest::DecodeInteractions(req.body, req.Header("Content-Type"), &app_.calendar);
    if (!decoded.ok()) return ErrorResponse(decoded.status());
    PEAKEND_HTTP_CHECK(CheckAllReferences(*decoded));
    WriteRequest write;
    write.interactions = std::move(decoded).value();
    std::vector<std::string> external_ids;
    for (const auto& i : write.interactions) external_ids.push_back(i.external_id);
    WriteResult result = app_.writer->Write(std::move(write));
    if (!result.status.ok()) return WriteError(result.status);
    OutcomeCounts counts;
    json items = OutcomesJsonResponse(result.interactions, external_ids, counts);
    json reply = {{"created", counts.created}, {"duplicates", counts.duplicates}, {"items", items}};
    if (std::string warning = DifferingDuplicatesWarning(result.interactions, external_ids, ingest::RecordKind::kInteraction);
        !warning.empty()) {
      reply["warning"] = warning;
    }
    return JsonResponse(counts.created > 0 ? 201 : 200, reply);
  }

  // Locations, teams, employees and customers by external id: a new one is created (201), a
  // known one takes the fields sent and keeps those left out (counted as updated when that
  // changed it), and a replay of what is stored changes nothing (200, counted as duplicates).
  template <typename T>
  Response PostOrganisation(const Request& req, Result<std::vector<T>> (*decode)(std::string_view),
                            std::vector<T> WriteRequest::*records, std::vector<RecordOutcome> WriteResult::*outcomes) {
    PEAKEND_HTTP_CHECK(CheckKnownParams(req, {}));
    auto decoded = decode(req.body);
    if (!decoded.ok()) return ErrorResponse(decoded.status());
    PEAKEND_HTTP_CHECK(CheckAllReferences(*decoded));
    WriteRequest write;
    write.*records = std::move(decoded).value();
    write.new_records_need_names = true;
    std::vector<std::string> external_ids;
    for (const auto& r : write.*records) external_ids.push_back(r.external_id);
    WriteResult result = app_.writer->Write(std::move(write));
    if (!result.status.ok()) return WriteError(result.status);
    OutcomeCounts counts;
    json items = OutcomesJsonResponse(result.*outcomes, external_ids, counts, /*with_updates=*/true);
    return JsonResponse(counts.created > 0 ? 201 : 200, {{"created", counts.created},
                                                         {"updated", counts.updated},
                                                         {"duplicates", counts.duplicates},
                                                         {"items", items}});
  }

  Response ListResponses(const Request& req) {
    PEAKEND_HTTP_CHECK(CheckKnownParamsWithAttributes(req, {"external_id", "customer", "location", "team", "employee",
                                                            "journey", "from", "to", "aspect", "topic", "emotion",
                                                            "sentiment", "after", "limit"}));
    auto filter = Filter(req);
    if (!filter.ok()) return ErrorResponse(filter.status());
    auto page = ParsePage(req);
    if (!page.ok()) return ErrorResponse(page.status());
    auto result = app_.store->ListResponses(*filter, *page);
    if (!result.ok()) return ErrorResponse(result.status());
    return JsonResponse(200, PageJson(*result));
  }

  Response GetResponse(const Request& req) {
    PEAKEND_HTTP_CHECK(CheckKnownParams(req, {}));
    auto parsed = ParsePathId(req, "response");
    if (!parsed.ok()) return ErrorResponse(parsed.status());
    Id id = *parsed;
    auto result = app_.store->GetResponse(id);
    if (!result.ok()) return ErrorResponse(result.status());
    if (!result->has_value()) {
      return ErrorResponse(404, "not_found", "no response with id " + std::to_string(id), "id");
    }
    return JsonResponse(200, ingest::ToJson(**result));
  }

  Response ListInteractions(const Request& req) {
    PEAKEND_HTTP_CHECK(CheckKnownParams(req, {"external_id", "customer", "location", "team", "employee", "journey",
                                              "from", "to", "after", "limit"}));
    auto filter = Filter(req);
    if (!filter.ok()) return ErrorResponse(filter.status());
    auto page = ParsePage(req);
    if (!page.ok()) return ErrorResponse(page.status());
    auto result = app_.store->ListInteractions(*filter, *page);
    if (!result.ok()) return ErrorResponse(result.status());
    return JsonResponse(200, PageJson(*result));
  }

  Response ListCustomers(const Request& req) {
    PEAKEND_HTTP_CHECK(CheckKnownParams(req, {"external_id", "after", "limit"}));
    auto filter = Filter(req);
    if (!filter.ok()) return ErrorResponse(filter.status());
    auto page = ParsePage(req);
    if (!page.ok()) return ErrorResponse(page.status());
    auto result = app_.store->ListCustomers(*filter, *page);
    if (!result.ok()) return ErrorResponse(result.status());
    return JsonResponse(200, PageJson(*result));
  }

  // An organisation's locations, teams or employees (listed by id), all of them unless `limit`
  // or `after` asks for pages as the other listings have them. An organisation has at most a
  // few thousand such records, so a page is cut from the list rather than in the store.
  template <typename T>
  Response ListOrganisation(const Request& req, const Result<std::vector<T>>& result) {
    PEAKEND_HTTP_CHECK(CheckKnownParams(req, {"after", "limit"}));
    auto page = ParsePage(req);
    if (!page.ok()) return ErrorResponse(page.status());
    if (!result.ok()) return ErrorResponse(result.status());
    bool paged = req.HasQuery("limit") || req.HasQuery("after");
    Page<T> out;
    for (const auto& item : *result) {
      if (item.id <= page->after_id) continue;
      if (paged && out.items.size() == static_cast<std::size_t>(page->limit)) {
        out.next_after_id = out.items.back().id;
        break;
      }
      out.items.push_back(item);
    }
    return JsonResponse(200, PageJson(out));
  }

  Response Scores(const Request& req) {
    PEAKEND_HTTP_CHECK(CheckKnownParamsWithAttributes(req, {"group", "period", "customer", "location", "team",
                                                            "employee", "journey", "from", "to", "aspect", "topic",
                                                            "emotion", "sentiment"}));
    auto group = scores::ParseGroupBy(req.HasQuery("group") ? req.Query("group") : "none");
    if (!group) {
      return ErrorResponse(400, "invalid_argument",
                           "'" + req.Query("group") +
                               "' is not a grouping; use none, location, team, employee, channel or interaction_type",
                           "group");
    }
    auto period = ParsePeriod(req.Query("period"));
    if (!period) {
      return ErrorResponse(400, "invalid_argument",
                           "'" + req.Query("period") + "' is not a period; use day, week, month or all", "period");
    }
    auto filter = Filter(req);
    if (!filter.ok()) return ErrorResponse(filter.status());
    auto groups = ScoreGroups(*app_.store, *filter, *group, *period, app_.calendar);
    if (!groups.ok()) return ErrorResponse(groups.status());
    auto names = GroupNames(*app_.store, *group);
    json out_rows = json::array();
    for (std::size_t i = 0; i < groups->size(); ++i) {
      const auto& g = (*groups)[i];
      json row = scores::ToJson(g.scores);
      row["group"] = g.group_key;
      auto it = names.find(g.group_key);
      row["group_name"] = it == names.end() ? json(g.group_key) : json(it->second);
      row["period"] = g.period_key;
      // The NPS change against the group's previous period, with its z-test.
      const scores::GroupScores* previous = i > 0 && (*groups)[i - 1].group_key == g.group_key ? &(*groups)[i - 1] : nullptr;
      row["nps_change"] = previous && g.scores.nps.n > 0 && previous->scores.nps.n > 0
                              ? scores::ToJson(scores::CompareNps(previous->scores.nps, g.scores.nps))
                              : json(nullptr);
      out_rows.push_back(std::move(row));
    }
    return JsonResponse(200, {{"group", scores::ToString(*group)}, {"period", ToString(*period)}, {"rows", out_rows}});
  }

  // Whole journeys of a customer or one journey, in pages of at most
  // limits::kMaxJourneyStepsPerPage interactions (a customer with years of contacts is read
  // in pages rather than built into one answer of any size).
  Response Journeys(const Request& req) {
    PEAKEND_HTTP_CHECK(CheckKnownParams(req, {"customer", "journey", "after"}));
    if (!req.HasQuery("customer") && !req.HasQuery("journey")) {
      return ErrorResponse(400, "invalid_argument", "name a customer (?customer=ID) or a journey (?journey=ID)",
                           "customer");
    }
    auto filter = Filter(req);
    if (!filter.ok()) return ErrorResponse(filter.status());
    auto page = app_.store->Journeys(*filter, req.Query("after"), limits::kMaxJourneyStepsPerPage);
    if (!page.ok()) return ErrorResponse(page.status());
    auto weights = PeakEndWeights();
    json items = json::array();
    for (const auto& j : page->journeys) items.push_back(JourneyJson(j, weights));
    return JsonResponse(200, {{"items", items},
                              {"next_cursor", page->next_after.empty() ? json(nullptr) : json(page->next_after)}});
  }

  Response TextAspects(const Request& req) {
    PEAKEND_HTTP_CHECK(CheckKnownParams(req, {"period", "from", "to", "location", "team", "employee"}));
    auto period = ParsePeriod(req.HasQuery("period") ? req.Query("period") : "month");
    if (!period) {
      return ErrorResponse(400, "invalid_argument", "period must be day, week, month or all", "period");
    }
    auto filter = Filter(req);
    if (!filter.ok()) return ErrorResponse(filter.status());
    auto trend = AspectTrendOf(*app_.store, *filter, *period, app_.calendar);
    if (!trend.ok()) return ErrorResponse(trend.status());
    json items = json::array();
    for (const auto& a : *trend) items.push_back(scores::ToJson(a));
    return JsonResponse(200, {{"period", ToString(*period)}, {"items", items}});
  }

  Response Summary(const Request& req) {
    PEAKEND_HTTP_CHECK(CheckKnownParams(req, {}));
    auto counts = app_.store->Counts();
    if (!counts.ok()) return ErrorResponse(counts.status());
    auto overall = OverallScores(*app_.store, {}, app_.calendar);
    if (!overall.ok()) return ErrorResponse(overall.status());
    return JsonResponse(200, {{"counts",
                       {{"locations", counts->locations},
                        {"teams", counts->teams},
                        {"employees", counts->employees},
                        {"customers", counts->customers},
                        {"interactions", counts->interactions},
                        {"responses", counts->responses}}},
                      {"scores", scores::ToJson(*overall)},
                      {"store", app_.store->BackendName()}});
  }

 private:
  // `peakend serve` refuses weights that do not read; the defaults serve any other caller.
  scores::PeakEndWeights PeakEndWeights() const {
    auto weights = scores::PeakEndWeightsFromSettings(app_.config);
    return weights.ok() ? *weights : scores::PeakEndWeights{};
  }

  json JourneyJson(const Journey& journey, const scores::PeakEndWeights& weights) {
    std::vector<scores::RatedMoment> moments;
    json steps = json::array();
    for (const auto& step : journey.steps) {
      json s = ingest::ToJson(step.interaction);
      json responses = json::array();
      std::optional<double> rating;
      for (const auto& r : step.responses) {
        responses.push_back(ingest::ToJson(r));
        if (auto v = scores::NormalizedRating(r.answers, r.sentiment)) rating = v;
      }
      s["responses"] = responses;
      s["rating"] = rating ? json(*rating) : json(nullptr);
      if (rating) moments.push_back({step.interaction.occurred_at, *rating});
      steps.push_back(std::move(s));
    }
    json out = {{"journey_id", journey.journey_id}, {"customer", journey.customer_ref}, {"steps", steps}};
    // Only the first limits::kMaxJourneyStepsPerPage interactions of a longer journey are here.
    if (journey.truncated) out["truncated"] = true;
    auto pe = scores::RememberedExperience(moments, weights);
    out["peak_end"] = pe ? scores::ToJson(*pe) : json(nullptr);
    return out;
  }

  // The listing's filter; an aspect, emotion or topic must be one the analyzer can tag a comment
  // with, so that a misspelt name is an error rather than an empty page.
  Result<RecordFilter> Filter(const Request& req) const {
    auto filter = ParseFilter(req, app_.calendar);
    if (!filter.ok() || filter->tag_kind.empty() || !app_.analyzer) return filter;
    std::vector<std::string> names = app_.analyzer->TagNames(filter->tag_kind);
    if (std::find(names.begin(), names.end(), filter->tag_name) != names.end()) return filter;
    std::string asked = "'" + Shorten(filter->tag_name, limits::kMaxEchoedNameBytes) + "'";
    if (names.empty()) {
      return Status::InvalidArgument(asked + " is not a topic: no topics are configured (text.topics)",
                                     filter->tag_kind);
    }
    return Status::InvalidArgument(asked + " is not " + (filter->tag_kind == "aspect" ? "an " : "a ") +
                                       filter->tag_kind + " Peakend tags comments with; use one of " +
                                       JoinWithCommas(names),
                                   filter->tag_kind);
  }

  App& app_;
};

}  // namespace

void RegisterApi(Server& server, App& app) {
  auto api = std::make_shared<Api>(app);
  auto bind = [api](Response (Api::*method)(const Request&)) {
    return [api, method](const Request& req) { return ((*api).*method)(req); };
  };
  server.Route("GET", "/api/v1/health", bind(&Api::Health));
  server.Route("GET", "/api/v1/summary", bind(&Api::Summary));
  server.Route("POST", "/api/v1/responses", bind(&Api::PostResponses), BodyTypes::kJsonOrRecordStream);
  server.Route("GET", "/api/v1/responses", bind(&Api::ListResponses));
  server.Route("GET", R"(/api/v1/responses/([^/]+))", bind(&Api::GetResponse));
  server.Route("POST", "/api/v1/interactions", bind(&Api::PostInteractions), BodyTypes::kJsonOrRecordStream);
  server.Route("GET", "/api/v1/interactions", bind(&Api::ListInteractions));
  server.Route("GET", "/api/v1/customers", bind(&Api::ListCustomers));
  server.Route("GET", "/api/v1/locations", [api, &app](const Request& r) {
    return api->ListOrganisation(r, app.store->ListLocations());
  });
  server.Route("GET", "/api/v1/teams", [api, &app](const Request& r) {
    return api->ListOrganisation(r, app.store->ListTeams());
  });
  server.Route("GET", "/api/v1/employees", [api, &app](const Request& r) {
    return api->ListOrganisation(r, app.store->ListEmployees());
  });
  server.Route("POST", "/api/v1/locations", [api](const Request& r) {
    return api->PostOrganisation(r, &DecodeLocations, &WriteRequest::locations, &WriteResult::locations);
  });
  server.Route("POST", "/api/v1/teams", [api](const Request& r) {
    return api->PostOrganisation(r, &DecodeTeams, &WriteRequest::teams, &WriteResult::teams);
  });
  server.Route("POST", "/api/v1/employees", [api](const Request& r) {
    return api->PostOrganisation(r, &DecodeEmployees, &WriteRequest::employees, &WriteResult::employees);
  });
  server.Route("POST", "/api/v1/customers", [api](const Request& r) {
    return api->PostOrganisation(r, &DecodeCustomers, &WriteRequest::customers, &WriteResult::customers);
  });
  server.Route("GET", "/api/v1/scores", bind(&Api::Scores));
  server.Route("GET", "/api/v1/journeys", bind(&Api::Journeys));
  server.Route("GET", "/api/v1/text/aspects", bind(&Api::TextAspects));
}

}  // namespace peakend::http
