// MomentsEngine: after responses are committed, looks at each one in its context (earlier
// answers of the customer, the journey, repeated contacts, the customer's segment), opens at
// most one case per customer and journey, routes it to someone who can act, and sets its SLA.
// Safe to call from one thread at a time (the Detector's); the store does its own locking.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/status.h"
#include "moments/context.h"
#include "moments/moments_config.h"
#include "moments/routing.h"
#include "moments/rules.h"
#include "store/case_store.h"
#include "store/store.h"

namespace peakend::moments {

struct Detection {
  Id response_id = 0;
  std::optional<Id> case_id;  // set when a case was opened
  std::string rule;           // the first rule that fired, empty when none did
};

class MomentsEngine {
 public:
  explicit MomentsEngine(Store& store, MomentsConfig config = {}) : store_(store), config_(std::move(config)) {}

  // Evaluates the rules for newly committed responses; returns what it found, in order.
  Result<std::vector<Detection>> OnResponsesCommitted(const std::vector<Id>& response_ids, Timestamp now);

  const MomentsConfig& config() const { return config_; }
  const RuleConfig& rules() const { return config_.rules; }

 private:
  Result<CustomerHistory> HistoryOf(const Response& response);
  // Employees and teams, re-read when this process committed a change to them (an HR sync
  // moves someone: their next case goes to the new team) and otherwise at most every
  // limits::kDirectoryRefreshSeconds: routing needs them for every case and they change rarely.
  Status RefreshDirectory(Timestamp now);

  Store& store_;
  MomentsConfig config_;
  Directory directory_;
  Timestamp directory_loaded_at_ = 0;
  std::uint64_t directory_version_ = 0;  // the store's organisation_version() it was read at
};

// The organisation's employees and teams, as routing and claiming need them.
Result<Directory> ReadDirectory(Store& store);

// An employee takes a case: allowed for members of the case's team, managers and admins (and
// anyone when the case belongs to no team). Unknown employees and cases are NotFound. A case
// another employee has already claimed is theirs (FailedPrecondition) unless a manager or admin
// takes it over.
Status ClaimCase(Store& store, Id case_id, const std::string& employee_ref, Timestamp at);

// A case moved or noted by `employee_ref`, who must be one of the organisation's employees, so
// that the history names someone who exists. An unknown employee is NotFound with field "by".
Status MoveCase(Store& store, Id case_id, CaseState to, const std::string& employee_ref, const std::string& note,
                Timestamp at);
Status AddCaseNote(Store& store, Id case_id, const std::string& employee_ref, const std::string& note, Timestamp at);

// A listing's filter that names a state or rule that does not exist is a typo, not an empty
// inbox: InvalidArgument naming the field and the accepted values.
[[nodiscard]] Status CheckCaseFilter(const CaseFilter& filter);

// A name a case filter gives that the store does not have: cases are matched by these names,
// so a typo would otherwise read as an empty inbox or an empty export.
struct UnknownReference {
  std::string kind;   // "location", "team", "employee" or "customer"
  std::string ref;    // the external id asked for
  std::string param;  // the filter that names it: "location", "team", "assignee", "escalated_to", "customer"
};
// The first such name of `filter`, or none.
[[nodiscard]] Result<std::optional<UnknownReference>> FindUnknownReference(Store& store, const CaseFilter& filter);

// The SLA clock's step: every open case past its due time is escalated to the manager of its
// team (else of its location), who sees it in their inbox (`escalated_to`) and is announced to
// webhook receivers. Returns the escalated case ids.
Result<std::vector<Id>> EscalateOverdueCases(Store& store, Timestamp now);

}  // namespace peakend::moments
