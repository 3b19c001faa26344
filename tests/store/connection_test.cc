// What each backend's connection says when the database refuses a row: a duplicate is
// "already exists" (409 over HTTP), any other broken constraint is a bad record (4xx naming the
// constraint), never an internal error.
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

INSTANTIATE_TEST_SUITE_P(Backends, ConnectionTest, ::testing::Values("sqlite", "postgresql"), BackendName);

}  // namespace
}  // namespace peakend::testing
