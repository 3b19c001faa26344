#include "text/word_index.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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

TEST(WordIndex, ClearForgetsEveryWord) {
  WordIndex<int> index;
  for (int i = 0; i < 100; ++i) index["w" + std::to_string(i)] = i;
  index.Clear();
  EXPECT_EQ(index.size(), 0u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(index.Find("w" + std::to_string(i)), nullptr);
  index["w7"] = 70;  // usable again
  EXPECT_EQ(*index.Find("w7"), 70);
  EXPECT_EQ(index.Find("w8"), nullptr);
}

// Keys longer than the sixteen bytes a slot holds, sharing those sixteen or eight bytes, or differing only in
// length, are told apart; a padded lookup of a word inside a longer text finds what the plain
// lookup finds.
TEST(WordIndex, PaddedLookupsAgreeWithPlainOnesForEveryLength) {
  WordIndex<int> index;
  std::vector<std::string> keys = {"a", "ab", "klantvriendelijk", "klantvriendelijkheid", "klantvriendelijke", "klantvriendelijkx", "klantvri", "klantvrie",
                                   "12345678", "123456789", "1234567", "onbeleefd", "\xC3\xA9\xC3\xA9n", "x y"};
  for (std::size_t i = 0; i < keys.size(); ++i) index[keys[i]] = static_cast<int>(i);
  for (std::size_t i = 0; i < keys.size(); ++i) {
    // The word in a longer text, with at least seven bytes after it, as a TokenBuffer lays it out.
    std::string text = "zz " + keys[i] + "yyyyyyyyyyyyyyyy";
    std::string_view word = std::string_view(text).substr(3, keys[i].size());
    EXPECT_EQ(index.IndexOf(word), static_cast<std::int32_t>(i)) << keys[i];
    EXPECT_EQ(index.IndexOfPadded(word), static_cast<std::int32_t>(i)) << keys[i];
  }
  for (std::string absent : {"klantvriendelijkhei", "klantvr", "123456780", "b", "abc", "onbeleefde"}) {
    std::string text = absent + std::string(8, '\0');  // the padding a TokenBuffer adds
    std::string_view word = std::string_view(text).substr(0, absent.size());
    EXPECT_EQ(index.IndexOf(word), -1) << absent;
    EXPECT_EQ(index.IndexOfPadded(word), -1) << absent;
  }
}

}  // namespace
}  // namespace peakend::text
