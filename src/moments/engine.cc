#include "moments/engine.h"

#include "scores/peak_end.h"

namespace peakend::moments {
namespace {
constexpr int kDay = 86400;
constexpr int kContextPage = 200;  // earlier interactions looked at per customer
}  // namespace

namespace {

// Only a response with something negative about it can need the customer's history (a fall,
// repeated effort, a valued customer at risk, a bad end); the rest is judged on its own.
bool NeedsHistory(const Response& r, const std::optional<double>& rating) {
  const Answers& a = r.answers;
  return (a.nps && *a.nps <= 6) || (a.csat && *a.csat <= 2) || (a.ces && *a.ces <= 3) ||
         (r.sentiment && *r.sentiment < 0) || (rating && *rating < 0.2);
}

}  // namespace

Result<MomentContext> MomentsEngine::ContextFor(const Response& r) {
  MomentContext c;
  c.response = r;
  c.this_rating = scores::NormalizedRating(r.answers, r.sentiment);
  if (!NeedsHistory(r, c.this_rating)) return c;
  if (!r.customer_ref.empty()) {
    RecordFilter by_customer;
    by_customer.customer_ref = r.customer_ref;
    by_customer.to = r.submitted_at + 1;
    auto earlier = store_.ScoreRows(by_customer);
    if (!earlier.ok()) return earlier.status();
    for (const auto& e : *earlier) {
      if (e.response_id != r.id && e.answers.nps) c.previous_nps = e.answers.nps;
    }
    by_customer.to.reset();
    RecordFilter window = by_customer;
    window.from = r.submitted_at - config_.effort_window_days * kDay;
    window.to = r.submitted_at + 1;
    auto contacts = store_.ListInteractions(window, PageRequest{0, kContextPage});
    if (!contacts.ok()) return contacts.status();
    int n = 0;
    for (const auto& x : contacts->items) {
      bool contact = x.type == InteractionType::kContactPhone || x.type == InteractionType::kContactChat ||
                     x.type == InteractionType::kContactEmail || x.type == InteractionType::kContactVisit;
      bool same_matter = r.journey_id.empty() || x.journey_id == r.journey_id;
      if (contact && same_matter && x.external_id != r.interaction_ref) ++n;
    }
    c.contacts_in_effort_window = n;
    RecordFilter customer;
    customer.external_id = r.customer_ref;
    auto record = store_.ListCustomers(customer, PageRequest{0, 1});
    if (record.ok() && !record->items.empty()) c.customer_segment = record->items[0].segment;
  }
  if (!r.journey_id.empty()) {
    RecordFilter journey;
    journey.journey_id = r.journey_id;
    auto journeys = store_.Journeys(journey);
    if (!journeys.ok()) return journeys.status();
    for (const auto& j : *journeys) {
      for (const auto& step : j.steps) {
        for (const auto& earlier : step.responses) {
          if (earlier.id == r.id || earlier.submitted_at > r.submitted_at) continue;
          if (auto rating = scores::NormalizedRating(earlier.answers, earlier.sentiment)) c.journey_ratings.push_back(*rating);
        }
      }
    }
  }
  return c;
}

Result<std::optional<Id>> MomentsEngine::Route(const Response& r, const RuleHit& hit, std::optional<Id>& team_id) {
  team_id = r.team_id;
  auto employees = store_.ListEmployees();
  if (!employees.ok()) return employees.status();
  if (hit.rule == "praise") {
    // Recognition goes to the manager of the employee who was praised (or who served).
    std::string praised = r.employee_ref;
    for (const auto& t : r.tags) {
      if (t.kind == "mention") praised = t.name;
    }
    std::optional<Id> praised_team;
    for (const auto& e : *employees) {
      if (e.external_id == praised) praised_team = e.team_id;
    }
    for (const auto& e : *employees) {
      if (praised_team && e.team_id == praised_team && e.role == Role::kManager) {
        team_id = praised_team;
        return std::optional<Id>{e.id};
      }
    }
    return std::optional<Id>{};
  }
  if (r.employee_id) return std::optional<Id>{r.employee_id};  // the employee who served
  if (!team_id && r.location_id) {  // else the team queue of the location
    auto teams = store_.ListTeams();
    if (!teams.ok()) return teams.status();
    for (const auto& t : *teams) {
      if (t.location_id == r.location_id) {
        team_id = t.id;
        break;
      }
    }
  }
  return std::optional<Id>{};
}

Result<std::vector<Detection>> MomentsEngine::OnResponsesCommitted(const std::vector<Id>& ids, Timestamp now) {
  std::vector<Detection> out;
  for (Id id : ids) {
    auto response = store_.GetResponse(id);
    if (!response.ok()) return response.status();
    if (!response->has_value()) continue;
    const Response& r = **response;
    auto context = ContextFor(r);
    if (!context.ok()) return context.status();
    auto hits = Evaluate(*context, config_);
    Detection d{id, std::nullopt, hits.empty() ? "" : hits[0].rule};
    if (!hits.empty() && r.customer_id) {
      auto open = store_.cases().OpenCaseFor(*r.customer_id, r.journey_id, now - config_.dedupe_window_days * kDay);
      if (!open.ok()) return open.status();
      if (!*open) {
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
        auto assignee = Route(r, hit, c.team_id);
        if (!assignee.ok()) return assignee.status();
        c.assignee_id = *assignee;
        c.created_at = now;
        c.due_at = DueAt(now, hit.sla_hours, config_.business_hours);
        auto created = store_.cases().CreateCase(c, "opened by rule " + hit.rule + " on response " + std::to_string(id));
        if (!created.ok()) return created.status();
        d.case_id = *created;
      }
    }
    out.push_back(d);
  }
  return out;
}

}  // namespace peakend::moments
