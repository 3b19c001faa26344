#include "text/quotes.h"

#include <gtest/gtest.h>

#include <string>

namespace peakend::text {
namespace {

// The quoted words of `text`, joined by spaces.
std::string Quoted(const std::string& text) {
  TokenBuffer buffer;
  buffer.Tokenize(text);
  std::vector<char> quoted;
  MarkQuotedTokens(text, buffer.tokens(), quoted);
  std::string words;
  for (std::size_t k = 0; k < quoted.size(); ++k) {
    if (!quoted[k]) continue;
    if (!words.empty()) words += ' ';
    words += buffer.tokens()[k].text;
  }
  return words;
}

TEST(Quotes, StraightMarksAroundWords) {
  EXPECT_EQ(Quoted("die 'binnen 24 uur' opgelost zou zijn"), "binnen 24 uur");
  EXPECT_EQ(Quoted("a \"free\" upgrade"), "free");
  EXPECT_EQ(Quoted("\"Out for delivery\" since 7am"), "Out for delivery");
}

TEST(Quotes, TypographicMarks) {
  EXPECT_EQ(Quoted("was told \u201Cdefinitely\u201D. It did not."), "definitely");
  EXPECT_EQ(Quoted("een \u201Egratis\u201D upgrade"), "gratis");
  EXPECT_EQ(Quoted("a \u2018sea view\u2019 room"), "sea view");
}

TEST(Quotes, QuotedSpeechWithItsPunctuation) {
  EXPECT_EQ(Quoted("'Dat weet ik niet.' En toen hing hij op"), "Dat weet ik niet .");
  EXPECT_EQ(Quoted("zei: 'geen idee'"), "geen idee");
  EXPECT_EQ(Quoted("(\"premium\") service"), "premium");
}

TEST(Quotes, ApostrophesQuoteNothing) {
  EXPECT_EQ(Quoted("'s avonds niet bereikbaar"), "");
  EXPECT_EQ(Quoted("the customers' lounge was shut"), "");
  EXPECT_EQ(Quoted("don't and can't"), "");
  EXPECT_EQ(Quoted("it\u2019s fine"), "");
  EXPECT_EQ(Quoted("a mark left 'open here"), "");
}

TEST(Quotes, NormalisedTextIsReadOnlyBetweenItsTokens) {
  // A combining accent sends the text through Unicode normalisation: the tokens view a copy.
  EXPECT_EQ(Quoted("Cafe\u0301 'gratis' koffie"), "gratis");
  EXPECT_EQ(Quoted("'Cafe\u0301' was dicht"), "");
  EXPECT_EQ(Quoted("was dicht 'cafe\u0301'"), "");
}

TEST(Quotes, MayQuoteOnlyWithAMark) {
  EXPECT_FALSE(MayQuote("Snel geleverd, top!"));
  EXPECT_FALSE(MayQuote("It's late and I don't know why"));
  EXPECT_TRUE(MayQuote("'free' upgrade"));
  EXPECT_TRUE(MayQuote("a (\"free\") upgrade"));
  EXPECT_TRUE(MayQuote("a 'free' upgrade"));
  EXPECT_TRUE(MayQuote("\u201Cfree\u201D"));
}

}  // namespace
}  // namespace peakend::text
