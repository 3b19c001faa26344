// What each backend's connection says when the database refuses a row: a duplicate is
// "already exists" (409 over HTTP), any other broken constraint is a bad record (4xx naming the
// constraint), never an internal error.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "store_fixture.h"

namespace peakend::testing {
namespace {

class ConnectionTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto conn = GetParam() == "sqlite" ? sql::OpenSqlite(url_) : sql::OpenPostgres(url_);
    ASSERT_TRUE(conn.ok()) << conn.status().ToString();
    conn_ = std::move(conn).value();
    ASSERT_TRUE(conn_->Exec("CREATE TABLE scratch (code TEXT NOT NULL UNIQUE, amount INTEGER CHECK (amount >= 0))").ok());
  }

  Status Insert(const char* code, std::int64_t amount) {
    auto insert = conn_->Prepare("INSERT INTO scratch(code, amount) VALUES ($1, $2)");
    if (!insert.ok()) return insert.status();
    code ? (*insert)->BindText(1, code) : (*insert)->BindNull(1);
    (*insert)->BindInt(2, amount);
    auto done = (*insert)->Step();
    (*insert)->Reset();
    return done.ok() ? Status::Ok() : done.status();
  }

  Status InsertDeferred(const char* code, std::int64_t amount) {
    auto insert = conn_->Prepare("INSERT INTO scratch(code, amount) VALUES ($1, $2)");
    if (!insert.ok()) return insert.status();
    (*insert)->BindText(1, code);
    (*insert)->BindInt(2, amount);
    return (*insert)->RunDeferred();
  }

  std::int64_t CountRows() {
    auto count = conn_->Prepare("SELECT count(*) FROM scratch");
    EXPECT_TRUE(count.ok());
    auto row = (*count)->Step();
    EXPECT_TRUE(row.ok() && *row) << row.status().ToString();
    std::int64_t n = row.ok() && *row ? (*count)->Int(0) : -1;
    (*count)->Reset();
    return n;
  }

  std::unique_ptr<sql::Connection> conn_;
};

// More deferred rows than one pipeline holds, read back by the statement after them.
TEST_P(ConnectionTest, DeferredStatementsAllLandBeforeTheNextStatementReads) {
  constexpr int kRows = 1500;
  ASSERT_TRUE(conn_->Exec("BEGIN").ok());
  for (int i = 0; i < kRows; ++i) ASSERT_TRUE(InsertDeferred(("D" + std::to_string(i)).c_str(), i).ok());
  EXPECT_EQ(CountRows(), kRows);
  ASSERT_TRUE(InsertDeferred("last", 1).ok());
  ASSERT_TRUE(conn_->Flush().ok());
  ASSERT_TRUE(conn_->Exec("COMMIT").ok());
  EXPECT_EQ(CountRows(), kRows + 1);
}

// A refused deferred row is reported, at the latest by Flush(), and the connection goes on.
TEST_P(ConnectionTest, ADeferredRefusalIsReportedAndTheConnectionGoesOn) {
  ASSERT_TRUE(conn_->Exec("BEGIN").ok());
  ASSERT_TRUE(InsertDeferred("A", 1).ok());
  Status refused = InsertDeferred("B", -5);
  if (refused.ok()) refused = InsertDeferred("C", 3);
  if (refused.ok()) refused = conn_->Flush();
  EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument) << refused.ToString();
  EXPECT_TRUE(conn_->Flush().ok());
  ASSERT_TRUE(conn_->Exec("ROLLBACK").ok());
  EXPECT_EQ(CountRows(), 0);
  ASSERT_TRUE(InsertDeferred("E", 4).ok());
  EXPECT_EQ(CountRows(), 1);
}

// Queued inserts hand back their new ids in the order sent, all of them by the time the next
// statement run for its rows returns, across more than one pipeline's worth and between
// deferred ones; a conflict that inserts nothing answers without a row.
TEST_P(ConnectionTest, QueuedStatementsAnswerInOrderByTheNextStatement) {
  ASSERT_TRUE(conn_->Exec("CREATE TABLE numbered (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE)").ok());
  constexpr int kRows = 1300;
  std::vector<std::optional<std::int64_t>> ids(kRows + 1, std::nullopt);
  std::vector<int> answered;
  ASSERT_TRUE(conn_->Exec("BEGIN").ok());
  for (int i = 0; i <= kRows; ++i) {
    auto insert = conn_->Prepare("INSERT INTO numbered(id, code) VALUES ($1, $2) ON CONFLICT(code) DO NOTHING RETURNING id");
    ASSERT_TRUE(insert.ok());
    (*insert)->BindInt(1, 1000 + i);
    (*insert)->BindText(2, i == kRows ? "Q0" : "Q" + std::to_string(i));  // the last one is a replay
    Status sent = (*insert)->Queue([&, i](const Result<bool>& row, const sql::Statement& s) {
      answered.push_back(i);
      ASSERT_TRUE(row.ok()) << row.status().ToString();
      if (*row) ids[i] = s.Int(0);
    });
    ASSERT_TRUE(sent.ok()) << sent.ToString();
    if (i % 3 == 0) {
      ASSERT_TRUE(InsertDeferred(("D" + std::to_string(i)).c_str(), i).ok());
    }
  }
  EXPECT_EQ(CountRows(), (kRows + 2) / 3);
  ASSERT_EQ(answered.size(), static_cast<std::size_t>(kRows + 1));
  for (int i = 0; i <= kRows; ++i) {
    EXPECT_EQ(answered[i], i);
    if (i < kRows) {
      EXPECT_EQ(ids[i], 1000 + i) << i;
    }
  }
  EXPECT_EQ(ids[kRows], std::nullopt);
  ASSERT_TRUE(conn_->Flush().ok());
  ASSERT_TRUE(conn_->Exec("COMMIT").ok());
}

// A queued statement that returns several rows hands them all to its answer, one Step() at a
// time, as an INSERT of many rows returns each new row.
TEST_P(ConnectionTest, AQueuedAnswerStepsThroughItsRows) {
  auto insert = conn_->Prepare("INSERT INTO scratch(code, amount) VALUES ($1, 1), ($2, 2), ($3, 3) RETURNING code");
  ASSERT_TRUE(insert.ok());
  for (int i = 1; i <= 3; ++i) (*insert)->BindText(i, "M" + std::to_string(i));
  std::vector<std::string> returned;
  ASSERT_TRUE((*insert)->Queue([&](const Result<bool>& row, sql::Statement& s) {
    ASSERT_TRUE(row.ok()) << row.status().ToString();
    for (bool more = *row; more;) {
      returned.push_back(s.Text(0));
      auto next = s.Step();
      ASSERT_TRUE(next.ok()) << next.status().ToString();
      more = *next;
    }
  }).ok());
  ASSERT_TRUE(conn_->Flush().ok());
  std::sort(returned.begin(), returned.end());
  EXPECT_EQ(returned, (std::vector<std::string>{"M1", "M2", "M3"}));
  EXPECT_EQ(CountRows(), 3);
}

// A queued statement the database refuses gets the refusal as its answer, not the statement
// that happens to read the pipeline next, and the connection goes on after the rollback.
TEST_P(ConnectionTest, AQueuedRefusalIsItsOwnAnswer) {
  ASSERT_TRUE(conn_->Exec("BEGIN").ok());
  std::vector<Result<bool>> answers;
  for (std::int64_t amount : {1, -5}) {
    auto insert = conn_->Prepare("INSERT INTO scratch(code, amount) VALUES ($1, $2) RETURNING amount");
    ASSERT_TRUE(insert.ok());
    (*insert)->BindText(1, "Q" + std::to_string(amount));
    (*insert)->BindInt(2, amount);
    ASSERT_TRUE((*insert)->Queue([&](const Result<bool>& row, const sql::Statement&) { answers.push_back(row); }).ok());
  }
  EXPECT_TRUE(conn_->Flush().ok());  // a queued statement's failure is its answer's
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_TRUE(answers[0].ok() && *answers[0]);
  ASSERT_FALSE(answers[1].ok());
  EXPECT_EQ(answers[1].status().code(), StatusCode::kInvalidArgument) << answers[1].status().ToString();
  ASSERT_TRUE(conn_->Exec("ROLLBACK").ok());
  EXPECT_EQ(CountRows(), 0);
  ASSERT_TRUE(Insert("after", 2).ok());
  EXPECT_EQ(CountRows(), 1);
}

TEST_P(ConnectionTest, ADuplicateAlreadyExistsAndOtherRefusalsAreBadRecords) {
  ASSERT_TRUE(Insert("A", 1).ok());
  Status duplicate = Insert("A", 2);
  EXPECT_EQ(duplicate.code(), StatusCode::kAlreadyExists) << duplicate.ToString();
  Status missing = Insert(nullptr, 1);
  EXPECT_EQ(missing.code(), StatusCode::kInvalidArgument) << missing.ToString();
  EXPECT_NE(missing.message().find("refused"), std::string::npos) << missing.ToString();
  Status negative = Insert("B", -5);
  EXPECT_EQ(negative.code(), StatusCode::kInvalidArgument) << negative.ToString();
  ASSERT_TRUE(Insert("B", 5).ok());  // the connection goes on after a refusal
}

// A COMMIT that reports success stored what came before it. PostgreSQL aborts a transaction at a
// refused statement and answers its COMMIT with a ROLLBACK, which must be reported as a failure;
// SQLite goes on and stores the rows before the refusal.
TEST_P(ConnectionTest, ACommitThatSucceedsStoredItsRows) {
  ASSERT_TRUE(conn_->Exec("BEGIN").ok());
  ASSERT_TRUE(Insert("A", 1).ok());
  EXPECT_FALSE(Insert("A", 2).ok());
  Status commit = conn_->Exec("COMMIT");
  if (GetParam() == "postgresql") {
    EXPECT_FALSE(commit.ok());
    EXPECT_NE(commit.message().find("rolled the transaction back"), std::string::npos) << commit.ToString();
  }
  EXPECT_EQ(CountRows(), commit.ok() ? 1 : 0) << commit.ToString();
  ASSERT_TRUE(Insert("B", 5).ok());  // the connection goes on
}

INSTANTIATE_TEST_SUITE_P(Backends, ConnectionTest, ::testing::Values("sqlite", "postgresql"), BackendName);

}  // namespace
}  // namespace peakend::testing
