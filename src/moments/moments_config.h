// An organisation's moments-of-truth settings: which rules run and how they are tuned, the
// gesture catalogue and the monthly budgets. Read from a JSON document; every key is optional
// and falls back to the documented default:
//
//   {
//     "dedupe_days": 14,                 one open case per customer and journey in this window
//     "detractor_sla_hours": 24,         rules about an unhappy customer
//     "default_sla_hours": 72,           life events and praise
//     "business_hours": "mon-fri 09:00-17:00 Europe/Amsterdam",   or "always"
//     "holidays": ["nl", "2026-12-24"],  public holidays of a country and own closing days
//     "rules": {
//       "<rule>": {"enabled": true, "priority": 1, "sla_hours": 24, "actions": ["..."]},
//       "very_bad_experience": {"nps_max": 4, "csat_max": 1, "ces_max": 2, "e_max": 1, "sentiment_max": -0.6},
//       "high_value_at_risk": {"segments": ["gold", "platinum", "vip", "high_value"]},
//       "fall": {"promoter_min": 9, "detractor_max": 6, "end_drop": 0.8, "good_middle_min": 0.2},
//       "effort": {"window_days": 7, "min_repeats": 1},
//       "praise": {"nps_min": 9, "sentiment_min": 0.6},
//       "life_event": {}
//     },
//     "gestures": [{"name": "flowers", "description": "a bouquet delivered at home", "cost_cents": 3500}, ...],
//     "monthly_budget_cents": {"employee": 15000, "manager": 40000, "admin": 40000}
//   }
//
// Rules are very_bad_experience, high_value_at_risk, fall, life_event, effort and praise. A
// "gestures" list replaces the whole default catalogue. Unknown keys are errors, so a typo is
// never silently ignored.
#pragma once

#include <string>

#include "core/config.h"
#include "core/status.h"
#include "moments/budget.h"
#include "moments/rules.h"

namespace peakend::moments {

struct MomentsConfig {
  RuleConfig rules;
  GestureCatalogue gestures = GestureCatalogue::Defaults();
  BudgetPolicy budgets;
};

// Parses the JSON document above on top of `base`. Errors name the key path and the range.
Result<MomentsConfig> ParseMomentsConfig(const std::string& json_text, MomentsConfig base = {});

// The settings of a running Peakend: moments.disabled, moments.detractor_sla_hours,
// moments.sla_hours, moments.dedupe_days, moments.business_hours,
// moments.holidays, then the JSON file named by moments.config (when set) on top.
Result<MomentsConfig> MomentsConfigFromSettings(const Config& settings);

// moments.import_days: how many days back `peakend import` looks for moments of truth.
[[nodiscard]] Result<int> ImportDetectionDays(const Config& settings);

}  // namespace peakend::moments
