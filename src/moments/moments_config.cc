#include "moments/moments_config.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "moments/moments_limits.h"
#include "core/strings.h"

namespace peakend::moments {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxHolidayEntryBytes = 10;  // "YYYY-MM-DD"

Status Unknown(const json& object, const std::string& path, std::initializer_list<const char*> known) {
  for (const auto& [key, value] : object.items()) {
    bool ok = false;
    for (const char* k : known) ok = ok || key == k;
    if (ok) continue;
    return Status::InvalidArgument("unknown key '" + key + "' in " + (path.empty() ? "the moments config" : path) +
                                   "; known keys: " + JoinWithCommas(known), path.empty() ? key : path + "." + key);
  }
  return Status::Ok();
}

// Reads object[key] into `out` when present; the value must be an integer in [min, max].
Status ReadInt(const json& object, const std::string& path, const char* key, long long min, long long max,
               auto& out) {
  if (!object.contains(key)) return Status::Ok();
  std::string field = path.empty() ? key : path + "." + key;
  const json& v = object[key];
  if (!v.is_number_integer() || v.get<long long>() < min || v.get<long long>() > max) {
    return Status::InvalidArgument(field + " must be a whole number from " + std::to_string(min) + " to " +
                                   std::to_string(max) + ", not " + v.dump(), field);
  }
  out = static_cast<std::remove_reference_t<decltype(out)>>(v.get<long long>());
  return Status::Ok();
}

Status ReadDouble(const json& object, const std::string& path, const char* key, double min, double max, double& out) {
  if (!object.contains(key)) return Status::Ok();
  std::string field = path.empty() ? key : path + "." + key;
  const json& v = object[key];
  if (!v.is_number() || v.get<double>() < min || v.get<double>() > max) {
    return Status::InvalidArgument(field + " must be a number from " + json(min).dump() + " to " + json(max).dump() +
                                   ", not " + v.dump(), field);
  }
  out = v.get<double>();
  return Status::Ok();
}

Result<std::vector<std::string>> ReadStrings(const json& v, const std::string& field, std::size_t max_items,
                                             std::size_t max_bytes) {
  if (!v.is_array() || v.size() > max_items) {
    return Status::InvalidArgument(field + " must be a list of at most " + std::to_string(max_items) + " strings", field);
  }
  std::vector<std::string> out;
  for (const auto& item : v) {
    if (!item.is_string() || item.get<std::string>().empty() || item.get<std::string>().size() > max_bytes) {
      return Status::InvalidArgument(field + " must hold non-empty strings of at most " + std::to_string(max_bytes) +
                                     " bytes, not " + item.dump(), field);
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

Status ReadRule(const std::string& name, const json& r, RuleConfig& cfg) {
  std::string path = "rules." + name;
  if (!r.is_object()) return Status::InvalidArgument(path + " must be an object", path);
  std::vector<const char*> known = {"enabled", "priority", "sla_hours", "actions"};
  if (name == kVeryBadExperience) known.insert(known.end(), {"nps_max", "csat_max", "ces_max", "e_max", "sentiment_max"});
  if (name == kHighValueAtRisk) known.push_back("segments");
  if (name == kFall) known.insert(known.end(), {"promoter_min", "detractor_max", "end_drop", "good_middle_min"});
  if (name == kEffort) known.insert(known.end(), {"window_days", "min_repeats"});
  if (name == kPraise) known.insert(known.end(), {"nps_min", "sentiment_min"});
  for (const auto& [key, value] : r.items()) {
    if (std::find_if(known.begin(), known.end(), [&](const char* k) { return key == k; }) == known.end()) {
      return Status::InvalidArgument("unknown key '" + key + "' for rule " + name + "; known keys: " + JoinWithCommas(known),
                                     path + "." + key);
    }
  }
  RuleSettings& s = cfg.rules[name];
  if (r.contains("enabled")) {
    if (!r["enabled"].is_boolean()) return Status::InvalidArgument(path + ".enabled must be true or false", path + ".enabled");
    if (r["enabled"].get<bool>()) cfg.disabled.erase(name);
    else cfg.disabled.insert(name);
  }
  int priority = 0, sla = 0;
  if (r.contains("priority")) {
    PEAKEND_RETURN_IF_ERROR(ReadInt(r, path, "priority", 1, limits::kMaxPriority, priority));
    s.priority = priority;
  }
  if (r.contains("sla_hours")) {
    PEAKEND_RETURN_IF_ERROR(ReadInt(r, path, "sla_hours", 1, limits::kMaxSlaHours, sla));
    s.sla_hours = sla;
  }
  if (r.contains("actions")) {
    auto actions = ReadStrings(r["actions"], path + ".actions", limits::kMaxSuggestedActions, limits::kMaxActionBytes);
    if (!actions.ok()) return actions.status();
    s.suggested_actions = *actions;
  }
  PEAKEND_RETURN_IF_ERROR(ReadInt(r, path, "nps_max", 0, 10, cfg.very_bad_nps_max));
  PEAKEND_RETURN_IF_ERROR(ReadInt(r, path, "csat_max", 0, 5, cfg.very_bad_csat_max));
  PEAKEND_RETURN_IF_ERROR(ReadInt(r, path, "ces_max", 0, 7, cfg.very_bad_ces_max));
  PEAKEND_RETURN_IF_ERROR(ReadInt(r, path, "e_max", 0, 5, cfg.very_bad_e_max));
  PEAKEND_RETURN_IF_ERROR(ReadDouble(r, path, "sentiment_max", -1, 1, cfg.very_bad_sentiment));
  PEAKEND_RETURN_IF_ERROR(ReadInt(r, path, "promoter_min", 0, 10, cfg.fall_promoter_min));
  PEAKEND_RETURN_IF_ERROR(ReadInt(r, path, "detractor_max", 0, 10, cfg.fall_detractor_max));
  PEAKEND_RETURN_IF_ERROR(ReadDouble(r, path, "end_drop", 0, 2, cfg.end_drop));
  PEAKEND_RETURN_IF_ERROR(ReadDouble(r, path, "good_middle_min", -1, 1, cfg.good_middle_min));
  PEAKEND_RETURN_IF_ERROR(ReadInt(r, path, "window_days", 1, limits::kMaxWindowDays, cfg.effort_window_days));
  PEAKEND_RETURN_IF_ERROR(ReadInt(r, path, "min_repeats", 1, 100, cfg.effort_min_repeats));
  PEAKEND_RETURN_IF_ERROR(ReadInt(r, path, "nps_min", 0, 10, cfg.praise_nps_min));
  PEAKEND_RETURN_IF_ERROR(ReadDouble(r, path, "sentiment_min", -1, 1, cfg.praise_sentiment));
  if (r.contains("segments")) {
    auto segments = ReadStrings(r["segments"], path + ".segments", limits::kMaxSuggestedActions, limits::kMaxActionBytes);
    if (!segments.ok()) return segments.status();
    cfg.high_value_segments.clear();
    for (const std::string& segment : *segments) cfg.high_value_segments.insert(AsciiLower(TrimSpace(segment)));  // matched in any case
  }
  return Status::Ok();
}

Status ReadGestures(const json& list, MomentsConfig& out) {
  if (!list.is_array()) return Status::InvalidArgument("gestures must be a list of objects", "gestures");
  std::vector<Gesture> gestures;
  for (const auto& g : list) {
    if (!g.is_object()) return Status::InvalidArgument("each gesture must be an object", "gestures");
    PEAKEND_RETURN_IF_ERROR(Unknown(g, "gestures[]", {"name", "description", "cost_cents"}));
    if (!g.contains("name") || !g["name"].is_string()) {
      return Status::InvalidArgument("each gesture needs a \"name\" string", "gestures.name");
    }
    if (g.contains("description") && !g["description"].is_string()) {
      return Status::InvalidArgument("gesture descriptions must be strings", "gestures.description");
    }
    Gesture gesture{g["name"].get<std::string>(), g.value("description", std::string()), -1};
    PEAKEND_RETURN_IF_ERROR(ReadInt(g, "gestures", "cost_cents", 0, limits::kMaxGestureCostCents, gesture.cost_cents));
    if (gesture.cost_cents < 0) {
      return Status::InvalidArgument("gesture '" + gesture.name + "' needs a cost_cents", "gestures.cost_cents");
    }
    gestures.push_back(std::move(gesture));
  }
  auto catalogue = GestureCatalogue::Make(std::move(gestures));
  if (!catalogue.ok()) return catalogue.status();
  out.gestures = std::move(catalogue).value();
  return Status::Ok();
}

}  // namespace

Result<MomentsConfig> ParseMomentsConfig(const std::string& text, MomentsConfig out) {
  if (text.size() > limits::kMaxConfigBytes) {
    return Status::InvalidArgument("the moments config is larger than " + std::to_string(limits::kMaxConfigBytes) + " bytes");
  }
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Status::InvalidArgument("the moments config must be a JSON object (see moments/moments_config.h)");
  }
  PEAKEND_RETURN_IF_ERROR(Unknown(doc, "", {"dedupe_days", "detractor_sla_hours", "default_sla_hours", "business_hours",
                                            "holidays", "rules", "gestures", "monthly_budget_cents"}));
  RuleConfig& cfg = out.rules;
  PEAKEND_RETURN_IF_ERROR(ReadInt(doc, "", "dedupe_days", 0, limits::kMaxWindowDays, cfg.dedupe_window_days));
  PEAKEND_RETURN_IF_ERROR(ReadInt(doc, "", "detractor_sla_hours", 1, limits::kMaxSlaHours, cfg.detractor_sla_hours));
  PEAKEND_RETURN_IF_ERROR(ReadInt(doc, "", "default_sla_hours", 1, limits::kMaxSlaHours, cfg.default_sla_hours));
  if (doc.contains("business_hours")) {
    if (!doc["business_hours"].is_string()) {
      return Status::InvalidArgument("business_hours must be a string such as \"mon-fri 09:00-17:00 Europe/Amsterdam\"",
                                     "business_hours");
    }
    auto hours = ParseBusinessHours(doc["business_hours"].get<std::string>());
    if (!hours.ok()) return Status(hours.status().code(), hours.status().message(), "business_hours");
    hours->holidays = cfg.business_hours.holidays;
    cfg.business_hours = *hours;
  }
  if (doc.contains("holidays")) {
    auto entries = ReadStrings(doc["holidays"], "holidays", limits::kMaxHolidayEntries, kMaxHolidayEntryBytes);
    if (!entries.ok()) return entries.status();
    auto calendar = HolidayCalendar::Parse(*entries);
    if (!calendar.ok()) return calendar.status();
    cfg.business_hours.holidays = std::move(calendar).value();
  }
  if (doc.contains("rules")) {
    if (!doc["rules"].is_object()) return Status::InvalidArgument("rules must be an object keyed by rule name", "rules");
    for (const auto& [name, rule] : doc["rules"].items()) {
      if (!IsKnownRule(name)) {
        return Status::InvalidArgument("unknown rule '" + name + "'; rules are very_bad_experience, high_value_at_risk, "
                                       "fall, life_event, effort and praise", "rules." + name);
      }
      PEAKEND_RETURN_IF_ERROR(ReadRule(name, rule, cfg));
    }
  }
  if (doc.contains("gestures")) PEAKEND_RETURN_IF_ERROR(ReadGestures(doc["gestures"], out));
  if (doc.contains("monthly_budget_cents")) {
    const json& b = doc["monthly_budget_cents"];
    if (!b.is_object()) return Status::InvalidArgument("monthly_budget_cents must be an object keyed by role", "monthly_budget_cents");
    PEAKEND_RETURN_IF_ERROR(Unknown(b, "monthly_budget_cents", {"employee", "manager", "admin"}));
    const std::string path = "monthly_budget_cents";
    PEAKEND_RETURN_IF_ERROR(ReadInt(b, path, "employee", 0, limits::kMaxMonthlyBudgetCents, out.budgets.employee_cents));
    PEAKEND_RETURN_IF_ERROR(ReadInt(b, path, "manager", 0, limits::kMaxMonthlyBudgetCents, out.budgets.manager_cents));
    PEAKEND_RETURN_IF_ERROR(ReadInt(b, path, "admin", 0, limits::kMaxMonthlyBudgetCents, out.budgets.admin_cents));
  }
  return out;
}

Result<MomentsConfig> MomentsConfigFromSettings(const Config& settings) {
  MomentsConfig out;
  RuleConfig& rules = out.rules;
  for (const auto& rule : settings.GetList("moments.disabled")) {
    if (!IsKnownRule(rule)) {
      return Status::InvalidArgument("moments.disabled names an unknown rule '" + rule + "'; rules are very_bad_experience, "
                                     "high_value_at_risk, fall, life_event, effort and praise", "moments.disabled");
    }
    rules.disabled.insert(rule);
  }
  for (auto [key, target, max] : {std::tuple{"moments.detractor_sla_hours", &rules.detractor_sla_hours, limits::kMaxSlaHours},
                                  std::tuple{"moments.sla_hours", &rules.default_sla_hours, limits::kMaxSlaHours},
                                  std::tuple{"moments.dedupe_days", &rules.dedupe_window_days, limits::kMaxWindowDays}}) {
    if (settings.Get(key).empty()) continue;
    auto value = settings.GetInt(key, 1, max);
    if (!value.ok()) return value.status();
    *target = static_cast<int>(*value);
  }
  auto hours = ParseBusinessHours(settings.Get("moments.business_hours"));
  if (!hours.ok()) return hours.status();
  auto calendar = HolidayCalendar::Parse(settings.GetList("moments.holidays"));
  if (!calendar.ok()) return Status(calendar.status().code(), calendar.status().message(), "moments.holidays");
  hours->holidays = std::move(calendar).value();
  rules.business_hours = *hours;
  std::string file = settings.Get("moments.config");
  if (file.empty()) return out;
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return Status::InvalidArgument("cannot read the moments config file '" + file + "'; check moments.config",
                                   "moments.config");
  }
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = ParseMomentsConfig(text.str(), out);
  if (!parsed.ok()) {
    return Status(parsed.status().code(), file + ": " + parsed.status().message(), parsed.status().field());
  }
  return parsed;
}

Result<int> ImportDetectionDays(const Config& settings) {
  auto days = settings.GetInt("moments.import_days", 0, limits::kMaxImportDetectionDays);
  if (!days.ok()) return days.status();
  return static_cast<int>(*days);
}

}  // namespace peakend::moments
