#include "store/sql_store.h"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>

#include "core/limits.h"
#include "core/strings.h"
#include "store/schema.h"
#include "store/sql/page_reader.h"

namespace peakend {
namespace {

constexpr std::size_t kMaxIdleReaders = 8;

const char* kResponseColumns =
    "r.id, r.external_id, i.external_id, c.external_id, l.external_id, e.external_id, r.journey_id, "
    "r.nps, r.csat, r.ces, r.effectiveness, r.ease, r.emotion, r.comment, r.language, r.submitted_at, r.channel, "
    "r.sentiment, r.sentiment_label, r.analysis_json, r.interaction_id, r.customer_id, r.location_id, r.team_id, "
    "r.employee_id, r.interaction_type "
    "FROM responses r LEFT JOIN interactions i ON i.id = r.interaction_id "
    "LEFT JOIN customers c ON c.id = r.customer_id LEFT JOIN locations l ON l.id = r.location_id "
    "LEFT JOIN employees e ON e.id = r.employee_id";

const char* kInteractionColumns =
    "x.id, x.external_id, x.type, x.occurred_at, c.external_id, l.external_id, e.external_id, x.journey_id, "
    "x.customer_id, x.location_id, x.team_id, x.employee_id "
    "FROM interactions x LEFT JOIN customers c ON c.id = x.customer_id "
    "LEFT JOIN locations l ON l.id = x.location_id LEFT JOIN employees e ON e.id = x.employee_id";

std::optional<int> OptInt(const sql::Statement& s, int c) {
  return s.IsNull(c) ? std::nullopt : std::optional<int>(static_cast<int>(s.Int(c)));
}

Response ReadResponse(const sql::Statement& s) {
  Response r;
  r.id = s.Int(0);
  r.external_id = s.Text(1);
  r.interaction_ref = s.Text(2);
  r.customer_ref = s.Text(3);
  r.location_ref = s.Text(4);
  r.employee_ref = s.Text(5);
  r.journey_id = s.Text(6);
  r.answers.nps = OptInt(s, 7);
  r.answers.csat = OptInt(s, 8);
  r.answers.ces = OptInt(s, 9);
  r.answers.effectiveness = OptInt(s, 10);
  r.answers.ease = OptInt(s, 11);
  r.answers.emotion = OptInt(s, 12);
  r.comment = s.Text(13);
  r.language = s.Text(14);
  r.submitted_at = s.Int(15);
  r.channel = ParseResponseChannel(s.Text(16)).value_or(ResponseChannel::kApi);
  r.sentiment = s.OptionalDouble(17);
  r.sentiment_label = s.Text(18);
  r.analysis_json = s.Text(19);
  r.interaction_id = s.OptionalInt(20);
  r.customer_id = s.OptionalInt(21);
  r.location_id = s.OptionalInt(22);
  r.team_id = s.OptionalInt(23);
  r.employee_id = s.OptionalInt(24);
  if (!s.IsNull(25)) r.interaction_type = ParseInteractionType(s.Text(25));
  return r;
}

Interaction ReadInteraction(const sql::Statement& s) {
  Interaction x;
  x.id = s.Int(0);
  x.external_id = s.Text(1);
  x.type = ParseInteractionType(s.Text(2)).value_or(InteractionType::kOther);
  x.occurred_at = s.Int(3);
  x.customer_ref = s.Text(4);
  x.location_ref = s.Text(5);
  x.employee_ref = s.Text(6);
  x.journey_id = s.Text(7);
  x.customer_id = s.OptionalInt(8);
  x.location_id = s.OptionalInt(9);
  x.team_id = s.OptionalInt(10);
  x.employee_id = s.OptionalInt(11);
  return x;
}

// Builds "WHERE ..." clauses with numbered parameters for the filters a query supports.
class WhereBuilder {
 public:
  explicit WhereBuilder(std::string alias) : alias_(std::move(alias)) {}
  void AddInt(const std::string& condition, std::int64_t value) {
    ints_.push_back({next_, value});
    clauses_.push_back(Substitute(condition));
  }
  void AddText(const std::string& condition, const std::string& value) {
    texts_.push_back({next_, value});
    clauses_.push_back(Substitute(condition));
  }
  // Two text params in one condition (tag kind and name).
  void AddText2(const std::string& condition, const std::string& a, const std::string& b) {
    std::string c = condition;
    std::size_t p = c.find('?');
    int first = NextParam();
    c.replace(p, 1, "$" + std::to_string(first));
    p = c.find('?');
    c.replace(p, 1, "$" + std::to_string(first + 1));
    clauses_.push_back(c);
    texts_.push_back({first, a});
    texts_.push_back({first + 1, b});
    next_ = first + 2;
  }
  std::string Sql() const {
    std::string out;
    for (const auto& c : clauses_) out += (out.empty() ? " WHERE " : " AND ") + c;
    return out;
  }
  void Bind(sql::Statement& s) const {
    for (const auto& [i, v] : ints_) s.BindInt(i, v);
    for (const auto& [i, v] : texts_) s.BindText(i, v);
  }
  int NextParam() const { return next_; }

 private:
  std::string Substitute(const std::string& condition) {
    std::string c = condition;
    std::size_t p = c.find('?');
    if (p != std::string::npos) c.replace(p, 1, "$" + std::to_string(next_++));
    return c;
  }
  std::string alias_;
  std::vector<std::string> clauses_;
  std::vector<std::pair<int, std::int64_t>> ints_;
  std::vector<std::pair<int, std::string>> texts_;
  int next_ = 1;
};

// One field of a record written by external id; a field left out is bound as NULL.
struct UpsertColumn {
  const char* name;
  // What a new record stores when the field is left out (SQL, for NOT NULL columns); empty: NULL.
  std::string when_left_out;
};

// The two statements that write a location, team, employee or customer by external id, with
// its fields bound as $2, $3, ... in column order. `insert` adds a new external id ($1) and
// returns the id, or no row when the external id is stored. `update` writes the fields sent
// into the stored row ($1 = id), keeps those left out (as customers' details always have), and
// returns a row only when a value differs, so a replay is told apart from a rename or a move.
struct UpsertStatements {
  UpsertStatements(const char* table_name, const std::vector<UpsertColumn>& columns) : table(table_name) {
    std::string names, values, assignments, differs;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const UpsertColumn& c = columns[i];
      std::string param = "$" + std::to_string(i + 2);
      std::string sent_or_kept = "COALESCE(" + param + ", " + c.name + ")";
      names += std::string(", ") + c.name;
      values += ", " + (c.when_left_out.empty() ? param : "COALESCE(" + param + ", " + c.when_left_out + ")");
      assignments += (i == 0 ? "" : ", ") + std::string(c.name) + " = " + sent_or_kept;
      differs += (i == 0 ? "" : " OR ") + std::string(c.name) + " IS DISTINCT FROM " + sent_or_kept;
    }
    insert = std::string("INSERT INTO ") + table + "(external_id" + names + ") VALUES ($1" + values +
             ") ON CONFLICT(external_id) DO NOTHING RETURNING id";
    update = std::string("UPDATE ") + table + " SET " + assignments + " WHERE id = $1 AND (" + differs + ") RETURNING id";
  }
  const char* table;
  std::string insert, update;
};

std::string SqlLiteral(std::string_view name) { return "'" + std::string(name) + "'"; }

// A name or first name left out of a new record is stored empty, as it always was: the API
// requires them, other writers (the demo, tests) may leave them out.
const UpsertStatements& LocationStatements() {
  static const UpsertStatements statements(
      "locations", {{"name", "''"}, {"kind", SqlLiteral(ToString(kDefaultLocationKind))}, {"channel", ""}, {"city", ""}});
  return statements;
}

const UpsertStatements& TeamStatements() {
  static const UpsertStatements statements("teams", {{"name", "''"}, {"location_id", ""}});
  return statements;
}

const UpsertStatements& EmployeeStatements() {
  static const UpsertStatements statements(
      "employees", {{"first_name", "''"}, {"last_name", ""}, {"email", ""}, {"role", SqlLiteral(ToString(kDefaultRole))},
                    {"team_id", ""}, {"location_id", ""}});
  return statements;
}

const UpsertStatements& CustomerStatements() {
  static const UpsertStatements statements(
      "customers", {{"name", ""}, {"email", ""}, {"phone", ""}, {"language", ""}, {"segment", ""}});
  return statements;
}

// INSERTs of one table that carry several rows each (sql::Connection::RowsPerInsert):
// "INSERT INTO <into> VALUES ($1, ...), ($n+1, ...)<suffix>", made once for each number of rows
// and kept, so that a connection prepares each text once, by its address.
class RowsInsert {
 public:
  RowsInsert(const char* into, int columns, const char* suffix) : into_(into), columns_(columns), suffix_(suffix) {}
  int columns() const { return columns_; }
  const char* Sql(int rows) {
    std::lock_guard lock(mu_);  // stores in several threads share the texts
    auto [it, made] = texts_.try_emplace(rows);
    if (made) {
      std::string& sql = it->second;
      sql = std::string("INSERT INTO ") + into_ + " VALUES ";
      for (int row = 0; row < rows; ++row) {
        sql += row == 0 ? "(" : ", (";
        for (int c = 1; c <= columns_; ++c) sql += (c == 1 ? "$" : ", $") + std::to_string(row * columns_ + c);
        sql += ")";
      }
      sql += suffix_;
    }
    return it->second.c_str();
  }

 private:
  const char* into_;
  int columns_;
  const char* suffix_;
  std::mutex mu_;
  std::map<int, std::string> texts_;  // by number of rows; a map keeps each text where it is
};

// How many of `remaining` rows the next INSERT of many carries: the largest power of two up to
// `per_statement`, so that a table needs a handful of statement texts whatever a batch's size.
std::size_t RowsInNextInsert(std::size_t remaining, int per_statement) {
  std::size_t rows = 1;
  while (rows * 2 <= static_cast<std::size_t>(per_statement) && rows * 2 <= remaining) rows *= 2;
  return rows;
}

// The INSERTs of records written once by external id (responses, interactions), none of which
// adds a row whose external id is stored already: of one row, returning its new id, and of
// many, returning each new row's id with its external id, which tells the rows apart.
class RecordInsert {
 public:
  RecordInsert(const char* into, int columns)
      : many_(into, columns, " ON CONFLICT(external_id) DO NOTHING RETURNING id, external_id") {
    std::string params;
    for (int c = 1; c <= columns; ++c) params += (c == 1 ? "$" : ", $") + std::to_string(c);
    one_ = std::string("INSERT INTO ") + into + " VALUES (" + params + ") ON CONFLICT(external_id) DO NOTHING RETURNING id";
  }
  const char* One() const { return one_.c_str(); }
  RowsInsert& Many() { return many_; }

 private:
  std::string one_;
  RowsInsert many_;
};

RecordInsert& ResponseRows() {
  static RecordInsert rows(
      "responses(external_id, interaction_id, customer_id, location_id, team_id, employee_id, interaction_type, "
      "journey_id, nps, csat, ces, effectiveness, ease, emotion, comment, language, submitted_at, channel, sentiment, "
      "sentiment_label, analysis_json)",
      21);
  return rows;
}

RecordInsert& InteractionRows() {
  static RecordInsert rows(
      "interactions(external_id, type, occurred_at, customer_id, location_id, team_id, employee_id, journey_id)", 8);
  return rows;
}

RowsInsert& ManyTags() {
  static RowsInsert rows("response_tags(response_id, kind, name, score, phrase)", 5, "");
  return rows;
}

RowsInsert& ManyAttributes() {
  static RowsInsert rows("response_attributes(response_id, name, value)", 3, "");
  return rows;
}

RowsInsert& ManyAwaitingDetection() {
  static RowsInsert rows("awaiting_detection(response_id)", 1, "");
  return rows;
}

}  // namespace

// One request's writes inside the group transaction: resolves references, inserts records
// idempotently (updating known organisation records and customers), and remembers how it
// changed the reference caches so a rollback can put them back.
//
// Records are written in batches, without a savepoint each, which is what makes a bulk import
// fast. A record the database refuses then may leave rows behind (SQLite undoes only the
// refused statement) or lose the transaction (PostgreSQL refuses every statement after it), so
// SqlStore::Apply writes such a request again `one_by_one`: each record in a savepoint of its
// own, undone whole when any of its statements is refused.
class SqlStore::WriteSession {
 public:
  WriteSession(sql::Connection& conn, RefCache& refs, bool one_by_one)
      : conn_(conn), refs_(refs), one_by_one_(one_by_one) {}

  // How far the reference caches had been changed, to undo the changes made after it.
  struct CacheMark {
    std::size_t added, team_changes;
  };
  CacheMark Mark() const { return {added_.size(), team_changes_.size()}; }

  void UndoCacheChanges(CacheMark since = {0, 0}) {
    for (; added_.size() > since.added; added_.pop_back()) added_.back().first->erase(added_.back().second);
    // Newest first, so an employee moved twice gets the team from before the request.
    for (; team_changes_.size() > since.team_changes; team_changes_.pop_back()) {
      const TeamChange& change = team_changes_.back();
      if (change.was_cached) {
        refs_.employee_teams[change.employee] = change.team;
      } else {
        refs_.employee_teams.erase(change.employee);
      }
    }
  }

  WriteResult Apply(const WriteRequest& request) {
    new_records_need_names_ = request.new_records_need_names;
    awaits_detection_ = request.awaits_detection;
    awaits_detection_since_ = request.awaits_detection_since;
    untimed_await_detection_ = request.untimed_await_detection;
    atomic_ = request.atomicity == Atomicity::kAllOrNothing;
    WriteResult result;
    auto run = [&](const auto& records, std::vector<RecordOutcome>& outcomes, const char* kind, auto insert) -> bool {
      for (std::size_t i = 0; i < records.size(); ++i) {
        RecordOutcome outcome;
        Status s;
        Status isolated = Isolated([&] {
          s = (this->*insert)(records[i], outcome);
          return s.ok();
        });
        if (!isolated.ok()) s = isolated;
        if (!Settle(kind, i, s, outcome, result)) return false;
        outcomes.push_back(std::move(outcome));
      }
      return true;
    };
    run(request.locations, result.locations, "locations", &WriteSession::InsertLocation) &&
        run(request.teams, result.teams, "teams", &WriteSession::InsertTeam) &&
        run(request.employees, result.employees, "employees", &WriteSession::InsertEmployee) &&
        run(request.customers, result.customers, "customers", &WriteSession::InsertCustomer) &&
        WriteAll<Interaction>(request.interactions, result.interactions, result, &WriteSession::WriteInteractions) &&
        WriteAll<Response>(request.responses, result.responses, result, &WriteSession::WriteResponses);
    // The side-table rows sent without waiting belong to this request: their failure is its.
    Status flushed = conn_.Flush();
    if (result.status.ok() && !flushed.ok()) result.status = flushed;
    return result;
  }

 private:
  // Runs `write`, the writes of one record, which returns whether they stand. One by one, they
  // run in a savepoint of their own, undone (with what they added to the caches) when they do
  // not stand. The error returned is the savepoint's own: the database failed.
  template <typename Write>
  Status Isolated(const Write& write) {
    if (!one_by_one_) {
      (void)write();
      return Status::Ok();
    }
    PEAKEND_RETURN_IF_ERROR(conn_.Exec("SAVEPOINT record"));
    CacheMark mark = Mark();
    if (!write()) {
      PEAKEND_RETURN_IF_ERROR(conn_.Exec("ROLLBACK TO SAVEPOINT record"));
      UndoCacheChanges(mark);
    }
    return conn_.Exec("RELEASE SAVEPOINT record");
  }

  // Whether a record's failure ends the request: an all-or-nothing request's first refusal, or
  // a failure of the database rather than of the record.
  bool EndsRequest(const Status& s) const {
    return atomic_ || s.code() == StatusCode::kInternal || s.code() == StatusCode::kUnavailable;
  }

  // Folds record `i`'s status into its outcome, naming the record; false when the failure ends
  // the request, which then fails with it.
  bool Settle(const char* kind, std::size_t i, const Status& s, RecordOutcome& outcome, WriteResult& result) const {
    if (s.ok()) return true;
    Status described = s.WithContext(std::string(kind) + "[" + std::to_string(i) + "]: ");
    if (EndsRequest(s)) {
      result.status = described;
      return false;
    }
    outcome = RecordOutcome{0, false, described, false, {}};
    return true;
  }

  // Runs an INSERT ... ON CONFLICT DO NOTHING RETURNING id; on conflict looks the id up.
  Status InsertOrFind(sql::Statement& insert, const char* table, const std::string& external_id, RecordOutcome& out) {
    auto row = insert.Step();
    if (!row.ok()) return row.status();
    if (*row) {
      out.id = insert.Int(0);
      out.created = true;
      insert.Reset();
      return Status::Ok();
    }
    insert.Reset();
    auto find = conn_.Prepare(std::string("SELECT id FROM ") + table + " WHERE external_id = $1");
    if (!find.ok()) return find.status();
    (*find)->BindText(1, external_id);
    auto found = (*find)->Step();
    if (!found.ok()) return found.status();
    if (!*found) return Status::Internal(std::string("a ") + table + " row vanished during insert");
    out.id = (*find)->Int(0);
    out.created = false;
    (*find)->Reset();
    return Status::Ok();
  }



  // Empties the columns of the fields a write sent as null (`columns`: field, column), and
  // counts the record as updated when one of them held a value.
  Status ClearFields(const char* table, const std::vector<std::string>& cleared,
                     std::initializer_list<std::pair<std::string_view, const char*>> columns, RecordOutcome& out) {
    for (const std::string& field : cleared) {
      auto column = std::find_if(columns.begin(), columns.end(), [&](const auto& c) { return c.first == field; });
      if (column == columns.end()) return Status::InvalidArgument("cannot be cleared", field);
      auto clear = conn_.Prepare(std::string("UPDATE ") + table + " SET " + column->second + " = NULL WHERE id = $1 AND " +
                                 column->second + " IS NOT NULL RETURNING id");
      if (!clear.ok()) return clear.status();
      (*clear)->BindInt(1, out.id);
      auto changed = (*clear)->Step();
      (*clear)->Reset();
      if (!changed.ok()) return changed.status();
      out.updated = out.updated || (*changed && !out.created);
    }
    return Status::Ok();
  }

  // Writes one record by external id (see UpsertStatements); `bind_fields` binds $2, $3, ...
  template <typename BindFields>
  Status Upsert(const UpsertStatements& sql, const std::string& external_id, const BindFields& bind_fields,
                RecordOutcome& out) {
    auto insert = conn_.PrepareStatic(sql.insert.c_str());
    if (!insert.ok()) return insert.status();
    (*insert)->BindTextOrNull(1, external_id);
    bind_fields(**insert);
    PEAKEND_RETURN_IF_ERROR(InsertOrFind(**insert, sql.table, external_id, out));
    if (out.created) return Status::Ok();
    auto update = conn_.PrepareStatic(sql.update.c_str());
    if (!update.ok()) return update.status();
    (*update)->BindInt(1, out.id);
    bind_fields(**update);
    auto changed = (*update)->Step();
    (*update)->Reset();
    if (!changed.ok()) return changed.status();
    out.updated = *changed;
    return Status::Ok();
  }

  Result<std::optional<Id>> LocationOfTeam(Id team) {
    auto find = conn_.PrepareStatic("SELECT location_id FROM teams WHERE id = $1");
    if (!find.ok()) return find.status();
    (*find)->BindInt(1, team);
    auto found = (*find)->Step();
    std::optional<Id> location = found.ok() && *found ? (*find)->OptionalInt(0) : std::nullopt;
    (*find)->Reset();
    if (!found.ok()) return found.status();
    return location;
  }

  // Points the employee -> team cache at `team`, keeping what it held for UndoCacheChanges.
  void SetEmployeeTeam(Id employee, std::optional<Id> team) {
    auto it = refs_.employee_teams.find(employee);
    bool was_cached = it != refs_.employee_teams.end();
    team_changes_.push_back({employee, was_cached, was_cached ? it->second : std::nullopt});
    refs_.employee_teams[employee] = team;
  }

  void Remember(std::unordered_map<std::string, Id>& map, const std::string& key, Id id) {
    if (key.empty()) return;
    if (map.emplace(key, id).second) added_.emplace_back(&map, key);
  }

  Result<std::optional<Id>> Resolve(std::unordered_map<std::string, Id>& map, const std::string& ref,
                                     const char* field, const char* what) {
    if (ref.empty()) return std::optional<Id>{};
    auto it = map.find(ref);
    if (it != map.end()) return std::optional<Id>{it->second};
    return Status::NotFound(std::string("unknown ") + what + " '" + ref + "': create it first or correct the reference",
                            field);
  }

  Result<std::optional<Id>> ResolveOrCreateCustomer(const std::string& ref) {
    if (ref.empty()) return std::optional<Id>{};
    auto it = refs_.customers.find(ref);
    if (it != refs_.customers.end()) return std::optional<Id>{it->second};
    Customer c;
    c.external_id = ref;
    RecordOutcome out;
    PEAKEND_RETURN_IF_ERROR(InsertCustomer(c, out));
    return std::optional<Id>{out.id};
  }

  std::optional<Id> TeamOfEmployee(std::optional<Id> employee) {
    if (!employee) return std::nullopt;
    auto it = refs_.employee_teams.find(*employee);
    return it == refs_.employee_teams.end() ? std::nullopt : it->second;
  }

  // A new record left without its name (see WriteRequest::new_records_need_names); the caches
  // hold every stored external id, so this is known before anything is written.
  Status CheckNameOfNew(const std::unordered_map<std::string, Id>& stored, const std::string& external_id,
                        const std::string& name, const char* field, const char* what) const {
    if (!new_records_need_names_ || !name.empty() || stored.count(external_id)) return Status::Ok();
    return Status::InvalidArgument(std::string("is required for a new ") + what + ": no " + what + " '" + external_id +
                                       "' is stored yet, so send its " + field +
                                       " (a known one sent without keeps its stored " + field + ")",
                                   field);
  }

  Status InsertLocation(const Location& l, RecordOutcome& out) {
    PEAKEND_RETURN_IF_ERROR(CheckNameOfNew(refs_.locations, l.external_id, l.name, "name", "location"));
    PEAKEND_RETURN_IF_ERROR(Upsert(LocationStatements(), l.external_id, [&](sql::Statement& s) {
      s.BindTextOrNull(2, l.name);
      l.kind ? s.BindText(3, ToString(*l.kind)) : s.BindNull(3);
      s.BindTextOrNull(4, l.channel);
      s.BindTextOrNull(5, l.city);
    }, out));
    PEAKEND_RETURN_IF_ERROR(ClearFields("locations", l.cleared, {{"channel", "channel"}, {"city", "city"}}, out));
    Remember(refs_.locations, l.external_id, out.id);
    return Status::Ok();
  }

  Status InsertTeam(const Team& t, RecordOutcome& out) {
    PEAKEND_RETURN_IF_ERROR(CheckNameOfNew(refs_.teams, t.external_id, t.name, "name", "team"));
    auto location = Resolve(refs_.locations, t.location_ref, "location", "location");
    if (!location.ok()) return location.status();
    PEAKEND_RETURN_IF_ERROR(Upsert(TeamStatements(), t.external_id, [&](sql::Statement& s) {
      s.BindTextOrNull(2, t.name);
      s.BindOptionalInt(3, *location);
    }, out));
    PEAKEND_RETURN_IF_ERROR(ClearFields("teams", t.cleared, {{"location", "location_id"}}, out));
    Remember(refs_.teams, t.external_id, out.id);
    return Status::Ok();
  }

  Status InsertEmployee(const Employee& e, RecordOutcome& out) {
    PEAKEND_RETURN_IF_ERROR(CheckNameOfNew(refs_.employees, e.external_id, e.first_name, "first_name", "employee"));
    auto team = Resolve(refs_.teams, e.team_ref, "team", "team");
    if (!team.ok()) return team.status();
    auto location = Resolve(refs_.locations, e.location_ref, "location", "location");
    if (!location.ok()) return location.status();
    // An employee sent with a team and no location works where the team does: a move to a
    // team in another shop moves the employee there too (their mentions are looked for there).
    if (!*location && *team) {
      auto team_location = LocationOfTeam(**team);
      if (!team_location.ok()) return team_location.status();
      location = *team_location;
    }
    PEAKEND_RETURN_IF_ERROR(Upsert(EmployeeStatements(), e.external_id, [&](sql::Statement& s) {
      s.BindTextOrNull(2, e.first_name);
      s.BindTextOrNull(3, e.last_name);
      s.BindTextOrNull(4, e.email);
      e.role ? s.BindText(5, ToString(*e.role)) : s.BindNull(5);
      s.BindOptionalInt(6, *team);
      s.BindOptionalInt(7, *location);
    }, out));
    // A location sent as null with a team is the team's, as a location left out is.
    std::vector<std::string> cleared = e.cleared;
    if (*team) std::erase(cleared, "location");
    bool team_cleared = std::find(cleared.begin(), cleared.end(), "team") != cleared.end();
    PEAKEND_RETURN_IF_ERROR(ClearFields(
        "employees", cleared,
        {{"last_name", "last_name"}, {"email", "email"}, {"team", "team_id"}, {"location", "location_id"}}, out));
    Remember(refs_.employees, e.external_id, out.id);
    // Interactions and responses written from now on are counted for the team the employee is
    // in; a team left out keeps the one cached, a team sent as null leaves none.
    if (out.created || (out.updated && *team)) SetEmployeeTeam(out.id, *team);
    if (team_cleared && !*team) SetEmployeeTeam(out.id, std::nullopt);
    return Status::Ok();
  }

  Status InsertCustomer(const Customer& c, RecordOutcome& out) {
    // A customer already known, often made bare by a response naming them, gets the details a
    // CRM sends later.
    PEAKEND_RETURN_IF_ERROR(Upsert(CustomerStatements(), c.external_id, [&](sql::Statement& s) {
      s.BindTextOrNull(2, c.name);
      s.BindTextOrNull(3, c.email);
      s.BindTextOrNull(4, c.phone);
      s.BindTextOrNull(5, c.language);
      s.BindTextOrNull(6, c.segment);
    }, out));
    PEAKEND_RETURN_IF_ERROR(ClearFields("customers", c.cleared,
                                        {{"name", "name"}, {"email", "email"}, {"phone", "phone"},
                                         {"language", "language"}, {"segment", "segment"}},
                                        out));
    Remember(refs_.customers, c.external_id, out.id);
    return Status::Ok();
  }

  // One interaction on its way through WriteInteractions: its references, once checked.
  struct InteractionWrite {
    Status status;
    RecordOutcome outcome;
    std::optional<Id> customer, location, employee;
  };

  // Interactions are written in passes, as responses are (see WriteResponses): each is checked
  // against the reference caches, the customers they name that are not stored yet are created,
  // the interactions are inserted, and those sent again compared with the stored ones.
  bool WriteInteractions(std::span<const Interaction> records, std::size_t first, WriteResult& result) {
    if (records.empty()) return true;
    std::vector<InteractionWrite> writes(records.size());
    std::size_t checked = 0;
    while (checked < records.size()) {
      InteractionWrite& w = writes[checked];
      w.status = CheckInteraction(records[checked], w);
      ++checked;
      if (!w.status.ok() && EndsRequest(w.status)) break;
    }
    if (!CreateNamedCustomers(records, writes, checked, result)) return false;
    QueueInserts({InteractionRows(), &WriteSession::BindInteraction}, records, writes, checked);
    if (!FlushOrFail(result)) return false;
    for (std::size_t i = 0; i < checked; ++i) {
      InteractionWrite& w = writes[i];
      if (!w.status.ok() || w.outcome.created) continue;
      if (Status sent = QueueComparison(kStoredInteraction, records[i], w); !sent.ok()) w.status = sent;
    }
    return SettleAll("interactions", first, writes, checked, result.interactions, result);
  }

  // Resolves an interaction's references from the caches; a customer it names that is not
  // stored yet is left to CreateNamedCustomers.
  Status CheckInteraction(const Interaction& x, InteractionWrite& w) {
    auto location = Resolve(refs_.locations, x.location_ref, "location", "location");
    if (!location.ok()) return location.status();
    auto employee = Resolve(refs_.employees, x.employee_ref, "employee", "employee");
    if (!employee.ok()) return employee.status();
    w.location = *location;
    w.employee = *employee;
    if (auto named = refs_.customers.find(x.customer_ref); named != refs_.customers.end()) w.customer = named->second;
    return Status::Ok();
  }

  // Binds a checked interaction's row (InteractionRows) as parameters first, first + 1, ...
  void BindInteraction(sql::Statement& st, int first, const Interaction& x, const InteractionWrite& w) {
    int p = first;
    st.BindTextOrNull(p++, x.external_id);
    st.BindText(p++, ToString(x.type));
    st.BindInt(p++, x.occurred_at);
    st.BindOptionalInt(p++, w.customer);
    st.BindOptionalInt(p++, w.location);
    st.BindOptionalInt(p++, TeamOfEmployee(w.employee));
    st.BindOptionalInt(p++, w.employee);
    st.BindTextOrNull(p++, x.journey_id);
  }

  // What QueueComparison reads of a stored interaction, after its id.
  static constexpr const char* kStoredInteraction =
      "SELECT id, type, occurred_at, customer_id, location_id, employee_id, journey_id FROM interactions "
      "WHERE external_id = $1";

  // Names in w.outcome.differing_fields what a resent interaction says otherwise than the stored
  // one, whose columns of kStoredInteraction `stored` holds from column `first` on (a reference
  // left out is not a difference: responses may have filled the customer in).
  static void CompareWithStored(const Interaction& x, InteractionWrite& w, const sql::Statement& stored, int first) {
    std::vector<std::string>& differing = w.outcome.differing_fields;
    if (stored.Text(first) != ToString(x.type)) differing.push_back("type");
    if (stored.Int(first + 1) != x.occurred_at) differing.push_back("occurred_at");
    const std::pair<const char*, std::optional<Id>> references[] = {
        {"customer", w.customer}, {"location", w.location}, {"employee", w.employee}};
    int column = first + 2;
    for (const auto& [field, sent] : references) {
      std::optional<std::int64_t> value = stored.OptionalInt(column++);
      if (sent && value != sent) differing.push_back(field);
    }
    if (!x.journey_id.empty() && stored.Text(column) != x.journey_id) differing.push_back("journey_id");
  }

  // An interaction a response names, as stored.
  struct NamedInteraction {
    Id id = 0;
    std::optional<Id> customer, location, employee;
    std::string journey, type;
  };

  // One response on its way through WriteResponses.
  struct ResponseWrite {
    Status status;  // the first failure of its checks or of its statements
    RecordOutcome outcome;
    std::optional<NamedInteraction> named;  // once looked up, when it names one that is stored
    // What its row takes from the interaction and its references, once checked.
    std::optional<Id> interaction, customer, location, employee;
    std::optional<std::string> interaction_type;
    std::string journey;
  };

  // Writes `records` with `write` (WriteInteractions, WriteResponses), which adds their outcomes
  // to `outcomes`: all together, or one by one (see the class comment), each alone in its own
  // savepoint.
  template <typename Record>
  bool WriteAll(std::span<const Record> records, const std::vector<RecordOutcome>& outcomes, WriteResult& result,
                bool (WriteSession::*write)(std::span<const Record>, std::size_t, WriteResult&)) {
    if (!one_by_one_) return (this->*write)(records, 0, result);
    for (std::size_t i = 0; i < records.size(); ++i) {
      bool going = true;
      Status isolated = Isolated([&] {
        going = (this->*write)(records.subspan(i, 1), i, result);
        return going && outcomes.back().status.ok();
      });
      if (!going) return false;
      if (!isolated.ok()) {
        result.status = isolated;
        return false;
      }
    }
    return true;
  }

  // Waits for the statements on their way and settles, in order, the statuses of the first
  // `checked` of `writes`, the records of `kind` from number `first` on, adding their outcomes
  // to `outcomes`. False, with the request failed, when a failure ends it.
  template <typename Write>
  bool SettleAll(const char* kind, std::size_t first, std::vector<Write>& writes, std::size_t checked,
                 std::vector<RecordOutcome>& outcomes, WriteResult& result) {
    // The side rows' failure, were there one, is the request's (as Apply says).
    Status flushed = conn_.Flush();
    for (std::size_t i = 0; i < checked; ++i) {
      if (!Settle(kind, first + i, writes[i].status, writes[i].outcome, result)) return false;
      outcomes.push_back(std::move(writes[i].outcome));
    }
    if (!flushed.ok()) result.status = flushed;
    return flushed.ok();
  }

  // A request's responses are written in passes, each sending its statements without waiting
  // for the database between records (sql::Statement::Queue): the interactions they name are
  // looked up; each response is checked against them and the reference caches; the customers
  // they name that are not stored yet are created; the responses are inserted; the new ones'
  // tags and attributes are sent and the resent ones compared with the stored. On PostgreSQL a
  // batch so costs a few round trips instead of one or more a response, and its rows share
  // statements (sql::Connection::RowsPerInsert). What is stored, and each response's outcome,
  // are those of writing them one by one: rows are written in the order of the records, and
  // the statuses are settled in that order, the first that ends the request ending it (with
  // the responses after it left unsent). `first` is the number of records[0] in the request.
  bool WriteResponses(std::span<const Response> records, std::size_t first, WriteResult& result) {
    if (records.empty()) return true;
    std::vector<ResponseWrite> writes(records.size());
    bool looked_up = false;
    for (std::size_t i = 0; i < records.size(); ++i) {
      if (records[i].interaction_ref.empty()) continue;
      if (Status sent = QueueInteractionLookup(records[i].interaction_ref, writes[i]); !sent.ok()) writes[i].status = sent;
      looked_up = true;
    }
    if (looked_up && !FlushOrFail(result)) return false;
    std::size_t checked = 0;
    while (checked < records.size()) {
      ResponseWrite& w = writes[checked];
      if (w.status.ok()) w.status = CheckResponse(records[checked], w);
      ++checked;
      if (!w.status.ok() && EndsRequest(w.status)) break;
    }
    if (!CreateNamedCustomers(records, writes, checked, result)) return false;
    QueueInserts({ResponseRows(), &WriteSession::BindResponse}, records, writes, checked);
    if (!FlushOrFail(result)) return false;
    std::vector<std::size_t> created;
    for (std::size_t i = 0; i < checked; ++i) {
      ResponseWrite& w = writes[i];
      if (!w.status.ok()) continue;
      if (w.outcome.created) {
        created.push_back(i);
      } else if (Status sent = QueueComparison(kStoredResponse, records[i], w); !sent.ok()) {
        w.status = sent;
      }
    }
    SendSideRows(records, writes, created);
    return SettleAll("responses", first, writes, checked, result.responses, result);
  }

  // Waits for the statements on their way; false, with the request failed, when one failed.
  bool FlushOrFail(WriteResult& result) {
    Status flushed = conn_.Flush();
    if (!flushed.ok()) result.status = flushed;
    return flushed.ok();
  }

  // Like every Queue* here, returns only what went wrong before the statement was sent: its
  // answer may have come, and filled in `w`, before it returns.
  Status QueueInteractionLookup(const std::string& interaction_ref, ResponseWrite& w) {
    static constexpr const char* kSelect =
        "SELECT id, customer_id, location_id, employee_id, journey_id, type FROM interactions WHERE external_id = $1";
    auto find = conn_.PrepareStatic(kSelect);
    if (!find.ok()) return find.status();
    (*find)->BindText(1, interaction_ref);
    return (*find)->Queue([&w](const Result<bool>& row, const sql::Statement& f) {
      if (!row.ok()) {
        w.status = row.status();
      } else if (*row) {
        w.named = NamedInteraction{f.Int(0), f.OptionalInt(1), f.OptionalInt(2), f.OptionalInt(3), f.Text(4), f.Text(5)};
      }
    });
  }

  // Checks a response and resolves its references, all from what is known already: a customer
  // it names that is not stored yet is left to CreateNamedCustomers.
  Status CheckResponse(const Response& r, ResponseWrite& w) {
    PEAKEND_RETURN_IF_ERROR(CheckScoresFinite(r));
    w.journey = r.journey_id;
    if (!r.interaction_ref.empty()) {
      if (!w.named) {
        return Status::NotFound("unknown interaction '" + r.interaction_ref +
                                "': post the interaction first or correct the reference", "interaction");
      }
      w.interaction = w.named->id;
      w.customer = w.named->customer;
      w.location = w.named->location;
      w.employee = w.named->employee;
      // The answer belongs where its contact took place: another journey or location than the
      // interaction's would count it in one place's scores and show it in another's journey.
      if (!w.journey.empty() && !w.named->journey.empty() && w.journey != w.named->journey) {
        return Status::InvalidArgument("journey_id '" + w.journey + "' is not the journey of interaction '" +
                                           r.interaction_ref + "'; leave journey_id out or correct it",
                                       "journey_id");
      }
      if (w.journey.empty()) w.journey = w.named->journey;
      w.interaction_type = w.named->type;
    }
    if (!r.location_ref.empty()) {
      auto l = Resolve(refs_.locations, r.location_ref, "location", "location");
      if (!l.ok()) return l.status();
      if (w.interaction && w.location && *w.location != *l) {
        return Status::InvalidArgument("location '" + r.location_ref + "' is not the location of interaction '" +
                                           r.interaction_ref + "'; leave location out or correct it",
                                       "location");
      }
      w.location = *l;
    }
    if (!r.employee_ref.empty()) {
      auto e = Resolve(refs_.employees, r.employee_ref, "employee", "employee");
      if (!e.ok()) return e.status();
      w.employee = *e;
    }
    if (!r.customer_ref.empty()) {
      // A response answers its interaction: another customer than the interaction's is a mistake
      // in the data, which would put the answer in one customer's journey and under another's name.
      auto named = refs_.customers.find(r.customer_ref);
      if (w.interaction && w.customer && (named == refs_.customers.end() || named->second != *w.customer)) {
        return Status::InvalidArgument("customer '" + r.customer_ref + "' is not the customer of interaction '" +
                                           r.interaction_ref + "'; leave customer out or correct it",
                                       "customer");
      }
      w.customer = named == refs_.customers.end() ? std::nullopt : std::optional<Id>(named->second);
    }
    return Status::Ok();
  }

  // Not a number and infinity have no place among scores: SQLite stores NaN as NULL (which a tag
  // score refuses), PostgreSQL stores them, and every average taken over them would be one too.
  static Status CheckScoresFinite(const Response& r) {
    if (r.sentiment && !std::isfinite(*r.sentiment)) {
      return Status::InvalidArgument(fmt::format("the sentiment {} is not a finite number; send a number from -1 to +1 "
                                                 "or leave it out", *r.sentiment),
                                     "sentiment");
    }
    for (const Tag& tag : r.tags) {
      if (std::isfinite(tag.score)) continue;
      return Status::InvalidArgument(fmt::format("the tag {}:{} has the score {}, which is not a finite number; give "
                                                 "it a finite score or leave the tag out",
                                                 tag.kind, tag.name, tag.score),
                                     "tags");
    }
    return Status::Ok();
  }

  // Creates the customers that the checked responses or interactions name and that are not
  // stored yet, in the order they are first named, as bare records (ResolveOrCreateCustomer),
  // and gives each record its customer's id. False, with the request failed, when the database
  // failed.
  template <typename Record, typename Write>
  bool CreateNamedCustomers(std::span<const Record> records, std::vector<Write>& writes, std::size_t checked,
                            WriteResult& result) {
    struct Created {
      std::optional<Id> id;  // none: the customer was stored meanwhile (another process)
      Status status;
    };
    std::vector<std::string> order;
    std::unordered_map<std::string, Created> created;
    for (std::size_t i = 0; i < checked; ++i) {
      const std::string& ref = records[i].customer_ref;
      if (!writes[i].status.ok() || ref.empty() || writes[i].customer || refs_.customers.count(ref)) continue;
      auto [it, first] = created.try_emplace(ref);
      if (!first) continue;
      order.push_back(ref);
      Created& c = it->second;
      auto insert = conn_.PrepareStatic(CustomerStatements().insert.c_str());
      Status sent = insert.ok() ? Status::Ok() : insert.status();
      if (sent.ok()) {
        (*insert)->BindText(1, ref);  // its other fields are left out (bound NULL)
        sent = (*insert)->Queue([&c](const Result<bool>& row, const sql::Statement& s) {
          if (!row.ok()) {
            c.status = row.status();
          } else if (*row) {
            c.id = s.Int(0);
          }
        });
      }
      if (!sent.ok()) c.status = sent;
    }
    if (order.empty()) return true;
    if (!FlushOrFail(result)) return false;
    for (const std::string& ref : order) {
      Created& c = created[ref];
      if (c.status.ok() && c.id) {
        Remember(refs_.customers, ref, *c.id);
      } else if (c.status.ok()) {
        auto found = ResolveOrCreateCustomer(ref);  // finds and remembers it
        if (found.ok()) c.id = *found;
        if (!found.ok()) c.status = found.status();
      }
    }
    for (std::size_t i = 0; i < checked; ++i) {
      auto it = created.find(records[i].customer_ref);
      if (!writes[i].status.ok() || writes[i].customer || it == created.end()) continue;
      if (it->second.status.ok()) {
        writes[i].customer = it->second.id;
      } else {
        writes[i].status = it->second.status;
      }
    }
    return true;
  }

  // Binds a checked response's row (kResponseInto) as parameters first, first + 1, ...
  void BindResponse(sql::Statement& st, int first, const Response& r, const ResponseWrite& w) {
    int p = first;
    st.BindTextOrNull(p++, r.external_id);
    st.BindOptionalInt(p++, w.interaction);
    st.BindOptionalInt(p++, w.customer);
    st.BindOptionalInt(p++, w.location);
    st.BindOptionalInt(p++, TeamOfEmployee(w.employee));
    st.BindOptionalInt(p++, w.employee);
    w.interaction_type ? st.BindText(p++, *w.interaction_type) : st.BindNull(p++);
    st.BindTextOrNull(p++, w.journey);
    for (const std::optional<int>& answer : {r.answers.nps, r.answers.csat, r.answers.ces, r.answers.effectiveness,
                                             r.answers.ease, r.answers.emotion}) {
      st.BindOptionalInt(p++, answer);
    }
    st.BindTextOrNull(p++, r.comment);
    st.BindTextOrNull(p++, r.language);
    st.BindInt(p++, r.submitted_at);
    st.BindText(p++, ToString(r.channel));
    st.BindOptionalDouble(p++, r.sentiment);
    st.BindTextOrNull(p++, r.sentiment_label);
    st.BindTextOrNull(p++, r.analysis_json);
  }

  // How records of one kind are inserted: the statements, and how a record's row is bound.
  template <typename Record, typename Write>
  struct RowsOf {
    RecordInsert& insert;
    void (WriteSession::*bind)(sql::Statement&, int first, const Record&, const Write&);
  };

  // Sends the inserts of the checked records, whose answers fill in each one's outcome or
  // status. Where the connection puts many rows in one INSERT, runs of records with external
  // ids share statements, a run ending before an id it holds comes again, so that each new row
  // names its record; the others go one a statement.
  template <typename Record, typename Write>
  void QueueInserts(const RowsOf<Record, Write>& rows, std::span<const Record> records, std::vector<Write>& writes,
                    std::size_t checked) {
    const int per_statement = conn_.RowsPerInsert();
    std::vector<std::size_t> run;
    std::unordered_set<std::string_view> in_run;
    auto send_run = [&] {
      QueueRun(rows, records, writes, run, per_statement);
      run.clear();
      in_run.clear();
    };
    for (std::size_t i = 0; i < checked; ++i) {
      if (!writes[i].status.ok()) continue;
      const std::string& external_id = records[i].external_id;
      if (per_statement == 1 || external_id.empty()) {
        send_run();
        QueueOne(rows, records[i], writes[i]);
        continue;
      }
      if (in_run.count(external_id)) send_run();
      run.push_back(i);
      in_run.insert(external_id);
    }
    send_run();
  }

  // Sends a run of records in INSERTs of many rows (RowsInNextInsert). A statement that cannot
  // be sent (text with a NUL) is sent again one row a statement, so that the refusal is its
  // record's alone.
  template <typename Record, typename Write>
  void QueueRun(const RowsOf<Record, Write>& rows, std::span<const Record> records, std::vector<Write>& writes,
                const std::vector<std::size_t>& run, int per_statement) {
    RowsInsert& many = rows.insert.Many();
    for (std::size_t done = 0; done < run.size();) {
      std::size_t count = RowsInNextInsert(run.size() - done, per_statement);
      std::vector<std::size_t> part(run.begin() + static_cast<std::ptrdiff_t>(done),
                                    run.begin() + static_cast<std::ptrdiff_t>(done + count));
      done += count;
      Status sent = Status::Ok();
      if (count > 1) {
        auto s = conn_.PrepareStatic(many.Sql(static_cast<int>(count)));
        sent = s.ok() ? Status::Ok() : s.status();
        if (sent.ok()) {
          for (std::size_t k = 0; k < count; ++k) {
            (this->*rows.bind)(**s, 1 + static_cast<int>(k) * many.columns(), records[part[k]], writes[part[k]]);
          }
          sent = (*s)->Queue([records, &writes, part](const Result<bool>& row, sql::Statement& inserted) {
            if (!row.ok()) {
              for (std::size_t k : part) writes[k].status = row.status();
              return;
            }
            for (bool more = *row; more;) {
              std::string external_id = inserted.Text(1);
              for (std::size_t k : part) {
                if (records[k].external_id != external_id) continue;
                writes[k].outcome.id = inserted.Int(0);
                writes[k].outcome.created = true;
                break;
              }
              auto next = inserted.Step();
              more = next.ok() && *next;
            }
          });
        }
      }
      if (count == 1 || !sent.ok()) {
        for (std::size_t k : part) QueueOne(rows, records[k], writes[k]);
      }
    }
  }

  // Sends a checked record's insert alone, whose answer fills in w.outcome, or w.status.
  template <typename Record, typename Write>
  void QueueOne(const RowsOf<Record, Write>& rows, const Record& r, Write& w) {
    auto s = conn_.PrepareStatic(rows.insert.One());
    if (!s.ok()) {
      w.status = s.status();
      return;
    }
    (this->*rows.bind)(**s, 1, r, w);
    // No row: the external id is stored already (QueueComparison).
    Status sent = (*s)->Queue([&w](const Result<bool>& row, const sql::Statement& inserted) {
      if (!row.ok()) {
        w.status = row.status();
      } else if (*row) {
        w.outcome.id = inserted.Int(0);
        w.outcome.created = true;
      }
    });
    if (!sent.ok()) w.status = sent;
  }

  // What QueueComparison reads of a stored response, after its id.
  static constexpr const char* kStoredResponse =
      "SELECT id, nps, csat, ces, effectiveness, ease, emotion, comment, submitted_at, interaction_id, customer_id, "
      "location_id, employee_id, journey_id FROM responses WHERE external_id = $1";

  // Names in w.outcome.differing_fields what a resent response says otherwise than the stored
  // one, whose nps, csat, ces, effectiveness, ease, emotion, comment, submitted_at, interaction,
  // customer, location, employee and journey `stored` holds in that order from column `first`
  // on. A reference left out is no difference (as for interactions): a source system that sends
  // the answers alone again is replaying them; one that names another customer is not.
  static void CompareWithStored(const Response& r, ResponseWrite& w, const sql::Statement& stored, int first) {
    RecordOutcome& out = w.outcome;
    const std::pair<const char*, std::optional<int>> answers[] = {
        {"nps", r.answers.nps},   {"csat", r.answers.csat}, {"ces", r.answers.ces}, {"effectiveness", r.answers.effectiveness},
        {"ease", r.answers.ease}, {"emotion", r.answers.emotion}};
    int column = first;
    for (const auto& [field, sent] : answers) {
      std::optional<std::int64_t> value = stored.OptionalInt(column++);
      if (value != (sent ? std::optional<std::int64_t>(*sent) : std::nullopt)) out.differing_fields.push_back(field);
    }
    if (stored.Text(column) != r.comment) out.differing_fields.push_back("comment");
    if (r.submitted_at_given && stored.Int(column + 1) != r.submitted_at) out.differing_fields.push_back("submitted_at");
    column += 2;
    const std::pair<const char*, std::optional<Id>> references[] = {
        {"interaction", w.interaction}, {"customer", w.customer}, {"location", w.location}, {"employee", w.employee}};
    for (const auto& [field, sent] : references) {
      std::optional<std::int64_t> value = stored.OptionalInt(column++);
      if (sent && value != sent) out.differing_fields.push_back(field);
    }
    if (!w.journey.empty() && stored.Text(column) != w.journey) out.differing_fields.push_back("journey_id");
  }

  // A record sent again: finds the stored one by its external id with `select` (its id, then
  // what CompareWithStored reads) and names what differs.
  template <typename Record, typename Write>
  Status QueueComparison(const char* select, const Record& r, Write& w) {
    auto find = conn_.PrepareStatic(select);
    if (!find.ok()) return find.status();
    (*find)->BindText(1, r.external_id);
    return (*find)->Queue([&w, &r](const Result<bool>& row, const sql::Statement& stored) {
      if (!row.ok()) {
        w.status = row.status();
      } else if (!*row) {
        w.status = Status::Internal("a stored row vanished while a record was written");
      } else {
        w.outcome.id = stored.Int(0);
        CompareWithStored(r, w, stored, 1);
      }
    });
  }

  // A row of a side table: the `item`th attribute or tag of response `record`.
  struct SideRow {
    std::size_t record;
    std::size_t item;
  };

  // The attributes and tags of the new responses `created`, and whether they await detection,
  // sent without waiting (sql::Statement::RunDeferred), in INSERTs of many rows where the
  // connection takes them.
  void SendSideRows(std::span<const Response> records, std::vector<ResponseWrite>& writes,
                    const std::vector<std::size_t>& created) {
    std::vector<SideRow> attributes, tags, awaiting;
    for (std::size_t i : created) {
      for (std::size_t k = 0; k < records[i].attributes.size(); ++k) attributes.push_back({i, k});
      for (std::size_t k = 0; k < records[i].tags.size(); ++k) tags.push_back({i, k});
      bool timed = records[i].submitted_at_given || untimed_await_detection_;
      if (awaits_detection_ &&
          (!awaits_detection_since_ || (timed && records[i].submitted_at >= *awaits_detection_since_))) {
        awaiting.push_back({i, 0});
      }
    }
    SendRows(
        ManyAwaitingDetection(), awaiting, writes,
        [&](sql::Statement& s, int p, const SideRow& row) { s.BindInt(p, writes[row.record].outcome.id); },
        [&](const SideRow&, const Status& refused) { return refused; });
    SendRows(
        ManyAttributes(), attributes, writes,
        [&](sql::Statement& s, int p, const SideRow& row) {
          const auto& [name, value] = records[row.record].attributes[row.item];
          s.BindInt(p, writes[row.record].outcome.id);
          s.BindText(p + 1, name);
          s.BindText(p + 2, value);
        },
        [&](const SideRow& row, const Status& refused) {
          // An attribute is a column of an import: its name is the field, and the column's header.
          return Status(refused.code(), refused.message(), records[row.record].attributes[row.item].first);
        });
    SendRows(
        ManyTags(), tags, writes,
        [&](sql::Statement& s, int p, const SideRow& row) {
          const Tag& tag = records[row.record].tags[row.item];
          s.BindInt(p, writes[row.record].outcome.id);
          s.BindText(p + 1, tag.kind);
          s.BindText(p + 2, tag.name);
          s.BindDouble(p + 3, tag.score);
          s.BindTextOrNull(p + 4, tag.phrase);
        },
        [&](const SideRow& row, const Status& refused) {
          const Tag& tag = records[row.record].tags[row.item];
          return Status(refused.code(), "tag " + tag.kind + ":" + tag.name + ": " + refused.message(), "tags");
        });
  }

  // Sends `rows` in INSERTs of many (RowsInNextInsert). A statement that cannot be sent is sent
  // again one row a statement, so that a failure is the status of the response whose row it is,
  // as `describe` names it. One by one, each row is sent alone and waited for, so that a row the
  // database refuses is known as well.
  template <typename BindRow, typename Describe>
  void SendRows(RowsInsert& insert, const std::vector<SideRow>& rows, std::vector<ResponseWrite>& writes,
                const BindRow& bind_row, const Describe& describe) {
    auto send = [&](std::size_t first, std::size_t count) -> Status {
      auto s = conn_.PrepareStatic(insert.Sql(static_cast<int>(count)));
      if (!s.ok()) return s.status();
      for (std::size_t k = 0; k < count; ++k) bind_row(**s, 1 + static_cast<int>(k) * insert.columns(), rows[first + k]);
      return (*s)->RunDeferred();
    };
    const int per_statement = conn_.RowsPerInsert();
    for (std::size_t done = 0; done < rows.size();) {
      std::size_t count = RowsInNextInsert(rows.size() - done, per_statement);
      if (one_by_one_ || count == 1 || !send(done, count).ok()) {
        for (std::size_t k = done; k < done + count; ++k) {
          Status sent = send(k, 1);
          if (sent.ok() && one_by_one_) sent = conn_.Flush();
          Status& status = writes[rows[k].record].status;
          if (!sent.ok() && status.ok()) status = describe(rows[k], sent);
        }
      }
      done += count;
    }
  }

  // An employee -> team cache entry as it was before this request changed it.
  struct TeamChange {
    Id employee;
    bool was_cached;
    std::optional<Id> team;
  };

  sql::Connection& conn_;
  RefCache& refs_;
  std::vector<std::pair<std::unordered_map<std::string, Id>*, std::string>> added_;
  std::vector<TeamChange> team_changes_;
  bool one_by_one_;  // each record in a savepoint of its own (see the class comment)
  bool new_records_need_names_ = false;
  bool awaits_detection_ = false;  // see WriteRequest::awaits_detection
  std::optional<Timestamp> awaits_detection_since_;
  bool untimed_await_detection_ = false;  // see WriteRequest::untimed_await_detection
  bool atomic_ = false;  // the request is all or nothing
};

SqlStore::SqlStore(ConnectionFactory factory, std::string backend_name, std::unique_ptr<sql::Connection> writer)
    : factory_(std::move(factory)), backend_name_(std::move(backend_name)), write_conn_(std::move(writer)) {}

Result<std::unique_ptr<SqlStore>> SqlStore::Create(ConnectionFactory factory, std::string backend_name) {
  auto conn = factory();
  if (!conn.ok()) return conn.status();
  PEAKEND_RETURN_IF_ERROR(Migrate(**conn));
  return std::unique_ptr<SqlStore>(new SqlStore(std::move(factory), std::move(backend_name), std::move(conn).value()));
}

Result<SqlStore::ReadLease> SqlStore::AcquireReader() {
  {
    std::lock_guard lock(pool_mu_);
    if (!idle_readers_.empty()) {
      auto conn = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return ReadLease(this, std::move(conn));
    }
  }
  auto conn = factory_();
  if (!conn.ok()) return conn.status();
  return ReadLease(this, std::move(conn).value());
}

void SqlStore::ReleaseReader(std::unique_ptr<sql::Connection> conn) {
  std::lock_guard lock(pool_mu_);
  if (idle_readers_.size() < kMaxIdleReaders) idle_readers_.push_back(std::move(conn));
}

namespace {

bool ChangesOrganisation(const std::vector<WriteResult>& results) {
  for (const WriteResult& result : results) {
    for (const auto* outcomes : {&result.locations, &result.teams, &result.employees}) {
      for (const RecordOutcome& o : *outcomes) {
        if (o.created || o.updated) return true;
      }
    }
  }
  return false;
}

Status LoadRefMap(sql::Connection& conn, const char* table, std::unordered_map<std::string, Id>& map) {
  map.clear();
  auto s = conn.Prepare(std::string("SELECT external_id, id FROM ") + table + " WHERE external_id IS NOT NULL");
  if (!s.ok()) return s.status();
  PEAKEND_RETURN_IF_ERROR((*s)->ForEachRow([&] {
    map.emplace((*s)->Text(0), (*s)->Int(1));
  }));
  return Status::Ok();
}

}  // namespace

struct SqlStore::CommitStep {
  const std::function<Status(sql::Connection&)>* body;
  Status result;
  bool done = false;  // committed or failed by the group's leader
  std::condition_variable wake;
};

Status SqlStore::WriteTransaction(const std::function<Status(sql::Connection&)>& body) {
  CommitStep step{&body, Status::Ok(), false, {}};
  std::unique_lock lock(commit_mu_);
  commit_queue_.push_back(&step);
  step.wake.wait(lock, [&] { return step.done || commit_queue_.front() == &step; });
  if (step.done) return step.result;
  // At the front: this thread writes the transaction for itself and the steps behind it.
  std::vector<CommitStep*> group;
  for (auto it = commit_queue_.begin(); it != commit_queue_.end() && group.size() < limits::kStoreMaxStepsPerCommit;
       ++it) {
    group.push_back(*it);
  }
  lock.unlock();
  CommitGroup(group);
  lock.lock();
  commit_queue_.erase(commit_queue_.begin(), commit_queue_.begin() + static_cast<std::ptrdiff_t>(group.size()));
  commit_stats_.steps += group.size();
  ++commit_stats_.commits;
  for (CommitStep* s : group) {
    s->done = true;
    if (s != &step) s->wake.notify_one();
  }
  if (!commit_queue_.empty()) commit_queue_.front()->wake.notify_one();  // the next group's leader
  return step.result;
}

CommitStats SqlStore::commit_stats() const {
  std::lock_guard lock(commit_mu_);
  return commit_stats_;
}

void SqlStore::CommitGroup(const std::vector<CommitStep*>& group) {
  std::lock_guard lock(write_mu_);
  sql::Connection& conn = *write_conn_;
  // On any failure the reference caches may name rows that were rolled back.
  auto fail_rest = [&](const Status& s) {
    (void)conn.Exec("ROLLBACK");
    refs_.loaded = false;
    for (CommitStep* step : group) {
      if (step->result.ok()) step->result = s;
    }
  };
  // IMMEDIATE takes SQLite's write lock up front, so a concurrent writer process waits
  // (busy timeout) instead of failing halfway through the transaction.
  Status begin = conn.Exec(conn.dialect() == sql::Dialect::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN");
  if (!begin.ok()) return fail_rest(begin);
  if (group.size() == 1) {
    // Alone, a step needs no savepoint: a bulk import's batch is written fastest without one.
    group[0]->result = (*group[0]->body)(conn);
    if (!group[0]->result.ok()) {
      // Undone whole; a step that filled the reference caches forgets them itself (Apply), so a
      // refused gesture spend does not cost the next import a reload of every customer.
      (void)conn.Exec("ROLLBACK");
      return;
    }
  } else {
    for (CommitStep* step : group) {
      Status savepoint = conn.Exec("SAVEPOINT step");
      if (!savepoint.ok()) return fail_rest(savepoint);
      step->result = (*step->body)(conn);
      if (!step->result.ok()) {
        Status undo = conn.Exec("ROLLBACK TO SAVEPOINT step");
        if (!undo.ok()) return fail_rest(undo);
      }
      Status release = conn.Exec("RELEASE SAVEPOINT step");
      if (!release.ok()) return fail_rest(release);
    }
  }
  Status commit = conn.Exec("COMMIT");
  if (!commit.ok()) fail_rest(commit.WithContext("the transaction could not be committed: "));
}

Result<std::vector<WriteResult>> SqlStore::Apply(const std::vector<const WriteRequest*>& requests) {
  std::vector<WriteResult> results;
  // The per-record requests to write record by record, each record in a savepoint of its own
  // (see WriteSession): those in which the database refused a statement when written in batches.
  std::vector<bool> one_by_one(requests.size(), false);
  bool again = false;  // the step was undone to write a request one by one
  auto write_all = [&](sql::Connection& conn) -> Status {
    results.clear();
    results.reserve(requests.size());
    if (!refs_.loaded) {
      PEAKEND_RETURN_IF_ERROR(LoadRefMap(conn, "locations", refs_.locations));
      PEAKEND_RETURN_IF_ERROR(LoadRefMap(conn, "teams", refs_.teams));
      PEAKEND_RETURN_IF_ERROR(LoadRefMap(conn, "employees", refs_.employees));
      PEAKEND_RETURN_IF_ERROR(LoadRefMap(conn, "customers", refs_.customers));
      refs_.employee_teams.clear();
      auto s = conn.Prepare("SELECT id, team_id FROM employees");
      if (!s.ok()) return s.status();
      PEAKEND_RETURN_IF_ERROR((*s)->ForEachRow([&] {
        refs_.employee_teams[(*s)->Int(0)] = (*s)->OptionalInt(1);
      }));
      refs_.loaded = true;
    }
    for (std::size_t r = 0; r < requests.size(); ++r) {
      const WriteRequest* request = requests[r];
      // An all-or-nothing request runs inside a savepoint so it can be undone alone. Per-record
      // requests (bulk imports) do without: their records are checked before they are written,
      // and a savepoint spanning thousands of rows makes every statement in it slower.
      bool atomic = request->atomicity == Atomicity::kAllOrNothing;
      if (atomic) PEAKEND_RETURN_IF_ERROR(conn.Exec("SAVEPOINT request"));
      std::uint64_t failed_before = conn.failed_statements();
      WriteSession session(conn, refs_, one_by_one[r]);
      WriteResult result = session.Apply(*request);
      if (!atomic && !one_by_one[r] && conn.failed_statements() != failed_before) {
        // A record was refused, and with no savepoint around it the transaction holds part of it
        // (SQLite) or is lost (PostgreSQL): undo the step and write this request one by one.
        one_by_one[r] = true;
        again = true;
        return Status::Internal("the database refused a record; its request is written again record by record");
      }
      if (!result.status.ok()) {
        if (!atomic) return result.status;  // a database failure, not a bad record
        // The request is rejected whole: undo its rows and forget its cache entries.
        PEAKEND_RETURN_IF_ERROR(conn.Exec("ROLLBACK TO SAVEPOINT request"));
        session.UndoCacheChanges();
        if (conn.failed_statements() != failed_before) {
          // A statement of many rows fails for all of them, so the refusal may name another
          // record than the one it is due to: written one by one, it names that one. Undone
          // again all the same.
          WriteSession alone(conn, refs_, true);
          Status named = alone.Apply(*request).status;
          PEAKEND_RETURN_IF_ERROR(conn.Exec("ROLLBACK TO SAVEPOINT request"));
          alone.UndoCacheChanges();
          if (!named.ok()) result.status = named;
        }
        for (auto* v : {&result.locations, &result.teams, &result.employees, &result.customers, &result.interactions,
                        &result.responses}) {
          v->clear();
        }
      }
      if (atomic) PEAKEND_RETURN_IF_ERROR(conn.Exec("RELEASE SAVEPOINT request"));
      results.push_back(std::move(result));
    }
    return Status::Ok();
  };
  // Each round writes at least one more request one by one than the round before.
  Status written;
  do {
    again = false;
    written = WriteTransaction([&](sql::Connection& conn) {
      Status s = write_all(conn);
      if (!s.ok()) refs_.loaded = false;  // its savepoint is undone: the caches may name rows that are gone
      return s;
    });
  } while (again);
  if (!written.ok()) return written;
  // Only now, after the COMMIT: a cache reloading on the new version reads the new rows.
  if (ChangesOrganisation(results)) organisation_version_.fetch_add(1);
  return results;
}

Status SqlStore::BeginBulkLoad() {
  std::lock_guard lock(write_mu_);
  if (write_conn_->dialect() != sql::Dialect::kSqlite) return Status::Ok();
  // Commits during the load survive a crash of the process (the OS has them) but are synced to
  // disk once, at the end, instead of at every checkpoint.
  PEAKEND_RETURN_IF_ERROR(write_conn_->Exec("PRAGMA synchronous=OFF"));
  // The writer resolves every reference itself from rows that are never deleted, so checking
  // the foreign keys again for each loaded row only costs time.
  PEAKEND_RETURN_IF_ERROR(write_conn_->Exec("PRAGMA foreign_keys=OFF"));
  return DropBulkLoadIndexes(*write_conn_);
}

Status SqlStore::EndBulkLoad() {
  std::lock_guard lock(write_mu_);
  PEAKEND_RETURN_IF_ERROR(EnsureBulkLoadIndexes(*write_conn_));
  if (write_conn_->dialect() != sql::Dialect::kSqlite) return Status::Ok();
  PEAKEND_RETURN_IF_ERROR(write_conn_->Exec("PRAGMA foreign_keys=ON"));
  // One commit with full sync makes the whole write-ahead log, and so the load, durable.
  PEAKEND_RETURN_IF_ERROR(write_conn_->Exec("PRAGMA synchronous=FULL"));
  PEAKEND_RETURN_IF_ERROR(write_conn_->Exec("BEGIN IMMEDIATE; UPDATE schema_version SET version = version; COMMIT"));
  return write_conn_->Exec("PRAGMA synchronous=NORMAL");
}

Result<Organisation> SqlStore::GetOrganisation() {
  auto conn = AcquireReader();
  if (!conn.ok()) return conn.status();
  auto s = (*conn)->Prepare("SELECT key, value FROM organisation");
  if (!s.ok()) return s.status();
  Organisation org;
  PEAKEND_RETURN_IF_ERROR((*s)->ForEachRow([&] {
    std::string key = (*s)->Text(0), value = (*s)->Text(1);
    if (key == "name") org.name = value;
    if (key == "default_language") org.default_language = value;
  }));
  return org;
}

Status SqlStore::SetOrganisation(const Organisation& org) {
  return WriteTransaction([&](sql::Connection& conn) -> Status {
    for (const auto& [key, value] : {std::pair{"name", org.name}, std::pair{"default_language", org.default_language}}) {
      auto s = conn.Prepare("INSERT INTO organisation(key, value) VALUES ($1, $2) ON CONFLICT(key) DO UPDATE SET value = $2");
      if (!s.ok()) return s.status();
      (*s)->BindText(1, key);
      (*s)->BindText(2, value);
      auto done = (*s)->Step();
      (*s)->Reset();
      if (!done.ok()) return done.status();
    }
    return Status::Ok();
  });
}

Result<std::vector<Location>> SqlStore::ListLocations() {
  auto conn = AcquireReader();
  if (!conn.ok()) return conn.status();
  auto s = (*conn)->Prepare("SELECT id, external_id, name, kind, channel, city FROM locations ORDER BY id");
  if (!s.ok()) return s.status();
  std::vector<Location> out;
  PEAKEND_RETURN_IF_ERROR((*s)->ForEachRow([&] {
    Location l;
    l.id = (*s)->Int(0);
    l.external_id = (*s)->Text(1);
    l.name = (*s)->Text(2);
    l.kind = ParseLocationKind((*s)->Text(3)).value_or(LocationKind::kOther);
    l.channel = (*s)->Text(4);
    l.city = (*s)->Text(5);
    out.push_back(std::move(l));
  }));
  return out;
}

Result<std::vector<Team>> SqlStore::ListTeams() {
  auto conn = AcquireReader();
  if (!conn.ok()) return conn.status();
  auto s = (*conn)->Prepare(
      "SELECT t.id, t.external_id, t.name, l.external_id, t.location_id FROM teams t "
      "LEFT JOIN locations l ON l.id = t.location_id ORDER BY t.id");
  if (!s.ok()) return s.status();
  std::vector<Team> out;
  PEAKEND_RETURN_IF_ERROR((*s)->ForEachRow([&] {
    Team t;
    t.id = (*s)->Int(0);
    t.external_id = (*s)->Text(1);
    t.name = (*s)->Text(2);
    t.location_ref = (*s)->Text(3);
    t.location_id = (*s)->OptionalInt(4);
    out.push_back(std::move(t));
  }));
  return out;
}

Result<std::vector<Employee>> SqlStore::ListEmployees() {
  auto conn = AcquireReader();
  if (!conn.ok()) return conn.status();
  auto s = (*conn)->Prepare(
      "SELECT e.id, e.external_id, e.first_name, e.last_name, e.email, e.role, t.external_id, l.external_id, "
      "e.team_id, e.location_id FROM employees e LEFT JOIN teams t ON t.id = e.team_id "
      "LEFT JOIN locations l ON l.id = e.location_id ORDER BY e.id");
  if (!s.ok()) return s.status();
  std::vector<Employee> out;
  PEAKEND_RETURN_IF_ERROR((*s)->ForEachRow([&] {
    Employee e;
    e.id = (*s)->Int(0);
    e.external_id = (*s)->Text(1);
    e.first_name = (*s)->Text(2);
    e.last_name = (*s)->Text(3);
    e.email = (*s)->Text(4);
    e.role = ParseRole((*s)->Text(5)).value_or(Role::kEmployee);
    e.team_ref = (*s)->Text(6);
    e.location_ref = (*s)->Text(7);
    e.team_id = (*s)->OptionalInt(8);
    e.location_id = (*s)->OptionalInt(9);
    out.push_back(std::move(e));
  }));
  return out;
}

namespace {

// Resolves a filter's reference to an internal id; an unknown reference is NotFound naming
// the query parameter.
Result<std::optional<Id>> ResolveFilterRef(sql::Connection& conn, const char* table, const std::string& ref,
                                           const char* param) {
  if (ref.empty()) return std::optional<Id>{};
  auto s = conn.Prepare(std::string("SELECT id FROM ") + table + " WHERE external_id = $1");
  if (!s.ok()) return s.status();
  (*s)->BindText(1, ref);
  auto row = (*s)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound(std::string("no ") + param + " with external id '" + ref + "'", param);
  Id id = (*s)->Int(0);
  (*s)->Reset();
  return std::optional<Id>{id};
}

// The filters shared by responses and interactions (alias "r" or "x").
Status AddCommonFilters(sql::Connection& conn, const RecordFilter& f, const std::string& a, const char* time_column,
                        WhereBuilder& where) {
  if (!f.external_id.empty()) where.AddText(a + ".external_id = ?", f.external_id);
  struct RefFilter {
    const char* table;
    const std::string* ref;
    const char* param;
    const char* column;
  };
  for (const RefFilter& rf : {RefFilter{"customers", &f.customer_ref, "customer", "customer_id"},
                              RefFilter{"locations", &f.location_ref, "location", "location_id"},
                              RefFilter{"teams", &f.team_ref, "team", "team_id"},
                              RefFilter{"employees", &f.employee_ref, "employee", "employee_id"}}) {
    auto id = ResolveFilterRef(conn, rf.table, *rf.ref, rf.param);
    if (!id.ok()) return id.status();
    if (*id) where.AddInt(a + "." + rf.column + " = ?", **id);
  }
  if (!f.journey_id.empty()) where.AddText(a + ".journey_id = ?", f.journey_id);
  if (f.from) where.AddInt(a + "." + time_column + " >= ?", *f.from);
  if (f.to) where.AddInt(a + "." + time_column + " < ?", *f.to);
  return Status::Ok();
}

// The SQL condition on an aspect tag's `score` column for a sentiment label (checked by the
// caller to be negative, neutral or positive); the bound is a constant, not user input.
std::string AspectScoreCondition(const std::string& label, const std::string& score) {
  std::string bound = fmt::format("{}", kAspectPolarityThreshold);
  if (label == "positive") return score + " > " + bound;
  if (label == "negative") return score + " < -" + bound;
  return score + " BETWEEN -" + bound + " AND " + bound;
}

Status AddResponseFilters(sql::Connection& conn, const RecordFilter& f, WhereBuilder& where) {
  PEAKEND_RETURN_IF_ERROR(AddCommonFilters(conn, f, "r", "submitted_at", where));
  bool aspect_sentiment = f.tag_kind == "aspect" && !f.tag_name.empty() && !f.sentiment_label.empty();
  if (!f.tag_kind.empty() && !f.tag_name.empty()) {
    std::string score_condition;
    if (aspect_sentiment) score_condition = " AND " + AspectScoreCondition(f.sentiment_label, "t.score");
    where.AddText2("EXISTS (SELECT 1 FROM response_tags t WHERE t.response_id = r.id AND t.kind = ? AND t.name = ?" +
                       score_condition + ")",
                   f.tag_kind, f.tag_name);
  } else if (!f.tag_kind.empty()) {  // any tag of the kind
    where.AddText("EXISTS (SELECT 1 FROM response_tags t WHERE t.response_id = r.id AND t.kind = ?)", f.tag_kind);
  }
  if (!f.sentiment_label.empty() && !aspect_sentiment) where.AddText("r.sentiment_label = ?", f.sentiment_label);
  for (const auto& [name, value] : f.attributes) {
    where.AddText2("EXISTS (SELECT 1 FROM response_attributes a WHERE a.response_id = r.id AND a.name = ? AND a.value = ?)",
                   name, value);
  }
  return Status::Ok();
}

Status LoadResponseDetails(sql::Connection& conn, Response& r) {
  auto a = conn.Prepare("SELECT name, value FROM response_attributes WHERE response_id = $1 ORDER BY name");
  if (!a.ok()) return a.status();
  (*a)->BindInt(1, r.id);
  PEAKEND_RETURN_IF_ERROR((*a)->ForEachRow([&] {
    r.attributes.emplace_back((*a)->Text(0), (*a)->Text(1));
  }));
  auto t = conn.Prepare("SELECT kind, name, score, phrase FROM response_tags WHERE response_id = $1");
  if (!t.ok()) return t.status();
  (*t)->BindInt(1, r.id);
  PEAKEND_RETURN_IF_ERROR((*t)->ForEachRow([&] {
    r.tags.push_back({(*t)->Text(0), (*t)->Text(1), (*t)->Double(2), (*t)->Text(3)});
  }));
  return Status::Ok();
}

int ClampLimit(int limit) { return std::max(1, std::min(limit, limits::kMaxPageSize)); }

}  // namespace

Result<Page<Customer>> SqlStore::ListCustomers(const RecordFilter& filter, const PageRequest& page) {
  auto conn = AcquireReader();
  if (!conn.ok()) return conn.status();
  WhereBuilder where("c");
  where.AddInt("c.id > ?", page.after_id);
  if (!filter.external_id.empty()) where.AddText("c.external_id = ?", filter.external_id);
  int limit = ClampLimit(page.limit);
  auto s = (*conn)->Prepare("SELECT c.id, c.external_id, c.name, c.email, c.phone, c.language, c.segment FROM customers c" +
                            where.Sql() + " ORDER BY c.id LIMIT " + std::to_string(limit + 1));
  if (!s.ok()) return s.status();
  where.Bind(**s);
  auto page_read = sql::ReadPage<Customer>(**s, limit, [](const sql::Statement& row) {
    Customer c;
    c.id = row.Int(0);
    c.external_id = row.Text(1);
    c.name = row.Text(2);
    c.email = row.Text(3);
    c.phone = row.Text(4);
    c.language = row.Text(5);
    c.segment = row.Text(6);
    return c;
  });
  return page_read;
}

Result<Page<Interaction>> SqlStore::ListInteractions(const RecordFilter& filter, const PageRequest& page) {
  auto conn = AcquireReader();
  if (!conn.ok()) return conn.status();
  WhereBuilder where("x");
  where.AddInt("x.id > ?", page.after_id);
  PEAKEND_RETURN_IF_ERROR(AddCommonFilters(**conn, filter, "x", "occurred_at", where));
  int limit = ClampLimit(page.limit);
  auto s = (*conn)->Prepare(std::string("SELECT ") + kInteractionColumns + where.Sql() + " ORDER BY x.id LIMIT " +
                            std::to_string(limit + 1));
  if (!s.ok()) return s.status();
  where.Bind(**s);
  return sql::ReadPage<Interaction>(**s, limit, ReadInteraction);
}

Result<Page<Response>> SqlStore::ListResponses(const RecordFilter& filter, const PageRequest& page) {
  auto conn = AcquireReader();
  if (!conn.ok()) return conn.status();
  WhereBuilder where("r");
  where.AddInt("r.id > ?", page.after_id);
  PEAKEND_RETURN_IF_ERROR(AddResponseFilters(**conn, filter, where));
  int limit = ClampLimit(page.limit);
  auto s = (*conn)->Prepare(std::string("SELECT ") + kResponseColumns + where.Sql() + " ORDER BY r.id LIMIT " +
                            std::to_string(limit + 1));
  if (!s.ok()) return s.status();
  where.Bind(**s);
  auto page_read = sql::ReadPage<Response>(**s, limit, ReadResponse);
  if (!page_read.ok()) return page_read.status();
  Page<Response> out = std::move(page_read).value();
  for (auto& r : out.items) PEAKEND_RETURN_IF_ERROR(LoadResponseDetails(**conn, r));
  return out;
}

Result<std::optional<Response>> SqlStore::GetResponse(Id id) {
  auto conn = AcquireReader();
  if (!conn.ok()) return conn.status();
  auto s = (*conn)->Prepare(std::string("SELECT ") + kResponseColumns + " WHERE r.id = $1");
  if (!s.ok()) return s.status();
  (*s)->BindInt(1, id);
  auto row = (*s)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<Response>{};
  Response r = ReadResponse(**s);
  (*s)->Reset();
  PEAKEND_RETURN_IF_ERROR(LoadResponseDetails(**conn, r));
  return std::optional<Response>{std::move(r)};
}

Result<std::vector<ScoreRow>> SqlStore::ScoreRows(const RecordFilter& filter) {
  auto conn = AcquireReader();
  if (!conn.ok()) return conn.status();
  WhereBuilder where("r");
  PEAKEND_RETURN_IF_ERROR(AddResponseFilters(**conn, filter, where));
  auto s = (*conn)->Prepare(
      "SELECT r.id, r.submitted_at, r.location_id, r.team_id, r.employee_id, r.customer_id, r.channel, "
      "r.interaction_type, r.nps, r.csat, r.ces, r.effectiveness, r.ease, r.emotion, r.sentiment FROM responses r" +
      where.Sql() + " ORDER BY r.id");
  if (!s.ok()) return s.status();
  where.Bind(**s);
  std::vector<ScoreRow> out;
  PEAKEND_RETURN_IF_ERROR((*s)->ForEachRow([&] {
    const sql::Statement& st = **s;
    ScoreRow r;
    r.response_id = st.Int(0);
    r.submitted_at = st.Int(1);
    r.location_id = st.OptionalInt(2);
    r.team_id = st.OptionalInt(3);
    r.employee_id = st.OptionalInt(4);
    r.customer_id = st.OptionalInt(5);
    r.channel = ParseResponseChannel(st.Text(6)).value_or(ResponseChannel::kApi);
    if (!st.IsNull(7)) r.interaction_type = ParseInteractionType(st.Text(7));
    r.answers.nps = OptInt(st, 8);
    r.answers.csat = OptInt(st, 9);
    r.answers.ces = OptInt(st, 10);
    r.answers.effectiveness = OptInt(st, 11);
    r.answers.ease = OptInt(st, 12);
    r.answers.emotion = OptInt(st, 13);
    r.sentiment = st.OptionalDouble(14);
    out.push_back(r);
  }));
  return out;
}

Result<std::vector<TagRow>> SqlStore::TagRows(const std::string& kind, const RecordFilter& filter) {
  auto conn = AcquireReader();
  if (!conn.ok()) return conn.status();
  WhereBuilder where("r");
  where.AddText("t.kind = ?", kind);
  PEAKEND_RETURN_IF_ERROR(AddResponseFilters(**conn, filter, where));
  auto s = (*conn)->Prepare("SELECT r.submitted_at, t.name, t.score FROM response_tags t JOIN responses r ON r.id = t.response_id" +
                            where.Sql() + " ORDER BY r.submitted_at");
  if (!s.ok()) return s.status();
  where.Bind(**s);
  std::vector<TagRow> out;
  PEAKEND_RETURN_IF_ERROR((*s)->ForEachRow([&] {
    out.push_back({(*s)->Int(0), (*s)->Text(1), (*s)->Double(2)});
  }));
  return out;
}

namespace {

// The offsets of `calendar`'s zone over the instants the responses span; none when there are no
// responses.
Result<std::optional<std::vector<OffsetSpan>>> ResponseOffsetSpans(sql::Connection& conn, const Calendar& calendar) {
  auto span = conn.Prepare("SELECT MIN(submitted_at), MAX(submitted_at) FROM responses");
  if (!span.ok()) return span.status();
  auto row = (*span)->Step();
  if (!row.ok()) return row.status();
  std::optional<std::vector<OffsetSpan>> spans;
  if (*row && !(*span)->IsNull(0)) spans = calendar.OffsetSpans((*span)->Int(0), (*span)->Int(1));
  (*span)->Reset();
  return spans;
}

// The SQL of the organisation's day (Calendar::LocalDay) of r.submitted_at. The zone's offset is
// a CASE over the clock changes within the instants the responses span, so the database groups
// by local day exactly, daylight saving time included.
Result<std::string> LocalDaySql(sql::Connection& conn, const Calendar& calendar) {
  auto found = ResponseOffsetSpans(conn, calendar);
  if (!found.ok()) return found.status();
  if (!*found) return std::string("0");
  const std::vector<OffsetSpan>& spans = **found;
  std::string offset;
  if (spans.size() == 1) {
    offset = std::to_string(spans[0].offset_seconds);
  } else {
    offset = "CASE";
    for (std::size_t i = 1; i < spans.size(); ++i) {
      offset += " WHEN r.submitted_at < " + std::to_string(spans[i].from) + " THEN " +
                std::to_string(spans[i - 1].offset_seconds);
    }
    offset += " ELSE " + std::to_string(spans.back().offset_seconds) + " END";
  }
  // Both databases divide towards zero; one day added and taken off keeps the first local day
  // of 1970, where an instant east of UTC is still negative, on the day before.
  std::string day = std::to_string(kSecondsPerDay);
  return "((r.submitted_at + " + offset + " + " + day + ") / " + day + " - 1)";
}

const char* TallyGroupColumn(TallyGroup group) {
  switch (group) {
    case TallyGroup::kNone: return nullptr;
    case TallyGroup::kLocation: return "r.location_id";
    case TallyGroup::kTeam: return "r.team_id";
    case TallyGroup::kEmployee: return "r.employee_id";
    case TallyGroup::kChannel: return "r.channel";
    case TallyGroup::kInteractionType: return "r.interaction_type";
  }
  return nullptr;
}

// A count of the rows where `condition` holds, in SQL both databases read.
std::string CountWhere(const std::string& condition) { return "COUNT(CASE WHEN " + condition + " THEN 1 END)"; }
std::string SumWhere(const std::string& condition, const std::string& value) {
  return "SUM(CASE WHEN " + condition + " THEN " + value + " END)";
}

// The columns of an AnswerTally, in the order ReadTally reads them.
std::string TallyColumnsSql() {
  std::string out = "COUNT(*)";
  auto add = [&out](const std::string& column) { out += ", " + column; };
  add(CountWhere("r.nps BETWEEN 0 AND 6"));
  add(CountWhere("r.nps BETWEEN 7 AND 8"));
  add(CountWhere("r.nps BETWEEN 9 AND 10"));
  add(CountWhere("r.nps NOT BETWEEN 0 AND 10"));
  // As AnswerTally::Scale::Add: n, sum, sum of squares, top, bottom, out of range.
  auto scale = [&](const std::string& column, int low, int high, int top_from, int bottom_to) {
    std::string on = column + " BETWEEN " + std::to_string(low) + " AND " + std::to_string(high);
    add(CountWhere(on));
    add(SumWhere(on, column));
    add(SumWhere(on, column + " * " + column));
    add(CountWhere(column + " BETWEEN " + std::to_string(top_from) + " AND " + std::to_string(high)));
    add(CountWhere(column + " BETWEEN " + std::to_string(low) + " AND " + std::to_string(bottom_to)));
    add(CountWhere(column + " NOT " + on.substr(column.size() + 1)));
  };
  scale("r.csat", 1, 5, 4, 0);
  scale("r.ces", 1, 7, 5, 3);
  for (const char* e : {"r.effectiveness", "r.ease", "r.emotion"}) {
    add(CountWhere(std::string(e) + " BETWEEN 1 AND 2"));
    add(CountWhere(std::string(e) + " = 3"));
    add(CountWhere(std::string(e) + " BETWEEN 4 AND 5"));
  }
  add(CountWhere("r.effectiveness BETWEEN 1 AND 5 OR r.ease BETWEEN 1 AND 5 OR r.emotion BETWEEN 1 AND 5"));
  return out;
}

AnswerTally ReadTally(const sql::Statement& s, int first) {
  int column = first;
  auto next = [&] { return s.OptionalInt(column++).value_or(0); };  // SUM over no rows is NULL
  AnswerTally t;
  t.responses = next();
  for (auto& n : t.nps) n = next();
  t.nps_out_of_range = next();
  for (AnswerTally::Scale* scale : {&t.csat, &t.ces}) {
    scale->n = next();
    scale->sum = next();
    scale->sum_sq = next();
    scale->top = next();
    scale->bottom = next();
    scale->out_of_range = next();
  }
  for (auto& e : t.e) {
    for (auto& n : e) n = next();
  }
  t.cx_n = next();
  return t;
}

// The local day of instants read mostly in time order: the span of the last one is tried first.
class LocalDays {
 public:
  explicit LocalDays(std::vector<OffsetSpan> spans) : spans_(std::move(spans)) {}
  std::int64_t Of(Timestamp t) {
    if (!Within(current_, t)) {
      auto after = std::upper_bound(spans_.begin(), spans_.end(), t,
                                    [](Timestamp value, const OffsetSpan& s) { return value < s.from; });
      current_ = after == spans_.begin() ? 0 : static_cast<std::size_t>(after - spans_.begin()) - 1;
    }
    return DaysSinceEpoch(t + spans_[current_].offset_seconds);
  }

 private:
  bool Within(std::size_t i, Timestamp t) const {
    return (i == 0 || t >= spans_[i].from) && (i + 1 == spans_.size() || t < spans_[i + 1].from);
  }
  std::vector<OffsetSpan> spans_;
  std::size_t current_ = 0;
};

// SQLite evaluates each CASE of TallyColumnsSql in its bytecode interpreter, which over a million
// rows costs seconds; reading the six answers and adding them up here costs a fraction of that.
Result<std::vector<DayTally>> TallyInProcess(sql::Connection& conn, const WhereBuilder& where, TallyGroup group,
                                             const Calendar* days) {
  std::optional<LocalDays> local_days;
  if (days) {
    auto spans = ResponseOffsetSpans(conn, *days);
    if (!spans.ok()) return spans.status();
    if (!*spans) return std::vector<DayTally>{};
    local_days.emplace(std::move(**spans));
  }
  const char* group_column = TallyGroupColumn(group);
  auto s = conn.Prepare(std::string("SELECT ") + (group_column ? group_column : "NULL") +
                        ", r.submitted_at, r.nps, r.csat, r.ces, r.effectiveness, r.ease, r.emotion FROM responses r" +
                        where.Sql());
  if (!s.ok()) return s.status();
  where.Bind(**s);
  std::map<std::pair<std::string, std::int64_t>, AnswerTally> tallies;
  std::pair<std::string, std::int64_t> key;
  AnswerTally* current = nullptr;  // the tally of `key`: most rows continue the one before
  Answers answers;
  std::optional<int> Answers::*const fields[] = {&Answers::nps,           &Answers::csat, &Answers::ces,
                                                 &Answers::effectiveness, &Answers::ease, &Answers::emotion};
  PEAKEND_RETURN_IF_ERROR((*s)->ForEachRow([&] {
    const sql::Statement& st = **s;
    std::string group_key = st.IsNull(0) ? std::string() : st.Text(0);
    std::int64_t day = local_days ? local_days->Of(st.Int(1)) : 0;
    if (!current || group_key != key.first || day != key.second) {
      key = {std::move(group_key), day};
      current = &tallies[key];
    }
    for (int k = 0; k < 6; ++k) {
      answers.*fields[k] = st.IsNull(2 + k) ? std::nullopt : std::optional<int>(static_cast<int>(st.Int(2 + k)));
    }
    current->Add(answers);
  }));
  std::vector<DayTally> out;
  out.reserve(tallies.size());
  for (auto& [k, tally] : tallies) out.push_back({k.first, k.second, tally});
  return out;
}

}  // namespace

Result<std::vector<DayTally>> SqlStore::DayTallies(const RecordFilter& filter, TallyGroup group, const Calendar* days) {
  auto conn = AcquireReader();
  if (!conn.ok()) return conn.status();
  WhereBuilder where("r");
  PEAKEND_RETURN_IF_ERROR(AddResponseFilters(**conn, filter, where));
  if ((*conn)->dialect() == sql::Dialect::kSqlite) return TallyInProcess(**conn, where, group, days);
  // PostgreSQL counts in the database, and only the tallies cross the network.
  std::string day = "0";
  if (days) {
    auto local_day = LocalDaySql(**conn, *days);
    if (!local_day.ok()) return local_day.status();
    day = *local_day;
  }
  const char* group_column = TallyGroupColumn(group);
  std::vector<std::string> grouped;
  if (group_column) grouped.push_back("1");
  if (days) grouped.push_back("2");
  std::string sql = std::string("SELECT ") + (group_column ? group_column : "NULL") + ", " + day + ", " +
                    TallyColumnsSql() + " FROM responses r" + where.Sql();
  if (!grouped.empty()) sql += " GROUP BY " + JoinWithCommas(grouped);
  auto s = (*conn)->Prepare(sql);
  if (!s.ok()) return s.status();
  where.Bind(**s);
  std::vector<DayTally> out;
  PEAKEND_RETURN_IF_ERROR((*s)->ForEachRow([&] {
    const sql::Statement& st = **s;
    DayTally d;
    d.tally = ReadTally(st, 2);
    if (d.tally.responses == 0) return;  // no group at all: one row of zeros
    d.group_key = st.IsNull(0) ? std::string() : st.Text(0);
    d.local_day = st.Int(1);
    out.push_back(std::move(d));
  }));
  return out;
}

namespace {

// SQLite joins a tag to its response with a seek into the responses table, whose rows are
// long (the analysis travels with them): over a million tags that takes seconds. Both tables
// read once in order and joined here by id take a fraction of it.
Result<std::vector<TagDayTally>> TagTallyInProcess(sql::Connection& conn, const std::string& kind,
                                                   const WhereBuilder& where, const Calendar& days,
                                                   double polarity_threshold) {
  auto spans = ResponseOffsetSpans(conn, days);
  if (!spans.ok()) return spans.status();
  if (!*spans) return std::vector<TagDayTally>{};
  LocalDays local_days(std::move(**spans));
  std::vector<std::pair<Id, std::int64_t>> day_of;  // by response id, ascending
  // Without a filter SQLite reads the ids and times from the index on submitted_at alone.
  auto responses = conn.Prepare("SELECT r.id, r.submitted_at FROM responses r" + where.Sql());
  if (!responses.ok()) return responses.status();
  where.Bind(**responses);
  PEAKEND_RETURN_IF_ERROR(
      (*responses)->ForEachRow([&] { day_of.emplace_back((*responses)->Int(0), local_days.Of((*responses)->Int(1))); }));
  std::sort(day_of.begin(), day_of.end());
  // One pass over the table beats a seek per tag from the index on kind, aspects being most tags.
  auto tags = conn.Prepare("SELECT response_id, name, score FROM response_tags NOT INDEXED WHERE kind = $1");
  if (!tags.ok()) return tags.status();
  (*tags)->BindText(1, kind);
  std::map<std::pair<std::string, std::int64_t>, TagDayTally> tallies;
  PEAKEND_RETURN_IF_ERROR((*tags)->ForEachRow([&] {
    const sql::Statement& st = **tags;
    Id response = st.Int(0);
    auto at = std::lower_bound(day_of.begin(), day_of.end(), response,
                               [](const std::pair<Id, std::int64_t>& d, Id id) { return d.first < id; });
    if (at == day_of.end() || at->first != response) return;  // a response the filter leaves out
    double score = st.Double(2);
    TagDayTally& t = tallies[{st.Text(1), at->second}];
    ++t.volume;
    t.positive += score > polarity_threshold;
    t.negative += score < -polarity_threshold;
    t.score_sum += score;
  }));
  std::vector<TagDayTally> out;
  out.reserve(tallies.size());
  for (auto& [key, t] : tallies) {
    t.name = key.first;
    t.local_day = key.second;
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

Result<std::vector<TagDayTally>> SqlStore::TagDayTallies(const std::string& kind, const RecordFilter& filter,
                                                         const Calendar& days, double polarity_threshold) {
  auto conn = AcquireReader();
  if (!conn.ok()) return conn.status();
  if ((*conn)->dialect() == sql::Dialect::kSqlite) {
    WhereBuilder responses("r");
    PEAKEND_RETURN_IF_ERROR(AddResponseFilters(**conn, filter, responses));
    return TagTallyInProcess(**conn, kind, responses, days, polarity_threshold);
  }
  WhereBuilder where("r");
  where.AddText("t.kind = ?", kind);
  PEAKEND_RETURN_IF_ERROR(AddResponseFilters(**conn, filter, where));
  auto day = LocalDaySql(**conn, days);
  if (!day.ok()) return day.status();
  std::string threshold = fmt::format("{}", polarity_threshold);
  auto s = (*conn)->Prepare("SELECT t.name, " + *day + ", COUNT(*), " + CountWhere("t.score > " + threshold) + ", " +
                            CountWhere("t.score < -" + threshold) +
                            ", SUM(t.score) FROM response_tags t JOIN responses r ON r.id = t.response_id" +
                            where.Sql() + " GROUP BY 1, 2");
  if (!s.ok()) return s.status();
  where.Bind(**s);
  std::vector<TagDayTally> out;
  PEAKEND_RETURN_IF_ERROR((*s)->ForEachRow([&] {
    const sql::Statement& st = **s;
    out.push_back({st.Text(0), st.Int(1), st.Int(2), st.Int(3), st.Int(4), st.OptionalDouble(5).value_or(0)});
  }));
  return out;
}

Result<JourneyPage> SqlStore::Journeys(const RecordFilter& filter, const std::string& after, std::size_t max_steps) {
  // A journey's key, by which pages are ordered and cut: its id, and for an interaction outside
  // any journey (a journey of its own) a key from the interaction's external id.
  constexpr const char* kJourneyKey = "COALESCE(NULLIF(x.journey_id, ''), 'interaction:' || x.external_id)";
  constexpr const char* kOwnJourneyPrefix = "interaction:";
  auto conn = AcquireReader();
  if (!conn.ok()) return conn.status();
  WhereBuilder where("x");
  RecordFilter f;
  f.customer_ref = filter.customer_ref;
  f.journey_id = filter.journey_id;
  PEAKEND_RETURN_IF_ERROR(AddCommonFilters(**conn, f, "x", "occurred_at", where));
  if (!after.empty()) where.AddText(std::string(kJourneyKey) + " > ?", after);
  // One row more than the page holds tells whether its last journey is whole.
  auto s = (*conn)->Prepare(std::string("SELECT ") + kInteractionColumns + where.Sql() + " ORDER BY " + kJourneyKey +
                            ", x.occurred_at, x.id LIMIT " + std::to_string(max_steps + 1));
  if (!s.ok()) return s.status();
  where.Bind(**s);
  JourneyPage page;
  std::vector<Journey>& out = page.journeys;
  std::size_t rows = 0;
  PEAKEND_RETURN_IF_ERROR((*s)->ForEachRow([&] {
    ++rows;
    Interaction x = ReadInteraction(**s);
    std::string key = x.journey_id.empty() ? kOwnJourneyPrefix + x.external_id : x.journey_id;
    if (out.empty() || out.back().journey_id != key) out.push_back(Journey{key, x.customer_ref, {}});
    out.back().steps.push_back(JourneyStep{std::move(x), {}});
  }));
  if (rows > max_steps) {
    if (out.size() == 1) {
      out.back().steps.resize(max_steps);
      out.back().truncated = true;
    } else {
      out.pop_back();  // not whole: the next page starts with it
    }
    page.next_after = out.back().journey_id;
  }
  auto rs = (*conn)->Prepare(std::string("SELECT ") + kResponseColumns + " WHERE r.interaction_id = $1 ORDER BY r.id");
  if (!rs.ok()) return rs.status();
  for (auto& journey : out) {
    for (auto& step : journey.steps) {
      (*rs)->BindInt(1, step.interaction.id);
      PEAKEND_RETURN_IF_ERROR((*rs)->ForEachRow([&] {
        step.responses.push_back(ReadResponse(**rs));
      }));
    }
  }
  return page;
}

Result<StoreCounts> SqlStore::Counts() {
  auto conn = AcquireReader();
  if (!conn.ok()) return conn.status();
  StoreCounts counts;
  for (auto [table, target] : {std::pair{"locations", &counts.locations}, std::pair{"teams", &counts.teams},
                               std::pair{"employees", &counts.employees}, std::pair{"customers", &counts.customers},
                               std::pair{"interactions", &counts.interactions}, std::pair{"responses", &counts.responses}}) {
    auto s = (*conn)->Prepare(std::string("SELECT COUNT(*) FROM ") + table);
    if (!s.ok()) return s.status();
    auto row = (*s)->Step();
    if (!row.ok()) return row.status();
    *target = (*s)->Int(0);
    (*s)->Reset();
  }
  return counts;
}

}  // namespace peakend
