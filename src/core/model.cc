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

}  // namespace peakend
