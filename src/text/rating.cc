#include "text/rating.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <string>
#include <utility>

#include "core/strings.h"

namespace peakend::text {
namespace {

// Numbers written as words, as grades and stars are ("een dikke negen", "Five stars", "a solid
// eight out of ten"). Not the Dutch article "een", nor the school diminutives that are also
// money ("een vijfje", "een tientje"); "zesje" and "achtje" are grades only.
constexpr std::array<std::pair<std::string_view, double>, 27> kNumberWords = {{
    {"nul", 0},   {"één", 1},   {"eén", 1},   {"twee", 2},   {"drie", 3},  {"vier", 4},     {"vijf", 5},
    {"zes", 6},   {"zeven", 7}, {"acht", 8},  {"negen", 9},  {"tien", 10}, {"zesje", 6},    {"zeventje", 7},
    {"achtje", 8}, {"negentje", 9}, {"zero", 0}, {"one", 1},  {"two", 2},   {"three", 3},    {"four", 4},
    {"five", 5},  {"six", 6},   {"seven", 7}, {"eight", 8},  {"nine", 9},  {"ten", 10}}};

}  // namespace

std::optional<double> NumberWordValue(std::string_view lower) {
  for (const auto& [word, value] : kNumberWords) {
    if (word == lower) return value;
  }
  return std::nullopt;
}

namespace {

// Ratings written in a comment ("10/10", "4,5/5", "8 out of 10", "2 uit 5"): the band of the
// scale in which a rating says nothing either way (3 of 5, as review stars are read; 6 and 7 of
// 10 in Dutch, a pass at school that customers give when nothing stood out; 7 of 10 in English,
// as the survey's 0-10 question is read there: a 7 is passive, a 6 a detractor's), and the
// valence at the ends of the scale, reached in proportion from the band's edge.
struct NeutralBand {
  double low, high;  // shares of the scale
};
constexpr NeutralBand kStarsBand = {0.6, 0.6}, kDutchGradeBand = {0.6, 0.7}, kEnglishGradeBand = {0.7, 0.7};
constexpr NeutralBand NeutralBandOf(double scale, TermLanguage language) {
  if (scale < 10) return kStarsBand;
  return language == TermLanguage::kEnglish ? kEnglishGradeBand : kDutchGradeBand;
}
constexpr double kTopRatingValence = 3.0;
constexpr double kMaxRatingValence = 4.0;  // at the bottom of the scale
constexpr double RatingValence(double share, double scale, TermLanguage language) {
  NeutralBand band = NeutralBandOf(scale, language);
  if (share > band.high) return (share - band.high) / (1 - band.high) * kTopRatingValence;
  if (share < band.low) return (share - band.low) / band.low * kMaxRatingValence;
  return 0;
}
constexpr std::size_t kMaxRatingGapBytes = 3;  // "8/10", "8 / 10"
// Words before "5/10" that make it a date ("op 5/10", "on 5/10"), not a rating.
constexpr std::array<std::string_view, 12> kDateWords = {"op", "on", "tot", "until", "vanaf", "from", "sinds", "since",
                                                         "per", "by", "voor", "before"};



bool IsNumberToken(const TokenView& t) { return t.kind == TokenKind::kNumber || NumberWordValue(t.lower).has_value(); }

std::optional<double> NumberOf(std::string_view text) {
  if (auto word = NumberWordValue(text)) return word;
  std::string number(text);
  std::replace(number.begin(), number.end(), ',', '.');
  double value = 0;
  auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (error != std::errc() || end != number.data() + number.size()) return std::nullopt;
  return value;
}

// Customers grade out of ten without saying so: Dutch ones as at school ("ik geef jullie een 4",
// "krijgen een 8 van mij", "cijfer: 7"), English ones echoing the survey's 0-10 question ("gave
// a 9", "I'd give it a 6 because"), and both when the comment opens with the grade it explains
// ("8 omdat het snel ging", "6 because it took three calls"), or sum up with one ("Verder een 8").
constexpr double kGradeScale = 10;
constexpr std::array<std::string_view, 17> kGradeVerbs = {"geef", "geven", "geeft", "gaf", "gegeven", "krijgen", "krijgt",
                                                          "krijg", "give", "gave", "giving", "given", "rate", "rated", "rating",
                                                          "score", "scored"};
// "vandaar de 7", "hence the 7": the grade the survey asked for.
constexpr std::array<std::string_view, 4> kGradeArticles = {"een", "a", "de", "the"};
// Whom a grade is given, between the verb and a grade without article ("gave it 9", "geef ze 8").
constexpr std::array<std::string_view, 8> kGradedPronouns = {"it", "them", "you", "het", "ze", "jullie", "hun", "u"};
constexpr std::size_t kGradeVerbReach = 3;  // words between the verb and "een": "geef jullie nu een 4"

// The words that may follow a grade; any other ("een 10 euro fooi", "a 4 pack") makes the
// number a quantity.
constexpr std::array<std::string_view, 23> kAfterGrade = {
    "van", "voor", "want", "omdat", "maar", "en", "hoor", "dus", "als", "nu", "uit", "gegeven", "indien",
    "because", "as", "since", "but", "and", "from", "for", "only", "cause", "if"};
// Words that sum up before the grade they give ("Verder een 8", "Overall a 7", "al met al een 9"),
// or set it against the one it might have been ("..., nu een 4", "Now a 4.").
constexpr std::array<std::string_view, 14> kGradeSummaries = {"verder", "overall", "dus",  "daarom", "al",        "all",
                                                              "so",     "totaal",  "vandaar", "hence", "thus", "therefore",
                                                              "nu",     "now"};
// The words that make a number opening the comment the grade it explains.
constexpr std::array<std::string_view, 7> kGradeReasons = {"omdat", "want", "vanwege", "because", "as", "since", "cause"};

// Stars written out ("3 sterren.", "1 star until fixed", "5 stars from me"), as review sites give
// them; not a hotel's class ("a 4 star hotel": another word follows).
constexpr double kStarScale = 5;
constexpr std::array<std::string_view, 5> kStarWords = {"ster", "sterren", "sterretjes", "star", "stars"};
// Words that may follow a rating's stars: how long it stands ("until fixed") and the verb Dutch
// puts after them ("ik zou 0 sterren geven").
constexpr std::array<std::string_view, 9> kAfterStars = {"until", "till", "til", "tot", "totdat", "geven", "gegeven", "hebben",
                                                         "given"};
constexpr std::array<std::string_view, 2> kStarsPaidFor = {"for", "voor"};

// Stars split between what a customer rates ("5 stars for the food, 1 for the wait", "vijf
// sterren voor de kamer, nul voor de muren"): the second number is stars too, on its own.
constexpr std::size_t kSplitStarsReach = 8;  // words back from the second number to the first stars

// Of the two, the first is granted and the second is the point: it weighs half.
constexpr double kSplitFirstShare = 0.5;

bool OpensSplitStars(const std::vector<TokenView>& tokens, std::size_t i) {
  if (i + 2 >= tokens.size() || !IsOneOf(tokens[i + 2].lower, kStarsPaidFor)) return false;
  for (std::size_t k = i + 3; k + 1 < tokens.size() && k - i <= kSplitStarsReach; ++k) {
    if (IsClauseEnd(tokens[k]) && tokens[k].punctuation != ',') return false;
    if (IsNumberToken(tokens[k]) && IsOneOf(tokens[k + 1].lower, kStarsPaidFor)) return true;
  }
  return false;
}

bool FollowsSplitStars(const std::vector<TokenView>& tokens, std::size_t i) {
  if (i + 1 >= tokens.size() || !IsOneOf(tokens[i + 1].lower, kStarsPaidFor)) return false;
  for (std::size_t k = i; k-- > 0 && i - k <= kSplitStarsReach;) {
    if (IsClauseEnd(tokens[k]) && tokens[k].punctuation != ',') return false;
    if (k + 2 < i && IsNumberToken(tokens[k]) && IsOneOf(tokens[k + 1].lower, kStarWords) &&
        IsOneOf(tokens[k + 2].lower, kStarsPaidFor)) {
      return true;
    }
  }
  return false;
}

// Words praising or faulting a grade between its article and it ("een dikke negen", "a solid 8",
// "een krappe zes").
constexpr std::array<std::string_view, 9> kGradeAdjectives = {"dikke", "ruime", "krappe", "magere", "mooie",
                                                              "solid", "strong", "good", "weak"};

// A rating the customer would have given, had things gone otherwise ("Would have given 5 stars
// but the delivery was late", "Ik had 5 sterren gegeven, maar ...", "It would have been 10/10
// if ..."), is praise that fell short: the customer gives less, so a good one reads as a mild
// complaint. A bad one is meant ("Would of given 0 if I could"). English puts "would have"
// before the number, Dutch "had" before it and "gegeven" after; "ik zou 5 sterren geven" is
// given.
constexpr std::array<std::string_view, 8> kCounterfactualAuxiliaries = {"would", "could", "wouldve", "would've",
                                                                        "zou",   "i'd",   "id",      "we'd"};
constexpr std::array<std::string_view, 2> kDutchPastAuxiliaries = {"had", "hadden"};
constexpr std::array<std::string_view, 2> kCounterfactualVerbs = {"given", "been"};  // after "would have"
constexpr std::size_t kCounterfactualReach = 5;  // words back from the number to the auxiliary
constexpr double kFellShortShare = -0.5;         // of a good rating's valence

bool IsCounterfactual(const std::vector<TokenView>& tokens, std::size_t i, std::size_t length) {
  bool given_after = i + length < tokens.size() && tokens[i + length].lower == "gegeven";
  for (std::size_t k = i; k-- > 0 && i - k <= kCounterfactualReach;) {
    if (IsClauseEnd(tokens[k])) return false;
    const std::string_view word = tokens[k].lower;
    if (IsOneOf(word, kDutchPastAuxiliaries) && given_after) return true;
    if (!IsOneOf(word, kCounterfactualAuxiliaries)) continue;
    // "would have given", "would of given", "would've been"
    bool have = k + 1 < i && (tokens[k + 1].lower == "have" || tokens[k + 1].lower == "of");
    bool contracted = word == "wouldve" || word == "would've";
    if ((have || contracted) && k + 2 <= i && IsOneOf(tokens[k + (contracted ? 1 : 2)].lower, kCounterfactualVerbs)) return true;
    // "zou ik 5 sterren hebben gegeven"
    if (word == "zou" && i + length + 1 < tokens.size() && tokens[i + length].lower == "hebben" &&
        tokens[i + length + 1].lower == "gegeven") {
      return true;
    }
  }
  return false;
}

// Whether tokens[at] is a ten that ends a grade said as a share ("vier op tien", "negen van de
// tien"): no word follows it but one a grade may have after it. "vier van de vijf dagen" and "2
// op 10 pakketten" count things.
bool EndsGradeOfTen(const std::vector<TokenView>& tokens, std::size_t at) {
  auto ten = NumberOf(tokens[at].lower);
  if (!ten || *ten != kGradeScale) return false;
  return at + 1 == tokens.size() || tokens[at + 1].kind == TokenKind::kPunctuation || tokens[at + 1].kind == TokenKind::kEmoji ||
         IsOneOf(tokens[at + 1].lower, kAfterGrade);
}

// `rating`, at tokens[i], as the customer means it.
WrittenRating AsMeant(const std::vector<TokenView>& tokens, std::size_t i, WrittenRating rating) {
  if (rating.valence > 0 && IsCounterfactual(tokens, i, rating.length)) rating.valence *= kFellShortShare;
  return rating;
}

// The marks after a number opening a comment that make it the grade the rest explains ("9. Veel
// sneller dan vorige keer", "8, snel geleverd", "10!"); "2, 3 keer gebeld" counts, not grades.
constexpr std::string_view kMarksAfterOpeningGrade = ".,:;!";

// Whether the comment opening with the number tokens[0] and a mark goes on to number a list:
// "1. te laat 2. kapot" holds no grade.
bool OpensNumberedList(const std::vector<TokenView>& tokens) {
  for (std::size_t k = 2; k + 1 < tokens.size(); ++k) {
    if (tokens[k].kind == TokenKind::kNumber && tokens[k + 1].punctuation == tokens[1].punctuation &&
        (tokens[k].lower == "2" || tokens[k].lower == "b")) {
      return true;
    }
  }
  return false;
}

// Whether tokens[i], a number, is such a grade.
bool IsGrade(const std::vector<TokenView>& tokens, std::size_t i) {
  // An emoji or emoticon after a grade says how it is meant ("Nu een 8 😉"), as a mark would.
  bool next_is_word = i + 1 < tokens.size() && (tokens[i + 1].kind == TokenKind::kWord || tokens[i + 1].kind == TokenKind::kNumber);
  // The whole comment, or its opening before a mark: what a survey's score box explains.
  if (i == 0 && tokens.size() == 1) return true;
  if (i == 0 && tokens[1].kind == TokenKind::kPunctuation && kMarksAfterOpeningGrade.find(tokens[1].punctuation) != std::string_view::npos &&
      (tokens.size() == 2 || tokens[2].kind != TokenKind::kNumber) && !OpensNumberedList(tokens)) {
    return true;
  }
  if (i == 0 && next_is_word && IsOneOf(tokens[1].lower, kGradeReasons)) return true;
  // What stands before the grade is read past a word that grades it ("een dikke negen").
  const std::size_t at = i >= 2 && IsOneOf(tokens[i - 1].lower, kGradeAdjectives) ? i - 1 : i;
  // Dutch puts the verb after the grade: "zou ze een 1 geven", "een 8 gegeven".
  bool article_before = at >= 1 && IsOneOf(tokens[at - 1].lower, kGradeArticles);
  if (next_is_word && article_before && IsOneOf(tokens[i + 1].lower, kGradeVerbs)) return true;
  if (next_is_word && !IsOneOf(tokens[i + 1].lower, kAfterGrade)) return false;
  std::size_t before = at;  // skips a colon: "cijfer: 7"
  if (before > 0 && tokens[before - 1].punctuation == ':') --before;
  if (before > 0 && (tokens[before - 1].lower == "cijfer" || tokens[before - 1].lower == "rapportcijfer")) return true;
  // Without the article, right after the verb or the verb and whom it grades: "Gave 9 because",
  // "ik geef ze 8".
  if (at >= 1 && IsOneOf(tokens[at - 1].lower, kGradeVerbs)) return true;
  if (at >= 2 && IsOneOf(tokens[at - 2].lower, kGradeVerbs) && IsOneOf(tokens[at - 1].lower, kGradedPronouns)) return true;
  if (!article_before) return false;
  // A sentence of its own: "Sommige dingen gingen goed, andere minder. Een 6."
  bool opens_sentence = at == 1 || IsClauseEnd(tokens[at - 2]);
  if (opens_sentence && !next_is_word) return true;
  if (at < 2) return false;
  if (IsOneOf(tokens[at - 2].lower, kGradeSummaries)) return true;
  for (std::size_t k = at - 1; k-- > 0 && at - 1 - k <= kGradeVerbReach;) {
    if (IsOneOf(tokens[k].lower, kGradeVerbs)) return true;
    if (IsClauseEnd(tokens[k])) return false;
  }
  return false;
}

}  // namespace

std::optional<WrittenRating> WrittenRatingAt(const std::vector<TokenView>& tokens, std::size_t i, TermLanguage language) {
  std::size_t scale_at = 0;
  if (i + 1 < tokens.size() && tokens[i + 1].kind == TokenKind::kNumber) {
    const char* gap = tokens[i].text.data() + tokens[i].text.size();
    const char* next = tokens[i + 1].text.data();
    if (next <= gap || static_cast<std::size_t>(next - gap) > kMaxRatingGapBytes) return std::nullopt;
    if (TrimSpace(std::string_view(gap, static_cast<std::size_t>(next - gap))) != "/") return std::nullopt;
    scale_at = i + 1;
    // "5/10/2026" is a date.
    const char* after = next + tokens[i + 1].text.size();
    if (i + 2 < tokens.size() && tokens[i + 2].text.data() == after + 1 && after[0] == '/') return std::nullopt;
  } else if (i + 2 < tokens.size() && tokens[i + 1].lower == "uit" && IsNumberToken(tokens[i + 2])) {
    scale_at = i + 2;
  } else if (i + 2 < tokens.size() && tokens[i + 1].lower == "op" && EndsGradeOfTen(tokens, i + 2)) {
    scale_at = i + 2;  // "vier op tien"
  } else if (i + 3 < tokens.size() && tokens[i + 1].lower == "van" && tokens[i + 2].lower == "de" && EndsGradeOfTen(tokens, i + 3)) {
    scale_at = i + 3;  // "negen van de tien"
  } else if (i + 3 < tokens.size() && tokens[i + 1].lower == "out" && tokens[i + 2].lower == "of" &&
             IsNumberToken(tokens[i + 3])) {
    scale_at = i + 3;
  } else if (i + 1 < tokens.size() && IsOneOf(tokens[i + 1].lower, kStarWords) &&
             (i + 2 == tokens.size() || tokens[i + 2].kind == TokenKind::kPunctuation ||
              IsOneOf(tokens[i + 2].lower, kAfterGrade) || IsOneOf(tokens[i + 2].lower, kAfterStars))) {
    // "For 4 stars?", "voor 4 sterren": the class paid for, not a rating given.
    if (i > 0 && IsOneOf(tokens[i - 1].lower, kStarsPaidFor)) return std::nullopt;
    auto stars = NumberOf(tokens[i].lower);
    if (!stars || *stars < 0 || *stars > kStarScale) return std::nullopt;
    double share = OpensSplitStars(tokens, i) ? kSplitFirstShare : 1;
    return AsMeant(tokens, i, WrittenRating{share * RatingValence(*stars / kStarScale, kStarScale, language), 2});
  } else if (FollowsSplitStars(tokens, i)) {
    auto stars = NumberOf(tokens[i].lower);
    if (!stars || *stars < 0 || *stars > kStarScale) return std::nullopt;
    return WrittenRating{RatingValence(*stars / kStarScale, kStarScale, language), 1};
  } else if (tokens[i].lower != "one" && IsGrade(tokens, i)) {  // "the one given below" is no grade
    auto grade = NumberOf(tokens[i].lower);
    if (!grade || *grade < 0 || *grade > kGradeScale) return std::nullopt;  // 0 to 10, as the survey asked
    return AsMeant(tokens, i, WrittenRating{RatingValence(*grade / kGradeScale, kGradeScale, language), 1});
  } else {
    return std::nullopt;
  }
  if (i > 0 && IsOneOf(tokens[i - 1].lower, kDateWords)) return std::nullopt;
  auto score = NumberOf(tokens[i].lower);
  auto scale = NumberOf(tokens[scale_at].lower);
  if (!score || !scale || (*scale != 5 && *scale != 10) || *score < 0 || *score > *scale) return std::nullopt;
  return AsMeant(tokens, i, WrittenRating{RatingValence(*score / *scale, *scale, language), scale_at - i + 1});
}

}  // namespace peakend::text
