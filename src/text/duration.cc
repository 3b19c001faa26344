#include "text/duration.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <string_view>
#include <utility>

#include "core/strings.h"

namespace peakend::text {
namespace {

constexpr double kMinutesPerHour = 60, kMinutesPerDay = 24 * kMinutesPerHour, kMinutesPerWeek = 7 * kMinutesPerDay,
                 kMinutesPerMonth = 30 * kMinutesPerDay;
// "uren gewacht", "waited hours": a plural unit without an amount is at least two.
constexpr double kUnstatedPluralAmount = 2;

struct Unit {
  std::string_view word;
  double minutes;
  bool plural;
};
constexpr std::array<Unit, 32> kUnits = {{
    {"min", 1, false},       {"mins", 1, false},         {"minute", 1, false},
    {"minutes", 1, false},   {"minuut", 1, false},       {"minuten", 1, false},
    {"minuutjes", 1, false}, {"kwartier", 15, false},    {"uur", kMinutesPerHour, false},
    {"uren", kMinutesPerHour, true},     {"uurtje", kMinutesPerHour, false},
    {"hour", kMinutesPerHour, false},    {"hours", kMinutesPerHour, true},
    {"hr", kMinutesPerHour, false},      {"hrs", kMinutesPerHour, true},
    {"dag", kMinutesPerDay, false},      {"dagen", kMinutesPerDay, true},
    {"day", kMinutesPerDay, false},      {"days", kMinutesPerDay, true},
    {"week", kMinutesPerWeek, false},    {"weken", kMinutesPerWeek, true},
    {"weeks", kMinutesPerWeek, true},    {"maand", kMinutesPerMonth, false},
    {"maanden", kMinutesPerMonth, true}, {"month", kMinutesPerMonth, false},
    {"months", kMinutesPerMonth, true},  {"jaar", 12 * kMinutesPerMonth, false},
    {"year", 12 * kMinutesPerMonth, false}, {"years", 12 * kMinutesPerMonth, true},
    // "een halfuur aanschuiven", "een kwartiertje": the half or quarter is in the word.
    {"halfuur", kMinutesPerHour / 2, false}, {"halfuurtje", kMinutesPerHour / 2, false},
    {"kwartiertje", 15, false},
}};

constexpr std::array<std::pair<std::string_view, double>, 42> kWrittenAmounts = {{
    {"een", 1},      {"één", 1},       {"a", 1},        {"an", 1},        {"one", 1},
    {"half", 0.5},   {"anderhalf", 1.5}, {"twee", 2},   {"two", 2},       {"drie", 3},
    {"three", 3},    {"vier", 4},      {"four", 4},     {"vijf", 5},      {"five", 5},
    {"zes", 6},      {"six", 6},       {"zeven", 7},    {"seven", 7},     {"acht", 8},
    {"eight", 8},    {"negen", 9},     {"nine", 9},     {"tien", 10},     {"ten", 10},
    {"elf", 11},     {"eleven", 11},   {"twaalf", 12},  {"twelve", 12},   {"vijftien", 15},
    {"fifteen", 15}, {"twintig", 20},  {"twenty", 20},  {"dertig", 30},   {"thirty", 30},
    {"veertig", 40}, {"forty", 40},    {"vijftig", 50}, {"fifty", 50},    {"zestig", 60},
    {"sixty", 60},   {"paar", 2},
}};

const Unit* UnitNamed(std::string_view word) {
  // Most words begin with a letter no unit begins with: they need no search.
  if (word.empty() || std::string_view("mkuhdwjy").find(word[0]) == std::string_view::npos) return nullptr;
  auto it = std::find_if(kUnits.begin(), kUnits.end(), [&](const Unit& u) { return u.word == word; });
  return it == kUnits.end() ? nullptr : &*it;
}

// The amount written as `text`: digits ("45", "1,5") or a number word ("drie", "an").
std::optional<double> AmountOf(std::string_view text) {
  for (const auto& [word, amount] : kWrittenAmounts) {
    if (word == text) return amount;
  }
  std::string digits(text);
  std::replace(digits.begin(), digits.end(), ',', '.');
  double value = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc() || end != digits.data() + digits.size() || value < 0) return std::nullopt;
  return value;
}

constexpr std::array<std::string_view, 48> kDateWords = {
    "januari",  "februari", "maart",     "april",    "mei",       "juni",     "juli",     "augustus", "september",
    "oktober",  "november", "december",  "january",  "february",  "march",    "may",      "june",     "july",
    "august",   "october",  "jan",       "feb",      "mrt",       "apr",      "jun",      "jul",      "aug",
    "sep",      "sept",     "okt",       "oct",      "nov",       "dec",      "maandag",  "dinsdag",  "woensdag",
    "donderdag", "vrijdag", "zaterdag",  "zondag",   "monday",    "tuesday",  "wednesday", "thursday", "friday",
    "saturday", "sunday",   "mar"};

}  // namespace

bool IsDateWord(std::string_view lower) {
  std::size_t digits = 0;
  while (digits < lower.size() && lower[digits] >= '0' && lower[digits] <= '9') ++digits;
  if (digits > 0 && digits <= 2 && lower.size() == digits + 2) {
    std::string_view suffix = lower.substr(digits);
    return suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "th";
  }
  return IsOneOf(lower, kDateWords);
}

std::optional<double> MinutesEndingAt(std::span<const TokenView> tokens, std::size_t i) {
  if (i >= tokens.size() || tokens[i].kind != TokenKind::kWord) return std::nullopt;
  std::string_view word = tokens[i].lower;
  // "90min", "2hrs": the amount and the unit as one word.
  std::size_t digits = 0;
  while (digits < word.size() && word[digits] >= '0' && word[digits] <= '9') ++digits;
  if (digits > 0) {
    const Unit* unit = UnitNamed(word.substr(digits));
    if (unit == nullptr) return std::nullopt;
    return *AmountOf(word.substr(0, digits)) * unit->minutes;
  }
  const Unit* unit = UnitNamed(word);
  if (unit == nullptr) return std::nullopt;
  // "een half uur", "half an hour": the half is of the unit either way.
  std::optional<double> amount = i > 0 ? AmountOf(tokens[i - 1].lower) : std::nullopt;
  if (amount && i > 1 && tokens[i - 2].lower == "half" && *amount == 1) amount = 0.5;
  if (amount) return *amount * unit->minutes;
  if (unit->plural) return kUnstatedPluralAmount * unit->minutes;
  return std::nullopt;
}

}  // namespace peakend::text
