// App: everything a running Peakend needs, wired once from the configuration: the store, its
// single writer, the text analyzer and the enricher, the moments engine and its detector. The CLI commands and the HTTP server are
// thin layers over it.
#pragma once

#include <memory>

#include "app/enricher.h"
#include "core/calendar.h"
#include "core/config.h"
#include "moments/detector.h"
#include "moments/engine.h"
#include "store/store.h"
#include "store/writer.h"
#include "text/analyzer.h"

namespace peakend {

struct App {
  Config config;
  Calendar calendar = Calendar::Utc();  // the organisation's days and months (time_zone)
  std::unique_ptr<Store> store;
  std::unique_ptr<Writer> writer;
  std::unique_ptr<text::Analyzer> analyzer;  // null when text.enabled is false
  std::unique_ptr<ResponseEnricher> enricher;
  std::unique_ptr<moments::MomentsEngine> moments;
  std::unique_ptr<moments::Detector> detector;  // runs `moments` on committed responses, off the request thread

  ~App();
};

// text.data_dir, text.model, text.model_blend, text.topics and text.lexicons as the analyzer
// loads them.
[[nodiscard]] Result<text::AnalyzerOptions> AnalyzerOptionsFromSettings(const Config& config);

// Opens (and migrates) the configured store, starts the writer, loads the text analyzer.
// kExisting: for commands that only read, a SQLite store that does not exist is an error.
Result<std::unique_ptr<App>> OpenApp(const Config& config, OpenMode mode = OpenMode::kCreate);

}  // namespace peakend
