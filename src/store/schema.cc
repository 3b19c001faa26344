#include "store/schema.h"

#include <string>
#include <vector>

namespace peakend {
namespace {

// DDL is written once with {id}, {int} and {real} standing for the dialect's types.
const std::vector<std::string>& Migrations() {
  static const std::vector<std::string> migrations = {
      // 1: the core domain
      R"sql(
      CREATE TABLE organisation (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE locations (id {id}, external_id TEXT UNIQUE, name TEXT NOT NULL, kind TEXT NOT NULL,
                              channel TEXT, city TEXT);
      CREATE TABLE teams (id {id}, external_id TEXT UNIQUE, name TEXT NOT NULL,
                          location_id {int} REFERENCES locations(id));
      CREATE TABLE employees (id {id}, external_id TEXT UNIQUE, first_name TEXT NOT NULL, last_name TEXT,
                              email TEXT, role TEXT NOT NULL, team_id {int} REFERENCES teams(id),
                              location_id {int} REFERENCES locations(id));
      CREATE TABLE customers (id {id}, external_id TEXT UNIQUE, name TEXT, email TEXT, phone TEXT,
                              language TEXT, segment TEXT);
      CREATE TABLE interactions (id {id}, external_id TEXT UNIQUE, type TEXT NOT NULL, occurred_at {int} NOT NULL,
                                 customer_id {int} REFERENCES customers(id), location_id {int} REFERENCES locations(id),
                                 team_id {int} REFERENCES teams(id), employee_id {int} REFERENCES employees(id),
                                 journey_id TEXT);
      CREATE INDEX interactions_customer ON interactions(customer_id, occurred_at);
      CREATE INDEX interactions_journey ON interactions(journey_id);
      CREATE TABLE responses (id {id}, external_id TEXT UNIQUE, interaction_id {int} REFERENCES interactions(id),
                              customer_id {int} REFERENCES customers(id), location_id {int} REFERENCES locations(id),
                              team_id {int} REFERENCES teams(id), employee_id {int} REFERENCES employees(id),
                              interaction_type TEXT, journey_id TEXT,
                              nps {int}, csat {int}, ces {int}, effectiveness {int}, ease {int}, emotion {int},
                              comment TEXT, language TEXT, submitted_at {int} NOT NULL, channel TEXT NOT NULL,
                              sentiment {real}, sentiment_label TEXT, analysis_json TEXT);
      CREATE INDEX responses_submitted ON responses(submitted_at);
      CREATE INDEX responses_customer ON responses(customer_id);
      CREATE INDEX responses_interaction ON responses(interaction_id);
      CREATE TABLE response_attributes (response_id {int} NOT NULL REFERENCES responses(id), name TEXT NOT NULL,
                                        value TEXT NOT NULL);
      CREATE INDEX response_attributes_response ON response_attributes(response_id);
      CREATE TABLE response_tags (response_id {int} NOT NULL REFERENCES responses(id), kind TEXT NOT NULL,
                                  name TEXT NOT NULL, score {real} NOT NULL, phrase TEXT);
      CREATE INDEX response_tags_response ON response_tags(response_id);
      CREATE INDEX response_tags_kind ON response_tags(kind, name);
      )sql",
      // 2: moments of truth — cases, their history, and gestures spent from budgets
      R"sql(
      CREATE TABLE cases (id {id}, rule TEXT NOT NULL, priority INTEGER NOT NULL, reason TEXT NOT NULL,
                          actions TEXT NOT NULL, state TEXT NOT NULL, response_id {int} REFERENCES responses(id),
                          customer_id {int} REFERENCES customers(id), journey_id TEXT,
                          location_id {int} REFERENCES locations(id), team_id {int} REFERENCES teams(id),
                          assignee_id {int} REFERENCES employees(id), created_at {int} NOT NULL, due_at {int} NOT NULL,
                          contacted_at {int}, closed_at {int}, close_reason TEXT, escalated INTEGER NOT NULL DEFAULT 0);
      CREATE INDEX cases_customer ON cases(customer_id, created_at);
      CREATE INDEX cases_state ON cases(state, due_at);
      CREATE TABLE case_events (id {id}, case_id {int} NOT NULL REFERENCES cases(id), at {int} NOT NULL,
                                actor TEXT NOT NULL, action TEXT NOT NULL, from_state TEXT, to_state TEXT, note TEXT);
      CREATE INDEX case_events_case ON case_events(case_id);
      CREATE TABLE gesture_spends (id {id}, case_id {int} NOT NULL REFERENCES cases(id),
                                   employee_id {int} NOT NULL REFERENCES employees(id), gesture TEXT NOT NULL,
                                   cost_cents {int} NOT NULL, month TEXT NOT NULL, at {int} NOT NULL);
      CREATE INDEX gesture_spends_employee ON gesture_spends(employee_id, month);
      )sql",
      // 3: webhook outbox — written in the same transaction as the case change it announces
      R"sql(
      CREATE TABLE webhook_outbox (id {id}, event TEXT NOT NULL, case_id {int} NOT NULL REFERENCES cases(id),
                                   body TEXT NOT NULL, created_at {int} NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                                   next_attempt_at {int} NOT NULL, delivered_at {int}, failed INTEGER NOT NULL DEFAULT 0,
                                   last_status INTEGER, last_error TEXT);
      CREATE INDEX webhook_outbox_due ON webhook_outbox(delivered_at, failed, next_attempt_at);
      )sql",
      // 4: most imported responses name no interaction; leaving them out of its index keeps the
      // index small and quick to rebuild after a bulk load
      R"sql(
      DROP INDEX responses_interaction;
      CREATE INDEX responses_interaction ON responses(interaction_id) WHERE interaction_id IS NOT NULL;
      )sql",
      // 5: an overdue case names the manager it was escalated to, for that manager's inbox
      R"sql(
      ALTER TABLE cases ADD COLUMN escalated_to_id {int} REFERENCES employees(id);
      )sql",
      // 6: responses committed for moments-of-truth detection and not looked at yet, written with
      // the response, so a server stopped before its detector finished looks at them on its next start
      R"sql(
      CREATE TABLE awaiting_detection (response_id {int} PRIMARY KEY REFERENCES responses(id));
      )sql",
  };
  return migrations;
}

std::string ForDialect(std::string ddl, sql::Dialect dialect) {
  auto replace = [&](const std::string& from, const std::string& to) {
    for (std::size_t pos = 0; (pos = ddl.find(from, pos)) != std::string::npos; pos += to.size()) {
      ddl.replace(pos, from.size(), to);
    }
  };
  bool pg = dialect == sql::Dialect::kPostgres;
  replace("{id}", pg ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY");
  replace("{int}", pg ? "BIGINT" : "INTEGER");
  replace("{real}", pg ? "DOUBLE PRECISION" : "REAL");
  return ddl;
}

struct IndexDefinition {
  const char* name;
  const char* columns;  // "table(column, ...)", and a WHERE clause for a partial index
};

// Secondary indexes a bulk load drops and rebuilds once at the end. response_tags(kind, name)
// stays: its few distinct keys each grow at one end, which costs less than sorting it afresh.
constexpr IndexDefinition kBulkLoadIndexes[] = {
    {"responses_submitted", "responses(submitted_at)"},
    {"responses_customer", "responses(customer_id)"},
    {"responses_interaction", "responses(interaction_id) WHERE interaction_id IS NOT NULL"},
    {"response_tags_response", "response_tags(response_id)"},
};

}  // namespace

Status DropBulkLoadIndexes(sql::Connection& conn) {
  for (const auto& index : kBulkLoadIndexes) {
    PEAKEND_RETURN_IF_ERROR(conn.Exec(std::string("DROP INDEX IF EXISTS ") + index.name));
  }
  return Status::Ok();
}

Status EnsureBulkLoadIndexes(sql::Connection& conn) {
  for (const auto& index : kBulkLoadIndexes) {
    PEAKEND_RETURN_IF_ERROR(conn.Exec(std::string("CREATE INDEX IF NOT EXISTS ") + index.name + " ON " + index.columns));
  }
  return Status::Ok();
}

Status Migrate(sql::Connection& conn) {
  PEAKEND_RETURN_IF_ERROR(conn.Exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"));
  PEAKEND_RETURN_IF_ERROR(conn.Exec("BEGIN"));
  auto fail = [&](const Status& s) {
    (void)conn.Exec("ROLLBACK");
    return s;
  };
  auto version_stmt = conn.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version");
  if (!version_stmt.ok()) return fail(version_stmt.status());
  auto has_row = (*version_stmt)->Step();
  if (!has_row.ok()) return fail(has_row.status());
  int current = static_cast<int>((*version_stmt)->Int(0));
  (*version_stmt)->Reset();
  const auto& migrations = Migrations();
  if (current > static_cast<int>(migrations.size())) {
    return fail(Status::FailedPrecondition("the database has schema version " + std::to_string(current) +
                                           " but this peakend knows only up to " + std::to_string(migrations.size()) +
                                           "; upgrade peakend before opening it"));
  }
  for (int v = current; v < static_cast<int>(migrations.size()); ++v) {
    Status applied = conn.Exec(ForDialect(migrations[v], conn.dialect()));
    if (!applied.ok()) return fail(applied.WithContext("migration " + std::to_string(v + 1) + ": "));
    Status recorded = conn.Exec("INSERT INTO schema_version(version) VALUES (" + std::to_string(v + 1) + ")");
    if (!recorded.ok()) return fail(recorded);
  }
  PEAKEND_RETURN_IF_ERROR(conn.Exec("COMMIT"));
  return EnsureBulkLoadIndexes(conn);
}

}  // namespace peakend
