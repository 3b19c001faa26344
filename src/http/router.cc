#include "http/router.h"

#include <algorithm>
#include <array>
#include <exception>
#include <set>

#include <spdlog/spdlog.h>

#include "core/strings.h"
#include "http/body_coding.h"
#include "http/cors.h"
#include "http/host_check.h"
#include "ingest/validation.h"

namespace peakend::http {
namespace {

// The asterisk-form target of OPTIONS * (RFC 9112 3.2.4): it asks what the server as a whole
// supports (RFC 9110 9.3.7), so it names every method some route serves.
constexpr std::string_view kWholeServer = "*";

bool IsText(const std::string& text) { return ingest::IsValidUtf8(text) && text.find('\0') == std::string::npos; }

// Query parameters are decoded from percent escapes into any bytes. Text that is not UTF-8 (or
// holds a NUL) matches nothing stored, and PostgreSQL refuses it with an error, so it is named
// as the client's mistake here, for every route.
Status CheckQueryText(const Request& request) {
  for (const auto& [name, value] : request.query) {
    if (IsText(name) && IsText(value)) continue;
    bool named = IsText(name);
    return Status::InvalidArgument((named ? "query parameter '" + name + "'" : std::string("a query parameter")) +
                                       " is not UTF-8 text; percent-encode it from UTF-8 (%C3%A9 for \u00e9)",
                                   named ? name : "");
  }
  return Status::Ok();
}

// The charset parameter of a Content-Type, in lower case; "" when it names none.
std::string Charset(const std::string& content_type) {
  std::string lower = AsciiLower(content_type);
  std::size_t at = lower.find("charset=");
  if (at == std::string::npos) return "";
  std::string charset = lower.substr(at + std::string_view("charset=").size());
  charset = charset.substr(0, charset.find_first_of("; \t"));
  charset.erase(std::remove(charset.begin(), charset.end(), '"'), charset.end());
  return charset;
}

// The media types a body may be labelled with. Browsers send text/plain, a form's types, or a
// body without any Content-Type to another site without asking it first (no CORS preflight), so
// a server that read those as JSON would take writes from any web page its users open. JSON's
// own types make the browser ask first, and only listed origins are answered (see cors.h).
constexpr std::array<std::string_view, 1> kJsonTypes = {"application/json"};
constexpr std::array<std::string_view, 4> kRecordStreamTypes = {"application/x-ndjson", "application/ndjson",
                                                               "application/jsonl", "application/json-seq"};

// The media type of a Content-Type without its parameters, in lower case: "application/json"
// for "Application/JSON; charset=utf-8".
std::string MediaType(const std::string& content_type) {
  return std::string(TrimSpace(AsciiLower(content_type.substr(0, content_type.find(';')))));
}

bool Accepts(BodyTypes body, const std::string& media_type) {
  auto listed = [&](const auto& types) { return std::find(types.begin(), types.end(), media_type) != types.end(); };
  return listed(kJsonTypes) || (body == BodyTypes::kJsonOrRecordStream && listed(kRecordStreamTypes));
}

std::string AcceptedTypes(BodyTypes body) {
  std::vector<std::string_view> types(kJsonTypes.begin(), kJsonTypes.end());
  if (body == BodyTypes::kJsonOrRecordStream) types.insert(types.end(), kRecordStreamTypes.begin(), kRecordStreamTypes.end());
  return JoinWithCommas(types);
}

Response UnsupportedMediaType(const std::string& content_type, BodyTypes body) {
  std::string sent = content_type.empty() ? "the body has no Content-Type"
                                          : "Content-Type '" + Shorten(content_type, limits::kMaxEchoedNameBytes) +
                                                "' is not read here";
  return ErrorResponse(415, "unsupported_media_type",
                       sent + "; send the body as JSON labelled Content-Type: " + AcceptedTypes(body) +
                           " (with curl: -H 'Content-Type: application/json')",
                       "Content-Type");
}

// Whether `origin` (scheme://host[:port], as a browser sends it) names the host the request
// was sent to, as its Host header names it: a page of the server itself. The scheme is not
// compared, since a proxy in front may take HTTPS and forward HTTP.
bool IsSameOrigin(const std::string& origin, const std::string& host) {
  std::size_t sep = origin.find("://");
  if (sep == std::string::npos || host.empty()) return false;
  std::string scheme = AsciiLower(origin.substr(0, sep));
  std::string authority = AsciiLower(origin.substr(sep + 3));
  std::string target = AsciiLower(host);
  std::string_view default_port = scheme == "https" ? ":443" : ":80";
  if (target.size() > default_port.size() && target.ends_with(default_port)) {
    target.resize(target.size() - default_port.size());
  }
  return authority == target;
}

bool IsWrite(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

Response UnsupportedEncoding(const std::string& encoding) {
  return ErrorResponse(415, "unsupported_media_type",
                       "Content-Encoding '" + Shorten(encoding, limits::kMaxEchoedNameBytes) +
                           "' is not supported; send the body uncompressed or with Content-Encoding: gzip or "
                           "deflate (in lower case)",
                       "body");
}

// Runs a route's handler; what it throws is a bug of ours, answered 500 and logged.
Response Call(const Handler& handler, const Request& request) {
  try {
    return handler(request);
  } catch (const std::exception& e) {
    spdlog::error("{} {} failed: {}", request.method, request.path, e.what());
  } catch (...) {
    spdlog::error("{} {} failed with an unknown exception", request.method, request.path);
  }
  return ErrorResponse(500, "internal", "the server failed while handling this request; see the server log");
}

}  // namespace

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kDataHeaders = {{
    {"Cache-Control", "no-store"}, {"X-Content-Type-Options", "nosniff"}, {"Referrer-Policy", "no-referrer"}}};

}  // namespace

Router::Router(std::size_t max_body_bytes, std::vector<std::string> allowed_origins,
               std::vector<std::string> allowed_hosts)
    : max_body_bytes_(max_body_bytes),
      allowed_origins_(std::move(allowed_origins)),
      allowed_hosts_(std::move(allowed_hosts)) {}

void Router::Add(const std::string& method, const std::string& pattern, Handler handler, BodyTypes body) {
  // A trailing slash ("/api/v1/responses/") names the same resource, as most clients expect.
  routes_.push_back({method, std::regex(pattern + "/?"), std::move(handler), body});
}

const Router::Route* Router::Find(const std::string& method, const Request& request, std::smatch& captures) const {
  for (const auto& route : routes_) {
    if (route.method == method && std::regex_match(request.path, captures, route.pattern)) return &route;
  }
  return nullptr;
}

Response Router::Answer(Request request) const {
  if (auto refused = RefuseUnservedHost(request)) return *refused;
  if (request.method == "OPTIONS") return AnswerOptions(request);
  if (request.path == kWholeServer) {
    return ErrorResponse(400, "bad_request",
                         "the target * names the server as a whole, which only OPTIONS asks about; name a path",
                         "target");
  }
  const std::string& method = request.method == "HEAD" ? std::string("GET") : request.method;
  std::smatch captures;
  const Route* route = Find(method, request, captures);
  if (route == nullptr) return AnswerUnrouted(request);
  for (std::size_t i = 1; i < captures.size(); ++i) request.path_params.push_back(captures[i].str());
  if (IsWrite(method)) {
    if (auto refused = RefuseForeignWrite(request)) return *refused;
    return AnswerWithBody(*route, request);
  }
  if (Status query = CheckQueryText(request); !query.ok()) return ErrorResponse(query);
  return Call(route->handler, request);
}

// A body is read only when labelled as JSON (see kJsonTypes). A write without a body and
// without a label is left to its route, which says what the body must hold.
Response Router::AnswerWithBody(const Route& route, Request& request) const {
  const std::string content_type = request.Header("Content-Type");
  if ((!request.body.empty() || !content_type.empty()) && !Accepts(route.body, MediaType(content_type))) {
    return UnsupportedMediaType(content_type, route.body);
  }
  const std::string encoding = request.Header("Content-Encoding");
  switch (ClassifyContentEncoding(encoding)) {
    case BodyCoding::kUnsupported:
      return UnsupportedEncoding(encoding);
    case BodyCoding::kCompressed: {
      auto inflated = Inflate(request.body, max_body_bytes_);
      if (!inflated.ok() && inflated.status().code() == StatusCode::kResourceExhausted) return TooLarge();
      if (!inflated.ok()) {
        return ErrorResponse(400, "invalid_argument",
                             "the request body could not be read completely; check that it is compressed as its "
                             "Content-Encoding '" + encoding + "' says",
                             "body");
      }
      request.body = std::move(inflated).value();
      break;
    }
    case BodyCoding::kIdentity:
      break;
  }
  if (std::string charset = Charset(request.Header("Content-Type"));
      !charset.empty() && charset != "utf-8" && charset != "utf8" && !ingest::IsValidUtf8(request.body)) {
    // Java's and older .NET clients label and encode text as ISO-8859-1 unless told otherwise.
    return ErrorResponse(415, "unsupported_media_type",
                         "the body is encoded as charset=" + Shorten(charset, limits::kMaxEchoedNameBytes) +
                             "; send JSON encoded as UTF-8 (Content-Type: application/json; charset=utf-8)",
                         "body");
  }
  if (Status query = CheckQueryText(request); !query.ok()) return ErrorResponse(query);
  return Call(route.handler, request);
}

// OPTIONS names the methods of a path (a client or a CORS preflight asking before it sends),
// and OPTIONS * those of the server as a whole.
Response Router::AnswerOptions(const Request& request) const {
  std::string allowed = Allowed(request.path);
  if (allowed.empty()) return ErrorResponse(404, "not_found", "no route for " + request.path);
  Response response;
  response.status = 204;
  response.body.clear();
  response.headers.emplace("Allow", allowed);
  if (IsAllowedOrigin(request.Header("Origin")) && !request.Header("Access-Control-Request-Method").empty()) {
    response.headers.emplace("Access-Control-Allow-Methods", allowed);
    response.headers.emplace("Access-Control-Allow-Headers",
                             CorsAllowedHeaders(request.Header("Access-Control-Request-Headers")));
    response.headers.emplace("Access-Control-Max-Age", std::to_string(kCorsMaxAgeSeconds));
  }
  return response;
}

// A path no route has is 404; a method the path does not serve (an unknown one too) is 405
// with the methods it does.
Response Router::AnswerUnrouted(const Request& request) const {
  std::string allowed = Allowed(request.path);
  if (allowed.empty()) return ErrorResponse(404, "not_found", "no route for " + request.method + " " + request.path);
  Response response = ErrorResponse(405, "method_not_allowed",
                                    Shorten(request.method, limits::kMaxEchoedNameBytes) + " is not allowed on " +
                                        request.path + "; use " + allowed);
  response.headers.emplace("Allow", allowed);
  return response;
}

std::string Router::Allowed(const std::string& path) const {
  std::set<std::string> methods;
  for (const auto& route : routes_) {
    if (path == kWholeServer || std::regex_match(path, route.pattern)) methods.insert(route.method);
  }
  if (methods.empty()) return "";
  if (methods.count("GET")) methods.insert("HEAD");
  methods.insert("OPTIONS");
  return JoinWithCommas(methods);
}

bool Router::IsAllowedOrigin(const std::string& origin) const {
  return !origin.empty() && std::find(allowed_origins_.begin(), allowed_origins_.end(), origin) != allowed_origins_.end();
}

std::optional<Response> Router::RefuseUnservedHost(const Request& request) const {
  const std::string host = request.Header("Host");
  if (IsServedHost(host, allowed_hosts_)) return std::nullopt;
  return ErrorResponse(421, "misdirected_request",
                       "this server does not answer to the host name '" + Shorten(host, limits::kMaxEchoedNameBytes) +
                           "'; reach it by its IP address or localhost, or list the name in http.allowed_hosts "
                           "(--http-allowed-hosts)",
                       "Host");
}

// A browser names the page's origin on every write it sends to another site, and a page can
// send some (a form, a text/plain fetch) without CORS asking first: without this check, any
// site a user opens could write here in their name, as the API has no authentication yet.
// Requests without an Origin (servers, scripts, curl) and the server's own pages pass.
std::optional<Response> Router::RefuseForeignWrite(const Request& request) const {
  const std::string origin = request.Header("Origin");
  if (origin.empty() || IsAllowedOrigin(origin) || IsSameOrigin(origin, request.Header("Host"))) return std::nullopt;
  return ErrorResponse(403, "forbidden",
                       "a web page on " + Shorten(origin, limits::kMaxEchoedNameBytes) +
                           " may not write here; list that origin in http.allowed_origins "
                           "(--http-allowed-origins) if its pages should post to Peakend",
                       "Origin");
}

void Router::AddCommonHeaders(const std::string& origin, Response& response) const {
  response.headers.erase("Accept-Ranges");
  response.headers.emplace("Accept-Ranges", "none");
  // Answers hold customer data: no cache keeps them, no browser reads them as another type
  // than they are labelled (a JSON error echoing a path is never run as a page), no link on a
  // page hands its address (with its filters) to another site.
  for (const auto& [name, value] : kDataHeaders) {
    if (response.headers.find(std::string(name)) == response.headers.end()) response.headers.emplace(name, value);
  }
  if (allowed_origins_.empty()) return;
  // On every answer to every origin: a cache must not hand one origin's answer to another.
  response.headers.emplace("Vary", "Origin");
  if (IsAllowedOrigin(origin)) response.headers.emplace("Access-Control-Allow-Origin", origin);
}

Response Router::TooLarge() const {
  return ErrorResponse(413, "resource_exhausted",
                       "request body is larger than the limit of " + std::to_string(max_body_bytes_) +
                           " bytes; split the batch or raise max_body_bytes",
                       "body");
}

}  // namespace peakend::http
