#include "app/app.h"

#include <algorithm>

namespace peakend {
namespace {

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace

App::~App() {
  if (writer) writer->Stop();  // drain: every accepted write is committed before exit
}

Result<std::unique_ptr<App>> OpenApp(const Config& config) {
  auto app = std::make_unique<App>();
  app->config = config;
  auto store = Store::Open(config.Get("database"));
  if (!store.ok()) return store.status();
  app->store = std::move(store).value();
  app->writer = std::make_unique<Writer>(*app->store);
  if (config.GetBool("text.enabled")) {
    text::AnalyzerOptions options;
    options.data_dir = config.Get("text.data_dir");
    options.model_file = config.Get("text.model");
    options.topics_file = config.Get("text.topics");
    for (const auto& file : SplitList(config.Get("text.lexicons"))) options.extra_lexicons.push_back(file);
    auto blend = config.GetDouble("text.model_blend");
    if (!blend.ok()) return blend.status();
    options.model_blend = *blend;
    auto analyzer = text::Analyzer::Load(options);
    if (!analyzer.ok()) return analyzer.status();
    app->analyzer = std::move(analyzer).value();
  }
  app->enricher = std::make_unique<ResponseEnricher>(*app->store, app->analyzer.get());
  moments::RuleConfig rules;
  for (const auto& rule : SplitList(config.Get("moments.disabled"))) {
    const auto& known = moments::RuleNames();
    if (std::find(known.begin(), known.end(), rule) == known.end()) {
      return Status::InvalidArgument("moments.disabled names an unknown rule '" + rule + "'; rules are very_bad_experience, "
                                     "high_value_at_risk, fall, life_event, effort and praise", "moments.disabled");
    }
    rules.disabled.insert(rule);
  }
  for (auto [key, target] : {std::pair{"moments.detractor_sla_hours", &rules.detractor_sla_hours},
                             std::pair{"moments.sla_hours", &rules.default_sla_hours},
                             std::pair{"moments.dedupe_days", &rules.dedupe_window_days}}) {
    auto value = config.GetInt(key, 1, 24 * 365);
    if (!value.ok()) return value.status();
    *target = static_cast<int>(*value);
  }
  auto business = moments::ParseBusinessHours(config.Get("moments.business_hours"));
  if (!business.ok()) return business.status();
  rules.business_hours = *business;
  app->moments = std::make_unique<moments::MomentsEngine>(*app->store, rules);
  return app;
}

}  // namespace peakend
