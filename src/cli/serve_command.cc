// `peakend serve` and `peakend demo`: the HTTP API and pages over a store.
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

#include <spdlog/spdlog.h>

#include "app/score_queries.h"
#include "cli/options.h"
#include "demo/cases_seed.h"
#include "demo/generator.h"
#include "http/api.h"
#include "http/cases_api.h"
#include "http/serve_settings.h"
#include "http/server.h"
#include "moments/engine.h"
#include "moments/webhooks.h"
#include "scores/metrics.h"
#include "scores/peak_end.h"
#include "store/case_store.h"
#include "web/pages.h"

namespace peakend::cli {
namespace {

constexpr int kSlaCheckSeconds = 60;

// Refuses a setting serve cannot run with, pointing at the command that checks them all.
template <typename T>
T SettingOrFail(Result<T> read) {
  if (!read.ok()) {
    Fail(Status(read.status().code(), read.status().message() + " (`peakend settings` checks every setting at once)"));
  }
  return std::move(read).value();
}

// Serves until SIGINT or SIGTERM. Signals are taken by a dedicated thread (sigwait), so the
// shutdown runs as ordinary code rather than inside a signal handler.
int ServeApp(App& app) {
  http::ServerOptions options = SettingOrFail(http::ServerOptionsFromSettings(app.config));
  spdlog::set_level(SettingOrFail(http::LogLevelFromSettings(app.config)));
  SettingOrFail(scores::PeakEndWeightsFromSettings(app.config));  // the API reads them per request
  std::optional<moments::WebhookOptions> webhook_options =
      SettingOrFail(moments::WebhookOptionsFromSettings(app.config));
  auto server = http::MakeServer(options);
  http::RegisterApi(*server, app);
  http::RegisterCasesApi(*server, app);
  web::RegisterPages(*server, app);
  auto bound = server->Bind();
  if (!bound.ok()) Fail(bound.status());

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread stopper([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    server->Stop();
  });

  std::unique_ptr<moments::WebhookDispatcher> webhooks;
  if (webhook_options) {
    webhooks = std::make_unique<moments::WebhookDispatcher>(app.store->cases(), *webhook_options);
    webhooks->Start();
  }
  // SLA clock: every minute, open cases past their due time are escalated to the manager.
  std::atomic<bool> serving{true};
  std::thread sla([&] {
    while (serving) {
      auto escalated = moments::EscalateOverdueCases(*app.store, NowUtc());
      if (!escalated.ok()) spdlog::warn("SLA clock: {}", escalated.status().message());
      else if (!escalated->empty()) spdlog::info("SLA clock: {} overdue case(s) escalated", escalated->size());
      for (int i = 0; i < kSlaCheckSeconds && serving; ++i) std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  });
  std::printf("Peakend is serving %s on http://%s:%d/ (API under /api/v1). Press Ctrl-C to stop.\n",
              app.store->BackendName().c_str(), options.host.c_str(), *bound);
  std::fflush(stdout);
  Status served = server->Serve();
  pthread_kill(stopper.native_handle(), SIGTERM);  // wake the stopper if the server ended by itself
  stopper.join();
  serving = false;
  sla.join();
  if (webhooks) webhooks->Stop();
  if (!served.ok()) Fail(served);
  return 0;
}

void PrintSummary(App& app) {
  auto counts = app.store->Counts();
  if (!counts.ok()) Fail(counts.status());
  auto overall = OverallScores(*app.store, {}, app.calendar);
  if (!overall.ok()) Fail(overall.status());
  const scores::ScoreSet& s = *overall;
  std::printf("Organisation: %lld locations, %lld teams, %lld employees, %lld customers\n",
              static_cast<long long>(counts->locations), static_cast<long long>(counts->teams),
              static_cast<long long>(counts->employees), static_cast<long long>(counts->customers));
  std::printf("Feedback:     %lld interactions, %lld responses\n", static_cast<long long>(counts->interactions),
              static_cast<long long>(counts->responses));
  std::printf("Scores:       NPS %+.1f (±%.1f, n=%lld)  CSAT %.1f%%  CES %.2f/7  CX index %+.1f\n", s.nps.value,
              s.nps.margin_of_error, static_cast<long long>(s.nps.n), s.csat.top2_percent, s.ces.mean,
              s.cx_index.index);
}

}  // namespace

void AddServeCommands(CLI::App& root) {
  auto* serve = root.add_subcommand("serve", "Serve the JSON API (/api/v1) and the web pages over a store.");
  auto serve_flags = std::make_shared<SettingFlags>(serve);
  for (const char* key : {"host", "port", "threads", "max_body_bytes", "log_level", "webhooks.url", "webhooks.secret",
                          "http.allowed_origins"}) {
    std::string flag = std::string("--") + key;
    for (auto& c : flag) c = (c == '_' || c == '.') ? '-' : c;
    serve_flags->Add(key, flag);
  }
  serve->callback([serve_flags] {
    auto app = OpenAppOrFail(*serve_flags);
    int code = ServeApp(*app);
    if (code != 0) throw CLI::RuntimeError(code);
  });

  auto* demo = root.add_subcommand(
      "demo", "Create a realistic demo organisation (a Dutch retailer: webshop, 6 shops, contact centre) in an "
              "embedded SQLite database, print a summary and serve it. An existing demo database is reused.");
  auto demo_flags = std::make_shared<SettingFlags>(demo);
  for (const char* key : {"host", "port", "threads"}) demo_flags->Add(key, std::string("--") + key);
  auto no_serve = std::make_shared<bool>(false);
  auto seed = std::make_shared<std::uint64_t>(demo::DemoOptions{}.seed);
  demo->add_flag("--no-serve", *no_serve, "create the database and print the summary, then exit");
  demo->add_option("--seed", *seed, "random seed of the generator (the same seed gives the same data)");
  demo->callback([demo_flags, no_serve, seed] {
    auto config = demo_flags->Load();
    if (!config.ok()) Fail(config.status());
    if (config->SourceOf("database") == "default") config->Set("database", "peakend-demo.db", "default");
    auto opened = OpenApp(*config);
    if (!opened.ok()) Fail(opened.status());
    App& app = **opened;
    auto counts = app.store->Counts();
    if (!counts.ok()) Fail(counts.status());
    if (counts->responses > 0) {
      std::printf("Reusing the demo database %s (delete it to generate a fresh one).\n",
                  config->Get("database").c_str());
    } else {
      std::printf("Generating the demo organisation into %s ...\n", config->Get("database").c_str());
      demo::DemoOptions options;
      options.seed = *seed;
      Status generated = demo::GenerateDemo(options, [&](WriteRequest&& request) -> Status {
        for (auto& response : request.responses) {
          PEAKEND_RETURN_IF_ERROR(app.enricher->Enrich(response));
        }
        WriteResult result = app.writer->Write(std::move(request));
        return result.status;
      });
      if (!generated.ok()) Fail(generated);
      Organisation org;
      org.name = demo::kDemoOrganisationName;
      Status named = app.store->SetOrganisation(org);
      if (!named.ok()) Fail(named);
      std::printf("Looking for moments of truth in the demo feedback ...\n");
      auto seeded = demo::SeedCases(*app.store, *app.moments, app.calendar);
      if (!seeded.ok()) Fail(seeded.status());
      std::printf("Cases:        %lld opened from %lld candidate responses, %lld closed after a follow-up call "
                  "(%lld with a gesture), %lld escalated past their due time\n",
                  static_cast<long long>(seeded->cases), static_cast<long long>(seeded->examined),
                  static_cast<long long>(seeded->resolved), static_cast<long long>(seeded->gestures),
                  static_cast<long long>(seeded->escalated));
    }
    PrintSummary(app);
    if (*no_serve) return;
    int code = ServeApp(app);
    if (code != 0) throw CLI::RuntimeError(code);
  });
}

}  // namespace peakend::cli
