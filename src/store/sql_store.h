// SqlStore: the one Store implementation, written against sql::Connection so SQLite and
// PostgreSQL share every query. Writes run on the Writer's thread through a dedicated
// connection; reads take a connection from a small pool and may run on any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/case_store.h"
#include "store/sql/connection.h"
#include "store/store.h"

namespace peakend {

class SqlStore : public Store, public CaseStore {
 public:
  using ConnectionFactory = std::function<Result<std::unique_ptr<sql::Connection>>()>;

  // Opens the write connection and migrates the schema.
  static Result<std::unique_ptr<SqlStore>> Create(ConnectionFactory factory, std::string backend_name);

  Result<std::vector<WriteResult>> Apply(const std::vector<const WriteRequest*>& requests) override;
  Result<Organisation> GetOrganisation() override;
  Status SetOrganisation(const Organisation& org) override;
  Result<std::vector<Location>> ListLocations() override;
  Result<std::vector<Team>> ListTeams() override;
  Result<std::vector<Employee>> ListEmployees() override;
  Result<Page<Customer>> ListCustomers(const RecordFilter& filter, const PageRequest& page) override;
  Result<Page<Interaction>> ListInteractions(const RecordFilter& filter, const PageRequest& page) override;
  Result<Page<Response>> ListResponses(const RecordFilter& filter, const PageRequest& page) override;
  Result<std::optional<Response>> GetResponse(Id id) override;
  Result<std::vector<ScoreRow>> ScoreRows(const RecordFilter& filter) override;
  Result<std::vector<TagRow>> TagRows(const std::string& kind, const RecordFilter& filter) override;
  Result<std::vector<DayTally>> DayTallies(const RecordFilter& filter, TallyGroup group, const Calendar* days) override;
  Result<std::vector<TagDayTally>> TagDayTallies(const std::string& kind, const RecordFilter& filter,
                                                 const Calendar& days, double polarity_threshold) override;
  Result<JourneyPage> Journeys(const RecordFilter& filter, const std::string& after, std::size_t max_steps) override;
  Result<StoreCounts> Counts() override;
  std::string BackendName() const override { return backend_name_; }
  CommitStats commit_stats() const override;
  std::uint64_t organisation_version() const override { return organisation_version_.load(); }
  CaseStore& cases() override { return *this; }
  Status BeginBulkLoad() override;
  Status EndBulkLoad() override;

  // CaseStore (sql_case_store.cc)
  Result<Id> CreateCase(const CaseRecord& record, const std::string& story_note) override;
  Result<std::optional<Id>> CreateCaseUnlessOpen(const CaseRecord& record, const std::string& story_note,
                                                 Timestamp since) override;
  Result<Page<CaseRecord>> ListCases(const CaseFilter& filter, const PageRequest& page) override;
  Result<std::optional<CaseRecord>> GetCase(Id id) override;
  Result<std::vector<CaseEvent>> CaseEvents(Id id) override;
  Result<std::map<Id, std::vector<CaseEvent>>> CaseHistories(const std::vector<Id>& case_ids) override;
  Result<std::optional<Id>> OpenCaseFor(Id customer_id, const std::string& journey_id, Timestamp since) override;
  Status Claim(Id case_id, const std::string& employee_ref, Timestamp at) override;
  Status Transition(Id case_id, CaseState to, const std::string& actor, const std::string& note, Timestamp at) override;
  Status AddNote(Id case_id, const std::string& actor, const std::string& note, Timestamp at) override;
  Result<std::int64_t> SpendGesture(const GestureSpend& spend, std::int64_t monthly_budget_cents) override;
  Result<std::int64_t> SpentInMonth(const std::string& employee_ref, const std::string& month) override;
  Result<std::vector<GestureSpend>> Spends(Timestamp from, Timestamp to) override;
  Result<std::vector<Id>> EscalateOverdue(Timestamp now, const ManagerOf& manager_of,
                                          const std::vector<std::string>& not_escalated) override;
  Result<std::vector<OutboxMessage>> DueMessages(Timestamp now, int limit) override;
  Status RecordAttempt(Id message_id, bool delivered, std::optional<int> http_status, const std::string& error,
                       Timestamp at, Timestamp next_attempt_at, bool give_up) override;
  Result<std::vector<OutboxMessage>> RecentMessages(int limit) override;
  Result<std::vector<Id>> ResponsesAwaitingDetection(Id after_id, std::size_t limit) override;
  Status DetectionDone(const std::vector<Id>& response_ids) override;

 private:
  // A reader connection borrowed from the pool for the length of one call.
  class ReadLease {
   public:
    ReadLease(SqlStore* store, std::unique_ptr<sql::Connection> conn) : store_(store), conn_(std::move(conn)) {}
    ReadLease(ReadLease&& other) noexcept = default;
    ~ReadLease() {
      if (conn_) store_->ReleaseReader(std::move(conn_));
    }
    sql::Connection& operator*() { return *conn_; }
    sql::Connection* operator->() { return conn_.get(); }

   private:
    SqlStore* store_;
    std::unique_ptr<sql::Connection> conn_;
  };
  class WriteSession;

  SqlStore(ConnectionFactory factory, std::string backend_name, std::unique_ptr<sql::Connection> writer);
  // Every write of this store, Apply() included, is one step run by WriteTransaction. Steps
  // that arrive while a transaction is being written wait in a queue; the first of them then
  // commits for all of them, one transaction for the group (group commit, as LevelDB's writers
  // do). Each step runs in a savepoint of its own, so a failing step is undone alone and fails
  // alone; WriteTransaction returns only after the COMMIT that carried its step.
  Status WriteTransaction(const std::function<Status(sql::Connection&)>& body);
  struct CommitStep;
  void CommitGroup(const std::vector<CommitStep*>& group);
  Result<ReadLease> AcquireReader();
  void ReleaseReader(std::unique_ptr<sql::Connection> conn);

  ConnectionFactory factory_;
  std::string backend_name_;
  std::unique_ptr<sql::Connection> write_conn_;  // used only by the step that leads a group commit
  std::mutex write_mu_;  // held while write_conn_ is in use
  mutable std::mutex commit_mu_;  // guards commit_queue_ and commit_stats_
  std::deque<CommitStep*> commit_queue_;  // the front step's thread commits for the group
  CommitStats commit_stats_;  // guarded by commit_mu_
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<sql::Connection>> idle_readers_;

  // External id -> internal id of records the writer has seen; rebuilt lazily. Touched only
  // under write_mu_. Ids never change, so only employee_teams follows an update (a move).
  struct RefCache {
    std::unordered_map<std::string, Id> locations, teams, employees, customers;
    std::unordered_map<Id, std::optional<Id>> employee_teams;  // employee id -> team id
    bool loaded = false;
  } refs_;
  std::atomic<std::uint64_t> organisation_version_{0};  // see Store::organisation_version
};

}  // namespace peakend
