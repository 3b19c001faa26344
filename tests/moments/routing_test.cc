#include "moments/routing.h"

#include <gtest/gtest.h>

namespace peakend::moments {
namespace {

Directory Shop() {
  Directory d;
  d.teams = {{10, "team-u", "Team Utrecht", "shop-u", 1}, {11, "team-a", "Team Amsterdam", "shop-a", 2}};
  Employee sanne{1, "E1", "Sanne", "de Vries", "", Role::kEmployee, "team-u", "shop-u", 10, 1};
  Employee mark{2, "E2", "Mark", "", "", Role::kManager, "team-u", "shop-u", 10, 1};
  Employee lotte{3, "E3", "Lotte", "", "", Role::kEmployee, "team-a", "shop-a", 11, 2};
  d.employees = {sanne, mark, lotte};
  return d;
}

TEST(Routing, ToTheEmployeeWhoServed) {
  Response r;
  r.employee_id = 1;
  r.location_id = 1;
  Routing route = RouteCase("very_bad_experience", r, Shop());
  EXPECT_EQ(route.assignee_id, std::optional<Id>(1));
  EXPECT_EQ(route.team_id, std::optional<Id>(10));
  EXPECT_EQ(route.escalation_manager_id, std::optional<Id>(2));  // told when the SLA is breached
  EXPECT_NE(route.explanation.find("E1 (Sanne de Vries), who served"), std::string::npos) << route.explanation;
}

TEST(Routing, ElseToTheTeamQueueOfTheLocation) {
  Response r;
  r.location_id = 2;
  Routing route = RouteCase("effort", r, Shop());
  EXPECT_FALSE(route.assignee_id.has_value());
  EXPECT_EQ(route.team_id, std::optional<Id>(11));
  EXPECT_NE(route.explanation.find("queue of team team-a"), std::string::npos);
  Response nowhere;
  EXPECT_FALSE(RouteCase("effort", nowhere, Shop()).team_id.has_value());
}

TEST(Routing, PraiseGoesToThePraisedEmployeesManager) {
  Response r;
  r.employee_id = 3;  // served by Lotte, but the comment praises Sanne
  r.tags = {{"mention", "E1", 0.9, "Sanne was geweldig"}};
  Routing route = RouteCase("praise", r, Shop());
  EXPECT_EQ(route.assignee_id, std::optional<Id>(2));
  EXPECT_EQ(route.team_id, std::optional<Id>(10));
  EXPECT_NE(route.explanation.find("recognition for E1"), std::string::npos);
}

TEST(Routing, WhoMayClaim) {
  Directory d = Shop();
  EXPECT_TRUE(CheckCanClaim(d.employees[0], 10, d).ok());   // a member of the team
  EXPECT_TRUE(CheckCanClaim(d.employees[1], 11, d).ok());   // a manager
  EXPECT_TRUE(CheckCanClaim(d.employees[2], std::nullopt, d).ok());  // a case of no team
  Status other = CheckCanClaim(d.employees[2], 10, d);       // another team's employee
  EXPECT_FALSE(other.ok());
  EXPECT_NE(other.message().find("not in team team-u"), std::string::npos) << other.message();
  EXPECT_EQ(other.field(), "employee");  // the field of the claim to change
}

}  // namespace
}  // namespace peakend::moments
