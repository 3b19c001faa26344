// cpp-httplib implementation of http::Server.
#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

#include "http/cors.h"
#include "http/server.h"
#include "core/limits.h"
#include "core/strings.h"
#include "ingest/validation.h"

namespace peakend::http {
namespace {

// A fixed pool of workers with a bounded queue of accepted connections. When the queue is full
// the accepting thread waits, so overload backs up into the kernel's listen backlog instead of
// growing memory without bound.
class BoundedPool : public httplib::TaskQueue {
 public:
  BoundedPool(int threads, std::size_t depth) : depth_(depth) {
    for (int i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
  }
  void enqueue(std::function<void()> fn) override {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return queue_.size() < depth_ || shutdown_; });
    if (shutdown_) return;
    queue_.push_back(std::move(fn));
    not_empty_.notify_one();
  }
  void shutdown() override {
    {
      std::lock_guard lock(mu_);
      shutdown_ = true;
    }
    not_empty_.notify_all();
    not_full_.notify_all();
    for (auto& t : workers_) t.join();
  }

 private:
  void Work() {
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock lock(mu_);
        not_empty_.wait(lock, [&] { return !queue_.empty() || shutdown_; });
        if (queue_.empty()) return;  // shutdown and drained
        fn = std::move(queue_.front());
        queue_.pop_front();
        not_full_.notify_one();
      }
      fn();
    }
  }

  const std::size_t depth_;
  std::mutex mu_;
  std::condition_variable not_empty_, not_full_;
  std::deque<std::function<void()>> queue_;
  std::vector<std::thread> workers_;
  bool shutdown_ = false;
};

// cpp-httplib's own bounds (compile-time in the packaged library): a longer URL is refused
// with 414, a longer header line with 400.
constexpr std::size_t kMaxUrlBytes = CPPHTTPLIB_REQUEST_URI_MAX_LENGTH;
constexpr std::size_t kMaxHeaderLineBytes = CPPHTTPLIB_HEADER_MAX_LENGTH;

// What the Expect: 100-continue handler returns to let the client send its body.
constexpr int kContinue = 100;

// Every answer is a whole document (see the pre-routing handler), as RFC 9110 spells it.
constexpr const char* kAcceptRanges = "none";

// The body codings cpp-httplib decodes, spelled as it compares them.
bool IsDecodedEncoding(const std::string& encoding) {
  return encoding.empty() || encoding == "identity" || encoding == "gzip" || encoding == "deflate";
}

class HttplibServer : public Server {
 public:
  explicit HttplibServer(const ServerOptions& options) : options_(options) {
    server_.set_tcp_nodelay(true);  // without it every keep-alive POST waits for delayed ACK (~40 ms)
    // cpp-httplib sets SO_REUSEPORT, with which a second server on a busy port starts and takes
    // part of the traffic to its own store; SO_REUSEADDR alone lets a restart reuse the port
    // and makes a second server fail with "address already in use".
    server_.set_socket_options([](socket_t sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    server_.set_payload_max_length(options.max_body_bytes);
    server_.set_keep_alive_max_count(limits::kHttpKeepAliveMaxRequests);
    server_.set_keep_alive_timeout(limits::kHttpKeepAliveIdleSeconds);
    server_.set_read_timeout(limits::kHttpReadTimeoutSeconds, 0);
    server_.new_task_queue = [this] { return new BoundedPool(options_.threads, options_.queue_depth); };
    server_.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
      Fill(res, ErrorResponse(500, "internal", "the server failed while handling this request; see the server log"));
    });
    // The API answers whole JSON documents only: cpp-httplib would otherwise serve a `Range`
    // request (which some download-resuming clients send unasked) a cut-off body with 200 or
    // 201, or 416, and no client can parse a slice of JSON. RFC 9110 lets a server ignore Range,
    // so the ranges cpp-httplib parsed are dropped before routing. The request object is not
    // const where cpp-httplib owns it; only this hook of its API sees it before routing.
    server_.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
      const_cast<httplib::Request&>(req).ranges.clear();
      // Before cpp-httplib reads a body by a length it would take leniently (see BodyLength).
      if (auto length = BodyLength(req); !length.ok()) {
        RefuseUnread(res, ErrorResponse(length.status()));
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    // A client that asks before it sends its body hears at once that it will not be taken,
    // rather than after uploading it.
    server_.set_expect_100_continue_handler([this](const httplib::Request& req, httplib::Response& res) {
      auto length = BodyLength(req);
      if (!length.ok()) {
        RefuseUnread(res, ErrorResponse(length.status()));
      } else if (*length > options_.max_body_bytes) {
        RefuseUnread(res, TooLarge());
      } else {
        return kContinue;
      }
      return res.status;
    });
    RouteOptions();
    // After routing and the error handler, so errors carry the CORS headers too: a page can
    // only read a message whose answer allows its origin.
    server_.set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      // Says outright that ranges are not served; cpp-httplib would otherwise advertise bytes.
      res.set_header("Accept-Ranges", kAcceptRanges);
      if (options_.allowed_origins.empty()) return;
      res.set_header("Vary", "Origin");  // a cache must not hand one origin's answer to another
      if (!IsAllowedOrigin(req)) return;
      res.set_header("Access-Control-Allow-Origin", req.get_header_value("Origin"));
    });
    server_.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
      // cpp-httplib cuts an error message to the ranges too when it refused the request before
      // routing (a Range header it cannot read gets 416 there).
      const_cast<httplib::Request&>(req).ranges.clear();
      if (!res.body.empty()) return;
      // A request line cpp-httplib refuses (a method it does not know) leaves the path unset.
      std::string path = req.path.empty() ? req.target.substr(0, req.target.find('?')) : req.path;
      bool known_method = kServedMethods.count(req.method) > 0;
      if (res.status == 413) {
        Fill(res, TooLarge());
      } else if (res.status == 404 || (!req.method.empty() && !known_method && !path.empty())) {
        std::string allowed = Allowed(path);
        if (allowed.empty()) {
          Fill(res, ErrorResponse(404, "not_found", "no route for " + req.method + " " + path));
        } else {
          Fill(res, ErrorResponse(405, "method_not_allowed",
                                  req.method + " is not allowed on " + path + "; use " + allowed));
          res.set_header("Allow", allowed);
        }
      } else if (res.status == 414) {
        Fill(res, ErrorResponse(414, "uri_too_long",
                                "the URL is longer than " + std::to_string(kMaxUrlBytes) +
                                    " bytes; send fewer or shorter query parameters"));
      } else if (res.status == 416) {
        Fill(res, ErrorResponse(416, "range_not_satisfiable",
                                "the Range header '" + req.get_header_value("Range") +
                                    "' cannot be read; the API sends whole JSON documents only, so send the request "
                                    "without Range"));
      } else if (res.status == 400) {
        Fill(res, ErrorResponse(400, "bad_request",
                                "the request is not well-formed HTTP/1.1: send a request line 'METHOD /path "
                                "HTTP/1.1', header lines 'Name: value' of at most " +
                                    std::to_string(kMaxHeaderLineBytes) + " bytes, and a body as its headers say"));
      } else if (res.status >= 400) {
        Fill(res, ErrorResponse(res.status, "http_error", "the request could not be handled (HTTP " +
                                                              std::to_string(res.status) + ")"));
      }
    });
  }

  void Route(const std::string& method, const std::string& path_pattern, Handler handler) override {
    // A trailing slash ("/api/v1/responses/") names the same resource, as most clients expect.
    const std::string pattern = path_pattern + "/?";
    routes_.push_back({method, std::regex(pattern)});
    if (method == "GET" || method == "DELETE") {
      auto adapter = [handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
        Request r = ToRequest(req);
        Status query = CheckQueryText(r);
        Fill(res, query.ok() ? handler(r) : ErrorResponse(query));
      };
      if (method == "GET") server_.Get(pattern, adapter);
      else server_.Delete(pattern, adapter);
      return;
    }
    // Bodies are read here rather than by cpp-httplib, which takes a body labelled as a form
    // (what `curl -d` sends unless told otherwise) for form fields: it refuses one over 8 KB
    // with 413 and mixes its text into the query parameters. Every body of the API is JSON,
    // whatever its label. The limit is checked on the bytes as they arrive, chunked or not.
    auto adapter = [this, handler = std::move(handler)](const httplib::Request& req, httplib::Response& res,
                                                        const httplib::ContentReader& content) {
      Request r = ToRequest(req);
      bool too_large = false;
      auto append = [&](const char* data, std::size_t n) {
        // Past the limit the rest is read and dropped, as cpp-httplib does with a Content-Length
        // over it, so the client gets its 413 instead of a connection closed mid-upload.
        too_large = too_large || r.body.size() + n > options_.max_body_bytes;
        if (!too_large) r.body.append(data, n);
        return true;
      };
      bool complete = req.is_multipart_form_data()
                          ? content([](const httplib::MultipartFormData&) { return true; },
                                    [](const char*, std::size_t) { return true; })
                          : content(append);
      const std::string encoding = req.get_header_value("Content-Encoding");
      if (too_large || res.status == 413) {
        Fill(res, TooLarge());
      } else if (res.status == 415 || !IsDecodedEncoding(encoding)) {
        // cpp-httplib refuses some codings unread (415) and passes others through undecoded.
        Fill(res, ErrorResponse(415, "unsupported_media_type",
                                "Content-Encoding '" + encoding +
                                    "' is not supported; send the body uncompressed or with Content-Encoding: gzip "
                                    "or deflate (in lower case)", "body"));
        if (!complete) res.set_header("Connection", "close");
      } else if (!complete) {
        Fill(res, ErrorResponse(400, "invalid_argument",
                                encoding.empty() || encoding == "identity"
                                    ? "the request body could not be read completely"
                                    : "the request body could not be read completely; check that it is compressed "
                                      "as its Content-Encoding '" + encoding + "' says",
                                "body"));
        res.set_header("Connection", "close");
      } else if (std::string charset = Charset(req.get_header_value("Content-Type"));
                 !charset.empty() && charset != "utf-8" && charset != "utf8" && !ingest::IsValidUtf8(r.body)) {
        // Java's and older .NET clients label and encode text as ISO-8859-1 unless told otherwise.
        Fill(res, ErrorResponse(415, "unsupported_media_type",
                                "the body is encoded as charset=" + charset +
                                    "; send JSON encoded as UTF-8 (Content-Type: application/json; charset=utf-8)",
                                "body"));
      } else if (Status query = CheckQueryText(r); !query.ok()) {
        Fill(res, ErrorResponse(query));
      } else if (req.is_multipart_form_data()) {
        Fill(res, ErrorResponse(415, "unsupported_media_type",
                                "send the body as JSON (Content-Type: application/json) or NDJSON, not as "
                                "multipart form data", "body"));
      } else {
        Fill(res, handler(r));
      }
    };
    if (method == "POST") server_.Post(pattern, adapter);
    else if (method == "PUT") server_.Put(pattern, adapter);
    else if (method == "PATCH") server_.Patch(pattern, adapter);
  }

  // OPTIONS names the methods of a path (a client or a CORS preflight asking before it sends).
  void RouteOptions() {
    server_.Options(".*", [this](const httplib::Request& req, httplib::Response& res) {
      std::string allowed = Allowed(req.path);
      if (allowed.empty()) {
        Fill(res, ErrorResponse(404, "not_found", "no route for " + req.path));
        return;
      }
      res.status = 204;
      res.set_header("Allow", allowed);
      if (IsAllowedOrigin(req) && req.has_header("Access-Control-Request-Method")) {
        res.set_header("Access-Control-Allow-Methods", allowed);
        res.set_header("Access-Control-Allow-Headers",
                       CorsAllowedHeaders(req.get_header_value("Access-Control-Request-Headers")));
        res.set_header("Access-Control-Max-Age", std::to_string(kCorsMaxAgeSeconds));
      }
    });
  }

  bool IsAllowedOrigin(const httplib::Request& req) const {
    const auto& origins = options_.allowed_origins;
    return req.has_header("Origin") &&
           std::find(origins.begin(), origins.end(), req.get_header_value("Origin")) != origins.end();
  }

  Result<int> Bind() override {
    int port = options_.port == 0 ? server_.bind_to_any_port(options_.host)
                                  : (server_.bind_to_port(options_.host, options_.port) ? options_.port : -1);
    if (port < 0) {
      return Status::Unavailable("cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
                                 ": the port is in use or the address is not local; choose another with --port");
    }
    return port;
  }

  Status Serve() override {
    if (!server_.listen_after_bind()) return Status::Unavailable("the HTTP server stopped unexpectedly");
    return Status::Ok();
  }

  void Stop() override { server_.stop(); }

 private:
  static Request ToRequest(const httplib::Request& req) {
    Request r;
    r.method = req.method;
    r.path = req.path;
    r.body = req.body;
    for (const auto& [k, v] : req.params) r.query.emplace(k, v);
    for (const auto& [k, v] : req.headers) r.headers.emplace(k, v);
    for (std::size_t i = 1; i < req.matches.size(); ++i) r.path_params.push_back(req.matches[i].str());
    return r;
  }

  // Query parameters are decoded from percent escapes into any bytes. Text that is not UTF-8
  // (or holds a NUL) matches nothing stored, and PostgreSQL refuses it with an error, so it is
  // named as the client's mistake here, for every route.
  static Status CheckQueryText(const Request& r) {
    for (const auto& [name, value] : r.query) {
      for (const std::string* text : {&name, &value}) {
        if (!ingest::IsValidUtf8(*text) || text->find('\0') != std::string::npos) {
          bool named = ingest::IsValidUtf8(name) && name.find('\0') == std::string::npos;
          return Status::InvalidArgument((named ? "query parameter '" + name + "'" : std::string("a query parameter")) +
                                             " is not UTF-8 text; percent-encode it from UTF-8 (%C3%A9 for \u00e9)",
                                         named ? name : "");
        }
      }
    }
    return Status::Ok();
  }

  // The body length Content-Length gives, 0 without one. cpp-httplib reads the header with
  // strtoull, which takes "abc" for 0, "-1" for a huge length and an overflowing one for the
  // largest, and takes the first of two: a body it then reads short or not at all is parsed as
  // the next request on the connection (request smuggling behind a proxy that reads it right).
  static Result<std::uint64_t> BodyLength(const httplib::Request& req) {
    std::optional<std::uint64_t> length;
    auto [first, last] = req.headers.equal_range("Content-Length");
    for (auto it = first; it != last; ++it) {
      const std::string& text = it->second;
      std::uint64_t value = 0;
      auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
      bool digits = !text.empty() && std::isdigit(static_cast<unsigned char>(text[0]));
      if (!digits || error != std::errc() || end != text.data() + text.size()) {
        return Status::InvalidArgument("Content-Length '" + Shorten(text, limits::kMaxEchoedNameBytes) +
                                           "' is not a byte count; send the body's length in bytes as a whole number",
                                       "Content-Length");
      }
      if (length && *length != value) {
        return Status::InvalidArgument("Content-Length is given twice with different values (" +
                                           std::to_string(*length) + " and " + std::to_string(value) +
                                           "); send it once",
                                       "Content-Length");
      }
      length = value;
    }
    if (length && req.has_header("Transfer-Encoding")) {
      return Status::InvalidArgument("both Content-Length and Transfer-Encoding are given; send one of them",
                                     "Content-Length");
    }
    return length.value_or(0);
  }

  // Answers without reading the body, so the connection is closed after the answer: what the
  // client sends next on it would be the body, not a request.
  static void RefuseUnread(httplib::Response& res, const Response& answer) {
    Fill(res, answer);
    res.set_header("Connection", "close");
  }

  // The charset parameter of a Content-Type, in lower case; "" when it names none.
  static std::string Charset(const std::string& content_type) {
    std::string lower = AsciiLower(content_type);
    std::size_t at = lower.find("charset=");
    if (at == std::string::npos) return "";
    std::string charset = lower.substr(at + std::string_view("charset=").size());
    charset = charset.substr(0, charset.find_first_of("; \t"));
    charset.erase(std::remove(charset.begin(), charset.end(), '"'), charset.end());
    return charset;
  }

  // The methods served on `path`, as an Allow header lists them; "" for a path no route has.
  std::string Allowed(const std::string& path) const {
    std::set<std::string> methods;
    for (const auto& route : routes_) {
      if (std::regex_match(path, route.pattern)) methods.insert(route.method);
    }
    if (methods.empty()) return "";
    if (methods.count("GET")) methods.insert("HEAD");
    methods.insert("OPTIONS");
    return JoinWithCommas(methods);
  }

  Response TooLarge() const {
    return ErrorResponse(413, "resource_exhausted",
                         "request body is larger than the limit of " + std::to_string(options_.max_body_bytes) +
                             " bytes; split the batch or raise max_body_bytes", "body");
  }

  static void Fill(httplib::Response& res, const Response& r) {
    res.status = r.status;
    for (const auto& [k, v] : r.headers) res.set_header(k, v);
    res.set_content(r.body, r.content_type);
  }

  struct RouteEntry {
    std::string method;
    std::regex pattern;
  };
  // Methods routes are served for (HEAD and OPTIONS answered by the server itself); any other
  // method is answered 405 on a path that exists.
  inline static const std::set<std::string> kServedMethods = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE",
                                                              "OPTIONS"};

  ServerOptions options_;
  httplib::Server server_;
  std::vector<RouteEntry> routes_;
};

}  // namespace

std::unique_ptr<Server> MakeServer(const ServerOptions& options) { return std::make_unique<HttplibServer>(options); }

}  // namespace peakend::http
