// The cases API under /api/v1/cases: the inbox of moments of truth (list with filters and
// cursor pagination), a case with its customer's story, claiming, state changes, notes, and
// gestures spent from the employee's own budget.
#pragma once

#include "app/app.h"
#include "http/server.h"

namespace peakend::http {

void RegisterCasesApi(Server& server, App& app);

}  // namespace peakend::http
