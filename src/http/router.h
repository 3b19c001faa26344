// Router: what Peakend answers to a whole request, whatever server read it: the route whose
// pattern matches (HEAD served by GET routes, OPTIONS naming a path's methods or, for *, the
// server's, 404 and 405 as JSON errors), and the checks every route relies on before its
// handler runs (the host name it was sent to, the origin of a write, the body's type, coding, charset and size, the query's
// text). The server only moves bytes.
#pragma once

#include <cstddef>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "http/server.h"

namespace peakend::http {

class Router {
 public:
  Router(std::size_t max_body_bytes, std::vector<std::string> allowed_origins,
         std::vector<std::string> allowed_hosts = {});

  // See Server::Route. Not safe to call while Answer runs on another thread.
  void Add(const std::string& method, const std::string& pattern, Handler handler,
           BodyTypes body = BodyTypes::kJson);

  // The answer to `request` (path and query decoded, body read whole). A handler that throws
  // is answered 500. HEAD is answered as GET: the server sends the headers only.
  Response Answer(Request request) const;

  // Headers every answer carries, errors of the server included: Accept-Ranges: none (the API
  // sends whole JSON documents, RFC 9110 lets a server ignore Range); Cache-Control: no-store,
  // X-Content-Type-Options: nosniff and Referrer-Policy: no-referrer unless the route set them;
  // and the CORS headers for a request sent with `origin` ("" without an Origin header).
  void AddCommonHeaders(const std::string& origin, Response& response) const;

  // 413 for a body over max_body_bytes, sent or decompressed.
  Response TooLarge() const;

 private:
  struct Route {
    std::string method;
    std::regex pattern;
    Handler handler;
    BodyTypes body;
  };

  const Route* Find(const std::string& method, const Request& request, std::smatch& captures) const;
  Response AnswerOptions(const Request& request) const;
  Response AnswerUnrouted(const Request& request) const;
  // The checks of a request with a body, then the handler; the body decompressed in place.
  Response AnswerWithBody(const Route& route, Request& request) const;
  // The methods served on `path` ("*": anywhere), as an Allow header lists them; "" for a path
  // no route has.
  std::string Allowed(const std::string& path) const;
  bool IsAllowedOrigin(const std::string& origin) const;
  // 421 for a request sent to a host name the server does not answer to (see host_check.h).
  std::optional<Response> RefuseUnservedHost(const Request& request) const;
  // 403 for a write sent from a web page whose origin is neither listed nor the server's own.
  std::optional<Response> RefuseForeignWrite(const Request& request) const;

  std::size_t max_body_bytes_;
  std::vector<std::string> allowed_origins_;
  std::vector<std::string> allowed_hosts_;
  std::vector<Route> routes_;
};

}  // namespace peakend::http
