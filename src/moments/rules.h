// Rules that recognise a moment of truth in a newly stored response — a very bad experience,
// a fall, repeated effort, a life event, a peak of praise, a valued customer at risk — each
// saying why it fired. Pure functions over the response and what is known around it.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/model.h"
#include "moments/sla.h"

namespace peakend::moments {

// Defaults are the documented starting point; every threshold can be tuned per organisation.
struct RuleConfig {
  std::set<std::string> disabled;      // rule names switched off
  int very_bad_nps_max = 4;            // NPS 0..4
  int very_bad_ces_max = 2;            // CES 1..2
  double very_bad_sentiment = -0.6;    // strongly negative text
  double end_drop = 0.8;               // journey end this much below its middle (on -1..+1)
  int effort_window_days = 7;          // repeated contact within N days
  double praise_sentiment = 0.6;       // strong positive text
  int praise_nps_min = 9;
  std::set<std::string> high_value_segments = {"gold", "platinum", "vip"};
  int dedupe_window_days = 14;         // one open case per customer and journey in this window
  int detractor_sla_hours = 24;
  int default_sla_hours = 72;
  BusinessHours business_hours;  // SLA hours count only these (default: every hour)
};

// What is known around the response when it arrives.
struct MomentContext {
  Response response;                          // as stored, with analysis tags
  std::optional<int> previous_nps;            // the customer's last NPS before this one
  std::vector<double> journey_ratings;        // earlier rated moments of the journey, -1..+1, in time order
  std::optional<double> this_rating;          // this response on -1..+1
  int contacts_in_effort_window = 0;          // the customer's other contacts in the window
  std::string customer_segment;
};

struct RuleHit {
  std::string rule;
  int priority = 0;  // 1 = most urgent
  std::string reason;
  std::vector<std::string> suggested_actions;
  int sla_hours = 72;
};

// Every rule that fires, most urgent first. The engine opens one case for the first.
std::vector<RuleHit> Evaluate(const MomentContext& context, const RuleConfig& config = {});

const std::vector<std::string>& RuleNames();

}  // namespace peakend::moments
