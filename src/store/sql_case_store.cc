// SqlStore's CaseStore half: cases, their audit history and gesture budgets.
#include <algorithm>
#include <cstdio>
#include <limits>
#include <optional>
#include <sstream>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/limits.h"
#include "core/strings.h"
#include "store/sql/page_reader.h"
#include "store/sql_store.h"

namespace peakend {
namespace {

const char* kCaseColumns =
    "c.id, c.rule, c.priority, c.reason, c.actions, c.state, c.response_id, c.customer_id, c.journey_id, "
    "c.location_id, c.team_id, c.assignee_id, c.created_at, c.due_at, c.contacted_at, c.closed_at, c.close_reason, "
    "c.escalated, cu.external_id, e.external_id, t.external_id, c.escalated_to_id, m.external_id FROM cases c "
    "LEFT JOIN customers cu ON cu.id = c.customer_id LEFT JOIN employees e ON e.id = c.assignee_id "
    "LEFT JOIN teams t ON t.id = c.team_id LEFT JOIN employees m ON m.id = c.escalated_to_id";

std::string JoinLines(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : "\n") + s;
  return out;
}

CaseRecord ReadCase(const sql::Statement& s) {
  CaseRecord c;
  c.id = s.Int(0);
  c.rule = s.Text(1);
  c.priority = static_cast<int>(s.Int(2));
  c.reason = s.Text(3);
  std::istringstream actions(s.Text(4));
  for (std::string line; std::getline(actions, line);) c.suggested_actions.push_back(line);
  c.state = ParseCaseState(s.Text(5)).value_or(CaseState::kNew);
  c.response_id = s.OptionalInt(6);
  c.customer_id = s.OptionalInt(7);
  c.journey_id = s.Text(8);
  c.location_id = s.OptionalInt(9);
  c.team_id = s.OptionalInt(10);
  c.assignee_id = s.OptionalInt(11);
  c.created_at = s.Int(12);
  c.due_at = s.Int(13);
  if (!s.IsNull(14)) c.contacted_at = s.Int(14);
  if (!s.IsNull(15)) c.closed_at = s.Int(15);
  c.close_reason = s.Text(16);
  c.escalated = s.Int(17) != 0;
  c.customer_ref = s.Text(18);
  c.assignee_ref = s.Text(19);
  c.team_ref = s.Text(20);
  c.escalated_to_id = s.OptionalInt(21);
  c.escalated_to_ref = s.Text(22);
  return c;
}

Status Run(sql::Connection& conn, const std::string& sql, const std::function<void(sql::Statement&)>& bind) {
  auto s = conn.Prepare(sql);
  if (!s.ok()) return s.status();
  bind(**s);
  auto done = (*s)->Step();
  (*s)->Reset();
  return done.ok() ? Status::Ok() : done.status();
}

Status AddEvent(sql::Connection& conn, Id case_id, Timestamp at, const std::string& actor, const std::string& action,
                const std::string& from, const std::string& to, const std::string& note) {
  return Run(conn,
             "INSERT INTO case_events(case_id, at, actor, action, from_state, to_state, note) "
             "VALUES ($1, $2, $3, $4, $5, $6, $7)",
             [&](sql::Statement& s) {
               s.BindInt(1, case_id);
               s.BindInt(2, at);
               s.BindText(3, actor);
               s.BindText(4, action);
               s.BindTextOrNull(5, from);
               s.BindTextOrNull(6, to);
               s.BindTextOrNull(7, note);
             });
}

// Announces a case change to webhook receivers, in the same transaction as the change.
// `extra` holds further JSON members (",\"key\":value...") or is empty.
Status Enqueue(sql::Connection& conn, const std::string& event, Id case_id, const std::string& state,
               const std::string& rule, Timestamp at, const std::string& extra = "") {
  std::string body = "{\"event\":\"" + event + "\",\"case_id\":" + std::to_string(case_id) + ",\"state\":\"" + state +
                     "\",\"rule\":\"" + rule + "\",\"at\":\"" + FormatTimestamp(at) + "\"" + extra + "}";
  return Run(conn,
             "INSERT INTO webhook_outbox(event, case_id, body, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $4)",
             [&](sql::Statement& s) {
               s.BindText(1, event);
               s.BindInt(2, case_id);
               s.BindText(3, body);
               s.BindInt(4, at);
             });
}

// `text` as a JSON string, for the members of a webhook body.
std::string JsonText(const std::string& text) { return nlohmann::json(text).dump(); }

Result<std::string> RuleOf(sql::Connection& conn, Id case_id) {
  auto s = conn.Prepare("SELECT rule FROM cases WHERE id = $1");
  if (!s.ok()) return s.status();
  (*s)->BindInt(1, case_id);
  auto row = (*s)->Step();
  if (!row.ok()) return row.status();
  std::string rule = *row ? (*s)->Text(0) : "";
  (*s)->Reset();
  return rule;
}

OutboxMessage ReadMessage(const sql::Statement& s) {
  OutboxMessage m;
  m.id = s.Int(0);
  m.event = s.Text(1);
  m.case_id = s.Int(2);
  m.body = s.Text(3);
  m.created_at = s.Int(4);
  m.attempts = static_cast<int>(s.Int(5));
  m.next_attempt_at = s.Int(6);
  if (!s.IsNull(7)) m.delivered_at = s.Int(7);
  m.failed = s.Int(8) != 0;
  if (!s.IsNull(9)) m.last_status = static_cast<int>(s.Int(9));
  m.last_error = s.Text(10);
  return m;
}

constexpr const char* kMessageColumns =
    "id, event, case_id, body, created_at, attempts, next_attempt_at, delivered_at, failed, last_status, last_error "
    "FROM webhook_outbox";

Result<Id> EmployeeId(sql::Connection& conn, const std::string& ref) {
  auto s = conn.Prepare("SELECT id FROM employees WHERE external_id = $1");
  if (!s.ok()) return s.status();
  (*s)->BindText(1, ref);
  auto row = (*s)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("unknown employee '" + ref + "'", "employee");
  Id id = (*s)->Int(0);
  (*s)->Reset();
  return id;
}

Result<CaseState> StateOf(sql::Connection& conn, Id case_id) {
  auto s = conn.Prepare("SELECT state FROM cases WHERE id = $1");
  if (!s.ok()) return s.status();
  (*s)->BindInt(1, case_id);
  auto row = (*s)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::NotFound("no case with id " + std::to_string(case_id), "id");
  auto state = ParseCaseState((*s)->Text(0));
  (*s)->Reset();
  return state.value_or(CaseState::kNew);
}

// The state of a case, read in a write transaction that is about to change it: on PostgreSQL
// the case's row is locked first, so a change of another server process waits until this one
// has committed and then sees the state it left (SQLite's write transactions are serial already).
Result<CaseState> LockedStateOf(sql::Connection& conn, Id case_id) {
  if (conn.dialect() == sql::Dialect::kPostgres) {
    PEAKEND_RETURN_IF_ERROR(
        Run(conn, "SELECT id FROM cases WHERE id = $1 FOR UPDATE", [&](sql::Statement& s) { s.BindInt(1, case_id); }));
  }
  return StateOf(conn, case_id);
}

// Who works on a case that `claimant` (an employee id) wants: the assignee's external id, or ""
// when it is unassigned, already the claimant's, or the claimant is a manager or admin, who may
// take a case over.
Result<std::string> HolderOf(sql::Connection& conn, Id case_id, Id claimant) {
  auto s = conn.Prepare(
      "SELECT a.external_id FROM cases c JOIN employees a ON a.id = c.assignee_id "
      "JOIN employees me ON me.id = $2 WHERE c.id = $1 AND c.assignee_id <> $2 AND me.role = 'employee'");
  if (!s.ok()) return s.status();
  (*s)->BindInt(1, case_id);
  (*s)->BindInt(2, claimant);
  auto row = (*s)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::string();
  std::string holder = (*s)->Text(0);
  (*s)->Reset();
  return holder;
}

// Whether the case is assigned to the employee `employee` (an employee id).
Result<bool> AssignedTo(sql::Connection& conn, Id case_id, Id employee) {
  auto s = conn.Prepare("SELECT 1 FROM cases WHERE id = $1 AND assignee_id = $2");
  if (!s.ok()) return s.status();
  (*s)->BindInt(1, case_id);
  (*s)->BindInt(2, employee);
  auto row = (*s)->Step();
  if (!row.ok()) return row.status();
  (*s)->Reset();
  return *row;
}

}  // namespace

std::string_view ToString(CaseState s) {
  switch (s) {
    case CaseState::kNew: return "new";
    case CaseState::kInProgress: return "in_progress";
    case CaseState::kContacted: return "contacted";
    case CaseState::kResolved: return "resolved";
    case CaseState::kClosed: return "closed";
  }
  return "new";
}

std::optional<CaseState> ParseCaseState(std::string_view s) {
  for (auto state : {CaseState::kNew, CaseState::kInProgress, CaseState::kContacted, CaseState::kResolved,
                     CaseState::kClosed}) {
    if (ToString(state) == s) return state;
  }
  return std::nullopt;
}

bool CanTransition(CaseState from, CaseState to) {
  if (to == CaseState::kClosed) return from != CaseState::kClosed;
  return static_cast<int>(to) == static_cast<int>(from) + 1;
}

namespace {

constexpr const char* kOpenCaseQuery =
    "SELECT id FROM cases WHERE customer_id = $1 AND COALESCE(journey_id, '') = $2 AND created_at >= $3 "
    "AND state IN ('new', 'in_progress', 'contacted') ORDER BY id LIMIT 1";
constexpr int kCaseLockSpace = 1;  // pg_advisory_xact_lock(space, key): customers' cases

Result<std::optional<Id>> FindOpenCase(sql::Connection& conn, Id customer_id, const std::string& journey_id,
                                       Timestamp since) {
  auto s = conn.Prepare(kOpenCaseQuery);
  if (!s.ok()) return s.status();
  (*s)->BindInt(1, customer_id);
  (*s)->BindText(2, journey_id);
  (*s)->BindInt(3, since);
  auto row = (*s)->Step();
  if (!row.ok()) return row.status();
  std::optional<Id> id;
  if (*row) id = (*s)->Int(0);
  (*s)->Reset();
  return id;
}

Result<Id> InsertCase(sql::Connection& conn, const CaseRecord& c, const std::string& story_note) {
  auto st = conn.Prepare(
      "INSERT INTO cases(rule, priority, reason, actions, state, response_id, customer_id, journey_id, location_id, "
      "team_id, assignee_id, created_at, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
      "RETURNING id");
  if (!st.ok()) return st.status();
  sql::Statement& q = **st;
  q.BindText(1, c.rule);
  q.BindInt(2, c.priority);
  q.BindText(3, c.reason);
  q.BindText(4, JoinLines(c.suggested_actions));
  q.BindText(5, ToString(c.state));
  q.BindOptionalInt(6, c.response_id);
  q.BindOptionalInt(7, c.customer_id);
  q.BindTextOrNull(8, c.journey_id);
  q.BindOptionalInt(9, c.location_id);
  q.BindOptionalInt(10, c.team_id);
  q.BindOptionalInt(11, c.assignee_id);
  q.BindInt(12, c.created_at);
  q.BindInt(13, c.due_at);
  auto row = q.Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Internal("the case was not stored");
  Id id = q.Int(0);
  q.Reset();
  PEAKEND_RETURN_IF_ERROR(
      AddEvent(conn, id, c.created_at, "peakend", "created", "", std::string(ToString(c.state)), story_note));
  PEAKEND_RETURN_IF_ERROR(Enqueue(conn, "case.created", id, std::string(ToString(c.state)), c.rule, c.created_at));
  return id;
}

}  // namespace

Result<Id> SqlStore::CreateCase(const CaseRecord& c, const std::string& story_note) {
  Id id = 0;
  Status s = WriteTransaction([&](sql::Connection& conn) -> Status {
    auto inserted = InsertCase(conn, c, story_note);
    if (!inserted.ok()) return inserted.status();
    id = *inserted;
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return id;
}

Result<std::optional<Id>> SqlStore::CreateCaseUnlessOpen(const CaseRecord& c, const std::string& story_note,
                                                         Timestamp since) {
  if (!c.customer_id) return Status::InvalidArgument("a case without a customer cannot be de-duplicated", "customer");
  std::optional<Id> id;
  Status s = WriteTransaction([&](sql::Connection& conn) -> Status {
    id.reset();
    if (conn.dialect() == sql::Dialect::kPostgres) {
      // Two servers detecting for one customer at once: the lock makes check-and-insert atomic
      // (SQLite's write transactions are serial already).
      PEAKEND_RETURN_IF_ERROR(conn.Exec("SELECT pg_advisory_xact_lock(" + std::to_string(kCaseLockSpace) + ", " +
                                        std::to_string(*c.customer_id % std::numeric_limits<std::int32_t>::max()) +
                                        ")"));
    }
    auto open = FindOpenCase(conn, *c.customer_id, c.journey_id, since);
    if (!open.ok()) return open.status();
    if (*open) return Status::Ok();
    auto inserted = InsertCase(conn, c, story_note);
    if (!inserted.ok()) return inserted.status();
    id = *inserted;
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return id;
}

Result<Page<CaseRecord>> SqlStore::ListCases(const CaseFilter& f, const PageRequest& page) {
  auto conn = AcquireReader();
  if (!conn.ok()) return conn.status();
  std::string where = " WHERE c.id > $1";
  std::vector<std::pair<int, std::string>> texts;
  int next = 2;
  auto add_text = [&](const std::string& clause, const std::string& value) {
    where += " AND " + clause + " = $" + std::to_string(next);
    texts.emplace_back(next++, value);
  };
  if (!f.state.empty()) add_text("c.state", f.state);
  if (!f.rule.empty()) add_text("c.rule", f.rule);
  if (!f.team_ref.empty()) add_text("t.external_id", f.team_ref);
  if (!f.assignee_ref.empty()) add_text("e.external_id", f.assignee_ref);
  if (!f.customer_ref.empty()) add_text("cu.external_id", f.customer_ref);
  if (!f.escalated_to_ref.empty()) add_text("m.external_id", f.escalated_to_ref);
  if (!f.location_ref.empty()) {
    where += " AND c.location_id IN (SELECT id FROM locations WHERE external_id = $" + std::to_string(next) + ")";
    texts.emplace_back(next++, f.location_ref);
  }
  std::vector<std::pair<int, Timestamp>> times;  // and other whole numbers
  if (f.response_id) {
    where += " AND c.response_id = $" + std::to_string(next);
    times.emplace_back(next++, *f.response_id);
  }
  for (auto [bound, op] : {std::pair{&f.created_from, " >= $"}, std::pair{&f.created_to, " < $"}}) {
    if (!*bound) continue;
    where += std::string(" AND c.created_at") + op + std::to_string(next);
    times.emplace_back(next++, **bound);
  }
  int now_param = 0, cursor_param = 0;
  if (f.overdue) {
    now_param = next++;
    std::string overdue = "c.state IN ('new', 'in_progress') AND c.due_at < $" + std::to_string(now_param);
    where += *f.overdue ? " AND " + overdue : " AND NOT (" + overdue + ")";
  }
  bool urgency = f.order == CaseOrder::kUrgency;
  if (urgency && f.after_urgency) {
    cursor_param = next;
    next += 3;
    where += " AND (c.priority, c.due_at, c.id) > ($" + std::to_string(cursor_param) + ", $" +
             std::to_string(cursor_param + 1) + ", $" + std::to_string(cursor_param + 2) + ")";
  }
  int limit = std::max(1, std::min(page.limit, limits::kMaxPageSize));
  auto s = (*conn)->Prepare(std::string("SELECT ") + kCaseColumns + where +
                            (urgency ? " ORDER BY c.priority, c.due_at, c.id" : " ORDER BY c.id") + " LIMIT " +
                            std::to_string(limit + 1));
  if (!s.ok()) return s.status();
  (*s)->BindInt(1, urgency ? 0 : page.after_id);
  for (const auto& [i, v] : texts) (*s)->BindText(i, v);
  for (const auto& [i, t] : times) (*s)->BindInt(i, t);
  if (now_param) (*s)->BindInt(now_param, f.now);
  if (cursor_param) {
    (*s)->BindInt(cursor_param, f.after_urgency->priority);
    (*s)->BindInt(cursor_param + 1, f.after_urgency->due_at);
    (*s)->BindInt(cursor_param + 2, f.after_urgency->id);
  }
  return sql::ReadPage<CaseRecord>(**s, limit, ReadCase);
}

Result<std::optional<CaseRecord>> SqlStore::GetCase(Id id) {
  auto conn = AcquireReader();
  if (!conn.ok()) return conn.status();
  auto s = (*conn)->Prepare(std::string("SELECT ") + kCaseColumns + " WHERE c.id = $1");
  if (!s.ok()) return s.status();
  (*s)->BindInt(1, id);
  auto row = (*s)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<CaseRecord>{};
  CaseRecord c = ReadCase(**s);
  (*s)->Reset();
  return std::optional<CaseRecord>{std::move(c)};
}

namespace {

constexpr const char* kCaseEventColumns = "at, actor, action, from_state, to_state, note";

CaseEvent ReadCaseEvent(const sql::Statement& s, int first) {
  return {s.Int(first), s.Text(first + 1), s.Text(first + 2), s.Text(first + 3), s.Text(first + 4), s.Text(first + 5)};
}

}  // namespace

Result<std::vector<CaseEvent>> SqlStore::CaseEvents(Id id) {
  auto conn = AcquireReader();
  if (!conn.ok()) return conn.status();
  auto s = (*conn)->Prepare(std::string("SELECT ") + kCaseEventColumns + " FROM case_events WHERE case_id = $1 ORDER BY id");
  if (!s.ok()) return s.status();
  (*s)->BindInt(1, id);
  std::vector<CaseEvent> out;
  PEAKEND_RETURN_IF_ERROR((*s)->ForEachRow([&] { out.push_back(ReadCaseEvent(**s, 0)); }));
  return out;
}

Result<std::map<Id, std::vector<CaseEvent>>> SqlStore::CaseHistories(const std::vector<Id>& case_ids) {
  std::map<Id, std::vector<CaseEvent>> out;
  if (case_ids.empty()) return out;
  auto conn = AcquireReader();
  if (!conn.ok()) return conn.status();
  // One statement for every call, so a connection prepares it once: a call with fewer ids
  // repeats its last one in the parameters left over.
  constexpr std::size_t kIds = limits::kCaseHistoriesPerQuery;
  static const std::string kSelect = [] {
    std::string ids;
    for (std::size_t i = 1; i <= kIds; ++i) ids += (i == 1 ? "$" : ", $") + std::to_string(i);
    return std::string("SELECT case_id, ") + kCaseEventColumns + " FROM case_events WHERE case_id IN (" + ids +
           ") ORDER BY id";
  }();
  auto s = (*conn)->PrepareStatic(kSelect.c_str());
  if (!s.ok()) return s.status();
  for (std::size_t first = 0; first < case_ids.size(); first += kIds) {
    for (std::size_t i = 0; i < kIds; ++i) {
      (*s)->BindInt(static_cast<int>(i) + 1, case_ids[std::min(first + i, case_ids.size() - 1)]);
    }
    PEAKEND_RETURN_IF_ERROR((*s)->ForEachRow([&] { out[(*s)->Int(0)].push_back(ReadCaseEvent(**s, 1)); }));
  }
  return out;
}

Result<std::optional<Id>> SqlStore::OpenCaseFor(Id customer_id, const std::string& journey_id, Timestamp since) {
  auto conn = AcquireReader();
  if (!conn.ok()) return conn.status();
  return FindOpenCase(**conn, customer_id, journey_id, since);
}

Status SqlStore::Claim(Id case_id, const std::string& employee_ref, Timestamp at) {
  return WriteTransaction([&](sql::Connection& conn) -> Status {
    auto employee = EmployeeId(conn, employee_ref);
    if (!employee.ok()) return employee.status();
    auto state = LockedStateOf(conn, case_id);
    if (!state.ok()) return state.status();
    if (*state == CaseState::kResolved || *state == CaseState::kClosed) {
      return Status::FailedPrecondition("case " + std::to_string(case_id) + " is " + std::string(ToString(*state)) +
                                        "; only open cases can be claimed");
    }
    // Checked in the claim's own transaction, so of two employees claiming at once the second
    // is told who has the case instead of silently taking it over; a manager may take it over.
    if (*state != CaseState::kNew) {
      // Claiming again what one holds already (a double click, a retry) changes nothing.
      auto mine = AssignedTo(conn, case_id, *employee);
      if (!mine.ok()) return mine.status();
      if (*mine) return Status::Ok();
      auto holder = HolderOf(conn, case_id, *employee);
      if (!holder.ok()) return holder.status();
      if (!holder->empty()) {
        return Status(StatusCode::kFailedPrecondition,
                      "case " + std::to_string(case_id) + " is already claimed by " + *holder + " (" +
                          std::string(ToString(*state)) + "); ask " + *holder + " or a manager to hand it over",
                      "employee");
      }
    }
    CaseState to = *state == CaseState::kNew ? CaseState::kInProgress : *state;
    PEAKEND_RETURN_IF_ERROR(Run(conn, "UPDATE cases SET assignee_id = $1, state = $2 WHERE id = $3", [&](sql::Statement& s) {
      s.BindInt(1, *employee);
      s.BindText(2, ToString(to));
      s.BindInt(3, case_id);
    }));
    PEAKEND_RETURN_IF_ERROR(
        AddEvent(conn, case_id, at, employee_ref, "claimed", std::string(ToString(*state)), std::string(ToString(to)), ""));
    auto rule = RuleOf(conn, case_id);
    if (!rule.ok()) return rule.status();
    return Enqueue(conn, "case.changed", case_id, std::string(ToString(to)), *rule, at,
                   ",\"change\":\"claimed\",\"assignee\":" + JsonText(employee_ref));
  });
}

namespace {

// The first control character of a note other than a tab or a line break (LF, or CR LF), as
// its byte offset and code point: C0, DEL, and C1 (U+0080..U+009F, two bytes in UTF-8).
struct ControlCharacter {
  std::size_t offset = 0;
  unsigned code_point = 0;
};

std::optional<ControlCharacter> FirstControlCharacter(std::string_view text) {
  constexpr unsigned char kDelete = 0x7F, kC1Lead = 0xC2, kC1First = 0x80, kC1Last = 0x9F;
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    bool line_break = c == '\n' || (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n');
    if ((c < 0x20 && c != '\t' && !line_break) || c == kDelete) return ControlCharacter{i, c};
    if (c == kC1Lead && i + 1 < text.size()) {
      auto next = static_cast<unsigned char>(text[i + 1]);
      if (next >= kC1First && next <= kC1Last) return ControlCharacter{i, next};
    }
  }
  return std::nullopt;
}

// Every note is shown in the case's history each time the case is opened, and exported to
// spreadsheets, so it is bounded like a comment, says something, and holds no control
// characters. `what` names it in messages: "the note", or "the close reason ('note')".
Status CheckNote(const std::string& note, const std::string& what) {
  if (note.size() > limits::kMaxCaseNoteBytes) {
    return Status::InvalidArgument(what + " is " + std::to_string(note.size()) + " bytes; at most " +
                                       std::to_string(limits::kMaxCaseNoteBytes) + " are accepted",
                                   "note");
  }
  if (auto control = FirstControlCharacter(note)) {
    char code[8];
    std::snprintf(code, sizeof code, "U+%04X", control->code_point);
    return Status::InvalidArgument(what + " holds the control character " + code + " at byte " +
                                       std::to_string(control->offset + 1) +
                                       "; only tabs and line breaks may stand between its words: remove it",
                                   "note");
  }
  if (!note.empty() && IsBlankText(note)) {
    return Status::InvalidArgument(what + " is only white space; write what was done or agreed", "note");
  }
  return Status::Ok();
}

// What a refused move is told: the order of the states, and the moves open from `from`.
std::string AllowedMoves(CaseState from) {
  std::string open;
  if (from == CaseState::kClosed) {
    open = "a closed case moves no more";
  } else if (from == CaseState::kResolved) {
    open = "from resolved the next step is closed, with a reason in 'note'";
  } else {
    auto next = static_cast<CaseState>(static_cast<int>(from) + 1);
    open = "from " + std::string(ToString(from)) + " the next step is " + std::string(ToString(next)) +
           ", or closed with a reason in 'note'";
  }
  return "; cases move new -> in_progress (claim) -> contacted -> resolved -> closed, one step at a time, and may be "
         "closed with a reason from any state before: " + open;
}

}  // namespace

Status SqlStore::Transition(Id case_id, CaseState to, const std::string& actor, const std::string& note, Timestamp at) {
  bool closes = to == CaseState::kResolved || to == CaseState::kClosed;
  PEAKEND_RETURN_IF_ERROR(CheckNote(note, closes ? "the close reason ('note')" : "the note"));
  return WriteTransaction([&](sql::Connection& conn) -> Status {
    auto state = LockedStateOf(conn, case_id);
    if (!state.ok()) return state.status();
    if (!CanTransition(*state, to)) {
      return Status(StatusCode::kFailedPrecondition,
                    "case " + std::to_string(case_id) + " cannot go from " + std::string(ToString(*state)) + " to " +
                        std::string(ToString(to)) + AllowedMoves(*state),
                    "to");
    }
    if (to == CaseState::kClosed && note.empty()) {
      return Status::InvalidArgument("closing a case needs a reason in the note", "note");
    }
    // PostgreSQL must see every parameter up to the last one used, so the optional ones come last.
    std::string sql = "UPDATE cases SET state = $2";
    if (to == CaseState::kContacted) sql += ", contacted_at = $3";
    if (closes) sql += ", closed_at = $3, close_reason = $4";
    sql += " WHERE id = $1";
    PEAKEND_RETURN_IF_ERROR(Run(conn, sql, [&](sql::Statement& s) {
      s.BindInt(1, case_id);
      s.BindText(2, ToString(to));
      if (to == CaseState::kContacted || closes) s.BindInt(3, at);
      if (closes) s.BindTextOrNull(4, note);
    }));
    if (to == CaseState::kInProgress) {
      // Taken into progress without a claim: an employee who does so holds the case, as a claim
      // would make them, unless it is held already; a case in progress is someone's.
      PEAKEND_RETURN_IF_ERROR(Run(conn,
                                  "UPDATE cases SET assignee_id = (SELECT id FROM employees WHERE external_id = $2) "
                                  "WHERE id = $1 AND assignee_id IS NULL AND "
                                  "EXISTS (SELECT 1 FROM employees WHERE external_id = $2)",
                                  [&](sql::Statement& s) {
                                    s.BindInt(1, case_id);
                                    s.BindText(2, actor);
                                  }));
    }
    PEAKEND_RETURN_IF_ERROR(
        AddEvent(conn, case_id, at, actor, "transition", std::string(ToString(*state)), std::string(ToString(to)), note));
    auto rule = RuleOf(conn, case_id);
    if (!rule.ok()) return rule.status();
    std::string event = to == CaseState::kClosed ? "case.closed" : to == CaseState::kResolved ? "case.resolved" : "case.changed";
    return Enqueue(conn, event, case_id, std::string(ToString(to)), *rule, at,
                   ",\"change\":\"transition\",\"from\":\"" + std::string(ToString(*state)) + "\",\"by\":" + JsonText(actor) +
                       (note.empty() ? "" : ",\"note\":" + JsonText(note)));
  });
}

Status SqlStore::AddNote(Id case_id, const std::string& actor, const std::string& note, Timestamp at) {
  if (note.empty()) return Status::InvalidArgument("the note is empty; write what was done or agreed", "note");
  PEAKEND_RETURN_IF_ERROR(CheckNote(note, "the note"));
  return WriteTransaction([&](sql::Connection& conn) -> Status {
    auto state = StateOf(conn, case_id);
    if (!state.ok()) return state.status();
    PEAKEND_RETURN_IF_ERROR(AddEvent(conn, case_id, at, actor, "note", "", "", note));
    auto rule = RuleOf(conn, case_id);
    if (!rule.ok()) return rule.status();
    return Enqueue(conn, "case.changed", case_id, std::string(ToString(*state)), *rule, at,
                   ",\"change\":\"note\",\"by\":" + JsonText(actor) + ",\"note\":" + JsonText(note));
  });
}

Result<std::int64_t> SqlStore::SpendGesture(const GestureSpend& spend, std::int64_t budget) {
  std::int64_t remaining = 0;
  std::string month = spend.month.empty() ? PeriodKey(spend.at, Period::kMonth) : spend.month;
  Status s = WriteTransaction([&](sql::Connection& conn) -> Status {
    auto employee = EmployeeId(conn, spend.employee_ref);
    if (!employee.ok()) return employee.status();
    auto state = StateOf(conn, spend.case_id);
    if (!state.ok()) return state.status();
    if (*state == CaseState::kClosed) {
      return Status(StatusCode::kFailedPrecondition,
                    "case " + std::to_string(spend.case_id) +
                        " is closed; a gesture is given while a case is open or resolved, and a closed case's "
                        "customer who needs one more is a new case",
                    "gesture");
    }
    if (conn.dialect() == sql::Dialect::kPostgres) {
      // Two servers spending for one employee at once: the lock makes the check-and-insert atomic.
      PEAKEND_RETURN_IF_ERROR(conn.Exec("SELECT pg_advisory_xact_lock(" + std::to_string(*employee) + ")"));
    }
    auto sum = conn.Prepare("SELECT COALESCE(SUM(cost_cents), 0) FROM gesture_spends WHERE employee_id = $1 AND month = $2");
    if (!sum.ok()) return sum.status();
    (*sum)->BindInt(1, *employee);
    (*sum)->BindText(2, month);
    auto row = (*sum)->Step();
    if (!row.ok()) return row.status();
    std::int64_t spent = (*sum)->Int(0);
    (*sum)->Reset();
    // A gesture that costs nothing is always given, also when a lowered budget is overspent.
    if (spend.cost_cents > 0 && spent + spend.cost_cents > budget) {
      if (spent >= budget) {
        return Status(StatusCode::kFailedPrecondition,
                      "the monthly budget of " + std::to_string(budget) + " cents is used up (" + std::to_string(spent) +
                          " spent in " + month + "); until the next month only gestures that cost nothing can be given",
                      "gesture");
      }
      return Status(StatusCode::kFailedPrecondition,
                    "this gesture costs " + std::to_string(spend.cost_cents) + " cents but only " +
                        std::to_string(budget - spent) + " of the monthly budget of " + std::to_string(budget) +
                        " cents are left; choose a gesture that costs at most that",
                    "gesture");
    }
    PEAKEND_RETURN_IF_ERROR(Run(conn,
                                "INSERT INTO gesture_spends(case_id, employee_id, gesture, cost_cents, month, at) "
                                "VALUES ($1, $2, $3, $4, $5, $6)",
                                [&](sql::Statement& q) {
                                  q.BindInt(1, spend.case_id);
                                  q.BindInt(2, *employee);
                                  q.BindText(3, spend.gesture);
                                  q.BindInt(4, spend.cost_cents);
                                  q.BindText(5, month);
                                  q.BindInt(6, spend.at);
                                }));
    remaining = std::max<std::int64_t>(0, budget - spent - spend.cost_cents);
    PEAKEND_RETURN_IF_ERROR(AddEvent(conn, spend.case_id, spend.at, spend.employee_ref, "gesture", "", "",
                                     spend.gesture + " (" + std::to_string(spend.cost_cents) + " cents)"));
    auto rule = RuleOf(conn, spend.case_id);
    if (!rule.ok()) return rule.status();
    return Enqueue(conn, "case.changed", spend.case_id, std::string(ToString(*state)), *rule, spend.at,
                   ",\"change\":\"gesture\",\"by\":" + JsonText(spend.employee_ref) + ",\"gesture\":" +
                       JsonText(spend.gesture) + ",\"cost_cents\":" + std::to_string(spend.cost_cents));
  });
  if (!s.ok()) return s;
  return remaining;
}

Result<std::int64_t> SqlStore::SpentInMonth(const std::string& employee_ref, const std::string& month) {
  auto conn = AcquireReader();
  if (!conn.ok()) return conn.status();
  auto s = (*conn)->Prepare(
      "SELECT COALESCE(SUM(g.cost_cents), 0) FROM gesture_spends g JOIN employees e ON e.id = g.employee_id "
      "WHERE e.external_id = $1 AND g.month = $2");
  if (!s.ok()) return s.status();
  (*s)->BindText(1, employee_ref);
  (*s)->BindText(2, month);
  auto row = (*s)->Step();
  if (!row.ok()) return row.status();
  std::int64_t spent = (*s)->Int(0);
  (*s)->Reset();
  return spent;
}

Result<std::vector<GestureSpend>> SqlStore::Spends(Timestamp from, Timestamp to) {
  auto conn = AcquireReader();
  if (!conn.ok()) return conn.status();
  auto s = (*conn)->Prepare(
      "SELECT g.case_id, e.external_id, g.gesture, g.cost_cents, g.at, g.month FROM gesture_spends g "
      "JOIN employees e ON e.id = g.employee_id WHERE g.at >= $1 AND g.at < $2 ORDER BY g.id");
  if (!s.ok()) return s.status();
  (*s)->BindInt(1, from);
  (*s)->BindInt(2, to);
  std::vector<GestureSpend> out;
  PEAKEND_RETURN_IF_ERROR((*s)->ForEachRow([&] {
    out.push_back({(*s)->Int(0), (*s)->Text(1), (*s)->Text(2), (*s)->Int(3), (*s)->Int(4), (*s)->Text(5)});
  }));
  return out;
}

Result<std::vector<Id>> SqlStore::EscalateOverdue(Timestamp now, const ManagerOf& manager_of,
                                                  const std::vector<std::string>& not_escalated) {
  std::vector<Id> ids;
  Status s = WriteTransaction([&](sql::Connection& conn) -> Status {
    ids.clear();
    auto q = conn.Prepare(std::string("SELECT ") + kCaseColumns +
                          " WHERE c.escalated = 0 AND c.state IN ('new', 'in_progress') AND c.due_at < $1 ORDER BY c.id");
    if (!q.ok()) return q.status();
    (*q)->BindInt(1, now);
    std::vector<CaseRecord> overdue;
    PEAKEND_RETURN_IF_ERROR((*q)->ForEachRow([&] { overdue.push_back(ReadCase(**q)); }));
    for (const auto& c : overdue) {
      if (std::find(not_escalated.begin(), not_escalated.end(), c.rule) != not_escalated.end()) continue;
      std::optional<Employee> manager = manager_of ? manager_of(c) : std::nullopt;
      PEAKEND_RETURN_IF_ERROR(Run(conn, "UPDATE cases SET escalated = 1, escalated_to_id = $2 WHERE id = $1",
                                  [&](sql::Statement& u) {
                                    u.BindInt(1, c.id);
                                    u.BindOptionalInt(2, manager ? std::optional<Id>(manager->id) : std::nullopt);
                                  }));
      std::string who = manager ? manager->external_id + (manager->first_name.empty() ? "" : " (" + manager->first_name + ")")
                                : "";
      PEAKEND_RETURN_IF_ERROR(AddEvent(conn, c.id, now, "peakend", "escalated", "", "",
                                       "past its due time (" + FormatTimestamp(c.due_at) + "): " +
                                           (manager ? "escalated to manager " + who
                                                    : "no manager is known for its team or location")));
      std::string extra = ",\"change\":\"escalated\",\"escalated_to\":" +
                          (manager ? nlohmann::json(manager->external_id).dump() : std::string("null"));
      PEAKEND_RETURN_IF_ERROR(Enqueue(conn, "case.changed", c.id, std::string(ToString(c.state)), c.rule, now, extra));
      ids.push_back(c.id);
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return ids;
}

Result<std::vector<OutboxMessage>> SqlStore::DueMessages(Timestamp now, int limit) {
  auto conn = AcquireReader();
  if (!conn.ok()) return conn.status();
  auto s = (*conn)->Prepare(std::string("SELECT ") + kMessageColumns +
                            " WHERE delivered_at IS NULL AND failed = 0 AND next_attempt_at <= $1 ORDER BY id LIMIT " +
                            std::to_string(limit));
  if (!s.ok()) return s.status();
  (*s)->BindInt(1, now);
  std::vector<OutboxMessage> out;
  PEAKEND_RETURN_IF_ERROR((*s)->ForEachRow([&] {
    out.push_back(ReadMessage(**s));
  }));
  return out;
}

Status SqlStore::RecordAttempt(Id id, bool delivered, std::optional<int> http_status, const std::string& error,
                               Timestamp at, Timestamp next_attempt_at, bool give_up) {
  return WriteTransaction([&](sql::Connection& conn) {
    return Run(conn,
               "UPDATE webhook_outbox SET attempts = attempts + 1, delivered_at = $1, failed = $2, last_status = $3, "
               "last_error = $4, next_attempt_at = $5 WHERE id = $6",
               [&](sql::Statement& s) {
                 delivered ? s.BindInt(1, at) : s.BindNull(1);
                 s.BindInt(2, give_up ? 1 : 0);
                 s.BindOptionalInt(3, http_status);
                 s.BindTextOrNull(4, error);
                 s.BindInt(5, next_attempt_at);
                 s.BindInt(6, id);
               });
  });
}

Result<std::vector<OutboxMessage>> SqlStore::RecentMessages(int limit) {
  auto conn = AcquireReader();
  if (!conn.ok()) return conn.status();
  auto s = (*conn)->Prepare(std::string("SELECT ") + kMessageColumns + " ORDER BY id DESC LIMIT " + std::to_string(limit));
  if (!s.ok()) return s.status();
  std::vector<OutboxMessage> out;
  PEAKEND_RETURN_IF_ERROR((*s)->ForEachRow([&] {
    out.push_back(ReadMessage(**s));
  }));
  return out;
}

Result<std::vector<Id>> SqlStore::ResponsesAwaitingDetection(Id after_id, std::size_t limit) {
  auto conn = AcquireReader();
  if (!conn.ok()) return conn.status();
  auto s = (*conn)->Prepare("SELECT response_id FROM awaiting_detection WHERE response_id > $1 ORDER BY response_id LIMIT " +
                            std::to_string(limit));
  if (!s.ok()) return s.status();
  (*s)->BindInt(1, after_id);
  std::vector<Id> out;
  PEAKEND_RETURN_IF_ERROR((*s)->ForEachRow([&] { out.push_back((*s)->Int(0)); }));
  return out;
}

Status SqlStore::DetectionDone(const std::vector<Id>& response_ids) {
  // Ids per DELETE: a detection batch of tens of thousands costs a few statements (and, on
  // PostgreSQL, round trips), each well within what either database takes as parameters.
  constexpr std::size_t kIdsPerStatement = 500;
  if (response_ids.empty()) return Status::Ok();
  return WriteTransaction([&](sql::Connection& conn) -> Status {
    for (std::size_t first = 0; first < response_ids.size(); first += kIdsPerStatement) {
      std::size_t count = std::min(kIdsPerStatement, response_ids.size() - first);
      std::string params;
      for (std::size_t k = 1; k <= count; ++k) params += (k == 1 ? "$" : ", $") + std::to_string(k);
      auto s = conn.Prepare("DELETE FROM awaiting_detection WHERE response_id IN (" + params + ")");
      if (!s.ok()) return s.status();
      for (std::size_t k = 0; k < count; ++k) (*s)->BindInt(static_cast<int>(k + 1), response_ids[first + k]);
      PEAKEND_RETURN_IF_ERROR((*s)->RunDeferred());
    }
    return conn.Flush();
  });
}

}  // namespace peakend
