// Web pages, kept apart from the JSON API: they read the same library but render HTML for
// people. The first page is the overview: scores per location and the monthly trend.
#pragma once

#include "app/app.h"
#include "http/server.h"

namespace peakend::web {

void RegisterPages(http::Server& server, App& app);

}  // namespace peakend::web
