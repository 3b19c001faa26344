// `peakend serve` and `peakend demo`: the HTTP API and pages over a store.
#include <atomic>
#include <chrono>
#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

#include <unistd.h>

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
// A process ended by a signal exits with 128 plus its number, as shells report it.
constexpr int kExitSignalBase = 128;
// On a stop (SIGINT, SIGTERM), once the server takes no more requests, the detector may look at
// the committed responses still waiting for this long, and says every kStopProgressSeconds how
// many are left. It looks at thousands a second, so a usual backlog is done well within it;
// the bound keeps a stop short of the 30 seconds after which service managers (systemd,
// Kubernetes) kill a process. What is left then stays awaiting detection in the store, and is
// looked at when the server starts again.
constexpr int kStopDetectionSeconds = 15;
constexpr int kStopProgressSeconds = 1;

// SIGINT and SIGTERM, caught for the whole process and handed to a thread as ordinary code
// through a pipe. A signal mask would not do: it covers only the threads started after it is
// set, and one started before (the writer's, the detector's) would take the default action and
// end the process at once, the detector's queue with it.
class StopSignals {
 public:
  StopSignals() {
    if (pipe(fds_) != 0) Fail(Status::Internal("cannot create the pipe that stop signals are sent through"));
    write_fd_ = fds_[1];
    struct sigaction action {};
    action.sa_handler = &StopSignals::OnSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, &previous_int_);
    sigaction(SIGTERM, &action, &previous_term_);
  }
  ~StopSignals() {
    sigaction(SIGINT, &previous_int_, nullptr);
    sigaction(SIGTERM, &previous_term_, nullptr);
    write_fd_ = -1;
    close(fds_[0]);
    close(fds_[1]);
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  // Blocks until a stop signal comes (returns its number) or Wake() is called (returns 0).
  int Wait() {
    unsigned char sig = 0;
    while (read(fds_[0], &sig, 1) < 0 && errno == EINTR) {
    }
    return sig;
  }
  void Wake() { Send(0); }

 private:
  static void Send(unsigned char sig) {
    ssize_t written = write(write_fd_, &sig, 1);  // async-signal-safe
    (void)written;
  }
  static void OnSignal(int sig) { Send(static_cast<unsigned char>(sig)); }

  static inline volatile sig_atomic_t write_fd_ = -1;
  int fds_[2] = {-1, -1};
  struct sigaction previous_int_ {}, previous_term_ {};
};

// After the server stopped taking requests: lets the detector look at what waits, for at most
// kStopDetectionSeconds, saying how far it is, and leaves the rest for the next start. Takes
// no more after it (see Detector::Abandon).
void FinishDetection(moments::Detector& detector) {
  using Clock = std::chrono::steady_clock;
  auto deadline = Clock::now() + std::chrono::seconds(kStopDetectionSeconds);
  std::uint64_t left = detector.WaitUntilIdle(std::chrono::milliseconds(0));
  if (left > 0) {
    spdlog::info("moments of truth: looking at {} committed response(s) before stopping (at most {} s)", left,
                 kStopDetectionSeconds);
  }
  while (left > 0 && Clock::now() < deadline) {
    auto wait = std::min<Clock::duration>(std::chrono::seconds(kStopProgressSeconds), deadline - Clock::now());
    left = detector.WaitUntilIdle(std::chrono::duration_cast<std::chrono::milliseconds>(wait));
    if (left > 0) spdlog::info("moments of truth: {} response(s) still to look at", left);
  }
  detector.Abandon();
  if (left > 0) {
    spdlog::warn("moments of truth: {} response(s) not looked at within {} s; they are looked at when the server "
                 "starts again",
                 left, kStopDetectionSeconds);
  }
}

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

  // A first stop signal stops taking requests and lets detection finish (FinishDetection); a
  // second one ends the process at once, leaving what was not looked at for the next start.
  StopSignals signals;
  std::thread stopper([&] {
    int sig = signals.Wait();
    if (sig == 0) return;  // the server ended by itself
    spdlog::info("{}: taking no new requests, finishing those in hand", strsignal(sig));
    server->Stop();
    int again = signals.Wait();
    if (again == 0) return;
    spdlog::warn("{} again: stopping at once; responses not looked at for moments of truth are looked at when the "
                 "server starts again",
                 strsignal(again));
    std::_Exit(kExitSignalBase + again);
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
  std::vector<Id> left = ResponsesLeftAwaiting(app);
  if (!left.empty()) {
    spdlog::info("moments of truth: {} committed response(s) were not looked at before the last stop; looking at "
                 "them now",
                 left.size());
  }
  // Enqueue waits while the detector's queue is full; the server takes requests meanwhile.
  std::thread backlog([&] { app.detector->Enqueue(left); });
  std::printf("Peakend is serving %s on http://%s:%d/ (API under /api/v1). Press Ctrl-C to stop.\n",
              app.store->BackendName().c_str(), options.host.c_str(), *bound);
  std::fflush(stdout);
  Status served = server->Serve();
  FinishDetection(*app.detector);
  backlog.join();
  signals.Wake();  // ends the stopper if no signal stopped the server
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
                          "http.allowed_origins", "http.allowed_hosts"}) {
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
      std::printf("Cases:        %lld opened from %lld candidate responses, %lld resolved after a follow-up call "
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
