#include "moments/routing.h"

#include "moments/rules.h"

namespace peakend::moments {
namespace {

std::string Describe(const Employee& e) {
  std::string name = e.first_name + (e.last_name.empty() ? "" : " " + e.last_name);
  return e.external_id + (name.empty() ? "" : " (" + name + ")");
}

std::optional<Id> FirstTeamAt(const Directory& d, std::optional<Id> location_id) {
  if (!location_id) return std::nullopt;
  const Team* best = nullptr;
  for (const auto& t : d.teams) {
    if (t.location_id == location_id && (!best || t.id < best->id)) best = &t;
  }
  return best ? std::optional<Id>(best->id) : std::nullopt;
}

std::string TeamName(const Directory& d, std::optional<Id> team_id) {
  for (const auto& t : d.teams) {
    if (team_id && t.id == *team_id) return t.external_id.empty() ? t.name : t.external_id;
  }
  return "";
}

}  // namespace

const Employee* Directory::EmployeeById(Id id) const {
  for (const auto& e : employees) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

const Employee* Directory::EmployeeByRef(const std::string& external_id) const {
  if (external_id.empty()) return nullptr;
  for (const auto& e : employees) {
    if (e.external_id == external_id) return &e;
  }
  return nullptr;
}

const Employee* Directory::ManagerOf(std::optional<Id> team_id, std::optional<Id> location_id) const {
  const Employee* by_team = nullptr;
  const Employee* by_location = nullptr;
  for (const auto& e : employees) {
    if (e.role != Role::kManager) continue;
    if (team_id && e.team_id == team_id && (!by_team || e.id < by_team->id)) by_team = &e;
    if (location_id && e.location_id == location_id && (!by_location || e.id < by_location->id)) by_location = &e;
  }
  return by_team ? by_team : by_location;
}

Routing RouteCase(const std::string& rule, const Response& r, const Directory& d) {
  Routing out;
  if (rule == kPraise) {
    // Recognition goes to the manager of the employee who was praised (or who served).
    const Employee* praised = nullptr;
    for (const auto& t : r.tags) {
      if (t.kind == "mention" && !praised) praised = d.EmployeeByRef(t.name);
    }
    if (!praised && r.employee_id) praised = d.EmployeeById(*r.employee_id);
    if (praised) {
      out.team_id = praised->team_id;
      const Employee* manager = d.ManagerOf(praised->team_id, praised->location_id);
      if (manager && manager->id != praised->id) {
        out.assignee_id = manager->id;
        out.escalation_manager_id = manager->id;
        out.explanation = "recognition for " + Describe(*praised) + ", to their manager " + Describe(*manager);
        return out;
      }
      out.explanation = "recognition for " + Describe(*praised) + "; no manager found, so to the team queue";
      return out;
    }
  }
  if (r.employee_id) {
    if (const Employee* served = d.EmployeeById(*r.employee_id)) {
      out.assignee_id = served->id;
      out.team_id = served->team_id ? served->team_id : r.team_id;
      if (const Employee* m = d.ManagerOf(out.team_id, served->location_id)) out.escalation_manager_id = m->id;
      out.explanation = "to " + Describe(*served) + ", who served the customer";
      return out;
    }
  }
  out.team_id = r.team_id ? r.team_id : FirstTeamAt(d, r.location_id);
  if (const Employee* m = d.ManagerOf(out.team_id, r.location_id)) out.escalation_manager_id = m->id;
  std::string team = TeamName(d, out.team_id);
  out.explanation = team.empty() ? "no employee or team is known for this response: unassigned"
                                 : "to the queue of team " + team + ", where any member may claim it";
  return out;
}

Status CheckCanClaim(const Employee& claimant, std::optional<Id> case_team_id, const Directory& d) {
  if (!case_team_id || claimant.role != Role::kEmployee || claimant.team_id == case_team_id) return Status::Ok();
  return Status(StatusCode::kFailedPrecondition,
                "employee " + claimant.external_id + " is not in team " + TeamName(d, case_team_id) +
                    "; a member of that team or a manager may claim this case",
                "employee");
}

}  // namespace peakend::moments
