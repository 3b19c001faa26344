#include "http/cases_api.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "core/limits.h"
#include "core/strings.h"
#include "http/json_body.h"
#include "http/json_response.h"
#include "http/query_params.h"
#include "ingest/json_codec.h"
#include "ingest/validation.h"
#include "moments/budget.h"
#include "moments/engine.h"
#include "moments/recovery.h"
#include "scores/json.h"
#include "scores/peak_end.h"

namespace peakend::http {
namespace {

using nlohmann::json;

json CaseJson(const CaseRecord& c, Timestamp now) {
  bool open = c.state == CaseState::kNew || c.state == CaseState::kInProgress;
  return {{"id", c.id},
          {"rule", c.rule},
          {"priority", c.priority},
          {"reason", c.reason},
          {"suggested_actions", c.suggested_actions},
          {"state", std::string(ToString(c.state))},
          {"customer", c.customer_ref.empty() ? json(nullptr) : json(c.customer_ref)},
          {"journey_id", c.journey_id.empty() ? json(nullptr) : json(c.journey_id)},
          {"assignee", c.assignee_ref.empty() ? json(nullptr) : json(c.assignee_ref)},
          {"team", c.team_ref.empty() ? json(nullptr) : json(c.team_ref)},
          {"response_id", c.response_id ? json(*c.response_id) : json(nullptr)},
          {"created_at", FormatTimestamp(c.created_at)},
          {"due_at", FormatTimestamp(c.due_at)},
          {"overdue", open && now > c.due_at},
          {"escalated", c.escalated},
          {"escalated_to", c.escalated_to_ref.empty() ? json(nullptr) : json(c.escalated_to_ref)},
          {"contacted_at", c.contacted_at ? json(FormatTimestamp(*c.contacted_at)) : json(nullptr)},
          {"closed_at", c.closed_at ? json(FormatTimestamp(*c.closed_at)) : json(nullptr)},
          {"close_reason", c.close_reason.empty() ? json(nullptr) : json(c.close_reason)}};
}

Result<Id> CaseId(const Request& req) { return ParsePathId(req, "case"); }

// One wording for a case that does not exist, whichever request names it (as the store's).
Status NoCase(Id id) { return Status::NotFound("no case with id " + std::to_string(id), "id"); }

Result<json> Body(const Request& req, std::initializer_list<const char*> known) {
  if (Status query = CheckKnownParams(req, {}); !query.ok()) return query;
  auto parsed = ParseJsonObjectBody(req.body);
  if (!parsed.ok()) return parsed.status();
  json body = std::move(parsed).value();
  for (const auto& [k, v] : body.items()) {
    bool ok = false;
    for (const char* name : known) ok = ok || k == name;
    if (!ok) {
      std::string shown = Shorten(k, limits::kMaxEchoedNameBytes);
      return Status::InvalidArgument("unknown field '" + shown + "'; accepted: " + JoinWithCommas(known), shown);
    }
    if (!v.is_string()) return Status::InvalidArgument("must be a string", k);
  }
  // The employee acting is named by external id, which passes the checks of the id itself.
  for (const char* employee : {"employee", "by"}) {
    if (body.contains(employee)) PEAKEND_RETURN_IF_ERROR(ingest::CheckExternalId(employee, body[employee].get<std::string>()));
  }
  return body;
}

std::string Field(const json& body, const char* name) { return body.contains(name) ? body[name].get<std::string>() : ""; }

// "u<priority>.<due_at>.<id>": opaque to clients, who pass back the next_cursor they were given.
std::string UrgencyCursorText(const CaseRecord& c) {
  return "u" + std::to_string(c.priority) + "." + std::to_string(c.due_at) + "." + std::to_string(c.id);
}

Result<UrgencyCursor> ParseUrgencyCursor(const std::string& text) {
  auto invalid = Status::InvalidArgument("'after' must be the next_cursor of a previous page of this listing", "after");
  if (text.empty() || text[0] != 'u') return invalid;
  long long parts[3] = {0, 0, 0};
  const char* at = text.data() + 1;
  const char* end = text.data() + text.size();
  for (int i = 0; i < 3; ++i) {
    auto [next, error] = std::from_chars(at, end, parts[i]);
    if (error != std::errc() || next == at) return invalid;
    at = next;
    if (i < 2) {
      if (at == end || *at != '.') return invalid;
      ++at;
    }
  }
  if (at != end || parts[0] < std::numeric_limits<int>::min() || parts[0] > std::numeric_limits<int>::max() ||
      parts[2] < 0) {
    return invalid;
  }
  return UrgencyCursor{static_cast<int>(parts[0]), parts[1], parts[2]};
}

constexpr int kOutlierWindowDays = 30;
constexpr int kComeBackLookahead = 100;  // later interactions looked at per customer

class CasesApi {
 public:
  explicit CasesApi(App& app) : app_(app) {}

  Response List(const Request& req) {
    Status known = CheckKnownParams(
        req, {"state", "rule", "team", "assignee", "customer", "escalated_to", "overdue", "sort", "after", "limit"});
    if (!known.ok()) return ErrorResponse(known);
    CaseFilter f;
    std::string sort = req.Query("sort");
    if (sort.empty() || sort == "urgency") {
      f.order = CaseOrder::kUrgency;
    } else if (sort != "created") {
      return ErrorResponse(400, "invalid_argument",
                           "sort must be 'urgency' (priority, then due time; the default) or 'created', not '" + sort + "'",
                           "sort");
    }
    // An urgency cursor names the last case of the previous page; a created cursor is an id.
    PageRequest page;
    if (f.order == CaseOrder::kUrgency) {
      auto limit = ParseLimit(req);
      if (!limit.ok()) return ErrorResponse(limit.status());
      page.limit = *limit;
      if (req.HasQuery("after")) {
        auto cursor = ParseUrgencyCursor(req.Query("after"));
        if (!cursor.ok()) return ErrorResponse(cursor.status());
        f.after_urgency = *cursor;
      }
    } else {
      auto parsed = ParsePage(req);
      if (!parsed.ok()) return ErrorResponse(parsed.status());
      page = *parsed;
    }
    f.state = req.Query("state");
    f.rule = req.Query("rule");
    if (Status checked = moments::CheckCaseFilter(f); !checked.ok()) return ErrorResponse(checked);
    f.team_ref = req.Query("team");
    f.assignee_ref = req.Query("assignee");
    f.customer_ref = req.Query("customer");
    f.escalated_to_ref = req.Query("escalated_to");
    if (Status known_refs = CheckFilterReferences(f); !known_refs.ok()) return ErrorResponse(known_refs);
    auto overdue = ParseBool(req, "overdue");
    if (!overdue.ok()) return ErrorResponse(overdue.status());
    f.overdue = *overdue;
    f.now = NowUtc();
    auto cases = app_.store->cases().ListCases(f, page);
    if (!cases.ok()) return ErrorResponse(cases.status());
    json items = json::array();
    for (const auto& c : cases->items) items.push_back(CaseJson(c, f.now));
    json next = nullptr;
    if (cases->next_after_id && !cases->items.empty()) {
      const CaseRecord& last = cases->items.back();
      next = f.order == CaseOrder::kUrgency ? UrgencyCursorText(last) : std::to_string(*cases->next_after_id);
    }
    return JsonResponse(200, {{"items", items}, {"next_cursor", next}});
  }

  // A team, employee or customer a listing names that does not exist is a typo, not an empty
  // inbox: NotFound naming the parameter, as the listings of responses and interactions answer.
  Status CheckFilterReferences(const CaseFilter& f) {
    auto unknown = moments::FindUnknownReference(*app_.store, f);
    if (!unknown.ok()) return unknown.status();
    if (!*unknown) return Status::Ok();
    const moments::UnknownReference& u = **unknown;
    return Status::NotFound("no " + u.kind + " with external id '" + Shorten(u.ref, limits::kMaxEchoedNameBytes) +
                                "'; GET /api/v1/" + u.kind + "s lists them",
                            u.param);
  }

  // The case with everything an employee needs before calling: the journey, its remembered
  // experience, what the customer told us about their life, earlier cases, and the history.
  Response Get(const Request& req) {
    if (Status known = CheckKnownParams(req, {}); !known.ok()) return ErrorResponse(known);
    auto id = CaseId(req);
    if (!id.ok()) return ErrorResponse(id.status());
    auto found = app_.store->cases().GetCase(*id);
    if (!found.ok()) return ErrorResponse(found.status());
    if (!found->has_value()) return ErrorResponse(NoCase(*id));
    const CaseRecord& c = **found;
    json out = CaseJson(c, NowUtc());
    json story = {{"timeline", json::array()}, {"context", json::array()}, {"earlier_cases", json::array()},
                  {"later_responses", json::array()}};
    if (!c.customer_ref.empty()) {
      RecordFilter f;
      f.customer_ref = c.customer_ref;
      if (!c.journey_id.empty()) f.journey_id = c.journey_id;
      // The first page: a story of more interactions than that is cut there.
      auto journeys = app_.store->Journeys(f, "", limits::kMaxJourneyStepsPerPage);
      std::vector<scores::RatedMoment> moments;
      if (journeys.ok()) {
        for (const auto& j : journeys->journeys) {
          for (const auto& step : j.steps) {
            json s = ingest::ToJson(step.interaction);
            s["responses"] = json::array();
            for (const auto& r : step.responses) {
              s["responses"].push_back({{"answers", ingest::ToJson(r)["answers"]},
                                        {"comment", r.comment},
                                        {"sentiment", r.sentiment ? json(*r.sentiment) : json(nullptr)}});
              if (auto rating = scores::NormalizedRating(r.answers, r.sentiment)) {
                moments.push_back({step.interaction.occurred_at, *rating});
              }
            }
            story["timeline"].push_back(std::move(s));
          }
        }
      }
      auto pe = scores::RememberedExperience(moments);
      story["peak_end"] = pe ? scores::ToJson(*pe) : json(nullptr);
      RecordFilter by_customer;
      by_customer.customer_ref = c.customer_ref;
      auto responses = app_.store->ListResponses(by_customer, PageRequest{0, 200});
      if (responses.ok()) {
        for (const auto& r : responses->items) {
          // What the customer said after the case was opened: how the loop closed for them.
          if (r.submitted_at >= c.created_at && (!c.response_id || r.id != *c.response_id)) {
            story["later_responses"].push_back({{"id", r.id}, {"submitted_at", FormatTimestamp(r.submitted_at)},
                                                {"answers", ingest::ToJson(r)["answers"]}, {"comment", r.comment}});
          }
          for (const auto& t : r.tags) {
            if (t.kind == "life_event" || t.kind == "circumstance") {
              story["context"].push_back({{"kind", t.kind}, {"name", t.name}, {"phrase", t.phrase},
                                          {"said_at", FormatTimestamp(r.submitted_at)}});
            }
          }
        }
      }
      CaseFilter earlier;
      earlier.customer_ref = c.customer_ref;
      auto cases = app_.store->cases().ListCases(earlier, PageRequest{0, 100});
      if (cases.ok()) {
        for (const auto& e : cases->items) {
          if (e.id != c.id) story["earlier_cases"].push_back({{"id", e.id}, {"rule", e.rule}, {"state", ToString(e.state)}});
        }
      }
    }
    out["story"] = story;
    auto events = app_.store->cases().CaseEvents(*id);
    json history = json::array();
    if (events.ok()) {
      for (const auto& e : *events) history.push_back(ingest::ToJson(e));
    }
    out["history"] = history;
    return JsonResponse(200, out);
  }

  // An unknown employee in the body is an unknown reference (422); an unknown case stays 404.
  static Response ChangeError(const Status& s) {
    if (s.code() == StatusCode::kNotFound && (s.field() == "by" || s.field() == "employee")) {
      return ErrorResponse(422, "unknown_reference", s.message(), s.field());
    }
    return ErrorResponse(s);
  }

  Response Claim(const Request& req) {
    auto id = CaseId(req);
    if (!id.ok()) return ErrorResponse(id.status());
    auto body = Body(req, {"employee"});
    if (!body.ok()) return ErrorResponse(body.status());
    // Asked first, so that a case that does not exist is answered as on the other requests.
    auto found = app_.store->cases().GetCase(*id);
    if (!found.ok()) return ErrorResponse(found.status());
    if (!found->has_value()) return ErrorResponse(NoCase(*id));
    std::string employee = Field(*body, "employee");
    if (employee.empty()) return ErrorResponse(400, "invalid_argument", "name the employee who claims the case", "employee");
    Status s = moments::ClaimCase(*app_.store, *id, employee, NowUtc());
    return s.ok() ? Get(req) : ChangeError(s);
  }

  Response Transition(const Request& req) {
    auto id = CaseId(req);
    if (!id.ok()) return ErrorResponse(id.status());
    auto body = Body(req, {"to", "by", "note"});
    if (!body.ok()) return ErrorResponse(body.status());
    auto to = ParseCaseState(Field(*body, "to"));
    if (!to) {
      return ErrorResponse(400, "invalid_argument", "'to' must be in_progress, contacted, resolved or closed", "to");
    }
    std::string by = Field(*body, "by");
    if (by.empty()) return ErrorResponse(400, "invalid_argument", "say who makes the change ('by')", "by");
    Status s = moments::MoveCase(*app_.store, *id, *to, by, Field(*body, "note"), NowUtc());
    return s.ok() ? Get(req) : ChangeError(s);
  }

  Response Note(const Request& req) {
    auto id = CaseId(req);
    if (!id.ok()) return ErrorResponse(id.status());
    auto body = Body(req, {"by", "note"});
    if (!body.ok()) return ErrorResponse(body.status());
    if (Field(*body, "by").empty()) return ErrorResponse(400, "invalid_argument", "say who writes the note ('by')", "by");
    Status s = moments::AddCaseNote(*app_.store, *id, Field(*body, "by"), Field(*body, "note"), NowUtc());
    return s.ok() ? JsonResponse(201, {{"ok", true}}) : ChangeError(s);
  }

  // An employee spends from their own monthly budget; no approval is asked.
  Response Gesture(const Request& req) {
    auto id = CaseId(req);
    if (!id.ok()) return ErrorResponse(id.status());
    auto body = Body(req, {"by", "gesture"});
    if (!body.ok()) return ErrorResponse(body.status());
    const auto& catalogue = app_.moments->config().gestures;
    const moments::Gesture* gesture = catalogue.Find(Field(*body, "gesture"));
    if (!gesture) {
      return ErrorResponse(400, "invalid_argument",
                           "unknown gesture '" + Field(*body, "gesture") + "'; the catalogue has " + catalogue.Names(),
                           "gesture");
    }
    std::string by = Field(*body, "by");
    if (by.empty()) return ErrorResponse(400, "invalid_argument", "say who gives the gesture ('by')", "by");
    auto employees = app_.store->ListEmployees();
    if (!employees.ok()) return ErrorResponse(employees.status());
    std::optional<Role> role;
    for (const auto& e : *employees) {
      if (e.external_id == by) role = e.role.value_or(kDefaultRole);
    }
    if (!role) {
      return ErrorResponse(422, "unknown_reference",
                           "unknown employee '" + by + "'; name an employee of the organisation by external id", "by");
    }
    std::int64_t budget = app_.moments->config().budgets.MonthlyCents(*role);
    Timestamp now = NowUtc();
    auto remaining = app_.store->cases().SpendGesture(
        {*id, by, gesture->name, gesture->cost_cents, now, app_.calendar.PeriodKey(now, Period::kMonth)}, budget);
    if (!remaining.ok()) return ErrorResponse(remaining.status());
    return JsonResponse(201, {{"gesture", gesture->name}, {"cost_cents", gesture->cost_cents}, {"budget_cents", budget},
                      {"remaining_cents", *remaining}});
  }

  // Of `cases`, the closed ones that were resolved before they were closed (their history says
  // so; the case itself keeps only the close), among those contacted in time.
  Result<std::set<Id>> ResolvedBeforeClosing(const std::vector<CaseRecord>& cases) {
    std::vector<Id> closed;
    for (const auto& c : cases) {
      if (c.state == CaseState::kClosed && c.contacted_at && *c.contacted_at <= c.due_at) closed.push_back(c.id);
    }
    std::set<Id> resolved;
    auto histories = app_.store->cases().CaseHistories(closed);
    if (!histories.ok()) return histories.status();
    for (const auto& [id, events] : *histories) {
      for (const auto& e : events) {
        if (e.to_state == ToString(CaseState::kResolved)) resolved.insert(id);
      }
    }
    return resolved;
  }

  // Later NPS and return of customers whose case was recovered in time, against the others
  // whose due time has passed.
  Response Effect(const Request& req) {
    if (Status known = CheckKnownParams(req, {}); !known.ok()) return ErrorResponse(known);
    std::vector<moments::CaseFollowUp> follow_ups;
    std::map<Id, std::vector<std::string>> gestures;
    auto spends = app_.store->cases().Spends(0, std::numeric_limits<Timestamp>::max());
    if (!spends.ok()) return ErrorResponse(spends.status());
    for (const auto& s : *spends) gestures[s.case_id].push_back(s.gesture);
    const Timestamp now = NowUtc();
    PageRequest page{0, limits::kMaxPageSize};
    for (;;) {
      auto cases = app_.store->cases().ListCases(CaseFilter{}, page);
      if (!cases.ok()) return ErrorResponse(cases.status());
      auto resolved_then_closed = ResolvedBeforeClosing(cases->items);
      if (!resolved_then_closed.ok()) return ErrorResponse(resolved_then_closed.status());
      for (const auto& c : cases->items) {
        if (c.customer_ref.empty() || c.rule == "praise") continue;
        moments::CaseFollowUp f;
        f.rule = c.rule;
        f.gestures = gestures[c.id];
        f.recovered = moments::RecoveredInTime(c, resolved_then_closed->count(c.id) > 0);
        if (!moments::ComparableAt(c, f.recovered, now)) continue;
        RecordFilter later;
        later.customer_ref = c.customer_ref;
        later.from = c.created_at + 1;
        auto rows = app_.store->ScoreRows(later);
        if (!rows.ok()) return ErrorResponse(rows.status());
        for (const auto& r : *rows) {
          if (r.answers.nps) f.later_nps.push_back(*r.answers.nps);
        }
        // Coming back means a new order or visit of the customer's own, not our follow-up call.
        auto back = app_.store->ListInteractions(later, PageRequest{0, kComeBackLookahead});
        if (!back.ok()) return ErrorResponse(back.status());
        for (const auto& x : back->items) {
          f.came_back = f.came_back || x.type == InteractionType::kOrder || x.type == InteractionType::kShopVisit;
        }
        follow_ups.push_back(std::move(f));
      }
      if (!cases->next_after_id) break;
      page.after_id = *cases->next_after_id;
    }
    return JsonResponse(200, moments::ToJson(moments::MeasureRecovery(follow_ups)));
  }

  // Trust the majority: no check on single gestures, only a flag for spending far above peers.
  Response Outliers(const Request& req) {
    if (Status known = CheckKnownParams(req, {"all"}); !known.ok()) return ErrorResponse(known);
    auto all = ParseBool(req, "all");
    if (!all.ok()) return ErrorResponse(all.status());
    Timestamp now = NowUtc();
    Timestamp from = now - kOutlierWindowDays * 86400;
    auto spends = app_.store->cases().Spends(from, now + 1);
    if (!spends.ok()) return ErrorResponse(spends.status());
    auto employees = app_.store->ListEmployees();
    if (!employees.ok()) return ErrorResponse(employees.status());
    std::map<std::string, moments::EmployeeSpending> by_employee;
    for (const auto& e : *employees) by_employee[e.external_id] = {e.external_id, e.role.value_or(kDefaultRole), 0, 0, 0};
    for (const auto& s : *spends) {
      auto& e = by_employee[s.employee_ref];
      e.employee_ref = s.employee_ref;
      e.spent_cents += s.cost_cents;
      e.gestures += 1;
      if (s.gesture == "refund") e.refunds += 1;
    }
    std::vector<moments::EmployeeSpending> spending;
    for (auto& [ref, e] : by_employee) spending.push_back(e);
    json items = json::array();
    for (const auto& f : moments::FlagSpendingOutliers(spending)) {
      if (!f.flagged && !all->value_or(false)) continue;
      const auto& e = by_employee[f.employee_ref];
      items.push_back({{"employee", f.employee_ref}, {"spend_euros", e.spent_cents / 100.0}, {"gestures", e.gestures},
                       {"refunds", e.refunds}, {"spend_z", f.spend_z}, {"refund_rate_z", f.refund_rate_z},
                       {"flagged", f.flagged}, {"reason", f.reason}});
    }
    return JsonResponse(200, {{"window_days", kOutlierWindowDays}, {"threshold", moments::kOutlierThreshold}, {"items", items}});
  }

  Response Deliveries(const Request& req) {
    if (Status known = CheckKnownParams(req, {}); !known.ok()) return ErrorResponse(known);
    auto messages = app_.store->cases().RecentMessages(limits::kDefaultPageSize);
    if (!messages.ok()) return ErrorResponse(messages.status());
    json items = json::array();
    for (const auto& m : *messages) {
      items.push_back({{"id", m.id}, {"event", m.event}, {"case_id", m.case_id}, {"attempts", m.attempts},
                       {"delivered_at", m.delivered_at ? json(FormatTimestamp(*m.delivered_at)) : json(nullptr)},
                       {"failed", m.failed}, {"last_status", m.last_status ? json(*m.last_status) : json(nullptr)},
                       {"last_error", m.last_error}, {"next_attempt_at", FormatTimestamp(m.next_attempt_at)}});
    }
    return JsonResponse(200, {{"items", items}});
  }

  Response Catalogue(const Request& req) {
    if (Status known = CheckKnownParams(req, {}); !known.ok()) return ErrorResponse(known);
    json items = json::array();
    const auto& config = app_.moments->config();
    for (const auto& g : config.gestures.gestures()) {
      items.push_back({{"name", g.name}, {"description", g.description}, {"cost_cents", g.cost_cents}});
    }
    return JsonResponse(200, {{"items", items},
                      {"monthly_budget_cents", {{"employee", config.budgets.MonthlyCents(Role::kEmployee)},
                                                {"manager", config.budgets.MonthlyCents(Role::kManager)},
                                                {"admin", config.budgets.MonthlyCents(Role::kAdmin)}}}});
  }

 private:
  App& app_;
};

}  // namespace

void RegisterCasesApi(Server& server, App& app) {
  auto api = std::make_shared<CasesApi>(app);
  auto bind = [api](Response (CasesApi::*method)(const Request&)) {
    return [api, method](const Request& req) { return ((*api).*method)(req); };
  };
  server.Route("GET", "/api/v1/cases", bind(&CasesApi::List));
  server.Route("GET", "/api/v1/cases/effect", bind(&CasesApi::Effect));
  // Any segment, so "/cases/abc" is answered with what is wrong with the id, as the POSTs are
  // ("effect", registered first, is matched before it).
  server.Route("GET", R"(/api/v1/cases/([^/]+))", bind(&CasesApi::Get));
  server.Route("POST", R"(/api/v1/cases/([^/]+)/claim)", bind(&CasesApi::Claim));
  server.Route("POST", R"(/api/v1/cases/([^/]+)/transition)", bind(&CasesApi::Transition));
  server.Route("POST", R"(/api/v1/cases/([^/]+)/notes)", bind(&CasesApi::Note));
  server.Route("POST", R"(/api/v1/cases/([^/]+)/gestures)", bind(&CasesApi::Gesture));
  server.Route("GET", "/api/v1/gestures", bind(&CasesApi::Catalogue));
  server.Route("GET", "/api/v1/gestures/outliers", bind(&CasesApi::Outliers));
  server.Route("GET", "/api/v1/webhooks/deliveries", bind(&CasesApi::Deliveries));
}

}  // namespace peakend::http
