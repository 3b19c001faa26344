// The JSON API under /api/v1: ingest (responses, interactions), listing with filters and cursor
// pagination, scores, journeys with their remembered (peak-end) experience, and text aspects.
// Every error is {error, field, detail} with a 4xx/5xx status; a 2xx on a write means the data
// is committed.
#pragma once

#include "app/app.h"
#include "http/server.h"

namespace peakend::http {

void RegisterApi(Server& server, App& app);

}  // namespace peakend::http
