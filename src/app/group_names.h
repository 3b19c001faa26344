// Display names for the keys scores are grouped by (location, team and employee ids), shared
// by the API, the pages and the report command.
#pragma once

#include <map>
#include <string>

#include "scores/grouping.h"
#include "store/store.h"

namespace peakend {

std::map<std::string, std::string> GroupNames(Store& store, scores::GroupBy group);

}  // namespace peakend
