#include "app/app.h"

namespace peakend {

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
    auto blend = config.GetDouble("text.model_blend");
    if (!blend.ok()) return blend.status();
    options.model_blend = *blend;
    auto analyzer = text::Analyzer::Load(options);
    if (!analyzer.ok()) return analyzer.status();
    app->analyzer = std::move(analyzer).value();
  }
  app->enricher = std::make_unique<ResponseEnricher>(*app->store, app->analyzer.get());
  app->moments = std::make_unique<moments::MomentsEngine>(*app->store);
  return app;
}

}  // namespace peakend
