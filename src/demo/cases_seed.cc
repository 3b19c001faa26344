#include "demo/cases_seed.h"

#include <set>

#include "store/case_store.h"

namespace peakend::demo {
namespace {
constexpr Timestamp kDetectionDelaySeconds = 600;  // the case opens ten minutes after the answer
constexpr Timestamp kFollowUpWindowSeconds = 3 * 86400;
constexpr int kPage = 1000;
}  // namespace

Result<CaseSeedSummary> SeedCases(Store& store, moments::MomentsEngine& engine) {
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
  for (Id id : candidates) {
    auto response = store.GetResponse(id);
    if (!response.ok()) return response.status();
    if (!response->has_value()) continue;
    ++summary.examined;
    auto detections = engine.OnResponsesCommitted({id}, (*response)->submitted_at + kDetectionDelaySeconds);
    if (!detections.ok()) return detections.status();
    for (const auto& d : *detections) {
      if (!d.case_id) continue;
      ++summary.cases;
      // Close the loop where the data has a follow-up call soon after.
      const Response& r = **response;
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
