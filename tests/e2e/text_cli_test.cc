// End to end: the text commands of the real binary — analyse (argument and stdin), train and
// eval on a labeled CSV as a spreadsheet exports it, and the errors a user sees.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "peakend_process.h"

namespace peakend::e2e {
namespace {

using nlohmann::json;

TEST(TextCli, AnalyseReadsAnArgumentOrOneCommentPerLine) {
  auto one = RunPeakend({"text", "analyse", "De bezorging was snel maar de medewerker was onbeleefd"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  json a = json::parse(one.out);
  EXPECT_EQ(a["language"], "nl");
  ASSERT_EQ(a["aspects"].size(), 2u) << a.dump();

  auto lines = RunPeakend({"text", "analyse"}, "Great service, thank you!\r\nNooit meer, waardeloos\n\n");
  ASSERT_EQ(lines.exit_code, 0) << lines.err;
  std::istringstream out(lines.out);
  std::vector<json> results;
  for (std::string line; std::getline(out, line);) results.push_back(json::parse(line));
  ASSERT_EQ(results.size(), 3u);  // the empty line is analysed too: one result per line
  EXPECT_EQ(results[0]["label"], "positive");
  EXPECT_EQ(results[1]["label"], "negative");
  EXPECT_EQ(results[2]["label"], "neutral");
}

TEST(TextCli, TrainAndEvalOnASpreadsheetExport) {
  TempDir dir;
  std::string labeled = dir.File("labeled.csv");
  {
    std::ofstream f(labeled, std::ios::binary);
    f << "\xEF\xBB\xBFNr;Opmerking;Sentiment\r\n";
    const char* positive[] = {"heel goed geholpen", "top service", "snel en vriendelijk", "prima geregeld", "super blij"};
    const char* negative[] = {"heel slecht geholpen", "waardeloze service", "traag en onvriendelijk", "niks geregeld",
                              "erg boos"};
    for (int round = 0; round < 4; ++round) {
      for (int i = 0; i < 5; ++i) {
        f << round * 10 + i << ";\"" << positive[i] << "\";Positief\r\n";
        f << round * 10 + i + 5 << ";\"" << negative[i] << "\";NEG\r\n";
      }
    }
  }
  std::string model = dir.File("sentiment.model");
  auto trained = RunPeakend({"text", "train", labeled, "--out", model});
  ASSERT_EQ(trained.exit_code, 0) << trained.out << trained.err;
  EXPECT_NE(trained.out.find("Trained on 40 texts, labels: negative positive"), std::string::npos) << trained.out;
  auto evaluated = RunPeakend({"text", "eval", model, labeled});
  ASSERT_EQ(evaluated.exit_code, 0) << evaluated.err;
  EXPECT_NE(evaluated.out.find("macro-F1"), std::string::npos) << evaluated.out;

  auto wrong_column = RunPeakend({"text", "train", labeled, "--out", model, "--label-column", "Oordeel"});
  EXPECT_NE(wrong_column.exit_code, 0);
  EXPECT_NE(wrong_column.err.find("no column 'Oordeel'"), std::string::npos) << wrong_column.err;
  EXPECT_NE(wrong_column.err.find("'Sentiment'"), std::string::npos) << wrong_column.err;
  auto missing = RunPeakend({"text", "eval", dir.File("nope.model"), labeled});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_FALSE(missing.err.empty());
}

}  // namespace
}  // namespace peakend::e2e
