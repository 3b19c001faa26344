// bench_moments: what looking for moments of truth costs on ingest.
//
//   bench_moments [--responses N] [--dir DIR]
//
// Builds the demo organisation in a fresh SQLite store, then writes N more responses (a third
// with comments, about one in eight very negative) through the writer in API-sized batches of
// 50, once without and once with the moments detector looking at each committed batch on its
// own thread (as the server does). Reports rows/s for both and their ratio (target >= 80%), the
// longest wait from commit to detection, and the cost of one detection pass per response
// (p50 / p99 / max; target 50 ms). A third run sends a steady stream of 2,000 responses per
// second and reports the longest wait from commit to detection under that load.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "app/enricher.h"
#include "demo/generator.h"
#include "moments/detector.h"
#include "moments/engine.h"
#include "store/writer.h"
#include "text/analyzer.h"

using namespace peakend;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kBatch = 50;  // records per API request in the bench
constexpr int kPacedPerSecond = 2000;  // a busy day of a large retailer, sustained

const char* kComments[] = {"Pakket kwam veel te laat en niemand hielp me, waardeloos",
                           "Snel geholpen, vriendelijke medewerker", "Prima", "The agent was rude and useless",
                           "Dit was voor de verjaardag van mijn moeder, fijn dat het op tijd was"};

std::vector<Response> MakeResponses(int n, int offset) {
  std::vector<Response> out;
  for (int i = 0; i < n; ++i) {
    Response r;
    r.external_id = "B" + std::to_string(offset + i);
    r.customer_ref = "C" + std::string(6 - std::min<std::size_t>(6, std::to_string(1 + i % 20000).size()), '0') +
                     std::to_string(1 + i % 20000);
    r.location_ref = i % 2 ? "webshop" : "shop-utrecht";
    r.answers.nps = i % 8 == 0 ? 1 : 6 + i % 5;
    r.submitted_at = 1793491200 + i;
    if (i % 3 == 0) r.comment = kComments[i % 5];
    out.push_back(std::move(r));
  }
  return out;
}

struct RunResult {
  double ingest_per_s = 0;    // until the last write was acknowledged
  double detected_per_s = 0;  // until the last response was also looked at
  moments::DetectorStats detector;
};

// Writes n responses in API-sized batches; with a detector, hands each committed batch to it
// exactly as POST /api/v1/responses does.
// With `per_second` > 0 the batches are paced to that many responses per second, as a steady
// stream of customers would send them; otherwise they are written as fast as possible.
RunResult Run(Store& store, ResponseEnricher& enricher, moments::Detector* detector, int n, int offset,
              int per_second = 0) {
  Writer writer(store);
  auto responses = MakeResponses(n, offset);
  RunResult out;
  auto start = Clock::now();
  for (int i = 0; i < n; i += kBatch) {
    if (per_second > 0) {
      std::this_thread::sleep_until(start + std::chrono::microseconds(static_cast<std::int64_t>(i) * 1000000 / per_second));
    }
    WriteRequest w;
    for (int k = i; k < std::min(n, i + kBatch); ++k) {
      (void)enricher.Enrich(responses[k]);
      w.responses.push_back(responses[k]);
    }
    WriteResult result = writer.Write(std::move(w));
    if (!detector) continue;
    std::vector<Id> ids;
    for (const auto& o : result.responses) {
      if (o.created) ids.push_back(o.id);
    }
    detector->Enqueue(ids);
  }
  out.ingest_per_s = n / std::chrono::duration<double>(Clock::now() - start).count();
  if (detector) {
    detector->Drain();
    out.detector = detector->Stats();
  }
  out.detected_per_s = n / std::chrono::duration<double>(Clock::now() - start).count();
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int n = 20000;
  std::string dir = "/tmp/peakend-bench-moments";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--responses") n = std::max(kBatch, std::atoi(argv[i + 1]));
    if (a == "--dir") dir = argv[i + 1];
  }
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto store = Store::Open(dir + "/moments.db");
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().message().c_str());
    return 1;
  }
  auto analyzer = text::Analyzer::Load({});
  if (!analyzer.ok()) return 1;
  ResponseEnricher enricher(**store, analyzer->get());
  {
    Writer writer(**store);
    Status s = demo::GenerateDemo({}, [&](WriteRequest&& w) {
      for (auto& r : w.responses) (void)enricher.Enrich(r);
      return writer.Write(std::move(w)).status;
    });
    if (!s.ok()) return 1;
  }
  moments::MomentsEngine engine(**store);
  RunResult without = Run(**store, enricher, nullptr, n, 0);
  RunResult with, paced;
  {
    moments::Detector detector(engine);
    paced = Run(**store, enricher, &detector, n / 2, 3 * n, kPacedPerSecond);
  }
  {
    moments::Detector detector(engine);
    with = Run(**store, enricher, &detector, n, n);
  }
  // The latency of one detection pass on its own, response by response, for the 50 ms target.
  std::vector<double> latencies;
  auto extra = MakeResponses(std::min(n, 2000), 2 * n);
  for (auto& r : extra) {
    (void)enricher.Enrich(r);
    WriteRequest w;
    w.responses.push_back(r);
    auto applied = (*store)->Apply({&w});
    if (!applied.ok()) return 1;
    auto t0 = Clock::now();
    (void)engine.OnResponsesCommitted({(*applied)[0].responses[0].id}, NowUtc());
    latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  std::sort(latencies.begin(), latencies.end());
  auto pct = [&](double p) { return latencies[std::min(latencies.size() - 1, static_cast<std::size_t>(p * latencies.size()))]; };
  std::printf("responses per run: %d (batches of %d) on top of the demo organisation\n", n, kBatch);
  std::printf("ingest without detection: %.0f responses/s\n", without.ingest_per_s);
  std::printf("ingest with detection:    %.0f responses/s (%.0f%% of without); all looked at: %.0f responses/s\n",
              with.ingest_per_s, 100 * with.ingest_per_s / without.ingest_per_s, with.detected_per_s);
  std::printf("detector: %llu responses, %llu cases opened, %llu failures, longest wait from commit to detection %.1f ms\n",
              static_cast<unsigned long long>(with.detector.responses),
              static_cast<unsigned long long>(with.detector.cases_opened),
              static_cast<unsigned long long>(with.detector.failures), with.detector.max_lag_ms);
  auto within = [](const moments::DetectorStats& s) {
    return s.responses ? 100.0 * static_cast<double>(s.within_target) / static_cast<double>(s.responses) : 0.0;
  };
  std::printf("steady stream of %d responses/s: %llu responses, %llu cases; %.1f%% looked at within %.0f ms of "
              "commit, longest wait %.1f ms\n",
              kPacedPerSecond, static_cast<unsigned long long>(paced.detector.responses),
              static_cast<unsigned long long>(paced.detector.cases_opened), within(paced.detector),
              moments::kDetectionTargetMs, paced.detector.max_lag_ms);
  std::printf("one detection pass per response: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", pct(0.5), pct(0.99),
              latencies.back());
  return 0;
}
