// `peakend serve` in the background for the benchmarks that time it over real HTTP.
#pragma once

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <regex>
#include <string>
#include <utility>
#include <vector>

namespace peakend::bench {

inline constexpr auto kServeStartTimeout = std::chrono::seconds(30);

// Starts `binary serve --port 0 --database DATABASE EXTRA...` and waits for the line naming its
// port; returns its pid and port (port 0 when it did not start).
inline std::pair<pid_t, int> Serve(const std::string& binary, const std::string& database,
                                   const std::vector<std::string>& extra = {}) {
  int fds[2];
  if (pipe(fds) != 0) return {-1, 0};
  std::vector<std::string> args = {binary, "serve", "--port", "0", "--database", database};
  args.insert(args.end(), extra.begin(), extra.end());
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
  auto deadline = std::chrono::steady_clock::now() + kServeStartTimeout;
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

inline void StopServing(pid_t pid) {
  kill(pid, SIGTERM);
  waitpid(pid, nullptr, 0);
}

}  // namespace peakend::bench
