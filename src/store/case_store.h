// CaseStore: persistence of moments-of-truth cases — their state machine, audit history,
// notes and the gestures employees spend from their own monthly budget. Every change is kept:
// nothing is deleted, a case only moves forward and closes with a reason.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/status.h"
#include "store/store.h"

namespace peakend {

enum class CaseState { kNew, kInProgress, kContacted, kResolved, kClosed };
std::string_view ToString(CaseState s);
std::optional<CaseState> ParseCaseState(std::string_view s);
// Allowed moves, one step at a time: new -> in_progress -> contacted -> resolved -> closed; any
// state before closed -> closed (with a reason).
bool CanTransition(CaseState from, CaseState to);

struct CaseRecord {
  Id id = 0;
  std::string rule;       // which rule opened it
  int priority = 0;       // 1 = most urgent
  std::string reason;     // why, in words, with the numbers
  std::vector<std::string> suggested_actions;
  CaseState state = CaseState::kNew;
  std::optional<Id> response_id, customer_id, location_id, team_id, assignee_id;
  std::string customer_ref, journey_id, assignee_ref, team_ref;
  Timestamp created_at = 0, due_at = 0;
  std::optional<Timestamp> contacted_at, closed_at;
  std::string close_reason;
  bool escalated = false;  // the SLA was breached and the manager was told
  std::optional<Id> escalated_to_id;  // that manager, when one was found
  std::string escalated_to_ref;
};

struct CaseEvent {
  Timestamp at = 0;
  std::string actor;   // employee external id, or "peakend" for automatic steps
  std::string action;  // "created", "claimed", "transition", "note", "gesture", "escalated"
  std::string from_state, to_state;
  std::string note;
};

// The order of an inbox: most urgent first (priority, then the earliest due time), or in the
// order the cases were opened.
enum class CaseOrder { kCreated, kUrgency };

// Where a page of a kUrgency listing continues: after the last case of the previous page.
struct UrgencyCursor {
  int priority = 0;
  Timestamp due_at = 0;
  Id id = 0;
};

struct CaseFilter {
  std::string state, rule, team_ref, assignee_ref, customer_ref;
  std::string location_ref;  // the location of the response that opened the case
  std::optional<Timestamp> created_from, created_to;  // opened in [from, to)
  std::string escalated_to_ref;  // a manager's escalations
  std::optional<Id> response_id;  // the case a response opened
  // true: only open cases past their due time at `now`; false: only the others (closed, or
  // still within their time); unset: both.
  std::optional<bool> overdue;
  Timestamp now = 0;  // for overdue
  CaseOrder order = CaseOrder::kCreated;  // kCreated pages by PageRequest::after_id
  std::optional<UrgencyCursor> after_urgency;  // kUrgency pages by this instead
};

struct GestureSpend {
  Id case_id = 0;
  std::string employee_ref;
  std::string gesture;
  std::int64_t cost_cents = 0;
  Timestamp at = 0;
  // The budget month it is spent from ("2026-03"), the organisation's month of `at`
  // (Calendar::PeriodKey); empty: the UTC month of `at`.
  std::string month;
};

// One webhook message and what became of it (the delivery log).
struct OutboxMessage {
  Id id = 0;
  // "case.created"; "case.changed" (its body's "change": claimed, note, gesture, transition,
  // escalated); "case.resolved"; "case.closed"
  std::string event;
  Id case_id = 0;
  std::string body;   // JSON
  Timestamp created_at = 0;
  int attempts = 0;
  Timestamp next_attempt_at = 0;
  std::optional<Timestamp> delivered_at;
  bool failed = false;  // gave up after the last retry
  std::optional<int> last_status;
  std::string last_error;
};

class CaseStore {
 public:
  virtual ~CaseStore() = default;
  virtual Result<Id> CreateCase(const CaseRecord& record, const std::string& story_note) = 0;
  // Creates the case unless its customer already has an open case for the same journey created
  // since `since`; check and insert are one atomic step, also between server processes. Returns
  // the new case's id, or nothing when one was open already.
  virtual Result<std::optional<Id>> CreateCaseUnlessOpen(const CaseRecord& record, const std::string& story_note,
                                                         Timestamp since) = 0;
  virtual Result<Page<CaseRecord>> ListCases(const CaseFilter& filter, const PageRequest& page) = 0;
  virtual Result<std::optional<CaseRecord>> GetCase(Id id) = 0;
  virtual Result<std::vector<CaseEvent>> CaseEvents(Id id) = 0;
  // The histories of several cases, each as CaseEvents gives it, read together (an export reads
  // a page of cases' at a time rather than one case's at a time). A case without events, or
  // unknown, is left out.
  virtual Result<std::map<Id, std::vector<CaseEvent>>> CaseHistories(const std::vector<Id>& case_ids) = 0;
  // The open case of this customer and journey created since `since`, if any (for de-duplication).
  virtual Result<std::optional<Id>> OpenCaseFor(Id customer_id, const std::string& journey_id, Timestamp since) = 0;
  virtual Status Claim(Id case_id, const std::string& employee_ref, Timestamp at) = 0;
  virtual Status Transition(Id case_id, CaseState to, const std::string& actor, const std::string& note,
                            Timestamp at) = 0;
  virtual Status AddNote(Id case_id, const std::string& actor, const std::string& note, Timestamp at) = 0;
  // Spends from the employee's budget for the month of `at`, atomically: fails with
  // FailedPrecondition (field "gesture") when the spend would exceed `monthly_budget_cents`; a
  // gesture that costs nothing is always given. Returns what is left, never below 0 (a budget
  // lowered below what was spent has nothing left).
  virtual Result<std::int64_t> SpendGesture(const GestureSpend& spend, std::int64_t monthly_budget_cents) = 0;
  // What the employee has spent in the budget month `month` ("2026-03").
  virtual Result<std::int64_t> SpentInMonth(const std::string& employee_ref, const std::string& month) = 0;
  virtual Result<std::vector<GestureSpend>> Spends(Timestamp from, Timestamp to) = 0;
  // Marks open cases past their due time as escalated, to the manager `manager_of` names for
  // each (none: escalated without one), records it in their history and announces it to
  // webhook receivers; returns their ids. Cases of the rules `not_escalated` are left as they are.
  using ManagerOf = std::function<std::optional<Employee>(const CaseRecord&)>;
  virtual Result<std::vector<Id>> EscalateOverdue(Timestamp now, const ManagerOf& manager_of,
                                                  const std::vector<std::string>& not_escalated) = 0;

  // The webhook outbox: messages due for (re)delivery, and recording an attempt.
  virtual Result<std::vector<OutboxMessage>> DueMessages(Timestamp now, int limit) = 0;
  virtual Status RecordAttempt(Id message_id, bool delivered, std::optional<int> http_status, const std::string& error,
                               Timestamp at, Timestamp next_attempt_at, bool give_up) = 0;
  virtual Result<std::vector<OutboxMessage>> RecentMessages(int limit) = 0;

  // Responses committed with WriteRequest::awaits_detection that the detector has not finished
  // with, with ids above `after_id`, at most `limit`, by ascending id: what a stop left
  // unlooked-at, for the next start.
  virtual Result<std::vector<Id>> ResponsesAwaitingDetection(Id after_id, std::size_t limit) = 0;
  // The detector has looked at these responses (opened their cases, or found none to open).
  virtual Status DetectionDone(const std::vector<Id>& response_ids) = 0;
};

}  // namespace peakend
