// Locations, teams and employees written again take the fields sent under the id they have,
// keep what is left out, and move what is counted from then on; on both stores.
#include "store/writer.h"
#include "store_fixture.h"

namespace peakend::testing {
namespace {

template <typename T>
T Find(const Result<std::vector<T>>& all, const std::string& external_id) {
  EXPECT_TRUE(all.ok()) << all.status().ToString();
  if (all.ok()) {
    for (const T& record : *all) {
      if (record.external_id == external_id) return record;
    }
  }
  ADD_FAILURE() << "no stored record " << external_id;
  return T{};
}

WriteRequest Move(const std::string& employee, const std::string& team) {
  WriteRequest w;
  Employee e;
  e.external_id = employee;
  e.team_ref = team;
  w.employees = {e};
  return w;
}

WriteRequest ServedBy(const std::string& response, const std::string& employee) {
  WriteRequest w;
  Response r = MakeResponse(response, 6);
  r.employee_ref = employee;
  w.responses = {r};
  return w;
}

// The organisation of OrgRecords() with two more teams: team-2 at shop-1 and team-3 at web.
class OrgUpsertTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    org_ = OrgRecords();
    org_.teams.push_back({0, "team-2", "Team Two", "shop-1", std::nullopt});
    org_.teams.push_back({0, "team-3", "Team Three", "web", std::nullopt});
    first_ = ApplyOne(*store_, org_);
    ASSERT_TRUE(first_.status.ok()) << first_.status.ToString();
  }

  Id TeamId(const std::string& external_id) { return Find(store_->ListTeams(), external_id).id; }

  // The team a stored response is counted for.
  std::optional<Id> TeamOfResponse(const std::string& external_id) {
    RecordFilter f;
    f.external_id = external_id;
    auto page = store_->ListResponses(f, {});
    EXPECT_TRUE(page.ok() && page->items.size() == 1u) << external_id;
    return page.ok() && page->items.size() == 1u ? page->items[0].team_id : std::nullopt;
  }

  WriteRequest org_;
  WriteResult first_;
};

TEST_P(OrgUpsertTest, ALocationIsRenamedUnderItsId) {
  Location renamed;
  renamed.external_id = "shop-1";
  renamed.name = "Winkel Utrecht Centrum";
  renamed.city = "Utrecht-Centrum";
  WriteRequest w;
  w.locations = {renamed};
  WriteResult result = ApplyOne(*store_, w);
  ASSERT_TRUE(result.status.ok()) << result.status.ToString();
  EXPECT_FALSE(result.locations[0].created);
  EXPECT_TRUE(result.locations[0].updated);
  EXPECT_EQ(result.locations[0].id, first_.locations[0].id);
  Location stored = Find(store_->ListLocations(), "shop-1");
  EXPECT_EQ(stored.id, first_.locations[0].id);
  EXPECT_EQ(stored.name, "Winkel Utrecht Centrum");
  EXPECT_EQ(stored.city, "Utrecht-Centrum");
  EXPECT_EQ(stored.kind, LocationKind::kShop);  // left out: kept
  EXPECT_EQ(stored.channel, "in-store");
  EXPECT_EQ(store_->Counts()->locations, 2);
  // What refers to it by id still does.
  EXPECT_EQ(Find(store_->ListTeams(), "team-1").location_ref, "shop-1");
}

// Through the one writer: the move is committed, and what the employee serves from then on is
// counted for the new team, while earlier answers stay with the team they were given to.
TEST_P(OrgUpsertTest, AnEmployeeMovesToAnotherTeamAndIsCountedThereFromThen) {
  Writer writer(*store_);
  ASSERT_TRUE(writer.Write(ServedBy("R-before", "E1")).status.ok());
  WriteResult moved = writer.Write(Move("E1", "team-2"));
  ASSERT_TRUE(moved.status.ok()) << moved.status.ToString();
  EXPECT_TRUE(moved.employees[0].updated);
  EXPECT_EQ(moved.employees[0].id, first_.employees[0].id);
  ASSERT_TRUE(writer.Write(ServedBy("R-after", "E1")).status.ok());
  WriteRequest visit;
  Interaction x = MakeInteraction("I-after", InteractionType::kShopVisit, "C1");
  x.employee_ref = "E1";
  visit.interactions = {x};
  ASSERT_TRUE(writer.Write(visit).status.ok());

  EXPECT_EQ(TeamOfResponse("R-before"), TeamId("team-1"));
  EXPECT_EQ(TeamOfResponse("R-after"), TeamId("team-2"));
  RecordFilter by_employee;
  by_employee.employee_ref = "E1";
  auto visits = store_->ListInteractions(by_employee, {});
  ASSERT_TRUE(visits.ok() && visits->items.size() == 1u);
  EXPECT_EQ(visits->items[0].team_id, TeamId("team-2"));
  Employee stored = Find(store_->ListEmployees(), "E1");
  EXPECT_EQ(stored.team_ref, "team-2");
  EXPECT_EQ(stored.first_name, "Sanne");     // left out: kept
  EXPECT_EQ(stored.location_ref, "shop-1");  // left out: kept
  EXPECT_EQ(store_->Counts()->employees, 1);

  // A move and an answer in one request: the answer already counts for the new team.
  WriteRequest both = Move("E1", "team-3");
  both.responses = ServedBy("R-same-request", "E1").responses;
  ASSERT_TRUE(writer.Write(both).status.ok());
  EXPECT_EQ(TeamOfResponse("R-same-request"), TeamId("team-3"));
}

TEST_P(OrgUpsertTest, AnEmployeeSentWithATeamAndNoLocationWorksWhereTheTeamDoes) {
  // A move to a team in another location moves the employee there.
  WriteResult moved = ApplyOne(*store_, Move("E1", "team-3"));
  ASSERT_TRUE(moved.status.ok()) << moved.status.ToString();
  Employee stored = Find(store_->ListEmployees(), "E1");
  EXPECT_EQ(stored.team_ref, "team-3");
  EXPECT_EQ(stored.location_ref, "web");
  // A new employee with a team only is at the team's location; a location sent still decides.
  auto person = [](const char* external_id, const char* team, const char* location) {
    Employee e;
    e.external_id = external_id;
    e.first_name = external_id;
    e.team_ref = team;
    e.location_ref = location;
    return e;
  };
  WriteRequest w;
  w.employees = {person("emp-new", "team-2", ""), person("emp-elsewhere", "team-2", "web")};
  WriteResult added = ApplyOne(*store_, w);
  ASSERT_TRUE(added.status.ok()) << added.status.ToString();
  EXPECT_EQ(Find(store_->ListEmployees(), "emp-new").location_ref, "shop-1");
  EXPECT_EQ(Find(store_->ListEmployees(), "emp-elsewhere").location_ref, "web");
}

TEST_P(OrgUpsertTest, RoleEmailFirstNameAndATeamsLocationChange) {
  Employee promoted;
  promoted.external_id = "E1";
  promoted.first_name = "Sanna";
  promoted.email = "sanna@example.nl";
  promoted.role = Role::kManager;
  Team moved{0, "team-2", "Team Two", "web", std::nullopt};
  WriteRequest w;
  w.teams = {moved};
  w.employees = {promoted};
  WriteResult result = ApplyOne(*store_, w);
  ASSERT_TRUE(result.status.ok()) << result.status.ToString();
  EXPECT_TRUE(result.teams[0].updated);
  EXPECT_TRUE(result.employees[0].updated);
  Employee stored = Find(store_->ListEmployees(), "E1");
  EXPECT_EQ(stored.first_name, "Sanna");
  EXPECT_EQ(stored.email, "sanna@example.nl");
  EXPECT_EQ(stored.role, Role::kManager);
  EXPECT_EQ(stored.team_ref, "team-1");  // left out: kept
  Team team = Find(store_->ListTeams(), "team-2");
  EXPECT_EQ(team.location_ref, "web");
  EXPECT_EQ(team.id, TeamId("team-2"));
}

TEST_P(OrgUpsertTest, FieldsLeftOutKeepWhatIsStored) {
  Employee full;
  full.external_id = "E1";
  full.first_name = "Sanne";
  full.last_name = "de Vries";
  full.email = "sanne@example.nl";
  full.role = Role::kManager;
  full.team_ref = "team-1";
  full.location_ref = "shop-1";
  WriteRequest w;
  w.employees = {full};
  ASSERT_TRUE(ApplyOne(*store_, w).employees.at(0).updated);

  Employee partial;  // only a new last name, as a sync sending what changed would
  partial.external_id = "E1";
  partial.last_name = "Jansen";
  w.employees = {partial};
  WriteResult renamed = ApplyOne(*store_, w);
  ASSERT_TRUE(renamed.status.ok()) << renamed.status.ToString();
  EXPECT_TRUE(renamed.employees[0].updated);
  Employee stored = Find(store_->ListEmployees(), "E1");
  EXPECT_EQ(stored.last_name, "Jansen");
  EXPECT_EQ(stored.first_name, "Sanne");
  EXPECT_EQ(stored.email, "sanne@example.nl");
  EXPECT_EQ(stored.role, Role::kManager);  // no role sent: not made an employee again
  EXPECT_EQ(stored.team_ref, "team-1");
  EXPECT_EQ(stored.location_ref, "shop-1");

  // A location and a team sent with their name alone keep kind, channel, city and location.
  WriteRequest names;
  Location web;
  web.external_id = "web";
  web.name = "Webshop";
  names.locations = {web};
  names.teams = {{0, "team-1", "Team Een", "", std::nullopt}};
  WriteResult result = ApplyOne(*store_, names);
  ASSERT_TRUE(result.status.ok()) << result.status.ToString();
  EXPECT_FALSE(result.locations[0].updated);  // the name it had: nothing changed
  EXPECT_TRUE(result.teams[0].updated);
  Location kept = Find(store_->ListLocations(), "web");
  EXPECT_EQ(kept.kind, LocationKind::kWebshop);
  EXPECT_EQ(kept.channel, "online");
  Team team = Find(store_->ListTeams(), "team-1");
  EXPECT_EQ(team.name, "Team Een");
  EXPECT_EQ(team.location_ref, "shop-1");
}

TEST_P(OrgUpsertTest, FieldsSentAsNullAreEmptied) {
  Writer writer(*store_);
  // The shop's city, and the employee's team: a sync that says "none any more".
  Location shop;
  shop.external_id = "shop-1";
  shop.name = "Shop One";
  shop.cleared = {"city"};
  Employee leaver;
  leaver.external_id = "E1";
  leaver.cleared = {"team"};
  WriteRequest w;
  w.locations = {shop};
  w.employees = {leaver};
  WriteResult cleared = writer.Write(w);
  ASSERT_TRUE(cleared.status.ok()) << cleared.status.ToString();
  EXPECT_TRUE(cleared.locations[0].updated);
  EXPECT_TRUE(cleared.employees[0].updated);
  Location stored_shop = Find(store_->ListLocations(), "shop-1");
  EXPECT_EQ(stored_shop.city, "");
  EXPECT_EQ(stored_shop.channel, "in-store");  // left out: kept
  Employee stored = Find(store_->ListEmployees(), "E1");
  EXPECT_EQ(stored.team_ref, "");
  EXPECT_EQ(stored.team_id, std::nullopt);
  EXPECT_EQ(stored.location_ref, "shop-1");
  // From then on the employee's answers count for no team.
  ASSERT_TRUE(writer.Write(ServedBy("R-no-team", "E1")).status.ok());
  EXPECT_EQ(TeamOfResponse("R-no-team"), std::nullopt);
  // The same again changes nothing.
  WriteResult again = writer.Write(w);
  ASSERT_TRUE(again.status.ok());
  EXPECT_FALSE(again.locations[0].updated);
  EXPECT_FALSE(again.employees[0].updated);

  // A location sent as null with a team is the team's, as one left out is.
  Employee moved;
  moved.external_id = "E1";
  moved.team_ref = "team-3";
  moved.cleared = {"location"};
  WriteRequest move;
  move.employees = {moved};
  ASSERT_TRUE(writer.Write(move).status.ok());
  EXPECT_EQ(Find(store_->ListEmployees(), "E1").location_ref, "web");

  // A customer's e-mail, erased.
  WriteRequest crm;
  Customer c;
  c.external_id = "C-null";
  c.email = "anna@example.nl";
  c.segment = "gold";
  crm.customers = {c};
  ASSERT_TRUE(writer.Write(crm).status.ok());
  c.email.clear();
  c.segment.clear();
  c.cleared = {"email"};
  crm.customers = {c};
  ASSERT_TRUE(writer.Write(crm).customers.at(0).updated);
  RecordFilter f;
  f.external_id = "C-null";
  auto customers = store_->ListCustomers(f, {});
  ASSERT_TRUE(customers.ok() && customers->items.size() == 1u);
  EXPECT_EQ(customers->items[0].email, "");
  EXPECT_EQ(customers->items[0].segment, "gold");
}

TEST_P(OrgUpsertTest, SendingTheSameOrganisationAgainChangesNothing) {
  std::uint64_t version = store_->organisation_version();
  WriteResult again = ApplyOne(*store_, org_);
  ASSERT_TRUE(again.status.ok()) << again.status.ToString();
  for (auto outcomes : {&WriteResult::locations, &WriteResult::teams, &WriteResult::employees}) {
    ASSERT_EQ((again.*outcomes).size(), (first_.*outcomes).size());
    for (std::size_t i = 0; i < (again.*outcomes).size(); ++i) {
      EXPECT_FALSE((again.*outcomes)[i].created);
      EXPECT_FALSE((again.*outcomes)[i].updated);
      EXPECT_EQ((again.*outcomes)[i].id, (first_.*outcomes)[i].id);
    }
  }
  EXPECT_EQ(store_->organisation_version(), version);  // nothing to reload
  auto counts = store_->Counts();
  EXPECT_EQ(counts->locations, 2);
  EXPECT_EQ(counts->teams, 3);
  EXPECT_EQ(counts->employees, 1);
  EXPECT_EQ(Find(store_->ListEmployees(), "E1").team_ref, "team-1");
  // A change does tell the caches.
  ASSERT_TRUE(ApplyOne(*store_, Move("E1", "team-2")).status.ok());
  EXPECT_GT(store_->organisation_version(), version);
}

// A request refused whole takes its moves back out of the writer's employee -> team cache,
// also when it moved someone twice, so answers committed with it (and after) count for the team
// that is stored.
TEST_P(OrgUpsertTest, ARefusedRequestLeavesEveryoneInTheirTeam) {
  std::uint64_t version = store_->organisation_version();
  WriteRequest refused = Move("E1", "team-2");
  refused.employees.push_back(Move("E1", "team-3").employees[0]);
  Employee newcomer;
  newcomer.external_id = "E2";
  newcomer.first_name = "Ahmed";
  newcomer.team_ref = "team-2";
  refused.employees.push_back(newcomer);
  refused.responses = {MakeResponse("R-refused", 5, "shop-nowhere")};
  WriteRequest next = ServedBy("R-next", "E1");
  auto results = store_->Apply({&refused, &next});  // one commit, the first request undone alone
  ASSERT_TRUE(results.ok()) << results.status().ToString();
  EXPECT_EQ((*results)[0].status.code(), StatusCode::kNotFound);
  EXPECT_TRUE((*results)[0].employees.empty());
  ASSERT_TRUE((*results)[1].status.ok()) << (*results)[1].status.ToString();

  EXPECT_EQ(TeamOfResponse("R-next"), TeamId("team-1"));
  ASSERT_TRUE(ApplyOne(*store_, ServedBy("R-later", "E1")).status.ok());
  EXPECT_EQ(TeamOfResponse("R-later"), TeamId("team-1"));
  EXPECT_EQ(Find(store_->ListEmployees(), "E1").team_ref, "team-1");
  EXPECT_EQ(store_->Counts()->employees, 1);
  EXPECT_EQ(store_->organisation_version(), version);
  // The newcomer was forgotten too: sent again, it is created.
  WriteRequest hire;
  hire.employees = {newcomer};
  WriteResult hired = ApplyOne(*store_, hire);
  ASSERT_TRUE(hired.status.ok()) << hired.status.ToString();
  EXPECT_TRUE(hired.employees[0].created);
  ASSERT_TRUE(ApplyOne(*store_, ServedBy("R-newcomer", "E2")).status.ok());
  EXPECT_EQ(TeamOfResponse("R-newcomer"), TeamId("team-2"));
}

TEST_P(OrgUpsertTest, AnUnknownTeamOrLocationIsNamedAndChangesNothing) {
  std::uint64_t version = store_->organisation_version();
  WriteResult employee = ApplyOne(*store_, Move("E1", "team-nowhere"));
  EXPECT_EQ(employee.status.code(), StatusCode::kNotFound);
  EXPECT_EQ(employee.status.field(), "team");
  EXPECT_NE(employee.status.message().find("team-nowhere"), std::string::npos) << employee.status.message();
  EXPECT_NE(employee.status.message().find("employees[0]"), std::string::npos) << employee.status.message();

  WriteRequest w;
  w.teams = {{0, "team-1", "Team One", "shop-nowhere", std::nullopt}};
  WriteResult team = ApplyOne(*store_, w);
  EXPECT_EQ(team.status.code(), StatusCode::kNotFound);
  EXPECT_EQ(team.status.field(), "location");

  EXPECT_EQ(Find(store_->ListEmployees(), "E1").team_ref, "team-1");
  EXPECT_EQ(Find(store_->ListTeams(), "team-1").location_ref, "shop-1");
  EXPECT_EQ(store_->organisation_version(), version);
  ASSERT_TRUE(ApplyOne(*store_, ServedBy("R1", "E1")).status.ok());
  EXPECT_EQ(TeamOfResponse("R1"), TeamId("team-1"));
}

INSTANTIATE_TEST_SUITE_P(Backends, OrgUpsertTest, ::testing::Values("sqlite", "postgresql"), BackendName);

}  // namespace
}  // namespace peakend::testing
