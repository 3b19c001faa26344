#include "core/status.h"

#include <gtest/gtest.h>

namespace peakend {
namespace {

Result<int> Half(int n) {
  if (n % 2) return Status::InvalidArgument(std::to_string(n) + " is odd", "n");
  return n / 2;
}

Status Chain(int n) {
  auto h = Half(n);
  if (!h.ok()) return h.status().WithContext("halving: ");
  return Status::Ok();
}

TEST(Result, CarriesValueOrStatus) {
  auto ok = Half(4);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 2);
  auto bad = Half(3);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().field(), "n");
  EXPECT_EQ(Chain(3).message(), "halving: 3 is odd");
  EXPECT_EQ(Chain(3).ToString(), "invalid_argument: field 'n': halving: 3 is odd");
  EXPECT_TRUE(Chain(2).ok());
}

}  // namespace
}  // namespace peakend
