// MomentsEngine: after responses are committed, looks at each one in its context (earlier
// answers of the customer, the journey, repeated contacts, the customer's segment), opens at
// most one case per customer and journey, routes it to someone who can act, and sets its SLA.
#pragma once

#include <vector>

#include "core/status.h"
#include "moments/rules.h"
#include "store/case_store.h"
#include "store/store.h"

namespace peakend::moments {

struct Detection {
  Id response_id = 0;
  std::optional<Id> case_id;  // set when a case was opened
  std::string rule;
};

class MomentsEngine {
 public:
  MomentsEngine(Store& store, RuleConfig config = {}) : store_(store), config_(std::move(config)) {}

  // Evaluates the rules for newly committed responses; returns what it opened.
  Result<std::vector<Detection>> OnResponsesCommitted(const std::vector<Id>& response_ids, Timestamp now);

  const RuleConfig& config() const { return config_; }

 private:
  Result<MomentContext> ContextFor(const Response& response);
  Result<std::optional<Id>> Route(const Response& response, const RuleHit& hit, std::optional<Id>& team_id);

  Store& store_;
  RuleConfig config_;
};

}  // namespace peakend::moments
