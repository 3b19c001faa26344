#include "text/word_index.h"

#include <gtest/gtest.h>

#include <string>

namespace peakend::text {
namespace {

TEST(WordIndex, FindsEveryWordAfterGrowingAndNothingElse) {
  WordIndex<int> index;
  EXPECT_EQ(index.Find("leeg"), nullptr);  // before the first insert
  constexpr int kWords = 5000;            // many times the initial table
  for (int i = 0; i < kWords; ++i) index["w" + std::to_string(i)] = i;
  EXPECT_EQ(index.size(), static_cast<std::size_t>(kWords));
  for (int i = 0; i < kWords; ++i) {
    const int* found = index.Find("w" + std::to_string(i));
    ASSERT_NE(found, nullptr) << i;
    EXPECT_EQ(*found, i);
  }
  for (const char* absent : {"", "w", "w5000", "W1", "w01", "w1 "}) EXPECT_EQ(index.Find(absent), nullptr) << absent;
}

TEST(WordIndex, InsertingAnExistingWordReturnsItsValue) {
  WordIndex<std::string> index;
  index["snel"] = "fast";
  index["snel"] += "er";
  EXPECT_EQ(index.size(), 1u);
  EXPECT_EQ(*index.Find("snel"), "faster");
  index[""] = "empty word";  // a key like any other
  EXPECT_EQ(*index.Find(""), "empty word");
}

}  // namespace
}  // namespace peakend::text
