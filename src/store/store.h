// Store: the one domain interface every storage backend implements (SQLite embedded,
// PostgreSQL server). Only store/ speaks SQL. All writes go through Writer (writer.h), which
// batches concurrent requests into one transaction via Store::Apply; reads may be called
// from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/model.h"
#include "core/status.h"

namespace peakend {

// How the records of one WriteRequest succeed or fail.
enum class Atomicity {
  kAllOrNothing,  // any invalid record (e.g. unknown reference) rejects the whole request
  kPerRecord,     // each record stands alone: invalid ones are reported, valid ones stored
};

// One caller's write: records are applied in the order locations, teams, employees,
// customers, interactions, responses, so a request may create what its later records refer to.
// A location, team, employee or customer whose external id is stored already takes the fields
// sent (a move, a rename) and keeps those left out; its id stays. Interactions and responses
// are written once: sent again, they are kept as they were.
struct WriteRequest {
  std::vector<Location> locations;
  std::vector<Team> teams;
  std::vector<Employee> employees;
  std::vector<Customer> customers;
  std::vector<Interaction> interactions;
  std::vector<Response> responses;
  Atomicity atomicity = Atomicity::kAllOrNothing;
  // A location or team not stored yet must come with its name, an employee with their first
  // name; a known one sent without keeps the stored name (a partial update). The API sets it;
  // the demo and tests may add records without names.
  bool new_records_need_names = false;
  // The responses this request creates wait for moments-of-truth detection: they are recorded
  // as such in the same transaction, and stay so until CaseStore::DetectionDone, so a stop (or
  // a crash) between the commit and the detector's look loses none of them. The API sets it;
  // an import looks at its responses itself, or on purpose not at all.
  bool awaits_detection = false;
  // With awaits_detection: only the responses with a time of their own at or after this one
  // await (an import's recent responses, which are the ones it looks at); unset: all of them.
  std::optional<Timestamp> awaits_detection_since;
  // With awaits_detection_since: responses without a time of their own await too (the API's,
  // given at their receipt); an import's do not (their time says nothing of when they were given).
  bool untimed_await_detection = false;
  std::size_t record_count() const {
    return locations.size() + teams.size() + employees.size() + customers.size() + interactions.size() +
           responses.size();
  }
};

// What happened to one record.
struct RecordOutcome {
  Id id = 0;              // internal id (of the stored or already-present record)
  bool created = false;   // false: the external id was already stored (a replay, or see `updated`)
  Status status;          // not OK: the record was rejected (and `id` is 0)
  // A record already stored took a field that differs from what was stored (locations, teams,
  // employees and customers only); false for a replay that changed nothing.
  bool updated = false;
  // A response already stored whose resent answers, comment or time differ from the stored
  // ones: those fields ("nps", "comment"). The stored response is kept as it was, since cases,
  // scores and reports were made from it.
  std::vector<std::string> differing_fields;
};

// Outcomes in the same order and shape as the WriteRequest's vectors.
struct WriteResult {
  Status status;  // not OK: the whole request was rejected (kAllOrNothing) or the commit failed
  std::vector<RecordOutcome> locations, teams, employees, customers, interactions, responses;
};

// Cursor pagination: items with id > after_id, ascending by id.
struct PageRequest {
  Id after_id = 0;
  int limit = 100;
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<Id> next_after_id;  // set when more items follow
};

// Filters shared by list and score queries. Refs are external ids; empty = no filter.
struct RecordFilter {
  std::string external_id;
  std::string customer_ref;
  std::string location_ref;
  std::string team_ref;
  std::string employee_ref;
  std::string journey_id;
  std::optional<Timestamp> from;  // inclusive
  std::optional<Timestamp> to;    // exclusive
  // Responses only: keep those carrying this tag (kind:name; an empty name means any tag of the
  // kind), or this sentiment label. With a named aspect the label is the aspect's own (its
  // score beyond ±kAspectPolarityThreshold, as the aspect trend counts it): "delivery and
  // negative" is what was said badly of the delivery, whatever the comment as a whole.
  std::string tag_kind;
  std::string tag_name;
  std::string sentiment_label;
  // Responses only: custom attributes (columns of an import, fields of other tools) that must
  // all hold, as name = value.
  std::vector<std::pair<std::string, std::string>> attributes;
};

// One interaction of a journey with the answers given about it (for peak-end).
struct JourneyStep {
  Interaction interaction;
  std::vector<Response> responses;  // usually 0 or 1
};

struct Journey {
  std::string journey_id;  // its key: an interaction outside any journey is "interaction:<external id>"
  std::string customer_ref;
  std::vector<JourneyStep> steps;  // ascending by occurred_at
  bool truncated = false;          // longer than a page: the first steps only
};

// Whole journeys in the order of their keys, and where the next page starts.
struct JourneyPage {
  std::vector<Journey> journeys;
  std::string next_after;  // the last journey's key when more follow, else empty
};

struct StoreCounts {
  std::int64_t locations = 0, teams = 0, employees = 0, customers = 0, interactions = 0, responses = 0;
};

class CaseStore;

// How well writes share transactions: every write is a step, and steps that arrive together
// are committed together.
struct CommitStats {
  std::uint64_t steps = 0;
  std::uint64_t commits = 0;
};

// Whether opening a store may create it: commands that only read (reports, exports, the case
// list) must not answer a mistyped SQLite path with an empty new database.
enum class OpenMode { kCreate, kExisting };

class Store {
 public:
  virtual ~Store() = default;

  // Opens (and migrates to the current schema) the store named by `url`:
  //   "sqlite:/path/file.db", a plain path ending in .db/.sqlite, or "postgresql://..."
  static Result<std::unique_ptr<Store>> Open(const std::string& url, OpenMode mode = OpenMode::kCreate);
  // Whether `url` has the form of a store Open takes, without opening (or creating) it.
  [[nodiscard]] static Status CheckUrl(const std::string& url);

  // Applies several requests in ONE transaction (group commit). Each request gets its own
  // WriteResult; an all-or-nothing request that fails is rolled back alone (savepoint) and
  // does not affect the others. Returns an error only if the transaction itself failed, in
  // which case nothing was stored. Called only by the Writer thread. Like every other write of
  // the store (cases, gestures, settings), it is one step of the store's group commit and may
  // share its transaction with steps from other threads.
  virtual Result<std::vector<WriteResult>> Apply(const std::vector<const WriteRequest*>& requests) = 0;

  virtual Result<Organisation> GetOrganisation() = 0;
  virtual Status SetOrganisation(const Organisation& org) = 0;

  virtual Result<std::vector<Location>> ListLocations() = 0;
  virtual Result<std::vector<Team>> ListTeams() = 0;
  virtual Result<std::vector<Employee>> ListEmployees() = 0;
  virtual Result<Page<Customer>> ListCustomers(const RecordFilter& filter, const PageRequest& page) = 0;
  virtual Result<Page<Interaction>> ListInteractions(const RecordFilter& filter, const PageRequest& page) = 0;
  virtual Result<Page<Response>> ListResponses(const RecordFilter& filter, const PageRequest& page) = 0;
  virtual Result<std::optional<Response>> GetResponse(Id id) = 0;

  // Rows for score computation, filtered (refs, period, tags) but not grouped: for a few
  // responses (a customer's, a case's follow-up); scores of many come from DayTallies.
  virtual Result<std::vector<ScoreRow>> ScoreRows(const RecordFilter& filter) = 0;
  // Tags of one kind over responses matching the filter, one row each (TagDayTallies counts them).
  virtual Result<std::vector<TagRow>> TagRows(const std::string& kind, const RecordFilter& filter) = 0;
  // The answers matching the filter tallied per group, and per local day of `days` when given
  // (else over all days), counted by the database: scores of a million answers in one pass
  // without reading them out one by one.
  virtual Result<std::vector<DayTally>> DayTallies(const RecordFilter& filter, TallyGroup group,
                                                   const Calendar* days) = 0;
  // The tags of one kind over responses matching the filter, per name and local day of `days`;
  // a score beyond ±polarity_threshold counts as positive or negative.
  virtual Result<std::vector<TagDayTally>> TagDayTallies(const std::string& kind, const RecordFilter& filter,
                                                         const Calendar& days, double polarity_threshold) = 0;
  // Journeys of a customer (customer_ref) and/or one journey (journey_id) whose keys sort after
  // `after` ("" from the first): as many whole journeys as hold at most `max_steps`
  // interactions together. A single journey longer than that comes alone, cut at `max_steps`
  // and marked truncated, so a page never grows past the bound.
  virtual Result<JourneyPage> Journeys(const RecordFilter& filter, const std::string& after, std::size_t max_steps) = 0;

  virtual Result<StoreCounts> Counts() = 0;
  virtual std::string BackendName() const = 0;  // "sqlite" or "postgresql"
  virtual CommitStats commit_stats() const = 0;
  // Grows after every commit of Apply that added or changed a location, team or employee, so
  // what holds them in memory (routing's directory, the names mentions are found by) reloads
  // after an organisation sync rather than at its next timed refresh. Writes by other
  // processes on the same database are not counted; those caches expire by time as well.
  virtual std::uint64_t organisation_version() const = 0;
  // For large imports into the embedded store: secondary indexes are dropped for the load and
  // rebuilt at its end (queries stay correct meanwhile, only slower). A no-op on PostgreSQL.
  // Opening the store rebuilds any index a crashed load left missing.
  virtual Status BeginBulkLoad() = 0;
  virtual Status EndBulkLoad() = 0;

  // Cases of the moments-of-truth module, in the same database.
  virtual CaseStore& cases() = 0;
};

}  // namespace peakend
