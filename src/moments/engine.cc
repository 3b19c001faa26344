#include "moments/engine.h"

#include <algorithm>

#include "moments/moments_limits.h"
#include "core/strings.h"

namespace peakend::moments {
namespace {

constexpr Timestamp kSecondsPerDay = 86400;
constexpr int kHistoryPage = 200;  // earlier responses and interactions looked at per customer

// Only a response with something negative about it can need the customer's history (a fall,
// repeated effort, a valued customer at risk, a bad end); the rest is judged on its own.
bool NeedsHistory(const Response& r, const RuleConfig& cfg) {
  if (HasNegativeSignal(r)) return true;
  auto rating = scores::NormalizedRating(r.answers, r.sentiment);
  return rating && *rating <= 1.0 - cfg.end_drop;
}

}  // namespace

Result<CustomerHistory> MomentsEngine::HistoryOf(const Response& r) {
  CustomerHistory history;
  if (r.customer_ref.empty()) return history;
  RecordFilter by_customer;
  by_customer.customer_ref = r.customer_ref;
  by_customer.from = r.submitted_at - static_cast<Timestamp>(limits::kHistoryLookbackDays) * kSecondsPerDay;
  by_customer.to = r.submitted_at + 1;
  auto responses = store_.ListResponses(by_customer, PageRequest{0, kHistoryPage});
  if (!responses.ok()) return responses.status();
  for (const auto& e : responses->items) {
    history.responses.push_back({e.id, e.submitted_at, e.journey_id, e.answers, e.sentiment, NegativeAspects(e)});
  }
  RecordFilter window = by_customer;
  window.from = r.submitted_at - static_cast<Timestamp>(config_.rules.effort_window_days) * kSecondsPerDay;
  auto contacts = store_.ListInteractions(window, PageRequest{0, kHistoryPage});
  if (!contacts.ok()) return contacts.status();
  for (const auto& x : contacts->items) history.contacts.push_back({x.external_id, x.occurred_at, x.type, x.journey_id});
  RecordFilter customer;
  customer.external_id = r.customer_ref;
  auto record = store_.ListCustomers(customer, PageRequest{0, 1});
  if (!record.ok()) return record.status();
  if (!record->items.empty()) history.segment = record->items[0].segment;
  return history;
}

Result<Directory> ReadDirectory(Store& store) {
  Directory d;
  auto employees = store.ListEmployees();
  if (!employees.ok()) return employees.status();
  auto teams = store.ListTeams();
  if (!teams.ok()) return teams.status();
  d.employees = std::move(employees).value();
  d.teams = std::move(teams).value();
  return d;
}

namespace {

Status UnknownEmployee(const std::string& employee_ref, const char* field) {
  return Status::NotFound("unknown employee '" + employee_ref + "'; name an employee of the organisation by external id",
                          field);
}

}  // namespace

Status ClaimCase(Store& store, Id case_id, const std::string& employee_ref, Timestamp at) {
  auto directory = ReadDirectory(store);
  if (!directory.ok()) return directory.status();
  const Employee* claimant = directory->EmployeeByRef(employee_ref);
  if (!claimant) return UnknownEmployee(employee_ref, "employee");
  auto record = store.cases().GetCase(case_id);
  if (!record.ok()) return record.status();
  if (!record->has_value()) return Status::NotFound("no case with id " + std::to_string(case_id), "id");
  PEAKEND_RETURN_IF_ERROR(CheckCanClaim(*claimant, (*record)->team_id, *directory));
  return store.cases().Claim(case_id, employee_ref, at);
}

namespace {

Status CheckEmployee(Store& store, const std::string& employee_ref) {
  auto directory = ReadDirectory(store);
  if (!directory.ok()) return directory.status();
  if (directory->EmployeeByRef(employee_ref)) return Status::Ok();
  return UnknownEmployee(employee_ref, "by");
}

}  // namespace

Status MoveCase(Store& store, Id case_id, CaseState to, const std::string& employee_ref, const std::string& note,
                Timestamp at) {
  PEAKEND_RETURN_IF_ERROR(CheckEmployee(store, employee_ref));
  return store.cases().Transition(case_id, to, employee_ref, note, at);
}

Status AddCaseNote(Store& store, Id case_id, const std::string& employee_ref, const std::string& note, Timestamp at) {
  PEAKEND_RETURN_IF_ERROR(CheckEmployee(store, employee_ref));
  return store.cases().AddNote(case_id, employee_ref, note, at);
}

Status CheckCaseFilter(const CaseFilter& filter) {
  if (!filter.state.empty() && !ParseCaseState(filter.state)) {
    return Status::InvalidArgument("state must be new, in_progress, contacted, resolved or closed, not '" +
                                       filter.state + "'",
                                   "state");
  }
  if (!filter.rule.empty() && !IsKnownRule(filter.rule)) {
    return Status::InvalidArgument("unknown rule '" + filter.rule + "'; rules are " + JoinWithCommas(RuleNames()), "rule");
  }
  return Status::Ok();
}

Result<std::optional<UnknownReference>> FindUnknownReference(Store& store, const CaseFilter& f) {
  using Found = std::optional<UnknownReference>;
  if (!f.location_ref.empty()) {
    auto locations = store.ListLocations();
    if (!locations.ok()) return locations.status();
    if (std::none_of(locations->begin(), locations->end(), [&](const Location& l) { return l.external_id == f.location_ref; })) {
      return Found{{"location", f.location_ref, "location"}};
    }
  }
  if (!f.team_ref.empty()) {
    auto teams = store.ListTeams();
    if (!teams.ok()) return teams.status();
    if (std::none_of(teams->begin(), teams->end(), [&](const Team& t) { return t.external_id == f.team_ref; })) {
      return Found{{"team", f.team_ref, "team"}};
    }
  }
  for (const auto& [param, ref] : {std::pair{"assignee", &f.assignee_ref}, std::pair{"escalated_to", &f.escalated_to_ref}}) {
    if (ref->empty()) continue;
    auto employees = store.ListEmployees();
    if (!employees.ok()) return employees.status();
    if (std::none_of(employees->begin(), employees->end(), [&](const Employee& e) { return e.external_id == *ref; })) {
      return Found{{"employee", *ref, param}};
    }
  }
  if (!f.customer_ref.empty()) {
    RecordFilter by_id;
    by_id.external_id = f.customer_ref;
    auto customers = store.ListCustomers(by_id, PageRequest{0, 1});
    if (!customers.ok()) return customers.status();
    if (customers->items.empty()) return Found{{"customer", f.customer_ref, "customer"}};
  }
  return Found{};
}

Result<std::vector<Id>> EscalateOverdueCases(Store& store, Timestamp now) {
  auto directory = ReadDirectory(store);
  if (!directory.ok()) return directory.status();
  // Praise goes to the praised employee's manager to pass on; late, it is no customer left
  // waiting, and escalating it would send it to that same manager again.
  return store.cases().EscalateOverdue(
      now,
      [&](const CaseRecord& c) -> std::optional<Employee> {
        const Employee* manager = directory->ManagerOf(c.team_id, c.location_id);
        if (!manager) return std::nullopt;
        return *manager;
      },
      {kPraise});
}

Status MomentsEngine::RefreshDirectory(Timestamp now) {
  // Read before the rows: a change committed while they are read makes the next call read again.
  std::uint64_t version = store_.organisation_version();
  bool recent = directory_loaded_at_ != 0 && now - directory_loaded_at_ < limits::kDirectoryRefreshSeconds;
  if (recent && version == directory_version_) return Status::Ok();
  auto directory = ReadDirectory(store_);
  if (!directory.ok()) return directory.status();
  directory_ = std::move(directory).value();
  directory_loaded_at_ = now;
  directory_version_ = version;
  return Status::Ok();
}

Result<std::vector<Detection>> MomentsEngine::OnResponsesCommitted(const std::vector<Id>& ids, Timestamp now) {
  if (ids.size() > limits::kMaxResponsesPerDetection) {
    return Status::InvalidArgument("at most " + std::to_string(limits::kMaxResponsesPerDetection) +
                                   " responses per detection call; split the list");
  }
  const RuleConfig& cfg = config_.rules;
  std::vector<Detection> out;
  for (Id id : ids) {
    auto response = store_.GetResponse(id);
    if (!response.ok()) return response.status();
    if (!response->has_value()) continue;
    const Response& r = **response;
    CustomerHistory history;
    if (NeedsHistory(r, cfg)) {
      auto h = HistoryOf(r);
      if (!h.ok()) return h.status();
      history = std::move(h).value();
    }
    auto hits = Evaluate(BuildContext(r, history, cfg), cfg);
    Detection d{id, std::nullopt, hits.empty() ? "" : hits[0].rule};
    if (!hits.empty() && r.customer_id) {
      // A read first, as most repeats are caught here without a write; the write checks again
      // atomically, for detectors of other server processes.
      Timestamp dedupe_since = now - static_cast<Timestamp>(cfg.dedupe_window_days) * kSecondsPerDay;
      auto open = store_.cases().OpenCaseFor(*r.customer_id, r.journey_id, dedupe_since);
      if (!open.ok()) return open.status();
      if (!*open) {
        PEAKEND_RETURN_IF_ERROR(RefreshDirectory(now));
        const RuleHit& hit = hits[0];
        CaseRecord c;
        c.rule = hit.rule;
        c.priority = hit.priority;
        c.reason = hit.reason;
        c.suggested_actions = hit.suggested_actions;
        for (std::size_t i = 1; i < hits.size(); ++i) c.reason += " Also: " + hits[i].reason;
        c.response_id = id;
        c.customer_id = r.customer_id;
        c.journey_id = r.journey_id;
        c.location_id = r.location_id;
        Routing routing = RouteCase(hit.rule, r, directory_);
        c.assignee_id = routing.assignee_id;
        c.team_id = routing.team_id;
        c.created_at = now;
        c.due_at = DueAt(now, hit.sla_hours, cfg.business_hours);
        auto created = store_.cases().CreateCaseUnlessOpen(
            c, "opened by rule " + hit.rule + " on response " + std::to_string(id) + "; routed " + routing.explanation,
            dedupe_since);
        if (!created.ok()) return created.status();
        d.case_id = *created;
      }
    }
    out.push_back(d);
  }
  return out;
}

}  // namespace peakend::moments
