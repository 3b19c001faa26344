#include "app/app.h"

#include <algorithm>
#include <string>
#include <vector>

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
  detector.reset();            // and every committed response is looked at for moments of truth
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
  auto moments_config = moments::MomentsConfigFromSettings(config);
  if (!moments_config.ok()) return moments_config.status();
  app->moments = std::make_unique<moments::MomentsEngine>(*app->store, std::move(moments_config).value());
  app->detector = std::make_unique<moments::Detector>(*app->moments);
  return app;
}

}  // namespace peakend
