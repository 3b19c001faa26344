// Extra lexicon files as users bring them: VADER and AFINN word lists and Peakend's own format,
// refused with file, line and what to do when a line means nothing, and their scores taking the
// place of Peakend's own; and the sentiment, a number whatever a lexicon holds.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <string>

#include "text/analyzer.h"
#include "text/comment_reading.h"

namespace peakend::text {
namespace {

std::string WriteFile(const std::string& name, const std::string& content) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << content;
  return path;
}

TEST(Lexicon, VaderAndAfinnLinesThatMeanNothingAreRefusedWithTheirLine) {
  struct Case {
    std::string line;
    const char* said;
  };
  const Case cases[] = {
      {"good\tnan", "'nan' is not a finite number; write a score on AFINN's scale -5..5"},
      {"good\tinf", "'inf' is not a finite number"},
      {"good\t-infinity", "is not a finite number"},
      {"good\t1e999", "'1e999' is not a finite number"},
      {"good\t1e308", "the score 1e308 of 'good' is outside AFINN's scale -5..5"},
      {"good\t-6", "outside AFINN's scale -5..5"},
      {"good\t4.5\t0.5\t[4, 5]", "the score 4.5 of 'good' is outside VADER's scale -4..4"},
      {"good\t3,5", "'3,5' has a decimal comma; write the decimal with a point: 3.5"},
      {"good\t3abc", "'3abc' is not a number: remove 'abc' after it"},
      {"good\tabc", "'abc' is not a number"},
      {"good\t1\t2", "has 3 column(s); write an AFINN line as token<TAB>score"},
      {"good", "has 1 column(s)"},
      {"good\t1\t0.5\t[1]\textra", "has 5 column(s)"},
      {"\t2", "the token before the first TAB is empty"},
      {"caf\xE9\t2", "the token is not valid UTF-8; save the file as UTF-8"},
      {"okay\t3", "'okay' is given again (first at line 1); keep the line with the score you mean"},
      {"OKAY\t3\t0.5\t[3]", "'OKAY' is given again (first at line 1)"},
  };
  for (const auto& c : cases) {
    std::string path = WriteFile("peakend_bad.afinn", "okay\t1\n" + c.line + "\n");
    Lexicon lexicon;
    Status added = lexicon.AddFile(path);
    ASSERT_FALSE(added.ok()) << c.line;
    EXPECT_NE(added.message().find(path + ":2: "), std::string::npos) << added.message();
    EXPECT_NE(added.message().find(c.said), std::string::npos) << added.message();
  }
}

TEST(Lexicon, VaderAndAfinnFilesAsTheyAreExported) {
  // A byte order mark, CRLF line ends, a TAB at the end, blank lines, a '+' sign and a phrase of words.
  std::string path = WriteFile("peakend_exported.afinn", "\xEF\xBB\xBF" "zorbly\t+3\t\r\n\r\ndoes not zorble\t-2\r\n");
  Lexicon lexicon;
  ASSERT_TRUE(lexicon.AddFile(path).ok());
  std::vector<TermMatch> matches;
  lexicon.MatchWord("zorbly", TermLanguage::kEnglish, matches);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_DOUBLE_EQ(matches[0].value, 3 * 4.0 / 5);
}

// Users load a lexicon to say what its words mean: its score takes the place of the value
// Peakend's own files give the word, in every language.
TEST(Lexicon, AUsersScoreReplacesPeakendsOwn) {
  std::string path = WriteFile("peakend_turned.afinn", "great\t-5\ngeweldig\t-5\n");
  AnalyzerOptions options;
  options.extra_lexicons = {path};
  auto turned = Analyzer::Load(options);
  ASSERT_TRUE(turned.ok()) << turned.status().ToString();
  EXPECT_EQ((*turned)->Analyze("The service was great").label, "negative");
  EXPECT_EQ((*turned)->Analyze("De service was geweldig").label, "negative");
  EXPECT_EQ(Analyzer::Load({}).value()->Analyze("The service was great").label, "positive");
  std::vector<TermMatch> matches;
  (*turned)->lexicon().MatchWord("great", TermLanguage::kEnglish, matches);
  for (const TermMatch& m : matches) {
    if (m.kind == TermKind::kSentiment) {
      EXPECT_DOUBLE_EQ(m.value, -4);
    }
  }
}

TEST(Lexicon, PeakendFormatRefusesValuesThatAreNoFiniteNumbers) {
  for (const char* value : {"nan", "inf", "-inf", "1e999"}) {
    Lexicon lexicon;
    Status added = lexicon.AddText(std::string("[sentiment - en]\nzorbly\t") + value + "\n", "extra.txt");
    ASSERT_FALSE(added.ok()) << value;
    EXPECT_NE(added.message().find("extra.txt:2: '" + std::string(value) + "' is not a finite number; write a value from -4 to 4"),
              std::string::npos)
        << added.message();
  }
  Lexicon lexicon;
  Status comma = lexicon.AddText("[modifier intensifier en]\nzorbly\t0,3\n", "extra.txt");
  EXPECT_NE(comma.message().find("extra.txt:2: '0,3' has a decimal comma; write the decimal with a point: 0.3"),
            std::string::npos)
      << comma.message();
}

// `peakend settings` and `peakend serve` load the analyzer: a lexicon it refuses is the setting's.
TEST(Analyzer, ALexiconThatCannotLoadIsTheTextLexiconsSetting) {
  std::string path = WriteFile("peakend_nan.afinn", "zorbly\tnan\n");
  AnalyzerOptions options;
  options.extra_lexicons = {path};
  auto refused = Analyzer::Load(options);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().field(), "text.lexicons");
  EXPECT_NE(refused.status().message().find(path + ":1: 'nan' is not a finite number"), std::string::npos)
      << refused.status().message();
}

TEST(Analyzer, SentimentIsANumberWhateverTheScore) {
  EXPECT_EQ(Normalise(std::numeric_limits<double>::quiet_NaN()), 0);
  EXPECT_EQ(Normalise(std::numeric_limits<double>::infinity()), 1);
  EXPECT_EQ(Normalise(-std::numeric_limits<double>::infinity()), -1);
  EXPECT_EQ(Normalise(1e300), 1);
  EXPECT_NEAR(Normalise(2), 2 / std::sqrt(4 + kNormalisationAlpha), 1e-12);
  // Peakend's format takes any finite value; three of the largest add up to more than a double holds.
  std::string path = WriteFile("peakend_huge.txt", "[sentiment - en]\nzorbly\t1e308\n");
  AnalyzerOptions options;
  options.extra_lexicons = {path};
  auto analyzer = Analyzer::Load(options);
  ASSERT_TRUE(analyzer.ok()) << analyzer.status().ToString();
  Analysis a = (*analyzer)->Analyze("zorbly zorbly zorbly, the delivery was zorbly");
  EXPECT_TRUE(std::isfinite(a.sentiment)) << a.sentiment;
  EXPECT_EQ(a.label, "positive");
  for (const auto& aspect : a.aspects) EXPECT_TRUE(std::isfinite(aspect.sentiment)) << aspect.name;
}

// A NUL byte, as a damaged export or client may send, is read as a space and never shown.
TEST(Analyzer, ANulByteIsASpace) {
  auto analyzer = Analyzer::Load({}).value();
  const std::string comment = std::string("The delivery") + '\0' + "was late and the driver was rude";
  Analysis a = analyzer->Analyze(comment);
  EXPECT_EQ(a.label, "negative");
  ASSERT_FALSE(a.aspects.empty());
  for (const auto& aspect : a.aspects) EXPECT_EQ(aspect.phrase.find('\0'), std::string::npos) << aspect.name;
  EXPECT_EQ(ToJsonText(a).find("\\u0000"), std::string::npos) << ToJsonText(a);
}

}  // namespace
}  // namespace peakend::text
