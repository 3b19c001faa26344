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

std::string ErrorOf(PGconn* conn) {
  std::string m = PQerrorMessage(conn);
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

// What a failed statement's result means for the caller, as a Status.
Status StatusOfFailure(PGconn* conn, const PGresult* result) {
  std::string message = result ? PQresultErrorMessage(result) : ErrorOf(conn);
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  // Class 23 is a broken constraint: 23505 a duplicate key, the rest a bad record.
  std::string sqlstate = state ? state : "";
  while (!message.empty() && message.back() == '\n') message.pop_back();
  if (sqlstate == kUniqueViolation) return Status::AlreadyExists("the database refused the record: " + message);
  if (sqlstate.starts_with(kIntegrityConstraintClass)) {
    return Status::InvalidArgument("the database refused the record: " + message);
  }
  if (PQstatus(conn) != CONNECTION_OK) return Status::Unavailable("lost the PostgreSQL connection: " + message);
  return Status::Internal("PostgreSQL error: " + message);
}

bool Succeeded(const PGresult* result) {
  ExecStatusType st = PQresultStatus(result);
  return st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK;
}

// Deferred statements wait for their answers at most this many at a time. Their answers are a
// few bytes each, so the server never blocks writing them while the client is still sending
// (which, both sides blocking, would hang the connection).
constexpr int kMaxPipelined = 512;

// The statements a connection has sent in pipeline mode without reading their answers yet.
// Any statement run for its result first joins the pipeline and then reads every answer, its
// own last, so a batch of side-table inserts costs the round trip of the statement after it.
class Pipeline {
 public:
  explicit Pipeline(PGconn* conn) : conn_(conn) {}
  int pending() const { return pending_; }

  // Sends a prepared statement without waiting for its answer.
  Status Send(const std::string& name, const std::vector<const char*>& params) {
    if (pending_ == 0 && PQpipelineStatus(conn_) == PQ_PIPELINE_OFF && !PQenterPipelineMode(conn_)) {
      return StatusOfFailure(conn_, nullptr);
    }
    if (!PQsendQueryPrepared(conn_, name.c_str(), static_cast<int>(params.size()), params.data(), nullptr, nullptr, 0)) {
      Status failed = StatusOfFailure(conn_, nullptr);
      (void)Drain(nullptr);
      return failed;
    }
    ++pending_;
    return Status::Ok();
  }

  // Reads the answers of everything sent, leaves pipeline mode and returns the first failure.
  // `last`, when given, receives the answer of the statement sent last (a query whose rows the
  // caller reads); it is not counted among the deferred.
  Status Drain(PGresult** last) {
    if (PQpipelineStatus(conn_) == PQ_PIPELINE_OFF) return Status::Ok();
    int answers = pending_;
    pending_ = 0;
    if (!PQpipelineSync(conn_)) return StatusOfFailure(conn_, nullptr);  // the connection is gone
    Status first_failure = Status::Ok();
    // Each statement's answer is its result followed by a null; the sync ends the lot.
    for (int i = 0; i < answers; ++i) {
      PGresult* r = PQgetResult(conn_);
      if (r == nullptr) break;  // the connection failed; reported below
      bool is_last = last && i + 1 == answers;
      if (!Succeeded(r)) {
        if (first_failure.ok() && PQresultStatus(r) != PGRES_PIPELINE_ABORTED) first_failure = StatusOfFailure(conn_, r);
        PQclear(r);
      } else if (is_last) {
        *last = r;
      } else {
        PQclear(r);
      }
      while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
    }
    // Up to and including the sync's own result; a null between answers is allowed once.
    for (int nulls = 0; nulls < 2 && PQstatus(conn_) == CONNECTION_OK;) {
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

 private:
  PGconn* conn_;
  int pending_ = 0;
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
      PEAKEND_RETURN_IF_ERROR(CheckParameters());
      std::vector<const char*> params = Parameters();
      if (pipeline_->pending() > 0) {
        PEAKEND_RETURN_IF_ERROR(pipeline_->Send(name_, params));
        PEAKEND_RETURN_IF_ERROR(pipeline_->Drain(&result_));
      } else {
        result_ = PQexecPrepared(conn_, name_.c_str(), static_cast<int>(params.size()), params.data(), nullptr, nullptr,
                                 0);
      }
      if (!Succeeded(result_)) {
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

  Status RunDeferred() override {
    Status checked = CheckParameters();
    Status sent = checked.ok() ? pipeline_->Send(name_, Parameters()) : checked;
    Reset();
    if (sent.ok() && pipeline_->pending() >= kMaxPipelined) return pipeline_->Drain(nullptr);
    return sent;
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
  explicit PostgresConnection(PGconn* conn) : conn_(conn), pipeline_(conn) {}
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
    PQclear(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      while (!message.empty() && message.back() == '\n') message.pop_back();
      if (PQstatus(conn_) != CONNECTION_OK) return Status::Unavailable("lost the PostgreSQL connection: " + message);
      return Status::Internal("PostgreSQL error: " + message);
    }
    return Status::Ok();
  }

  Status Flush() override { return pipeline_.Drain(nullptr); }

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
