#include "app/app.h"

namespace peakend {

App::~App() {
  if (writer) writer->Stop();  // drain: every accepted write is committed before exit
  detector.reset();            // and every committed response is looked at for moments of truth
}

Result<text::AnalyzerOptions> AnalyzerOptionsFromSettings(const Config& config) {
  text::AnalyzerOptions options;
  options.data_dir = config.Get("text.data_dir");
  options.model_file = config.Get("text.model");
  options.topics_file = config.Get("text.topics");
  options.extra_lexicons = config.GetList("text.lexicons");
  auto blend = config.GetDouble("text.model_blend");
  if (!blend.ok()) return blend.status();
  options.model_blend = *blend;
  return options;
}

Result<std::unique_ptr<App>> OpenApp(const Config& config, OpenMode mode) {
  auto app = std::make_unique<App>();
  app->config = config;
  auto calendar = Calendar::InZone(config.Get("time_zone"));
  if (!calendar.ok()) return calendar.status();
  app->calendar = *calendar;
  auto store = Store::Open(config.Get("database"), mode);
  if (!store.ok()) return store.status();
  app->store = std::move(store).value();
  app->writer = std::make_unique<Writer>(*app->store);
  auto text_enabled = config.GetBool("text.enabled");
  if (!text_enabled.ok()) return text_enabled.status();
  if (*text_enabled) {
    auto options = AnalyzerOptionsFromSettings(config);
    if (!options.ok()) return options.status();
    auto analyzer = text::Analyzer::Load(*options);
    if (!analyzer.ok()) return analyzer.status();
    app->analyzer = std::move(analyzer).value();
  }
  app->enricher = std::make_unique<ResponseEnricher>(*app->store, app->analyzer.get());
  auto moments_config = moments::MomentsConfigFromSettings(config);
  if (!moments_config.ok()) return moments_config.status();
  app->moments = std::make_unique<moments::MomentsEngine>(*app->store, std::move(moments_config).value());
  app->detector = std::make_unique<moments::Detector>(*app->moments, &app->store->cases());
  return app;
}

}  // namespace peakend
