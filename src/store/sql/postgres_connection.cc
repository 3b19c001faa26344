// PostgreSQL driver for sql::Connection, on libpq: named prepared statements, text-format
// parameters, one result set per Step() sequence.
#include <libpq-fe.h>

#include <charconv>
#include <map>
#include <vector>

#include "store/sql/connection.h"

namespace peakend::sql {
namespace {

constexpr std::string_view kUniqueViolation = "23505";        // SQLSTATE of a duplicate key
constexpr std::string_view kIntegrityConstraintClass = "23";  // every broken constraint
constexpr std::string_view kDataExceptionClass = "22";        // a value out of range, invalid text

std::string ErrorOf(PGconn* conn) {
  std::string m = PQerrorMessage(conn);
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

// What a failed statement's result means for the caller, as a Status.
Status StatusOfFailure(PGconn* conn, const PGresult* result) {
  std::string message = result ? PQresultErrorMessage(result) : ErrorOf(conn);
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  // Class 23 is a broken constraint: 23505 a duplicate key, the rest a bad record. Class 22 is a
  // value the database cannot take (a number out of range, text that is not valid UTF-8): a
  // bad record too, whose sender can correct it, not a failure of the database.
  std::string sqlstate = state ? state : "";
  const char* column = result ? PQresultErrorField(result, PG_DIAG_COLUMN_NAME) : nullptr;
  while (!message.empty() && message.back() == '\n') message.pop_back();
  // A refusal is told in the words of its primary message and detail, without the severity and
  // context lines of the whole message, which are for the server's log.
  const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  const char* detail = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_DETAIL) : nullptr;
  std::string refusal = "the database refused the record: " + std::string(primary ? primary : message) +
                        (detail ? std::string(" (") + detail + ")" : "");
  if (sqlstate == kUniqueViolation) return Status::AlreadyExists(refusal);
  if (sqlstate.starts_with(kIntegrityConstraintClass) || sqlstate.starts_with(kDataExceptionClass)) {
    return Status::InvalidArgument(refusal, column ? column : "");
  }
  if (PQstatus(conn) != CONNECTION_OK) return Status::Unavailable("lost the PostgreSQL connection: " + message);
  return Status::Internal("PostgreSQL error: " + message);
}

bool Succeeded(const PGresult* result) {
  ExecStatusType st = PQresultStatus(result);
  return st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK;
}

// Statements sent without waiting wait for their answers at most this many at a time. Their
// answers are a few bytes each (a deferred insert's tag, a queued insert's new id), so the server
// never blocks writing them while the client is still sending (which, both sides blocking,
// would hang the connection).
constexpr int kMaxPipelined = 512;

// Rows one INSERT of many carries (Connection::RowsPerInsert). A statement's own work on the
// server (binding, starting and ending the executor, its portal) costs as much as a row's
// inserts and checks, and is shared by the rows of a statement; 64 rows of the widest insert
// (responses, 21 columns) are 1,344 parameters, far below the 65,535 a statement may have.
constexpr int kRowsPerInsert = 64;

// What a statement that PostgreSQL skipped in a pipeline says: after a failure the server runs
// nothing more until the pipeline's end, and the transaction it is in is lost.
Status NotRun() {
  return Status::Internal("PostgreSQL did not run the statement: one sent before it in the same pipeline failed");
}

class PostgresStatement;

// The statements a connection has sent in pipeline mode without reading their answers yet.
// Any statement run for its result first joins the pipeline and then reads every answer, its
// own last, so a batch of side-table inserts costs the round trip of the statement after it.
class Pipeline {
 public:
  Pipeline(PGconn* conn, std::uint64_t* failures) : conn_(conn), failures_(failures) {}
  int pending() const { return static_cast<int>(sent_.size()); }
  // Counts a statement that failed or was not sent (Connection::failed_statements).
  void CountFailure() { ++*failures_; }

  // Sends a prepared statement without waiting for its answer. A queued statement's answer
  // goes to `answer` when it is read; any other counts only when it is a failure.
  Status Send(const std::string& name, const std::vector<const char*>& params, PostgresStatement* queued = nullptr,
              const Statement::Answer* answer = nullptr) {
    if (sent_.empty() && PQpipelineStatus(conn_) == PQ_PIPELINE_OFF && !PQenterPipelineMode(conn_)) {
      return StatusOfFailure(conn_, nullptr);
    }
    if (!PQsendQueryPrepared(conn_, name.c_str(), static_cast<int>(params.size()), params.data(), nullptr, nullptr, 0)) {
      CountFailure();
      Status failed = StatusOfFailure(conn_, nullptr);
      (void)Drain(nullptr);
      return failed;
    }
    sent_.push_back({queued, answer ? *answer : Statement::Answer()});
    return Status::Ok();
  }

  // Reads the answers of everything sent, hands the queued ones theirs, leaves pipeline mode
  // and returns the first failure among the others. `last`, when given, receives the answer of
  // the statement sent last (a query whose rows the caller reads).
  Status Drain(PGresult** last);

 private:
  struct Sent {
    PostgresStatement* queued;  // null: deferred, or the statement whose rows `last` receives
    Statement::Answer answer;
  };
  PGconn* conn_;
  std::uint64_t* failures_;
  std::vector<Sent> sent_;
};

class PostgresStatement : public Statement {
 public:
  PostgresStatement(PGconn* conn, Pipeline* pipeline, std::string name, int param_count)
      : conn_(conn), pipeline_(pipeline), name_(std::move(name)), values_(param_count), is_null_(param_count, true) {}
  ~PostgresStatement() override { Clear(); }

  void BindNull(int i) override { Set(i, std::nullopt); }
  void BindInt(int i, std::int64_t v) override { Set(i, std::to_string(v)); }
  void BindDouble(int i, double v) override {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    Set(i, std::string(buf, end));
  }
  void BindText(int i, std::string_view v) override { Set(i, std::string(v)); }

  Result<bool> Step() override {
    if (!result_) {
      if (Status ready = CheckParameters(); !ready.ok()) {
        pipeline_->CountFailure();
        return ready;
      }
      std::vector<const char*> params = Parameters();
      if (pipeline_->pending() > 0) {
        PEAKEND_RETURN_IF_ERROR(pipeline_->Send(name_, params));
        PEAKEND_RETURN_IF_ERROR(pipeline_->Drain(&result_));
      } else {
        result_ = PQexecPrepared(conn_, name_.c_str(), static_cast<int>(params.size()), params.data(), nullptr, nullptr,
                                 0);
      }
      if (!Succeeded(result_)) {
        pipeline_->CountFailure();
        Status failed = StatusOfFailure(conn_, result_);
        Clear();
        return failed;
      }
      rows_ = PQntuples(result_);
      row_ = -1;
    }
    ++row_;
    return row_ < rows_;
  }

  Status RunDeferred() override { return SendUnanswered(nullptr); }
  Status Queue(const Answer& answer) override { return SendUnanswered(&answer); }

  // Sends the statement to the pipeline, deferred or (with `answer`) queued. A full pipeline is
  // read before the statement joins a new one, so that an error returned here always means the
  // statement was not sent (the error may be an earlier deferred statement's).
  Status SendUnanswered(const Answer* answer) {
    Status ready = CheckParameters();
    if (!ready.ok()) pipeline_->CountFailure();
    if (ready.ok() && pipeline_->pending() >= kMaxPipelined) ready = pipeline_->Drain(nullptr);
    if (ready.ok()) ready = pipeline_->Send(name_, Parameters(), answer ? this : nullptr, answer);
    Reset();
    return ready;
  }

  // Hands `answer` the answer of one of this statement's runs sent with Queue(): `result`,
  // which is cleared afterwards, or why there is none. What the statement holds meanwhile (a
  // Step() in progress) is kept.
  void Deliver(PGresult* result, const Status& failed, const Answer& answer) {
    PGresult* held = result_;
    int held_rows = rows_, held_row = row_;
    result_ = result;
    rows_ = result ? PQntuples(result) : 0;
    row_ = 0;
    if (failed.ok()) {
      answer(Result<bool>(rows_ > 0), *this);
    } else {
      answer(Result<bool>(failed), *this);
    }
    if (result) PQclear(result);
    result_ = held;
    rows_ = held_rows;
    row_ = held_row;
  }

  bool IsNull(int c) const override { return PQgetisnull(result_, row_, c); }
  std::int64_t Int(int c) const override {
    const char* v = PQgetvalue(result_, row_, c);
    std::int64_t out = 0;
    std::from_chars(v, v + PQgetlength(result_, row_, c), out);
    return out;
  }
  double Double(int c) const override { return std::strtod(PQgetvalue(result_, row_, c), nullptr); }
  std::string Text(int c) const override {
    if (PQgetisnull(result_, row_, c)) return {};
    return std::string(PQgetvalue(result_, row_, c), PQgetlength(result_, row_, c));
  }
  void Reset() override {
    Clear();
    std::fill(is_null_.begin(), is_null_.end(), true);
  }

 private:
  // Parameters go to libpq as C strings, so text with a NUL would be cut off there without a
  // word; ingest refuses such text, and anything else that brings one is refused here.
  Status CheckParameters() const {
    for (std::size_t i = 0; i < values_.size(); ++i) {
      if (!is_null_[i] && values_[i].find('\0') != std::string::npos) {
        return Status::InvalidArgument("text with a NUL character (\\u0000) cannot be stored; remove it");
      }
    }
    return Status::Ok();
  }
  std::vector<const char*> Parameters() const {
    std::vector<const char*> params(values_.size());
    for (std::size_t i = 0; i < values_.size(); ++i) params[i] = is_null_[i] ? nullptr : values_[i].c_str();
    return params;
  }
  void Set(int i, std::optional<std::string> v) {
    if (i < 1 || i > static_cast<int>(values_.size())) return;
    is_null_[i - 1] = !v;
    values_[i - 1] = v ? std::move(*v) : std::string();
  }
  void Clear() {
    if (result_) PQclear(result_);
    result_ = nullptr;
    rows_ = 0;
    row_ = -1;
  }

  PGconn* conn_;
  Pipeline* pipeline_;
  std::string name_;
  std::vector<std::string> values_;
  std::vector<bool> is_null_;
  PGresult* result_ = nullptr;
  int rows_ = 0, row_ = -1;
};

Status Pipeline::Drain(PGresult** last) {
  if (PQpipelineStatus(conn_) == PQ_PIPELINE_OFF) return Status::Ok();
  std::vector<Sent> sent = std::move(sent_);
  sent_.clear();
  bool synced = PQpipelineSync(conn_);  // false: the connection is gone
  Status first_failure = Status::Ok();
  // Each statement's answer is its result followed by a null; the sync ends the lot.
  for (std::size_t i = 0; i < sent.size(); ++i) {
    PGresult* r = synced ? PQgetResult(conn_) : nullptr;
    Status failed = Status::Ok();
    if (r == nullptr) {
      failed = Status::Unavailable("lost the PostgreSQL connection: " + ErrorOf(conn_));
    } else if (PQresultStatus(r) == PGRES_PIPELINE_ABORTED) {
      failed = NotRun();
    } else if (!Succeeded(r)) {
      failed = StatusOfFailure(conn_, r);
    }
    if (!failed.ok()) CountFailure();
    if (r) {
      while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
    }
    if (sent[i].queued) {
      // A queued statement's failure is its caller's to report, through its answer.
      sent[i].queued->Deliver(failed.ok() ? r : nullptr, failed, sent[i].answer);
      if (!failed.ok() && r) PQclear(r);
      continue;
    }
    if (failed.ok() && last && i + 1 == sent.size()) {
      *last = r;
      continue;
    }
    if (r) PQclear(r);
    if (first_failure.ok()) first_failure = failed;
  }
  // Up to and including the sync's own result; a null between answers is allowed once.
  for (int nulls = 0; synced && nulls < 2 && PQstatus(conn_) == CONNECTION_OK;) {
    PGresult* r = PQgetResult(conn_);
    if (r == nullptr) {
      ++nulls;
      continue;
    }
    nulls = 0;
    bool sync = PQresultStatus(r) == PGRES_PIPELINE_SYNC;
    PQclear(r);
    if (sync) break;
  }
  if (!PQexitPipelineMode(conn_) && first_failure.ok()) first_failure = StatusOfFailure(conn_, nullptr);
  if (PQstatus(conn_) != CONNECTION_OK && first_failure.ok()) first_failure = StatusOfFailure(conn_, nullptr);
  if (!first_failure.ok() && last && *last) {
    PQclear(*last);
    *last = nullptr;
  }
  return first_failure;
}

int CountParams(const std::string& sql) {
  int max = 0;
  for (std::size_t i = 0; i + 1 < sql.size(); ++i) {
    if (sql[i] != '$' || !std::isdigit(static_cast<unsigned char>(sql[i + 1]))) continue;
    int n = 0;
    std::size_t j = i + 1;
    while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j]))) n = n * 10 + (sql[j++] - '0');
    max = std::max(max, n);
  }
  return max;
}

class PostgresConnection : public Connection {
 public:
  explicit PostgresConnection(PGconn* conn) : conn_(conn), pipeline_(conn, failure_counter()) {}
  ~PostgresConnection() override {
    (void)pipeline_.Drain(nullptr);
    ReleaseStatements();
    PQfinish(conn_);
  }
  Dialect dialect() const override { return Dialect::kPostgres; }

  Status Exec(const std::string& sql) override {
    PEAKEND_RETURN_IF_ERROR(pipeline_.Drain(nullptr));
    PGresult* r = PQexec(conn_, sql.c_str());
    ExecStatusType st = PQresultStatus(r);
    std::string message = PQresultErrorMessage(r);
    // A COMMIT of a transaction a failed statement aborted succeeds as a ROLLBACK: nothing was
    // stored, and the writers waiting on it must not be told otherwise.
    bool commit_rolled_back = sql == "COMMIT" && std::string_view(PQcmdStatus(r)) == "ROLLBACK";
    PQclear(r);
    if (commit_rolled_back) {
      return Status::Internal("PostgreSQL rolled the transaction back instead of committing it: a statement in it "
                              "failed; nothing of it was stored");
    }
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      while (!message.empty() && message.back() == '\n') message.pop_back();
      if (PQstatus(conn_) != CONNECTION_OK) return Status::Unavailable("lost the PostgreSQL connection: " + message);
      return Status::Internal("PostgreSQL error: " + message);
    }
    return Status::Ok();
  }

  Status Flush() override { return pipeline_.Drain(nullptr); }
  int RowsPerInsert() const override { return kRowsPerInsert; }

 protected:
  Result<std::unique_ptr<Statement>> Compile(const std::string& sql) override {
    PEAKEND_RETURN_IF_ERROR(pipeline_.Drain(nullptr));
    std::string name = "s" + std::to_string(++prepared_);
    PGresult* r = PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    std::string message = PQresultErrorMessage(r);
    PQclear(r);
    if (!ok) return Status::Internal("PostgreSQL cannot prepare a statement: " + message);
    return std::unique_ptr<Statement>(std::make_unique<PostgresStatement>(conn_, &pipeline_, name, CountParams(sql)));
  }

 private:
  PGconn* conn_;
  Pipeline pipeline_;
  int prepared_ = 0;  // names server-side statements s1, s2, ...
};

}  // namespace

Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = ErrorOf(conn);
    PQfinish(conn);
    return Status::Unavailable("cannot connect to PostgreSQL at '" + url + "': " + message +
                               "; check that the server runs and the URL names an existing database");
  }
  auto c = std::make_unique<PostgresConnection>(conn);
  PEAKEND_RETURN_IF_ERROR(c->Exec("SET client_min_messages = warning"));
  return std::unique_ptr<Connection>(std::move(c));
}

}  // namespace peakend::sql
