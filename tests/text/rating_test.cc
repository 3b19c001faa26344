#include "text/rating.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace peakend::text {
namespace {

// The rating that begins at the word `at` of `text` (counting tokens), read as `language`.
std::optional<WrittenRating> RatingIn(const std::string& text, std::size_t at,
                                      TermLanguage language = TermLanguage::kDutch) {
  TokenBuffer buffer;
  buffer.Tokenize(text);
  return WrittenRatingAt(buffer.tokens(), at, language);
}

TEST(Rating, ScoresOnAScaleOfFiveOrTen) {
  auto top = RatingIn("10/10", 0);
  ASSERT_TRUE(top.has_value());
  EXPECT_GT(top->valence, 0);
  auto bottom = RatingIn("2 uit 5", 0);
  ASSERT_TRUE(bottom.has_value());
  EXPECT_LT(bottom->valence, 0);
  EXPECT_EQ(bottom->length, 3u);
  auto eight = RatingIn("8 out of 10", 0, TermLanguage::kEnglish);
  ASSERT_TRUE(eight.has_value());
  EXPECT_GT(eight->valence, 0);
  EXPECT_FALSE(RatingIn("12/10", 0).has_value());  // more than the scale
  EXPECT_FALSE(RatingIn("5/7", 0).has_value());    // no scale customers grade on
}

TEST(Rating, DatesAreNoRatings) {
  EXPECT_FALSE(RatingIn("5/10/2026", 0).has_value());
  EXPECT_FALSE(RatingIn("op 5/10 besteld", 1).has_value());
}

TEST(Rating, TheMiddleOfTheScaleSaysNothing) {
  EXPECT_EQ(RatingIn("3 sterren.", 0)->valence, 0);
  // A 7 is a pass at a Dutch school and passive on the survey's 0-10 question.
  EXPECT_EQ(RatingIn("7/10", 0, TermLanguage::kDutch)->valence, 0);
  EXPECT_EQ(RatingIn("7/10", 0, TermLanguage::kEnglish)->valence, 0);
  // A 6 passes in Dutch; in English it is a detractor's.
  EXPECT_EQ(RatingIn("6/10", 0, TermLanguage::kDutch)->valence, 0);
  EXPECT_LT(RatingIn("6/10", 0, TermLanguage::kEnglish)->valence, 0);
}

TEST(Rating, StarsGivenNotPaidFor) {
  ASSERT_TRUE(RatingIn("5 stars from me", 0, TermLanguage::kEnglish).has_value());
  ASSERT_TRUE(RatingIn("2 stars til it works", 0, TermLanguage::kEnglish).has_value());
  EXPECT_LT(RatingIn("2 stars til it works", 0, TermLanguage::kEnglish)->valence, 0);
  ASSERT_TRUE(RatingIn("ik zou 0 sterren geven", 2).has_value());
  EXPECT_LT(RatingIn("ik zou 0 sterren geven", 2)->valence, 0);
  EXPECT_FALSE(RatingIn("voor 4 sterren betaald", 1).has_value());
  EXPECT_FALSE(RatingIn("a 4 star hotel", 1, TermLanguage::kEnglish).has_value());
}

TEST(Rating, GoodRatingsThatWouldHaveBeenGivenFellShort) {
  auto fell_short = [](const std::string& text, std::size_t at, TermLanguage language = TermLanguage::kDutch) {
    auto rating = RatingIn(text, at, language);
    return rating.has_value() && rating->valence < 0;
  };
  EXPECT_TRUE(fell_short("would have given 5 stars but", 3, TermLanguage::kEnglish));
  EXPECT_TRUE(fell_short("would've given them 5 stars", 3, TermLanguage::kEnglish));
  EXPECT_TRUE(fell_short("it would have been 10/10 if", 4, TermLanguage::kEnglish));
  EXPECT_TRUE(fell_short("ik had 5 sterren gegeven", 2));
  EXPECT_TRUE(fell_short("ik zou 5 sterren hebben gegeven", 2));
  // A bad one is meant; one given now, or as the customer would give it today, stands.
  EXPECT_LT(RatingIn("would of given 0 if I could", 3, TermLanguage::kEnglish)->valence, 0);
  EXPECT_GT(RatingIn("ik zou 5 sterren geven", 2)->valence, 0);
  EXPECT_GT(RatingIn("ik heb 5 sterren gegeven", 2)->valence, 0);
  EXPECT_GT(RatingIn("I would give 5 stars", 3, TermLanguage::kEnglish)->valence, 0);
}

TEST(Rating, GradesGivenWithoutAScale) {
  EXPECT_TRUE(RatingIn("ik geef jullie een 4", 4).has_value());
  EXPECT_TRUE(RatingIn("gave 9 because it was quick", 1, TermLanguage::kEnglish).has_value());
  EXPECT_TRUE(RatingIn("Verder een 8", 2).has_value());
  EXPECT_TRUE(RatingIn("een dikke negen", 2).has_value());
  // A quantity is no grade.
  EXPECT_FALSE(RatingIn("een 10 euro fooi", 1).has_value());
  EXPECT_FALSE(RatingIn("the one given below", 1, TermLanguage::kEnglish).has_value());
}

TEST(Rating, StarsSplitBetweenWhatIsRated) {
  // The second number is stars on its own; the first, granted, weighs half.
  auto first = RatingIn("5 stars for the food, 1 for the wait", 0, TermLanguage::kEnglish);
  auto second = RatingIn("5 stars for the food, 1 for the wait", 6, TermLanguage::kEnglish);
  auto alone = RatingIn("5 stars for the food", 0, TermLanguage::kEnglish);
  ASSERT_TRUE(first && second && alone);
  EXPECT_DOUBLE_EQ(first->valence, alone->valence / 2);
  EXPECT_LT(second->valence, 0);
  EXPECT_EQ(second->length, 1u);
  EXPECT_LT(RatingIn("vijf sterren voor de kamer, nul voor de muren", 6)->valence, 0);
  // A number paid for after stars is no rating, nor is one in the next sentence.
  EXPECT_FALSE(RatingIn("5 stars. 2 for the price of one", 3, TermLanguage::kEnglish).has_value());
}

TEST(Rating, NumberWords) {
  EXPECT_EQ(NumberWordValue("negen"), 9);
  EXPECT_EQ(NumberWordValue("five"), 5);
  EXPECT_EQ(NumberWordValue("zesje"), 6);
  EXPECT_EQ(NumberWordValue("een"), std::nullopt);     // the article
  EXPECT_EQ(NumberWordValue("tientje"), std::nullopt);  // money
}

}  // namespace
}  // namespace peakend::text
