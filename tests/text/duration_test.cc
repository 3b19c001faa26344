#include "text/duration.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

namespace peakend::text {
namespace {

// The minutes of the duration whose unit is the last token of `text`.
std::optional<double> MinutesAtEnd(const std::string& text) {
  TokenBuffer buffer;
  buffer.Tokenize(text);
  const auto& tokens = buffer.tokens();
  return MinutesEndingAt(tokens, tokens.size() - 1);
}

TEST(Duration, AmountsInDigitsAndWords) {
  EXPECT_EQ(MinutesAtEnd("45 minuten"), 45);
  EXPECT_EQ(MinutesAtEnd("drie weken"), 3 * 7 * 24 * 60);
  EXPECT_EQ(MinutesAtEnd("waited an hour"), 60);
  EXPECT_EQ(MinutesAtEnd("1,5 uur"), 90);
  EXPECT_EQ(MinutesAtEnd("anderhalf uur"), 90);
  EXPECT_EQ(MinutesAtEnd("drie kwartier"), 45);
}

TEST(Duration, HalfIsOfTheUnit) {
  EXPECT_EQ(MinutesAtEnd("een half uur"), 30);
  EXPECT_EQ(MinutesAtEnd("half an hour"), 30);
}

TEST(Duration, AmountAndUnitWrittenAsOneWord) {
  EXPECT_EQ(MinutesAtEnd("waited 40min"), 40);
  EXPECT_EQ(MinutesAtEnd("2hrs"), 120);
  EXPECT_EQ(MinutesAtEnd("40minutes"), 40);
  EXPECT_EQ(MinutesAtEnd("40x"), std::nullopt);
}

TEST(Duration, APluralUnitOfHoursOrMoreNeedsNoAmount) {
  EXPECT_EQ(MinutesAtEnd("waited hours"), 120);
  EXPECT_EQ(MinutesAtEnd("al weken"), 2 * 7 * 24 * 60);
  EXPECT_EQ(MinutesAtEnd("minuten"), std::nullopt);
  EXPECT_EQ(MinutesAtEnd("the minute"), std::nullopt);
}

TEST(Duration, OtherWordsAreNoUnit) {
  EXPECT_EQ(MinutesAtEnd("45 euro"), std::nullopt);
  EXPECT_EQ(MinutesAtEnd("uurwerk"), std::nullopt);
  EXPECT_EQ(MinutesAtEnd("3"), std::nullopt);
}

TEST(Duration, DateWords) {
  for (const char* word : {"maart", "march", "sept", "donderdag", "thursday", "19th", "2nd", "1st", "23rd"}) {
    EXPECT_TRUE(IsDateWord(word)) << word;
  }
  for (const char* word : {"today", "nu", "19", "fifth", "math", "4x", "123rd", "mar"}) {
    EXPECT_EQ(IsDateWord(word), std::string_view(word) == "mar") << word;
  }
}

}  // namespace
}  // namespace peakend::text
