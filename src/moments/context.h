// Turns a customer's history into the context the rules judge a new response in: their
// latest earlier NPS, the earlier rated moments of the same journey, and how often they had to
// contact us again about the same journey or aspect. Pure: the engine reads the history.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/model.h"
#include "moments/rules.h"

namespace peakend::moments {

// One earlier answer of the customer.
struct EarlierResponse {
  Id id = 0;
  Timestamp at = 0;
  std::string journey_id;
  Answers answers;
  std::optional<double> sentiment;
  std::vector<std::string> negative_aspects;  // aspects the comment was negative about
};

// One earlier interaction of the customer.
struct EarlierContact {
  std::string external_id;
  Timestamp at = 0;
  InteractionType type = InteractionType::kOther;
  std::string journey_id;
};

struct CustomerHistory {
  std::string segment;
  std::vector<EarlierResponse> responses;  // any order; may include the response itself
  std::vector<EarlierContact> contacts;    // any order
};

bool IsContact(InteractionType type);

// Aspects the response's comment is negative about.
std::vector<std::string> NegativeAspects(const Response& response);

// Only what happened before the response counts (an earlier time, or the same second and a
// lower id); the response's own interaction is not a repeat contact.
MomentContext BuildContext(const Response& response, const CustomerHistory& history, const RuleConfig& config);

}  // namespace peakend::moments
