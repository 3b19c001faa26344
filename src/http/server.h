// HttpServer: the thin interface between Peakend's routes and whatever HTTP implementation
// serves them, so the API and pages never include a server library's headers and the
// implementation can be swapped (Boost.Beast on Asio, beast_server.cc).
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/limits.h"
#include "core/status.h"

namespace peakend::http {

struct Request {
  std::string method;
  std::string path;
  std::multimap<std::string, std::string> query;    // decoded query parameters
  std::multimap<std::string, std::string> headers;  // names as sent
  std::string body;
  std::vector<std::string> path_params;  // regex captures of the route pattern

  // First value of a query parameter, or "" when absent.
  std::string Query(const std::string& name) const;
  bool HasQuery(const std::string& name) const { return query.count(name) > 0; }
  // Case-insensitive header lookup, "" when absent.
  std::string Header(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::multimap<std::string, std::string> headers;
};

using Handler = std::function<Response(const Request&)>;

// The Content-Types a route reads its body in: every body of the API is JSON, and the routes
// that take a batch of records also take them as a stream (NDJSON, JSON lines, JSON text
// sequences). Any other label is refused (415) rather than read as JSON; see Router.
enum class BodyTypes {
  kJson,
  kJsonOrRecordStream,
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;          // 0 = pick a free port
  int threads = limits::kMinAutoHttpThreads;  // workers running the routes (see DefaultWorkerThreads)
  // Requests read whole and waiting for a worker; one more is answered 503 with Retry-After.
  std::size_t queue_depth = limits::kDefaultHttpQueueDepth;
  std::size_t max_body_bytes = 10 * 1024 * 1024;
  // A request body slower than this on average, once body_grace has passed since its head, is
  // answered 408 (limits::kHttpMinBodyBytesPerSecond; at least 1).
  std::size_t min_body_bytes_per_second = limits::kHttpMinBodyBytesPerSecond;
  std::chrono::milliseconds body_grace = std::chrono::seconds(limits::kHttpBodyGraceSeconds);
  // Origins whose pages may call the server from a browser (CORS), as ParseAllowedOrigins
  // returns them; empty = no CORS headers at all.
  std::vector<std::string> allowed_origins;
  // Host names besides IP literals and localhost the server answers to, as ParseAllowedHosts
  // returns them ("*": any); a request to another name is answered 421.
  std::vector<std::string> allowed_hosts;
};

class Server {
 public:
  virtual ~Server() = default;
  // `pattern` is an ECMAScript regex matched against the whole path; captures go to path_params.
  // `body` says which Content-Types a POST, PUT or PATCH route reads.
  virtual void Route(const std::string& method, const std::string& pattern, Handler handler,
                     BodyTypes body = BodyTypes::kJson) = 0;
  // Binds the socket; returns the bound port (useful with port 0).
  virtual Result<int> Bind() = 0;
  // Serves until Stop(); call after Bind().
  virtual Status Serve() = 0;
  virtual void Stop() = 0;
};

std::unique_ptr<Server> MakeServer(const ServerOptions& options);

// Worker threads for `threads = auto`: a few per core, since routes wait on the store (see
// limits::kMinAutoHttpThreads); connections themselves hold no worker.
int DefaultWorkerThreads();

// {"error": code, "field": field, "detail": message} with the HTTP status fitting the code.
Response ErrorResponse(const Status& status);
Response ErrorResponse(int http_status, const std::string& error, const std::string& detail,
                       const std::string& field = {});
int HttpStatusFor(StatusCode code);

}  // namespace peakend::http
