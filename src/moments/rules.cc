#include "moments/rules.h"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

#include "core/strings.h"

namespace peakend::moments {
namespace {

// Thresholds of the signals several rules share; the rules' own thresholds are configurable.
constexpr int kDetractorNpsMax = 6;
constexpr int kLowCsatMax = 2;
constexpr int kHardCesMax = 3;
constexpr int kLowEMax = 2;
constexpr double kNegativeTextMax = -0.2;
constexpr int kPromoterNpsMin = 9;
constexpr int kHighCsatMin = 4;
constexpr int kEasyCesMin = 6;
constexpr double kPositiveTextMin = 0.5;

struct RuleDefaults {
  const char* name;
  int priority;
  bool about_unhappy_customer;  // takes the detractor SLA
  std::vector<std::string> actions;
};

const std::vector<RuleDefaults>& Defaults() {
  static const std::vector<RuleDefaults> defaults = {
      {kVeryBadExperience, 1, true,
       {"Call the customer today; listen first, then say what you will do.",
        "Fix the cause on the spot where you can (replacement, refund, pickup).",
        "Consider a personal gesture from your budget."}},
      {kHighValueAtRisk, 1, true,
       {"Call personally within the day.", "Offer a meaningful gesture; no approval needed."}},
      {kFall, 2, true,
       {"Find out what changed since the good experience.",
        "Repair the end: call, and close the journey on a good note."}},
      {kLifeEvent, 2, false,
       {"Show humanity, not sales: acknowledge what they are going through.",
        "A handwritten card or flowers may fit; use your judgement.",
        "Note it in the customer's context so colleagues know before the next contact."}},
      {kEffort, 3, true,
       {"Take ownership: one person solves it end to end.",
        "Call before they have to contact us again."}},
      {kPraise, 4, false,
       {"Thank the employee personally and share the words with the team.",
        "Tell the customer you passed it on."}},
  };
  return defaults;
}

const RuleDefaults& DefaultsOf(const std::string& rule) {
  for (const auto& d : Defaults()) {
    if (rule == d.name) return d;
  }
  return Defaults().front();
}

const Tag* FirstTag(const Response& r, const char* kind) {
  for (const auto& t : r.tags) {
    if (t.kind == kind) return &t;
  }
  return nullptr;
}

std::string Signed(double v) { return fmt::format("{:+.2f}", v); }

// Scores at which the customer called the experience good (a promoter, satisfied, easy).
constexpr int kPromoterNps = 9, kSatisfiedCsat = 4, kEasyCes = 6;

// The facts that make an experience very bad, in words; empty when none holds.
std::vector<std::string> VeryBadFacts(const Response& r, const RuleConfig& cfg) {
  const Answers& a = r.answers;
  std::vector<std::string> facts;
  if (a.nps && *a.nps <= cfg.very_bad_nps_max) facts.push_back(fmt::format("NPS {} (0-{} is very bad)", *a.nps, cfg.very_bad_nps_max));
  if (a.csat && *a.csat <= cfg.very_bad_csat_max) facts.push_back(fmt::format("CSAT {} of 5", *a.csat));
  if (a.ces && *a.ces <= cfg.very_bad_ces_max) facts.push_back(fmt::format("CES {} of 7 (very hard)", *a.ces));
  for (auto [name, value] : {std::pair{"effectiveness", a.effectiveness}, std::pair{"ease", a.ease},
                             std::pair{"emotion", a.emotion}}) {
    if (value && *value <= cfg.very_bad_e_max) facts.push_back(fmt::format("{} {} of 5", name, *value));
  }
  // A promoter's "friendly staff, but parking was a nightmare" is a remark, not a very bad
  // experience: the customer's own score outranks what the comment's words weigh.
  bool scored_good = (a.nps && *a.nps >= kPromoterNps) || (a.csat && *a.csat >= kSatisfiedCsat) ||
                     (a.ces && *a.ces >= kEasyCes);
  if (r.sentiment && *r.sentiment <= cfg.very_bad_sentiment && !scored_good) {
    facts.push_back(fmt::format("strongly negative comment (sentiment {}, threshold {})", Signed(*r.sentiment),
                                Signed(cfg.very_bad_sentiment)));
  }
  return facts;
}

std::string Join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : separator) + p;
  return out;
}

std::optional<RuleHit> VeryBad(const MomentContext& c, const RuleConfig& cfg) {
  auto facts = VeryBadFacts(c.response, cfg);
  if (facts.empty()) return std::nullopt;
  return RuleHit{kVeryBadExperience, 0, "Very bad experience: " + Join(facts, ", ") + ".", {}, 0};
}

std::optional<RuleHit> HighValue(const MomentContext& c, const RuleConfig& cfg) {
  // CRMs write "Gold", "GOLD" and "gold" for one segment.
  // Matched in any case, and without the spaces a CRM export leaves around it ("  Gold ").
  std::string segment = AsciiLower(TrimSpace(c.customer_segment));
  if (segment.empty() || cfg.high_value_segments.count(segment) == 0) return std::nullopt;
  if (!HasNegativeSignal(c.response)) return std::nullopt;
  const Answers& a = c.response.answers;
  std::vector<std::string> signals;
  if (a.nps && *a.nps <= kDetractorNpsMax) signals.push_back(fmt::format("NPS {}", *a.nps));
  if (a.csat && *a.csat <= kLowCsatMax) signals.push_back(fmt::format("CSAT {} of 5", *a.csat));
  if (a.ces && *a.ces <= kHardCesMax) signals.push_back(fmt::format("CES {} of 7", *a.ces));
  if (c.response.sentiment && *c.response.sentiment <= kNegativeTextMax) {
    signals.push_back("negative comment (sentiment " + Signed(*c.response.sentiment) + ")");
  }
  if (signals.empty()) signals.push_back("a low E score");
  return RuleHit{kHighValueAtRisk, 0,
                 "A " + c.customer_segment + " customer is unhappy: " + Join(signals, ", ") + ".", {}, 0};
}

std::optional<RuleHit> Fall(const MomentContext& c, const RuleConfig& cfg) {
  const Answers& a = c.response.answers;
  if (c.previous_nps && *c.previous_nps >= cfg.fall_promoter_min && a.nps && *a.nps <= cfg.fall_detractor_max) {
    return RuleHit{kFall, 0,
                   fmt::format("Was a promoter (NPS {}), now a detractor (NPS {}).", *c.previous_nps, *a.nps), {}, 0};
  }
  // Peak-end: the end of a journey weighs in what is remembered, so a bad end after a good
  // middle spoils the whole journey.
  auto end = scores::NormalizedRating(a, c.response.sentiment);
  if (!end || c.journey_moments.empty()) return std::nullopt;
  double middle = 0;
  for (const auto& m : c.journey_moments) middle += m.rating;
  middle /= static_cast<double>(c.journey_moments.size());
  double drop = middle - *end;
  if (middle < cfg.good_middle_min || drop < cfg.end_drop) return std::nullopt;
  std::vector<scores::RatedMoment> all = c.journey_moments;
  all.push_back({c.response.submitted_at, *end});
  auto remembered = scores::RememberedExperience(all);
  std::string memory = remembered ? fmt::format(" Remembered (peak-end) {} against an average of {}: the end is what stays.",
                                                Signed(remembered->remembered), Signed(remembered->average))
                                  : "";
  return RuleHit{kFall, 0,
                 fmt::format("The journey ends at {} after a middle of {} (a drop of {:.2f}; threshold {:.2f}).",
                             Signed(*end), Signed(middle), drop, cfg.end_drop) + memory,
                 {}, 0};
}

std::optional<RuleHit> LifeEvent(const MomentContext& c, const RuleConfig&) {
  const Tag* event = FirstTag(c.response, "life_event");
  const Tag* circumstance = FirstTag(c.response, "circumstance");
  if (!event && !circumstance) return std::nullopt;
  std::string reason;
  if (event) reason = "The customer mentions " + event->name + ": \"" + event->phrase + "\"";
  if (circumstance) {
    reason += (event ? "; circumstance " : "The customer mentions a circumstance (") + circumstance->name +
              (event ? ": \"" : "): \"") + circumstance->phrase + "\"";
  }
  return RuleHit{kLifeEvent, 0, reason + ".", {}, 0};
}

std::optional<RuleHit> Effort(const MomentContext& c, const RuleConfig& cfg) {
  if (c.repeat_contacts < cfg.effort_min_repeats || HasPositiveSignal(c.response)) return std::nullopt;
  return RuleHit{kEffort, 0,
                 fmt::format("Contacted us {} times within {} days about {}.", c.repeat_contacts + 1,
                             cfg.effort_window_days, c.repeat_matter.empty() ? "the same matter" : c.repeat_matter),
                 {}, 0};
}

std::optional<RuleHit> Praise(const MomentContext& c, const RuleConfig& cfg) {
  const Response& r = c.response;
  if (!r.sentiment || *r.sentiment < cfg.praise_sentiment) return std::nullopt;
  if (const Tag* mention = FirstTag(r, "mention")) {
    return RuleHit{kPraise, 0,
                   "Praise naming employee " + mention->name + " (sentiment " + Signed(*r.sentiment) + "): \"" +
                       mention->phrase + "\".",
                   {}, 0};
  }
  if (!r.answers.nps || *r.answers.nps < cfg.praise_nps_min) return std::nullopt;
  return RuleHit{kPraise, 0,
                 fmt::format("Strong praise: NPS {}, comment sentiment {}.", *r.answers.nps, Signed(*r.sentiment)), {},
                 0};
}

}  // namespace

const std::vector<std::string>& RuleNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& d : Defaults()) out.push_back(d.name);
    return out;
  }();
  return names;
}

bool IsKnownRule(const std::string& name) {
  const auto& names = RuleNames();
  return std::find(names.begin(), names.end(), name) != names.end();
}

const std::vector<std::string>& DefaultActions(const std::string& rule) { return DefaultsOf(rule).actions; }

int RuleConfig::PriorityOf(const std::string& rule) const {
  auto it = rules.find(rule);
  if (it != rules.end() && it->second.priority) return *it->second.priority;
  return DefaultsOf(rule).priority;
}

int RuleConfig::SlaHoursOf(const std::string& rule) const {
  auto it = rules.find(rule);
  if (it != rules.end() && it->second.sla_hours) return *it->second.sla_hours;
  return DefaultsOf(rule).about_unhappy_customer ? detractor_sla_hours : default_sla_hours;
}

std::vector<std::string> RuleConfig::ActionsOf(const std::string& rule) const {
  auto it = rules.find(rule);
  if (it != rules.end() && !it->second.suggested_actions.empty()) return it->second.suggested_actions;
  return DefaultActions(rule);
}

bool HasNegativeSignal(const Response& r) {
  const Answers& a = r.answers;
  auto low_e = [](const std::optional<int>& e) { return e && *e <= kLowEMax; };
  return (a.nps && *a.nps <= kDetractorNpsMax) || (a.csat && *a.csat <= kLowCsatMax) || (a.ces && *a.ces <= kHardCesMax) ||
         low_e(a.effectiveness) || low_e(a.ease) || low_e(a.emotion) || (r.sentiment && *r.sentiment <= kNegativeTextMax);
}

bool HasPositiveSignal(const Response& r) {
  const Answers& a = r.answers;
  return (a.nps && *a.nps >= kPromoterNpsMin) || (a.csat && *a.csat >= kHighCsatMin) || (a.ces && *a.ces >= kEasyCesMin) ||
         (r.sentiment && *r.sentiment >= kPositiveTextMin);
}

std::vector<RuleHit> Evaluate(const MomentContext& c, const RuleConfig& cfg) {
  using RuleFn = std::optional<RuleHit> (*)(const MomentContext&, const RuleConfig&);
  static const std::vector<std::pair<const char*, RuleFn>> rules = {
      {kVeryBadExperience, VeryBad}, {kHighValueAtRisk, HighValue}, {kFall, Fall},
      {kLifeEvent, LifeEvent},       {kEffort, Effort},             {kPraise, Praise}};
  std::vector<RuleHit> hits;
  bool unhappy = false;
  for (const auto& [name, fn] : rules) {
    if (!cfg.Enabled(name)) continue;
    if (std::string(name) == kPraise && unhappy) continue;
    auto hit = fn(c, cfg);
    if (!hit) continue;
    hit->priority = cfg.PriorityOf(name);
    hit->sla_hours = cfg.SlaHoursOf(name);
    hit->suggested_actions = cfg.ActionsOf(name);
    unhappy = unhappy || DefaultsOf(name).about_unhappy_customer;
    hits.push_back(std::move(*hit));
  }
  std::stable_sort(hits.begin(), hits.end(), [](const RuleHit& x, const RuleHit& y) { return x.priority < y.priority; });
  return hits;
}

}  // namespace peakend::moments
