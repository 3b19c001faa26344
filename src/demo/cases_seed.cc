#include "demo/cases_seed.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "store/case_store.h"

namespace peakend::demo {
namespace {
constexpr Timestamp kDetectionDelaySeconds = 600;  // the case opens ten minutes after the answer
constexpr Timestamp kFollowUpWindowSeconds = 3 * 86400;
constexpr int kPage = 1000;
constexpr Id kCasesWithoutGesture = 3;  // one resolved case in three is solved by the call alone
// The SLA clock of a live server runs every minute; replaying the history, it runs with the
// next answer that comes in at least this long after its last run, so a case nobody called back
// is escalated soon after its due time, as it would have been, and not all at once when the demo
// server first starts.
constexpr Timestamp kSlaReplayStepSeconds = 3600;

// The gesture an employee would pick for a case opened by this rule; the second choice for
// every other case, so each gesture has enough cases to compare.
const char* GestureFor(const std::string& rule, Id case_id) {
  bool other = case_id % 2 == 0;
  if (rule == moments::kLifeEvent) return other ? "handwritten_card" : "flowers";
  if (rule == moments::kHighValueAtRisk) return other ? "voucher" : "flowers";
  if (rule == moments::kEffort) return other ? "free_pickup" : "voucher";
  return other ? "voucher" : "replacement";
}

}  // namespace

Result<CaseSeedSummary> SeedCases(Store& store, moments::MomentsEngine& engine, const Calendar& calendar) {
  CaseSeedSummary summary;
  // Candidates: low answers, strongly negative text, life events and praise; the rules decide.
  std::set<Id> candidates;
  auto rows = store.ScoreRows(RecordFilter{});
  if (!rows.ok()) return rows.status();
  for (const auto& r : *rows) {
    const Answers& a = r.answers;
    bool low = (a.nps && *a.nps <= 4) || (a.csat && *a.csat == 1) || (a.ces && *a.ces <= 2) ||
               (r.sentiment && *r.sentiment <= -0.6);
    bool praise = a.nps && *a.nps == 10 && r.sentiment && *r.sentiment >= 0.8;
    if (low || praise) candidates.insert(r.response_id);
  }
  for (const char* kind : {"life_event", "mention"}) {
    RecordFilter f;
    f.tag_kind = kind;
    PageRequest page{0, kPage};
    for (;;) {
      auto p = store.ListResponses(f, page);
      if (!p.ok()) return p.status();
      for (const auto& r : p->items) candidates.insert(r.id);
      if (!p->next_after_id) break;
      page.after_id = *p->next_after_id;
    }
  }
  auto staff = store.ListEmployees();
  if (!staff.ok()) return staff.status();
  std::map<std::string, Role> role_of;
  for (const auto& e : *staff) role_of[e.external_id] = e.role.value_or(kDefaultRole);
  // In the order the answers came in, so that the SLA clock can be replayed alongside.
  std::vector<Response> responses;
  for (Id id : candidates) {
    auto response = store.GetResponse(id);
    if (!response.ok()) return response.status();
    if (response->has_value()) responses.push_back(std::move(**response));
  }
  std::stable_sort(responses.begin(), responses.end(),
                   [](const Response& a, const Response& b) { return a.submitted_at < b.submitted_at; });
  Timestamp sla_clock = 0;
  for (const Response& r : responses) {
    const Id id = r.id;
    if (r.submitted_at - sla_clock >= kSlaReplayStepSeconds) {
      sla_clock = r.submitted_at;
      auto escalated = moments::EscalateOverdueCases(store, sla_clock);
      if (!escalated.ok()) return escalated.status();
      summary.escalated += static_cast<std::int64_t>(escalated->size());
    }
    ++summary.examined;
    auto detections = engine.OnResponsesCommitted({id}, r.submitted_at + kDetectionDelaySeconds);
    if (!detections.ok()) return detections.status();
    for (const auto& d : *detections) {
      if (!d.case_id) continue;
      ++summary.cases;
      // Close the loop where the data has a follow-up call soon after.
      RecordFilter later;
      later.customer_ref = r.customer_ref;
      later.from = r.submitted_at;
      later.to = r.submitted_at + kFollowUpWindowSeconds;
      auto calls = store.ListInteractions(later, PageRequest{0, 20});
      if (!calls.ok()) return calls.status();
      for (const auto& x : calls->items) {
        if (x.type != InteractionType::kContactPhone || x.employee_ref.empty() || x.occurred_at <= r.submitted_at) continue;
        CaseStore& cases = store.cases();
        PEAKEND_RETURN_IF_ERROR(cases.Claim(*d.case_id, x.employee_ref, x.occurred_at - 600));
        PEAKEND_RETURN_IF_ERROR(cases.Transition(*d.case_id, CaseState::kContacted, x.employee_ref,
                                                 "called the customer", x.occurred_at));
        // Most employees add a gesture from their own budget; a full budget simply means none.
        const moments::Gesture* gesture = engine.config().gestures.Find(GestureFor(d.rule, *d.case_id));
        if (gesture && *d.case_id % kCasesWithoutGesture != 0 && role_of.count(x.employee_ref)) {
          auto spent = cases.SpendGesture({*d.case_id, x.employee_ref, gesture->name, gesture->cost_cents, x.occurred_at,
                                           calendar.PeriodKey(x.occurred_at, Period::kMonth)},
                                          engine.config().budgets.MonthlyCents(role_of[x.employee_ref]));
          if (spent.ok()) ++summary.gestures;
          else if (spent.status().code() != StatusCode::kFailedPrecondition) return spent.status();
        }
        PEAKEND_RETURN_IF_ERROR(cases.Transition(*d.case_id, CaseState::kResolved, x.employee_ref,
                                                 "listened, apologised and solved it", x.occurred_at + 3600));
        ++summary.resolved;
        break;
      }
    }
  }
  return summary;
}

}  // namespace peakend::demo
