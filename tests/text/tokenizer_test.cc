// Word breaks (ICU, UAX #29) with the joins and the tokens customer comments need.
#include "text/tokenizer.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace peakend::text {
namespace {

std::vector<std::string> Lower(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& t : Tokenize(text)) out.push_back(t.lower);
  return out;
}

TEST(Tokenizer, WordsPunctuationAndCase) {
  EXPECT_EQ(Lower("Snel geleverd, TOP!"), (std::vector<std::string>{"snel", "geleverd", ",", "top", "!"}));
  auto tokens = Tokenize("NOOIT meer");
  EXPECT_TRUE(tokens[0].all_caps);
  EXPECT_FALSE(tokens[1].all_caps);
  EXPECT_FALSE(Tokenize("A")[0].all_caps);  // one capital is not shouting
}

TEST(Tokenizer, ApostrophesAndHyphensKeepWordsWhole) {
  EXPECT_EQ(Lower("zo'n m'n don't"), (std::vector<std::string>{"zo'n", "m'n", "don't"}));
  EXPECT_EQ(Lower("didn’t"), std::vector<std::string>{"didn't"});  // typographic apostrophe
  EXPECT_EQ(Lower("e-mail prijs-kwaliteit"), (std::vector<std::string>{"e-mail", "prijs-kwaliteit"}));
  EXPECT_EQ(Lower("goed - snel"), (std::vector<std::string>{"goed", "snel"}));  // a dash between words
  EXPECT_EQ(Lower("goed- snel"), (std::vector<std::string>{"goed", "snel"}));
}

TEST(Tokenizer, NumbersDiacriticsAndNormalisation) {
  EXPECT_EQ(Lower("€12,50 betaald"), (std::vector<std::string>{"12,50", "betaald"}));
  EXPECT_EQ(Tokenize("12,50")[0].kind, TokenKind::kNumber);
  EXPECT_EQ(Lower("Één café"), (std::vector<std::string>{"één", "café"}));
  EXPECT_EQ(Lower("cafe\xCC\x81"), std::vector<std::string>{"café"});  // e + combining acute -> é
  EXPECT_EQ(Lower("STRAẞE"), std::vector<std::string>{"strasse"});      // full case folding
}

TEST(Tokenizer, EmojiAndEmoticons) {
  auto tokens = Tokenize("top 👍🏽 en 👨‍👩‍👧 :( <3");
  ASSERT_EQ(tokens.size(), 6u);
  EXPECT_EQ(tokens[1].kind, TokenKind::kEmoji);
  EXPECT_EQ(tokens[1].text, "👍🏽");  // with its skin tone
  EXPECT_EQ(tokens[3].kind, TokenKind::kEmoji);
  EXPECT_EQ(tokens[3].text, "👨‍👩‍👧");  // one family, not three people
  EXPECT_EQ(tokens[4].kind, TokenKind::kEmoticon);
  EXPECT_EQ(tokens[4].text, ":(");
  EXPECT_EQ(tokens[5].text, "<3");
}

TEST(Tokenizer, InvalidAndEmptyInputNeverFail) {
  EXPECT_TRUE(Tokenize("").empty());
  EXPECT_TRUE(Tokenize("   \t ").empty());
  EXPECT_FALSE(Tokenize("goed \xFF\xFE slecht").empty());
}

// Peakend's scanner must cut exactly where ICU's word break iterator cuts.
std::string Describe(const std::vector<WordSegment>& segments, std::string_view text) {
  std::string out;
  for (const auto& g : segments) {
    out += "[" + std::string(text.substr(g.begin, g.end - g.begin)) + (g.word ? "]w " : "] ");
  }
  return out;
}

TEST(Tokenizer, LatinScannerCutsWhereIcuCuts) {
  std::vector<std::string> texts = {
      "Snel geleverd, TOP!",  "don't  zo'n m'n", "e.g. U.S.A. 3.5 12,50 1.000.000,00 12;30",
      "mp3 3d R2D2 a_b __x", "Note:Dit werkt:niet", "goed - snel -- e-mail", "'quoted' \"double\" (ok)",
      "x1.y2 1.a a.1 a'1 1'a", "end.", "a\r\nb\n\nc\t\td", ":) :-( <3 ;-) :D :P", "100% 5$ #1 @home ~ok~",
      "trailing'  ...  ", "",
      "Één café, naïeve coördinatie", "didn’t ‘quoted’ “double” — dash – €12,50…", "1’000 é’é é.é ÀÞ×÷ÿ",
      "top👍🏽 en 😊😊 ❤️ a👍b 👨‍👩‍👧 🇳🇱🇧🇪🇫 ☺ 😊‍a 😊‍‍😊",
  };
  // And awkward mixtures of everything the rules care about, ASCII and Latin-1 alike.
  constexpr std::size_t kRandomTexts = 20000;
  std::size_t scanned_random = 0;
  const std::vector<std::string> alphabet = {"a", "Z", "9", "_", "@", " ", ".", ",", ";", ":", "'", "-", "\t", "\r",
                                             "\n", "!", "?", "\"", "(", "%", "é", "É", "ë", "ÿ", "×", "’", "‘",
                                             "“", "”", "–", "—", "…", "€", "£", "°", "«", "»", "½",
                                             "😊", "👍", "\xF0\x9F\x8F\xBD", "\xEF\xB8\x8F", "\xE2\x80\x8D", "❤",
                                             "☺", "\xF0\x9F\x87\xB3", "\xF0\x9F\x87\xB1", "👨"};
  std::uint32_t seed = 20261123;
  for (std::size_t n = 0; n < kRandomTexts; ++n) {
    std::string random;
    for (int k = 0; k < 12; ++k) {
      seed = seed * 1664525u + 1013904223u;
      random += alphabet[(seed >> 16) % alphabet.size()];
    }
    texts.push_back(random);
  }
  for (std::size_t k = 0; k < texts.size(); ++k) {
    const std::string& text = texts[k];
    std::vector<WordSegment> segments;
    bool scanned = LatinWordSegments(text, segments);
    // A random emoji modifier or joiner after a letter is ICU's to cut; every written text is ours.
    if (k < texts.size() - kRandomTexts) {
      EXPECT_TRUE(scanned) << "text: " << text;
    }
    if (scanned) {
      EXPECT_EQ(Describe(segments, text), Describe(IcuWordSegments(text), text)) << "text: " << text;
    }
    scanned_random += scanned && k >= texts.size() - kRandomTexts;
  }
  EXPECT_GT(scanned_random, kRandomTexts / 2);  // the comparison is not vacuous
}

TEST(Tokenizer, AsciiScannerCutsWhereIcuCuts) {
  // Words, joins and CR LF across the 64-byte blocks of the masks: texts of every length up to
  // three blocks and beyond, built from what the rules care about.
  const std::string alphabet = "aZq9_@ ..,;:'-\t\r\n!?\"(%#";
  std::uint32_t seed = 20261130;
  std::vector<std::string> texts = {"", "a", "_", "__", "a'b", "1.5", "a.1", "\r\n", std::string(64, 'x'),
                                    std::string(63, 'x') + ".y", std::string(63, '1') + ",2", std::string(63, ' ') + "\r\n",
                                    std::string(128, ' '), "Snel geleverd, TOP! Don't  zo'n m'n 12,50 e.g. U.S.A."};
  for (std::size_t length = 1; length <= 200; ++length) {
    for (int copy = 0; copy < 20; ++copy) {
      std::string random;
      for (std::size_t k = 0; k < length; ++k) {
        seed = seed * 1664525u + 1013904223u;
        random += alphabet[(seed >> 16) % alphabet.size()];
      }
      texts.push_back(random);
    }
  }
  for (const std::string& text : texts) {
    std::vector<WordSegment> segments;
    ASSERT_TRUE(AsciiWordSegments(text, segments)) << "text: " << text;
    EXPECT_EQ(Describe(segments, text), Describe(IcuWordSegments(text), text)) << "text: " << text;
  }
  std::vector<WordSegment> out;
  for (std::string_view text : {std::string_view("caf\xC3\xA9"), std::string_view("\x80"), std::string_view("ok\0\xFF", 4), std::string_view("goed 😊")}) {
    EXPECT_FALSE(AsciiWordSegments(text, out)) << "text: " << text;
  }
  EXPECT_FALSE(AsciiWordSegments(std::string(70, 'a') + "\xC3\xA9", out));  // in a later block
}

TEST(Tokenizer, LatinScannerLeavesOtherTextToIcu) {
  std::vector<WordSegment> out;
  for (std::string_view text : {"straße", "cafe\xCC\x81", "İstanbul", "日本", "a\xC2\xA0" "b", "ĳs", "a\xC2\xAD" "b", "µm", "a·b", "ok\xE2\x80\x8D😊", "1\xEF\xB8\x8F\xE2\x83\xA3", "a\xEF\xB8\x8F" "b"}) {
    EXPECT_FALSE(LatinWordSegments(text, out)) << "text: " << text;
  }
}

}  // namespace
}  // namespace peakend::text
