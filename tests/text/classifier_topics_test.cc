#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

#include "text/analyzer.h"
#include "text/classifier.h"
#include "text/topics.h"

namespace peakend::text {
namespace {

std::vector<LabeledText> Synthetic() {
  std::vector<LabeledText> data;
  const char* good[] = {"great fast delivery", "lovely friendly staff", "super snel en vriendelijk", "top service",
                        "excellent help thanks", "heel blij met de hulp"};
  const char* bad[] = {"terrible slow delivery", "rude unhelpful staff", "veel te laat en onbeleefd", "waardeloze service",
                       "broken product angry", "slecht geholpen boos"};
  for (int r = 0; r < 5; ++r) {
    for (const char* g : good) data.push_back({g, "positive"});
    for (const char* b : bad) data.push_back({b, "negative"});
  }
  return data;
}

TEST(Classifier, LearnsSeparableDataAndSavesAndLoads) {
  auto model = Classifier::Train(Synthetic());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_EQ(model->PredictLabel("fast and friendly"), "positive");
  EXPECT_EQ(model->PredictLabel("rude and slow"), "negative");
  EXPECT_GT(model->SentimentScore("great staff"), 0);
  std::string path = ::testing::TempDir() + "/peakend_model.bin";
  ASSERT_TRUE(model->Save(path).ok());
  auto loaded = Classifier::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->labels(), model->labels());
  for (const char* text : {"terrible", "great fast delivery", "slecht geholpen maar wel snel", ""}) {
    EXPECT_EQ(loaded->Predict(text), model->Predict(text)) << text;  // every label, bit for bit
  }
}

TEST(Classifier, RefusesWhatItCannotLearnOrRead) {
  EXPECT_FALSE(Classifier::Train({{"a", "x"}}).ok());
  EXPECT_FALSE(Classifier::Train({{"a", "x"}, {"b", "x"}}).ok());
  std::string path = ::testing::TempDir() + "/not_a_model.bin";
  FILE* f = fopen(path.c_str(), "w");
  fputs("hello world\n", f);
  fclose(f);
  auto bad = Classifier::Load(path);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("not a Peakend text model"), std::string::npos);
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void WriteAll(const std::string& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

TEST(Classifier, RefusesAModelFileThatIsNotExactlyAModelWithFiniteWeights) {
  TrainOptions small;
  small.hash_bits = kMinModelHashBits;
  auto model = Classifier::Train(Synthetic(), small);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  std::string path = ::testing::TempDir() + "/peakend_damaged.model";
  ASSERT_TRUE(model->Save(path).ok());
  const std::string saved = ReadAll(path);
  const std::size_t header = saved.find("positive\n") + std::string("positive\n").size();  // labels sorted: positive last

  WriteAll(path, saved + "xyz");
  auto trailing = Classifier::Load(path);
  ASSERT_FALSE(trailing.ok());
  EXPECT_NE(trailing.status().message().find("has 3 bytes after the model; the file is damaged, train it again"),
            std::string::npos)
      << trailing.status().message();

  for (float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()}) {
    for (std::size_t at : {header, saved.size() - sizeof(float)}) {  // a bias, the last weight
      std::string damaged = saved;
      std::memcpy(damaged.data() + at, &bad, sizeof bad);
      WriteAll(path, damaged);
      auto loaded = Classifier::Load(path);
      ASSERT_FALSE(loaded.ok()) << at;
      EXPECT_NE(loaded.status().message().find("weights that are not finite numbers; the file is damaged, train it again"),
                std::string::npos)
          << loaded.status().message();
    }
  }
  WriteAll(path, saved);
  EXPECT_TRUE(Classifier::Load(path).ok());
}

TEST(Classifier, RefusesTrainingThatCannotGiveAModel) {
  std::vector<LabeledText> empty = {{"", "positive"}, {"  ", "negative"}, {"", "negative"}};
  auto nothing = Classifier::Train(empty);
  ASSERT_FALSE(nothing.ok());
  EXPECT_NE(nothing.status().message().find("every text is empty"), std::string::npos) << nothing.status().message();
  TrainOptions no_epochs;
  no_epochs.epochs = 0;
  EXPECT_FALSE(Classifier::Train(Synthetic(), no_epochs).ok());
  TrainOptions diverging;
  diverging.hash_bits = kMinModelHashBits;
  diverging.learning_rate = 1e40;  // beyond what a float weight holds
  auto diverged = Classifier::Train(Synthetic(), diverging);
  ASSERT_FALSE(diverged.ok());
  EXPECT_NE(diverged.status().message().find("not finite numbers"), std::string::npos) << diverged.status().message();
}

TEST(Classifier, NumericSentimentLabelsAreNamed) {
  std::vector<LabeledText> numbered = {{"a", "-1"}, {"b", "0"}, {"c", "1"}, {"d", "+1"}};
  ASSERT_TRUE(NameNumericSentimentLabels(numbered));
  EXPECT_EQ(numbered[0].label, "negative");
  EXPECT_EQ(numbered[1].label, "neutral");
  EXPECT_EQ(numbered[2].label, "positive");
  EXPECT_EQ(numbered[3].label, "positive");
  std::vector<LabeledText> binary = {{"a", "0"}, {"b", "1"}};  // which of the two is good, is not said
  EXPECT_FALSE(NameNumericSentimentLabels(binary));
  EXPECT_EQ(binary[0].label, "0");
  std::vector<LabeledText> mixed = {{"a", "-1"}, {"b", "1"}, {"c", "2"}};
  EXPECT_FALSE(NameNumericSentimentLabels(mixed));
  EXPECT_EQ(mixed[0].label, "-1");
}

TEST(Classifier, ScoresSentimentOnlyWithAPositiveOrNegativeLabel) {
  auto sentiment = Classifier::Train(Synthetic());
  ASSERT_TRUE(sentiment.ok());
  EXPECT_TRUE(sentiment->ScoresSentiment());
  std::vector<LabeledText> topics = Synthetic();
  for (auto& d : topics) d.label = d.label == "positive" ? "praise" : "complaint";
  auto other = Classifier::Train(topics);
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->ScoresSentiment());
  EXPECT_EQ(other->SentimentScore("great fast delivery"), 0);
}

TEST(Analyzer, BlendsOnlyAModelOfSentiment) {
  std::vector<LabeledText> topics = Synthetic();
  for (auto& d : topics) d.label = d.label == "positive" ? "praise" : "complaint";
  TrainOptions small;
  small.hash_bits = kMinModelHashBits;
  std::string path = ::testing::TempDir() + "/peakend_topics.model";
  ASSERT_TRUE(Classifier::Train(topics, small).value().Save(path).ok());
  AnalyzerOptions options;
  options.model_file = path;
  auto refused = Analyzer::Load(options);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().field(), "text.model");
  EXPECT_NE(refused.status().message().find("has the labels complaint, praise, neither positive nor negative; to be "
                                            "blended with the sentiment a model must be trained on "
                                            "negative/neutral/positive labels"),
            std::string::npos)
      << refused.status().message();

  ASSERT_TRUE(Classifier::Train(Synthetic(), small).value().Save(path).ok());
  options.model_blend = std::numeric_limits<double>::quiet_NaN();
  auto no_blend = Analyzer::Load(options);
  ASSERT_FALSE(no_blend.ok());
  EXPECT_EQ(no_blend.status().field(), "text.model_blend");
  options.model_blend = 0.5;
  auto blended = Analyzer::Load(options);
  ASSERT_TRUE(blended.ok()) << blended.status().ToString();
  Analysis a = (*blended)->Analyze("great fast delivery");
  EXPECT_TRUE(a.lexicon_sentiment.has_value());
  EXPECT_TRUE(std::isfinite(a.sentiment));
}

TEST(Evaluate, MacroF1AndConfusion) {
  // gold: p p n n u ; predicted: p n n n p
  // positive: tp 1 fp 1 fn 1 -> F1 .5 ; negative: tp 2 fp 1 fn 0 -> P .667 R 1 F1 .8 ; neutral: 0
  auto e = Evaluate({"positive", "positive", "negative", "negative", "neutral"},
                    {"positive", "negative", "negative", "negative", "positive"});
  EXPECT_DOUBLE_EQ(e.accuracy, 0.6);
  EXPECT_NEAR(e.macro_f1, (0.5 + 0.8 + 0) / 3, 1e-9);
  EXPECT_EQ(e.confusion[0][0], 2);  // labels sorted: negative, neutral, positive
  EXPECT_NE(FormatEvaluation(e).find("macro-F1 = 0.433"), std::string::npos);
}

TEST(Topics, BooleanQueriesPhrasesPrefixesAndStems) {
  auto set = TopicSet::Parse(
      "# customer topics\n"
      "parking = parkeren OR parkeer* OR \"parking lot\"\n"
      "loyalty card = (klantenkaart OR spaarkaart) NOT kwijt\n"
      "delivery and rude = bezorg* AND (onbeleefd OR rude)\n"
      "waiting = ~wacht\n",
      "topics.conf");
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  auto match = [&](const char* text) {
    auto tokens = Tokenize(text);
    Stem(tokens, "nl");
    return set->Match(tokens);
  };
  EXPECT_EQ(match("Nergens kunnen parkeren"), std::vector<std::string>{"parking"});
  EXPECT_EQ(match("the parking lot was full"), std::vector<std::string>{"parking"});
  EXPECT_EQ(match("Mijn klantenkaart werkte niet"), std::vector<std::string>{"loyalty card"});
  EXPECT_TRUE(match("Ik ben mijn klantenkaart kwijt").empty());
  EXPECT_EQ(match("de bezorger was onbeleefd"), std::vector<std::string>{"delivery and rude"});
  EXPECT_EQ(match("ik heb lang gewacht"), std::vector<std::string>{});  // "gewacht" stems to "gewacht"
  EXPECT_EQ(match("wachten duurde lang"), std::vector<std::string>{"waiting"});
  EXPECT_EQ(set->Names(), (std::vector<std::string>{"parking", "loyalty card", "delivery and rude", "waiting"}));
}

TEST(Topics, ParseErrorsNameTheLine) {
  // Besides broken structure: lowercase operators, other tools' operators, a lone '*' or '~', a
  // '*' inside a word, and a topic defined twice would each quietly match nothing or the wrong
  // comments.
  for (const char* bad : {"x = (a OR b", "x = a OR", "x = \"open", "= a", "no equals sign", "x = AND a",
                          "x = parking or parkeren", "x = parking and car", "x = a XOR b", "x = a NEAR/3 b",
                          "x = a && b", "x = a | b", "x = -parking", "x = *", "x = ~", "x = park*ing", "ok = b"}) {
    auto set = TopicSet::Parse(std::string("ok = a\n") + bad + "\n", "topics.conf");
    ASSERT_FALSE(set.ok()) << bad;
    EXPECT_NE(set.status().message().find("topics.conf:2"), std::string::npos) << set.status().message();
  }
}

TEST(Topics, StemTermsAreStemmedLikeTheComment) {
  auto set = TopicSet::Parse("waiting = ~wachten\ndelivery = ~delivered\n", "topics.conf");
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  auto match = [&](const char* text, const char* language) {
    auto tokens = Tokenize(text);
    Stem(tokens, language);
    return set->Match(tokens);
  };
  EXPECT_EQ(match("Ik moest lang wachten", "nl"), std::vector<std::string>{"waiting"});
  EXPECT_EQ(match("Ik wacht nog steeds", "nl"), std::vector<std::string>{"waiting"});
  EXPECT_EQ(match("It was delivered late", "en"), std::vector<std::string>{"delivery"});
  EXPECT_EQ(match("They deliver on Sundays", "en"), std::vector<std::string>{"delivery"});
  EXPECT_TRUE(match("Snel geleverd", "nl").empty());
}

TEST(Topics, ADirectoryIsNoTopicsFile) {
  auto set = TopicSet::LoadFile(::testing::TempDir());
  ASSERT_FALSE(set.ok());
  EXPECT_NE(set.status().message().find("is a directory"), std::string::npos) << set.status().message();
}

}  // namespace
}  // namespace peakend::text
