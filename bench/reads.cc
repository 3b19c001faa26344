// bench_reads: how long the pages and reports a manager opens take on a large store.
//
// Serves DATABASE with the real `peakend` binary and times, over real HTTP, the overview page,
// the scores (overall, per location and month, per employee and day), the aspect trend and the
// summary: the best and the median of --repeat requests each, after one request that warms the
// caches. A store of a million responses comes from `bench_ingest --keep`.
//
//   bench_reads DATABASE [--repeat N]
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <string>
#include <vector>

namespace {

constexpr int kDefaultRepeat = 5;
constexpr auto kStartTimeout = std::chrono::seconds(30);
constexpr auto kRequestTimeout = std::chrono::seconds(120);

const char* kPaths[] = {
    "/",
    "/api/v1/summary",
    "/api/v1/scores",
    "/api/v1/scores?group=location&period=month",
    "/api/v1/scores?group=employee&period=day",
    "/api/v1/text/aspects?period=month",
};

// Starts `peakend serve` on a free port; returns its pid and port (0 when it did not start).
std::pair<pid_t, int> Serve(const std::string& database) {
  int fds[2];
  if (pipe(fds) != 0) return {-1, 0};
  static std::string binary = PEAKEND_BINARY;
  std::vector<std::string> args = {binary, "serve", "--port", "0", "--database", database};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    close(fds[0]);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(fds[1]);
  static const std::regex kUrl(R"(http://[0-9.]+:([0-9]+)/)");
  std::string output;
  auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fds[0], POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    char buf[4096];
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n <= 0) break;
    output.append(buf, static_cast<std::size_t>(n));
    std::smatch m;
    if (std::regex_search(output, m, kUrl)) return {pid, std::stoi(m[1])};
  }
  std::fprintf(stderr, "peakend serve did not start:\n%s\n", output.c_str());
  kill(pid, SIGTERM);
  waitpid(pid, nullptr, 0);
  return {pid, 0};
}

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
  auto [pid, port] = Serve(database);
  if (port == 0) return 1;
  httplib::Client client("127.0.0.1", port);
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
  kill(pid, SIGTERM);
  waitpid(pid, nullptr, 0);
  return failures == 0 ? 0 : 1;
}
