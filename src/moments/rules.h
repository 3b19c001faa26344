// Rules that recognise a moment of truth in a newly stored response — a very bad experience,
// a fall, repeated effort, a life event, a peak of praise, a valued customer at risk — each
// saying why it fired, with the numbers. Pure functions over the response and what is known
// around it (see context.h for how that is gathered from the customer's history).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/model.h"
#include "moments/sla.h"
#include "scores/peak_end.h"

namespace peakend::moments {

inline constexpr const char* kVeryBadExperience = "very_bad_experience";
inline constexpr const char* kHighValueAtRisk = "high_value_at_risk";
inline constexpr const char* kFall = "fall";
inline constexpr const char* kLifeEvent = "life_event";
inline constexpr const char* kEffort = "effort";
inline constexpr const char* kPraise = "praise";

// Every rule, in its default priority order (most urgent first).
const std::vector<std::string>& RuleNames();
bool IsKnownRule(const std::string& name);

// Per-rule settings that every rule shares. Unset values take the rule's default.
struct RuleSettings {
  std::optional<int> priority;   // 1 = most urgent; rules are evaluated and ranked in this order
  std::optional<int> sla_hours;  // hours (of business time) to act
  std::vector<std::string> suggested_actions;  // replaces the default actions when not empty
};

// Defaults are the documented starting point; every threshold can be tuned per organisation
// (rules_config.h reads them from JSON).
struct RuleConfig {
  std::set<std::string> disabled;  // rule names switched off
  std::map<std::string, RuleSettings> rules;

  // very_bad_experience: the lowest answers on any scale, or strongly negative words.
  int very_bad_nps_max = 4;           // NPS 0..4
  int very_bad_csat_max = 1;          // CSAT 1
  int very_bad_ces_max = 2;           // CES 1..2 (7 = very easy)
  int very_bad_e_max = 1;             // any of the three E's at 1
  double very_bad_sentiment = -0.6;   // text sentiment at or below this

  // fall: from promoter to detractor, or a journey whose end is far below its middle.
  int fall_promoter_min = 9;
  int fall_detractor_max = 6;
  double end_drop = 0.8;              // end this far below the mean of the middle, on -1..+1
  double good_middle_min = 0.2;       // the middle must have been good

  // effort: contacting again about the same journey or aspect.
  int effort_window_days = 7;
  int effort_min_repeats = 1;         // earlier contacts about the same matter

  // praise: strong positive feedback, above all naming an employee.
  int praise_nps_min = 9;
  double praise_sentiment = 0.6;

  // high_value_at_risk: a valued customer with any negative signal.
  std::set<std::string> high_value_segments = {"gold", "platinum", "vip", "high_value"};

  int dedupe_window_days = 14;        // one open case per customer and journey in this window
  int detractor_sla_hours = 24;       // rules about an unhappy customer
  int default_sla_hours = 72;         // life events and praise
  BusinessHours business_hours;       // SLA hours count only these (default: every hour)

  bool Enabled(const std::string& rule) const { return disabled.count(rule) == 0; }
  int PriorityOf(const std::string& rule) const;
  int SlaHoursOf(const std::string& rule) const;
  std::vector<std::string> ActionsOf(const std::string& rule) const;
};

// What is known around the response when it arrives.
struct MomentContext {
  Response response;                               // as stored, with its analysis tags
  std::string customer_segment;
  std::optional<int> previous_nps;                 // the customer's latest NPS before this response
  std::vector<scores::RatedMoment> journey_moments;  // earlier rated moments of this journey
  int repeat_contacts = 0;     // earlier contacts about the same matter within the effort window
  std::string repeat_matter;   // what they were about: "journey J7", "aspect delivery"
};

struct RuleHit {
  std::string rule;
  int priority = 0;  // 1 = most urgent
  std::string reason;
  std::vector<std::string> suggested_actions;
  int sla_hours = 0;
};

// Every enabled rule that fires, most urgent first (ties keep RuleNames() order). Praise fires
// only when no rule about an unhappy customer does.
std::vector<RuleHit> Evaluate(const MomentContext& context, const RuleConfig& config = {});

// The default suggested actions of a rule.
const std::vector<std::string>& DefaultActions(const std::string& rule);

// Signals shared by several rules (and by the engine's decision to read history).
bool HasNegativeSignal(const Response& response);
bool HasPositiveSignal(const Response& response);

}  // namespace peakend::moments
