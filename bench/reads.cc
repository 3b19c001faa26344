// bench_reads: how long the pages and reports a manager opens take on a large store.
//
// Serves DATABASE with the real `peakend` binary and times, over real HTTP, the overview page,
// the scores (overall, per location and month, per employee and day), the aspect trend and the
// summary: the best and the median of --repeat requests each, after one request that warms the
// caches. A store of a million responses comes from `bench_ingest --keep`.
//
//   bench_reads DATABASE [--repeat N]
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "peakend_process.h"  // the end-to-end tests' server, started the same way

namespace {

constexpr int kDefaultRepeat = 5;
constexpr auto kRequestTimeout = std::chrono::seconds(120);

const char* kPaths[] = {
    "/",
    "/api/v1/summary",
    "/api/v1/scores",
    "/api/v1/scores?group=location&period=month",
    "/api/v1/scores?group=employee&period=day",
    "/api/v1/text/aspects?period=month",
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help") {
    std::fprintf(stderr, "usage: bench_reads DATABASE [--repeat N]   (a large store: bench_ingest --keep)\n");
    return 2;
  }
  std::string database = argv[1];
  int repeat = kDefaultRepeat;
  for (int i = 2; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--repeat") repeat = std::max(1, std::atoi(argv[i + 1]));
  }
  peakend::e2e::ServerProcess server(database);
  if (!server.running()) {
    std::fprintf(stderr, "peakend serve did not start:\n%s\n", server.startup_output().c_str());
    return 1;
  }
  httplib::Client client("127.0.0.1", server.port());
  client.set_read_timeout(kRequestTimeout);
  std::printf("%-46s %8s %10s %10s\n", "request", "status", "best s", "median s");
  int failures = 0;
  for (const char* path : kPaths) {
    auto warm = client.Get(path);
    std::vector<double> seconds;
    int status = warm ? warm->status : 0;
    for (int r = 0; r < repeat; ++r) {
      auto start = std::chrono::steady_clock::now();
      auto res = client.Get(path);
      seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      status = res ? res->status : 0;
    }
    std::sort(seconds.begin(), seconds.end());
    failures += status != 200;
    std::printf("%-46s %8d %10.3f %10.3f\n", path, status, seconds.front(), seconds[seconds.size() / 2]);
  }
  return failures == 0 ? 0 : 1;
}
