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

TEST(TextCli, AnalyseRefusesWhatItCannotUse) {
  auto upper = RunPeakend({"text", "analyse", "--language", "EN", "ok"});
  ASSERT_EQ(upper.exit_code, 0) << upper.err;
  auto german = RunPeakend({"text", "analyse", "--language", "de", "Sehr gut"});
  EXPECT_NE(german.exit_code, 0);
  EXPECT_NE(german.err.find("--language"), std::string::npos) << german.err;
  EXPECT_NE(german.err.find("{nl,en}"), std::string::npos) << german.err;
  auto nameless = RunPeakend({"text", "analyse", "--employee", "=E1", "Sanne was great"});
  EXPECT_NE(nameless.exit_code, 0);
  EXPECT_NE(nameless.err.find("--employee '=E1' has no name before '='; write it as FirstName=id"), std::string::npos)
      << nameless.err;
  auto blend = RunPeakend({"text", "analyse", "--model-blend", "0.3", "Great"});
  EXPECT_NE(blend.exit_code, 0);
  EXPECT_NE(blend.err.find("--model-blend weighs a model's sentiment, and no --model was given"), std::string::npos)
      << blend.err;
}

TEST(TextCli, AnalyseReadsLinesOfWindows1252AndNoNul) {
  std::string nul_line = std::string("The driver") + '\0' + "was rude\n";
  auto read = RunPeakend({"text", "analyse"}, "I didn\x92t like it\n" + nul_line);
  ASSERT_EQ(read.exit_code, 0) << read.err;
  std::istringstream out(read.out);
  std::vector<json> results;
  for (std::string line; std::getline(out, line);) results.push_back(json::parse(line));
  ASSERT_EQ(results.size(), 2u) << read.out;
  EXPECT_EQ(results[0]["label"], "negative") << results[0].dump();
  EXPECT_FALSE(results[0]["repaired_utf8"].get<bool>());
  EXPECT_EQ(results[1]["label"], "negative") << results[1].dump();
  EXPECT_EQ(read.out.find("\\u0000"), std::string::npos) << read.out;
}

// A labeled CSV of `rows` comments, each "text,label".
std::string LabeledCsv(const TempDir& dir, const std::string& name, const std::vector<std::pair<std::string, std::string>>& rows) {
  std::ofstream f(dir.File(name), std::ios::binary);
  f << "text,label\n";
  for (const auto& [text, label] : rows) f << '"' << text << "\"," << label << "\n";
  return dir.File(name);
}

std::vector<std::pair<std::string, std::string>> Numbered() {
  std::vector<std::pair<std::string, std::string>> rows;
  for (int round = 0; round < 4; ++round) {
    rows.push_back({"great friendly help", "1"});
    rows.push_back({"fast and lovely", "1"});
    rows.push_back({"rude and slow", "-1"});
    rows.push_back({"terrible broken product", "-1"});
    rows.push_back({"I ordered a parcel", "0"});
  }
  return rows;
}

TEST(TextCli, TrainRefusesWhatGivesNoModel) {
  TempDir dir;
  std::string labeled = LabeledCsv(dir, "labeled.csv", Numbered());
  auto over_data = RunPeakend({"text", "train", labeled, "--out", dir.path() + "/./labeled.csv"});
  EXPECT_NE(over_data.exit_code, 0);
  EXPECT_NE(over_data.err.find("is the training file"), std::string::npos) << over_data.err;
  std::ifstream kept(labeled);
  std::string header;
  std::getline(kept, header);
  EXPECT_EQ(header, "text,label");

  auto no_epochs = RunPeakend({"text", "train", labeled, "--out", dir.File("m.model"), "--epochs", "0"});
  EXPECT_NE(no_epochs.exit_code, 0);
  EXPECT_NE(no_epochs.err.find("--epochs"), std::string::npos) << no_epochs.err;

  std::string empty = LabeledCsv(dir, "empty.csv", {{"", "positive"}, {" ", "negative"}, {"", "negative"}});
  auto nothing = RunPeakend({"text", "train", empty, "--out", dir.File("m.model")});
  EXPECT_NE(nothing.exit_code, 0);
  EXPECT_NE(nothing.err.find("cannot train on '" + empty + "': every text is empty"), std::string::npos) << nothing.err;
}

TEST(TextCli, NumericSentimentLabelsTrainAModelToBlend) {
  TempDir dir;
  std::string labeled = LabeledCsv(dir, "numbered.csv", Numbered());
  std::string model = dir.File("sentiment.model");
  auto trained = RunPeakend({"text", "train", labeled, "--out", model});
  ASSERT_EQ(trained.exit_code, 0) << trained.err;
  EXPECT_NE(trained.out.find("labels -1, 0 and 1 read as negative, neutral and positive"), std::string::npos) << trained.out;
  EXPECT_NE(trained.out.find("labels: negative neutral positive"), std::string::npos) << trained.out;
  auto blended = RunPeakend({"text", "analyse", "--model", model, "great friendly help"});
  ASSERT_EQ(blended.exit_code, 0) << blended.err;
  EXPECT_EQ(json::parse(blended.out)["label"], "positive") << blended.out;
  // The same numbering evaluates against the names.
  auto evaluated = RunPeakend({"text", "eval", model, labeled});
  ASSERT_EQ(evaluated.exit_code, 0) << evaluated.err;
  EXPECT_EQ(evaluated.err.find("warning"), std::string::npos) << evaluated.err;

  std::vector<std::pair<std::string, std::string>> topics;
  for (const auto& [text, label] : Numbered()) topics.push_back({text, label == "1" ? "praise" : "complaint"});
  std::string topic_model = dir.File("topics.model");
  ASSERT_EQ(RunPeakend({"text", "train", LabeledCsv(dir, "topics.csv", topics), "--out", topic_model}).exit_code, 0);
  auto refused = RunPeakend({"text", "analyse", "--model", topic_model, "great"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("must be trained on negative/neutral/positive labels"), std::string::npos) << refused.err;
}

TEST(TextCli, EvalSaysWhichLabelsTheModelDoesNotHave) {
  TempDir dir;
  std::string model = dir.File("sentiment.model");
  ASSERT_EQ(RunPeakend({"text", "train", LabeledCsv(dir, "numbered.csv", Numbered()), "--out", model}).exit_code, 0);
  std::string some = LabeledCsv(dir, "some.csv", {{"great friendly help", "positive"}, {"I want a refund", "refund"},
                                                  {"rude and slow", "negative"}, {"where is my parcel", "question"}});
  auto partly = RunPeakend({"text", "eval", model, some});
  EXPECT_EQ(partly.exit_code, 0) << partly.err;
  EXPECT_NE(partly.err.find("warning: the labels question, refund of '" + some +
                            "' are not among the model's (negative, neutral, positive)"),
            std::string::npos)
      << partly.err;
  EXPECT_NE(partly.out.find("macro-F1"), std::string::npos) << partly.out;
  std::string none = LabeledCsv(dir, "none.csv", {{"I want a refund", "refund"}, {"where is my parcel", "question"}});
  auto unrelated = RunPeakend({"text", "eval", model, none});
  EXPECT_NE(unrelated.exit_code, 0);
  EXPECT_NE(unrelated.err.find("the labels question, refund of '" + none + "' are not among the model's"), std::string::npos)
      << unrelated.err;
  EXPECT_EQ(unrelated.out.find("macro-F1"), std::string::npos) << unrelated.out;
}

TEST(TextCli, SettingsMarkALexiconThatCannotLoad) {
  TempDir dir;
  dir.Write("extra.afinn", "zorbly\t3,5\n");
  dir.Write("peakend.conf", "text.lexicons = " + dir.File("extra.afinn") + "\n");
  auto checked = RunPeakend({"settings", "--config", dir.File("peakend.conf")});
  EXPECT_EQ(checked.exit_code, 1) << checked.out << checked.err;
  EXPECT_NE(checked.out.find("INVALID: " + dir.File("extra.afinn") + ":1: '3,5' has a decimal comma"), std::string::npos)
      << checked.out;
}

}  // namespace
}  // namespace peakend::e2e
