#include "core/model.h"

#include <array>

namespace peakend {
namespace {

template <typename E, std::size_t N>
std::optional<E> ParseName(std::string_view s, const std::array<std::pair<std::string_view, E>, N>& table) {
  for (const auto& [name, value] : table) {
    if (name == s) return value;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<std::string_view, LocationKind>, 6> kLocationKinds{{
    {"shop", LocationKind::kShop}, {"webshop", LocationKind::kWebshop},
    {"contact_centre", LocationKind::kContactCentre}, {"fuel_station", LocationKind::kFuelStation},
    {"hotel", LocationKind::kHotel}, {"other", LocationKind::kOther}}};
constexpr std::array<std::pair<std::string_view, Role>, 3> kRoles{{
    {"employee", Role::kEmployee}, {"manager", Role::kManager}, {"admin", Role::kAdmin}}};
constexpr std::array<std::pair<std::string_view, InteractionType>, 9> kInteractionTypes{{
    {"order", InteractionType::kOrder}, {"delivery", InteractionType::kDelivery},
    {"return", InteractionType::kReturn}, {"contact_phone", InteractionType::kContactPhone},
    {"contact_chat", InteractionType::kContactChat}, {"contact_email", InteractionType::kContactEmail},
    {"contact_visit", InteractionType::kContactVisit}, {"shop_visit", InteractionType::kShopVisit},
    {"other", InteractionType::kOther}}};
constexpr std::array<std::pair<std::string_view, InteractionType>, 5> kInteractionAliases{{
    {"phone", InteractionType::kContactPhone}, {"chat", InteractionType::kContactChat},
    {"email", InteractionType::kContactEmail}, {"visit", InteractionType::kShopVisit},
    {"contact_centre_visit", InteractionType::kContactVisit}}};
constexpr std::array<std::pair<std::string_view, ResponseChannel>, 4> kChannels{{
    {"web", ResponseChannel::kWeb}, {"kiosk", ResponseChannel::kKiosk},
    {"api", ResponseChannel::kApi}, {"import", ResponseChannel::kImport}}};

template <typename E, std::size_t N>
std::string_view NameOf(E v, const std::array<std::pair<std::string_view, E>, N>& table) {
  for (const auto& [name, value] : table) {
    if (value == v) return name;
  }
  return "other";
}

}  // namespace

std::string_view ToString(LocationKind v) { return NameOf(v, kLocationKinds); }
std::string_view ToString(Role v) { return NameOf(v, kRoles); }
std::string_view ToString(InteractionType v) { return NameOf(v, kInteractionTypes); }
std::string_view ToString(ResponseChannel v) { return NameOf(v, kChannels); }
std::optional<LocationKind> ParseLocationKind(std::string_view s) { return ParseName(s, kLocationKinds); }
std::optional<Role> ParseRole(std::string_view s) { return ParseName(s, kRoles); }
std::optional<InteractionType> ParseInteractionType(std::string_view s) {
  if (auto v = ParseName(s, kInteractionTypes)) return v;
  return ParseName(s, kInteractionAliases);
}
std::optional<ResponseChannel> ParseResponseChannel(std::string_view s) { return ParseName(s, kChannels); }

std::string InteractionTypeNames() {
  std::string out;
  for (const auto& [name, value] : kInteractionTypes) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

void AnswerTally::Scale::Add(int value, int low, int high, int top_from, int bottom_to) {
  if (value < low || value > high) {
    ++out_of_range;
    return;
  }
  ++n;
  sum += value;
  sum_sq += value * value;
  top += value >= top_from;
  bottom += value <= bottom_to;
}

void AnswerTally::Scale::Add(const Scale& o) {
  n += o.n;
  sum += o.sum;
  sum_sq += o.sum_sq;
  top += o.top;
  bottom += o.bottom;
  out_of_range += o.out_of_range;
}

void AnswerTally::Add(const Answers& a) {
  ++responses;
  if (a.nps) {
    int v = *a.nps;
    if (v < 0 || v > 10) ++nps_out_of_range;
    else ++nps[v >= 9 ? 2 : v >= 7 ? 1 : 0];
  }
  if (a.csat) csat.Add(*a.csat, kCsatLowest, kCsatHighest, 4, 0);  // CSAT has no bottom box
  if (a.ces) ces.Add(*a.ces, kCesLowest, kCesHighest, 5, 3);
  bool any_e = false;
  const std::optional<int>* es[3] = {&a.effectiveness, &a.ease, &a.emotion};
  for (int which = 0; which < 3; ++which) {
    if (!*es[which] || **es[which] < 1 || **es[which] > 5) continue;
    int v = **es[which];
    ++e[which][v >= 4 ? 2 : v >= 3 ? 1 : 0];
    any_e = true;
  }
  cx_n += any_e;
}

void AnswerTally::Add(const AnswerTally& o) {
  responses += o.responses;
  for (int k = 0; k < 3; ++k) nps[k] += o.nps[k];
  nps_out_of_range += o.nps_out_of_range;
  csat.Add(o.csat);
  ces.Add(o.ces);
  for (int which = 0; which < 3; ++which) {
    for (int k = 0; k < 3; ++k) e[which][k] += o.e[which][k];
  }
  cx_n += o.cx_n;
}

}  // namespace peakend
