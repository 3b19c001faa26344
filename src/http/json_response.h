// A JSON answer with its status, serialised the one way every route uses (invalid UTF-8 in
// stored text is replaced rather than failing the response).
#pragma once

#include <nlohmann/json.hpp>

#include "http/server.h"

namespace peakend::http {

inline Response JsonResponse(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

}  // namespace peakend::http
