#include "moments/rules.h"

#include <algorithm>
#include <cstdio>
#include <numeric>

namespace peakend::moments {
namespace {

std::string Format(const char* fmt, double a, double b = 0) {
  char buf[256];
  std::snprintf(buf, sizeof buf, fmt, a, b);
  return buf;
}

bool HasTag(const Response& r, const char* kind) {
  return std::any_of(r.tags.begin(), r.tags.end(), [&](const Tag& t) { return t.kind == kind; });
}

const Tag* FirstTag(const Response& r, const char* kind) {
  for (const auto& t : r.tags) {
    if (t.kind == kind) return &t;
  }
  return nullptr;
}

}  // namespace

const std::vector<std::string>& RuleNames() {
  static const std::vector<std::string> names = {"very_bad_experience", "high_value_at_risk", "fall",
                                                 "life_event",          "effort",             "praise"};
  return names;
}

std::vector<RuleHit> Evaluate(const MomentContext& c, const RuleConfig& cfg) {
  std::vector<RuleHit> hits;
  const Response& r = c.response;
  const Answers& a = r.answers;
  auto enabled = [&](const char* rule) { return cfg.disabled.count(rule) == 0; };
  bool negative_text = r.sentiment && *r.sentiment <= cfg.very_bad_sentiment;
  bool detractor = a.nps && *a.nps <= 6;

  // A very bad experience: the lowest answers on any scale, or strongly negative words.
  std::string why;
  if (a.nps && *a.nps <= cfg.very_bad_nps_max) why = "NPS " + std::to_string(*a.nps);
  else if (a.csat && *a.csat == 1) why = "CSAT 1 of 5";
  else if (a.ces && *a.ces <= cfg.very_bad_ces_max) why = "CES " + std::to_string(*a.ces) + " of 7 (very hard)";
  else if ((a.effectiveness && *a.effectiveness == 1) || (a.ease && *a.ease == 1) || (a.emotion && *a.emotion == 1)) {
    why = "an E answered 1 of 5";
  } else if (negative_text) {
    why = Format("strongly negative comment (sentiment %.2f)", *r.sentiment);
  }
  if (!why.empty() && enabled("very_bad_experience")) {
    hits.push_back({"very_bad_experience", 1, "Very bad experience: " + why + ".",
                    {"Call the customer today; listen first, then explain what you will do.",
                     "Fix the cause on the spot where you can (replacement, refund, pickup).",
                     "Consider a personal gesture from your budget."},
                    cfg.detractor_sla_hours});
  }

  bool high_value = cfg.high_value_segments.count(c.customer_segment) > 0;
  if (high_value && (detractor || negative_text || (a.csat && *a.csat <= 2)) && enabled("high_value_at_risk")) {
    hits.push_back({"high_value_at_risk", 1, "A " + c.customer_segment + " customer is unhappy.",
                    {"Call personally within the day.", "Offer a meaningful gesture; no approval needed."},
                    cfg.detractor_sla_hours});
  }

  // A fall: from promoter to detractor, or a journey that ends far below its middle.
  if (enabled("fall")) {
    if (c.previous_nps && *c.previous_nps >= 9 && detractor) {
      hits.push_back({"fall",
                      2,
                      "Was a promoter (NPS " + std::to_string(*c.previous_nps) + "), now a detractor (NPS " +
                          std::to_string(*a.nps) + ").",
                      {"Find out what changed since the last contact.", "Call and acknowledge the earlier good experience."},
                      cfg.detractor_sla_hours});
    } else if (c.this_rating && c.journey_ratings.size() >= 1) {
      double middle = std::accumulate(c.journey_ratings.begin(), c.journey_ratings.end(), 0.0) / c.journey_ratings.size();
      if (middle - *c.this_rating >= cfg.end_drop) {
        hits.push_back({"fall", 2,
                        Format("The journey ends badly (%.2f) after a good middle (%.2f): the end is what is remembered.",
                               *c.this_rating, middle),
                        {"Repair the end: call, and close the journey on a good note.", "Check what went wrong in the last step."},
                        cfg.detractor_sla_hours});
      }
    }
  }

  if (const Tag* event = FirstTag(r, "life_event"); event && enabled("life_event")) {
    const Tag* circumstance = FirstTag(r, "circumstance");
    hits.push_back({"life_event", 2,
                    "The customer mentions " + event->name + ": \"" + event->phrase + "\"" +
                        (circumstance ? " (" + circumstance->phrase + ")" : "") + ".",
                    {"Show humanity, not sales: acknowledge what they are going through.",
                     "A handwritten card or flowers may fit; use your judgement.",
                     "Note it in the customer's context so colleagues know."},
                    cfg.default_sla_hours});
  }

  if (c.contacts_in_effort_window >= 1 && (detractor || (a.ces && *a.ces <= 3) || negative_text) && enabled("effort")) {
    hits.push_back({"effort", 3,
                    "Contacted us " + std::to_string(c.contacts_in_effort_window + 1) + " times within " +
                        std::to_string(cfg.effort_window_days) + " days about the same matter.",
                    {"Take ownership: one person solves it end to end.", "Call before they have to contact us again."},
                    cfg.detractor_sla_hours});
  }

  bool praise = (a.nps && *a.nps >= cfg.praise_nps_min && r.sentiment && *r.sentiment >= cfg.praise_sentiment) ||
                (HasTag(r, "mention") && r.sentiment && *r.sentiment >= cfg.praise_sentiment);
  if (praise && hits.empty() && enabled("praise")) {
    const Tag* mention = FirstTag(r, "mention");
    hits.push_back({"praise", 4,
                    mention ? "Praise naming employee " + mention->name + ": \"" + mention->phrase + "\""
                            : Format("Strong praise (NPS %.0f, sentiment %.2f).", a.nps.value_or(0), r.sentiment.value_or(0)),
                    {"Share it with the team and thank the employee personally.", "Tell the customer you passed it on."},
                    cfg.default_sla_hours});
  }
  std::stable_sort(hits.begin(), hits.end(), [](const RuleHit& x, const RuleHit& y) { return x.priority < y.priority; });
  return hits;
}

}  // namespace peakend::moments
