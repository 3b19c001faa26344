#include <gtest/gtest.h>

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
