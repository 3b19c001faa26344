// The golden table tests/data/text/golden.tsv: comment -> language, overall label, aspects
// with their polarity, emotions and life events Peakend must read in it.
#include <gtest/gtest.h>

#include <algorithm>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <vector>

#include "text/analyzer.h"

namespace peakend::text {
namespace {

struct GoldenCase {
  int line = 0;
  std::string text, language, label;
  std::vector<std::pair<std::string, char>> aspects;
  std::set<std::string> emotions, life_events;
};

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  for (std::string part; std::getline(ss, part, sep);) {
    if (!part.empty()) out.push_back(part);
  }
  return out;
}

std::vector<GoldenCase> LoadCases() {
  std::ifstream in(std::string(PEAKEND_TEST_DATA_DIR) + "/text/golden.tsv");
  std::vector<GoldenCase> cases;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::stringstream ss(line);
    for (std::string c; std::getline(ss, c, '\t');) cols.push_back(c);
    cols.resize(6);
    GoldenCase g;
    g.line = n;
    g.text = cols[0];
    g.language = cols[1];
    g.label = cols[2];
    for (const auto& a : Split(cols[3], ',')) g.aspects.emplace_back(a.substr(0, a.find(':')), a.back());
    for (const auto& e : Split(cols[4], ',')) g.emotions.insert(e);
    for (const auto& e : Split(cols[5], ',')) g.life_events.insert(e);
    cases.push_back(g);
  }
  return cases;
}

class AnalyzerGolden : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto a = Analyzer::Load({});
    ASSERT_TRUE(a.ok()) << a.status().ToString();
    analyzer_ = std::move(a).value().release();
  }
  static void TearDownTestSuite() { delete analyzer_; }
  static Analyzer* analyzer_;
};
Analyzer* AnalyzerGolden::analyzer_ = nullptr;

TEST_F(AnalyzerGolden, EveryRowOfTheTable) {
  auto cases = LoadCases();
  ASSERT_GE(cases.size(), 20u);
  for (const auto& g : cases) {
    SCOPED_TRACE("golden.tsv:" + std::to_string(g.line) + " " + g.text);
    Analysis a = analyzer_->Analyze(g.text);
    EXPECT_EQ(a.language, g.language);
    EXPECT_EQ(a.label, g.label) << "sentiment " << a.sentiment;
    for (const auto& [name, polarity] : g.aspects) {
      auto it = std::find_if(a.aspects.begin(), a.aspects.end(), [&](const AspectResult& r) {
        return r.name == (name[0] == '!' ? name.substr(1) : name);
      });
      if (name[0] == '!') {  // "!shop_appearance": must not be found
        EXPECT_EQ(it, a.aspects.end()) << "aspect " << name << "; got " << ToJson(a).dump();
        continue;
      }
      ASSERT_NE(it, a.aspects.end()) << "aspect " << name << " not found; got " << ToJson(a).dump();
      if (polarity == '+') {
        EXPECT_GT(it->sentiment, 0) << name;
      } else if (polarity == '-') {
        EXPECT_LT(it->sentiment, 0) << name;
      }
    }
    for (const auto& e : g.emotions) {
      bool absent = !e.empty() && e[0] == '!';  // "!joy": must not be found
      std::string name = absent ? e.substr(1) : e;
      bool found = std::any_of(a.emotions.begin(), a.emotions.end(), [&](const Finding& f) { return f.name == name; });
      EXPECT_EQ(found, !absent) << "emotion " << e << "; got " << ToJson(a).dump();
    }
    for (const auto& e : g.life_events) {
      bool absent = !e.empty() && e[0] == '!';  // "!illness": must not be found
      std::string name = absent ? e.substr(1) : e;
      bool found = std::any_of(a.life_events.begin(), a.life_events.end(), [&](const Finding& f) { return f.name == name; });
      EXPECT_EQ(found, !absent) << "life event " << e << "; got " << ToJson(a).dump();
    }
  }
}

TEST_F(AnalyzerGolden, CircumstancesKeepTheirPhrase) {
  struct Expected {
    const char* text;
    const char* relation;  // "" where the row is about the phrase alone
    const char* phrase;
    bool whole;  // the phrase is all of it, not only how it begins
  };
  const Expected rows[] = {
      {"Ik bestelde dit voor mijn moeder die ziek is.", "moeder", "voor mijn moeder die ziek is", true},
      // Who, without the possessive.
      {"I bought it for my daughter's wedding.", "daughter", "for my daughter's", false},
      {"Flowers for my mum\u2019s birthday", "mum", "for my mum\u2019s", false},
      // One word between the possessive and the relation says more of who it is.
      {"I rang about the account of my late father.", "father", "of my late father", true},
      {"Ordered a present for my niece's christening", "", "for my niece's christening", true},
      // The occasion named before "van"/"of" is part of what the employee reads.
      {"Ik bestelde bloemen voor de uitvaart van mijn tante.", "tante", "voor de uitvaart van mijn tante", false},
      {"Ordered it for the birthday of my son, arrived a day late.", "", "for the birthday of my son", false},
      // Not past the clause: "Kapot, van mijn vader gekregen" keeps "van mijn vader".
      {"Kapot aangekomen, van mijn vader gekregen.", "", "van mijn vader", false},
      // The customer's own relation who lives a life event told in its clause.
      {"Mijn moeder ligt in het ziekenhuis, dus ik kon niet thuis zijn.", "moeder", "Mijn moeder ligt in het ziekenhuis", true},
      {"My husband passed away in May and I need to close his account.", "husband", "My husband passed", false},
      {"Onze dochter gaat trouwen en de taart was perfect.", "dochter", "Onze dochter gaat trouwen", true},
      {"my elderly mum is in hospital so I rang on her behalf", "mum", "my elderly mum is in hospital", true},
      // Or the state it is in, as the subject of its clause; by a possessive or first in a sentence.
      {"Mijn zoon zit in een rolstoel en jullie hotel had een aangepaste kamer, echt fijn", "zoon", "Mijn zoon zit in een rolstoel", true},
      {"My hubby has dementia and keeps ringing you by mistake", "hubby", "My hubby has dementia", true},
      {"Thanks. Grandad is 94 and can't hear well on the phone", "grandad", "Grandad is 94", true},
      {"Mum's been diagnosed with cancer so I've been doing her shopping", "mum", "Mum's been diagnosed", false},
      // Or by a pronoun that opens the next clause.
      {"Please can someone help my grandmother, she is 87 and was cut off", "grandmother", "my grandmother, she is 87", true},
      // A relation of more than one word is named whole.
      {"We booked the function room for my mother in law's 70th and it was perfect", "mother in law", "for my mother in law's 70th", false},
      {"Flowers for my great-aunt arrived wilted", "great-aunt", "for my great-aunt", false},
      // The customer's companion, told with "and I": what the comment tells concerns them both.
      {"Mijn vrouw en ik kwamen voor de lunch.", "vrouw", "Mijn vrouw en ik kwamen voor de lunch", true},
      {"My half-brother and I bought the tickets together but only one arrived.", "half-brother", "My half-brother and I bought", false},
      // A thing of theirs the service dealt with: "my nan's boiler", "mijn zoon z'n fiets".
      {"My son's phone was fixed in an hour.", "son", "My son's phone", true},
      {"You fixed my nan's boiler in no time, she's so grateful.", "nan", "my nan's boiler", true},
      {"Mijn zoon z'n fiets had na een dag al een lekke band.", "zoon", "Mijn zoon z'n fiets", true},
      // Someone taken along.
      {"Took my dad to the opticians, they were very patient with him.", "dad", "Took my dad", false},
  };
  for (const Expected& row : rows) {
    SCOPED_TRACE(row.text);
    Analysis a = analyzer_->Analyze(row.text);
    ASSERT_EQ(a.circumstances.size(), 1u);
    const Finding& found = a.circumstances[0];
    if (*row.relation) {
      EXPECT_EQ(found.name, row.relation);
    }
    if (row.whole) {
      EXPECT_EQ(found.phrase, row.phrase);
    } else {
      EXPECT_EQ(found.phrase.rfind(row.phrase, 0), 0u) << found.phrase;
    }
  }
}

TEST_F(AnalyzerGolden, RelationsJoinedByAndShareTheirState) {
  Analysis a = analyzer_->Analyze("Mijn moeder en zus wonen in Spanje, jullie bezorgen niet in het buitenland");
  ASSERT_EQ(a.circumstances.size(), 2u) << ToJson(a).dump();
  EXPECT_EQ(a.circumstances[0].name, "moeder");
  EXPECT_EQ(a.circumstances[1].name, "zus");
  EXPECT_EQ(a.circumstances[1].phrase, "Mijn moeder en zus wonen in Spanje");
}

TEST_F(AnalyzerGolden, RelationsNamedInPassingAreNoCircumstance) {
  // Without an errand for them or a life event of theirs, a relation says nothing to act on.
  // Nor what a relation did ("heeft de bestelling gedaan") or how they liked it ("were thrilled").
  for (const char* text : {"My husband says the app is great.", "Mijn collega raadde jullie aan.",
                           "My sister recommended you to me.",
                           "Mijn vrouw heeft de bestelling gedaan, ik weet niet hoe het ging.",
                           "My husband has ordered a new one.", "My kids were thrilled with the free ice cream."}) {
    SCOPED_TRACE(text);
    EXPECT_TRUE(analyzer_->Analyze(text).circumstances.empty()) << ToJson(analyzer_->Analyze(text)).dump();
  }
}

TEST_F(AnalyzerGolden, PhrasesKeepWhatTheCustomerWrote) {
  // Signs that are no tokens (currency) stay in the phrase an employee reads, and runs
  // of white space become one space.
  Analysis paid = analyzer_->Analyze("Paid \u00a3120   for this,\nnever again");
  auto price = std::find_if(paid.aspects.begin(), paid.aspects.end(), [](const AspectResult& a) {
    return a.name == "price_value";
  });
  ASSERT_NE(price, paid.aspects.end());
  EXPECT_EQ(price->phrase, "Paid \u00a3120 for this,");
  Analysis euro = analyzer_->Analyze("De prijs van \u20ac 89,95 vond ik te hoog");
  ASSERT_FALSE(euro.aspects.empty());
  EXPECT_NE(euro.aspects[0].phrase.find("\u20ac 89,95"), std::string::npos);
}

TEST_F(AnalyzerGolden, AnAspectMentionedTwiceWeighsBothPlaces) {
  Analysis a = analyzer_->Analyze("Het retourneren ging makkelijk, maar de terugbetaling duurde drie weken.");
  ASSERT_EQ(a.aspects.size(), 1u) << ToJson(a).dump();
  EXPECT_EQ(a.aspects[0].name, "returns_refunds");
  EXPECT_LT(a.aspects[0].sentiment, 0);
  EXPECT_EQ(a.aspects[0].phrase, "de terugbetaling duurde drie weken.");
  // Mentioned once, the aspect keeps its clause's sentiment as it stands.
  Analysis once = analyzer_->Analyze("Het retourneren ging makkelijk.");
  ASSERT_EQ(once.aspects.size(), 1u);
  EXPECT_GT(once.aspects[0].sentiment, 0);
  EXPECT_EQ(once.aspects[0].phrase, "Het retourneren ging makkelijk.");
}

TEST_F(AnalyzerGolden, AnInsistentQuestionIsFrustrationOnlyWithoutWordsOfItsOwn) {
  Analysis asked = analyzer_->Analyze("Ik heb drie keer gebeld. Waar blijft mijn pakket???");
  ASSERT_EQ(asked.emotions.size(), 1u) << ToJson(asked).dump();
  EXPECT_EQ(asked.emotions[0].name, "frustration");
  EXPECT_EQ(asked.emotions[0].phrase, "Waar blijft mijn pakket???");
  EXPECT_LT(asked.sentiment, 0);
  // Once is a question; praise with question marks stays praise.
  EXPECT_EQ(analyzer_->Analyze("Tot hoe laat is de winkel open?").label, "neutral");
  Analysis twice = analyzer_->Analyze("Tot hoe laat is de winkel open??");
  EXPECT_EQ(twice.label, "negative");
  ASSERT_EQ(twice.emotions.size(), 1u);
  EXPECT_EQ(twice.emotions[0].name, "frustration");
  EXPECT_EQ(analyzer_->Analyze("How can it be this good??").label, "positive");
}

TEST_F(AnalyzerGolden, EmployeeMentionsOnlyForKnownNames) {
  std::vector<EmployeeName> employees = {{"Sanne", "E1"}, {"Daan", "E2"}};
  AnalysisContext ctx;
  ctx.employees = &employees;
  Analysis a = analyzer_->Analyze("sanne hielp me super, Bram niet", ctx);
  ASSERT_EQ(a.mentions.size(), 1u);
  EXPECT_EQ(a.mentions[0].employee, "E1");
  EXPECT_TRUE(analyzer_->Analyze("Sanne hielp me", {}).mentions.empty());
}

// Customers type names in lower case ("sanne hielp me"), but a name that is also a word of the
// lexicons ("will", "joy") only counts written with a capital.
TEST_F(AnalyzerGolden, NamesThatAreAlsoWordsNeedTheirCapital) {
  std::vector<EmployeeName> employees = {{"Will", "E1"}, {"Joy", "E2"}, {"Mark", "E3"}, {"Sanne", "E4"}};
  AnalysisContext ctx;
  ctx.employees = &employees;
  Analysis a = analyzer_->Analyze("I will come back, such joy to see Mark again, sanne too", ctx);
  ASSERT_EQ(a.mentions.size(), 2u);
  EXPECT_EQ(a.mentions[0].employee, "E3");
  EXPECT_EQ(a.mentions[1].employee, "E4");
  Analysis b = analyzer_->Analyze("I will be back. Will was brilliant", ctx);
  ASSERT_EQ(b.mentions.size(), 1u);
  EXPECT_EQ(b.mentions[0].name, "Will");
  EXPECT_EQ(b.mentions[0].phrase, "Will was brilliant");
  // A name the lexicons do not know as a word is still a word when written small after an
  // article or a pronoun; the capitalised mention is the one found.
  std::vector<EmployeeName> more = {{"Hope", "E5"}, {"Bas", "E6"}};
  ctx.employees = &more;
  EXPECT_TRUE(analyzer_->Analyze("I hope they fix the bas", ctx).mentions.empty());
  Analysis c = analyzer_->Analyze("Ik speel een bas, en Bas hielp me kiezen", ctx);
  ASSERT_EQ(c.mentions.size(), 1u);
  EXPECT_EQ(c.mentions[0].name, "Bas");
  EXPECT_EQ(c.mentions[0].phrase, "en Bas hielp me kiezen");
  EXPECT_EQ(analyzer_->Analyze("geholpen door bas, top", ctx).mentions.size(), 1u);
  // After a contracted pronoun or a verb a bare infinitive follows, a name written small is that verb.
  ctx.employees = &employees;
  EXPECT_TRUE(analyzer_->Analyze("I'll mark this as resolved", ctx).mentions.empty());
  EXPECT_TRUE(analyzer_->Analyze("they will mark it as paid", ctx).mentions.empty());
  EXPECT_EQ(analyzer_->Analyze("thanks mark for the help", ctx).mentions.size(), 1u);
  // A capital that opens a sentence may be only the sentence's: "Will order again" is the word,
  // "Will was brilliant" and "Great service. Will, thank you" the name.
  EXPECT_TRUE(analyzer_->Analyze("Will order again, great service", ctx).mentions.empty());
  EXPECT_TRUE(analyzer_->Analyze("Great service. Will be back!", ctx).mentions.empty());
  EXPECT_EQ(analyzer_->Analyze("Great service. Will, thank you", ctx).mentions.size(), 1u);
  // A word the lexicons know in a phrase ("to be frank") is no name written small.
  std::vector<EmployeeName> frank = {{"Frank", "E7"}};
  ctx.employees = &frank;
  EXPECT_TRUE(analyzer_->Analyze("to be frank the service was poor", ctx).mentions.empty());
  EXPECT_EQ(analyzer_->Analyze("Frank was so helpful", ctx).mentions.size(), 1u);
}

// A named employee is staff the customer judges: staff friendliness with the clause's sentiment,
// unless the clause already speaks of their knowledge.
TEST_F(AnalyzerGolden, ANamedEmployeeIsStaffTheCustomerJudges) {
  std::vector<EmployeeName> employees = {{"Jenny", "E1"}, {"Sanne", "E2"}};
  AnalysisContext ctx;
  ctx.employees = &employees;
  auto aspect = [](const Analysis& a, std::string_view name) -> const AspectResult* {
    for (const auto& x : a.aspects) {
      if (x.name == name) return &x;
    }
    return nullptr;
  };
  Analysis praised = analyzer_->Analyze("Delivery was late. Thank you so much Jenny, you made my day!", ctx);
  ASSERT_NE(aspect(praised, "staff_friendliness"), nullptr) << ToJson(praised).dump();
  EXPECT_GT(aspect(praised, "staff_friendliness")->sentiment, 0);
  Analysis knew = analyzer_->Analyze("Sanne wist er alles van", ctx);
  EXPECT_EQ(aspect(knew, "staff_friendliness"), nullptr) << ToJson(knew).dump();
  EXPECT_NE(aspect(knew, "staff_knowledge"), nullptr);
  Analysis nobody = analyzer_->Analyze("Thank you so much Jenny, you made my day!", {});
  EXPECT_EQ(aspect(nobody, "staff_friendliness"), nullptr) << "no employees given, no one named";
}

TEST_F(AnalyzerGolden, NamesAreFoundWithOrWithoutTheirAccents) {
  std::vector<EmployeeName> employees = {{"Zoë", "E1"}, {"Jose", "E2"}, {"Noël", "E3"}};
  AnalysisContext ctx;
  ctx.employees = &employees;
  Analysis a = analyzer_->Analyze("Zoe at the till and JOSÉ at the desk were great", ctx);
  ASSERT_EQ(a.mentions.size(), 2u);
  EXPECT_EQ(a.mentions[0].employee, "E1");
  EXPECT_EQ(a.mentions[0].name, "Zoe");  // as written
  EXPECT_EQ(a.mentions[1].employee, "E2");
  EXPECT_EQ(a.mentions[1].name, "JOSÉ");
  EXPECT_TRUE(analyzer_->Analyze("Zoom en Noelle hielpen", ctx).mentions.empty());  // not a prefix match
}

TEST_F(AnalyzerGolden, BadInputNeverCrashes) {
  EXPECT_EQ(analyzer_->Analyze("").label, "neutral");
  EXPECT_EQ(analyzer_->Analyze("").language, "unknown");
  Analysis broken = analyzer_->Analyze("caf\xE9 was goed \xFF\xFE");
  EXPECT_TRUE(broken.repaired_utf8);
  EXPECT_EQ(broken.label, "positive");
  std::string huge;
  for (int i = 0; i < 5000; ++i) huge += "slecht ";
  Analysis big = analyzer_->Analyze(huge);
  EXPECT_TRUE(big.truncated);
  EXPECT_EQ(big.label, "negative");
  // A long letter is read at its beginning and its end, where it comes to the point.
  std::string letter;
  for (int i = 0; i < 300; ++i) letter += "Ik heb het nummer gebeld en een formulier ingevuld. ";
  letter += "Maar de bezorging was verschrikkelijk slecht.";
  Analysis long_letter = analyzer_->Analyze(letter);
  EXPECT_TRUE(long_letter.truncated);
  EXPECT_EQ(long_letter.label, "negative");
  ASSERT_FALSE(long_letter.aspects.empty());
  EXPECT_EQ(long_letter.aspects.back().name, "delivery");
  std::string binary(512, '\0');
  for (int i = 0; i < 512; ++i) binary[i] = static_cast<char>(i * 37);
  (void)analyzer_->Analyze(binary);
  Analysis emoji_only = analyzer_->Analyze("😡😡");
  EXPECT_EQ(emoji_only.label, "negative");
}

TEST_F(AnalyzerGolden, NegationIntensifiersAndCapitalsMoveTheScore) {
  double good = analyzer_->Analyze("goed").sentiment;
  EXPECT_LT(analyzer_->Analyze("niet goed").sentiment, 0);
  EXPECT_GT(analyzer_->Analyze("heel goed").sentiment, good);
  EXPECT_LT(analyzer_->Analyze("een beetje goed").sentiment, good);
  EXPECT_GT(analyzer_->Analyze("goed!!!").sentiment, good);
  EXPECT_GT(analyzer_->Analyze("het was GOED hoor").sentiment, analyzer_->Analyze("het was goed hoor").sentiment);
  EXPECT_LT(analyzer_->Analyze("not good").sentiment, 0);
  EXPECT_LT(analyzer_->Analyze("it wasn't good").sentiment, 0);
}

// The stored analysis is written by hand for speed; it must be the very document the JSON
// library would write, for every kind of finding and for awkward characters.
TEST_F(AnalyzerGolden, StoredAnalysisMatchesTheJsonLibrary) {
  std::vector<EmployeeName> staff = {{"Sanne", "E1"}};
  AnalysisContext context;
  context.employees = &staff;
  for (const char* text :
       {"De bezorging was snel maar de medewerker was onbeleefd", "Sanne hielp me geweldig, voor mijn moeder \"echt\" top!",
        "Pakket kwam te laat.\tNiemand\\belde\r\nterug \x01 :( \xF0\x9F\x98\xA1", "ok", "",
        "Mijn vader is overleden en de bloemen voor de begrafenis kwamen kapot aan", "Great service but WAY too expensive!!!"}) {
    Analysis a = analyzer_->Analyze(text, context);
    EXPECT_EQ(ToJsonText(a), ToJson(a).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) << text;
  }
  Analysis whole;
  whole.sentiment = 1.0;
  whole.lexicon_sentiment = -0.0004;
  whole.topics = {"levering", "prijs"};
  EXPECT_EQ(ToJsonText(whole), ToJson(whole).dump());
}

TEST(Lexicon, FormatErrorsNameFileAndLine) {
  Lexicon lex;
  EXPECT_TRUE(lex.AddText("[sentiment - nl]\nsuper\t3\n", "x.txt").ok());
  auto missing_value = lex.AddText("[sentiment - nl]\nsuper\n", "x.txt");
  EXPECT_NE(missing_value.message().find("x.txt:2"), std::string::npos);
  EXPECT_FALSE(lex.AddText("[feeling joy nl]\n", "y.txt").ok());
  EXPECT_FALSE(lex.AddText("term before section\n", "z.txt").ok());
  EXPECT_FALSE(lex.AddText("[aspect delivery fr]\n", "w.txt").ok());
  auto long_prefix = lex.AddText("[aspect delivery nl]\n" + std::string(70, 'x') + "*\n", "v.txt");
  EXPECT_NE(long_prefix.message().find("v.txt:2: "), std::string::npos) << long_prefix.message();
  EXPECT_NE(long_prefix.message().find("at most 63"), std::string::npos) << long_prefix.message();
  auto star_first = lex.AddText("[sentiment - nl]\n* weken\t-1\n", "u.txt");
  EXPECT_NE(star_first.message().find("u.txt:2: '* weken' begins with *"), std::string::npos) << star_first.message();
}

// How many phrases of `lex` match anywhere in `text`.
std::size_t PhraseMatchCount(const Lexicon& lex, const std::string& text) {
  TokenBuffer buffer;
  buffer.Tokenize(text);
  std::vector<TokenView>& tokens = buffer.tokens();
  for (TokenView& t : tokens) t.word = lex.WordId(t.lower, false);
  std::vector<TermMatch> out;
  for (std::size_t i = 0; i < tokens.size(); ++i) lex.MatchPhrases(tokens, i, out);
  return out.size();
}

// A lone * inside a phrase stands for any one word or number, never for a mark that ends a clause.
TEST(Lexicon, AStarInAPhraseIsAnyOneWord) {
  Lexicon lex;
  ASSERT_TRUE(lex.AddText("[sentiment - nl]\nduurde * weken\t-1.6\n", "x.txt").ok());
  auto matches = [&](const std::string& text) { return PhraseMatchCount(lex, text); };
  EXPECT_EQ(matches("het duurde 3 weken"), 1u);
  EXPECT_EQ(matches("het duurde drie weken"), 1u);
  EXPECT_EQ(matches("het duurde weken"), 0u);        // the star is one word, not none
  EXPECT_EQ(matches("het duurde , weken"), 0u);      // nor punctuation
  EXPECT_EQ(matches("het duurde twee lange weken"), 0u);  // nor two
}

// Nor for a negation: "kom ik * terug" is coming back, "kom ik niet terug" is not.
TEST(Lexicon, AStarInAPhraseIsNoNegation) {
  Lexicon lex;
  ASSERT_TRUE(lex.AddText("[modifier negation nl]\nniet\nnooit\n[sentiment - nl]\nkom ik * terug\t2.2\n", "x.txt").ok());
  auto matches = [&](const std::string& text) { return PhraseMatchCount(lex, text); };
  EXPECT_EQ(matches("daar kom ik graag terug"), 1u);
  EXPECT_EQ(matches("daar kom ik niet terug"), 0u);
  EXPECT_EQ(matches("daar kom ik nooit terug"), 0u);
}

// A word of degree after a phrase's first word is read past ("slaat echt nergens op"), unless the
// first word is a negation: "niet echt goed" is not "niet goed".
TEST(Lexicon, AWordOfDegreeMayStandAfterAPhrasesFirstWord) {
  Lexicon lex;
  ASSERT_TRUE(lex.AddText("[modifier negation nl]\nniet\n[modifier intensifier nl]\necht\t0.3\n[modifier softener nl]\n"
                          "beetje\t-0.3\n[sentiment - nl]\nslaat nergens op\t-1.8\nniet goed geholpen\t-1.8\n",
                          "x.txt")
                  .ok());
  auto matches = [&](const std::string& text) { return PhraseMatchCount(lex, text); };
  EXPECT_EQ(matches("dit slaat nergens op"), 1u);
  EXPECT_EQ(matches("dit slaat echt nergens op"), 1u);
  EXPECT_EQ(matches("dit slaat beetje nergens op"), 0u);  // a softener is no word of degree
  EXPECT_EQ(matches("dit slaat echt echt nergens op"), 0u);  // one word, not two
  EXPECT_EQ(matches("niet echt goed geholpen"), 0u);
}

// The values of the phrases `lexicon` finds at the first word of `comment`, longest first.
std::vector<double> PhraseValuesAtStart(const Lexicon& lexicon, std::string_view comment) {
  TokenBuffer buffer;
  buffer.Tokenize(comment);
  std::vector<TokenView>& tokens = buffer.tokens();
  for (auto& t : tokens) {
    t.word = t.kind == TokenKind::kPunctuation ? lexicon.PunctuationId(t.punctuation) : lexicon.WordId(t.lower, false);
  }
  std::vector<TermMatch> out;
  lexicon.MatchPhrases(tokens, 0, out);
  std::vector<double> values;
  for (const auto& m : out) values.push_back(m.value);
  return values;
}

// Of two phrases of one length, the one that names every word is found first, whichever was
// defined first: "viel me niet tegen" is praise though "viel me * tegen" is not.
TEST(Lexicon, AnExactPhraseComesBeforeAStarredOneOfItsLength) {
  Lexicon lex;
  ASSERT_TRUE(lex.AddText("[sentiment - nl]\nviel me * tegen\t-1.8\nviel me niet tegen\t1.2\n", "x.txt").ok());
  EXPECT_EQ(PhraseValuesAtStart(lex, "viel me niet tegen"), (std::vector<double>{1.2, -1.8}));
}

}  // namespace
}  // namespace peakend::text

namespace peakend::text {
namespace {

// The most specific aspect term names a word's aspect: the word itself, else its longest aspect
// prefix, per language; other kinds of term and other languages are not hidden.
TEST(Lexicon, TheMostSpecificAspectTermWins) {
  Lexicon lex;
  ASSERT_TRUE(lex.AddText("[aspect waiting_time en]\nwait*\n[aspect staff_friendliness en]\nwaiter*\n"
                          "[aspect delivery en]\nwaitlist\n[aspect shop_appearance nl]\nwait*\n"
                          "[emotion frustration en]\nwait*\n",
                          "x.txt")
                  .ok());
  auto aspects = [&](const std::string& word) {
    std::vector<TermMatch> out;
    lex.MatchSingle(lex.WordId(word, false), word, false, out);
    std::vector<std::string> names;
    for (const TermMatch& m : out) {
      names.push_back((m.kind == TermKind::kAspect ? "" : "~") + m.entry->name + (m.language == TermLanguage::kDutch ? ".nl" : ""));
    }
    std::sort(names.begin(), names.end());
    return names;
  };
  EXPECT_EQ(aspects("waiting"), (std::vector<std::string>{"shop_appearance.nl", "waiting_time", "~frustration"}));
  EXPECT_EQ(aspects("waiters"), (std::vector<std::string>{"shop_appearance.nl", "staff_friendliness", "~frustration"}));
  EXPECT_EQ(aspects("waitlist"), (std::vector<std::string>{"delivery", "shop_appearance.nl", "~frustration"}));
}

TEST(Lexicon, ALaterDefinitionOfATermReplacesTheEarlier) {
  auto lexicon = Lexicon::LoadDirectory(std::string(PEAKEND_DATA_DIR) + "/text");
  ASSERT_TRUE(lexicon.ok()) << lexicon.status().ToString();
  std::size_t size = lexicon->size();
  ASSERT_TRUE(lexicon->AddText("[sentiment - en]\nprompt\t-2.5\n", "extra.txt").ok());  // a user's correction
  ASSERT_TRUE(lexicon->AddText("[sentiment - en]\nprompt\t1.5\n", "extra2.txt").ok());
  EXPECT_LE(lexicon->size(), size + 1);
  std::vector<TermMatch> matches;
  lexicon->MatchWord("prompt", TermLanguage::kEnglish, matches);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].entry->value, 1.5);
}

// Phrases are tried only for pairs of first and second word some phrase begins with: a phrase
// whose second word is a prefix, or one of many with the same first word, is still found, and
// a pair no phrase begins with finds none.
// A second definition of a term in Peakend's own files would silently replace the first (as a
// user's extra lexicon is meant to): each term is defined once per kind, name and language.
TEST(Lexicon, ShippedFilesDefineEachTermOnce) {
  std::map<std::string, std::string> defined;  // section + term -> where
  for (const auto& entry : std::filesystem::directory_iterator(std::string(PEAKEND_DATA_DIR) + "/text")) {
    if (entry.path().extension() != ".txt") continue;
    std::ifstream in(entry.path());
    std::string line, section;
    for (int number = 1; std::getline(in, line); ++number) {
      if (line.empty() || line[0] == '#') continue;
      if (line[0] == '[') {
        // A conclusion is a sentiment term too: one definition among both kinds of section.
        section = line.starts_with("[sentiment verdict ") ? "[sentiment - " + line.substr(19) : line;
        continue;
      }
      std::string where = entry.path().filename().string() + ":" + std::to_string(number);
      auto [at, added] = defined.emplace(section + " " + line.substr(0, line.find('\t')), where);
      EXPECT_TRUE(added) << where << " defines again what " << at->second << " does: " << line;
    }
  }
  EXPECT_GT(defined.size(), 1000u);
}

// Flemish and chat Dutch write "nie" for "niet": each Dutch phrase with "niet" also matches
// that way, and a "nie" phrase defined as a term of its own keeps its own value.
TEST(Lexicon, DutchPhrasesWithNietAlsoMatchNie) {
  auto lexicon = Lexicon::LoadDirectory(std::string(PEAKEND_DATA_DIR) + "/text");
  ASSERT_TRUE(lexicon.ok()) << lexicon.status().ToString();
  ASSERT_TRUE(lexicon->AddText("[sentiment - nl]\nzorbel niet goed\t-2\nzorbel nie fijn\t1\nzorbel niet fijn\t-1\n"
                               "[sentiment - en]\nzorbel niet mooi\t-3\n",
                               "extra.txt")
                  .ok());
  auto value_of = [&](std::string_view comment) {
    std::vector<double> values = PhraseValuesAtStart(*lexicon, comment);
    return values.empty() ? 0.0 : values.front();
  };
  EXPECT_EQ(value_of("zorbel niet goed"), -2);
  EXPECT_EQ(value_of("zorbel nie goed"), -2);
  EXPECT_EQ(value_of("zorbel nie fijn"), 1);   // its own term, defined before the "niet" form
  EXPECT_EQ(value_of("zorbel niet fijn"), -1);
  EXPECT_EQ(value_of("zorbel nie mooi"), 0);   // English terms have no Flemish form
}

TEST(Lexicon, PhrasesAreFoundByTheirFirstTwoWords) {
  auto lexicon = Lexicon::LoadDirectory(std::string(PEAKEND_DATA_DIR) + "/text");
  ASSERT_TRUE(lexicon.ok()) << lexicon.status().ToString();
  ASSERT_TRUE(lexicon->AddText("[sentiment - en]\nzorbly wib*\t-2\nzorbly fine day\t2\nzorbly fine\t1\n"
                               "zorbly nice\t1.5\n",
                               "extra.txt")
                  .ok());
  auto phrases_of = [&](std::string_view comment) { return PhraseValuesAtStart(*lexicon, comment); };
  EXPECT_EQ(phrases_of("zorbly wibbling"), std::vector<double>{-2});
  EXPECT_EQ(phrases_of("zorbly fine day"), (std::vector<double>{2, 1}));  // longest first
  EXPECT_EQ(phrases_of("zorbly fine"), std::vector<double>{1});
  EXPECT_EQ(phrases_of("zorbly nice"), std::vector<double>{1.5});
  EXPECT_TRUE(phrases_of("zorbly day").empty());
  EXPECT_TRUE(phrases_of("zorbly").empty());
  EXPECT_TRUE(phrases_of("fine zorbly").empty());
}

// Reading only language and sentiment takes a shorter way through the rules; it must come to
// exactly what the full analysis says, on every labeled comment Peakend has.
TEST(Analyzer, SentimentOnlyReadingAgreesWithTheFullAnalysis) {
  auto analyzer = Analyzer::Load({}).value();
  AnalysisContext sentiment_only;
  sentiment_only.depth = AnalysisDepth::kSentiment;
  std::size_t compared = 0;
  // Every labeled set in bench/data, so that a set added there is compared without being listed.
  std::vector<std::filesystem::path> sets;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(PEAKEND_TEST_DATA_DIR) + "/../../bench/data")) {
    if (entry.path().extension() == ".csv") sets.push_back(entry.path());
  }
  std::sort(sets.begin(), sets.end());
  ASSERT_GE(sets.size(), 54u);
  for (const auto& set : sets) {
    std::ifstream in(set, std::ios::binary);
    ASSERT_TRUE(in) << set;
    std::stringstream whole;
    whole << in.rdbuf();
    // Every field of the file, quoted or not: the text column and the labels alike are read.
    std::string csv = whole.str(), field;
    bool quoted = false;
    auto compare = [&] {
      Analysis full = analyzer->Analyze(field);
      Analysis quick = analyzer->Analyze(field, sentiment_only);
      EXPECT_EQ(quick.sentiment, full.sentiment) << field;
      EXPECT_EQ(quick.language, full.language) << field;
      ++compared;
      field.clear();
    };
    for (std::size_t i = 0; i < csv.size(); ++i) {
      char c = csv[i];
      if (quoted && c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && (c == ',' || c == '\n')) {
        compare();
      } else if (c != '\r' || quoted) {
        field += c;
      }
    }
  }
  EXPECT_GT(compared, 3000u);
}

TEST(Lexicon, LoadsVaderAndAfinnWordLists) {
  std::string vader = ::testing::TempDir() + "/peakend_extra.vader";
  std::string afinn = ::testing::TempDir() + "/peakend_extra.afinn";
  FILE* f = fopen(vader.c_str(), "w");
  fputs("fantabulous\t3.2\t0.4\t[3, 3, 4, 3]\n", f);
  fclose(f);
  f = fopen(afinn.c_str(), "w");
  fputs("scrungy\t-5\n", f);
  fclose(f);
  AnalyzerOptions options;
  options.extra_lexicons = {vader, afinn};
  auto analyzer = Analyzer::Load(options);
  ASSERT_TRUE(analyzer.ok()) << analyzer.status().ToString();
  EXPECT_EQ((*analyzer)->Analyze("fantabulous").label, "positive");
  EXPECT_EQ((*analyzer)->Analyze("scrungy").label, "negative");  // -5 AFINN is -4 on the VADER scale
  EXPECT_EQ(Analyzer::Load({}).value()->Analyze("scrungy").label, "neutral");
}

// Each thread remembers what the words it read match; an analyzer with another lexicon, even
// one made where a destroyed one lived, must not see what the other remembered.
TEST(Analyzer, WordsRememberedForOneLexiconAreNotUsedForAnother) {
  std::string extra = ::testing::TempDir() + "/peakend_profiles.txt";
  FILE* f = fopen(extra.c_str(), "w");
  fputs("[sentiment - nl]\ngeweldig\t-3\nbezorgdienstje\t3\n", f);  // turned round, and a new word
  fclose(f);
  AnalyzerOptions options;
  options.extra_lexicons = {extra};
  auto standard = Analyzer::Load({}).value();
  for (int round = 0; round < 3; ++round) {
    auto turned = Analyzer::Load(options).value();
    EXPECT_EQ(standard->Analyze("geweldig").label, "positive") << round;
    EXPECT_EQ(turned->Analyze("geweldig").label, "negative") << round;
    EXPECT_EQ(turned->Analyze("het bezorgdienstje").label, "positive") << round;
    EXPECT_EQ(standard->Analyze("het bezorgdienstje").label, "neutral") << round;
  }
}

// Past WordProfiles::kMaxWords words a thread starts afresh, and still reads every word right.
TEST(Analyzer, ManyDistinctWordsKeepTheirMeaning) {
  auto analyzer = Analyzer::Load({}).value();
  std::string comment;
  for (std::size_t i = 0; i < WordProfiles::kMaxWords + 100; i += 50) {
    comment.clear();
    for (std::size_t k = i; k < i + 50; ++k) comment += "woord" + std::to_string(k) + " ";
    EXPECT_EQ(analyzer->Analyze(comment).label, "neutral");
  }
  EXPECT_EQ(analyzer->Analyze("Fantastische service, echt super!").label, "positive");
  EXPECT_EQ(analyzer->Analyze("Niet goed, heel slecht geholpen").label, "negative");
}

TEST(Analyzer, CustomTopicsWithAndWithoutStems) {
  // Stems are computed only when a topic asks for one; both kinds of query must still match.
  for (bool with_stem : {true, false}) {
    std::string topics = ::testing::TempDir() + "/peakend_topics.conf";
    FILE* f = fopen(topics.c_str(), "w");
    fputs(with_stem ? "waiting = ~wacht\nparking = parkeer*\n" : "parking = parkeer*\n", f);
    fclose(f);
    AnalyzerOptions options;
    options.topics_file = topics;
    auto analyzer = Analyzer::Load(options);
    ASSERT_TRUE(analyzer.ok()) << analyzer.status().ToString();
    auto a = (*analyzer)->Analyze("Het wachten duurde lang en parkeerplaatsen waren er niet");
    std::vector<std::string> expected = {"parking"};
    if (with_stem) expected.insert(expected.begin(), "waiting");
    EXPECT_EQ(a.topics, expected);
    std::vector<std::string> names = {"parking"};
    if (with_stem) names.insert(names.begin(), "waiting");
    EXPECT_EQ((*analyzer)->TagNames("topic"), names);
  }
}

TEST_F(AnalyzerGolden, TagNamesAreWhatCommentsCanBeTaggedWith) {
  // The aspects and emotions of the issue, each once though every language defines it.
  EXPECT_EQ(analyzer_->TagNames("aspect"),
            (std::vector<std::string>{"communication", "delivery", "ordering_website", "price_value", "product_quality",
                                      "returns_refunds", "shop_appearance", "staff_friendliness", "staff_knowledge",
                                      "waiting_time"}));
  EXPECT_EQ(analyzer_->TagNames("emotion"), (std::vector<std::string>{"anger", "frustration", "gratitude", "joy",
                                                                      "sadness", "surprise", "worry"}));
  EXPECT_TRUE(analyzer_->TagNames("topic").empty());
  EXPECT_TRUE(analyzer_->TagNames("life_event").empty());
}

}  // namespace
}  // namespace peakend::text
