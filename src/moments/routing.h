// Routing: who should act on a new case. A case goes to the employee who served the customer,
// else to the team queue of the location, where any team member may claim it; praise goes to
// the praised employee's manager, as recognition. Breaches escalate to the team's manager.
// Pure: the caller passes the organisation's employees and teams.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/status.h"

namespace peakend::moments {

struct Directory {
  std::vector<Employee> employees;
  std::vector<Team> teams;

  const Employee* EmployeeById(Id id) const;
  const Employee* EmployeeByRef(const std::string& external_id) const;
  // The manager of a team (lowest id when there are several), else a manager at the location.
  const Employee* ManagerOf(std::optional<Id> team_id, std::optional<Id> location_id) const;
};

struct Routing {
  std::optional<Id> assignee_id;            // the employee expected to act; none = the team queue
  std::optional<Id> team_id;                // whose inbox it shows in
  std::optional<Id> escalation_manager_id;  // told when the SLA is breached
  std::string explanation;                  // in words, for the case history
};

Routing RouteCase(const std::string& rule, const Response& response, const Directory& directory);

// A case may be claimed by a member of its team, by a manager or admin, or by anyone when it
// belongs to no team. The error says who may claim it instead.
Status CheckCanClaim(const Employee& claimant, std::optional<Id> case_team_id, const Directory& directory);

}  // namespace peakend::moments
