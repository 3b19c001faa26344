#include "moments/context.h"

#include <algorithm>

namespace peakend::moments {
namespace {

constexpr Timestamp kSecondsPerDay = 86400;

bool Before(const EarlierResponse& e, const Response& r) {
  return e.id != r.id && (e.at < r.submitted_at || (e.at == r.submitted_at && e.id < r.id));
}

}  // namespace

bool IsContact(InteractionType type) {
  return type == InteractionType::kContactPhone || type == InteractionType::kContactChat ||
         type == InteractionType::kContactEmail || type == InteractionType::kContactVisit;
}

std::vector<std::string> NegativeAspects(const Response& response) {
  std::vector<std::string> out;
  for (const auto& t : response.tags) {
    if (t.kind == "aspect" && t.score < 0 && std::find(out.begin(), out.end(), t.name) == out.end()) {
      out.push_back(t.name);
    }
  }
  return out;
}

MomentContext BuildContext(const Response& r, const CustomerHistory& history, const RuleConfig& config) {
  MomentContext c;
  c.response = r;
  c.customer_segment = history.segment;
  Timestamp window_start = r.submitted_at - static_cast<Timestamp>(config.effort_window_days) * kSecondsPerDay;
  std::vector<std::string> aspects = NegativeAspects(r);

  const EarlierResponse* latest_nps = nullptr;
  int same_journey = 0;
  std::string shared_aspect;
  int same_aspect = 0;
  for (const auto& e : history.responses) {
    if (!Before(e, r)) continue;
    if (e.answers.nps && (!latest_nps || e.at > latest_nps->at || (e.at == latest_nps->at && e.id > latest_nps->id))) {
      latest_nps = &e;
    }
    if (!r.journey_id.empty() && e.journey_id == r.journey_id) {
      if (auto rating = scores::NormalizedRating(e.answers, e.sentiment)) c.journey_moments.push_back({e.at, *rating});
    }
    if (e.at < window_start) continue;
    for (const auto& aspect : e.negative_aspects) {
      if (std::find(aspects.begin(), aspects.end(), aspect) == aspects.end()) continue;
      if (shared_aspect.empty()) shared_aspect = aspect;
      ++same_aspect;
      break;
    }
  }
  if (latest_nps) c.previous_nps = latest_nps->answers.nps;
  std::sort(c.journey_moments.begin(), c.journey_moments.end(),
            [](const scores::RatedMoment& a, const scores::RatedMoment& b) { return a.at < b.at; });

  // A response about a contact belongs to that contact's journey when it names none itself.
  std::string journey = r.journey_id;
  for (const auto& x : history.contacts) {
    if (journey.empty() && !r.interaction_ref.empty() && x.external_id == r.interaction_ref) journey = x.journey_id;
  }
  for (const auto& x : history.contacts) {
    bool own = !r.interaction_ref.empty() && x.external_id == r.interaction_ref;
    if (own || !IsContact(x.type) || x.at < window_start || x.at > r.submitted_at) continue;
    if (!journey.empty() && x.journey_id == journey) ++same_journey;
  }
  c.repeat_contacts = same_journey + same_aspect;
  if (same_journey > 0) c.repeat_matter = "journey " + journey;
  if (same_aspect > 0) c.repeat_matter += (c.repeat_matter.empty() ? "" : " and ") + ("aspect " + shared_aspect);
  return c;
}

}  // namespace peakend::moments
