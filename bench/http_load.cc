// bench_http_load: how many keep-alive requests per second `peakend serve` answers.
//
//   bench_http_load [--binary PATH] [--seconds S] [--connections 1,8,64] [--batch N] [--dir DIR]
//
// Serves a fresh SQLite store with the real binary (or another build of it, --binary, to compare
// two versions) and runs two loads, each with every number of concurrent keep-alive
// connections given: GET /api/v1/health, and POST /api/v1/responses with batches of --batch
// small responses (new ones every time, so each is a committed write). Each connection sends
// its next request when the answer to the last one is in. Reports requests/s, the median and
// 99th percentile latency, and the answers that were not 2xx.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "peakend_process.h"  // the end-to-end tests' server, started the same way

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kDefaultSeconds = 5;
constexpr int kDefaultBatch = 10;
constexpr auto kRequestTimeout = std::chrono::seconds(60);

struct Load {
  const char* name;
  bool post;
};

struct Outcome {
  long requests = 0;
  long failures = 0;  // no answer, or not 2xx
  std::vector<double> latencies_ms;
};

std::string Batch(int connection, long request, int batch, const std::string& run) {
  std::string body = "[";
  for (int i = 0; i < batch; ++i) {
    if (i) body += ",";
    body += R"({"external_id":")" + run + "-" + std::to_string(connection) + "-" + std::to_string(request) + "-" +
            std::to_string(i) + R"(","nps":)" + std::to_string((request + i) % 11) +
            R"(,"submitted_at":"2026-03-01T12:00:00Z"})";
  }
  return body + "]";
}

Outcome RunConnection(int port, const Load& load, int connection, int batch, const std::string& run,
                      Clock::time_point until) {
  httplib::Client client("127.0.0.1", port);
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);  // or each POST waits for the server's delayed ACK of its head (~40 ms)
  client.set_read_timeout(kRequestTimeout);
  Outcome outcome;
  for (long i = 0; Clock::now() < until; ++i) {
    auto start = Clock::now();
    auto res = load.post ? client.Post("/api/v1/responses", Batch(connection, i, batch, run), "application/json")
                         : client.Get("/api/v1/health");
    outcome.latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    ++outcome.requests;
    if (!res || res->status < 200 || res->status >= 300) ++outcome.failures;
  }
  return outcome;
}

std::vector<int> ParseList(const std::string& text) {
  std::vector<int> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) out.push_back(std::max(1, std::atoi(item.c_str())));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string binary = PEAKEND_BINARY;
  int seconds = kDefaultSeconds;
  int batch = kDefaultBatch;
  std::vector<int> connections = {1, 8, 64};
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "peakend-http-load";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--binary") binary = value;
    else if (flag == "--seconds") seconds = std::max(1, std::atoi(value.c_str()));
    else if (flag == "--batch") batch = std::max(1, std::atoi(value.c_str()));
    else if (flag == "--connections") connections = ParseList(value);
    else if (flag == "--dir") dir = value;
    else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::optional<peakend::e2e::ServerProcess> server(std::in_place, (dir / "load.db").string(),
                                                    std::vector<std::string>{}, binary);
  if (!server->running()) {
    std::fprintf(stderr, "%s serve did not start:\n%s\n", binary.c_str(), server->startup_output().c_str());
    return 1;
  }
  int port = server->port();
  std::printf("%s, %d s per run, batches of %d responses\n", binary.c_str(), seconds, batch);
  std::printf("%-28s %12s %12s %12s %10s %10s\n", "load", "connections", "requests/s", "responses/s", "p50 ms",
              "p99 ms");
  long failures = 0;
  for (const Load& load : {Load{"GET /api/v1/health", false}, Load{"POST /api/v1/responses", true}}) {
    for (int n : connections) {
      std::string run = std::string(load.post ? "P" : "G") + std::to_string(n);
      auto until = Clock::now() + std::chrono::seconds(seconds);
      auto start = Clock::now();
      std::vector<Outcome> outcomes(static_cast<std::size_t>(n));
      std::vector<std::thread> threads;
      for (int c = 0; c < n; ++c) {
        threads.emplace_back([&, c] { outcomes[static_cast<std::size_t>(c)] = RunConnection(port, load, c, batch, run, until); });
      }
      for (auto& t : threads) t.join();
      double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
      Outcome total;
      for (auto& o : outcomes) {
        total.requests += o.requests;
        total.failures += o.failures;
        total.latencies_ms.insert(total.latencies_ms.end(), o.latencies_ms.begin(), o.latencies_ms.end());
      }
      std::sort(total.latencies_ms.begin(), total.latencies_ms.end());
      auto percentile = [&](double p) {
        return total.latencies_ms.empty() ? 0.0 : total.latencies_ms[static_cast<std::size_t>(p * (total.latencies_ms.size() - 1))];
      };
      double per_second = static_cast<double>(total.requests) / elapsed;
      std::printf("%-28s %12d %12.0f %12s %10.2f %10.2f%s\n", load.name, n, per_second,
                  load.post ? std::to_string(static_cast<long>(per_second * batch)).c_str() : "-", percentile(0.5),
                  percentile(0.99), total.failures ? (" (" + std::to_string(total.failures) + " failed)").c_str() : "");
      std::fflush(stdout);
      failures += total.failures;
    }
  }
  server.reset();  // stopped before its database goes
  std::filesystem::remove_all(dir);
  return failures == 0 ? 0 : 1;
}
