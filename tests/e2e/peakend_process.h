// Runs the real `peakend` binary for end-to-end tests: one-shot commands with their output
// and exit code, and a server on a free port on a temporary database.
#pragma once

#include <string>
#include <vector>

namespace peakend::e2e {

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs PEAKEND_BINARY with `args`, feeding `stdin_text`, and waits for it.
CommandResult RunPeakend(const std::vector<std::string>& args, const std::string& stdin_text = "");

// A fresh temporary directory, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }
  void Write(const std::string& name, const std::string& content) const;

 private:
  std::string path_;
};

// `peakend serve --port 0 --database DB` in the background; stops it (SIGTERM) on destruction.
// `binary` is PEAKEND_BINARY unless given (a benchmark may time another build).
class ServerProcess {
 public:
  explicit ServerProcess(const std::string& database, std::vector<std::string> extra_args = {},
                         const std::string& binary = PEAKEND_BINARY);
  ~ServerProcess();
  int port() const { return port_; }
  bool running() const { return port_ > 0; }
  const std::string& startup_output() const { return output_; }
  // Sends `signal` (SIGTERM: a graceful stop; SIGKILL: a crash) and waits for the server to
  // end; returns its status as waitpid gives it.
  int Stop(int signal);

 private:
  int pid_ = -1;
  int port_ = 0;
  std::string output_;
};

}  // namespace peakend::e2e
