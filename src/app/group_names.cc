#include "app/group_names.h"

namespace peakend {

std::map<std::string, std::string> GroupNames(Store& store, scores::GroupBy group) {
  std::map<std::string, std::string> names;
  if (group == scores::GroupBy::kLocation) {
    if (auto l = store.ListLocations(); l.ok())
      for (const auto& x : *l) names[std::to_string(x.id)] = x.name;
  } else if (group == scores::GroupBy::kTeam) {
    if (auto t = store.ListTeams(); t.ok())
      for (const auto& x : *t) names[std::to_string(x.id)] = x.name;
  } else if (group == scores::GroupBy::kEmployee) {
    if (auto e = store.ListEmployees(); e.ok())
      for (const auto& x : *e) names[std::to_string(x.id)] = x.first_name + " " + x.last_name;
  }
  return names;
}

}  // namespace peakend
