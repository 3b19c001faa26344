#include "http/server.h"

#include <algorithm>
#include <cctype>
#include <thread>

#include <nlohmann/json.hpp>

namespace peakend::http {
namespace {

bool EqualsIgnoreCase(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

int DefaultWorkerThreads() {
  int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));  // 0 when unknown
  return std::min(limits::kMaxHttpThreads,
                  std::max(limits::kMinAutoHttpThreads, limits::kAutoHttpThreadsPerCore * cores));
}

std::string Request::Query(const std::string& name) const {
  auto it = query.find(name);
  return it == query.end() ? "" : it->second;
}

std::string Request::Header(const std::string& name) const {
  for (const auto& [k, v] : headers) {
    if (EqualsIgnoreCase(k, name)) return v;
  }
  return "";
}

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kAlreadyExists: return 409;
    case StatusCode::kResourceExhausted: return 413;
    case StatusCode::kFailedPrecondition: return 422;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kInternal:
    case StatusCode::kIoError: return 500;
  }
  return 500;
}

Response ErrorResponse(int http_status, const std::string& error, const std::string& detail,
                       const std::string& field) {
  nlohmann::json body = {{"error", error}, {"field", field.empty() ? nlohmann::json(nullptr) : nlohmann::json(field)},
                         {"detail", detail}};
  Response r;
  r.status = http_status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response ErrorResponse(const Status& status) {
  return ErrorResponse(HttpStatusFor(status.code()), StatusCodeName(status.code()), status.message(), status.field());
}

}  // namespace peakend::http
