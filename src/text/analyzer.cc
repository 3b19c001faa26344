#include "text/analyzer.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <limits>
#include <optional>
#include <tuple>
#include <cmath>

#include <fmt/format.h>

#include "core/strings.h"
#include "text/duration.h"
#include "text/markup.h"
#include "text/quotes.h"
#include "text/rating.h"
#include "text/utf8.h"

namespace peakend::text {
namespace {

// Valence arithmetic on the VADER scale (-4..4), normalised at the end with x / sqrt(x² + α).
constexpr double kNormalisationAlpha = 15.0;
constexpr double kNegationFactor = -0.74;
constexpr double kCapsBoost = 0.733;
constexpr double kExclamationBoost = 0.292;
constexpr int kMaxExclamations = 4;
constexpr std::size_t kModifierWindow = 3;  // words before a sentiment word that may modify it
constexpr std::size_t kAnyReach = std::numeric_limits<std::size_t>::max();  // anywhere before it in its clause
// How close a sentiment word must follow a degree word that has a sentiment of its own for the
// degree word to be read as degree only ("super traag", "vreselijk erg aardig").
constexpr std::size_t kDegreeReach = 2;
// Words between a problem and the word saying it was solved ("het kapotte onderdeel is snel
// vervangen": Dutch puts the verb last).
constexpr std::size_t kResolutionWindow = 6;
// Tokens after a problem within which the next clause may say it was put right, its own words
// first ("Er stond een fout op mijn factuur, de medewerker heeft die meteen gecorrigeerd").
constexpr std::size_t kNextClauseResolutionReach = 14;
// What a repair that solved a problem counts for, when its word says nothing itself.
constexpr double kRecoveryValence = 1.0;
// A repair that will be made has not been made: these words before a resolution word within
// kModifierWindow deny it ("nobody can tell me when it'll be fixed", "wanneer het zal worden
// opgelost").
constexpr std::array<std::string_view, 8> kFutureWords = {"will", "it'll", "they'll", "shall", "zal", "zullen", "gaat", "gaan"};
// A modifier that leaves at most this share of a word's strength says it did not happen (the
// hypothetical "zou", "would be", "maybe" at -1.9 leave a twentieth).
constexpr double kHypotheticalValue = -1.5;
constexpr double kBeforeContrastWeight = 0.5;
constexpr double kAfterContrastWeight = 1.5;
// What a concession grants ("Although the staff were friendly, nothing was fixed", "Het eten was
// lekker, hoewel wat koud") weighs a third of the rest of its sentence.
constexpr double kConcessionWeight = 1.0 / 3;
// The value of a concession that is a preposition ("despite", "ondanks"): it grants a thing, not
// a statement, and its clause ends at the first finite verb.
constexpr double kPrepositionalConcession = 1;
// A sarcastic opener: a sentiment word and at most an interjection ("Geweldig hoor,", "Oh
// fantastic,", "Nou lekker dan,").
constexpr std::size_t kMaxOpenerWords = 3;
// A repeat marker's value 1 marks a habit ("as usual"), which makes praise sarcasm only beside a
// complaint; the others ("again", "weer") do on their own.
constexpr double kHabitValue = 1.0;
constexpr char kHabitRepeat = 1, kAgainRepeat = 2;
// Interjections that make a burst of praise mock whatever complaint follows it ("Geweldig hoor,
// pakket bij de verkeerde buren", "Top zeg, drie dagen geen internet", "Oh lovely, a survey from
// the company that hung up on me").
constexpr std::array<std::string_view, 3> kMockingInterjections = {"hoor", "zeg", "oh"};
constexpr double kStrongPraiseValence = 2.5;
constexpr std::array<std::string_view, 21> kInterjections = {"hoor", "zeg", "dan", "nou", "oh", "o", "wow", "zo",
                                                             "echt", "well", "just", "really", "how", "so",
                                                             // and whom it is said to ("Well done guys,")
                                                             "guys", "lads", "folks", "jongens", "jullie", "mensen", "team"};
// A sarcastic closer: a sentence of bare praise ("Brilliant.", "Top service hoor") ending a
// comment whose other sentences only complain. Its words are sentiment words, interjections and
// these nouns of praise said of the whole, at most kMaxCloserWords of them.
constexpr std::size_t kMaxCloserWords = 3;
constexpr std::array<std::string_view, 24> kPraisedWholes = {
    "service", "job", "work", "werk", "team", "stuff", "planning", "timing", "organisation", "organization",
    "organisatie", "communication", "communicatie", "klantenservice", "start", "system", "systeem", "geregeld",
    "deal", "effort", "move", "customer", "experience", "ervaring"};
// "Top service 👍 (not)": "not" closing a sentence of praise takes it back, and so does "Not." as
// the sentence after it. Dutch "niet" ends many a sincere sentence ("vriendelijk waren ze niet"),
// so it takes praise back only set apart: "top service (niet)", "Top service. Niet."
constexpr std::string_view kTakenBack = "not";
constexpr std::array<std::string_view, 2> kTakenBackApart = {"niet", "nie"};
constexpr std::size_t kPhraseContext = 4;  // words kept on each side of a life event
constexpr std::size_t kCircumstanceWords = 4;
// "voor de uitvaart van mijn tante", "for the funeral of my aunt": the occasion named before a
// relation's "van"/"of" belongs to its phrase, at most this many words back.
constexpr std::size_t kOccasionWords = 3;
constexpr std::array<std::string_view, 8> kOccasionPrepositions = {"voor", "tijdens", "bij", "na", "for", "during", "at", "after"};
// Words after which a name written small is a word: articles, possessives, the pronouns a verb
// follows (also contracted: "I'll mark it") and the verbs a bare infinitive follows ("will",
// "can", "zal").
constexpr std::array<std::string_view, 42> kWordsBeforeNouns = {
    "een",   "de",    "het",  "mijn",   "je",     "jouw",  "uw",     "ik",     "we",    "wij",   "a",
    "an",    "the",   "my",   "your",   "our",    "i",     "you",    "jullie", "they",  "to",    "onze",
    "i'll",  "we'll", "you'll", "they'll", "i'd", "we'd",  "i've",   "we've",  "will",  "would", "can",
    "could", "should", "must", "shall",  "zal",   "zou",   "kan",    "moet",   "please"};

bool IsWordBeforeNoun(std::string_view word) {
  return IsOneOf(word, kWordsBeforeNouns);
}

double Normalise(double score) { return score / std::sqrt(score * score + kNormalisationAlpha); }

// Commas end a clause too: "Product ok, levering traag, service prima" judges three things.
// The emotions praise shows, which irony turns round.
bool IsPraisingEmotion(std::string_view emotion) { return emotion == "joy" || emotion == "gratitude"; }


// The text from tokens[from] to tokens[to - 1] as the customer wrote it, signs that are no tokens
// included ("Paid £120", "50% korting"), each run of white space one space.
std::string Join(const std::vector<TokenView>& tokens, std::size_t from, std::size_t to) {
  to = std::min(to, tokens.size());
  if (from >= to) return {};
  // Every token points into the one text the buffer tokenized.
  const char* begin = tokens[from].text.data();
  const char* end = tokens[to - 1].text.data() + tokens[to - 1].text.size();
  if (end <= begin) return std::string(tokens[from].text);
  std::string out;
  out.reserve(static_cast<std::size_t>(end - begin));
  bool space = false;
  for (const char* p = begin; p < end; ++p) {
    if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += *p;
  }
  return out;
}

// Where an aspect is mentioned: the clause, and the clause or sentence its sentiment comes from.
struct AspectMention {
  std::size_t aspect = 0;  // in Analysis::aspects
  std::size_t source = 0;
  std::size_t clause = 0;
};

// What the walk over the tokens learns at each position.
struct Span {
  std::size_t begin = 0, end = 0;  // clause [begin, end)
  double valence = 0;
  bool has_contrast_before = false;
  bool concession = false;  // opened by "although", "hoewel": what it grants weighs less
  bool concession_until_verb = false;  // opened by "despite", "ondanks": it ends at a finite verb
  // A plain question ("Hoe werkt dat?", "Kan zij in het Engels geholpen worden?"): it asks for
  // what its words of mild praise name, and does not praise.
  bool asks = false;
  std::size_t sentence = 0;  // clauses split by commas or contrast words share their sentence
};

constexpr std::size_t kMinInflectedLength = 4;  // "oude" and longer
constexpr std::size_t kMinSpellingEvidenceLength = 4;  // shorter words spell alike in both languages
constexpr int kDecisiveWordEvidence = 3;  // stopword and lexicon points between the languages
// The stopwords of languages Peakend does not read ([stopword other_language *]), and the points
// of evidence against Dutch and English that such a word, or a word with a letter of another
// language, gives.
constexpr std::string_view kOtherLanguageStopwords = "other_language";
constexpr std::uint8_t kOtherLanguageStopwordPoints = 2, kOtherLanguageLetterPoints = 1;

// Whether `word` has a letter of a Latin alphabet that Dutch and English do not write (Dutch
// writes é, ë, ï, ó, ê and the like: "één", "ideeën", "enquête").
bool HasOtherLanguageLetter(std::string_view word) {
  static constexpr std::string_view kLetters[] = {"ß", "ç", "ñ", "à", "ù", "â", "î", "ô", "û", "ä", "ã", "õ",
                                                  "å", "ø", "æ", "ł", "ś", "ć", "ń", "ź", "ż", "ą", "ę", "ş",
                                                  "ğ", "ı", "ő", "ű", "č", "ř", "š", "ž", "è", "ö", "ü"};
  if (std::all_of(word.begin(), word.end(), [](unsigned char c) { return c < 0x80; })) return false;
  return std::any_of(std::begin(kLetters), std::end(kLetters),
                     [&](std::string_view letter) { return word.find(letter) != std::string_view::npos; });
}

// Whether a word is spelled the Dutch way (doubled vowels, "ij", "oe", "sch", past participles
// "ge...d/t/en") and whether the English way ("th", "wh", "ght", "-ing", "-ly").
std::pair<bool, bool> SpellingEvidence(std::string_view w) {
  if (w.size() < kMinSpellingEvidenceLength) return {false, false};
  bool dutch = w.starts_with("ge") && (w.ends_with("en") || w.ends_with('d') || w.ends_with('t'));
  bool english = w.starts_with("wh") || w.ends_with("ing") || w.ends_with("ly");
  for (std::size_t k = 0; k + 1 < w.size(); ++k) {
    char c = w[k], d = w[k + 1];
    char e = k + 2 < w.size() ? w[k + 2] : '\0';
    dutch = dutch || (c == 'i' && d == 'j') || (c == 'o' && d == 'e') || (c == d && (c == 'a' || c == 'e' || c == 'u')) ||
            (c == 's' && d == 'c' && e == 'h') || (c == 'c' && d == 'h' && e == 't');
    english = english || (c == 't' && d == 'h') || (c == 'g' && d == 'h' && e == 't');
  }
  return {dutch, english};
}

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// The base form of an inflected Dutch adjective, or "" when `word` does not look like one:
// the -e goes ("leuke" -> "leuk"), a doubled consonant is single again ("snelle" -> "snel"), a
// vowel that the open syllable shortened is long again ("grote" -> "groot", "trage" -> "traag"),
// and v/z return to f/s ("lieve" -> "lief", "boze" -> "boos").
std::string UninflectedDutch(const std::string& word) {
  std::size_t n = word.size();
  if (n < kMinInflectedLength || word[n - 1] != 'e' || IsVowel(word[n - 2])) return "";
  std::string base = word.substr(0, n - 1);
  std::size_t b = base.size();
  char last = base[b - 1];
  if (b >= 3 && last == base[b - 2] && !IsVowel(last)) return base.substr(0, b - 1);  // snelle -> snel
  if (last == 'v') base[b - 1] = 'f';
  if (last == 'z') base[b - 1] = 's';
  // A single vowel between consonants before the -e was long: double it back.
  if (b >= 3 && IsVowel(base[b - 2]) && !IsVowel(base[b - 3]) && base[b - 2] != 'i' && base[b - 2] != 'e') {
    base.insert(b - 2, 1, base[b - 2]);
  }
  return base;
}

// Words that look compared or superlative but mean something else ("later" is not "more late",
// "liever" is "rather", not "sweeter").
constexpr std::array<std::string_view, 8> kNotCompared = {"later", "laatste", "laatst", "eerder",
                                                          "eerste", "beste", "liever", "liefst"};
constexpr std::string_view kSuperlativePrefix = "aller";  // "allerslechtste"
// Prefixes that make an adjective stronger as one word: "supersnel", "megablij", "keigoed".
constexpr std::array<std::string_view, 5> kIntensifyingPrefixes = {"super", "mega", "hyper", "kei", "reuze"};
constexpr std::size_t kMinIntensifiedBase = 3;

// Calls `found` with each base form a Dutch adjective may have been built from, most likely
// first, until it returns true: inflected ("leuke"), compared ("sneller", "goedkoper",
// "duurder"), superlative ("snelste", "allerslechtste") or made stronger ("supersnel"). The comparative -er and the -e take
// the same spelling changes, so "sneller" is read through "snelle". Most words have no
// candidate at all, and then nothing is allocated.
template <typename Found>
void ForEachDutchBaseForm(std::string_view word, Found&& found) {
  if (word.starts_with(kSuperlativePrefix) && word.size() > kSuperlativePrefix.size() + 3) {
    word.remove_prefix(kSuperlativePrefix.size());
  }
  for (std::string_view prefix : kIntensifyingPrefixes) {
    if (word.starts_with(prefix) && word.size() >= prefix.size() + kMinIntensifiedBase) {
      word.remove_prefix(prefix.size());
      if (found(std::string(word))) return;  // "supersnel" -> "snel"
      break;
    }
  }
  std::size_t n = word.size();
  if (n < kMinInflectedLength || !(word.ends_with('e') || word.ends_with("er") || word.ends_with("st"))) return;
  if (IsOneOf(word, kNotCompared)) return;
  auto offer = [&](const std::string& base) { return !base.empty() && found(base); };
  std::string whole(word);
  if (offer(UninflectedDutch(whole))) return;
  if (n > kMinInflectedLength && word.ends_with("er")) {
    if (word.ends_with("rder") && offer(whole.substr(0, n - 3))) return;  // duurder -> duur, zwaarder -> zwaar
    if (offer(UninflectedDutch(whole.substr(0, n - 1)))) return;           // sneller -> snelle -> snel
  }
  if (n > kMinInflectedLength && word.ends_with("ste") && offer(whole.substr(0, n - 3))) return;  // snelste -> snel
  if (n > kMinInflectedLength && word.ends_with("st")) offer(whole.substr(0, n - 2));              // snelst -> snel
}

constexpr std::string_view kTimesWord = "x";  // "7x": seven times
constexpr int kManyTimes = 5;
constexpr std::size_t kMaxCountDigits = 3;

// Whether `word` is a count of kManyTimes or more written with an x ("5x", "10x").
bool IsManyTimes(std::string_view word) {
  if (word.size() < 2 || word.size() > kMaxCountDigits + 1 || word.back() != 'x') return false;
  int count = 0;
  for (char c : word.substr(0, word.size() - 1)) {
    if (c < '0' || c > '9') return false;
    count = count * 10 + (c - '0');
  }
  return count >= kManyTimes;
}

constexpr std::size_t kElongatedRun = 3;  // "goood": a letter three times in a row is emphasis
// Shorter words are left as they are: swapping two letters of a short word too often makes
// another word.
constexpr std::size_t kMinTypoLetters = 7;

bool IsAsciiLetter(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

bool HasLetterRun(std::string_view word, std::size_t run) {
  std::size_t same = 0;
  for (std::size_t k = 0; k < word.size(); ++k) {
    same = k > 0 && word[k] == word[k - 1] ? same + 1 : 1;
    if (same >= run && IsAsciiLetter(word[k])) return true;
  }
  return false;
}

// `word` with every run of `run` or more equal letters cut to `keep` of them.
std::string ShortenLetterRuns(std::string_view word, std::size_t run, std::size_t keep) {
  std::string out;
  for (std::size_t k = 0; k < word.size();) {
    std::size_t end = k + 1;
    while (end < word.size() && word[end] == word[k]) ++end;
    std::size_t length = end - k;
    out.append(length >= run && IsAsciiLetter(word[k]) ? keep : length, word[k]);
    k = end;
  }
  return out;
}

// A grade is the customer's own verdict and the words beside it explain it: they count this
// share of what they would without it, enough to lean a neutral grade only when said strongly
// ("Moest even wachten maar goed geholpen, vandaar een 6" is a 6).
constexpr double kBesideGradeWeight = 0.05;

// The finite verbs that follow a word put first in a Dutch clause ("vriendelijk WAREN ze niet").
constexpr std::array<std::string_view, 24> kDutchFiniteVerbs = {
    "is", "was", "zijn", "waren", "ben", "bent", "ging", "gaat", "gingen", "gaan", "doe", "doet",
    "deed", "deden", "vond", "vind", "vinden", "vonden", "kan", "kon", "wordt", "werd", "heb", "had"};

// Verbs of being able before "niet" and a comparative: "kon niet behulpzamer zijn".
constexpr std::array<std::string_view, 8> kAbilityVerbs = {"kon", "kan", "konden", "kunnen", "had", "hadden", "zou", "zouden"};
constexpr std::size_t kMinComparativeLength = 5;  // "blijer"; not "der", "er"
// Verbs before a comparative of praise that say it is wished for ("kan goedkoper", "mag sneller").
constexpr std::array<std::string_view, 8> kWishVerbs = {"kan", "kon", "mag", "mocht", "moet", "moest", "had", "hadden"};
constexpr double kComparativeWishShare = -0.5;
// A word of degree between them ("mag wat vriendelijker", "kan wel sneller").
constexpr std::array<std::string_view, 6> kWishFillers = {"wat", "iets", "wel", "best", "veel", "echt"};
// Adjectives that end in -er themselves: "kon niet lekker" is not "as tasty as can be".
constexpr std::array<std::string_view, 9> kAdjectivesInEr = {"lekker", "super", "zeker", "helder", "donker",
                                                             "mager", "bitter", "sober", "wakker"};

// Words that begin another statement within a clause: a subject negation before them does not
// reach past them ("nobody called and the parcel came late").
constexpr std::array<std::string_view, 16> kStatementJoins = {
    "and", "en", "or", "of", "but", "maar", "then", "dan", "toen", "so", "dus", "because", "omdat", "want", "while", "terwijl"};

// Words that make the past or a former provider what the present is measured against or
// dealt with ("sneller dan bij mijn vorige bank", "better than it used to be", "alles geregeld
// met mijn oude provider"): then praise near it is praise of the present. Looked for this many
// words before the word of the past.
constexpr std::array<std::string_view, 10> kComparedWith = {"dan", "than", "met", "with", "van", "from", "naar", "to", "vergeleken", "compared"};
constexpr std::size_t kComparedWithReach = 3;
constexpr auto kEnglishIndex = static_cast<std::size_t>(TermLanguage::kEnglish);
// An exception ("apart from the wait", "behalve de wachttijd") excepts at most this many words
// after it, up to a comma or a finite verb: the thing that fell short, not the rest.
constexpr std::size_t kExceptionReach = 3;
// What fell short takes this valence for its aspects when its words carry none of their own
// ("Apart from the wait, everything was fine": waiting time negative), and the comment gains this
// much for the whole that pleased ("Only downside was the price" is a content customer).
constexpr double kExceptedValence = -1.0;
constexpr double kExceptionRestValence = 0.8;
constexpr std::array<std::string_view, 7> kEnglishFiniteVerbs = {"was", "were", "is", "are", "has", "had", "took"};

bool IsSentenceEnd(const TokenView& t) { return IsClauseEnd(t) && t.punctuation != ','; }
bool IsQuestionOrExclamation(const TokenView& t) { return t.punctuation == '?' || t.punctuation == '!'; }

// English words Dutch customers write in Dutch comments ("echt awesome", "epic fail", "service was
// poor") count there with their English sentiment, unless Dutch has the word with another
// meaning: "kind" is a child, "bad" a bath, "gift" poison, "best" fairly, "glad" slippery, "lost"
// solves, "lied" a song.
constexpr std::array<std::string_view, 27> kDutchFalseFriends = {
    "kind", "bad",  "gift", "glad", "hard", "arm",  "slim",  "brand", "mist", "rot",  "fit",  "wild", "hoop",
    "stout", "best", "rare", "die", "lust", "spot", "rust", "smart", "list", "lost", "lied", "smelt", "damp",
    "ideal"};  // the way Dutch customers pay (iDEAL); the Dutch word is "ideaal"

bool IsDutchFalseFriend(std::string_view word) {
  return IsOneOf(word, kDutchFalseFriends);
}

// The currency sign written right before tokens[i], a number ("€4,20", "£ 5", "$14"), or "" for
// none. The tokens view `input` (or its normalised copy): the bytes between a token and the one
// before it, or the start of `input`, are the text between them.
constexpr std::array<std::string_view, 5> kCurrencySigns = {"€", "£", "$", "¥", "₹"};

std::string_view CurrencySignBefore(std::string_view input, const std::vector<TokenView>& tokens, std::size_t i) {
  const char* to = tokens[i].text.data();
  const char* from = i > 0 ? tokens[i - 1].text.data() + tokens[i - 1].text.size() : input.data();
  if (i == 0 && (to < input.data() || to > input.data() + input.size())) return {};
  if (from > to) return {};
  std::string_view between(from, static_cast<std::size_t>(to - from));
  while (!between.empty() && between.back() == ' ') between.remove_suffix(1);
  for (std::string_view sign : kCurrencySigns) {
    if (between.ends_with(sign)) return sign;
  }
  return {};
}

constexpr std::string_view kStaffFriendliness = "staff_friendliness", kStaffKnowledge = "staff_knowledge";
constexpr std::string_view kDelivery = "delivery";
// The value of an aspect term that is its aspect only where its sentence names no delivery:
// lateness and punctuality ("te laat", "on time") are how long the customer waited for a
// technician, a train or an appointment, and a delivery's own when a parcel is late.
constexpr double kUnlessDelivery = 1;

// Whether tokens[i] follows a word for nobody or nothing: "niemand behalve Sanne", "nothing apart
// from the price" single out what was good, not what fell short.
bool AfterNobody(const std::vector<TokenView>& tokens, std::size_t i) {
  static constexpr std::array<std::string_view, 8> kNobodyWords = {"niemand", "nobody", "one", "niks", "niets", "nothing", "none", "no-one"};
  return i > 0 && IsOneOf(tokens[i - 1].lower, kNobodyWords);
}

// Whether the word of the past or the former provider at tokens[i] follows one of kComparedWith
// within its clause.
bool ComparedWith(const std::vector<TokenView>& tokens, std::size_t i) {
  for (std::size_t k = i; k-- > 0 && i - k <= kComparedWithReach;) {
    if (IsClauseEnd(tokens[k])) return false;
    if (IsOneOf(tokens[k].lower, kComparedWith)) return true;
  }
  return false;
}
constexpr double kInsistentQuestionValence = -1.2;
// The words that open a plain question, in its sentence or in its clause ("..., kan zij ook in
// het Engels geholpen worden?"), and a suggestion put as one ("Misschien een idee om ...?").
constexpr std::array<std::string_view, 72> kQuestionOpeners = {
    "hoe",    "waar",  "wanneer", "wat",    "wie",      "welke",    "welk",  "waarom", "kan",   "kun",    "kunt",
    "kunnen", "mag",   "mogen",   "moet",   "moeten",   "is",       "zijn",  "ben",    "bent",  "heeft",  "hebben",
    "heb",    "hebt",  "wordt",   "worden", "zou",      "zouden",   "wil",   "wilt",   "willen", "werkt", "klopt",
    "gaat",   "doet",  "misschien", "wellicht", "how",  "where",    "when",  "what",   "who",   "which",  "why",
    "can",    "could", "may",     "might",  "will",     "would",    "are",   "do",     "does",  "did",    "should",
    "shall",  "has",   "have",    "am",     "maybe",    "perhaps",  "was",   "were",   "isn't",
    // Dutch verbs that open a question about what the company does ("Verkopen jullie ...?")
    "verkopen", "repareren", "vervangen", "leveren", "valt", "geldt", "staat", "staan"};
// "What a lovely shop?" and "Wat een service?" exclaim; they do not ask.
constexpr std::array<std::string_view, 3> kExclaimingAfterWhat = {"a", "an", "een"};
// Praise weaker than this in a plain question is what the question asks for ("werkt", "geholpen",
// "good"); stronger praise is the customer's own ("Could you thank the lovely lady at the desk?").
constexpr double kQuestionPraiseLimit = 2.0;
// A wait as long as this or longer, said beside a word of waiting within kWaitReach words and
// with nothing else said in its clause ("45 minuten in de rij gestaan", "queued for 90 minutes"),
// is a complaint this strong, unless said to be short within kShortWaitReach words before its
// duration ("hoefden maar 20 minuten te wachten", "only waited half an hour").
constexpr double kLongWaitMinutes = 20;
constexpr double kLongWaitValence = -1.2;
constexpr std::size_t kWaitReach = 6;
constexpr std::size_t kShortWaitReach = 3;
// A wait word of this value is a verb of taking time ("duurde", "took"): days are what a
// delivery or a refund takes, so its wait is long only within kLongestTakenMinutes.
constexpr double kTakesTimeValue = 1.0;
constexpr double kLongestTakenMinutes = 24 * 60;
// "Besteld op 3 maart. Vandaag is het 20 maart.", "Ordered on the 2nd. It's the 19th.": saying
// what day it is now (a date within kNowReach words of "het is nu", "today is") after a date or
// a number earlier in the comment, with nothing else said in the sentence, is a complaint this
// strong: too much time has passed.
constexpr std::size_t kNowReach = 3;
// A word of length ("lang", "long") within kLengthReach words of a word of waiting in its clause
// ("long wait", "de rij was erg lang", "lange wachttijden") is a complaint this strong, made
// stronger or turned round by the words before it as any sentiment word is ("not a long wait").
constexpr std::size_t kLengthReach = 5;
// A comment that opens as a suggestion ("Tip: ...", "Suggestie: ...", "Suggestion: ...") proposes
// rather than judges: what it says weighs this share, so a complaint it needs in order to explain
// itself ("put a clock in the waiting area") leaves it neutral, and one said strongly still counts.
constexpr double kSuggestionWeight = 0.15;
// The last token a suggestion marker that opens the comment may end on ("Just a suggestion").
constexpr std::size_t kSuggestionOpening = 3;
// A comment that calls the whole mixed ("Mixed feelings.", "Swings and roundabouts", "gemengde
// gevoelens") weighs its good and bad as the customer did: its sentiment counts this share, so
// it is neutral unless one side is said far more strongly. Its aspects keep their own.
constexpr double kMixedVerdictWeight = 0.05;
// A long story (kLongStorySentences sentences and kLongStoryTokens tokens or more) is told on the way to its conclusion: a
// concluding term ("We've booked again for next year", "Klant af.") in its last
// kClosingSentences sentences weighs kClosingVerdictWeight times, so the incidents and
// concessions told before it do not outweigh what the customer concluded from them.
constexpr std::size_t kLongStorySentences = 4;
constexpr std::size_t kLongStoryTokens = 50;  // words and marks: a story, not four short lines
constexpr std::size_t kClosingSentences = 3;
constexpr double kClosingVerdictWeight = 8.0;
// Words that close a question asking the reader to agree, not the company to act.
constexpr std::array<std::string_view, 7> kTagQuestionWords = {"toch", "right", "hè", "he", "eh", "innit", "hoor"};
// The last sentences of a long story in which a question or request makes it a request.
constexpr std::size_t kAskingSentences = 4;
// The strength below which a sentiment word is a mild verdict. A plain question asking whether
// the company does something ("Repareren jullie gebarsten schermen?", "Do you sell parts for
// broken blinds?") names a problem to be solved, not one the service caused: its mild complaint
// words count for nothing there, stronger ones ("Is the service always this bad?") still do. The
// same holds after what the customer does not know yet ("Not sure yet if it's fixed").
constexpr double kMildVerdictStrength = 2.25;
constexpr double kLongLengthValence = -1.4;
// "As long as", "how long": the length is not the customer's verdict.
constexpr std::array<std::string_view, 4> kLengthAsked = {"how", "hoe", "hoelang", "zolang"};
constexpr std::array<std::string_view, 2> kLengthCondition = {"as", "als"};
constexpr double kTimePassedValence = -1.2;
constexpr std::array<std::string_view, 14> kShortWaitWords = {"only", "just", "slechts", "maar", "amper", "hardly", "barely",
                                                              "less", "minder", "under", "onder", "binnen", "within", "nauwelijks"};
// A time something took said as a rough figure ("de klus duurde ongeveer een uur", "took about
// 45 minutes") reports it; only a wait word ("ongeveer een uur gewacht") still complains.
constexpr std::array<std::string_view, 9> kApproximateWords = {"ongeveer", "zo'n", "circa", "rond", "about", "around",
                                                               "roughly", "approximately", "approx"};
// "Wat??", "Echt?!" are surprise more than impatience: a question needs words to be insistent.
constexpr std::size_t kMinInsistentQuestionWords = 3;

std::size_t WordsBetween(const std::vector<TokenView>& tokens, std::size_t from, std::size_t to) {
  std::size_t words = 0;
  for (std::size_t k = from; k < to; ++k) words += tokens[k].kind == TokenKind::kWord ? 1 : 0;
  return words;
}

struct Modifier {  // a modifier word and the last position it covers
  std::size_t at;
  ModifierRole role;
  double value;
};

struct Valence {  // a sentiment word or phrase
  std::size_t at;
  double value;
  std::size_t length;  // words of the sentiment phrase
  bool rating = false;  // a grade or rating written in the comment
  bool verdict = false;  // the customer's conclusion (a `[sentiment verdict]` term)
};

// Calls `read` with each of `valences` (in token order) that is read: a sentiment word that is
// the tail of a longer sentiment phrase read before it is not read again.
template <typename Read>
void ForEachReadValence(std::span<const Valence> valences, Read&& read) {
  std::size_t covered_until = 0;
  for (const Valence& v : valences) {
    if (v.at < covered_until) continue;
    covered_until = v.at + v.length;
    read(v);
  }
}

// The setting a loading error concerns, so that `peakend settings` can point at it.
Status ForSetting(const Status& status, const char* key) { return Status(status.code(), status.message(), key); }

}  // namespace

std::string_view SentimentLabel(double s) {
  if (s >= kNeutralBand) return "positive";
  if (s <= -kNeutralBand) return "negative";
  return "neutral";
}

Result<std::unique_ptr<Analyzer>> Analyzer::Load(const AnalyzerOptions& options) {
  auto lexicon = Lexicon::LoadDirectory(options.data_dir);
  if (!lexicon.ok()) return ForSetting(lexicon.status(), "text.data_dir");
  for (const auto& extra : options.extra_lexicons) {
    if (Status added = lexicon->AddFile(extra); !added.ok()) return ForSetting(added, "text.lexicons");
  }
  std::unique_ptr<Analyzer> analyzer(new Analyzer(std::move(lexicon).value()));
  if (!options.topics_file.empty()) {
    auto topics = TopicSet::LoadFile(options.topics_file);
    if (!topics.ok()) return ForSetting(topics.status(), "text.topics");
    analyzer->topics_ = std::move(topics).value();
  }
  if (!options.model_file.empty()) {
    if (options.model_blend < 0 || options.model_blend > 1) {
      return Status::InvalidArgument("text.model_blend must be between 0 (lexicon only) and 1 (model only)",
                                     "text.model_blend");
    }
    auto model = Classifier::Load(options.model_file);
    if (!model.ok()) return ForSetting(model.status(), "text.model");
    analyzer->model_ = std::move(model).value();
    analyzer->model_blend_ = options.model_blend;
  }
  return analyzer;
}

Analyzer::Analyzer(Lexicon lexicon) : lexicon_(std::move(lexicon)) {
  static std::atomic<std::uint64_t> next_id{1};
  id_ = next_id.fetch_add(1);
}

bool Analyzer::MatchesAnything(std::string_view lower, std::vector<TermMatch>& scratch) const {
  std::size_t before = scratch.size();
  lexicon_.MatchSingle(-1, lower, false, scratch);  // prefix terms
  bool found = scratch.size() > before;
  ForEachDutchBaseForm(lower, [&](const std::string& base) {
    found = found || lexicon_.WordId(base, false) >= 0;
    return found;
  });
  scratch.resize(before);
  return found;
}

std::int32_t Analyzer::SwappedLettersTerm(std::string_view lower, std::string& swapped,
                                          std::vector<TermMatch>& scratch) const {
  for (std::size_t k = 0; k + 1 < lower.size(); ++k) {
    if (lower[k] == lower[k + 1] || !IsAsciiLetter(lower[k]) || !IsAsciiLetter(lower[k + 1])) continue;
    swapped.assign(lower);
    std::swap(swapped[k], swapped[k + 1]);
    std::int32_t id = lexicon_.WordId(swapped, false);
    if (id < 0) continue;
    std::size_t before = scratch.size();
    lexicon_.MatchSingle(id, swapped, false, scratch);
    bool term = std::any_of(scratch.begin() + static_cast<std::ptrdiff_t>(before), scratch.end(),
                            [](const TermMatch& m) { return m.kind != TermKind::kStopword; });
    scratch.resize(before);
    if (term) return id;
  }
  return -1;
}

WordProfile Analyzer::ProfileOf(std::string_view lower, bool padded, std::vector<TermMatch>& matches,
                                std::vector<TermMatch>& rule_matches) const {
  WordProfile p;
  p.word = lexicon_.WordId(lower, padded);
  // "sooo goood", "heeeel slechttt": a word the lexicon does not know, with a letter written
  // three times or more, is read with that letter twice, or else once, if that is a word it knows.
  std::string shortened;
  for (std::size_t keep = 2; p.word < 0 && keep >= 1 && HasLetterRun(lower, kElongatedRun); --keep) {
    shortened = ShortenLetterRuns(lower, kElongatedRun, keep);
    if (std::int32_t id = lexicon_.WordId(shortened, false); id >= 0) {
      p.word = id;
      lower = shortened;
      padded = false;
    }
  }
  // "7x gebeld": many times, written as one word, is read as "x" (the lexicon grades 2x to 4x).
  if (p.word < 0 && IsManyTimes(lower)) p.word = lexicon_.WordId(kTimesWord, false);
  // "vriendleijk", "recieved": a long word the lexicon does not know at all, two letters of which
  // were typed the wrong way round, is read as the term it then is.
  if (p.word < 0 && lower.size() >= kMinTypoLetters && !MatchesAnything(lower, matches)) {
    if (std::int32_t id = SwappedLettersTerm(lower, shortened, matches); id >= 0) {
      p.word = id;
      lower = shortened;
      padded = false;
    }
  }
  p.starts_phrase = p.word >= 0 && lexicon_.StartsPhrase(p.word);
  p.first = static_cast<std::uint32_t>(matches.size());
  lexicon_.MatchSingle(p.word, lower, padded, matches);
  p.count = static_cast<std::uint32_t>(matches.size()) - p.first;
  if (p.count == 0) {
    // "leuke", "sneller", "allerslechtste": a Dutch adjective the lexicon lists only in its base form.
    ForEachDutchBaseForm(lower, [&](const std::string& base) {
      lexicon_.MatchWord(base, TermLanguage::kDutch, matches);
      return matches.size() > p.first;
    });
    p.base_count = static_cast<std::uint32_t>(matches.size()) - p.first;
  } else if (std::none_of(matches.begin() + p.first, matches.end(),
                          [](const TermMatch& m) { return m.kind == TermKind::kSentiment; })) {
    // "vriendelijkste", "behulpzaamste": a word an aspect prefix names (vriendelijk*) keeps the
    // sentiment of the Dutch adjective it is built from.
    ForEachDutchBaseForm(lower, [&](const std::string& base) {
      std::size_t before = matches.size();
      lexicon_.MatchWord(base, TermLanguage::kDutch, matches);
      auto not_sentiment = std::remove_if(matches.begin() + static_cast<std::ptrdiff_t>(before), matches.end(),
                                          [](const TermMatch& m) { return m.kind != TermKind::kSentiment; });
      matches.erase(not_sentiment, matches.end());
      return matches.size() > before;
    });
    p.count = static_cast<std::uint32_t>(matches.size()) - p.first;
  }
  // A stopword is the strongest evidence of a language (counted once per word); a word from
  // one language's lexicon counts too.
  auto points = [&](std::size_t from, std::size_t to, std::uint16_t& nl, std::uint16_t& en) {
    bool stopword = false;
    for (std::size_t k = from; k < to; ++k) {
      const TermMatch& m = matches[k];
      if (m.language == TermLanguage::kAny) continue;
      bool is_stopword = m.kind == TermKind::kStopword;
      if (is_stopword && stopword) continue;
      stopword = stopword || is_stopword;
      (m.language == TermLanguage::kDutch ? nl : en) += is_stopword ? 2 : 1;
    }
  };
  points(p.first, p.first + p.count, p.nl, p.en);
  points(p.first, p.first + p.base_count, p.base_nl, p.base_en);
  auto has_role = [&](std::size_t from, std::size_t to) {
    return std::any_of(matches.begin() + from, matches.begin() + to,
                       [](const TermMatch& m) { return m.kind != TermKind::kStopword; });
  };
  p.role = has_role(p.first, p.first + p.count);
  p.base_role = has_role(p.first, p.first + p.base_count);
  // A number written as a word may be a grade ("een acht"), looked for as numbers are.
  p.number_word = NumberWordValue(lower).has_value();
  p.event = p.role || p.starts_phrase || (p.count == 0 && p.base_role) || p.number_word;
  // For the rules, in each language: the single-word matches that can do anything there (its
  // own, or else its base form's), without stopwords and the other language's terms. They are
  // grouped by what the rules do with them, each group in the lexicon's order: the modifiers,
  // then the first sentiment term (a word has one sentiment; the others are never read), then
  // the categorical terms.
  std::uint32_t own = p.count > 0 ? p.count : p.base_count;
  p.rule_first = static_cast<std::uint32_t>(rule_matches.size());
  for (TermLanguage language : {TermLanguage::kAny, TermLanguage::kDutch, TermLanguage::kEnglish}) {
    std::size_t before = rule_matches.size();
    auto applies = [&](const TermMatch& m) {
      bool in_language = m.language == TermLanguage::kAny || language == TermLanguage::kAny || m.language == language;
      return m.kind != TermKind::kStopword && in_language;
    };
    auto add = [&](auto&& wanted, std::size_t at_most) {
      std::size_t added = 0;
      for (std::uint32_t k = p.first; k < p.first + own && added < at_most; ++k) {
        if (applies(matches[k]) && wanted(matches[k])) {
          rule_matches.push_back(matches[k]);
          ++added;
        }
      }
      return added;
    };
    auto l = static_cast<std::size_t>(language);
    p.rule_modifiers[l] = static_cast<std::uint8_t>(
        add([](const TermMatch& m) { return m.kind == TermKind::kModifier; }, UINT8_MAX));
    p.rule_sentiment[l] = add([](const TermMatch& m) { return m.kind == TermKind::kSentiment; }, 1) > 0;
    add([](const TermMatch& m) { return m.kind != TermKind::kModifier && m.kind != TermKind::kSentiment; }, SIZE_MAX);
    p.rule_count[l] = static_cast<std::uint16_t>(rule_matches.size() - before);
  }
  p.direct_nl = p.count > 0 ? p.nl : p.starts_phrase ? 0 : p.base_nl;
  p.direct_en = p.count > 0 ? p.en : p.starts_phrase ? 0 : p.base_en;
  // A word of another language ("und", "très", "muy"), or one written with letters Dutch and
  // English do not use ("schön", "déçu"), counts against both, as much as a stopword does.
  if (p.nl == 0 && p.en == 0 && p.base_nl == 0 && p.base_en == 0) {
    bool stopword = std::any_of(matches.begin() + p.first, matches.begin() + p.first + p.count, [](const TermMatch& m) {
      return m.kind == TermKind::kStopword && m.entry->name == kOtherLanguageStopwords;
    });
    p.other = stopword ? kOtherLanguageStopwordPoints : HasOtherLanguageLetter(lower) ? kOtherLanguageLetterPoints : 0;
  }
  std::tie(p.dutch_spelling, p.english_spelling) = SpellingEvidence(lower);
  return p;
}

namespace {

// Each thread's profiles of the words it has read (see WordProfiles).
WordProfiles& ThreadWordProfiles() {
  thread_local WordProfiles known;
  return known;
}

}  // namespace

std::int32_t Analyzer::NewProfile(WordProfiles& known, const TokenView& t) const {
  if (t.kind != TokenKind::kPunctuation) {
    thread_local std::vector<TermMatch> matches;  // what the word matches, while its profile is made
    matches.clear();
    return known.Add(t.lower, ProfileOf(t.lower, t.padded, matches, known.rule_matches()));
  }
  // A punctuation mark is matched only inside a phrase; the rules visit those that end a clause.
  WordProfile p;
  p.word = lexicon_.PunctuationId(t.punctuation);
  p.event = IsClauseEnd(t);
  return known.Add(t.lower, p);
}

void Analyzer::LookUpTokens(std::vector<TokenView>& tokens, std::vector<std::int32_t>& profiles) const {
  WordProfiles& known = ThreadWordProfiles();
  profiles.resize(tokens.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    std::int32_t at = known.Find(tokens[i].lower, tokens[i].padded);
    profiles[i] = at >= 0 ? at : NewProfile(known, tokens[i]);
    tokens[i].word = known.summary(profiles[i]).word;
  }
}

void Analyzer::MatchTokens(std::vector<TokenView>& tokens, const std::vector<std::int32_t>& profiles, TokenMatches& out,
                           LanguageEvidence& evidence) const {
  const WordProfiles& known = ThreadWordProfiles();
  out.phrases.clear();
  // The evidence of the words, which tokens have a role, and at which of those a phrase may
  // begin (by its first two words). No branch per token: which words a comment has is anyone's
  // guess, and a mispredicted branch per word costs more than the arithmetic.
  std::size_t n = tokens.size();
  // Written past the ones kept and then cut back: grown, never shrunk, so never refilled.
  if (out.events.size() < n + 1) out.events.resize(n + 1);
  std::vector<std::uint32_t>& phrase_events = out.phrase_events;
  if (phrase_events.size() < n + 1) phrase_events.resize(n + 1);
  std::size_t events = 0, candidates = 0;
  bool any_small_word = false;
  int nl = 0, en = 0, nl_spelling = 0, en_spelling = 0, other = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const TokenView& t = tokens[i];
    const WordSummary& p = known.summary(profiles[i]);
    int word = t.kind == TokenKind::kWord;
    std::int32_t next = i + 1 < n ? tokens[i + 1].word : -1;
    bool phrase_may_begin = p.starts_phrase & lexicon_.PhrasePairMayMatch(p.word, next);
    any_small_word |= word & !t.all_caps;
    nl_spelling += word & p.dutch_spelling;
    en_spelling += word & p.english_spelling;
    other += word * p.other;
    // The base form's evidence counts when no phrase begins here; where one may, that waits.
    nl += word * (p.direct_nl + (!phrase_may_begin) * p.deferred_nl);
    en += word * (p.direct_en + (!phrase_may_begin) * p.deferred_en);
    // A word's base form counts only when it matches nothing itself and no phrase begins here.
    out.events[events] = {static_cast<std::uint32_t>(i), profiles[i], 0, 0, p.own_matches || word};
    phrase_events[candidates] = static_cast<std::uint32_t>(events);
    bool is_event = p.event | (t.kind == TokenKind::kNumber);
    candidates += is_event & phrase_may_begin;
    events += is_event;
  }
  out.event_count = events;
  out.any_small_word = any_small_word;
  for (std::uint32_t e : std::span<const std::uint32_t>(phrase_events).first(candidates)) {
    TokenMatches::Event& event = out.events[e];
    event.phrase_begin = static_cast<std::uint32_t>(out.phrases.size());
    bool phrase = lexicon_.MatchPhrases(tokens, event.token, out.phrases);
    event.phrase_count = static_cast<std::uint32_t>(out.phrases.size()) - event.phrase_begin;
    // A phrase of one language is evidence for it ("Boven verwachting!", "Viel tegen").
    bool nl_phrase = false, en_phrase = false;
    for (const TermMatch& m : std::span<const TermMatch>(out.phrases).subspan(event.phrase_begin)) {
      nl_phrase = nl_phrase || m.language == TermLanguage::kDutch;
      en_phrase = en_phrase || m.language == TermLanguage::kEnglish;
    }
    nl += nl_phrase;
    en += en_phrase;
    const WordSummary& p = known.summary(event.profile);
    event.singles = p.own_matches || (!phrase && tokens[event.token].kind == TokenKind::kWord);
    if (!phrase && tokens[event.token].kind == TokenKind::kWord) {
      nl += p.deferred_nl;
      en += p.deferred_en;
    }
  }
  evidence.nl += nl;
  evidence.en += en;
  evidence.other += other;
  evidence.nl_spelling += nl_spelling;
  evidence.en_spelling += en_spelling;
}

std::string_view Analyzer::DetectLanguage(const LanguageEvidence& evidence, const std::string& hint) {
  int nl = evidence.nl, en = evidence.en;
  // "Sehr freundliches Personal", "Livraison en retard, très déçu": another language.
  if (evidence.other > 0 && evidence.other >= std::max(nl, en)) return "unknown";
  // Spelling is weaker evidence ("need", "keep" double their vowels too): it decides only when
  // the words themselves leave the language open, as in short comments without stopwords.
  if (std::abs(nl - en) < kDecisiveWordEvidence) {
    nl += evidence.nl_spelling;
    en += evidence.en_spelling;
  }
  if (nl > en) return "nl";
  if (en > nl) return "en";
  if (hint == "nl" || hint == "en") return hint;
  return "unknown";
}

Analysis Analyzer::Analyze(std::string_view input, const AnalysisContext& context) const {
  Analysis a;
  std::string repaired;
  if (!IsValidUtf8(input)) {
    repaired = RepairUtf8(input);
    input = repaired;
    a.repaired_utf8 = true;
  }
  std::string plain;
  if (HasMarkup(input)) {
    plain = PlainText(input);
    input = plain;
  }
  if (input.size() > kMaxAnalysedBytes) {
    std::size_t cut = kMaxAnalysedBytes;
    while (cut > 0 && (static_cast<unsigned char>(input[cut]) & 0xC0) == 0x80) --cut;  // keep characters whole
    // ... and words, when a space is near: "de levering was tra" would read a word never written.
    std::size_t space = input.find_last_of(" \t\n", cut);
    if (space != std::string_view::npos && cut - space <= kTruncationWordReach) cut = space;
    input = input.substr(0, cut);
    a.truncated = true;
  }
  // The working vectors of one analysis, kept per thread so that their memory is reused.
  struct Scratch {
    TokenBuffer tokens;
    std::vector<std::int32_t> profiles;  // of each token, in the thread's WordProfiles
    std::vector<Token> owned;  // for topic queries
    TokenMatches matches;
    std::vector<Span> clauses;
    std::vector<std::size_t> clause_first;
    std::vector<Modifier> modifiers;
    std::vector<std::size_t> closing_negation;
    std::vector<char> ironic_sentence;
    std::vector<char> former_clause;
    std::vector<Span> excepted;
    std::vector<TermMatch> sign_terms;
    std::vector<std::size_t> named_at;
    std::vector<Valence> valences;
    std::vector<std::pair<std::size_t, TermMatch>> categorical;
    std::vector<char> negation_spent;  // per modifier: a negation that has turned a word round
    std::vector<char> resolution_used;  // per modifier: a resolution that solved a problem
    std::vector<char> quoted;          // per token: between quotation marks (made when needed)
    std::vector<char> ironic_opener, clause_repeats;
    std::vector<AspectMention> aspect_mentions;
    std::vector<double> clause_raw_valence;
    std::vector<std::string> bare_words;  // per token, for names: without diacritics
  };
  thread_local Scratch scratch;
  // The thread's word profiles belong to one analyzer's lexicon at a time.
  ThreadWordProfiles().Reset(id_);
  scratch.tokens.Tokenize(input);
  std::vector<TokenView>& tokens = scratch.tokens.tokens();
  LookUpTokens(tokens, scratch.profiles);
  a.tokens = tokens.size();
  const TokenMatches& all = scratch.matches;
  const WordProfiles& known = ThreadWordProfiles();
  LanguageEvidence evidence;
  MatchTokens(tokens, scratch.profiles, scratch.matches, evidence);
  a.language.assign(DetectLanguage(evidence, context.language_hint));
  TermLanguage lang = ParseTermLanguage(a.language);  // kAny: every language's terms count

  // Clauses: split at sentence punctuation and at contrast words. Only the tokens with a role
  // are visited; clause_first holds the first token of each clause, for clause_of.
  std::vector<Span>& clauses = scratch.clauses;
  clauses.assign(1, Span{});
  std::vector<std::size_t>& clause_first = scratch.clause_first;
  clause_first.assign(1, 0);
  // The clause of tokens[i].
  auto clause_of = [&](std::size_t i) {
    auto after = std::upper_bound(clause_first.begin(), clause_first.end(), i);
    return static_cast<std::size_t>(after - clause_first.begin()) - 1;
  };
  double total = 0;
  int exclamations = 0;
  // The run of question and exclamation marks being read, the first that asked insistently
  // (tokens.size() when none did), and the first valence of the current sentence.
  std::size_t run_begin = 0, insistent_at = tokens.size(), sentence_valences_from = 0, sentence_begin = 0;
  bool run_has_question = false;
  auto continues_run = [&](std::size_t i) {
    return i + 1 < tokens.size() && IsQuestionOrExclamation(tokens[i]) && IsQuestionOrExclamation(tokens[i + 1]);
  };
  bool any_caps_lower = all.any_small_word;
  // Whether the words from tokens[from] open a plain question ("Hoe werkt dat", "Can I", not
  // "What a day").
  auto opens_question = [&](std::size_t from, std::size_t to) {
    while (from < to && tokens[from].kind != TokenKind::kWord) ++from;
    if (from == to || !IsOneOf(tokens[from].lower, kQuestionOpeners)) return false;
    bool what = tokens[from].lower == "what" || tokens[from].lower == "wat";
    return !(what && from + 1 < to && IsOneOf(tokens[from + 1].lower, kExclaimingAfterWhat));
  };
  // At a single question mark: the clause it closes asks, or the whole sentence does.
  auto mark_plain_question = [&](std::size_t mark) {
    if (opens_question(sentence_begin, mark)) {
      for (std::size_t c = clauses.size(); c-- > 0 && clauses[c].sentence == clauses.back().sentence;) clauses[c].asks = true;
    } else if (opens_question(clauses.back().begin, mark)) {
      clauses.back().asks = true;
    }
  };

  std::vector<Modifier>& modifiers = scratch.modifiers;
  modifiers.clear();
  std::vector<Valence>& valences = scratch.valences;
  valences.clear();
  auto& categorical = scratch.categorical;
  categorical.clear();
  std::size_t aspect_phrase_until = 0;  // the end of the last aspect phrase

  bool full = context.depth == AnalysisDepth::kFull;
  // Whether tokens[i] is the first word of the clause being read.
  auto opens_clause = [&](std::size_t i) {
    for (std::size_t k = clauses.back().begin; k < i; ++k) {
      if (tokens[k].kind != TokenKind::kPunctuation) return false;
    }
    return true;
  };
  // What one match of the token at i does. `took_sentiment`: a sentiment has been read there.
  auto take = [&](std::size_t i, const TermMatch& m, bool& took_sentiment) {
    if (m.kind == TermKind::kModifier) {
      if (m.modifier == ModifierRole::kContrast && m.length == 1 && (i + 1 == tokens.size() || IsClauseEnd(tokens[i + 1]))) {
        // Closing its clause ("Replacement came next day though, thanks!") the contrast word
        // makes that clause the turn of the comment.
        clauses.back().has_contrast_before = true;
      } else if (m.modifier == ModifierRole::kContrast || m.modifier == ModifierRole::kConcession) {
        // A phrase ("shame about") opens the clause with its words in it, as a word does.
        clauses.back().end = i;
        std::size_t sentence = clauses.back().sentence;
        clauses.push_back(Span{i + 1, i + 1});
        clauses.back().has_contrast_before = m.modifier == ModifierRole::kContrast;
        clauses.back().concession = m.modifier == ModifierRole::kConcession;
        clauses.back().concession_until_verb = clauses.back().concession && m.value == kPrepositionalConcession;
        clauses.back().sentence = sentence;
        clause_first.push_back(i);  // the contrast word opens the clause it weighs
      } else if ((m.modifier != ModifierRole::kFormer || !ComparedWith(tokens, i)) &&
                 (m.modifier != ModifierRole::kException || !AfterNobody(tokens, i)) &&
                 (m.modifier != ModifierRole::kInquiry || opens_clause(i))) {  // not "Why is there never ..."
        modifiers.push_back({i + m.length - 1, m.modifier, m.value});
      }
    } else if (m.kind == TermKind::kSentiment && !took_sentiment) {
      // A phrase ("te laat") is one sentiment: its other words are not read for sentiment.
      valences.push_back({i, m.value, m.length, false, m.modifier == ModifierRole::kVerdict});
      took_sentiment = true;
    } else if (m.kind == TermKind::kAspect && m.length == 1 && i < aspect_phrase_until) {
      // Inside an aspect phrase the phrase decides: "out of order" is a broken facility,
      // not an order.
    } else if (full && m.kind != TermKind::kStopword && m.kind != TermKind::kSentiment) {
      if (m.kind == TermKind::kAspect && m.length > 1) aspect_phrase_until = std::max(aspect_phrase_until, i + m.length);
      categorical.emplace_back(i, m);
    }
  };
  for (const TokenMatches::Event& event : all.Events()) {
    std::size_t i = event.token;
    const TokenView& t = tokens[i];
    if (t.kind == TokenKind::kPunctuation) {
      if (t.punctuation == '!') exclamations = std::min(exclamations + 1, kMaxExclamations);
      if (IsQuestionOrExclamation(t)) {
        bool continues = i > 0 && IsQuestionOrExclamation(tokens[i - 1]);
        if (!continues) run_begin = i, run_has_question = false;
        if (t.punctuation == '?' && !continues && !continues_run(i)) mark_plain_question(i);
        run_has_question = run_has_question || t.punctuation == '?';
        // "Waar blijft mijn pakket???", "Is dit normaal?!": a question asked insistently is
        // impatience, unless its sentence says how the customer feels in words of its own.
        if (continues && run_has_question && insistent_at == tokens.size() &&
            WordsBetween(tokens, sentence_begin, run_begin) >= kMinInsistentQuestionWords) {
          insistent_at = run_begin;
          // (A word inside a phrase read before it, such as "laat" in "hoe laat", is not read.)
          bool says_more = false;
          ForEachReadValence(std::span<const Valence>(valences).subspan(sentence_valences_from),
                             [&](const Valence& v) { says_more = says_more || v.value != 0; });
          if (!says_more) valences.push_back({run_begin, kInsistentQuestionValence, 1});
        }
      }
      if (IsSentenceEnd(t) && !continues_run(i)) sentence_valences_from = valences.size(), sentence_begin = i + 1;
      clauses.back().end = i + 1;
      std::size_t sentence = clauses.back().sentence + (IsSentenceEnd(t) ? 1 : 0);
      clauses.push_back(Span{i + 1, i + 1});
      clauses.back().sentence = sentence;
      clause_first.push_back(i + 1);
      continue;
    }
    // A concession by preposition ("Ondanks de vertraging was het personeel geweldig", "Despite
    // the delay the staff were great") grants no more than the words before the verb.
    if (clauses.back().concession_until_verb && i > clauses.back().begin &&
        (IsOneOf(t.lower, kDutchFiniteVerbs) || IsOneOf(t.lower, kEnglishFiniteVerbs))) {
      clauses.back().end = i;
      std::size_t sentence = clauses.back().sentence;
      clauses.push_back(Span{i, i});
      clauses.back().sentence = sentence;
      clause_first.push_back(i);
    }
    bool took_sentiment = false;
    // A modifier phrase decides what its first word does: "without a doubt" makes stronger,
    // where "without" alone denies; and a degree phrase ("kind of") softens, where "kind" alone
    // praises ("pity about" still complains as it opens the contrast).
    bool phrase_modifier = false;
    bool phrase_degree = false;  // one that says how much ("kind of"): its first word says nothing itself
    for (std::uint32_t p = event.phrase_begin; p < event.phrase_begin + event.phrase_count; ++p) {
      const TermMatch& m = all.phrases[p];
      // English sentiment phrases count in Dutch comments too ("epic fail", "next level").
      bool english_phrase = lang == TermLanguage::kDutch && m.language == TermLanguage::kEnglish && m.kind == TermKind::kSentiment;
      if (m.language == TermLanguage::kAny || lang == TermLanguage::kAny || m.language == lang || english_phrase) {
        take(i, m, took_sentiment);
        phrase_modifier = phrase_modifier || m.kind == TermKind::kModifier;
        phrase_degree = phrase_degree || (m.kind == TermKind::kModifier && m.modifier == ModifierRole::kScale);
      }
    }
    if (event.singles) {  // grouped as WordProfile::rule_first says
      const WordSummary& word = known.summary(event.profile);
      std::span<const TermMatch> singles = word.RuleMatches(known.rule_matches(), lang);
      auto l = static_cast<std::size_t>(lang);
      std::size_t modifier_count = word.rule_modifiers[l];
      for (std::size_t m = 0; m < modifier_count && !phrase_modifier; ++m) take(i, singles[m], took_sentiment);
      if (word.rule_sentiment[l] && !took_sentiment && !phrase_degree) {
        valences.push_back({i, singles[modifier_count].value, 1, false, singles[modifier_count].modifier == ModifierRole::kVerdict});
        took_sentiment = true;
      } else if (lang == TermLanguage::kDutch && !took_sentiment && !phrase_degree && word.rule_sentiment[kEnglishIndex] &&
                 word.direct_nl == 0 && !IsDutchFalseFriend(t.lower)) {
        // An English word in a Dutch comment that Dutch does not have ("De app is echt awesome").
        std::span<const TermMatch> english = word.RuleMatches(known.rule_matches(), TermLanguage::kEnglish);
        valences.push_back({i, english[word.rule_modifiers[kEnglishIndex]].value, 1});
        took_sentiment = true;
      }
      if (full) {
        for (std::size_t m = modifier_count + word.rule_sentiment[l]; m < singles.size(); ++m) take(i, singles[m], took_sentiment);
      }
    }
    if (!took_sentiment && (t.kind == TokenKind::kNumber || known.summary(event.profile).number_word)) {
      if (auto rating = WrittenRatingAt(tokens, i, lang)) valences.push_back({i, rating->valence, rating->length, true});
    }
    if (full && t.kind == TokenKind::kNumber) {
      // An amount of money is about the price: the sign's own terms ([aspect price_value *]).
      if (std::string_view sign = CurrencySignBefore(input, tokens, i); !sign.empty()) {
        std::vector<TermMatch>& sign_terms = scratch.sign_terms;
        sign_terms.clear();
        lexicon_.MatchWord(sign, TermLanguage::kAny, sign_terms);
        for (const TermMatch& m : sign_terms) take(i, m, took_sentiment);
      }
    }
  }
  clauses.back().end = tokens.size();
  std::size_t kept = 0;
  ForEachReadValence(valences, [&](Valence v) { valences[kept++] = v; });
  valences.resize(kept);

  // Modifiers by position, so that each word looks only at those within its reach: a long
  // comment full of "niet" and "heel" costs time in proportion to its length.
  auto by_position = [](const Modifier& x, const Modifier& y) { return x.at < y.at; };
  if (!std::is_sorted(modifiers.begin(), modifiers.end(), by_position)) {
    std::stable_sort(modifiers.begin(), modifiers.end(), by_position);
  }
  auto modifiers_at = [&](std::size_t from, std::size_t to) {  // those at tokens [from, to)
    auto begin = std::lower_bound(modifiers.begin(), modifiers.end(), Modifier{from, {}, 0}, by_position);
    auto end = std::lower_bound(begin, modifiers.end(), Modifier{to, {}, 0}, by_position);
    return std::span<const Modifier>(begin, end);
  };
  // The sentences an irony marker stands in, and the trailing negation that closes a clause;
  // both stay empty in the many comments without either.
  std::vector<char>& ironic_sentence = scratch.ironic_sentence;
  ironic_sentence.clear();
  std::vector<std::size_t>& closing_negation = scratch.closing_negation;
  closing_negation.clear();  // per clause: its token + 1, 0 for none
  // The clauses that praise the past or a former provider ("Vroeger was dit mijn favoriete
  // winkel", "My old provider was much easier to deal with"), whose praise is a complaint.
  std::vector<char>& former_clause = scratch.former_clause;
  former_clause.clear();
  for (const Modifier& mod : modifiers) {
    if (mod.role == ModifierRole::kIrony) {
      ironic_sentence.resize(clauses.back().sentence + 1, 0);
      ironic_sentence[clauses[clause_of(mod.at)].sentence] = 1;
    }
    if (mod.role == ModifierRole::kFormer) {
      former_clause.resize(clauses.size(), 0);
      former_clause[clause_of(mod.at)] = 1;
    }
    if (mod.role != ModifierRole::kTrailingNegation) continue;
    std::size_t c = clause_of(mod.at), next = mod.at + 1;
    if (next >= tokens.size() || IsClauseEnd(tokens[next]) || clause_of(next) != c) {
      closing_negation.resize(clauses.size(), 0);
      closing_negation[c] = mod.at + 1;
    }
  }
  // Sarcastic openers: "Geweldig hoor, weer een week later", "Oh fantastic, another delay". A
  // sentence that opens with a bare burst of praise (a sentiment word and at most an
  // interjection), set off by a comma, and goes on to the same thing going wrong again, means
  // the opposite of the praise. A plain complaint after it is not enough: "Goed, alleen de
  // levering was traag" and "Vriendelijk personeel, lange wachttijd" mean what they say.
  std::vector<char>& ironic_opener = scratch.ironic_opener;  // per clause; empty: none
  ironic_opener.clear();
  // The modifier roles the comment has at all: most have no wish or repeat, and skip their rules.
  unsigned roles = 0;
  for (const Modifier& mod : modifiers) roles |= 1u << static_cast<unsigned>(mod.role);
  auto has_role = [&](ModifierRole role) { return (roles >> static_cast<unsigned>(role)) & 1u; };
  if (has_role(ModifierRole::kNow)) {
    for (const Modifier& mod : modifiers) {
      if (mod.role != ModifierRole::kNow) continue;
      // The earlier date may stand in the same sentence, a clause before ("Besteld op 2 mei, het
      // is nu 20 juni").
      const Span& clause = clauses[clause_of(mod.at)];
      std::size_t sentence = clause.sentence, begin = clause.begin, end = mod.at + 1;
      while (end < tokens.size() && !IsSentenceEnd(tokens[end])) ++end;
      bool dated = false, dated_before = false;
      for (std::size_t k = mod.at + 1; k < end && k <= mod.at + kNowReach; ++k) dated = dated || IsDateWord(tokens[k].lower);
      for (std::size_t k = 0; k < begin && dated && !dated_before; ++k) {
        dated_before = tokens[k].kind == TokenKind::kNumber || IsDateWord(tokens[k].lower);
      }
      bool says_more = std::any_of(valences.begin(), valences.end(), [&](const Valence& v) {
        return v.value != 0 && clauses[clause_of(v.at)].sentence == sentence;
      });
      if (!dated || !dated_before || says_more) continue;
      Valence passed{mod.at, kTimePassedValence, 1};
      auto after = std::upper_bound(valences.begin(), valences.end(), passed, [](const Valence& x, const Valence& y) { return x.at < y.at; });
      valences.insert(after, passed);
    }
  }
  // A long wait said without a word of complaint ("45 minuten in de rij gestaan", "Queued for 90
  // minutes for a 2 minute ride") is one, unless its clause says more, its sentence praises, or
  // the wait is said to be short or denied ("hoefden maar 20 minuten te wachten", "didn't have to
  // wait an hour").
  if (has_role(ModifierRole::kWait)) {
    auto said_with = [&](std::size_t unit, const auto& words) {
      for (std::size_t k = unit > kShortWaitReach ? unit - kShortWaitReach : 0; k < unit; ++k) {
        if (IsOneOf(tokens[k].lower, words)) return true;
      }
      return false;
    };
    auto said_short = [&](std::size_t unit) { return said_with(unit, kShortWaitWords); };
    auto said_roughly = [&](std::size_t unit) { return said_with(unit, kApproximateWords); };
    for (const Modifier& mod : modifiers) {
      if (mod.role != ModifierRole::kWait) continue;
      std::size_t c = clause_of(mod.at);
      const Span& clause = clauses[c];
      std::size_t to = std::min(clause.end, mod.at + kWaitReach + 1), unit = to;
      bool short_wait = false;
      for (std::size_t k = std::max(clause.begin, mod.at > kWaitReach ? mod.at - kWaitReach : 0); k < to && unit == to; ++k) {
        std::optional<double> minutes = MinutesEndingAt(tokens, k);
        bool long_wait = minutes && *minutes >= kLongWaitMinutes && (mod.value != kTakesTimeValue || *minutes < kLongestTakenMinutes);
        if (long_wait && !said_short(k) && !(mod.value == kTakesTimeValue && said_roughly(k))) unit = k;
        short_wait = short_wait || (minutes && *minutes < kLongWaitMinutes && (said_roughly(k) || said_short(k)));
      }
      // A short wait said roughly or as short ("ongeveer tien minuten gewacht", "waited about 10
      // minutes", "maar 5 minuten gewacht") is a report: the word of waiting loses its own
      // complaint. Said exactly, it may still be one ("dan sta je 10 minuten te wachten").
      if (unit == to && short_wait) {
        valences.erase(std::remove_if(valences.begin(), valences.end(),
                                      [&](const Valence& v) { return v.at == mod.at && v.length == 1 && v.value < 0 && !v.rating; }),
                       valences.end());
      }
      if (unit == to) continue;
      bool says_more = std::any_of(valences.begin(), valences.end(), [&](const Valence& v) {
        std::size_t vc = clause_of(v.at);
        return (vc == c && v.value != 0) || (v.value > 0 && clauses[vc].sentence == clause.sentence);
      });
      auto in_clause = modifiers_at(clause.begin, clause.end);
      bool denied = std::any_of(in_clause.begin(), in_clause.end(), [](const Modifier& m) { return m.role == ModifierRole::kNegation; });
      if (says_more || denied) continue;
      Valence wait{unit, kLongWaitValence, 1};
      auto after = std::upper_bound(valences.begin(), valences.end(), wait, [](const Valence& x, const Valence& y) { return x.at < y.at; });
      valences.insert(after, wait);
    }
  }
  if (has_role(ModifierRole::kLength) && has_role(ModifierRole::kWait)) {
    for (const Modifier& mod : modifiers) {
      if (mod.role != ModifierRole::kLength) continue;
      if ((mod.at > 0 && IsOneOf(tokens[mod.at - 1].lower, kLengthAsked)) ||
          (mod.at + 1 < tokens.size() && IsOneOf(tokens[mod.at + 1].lower, kLengthCondition))) {
        continue;
      }
      const Span& clause = clauses[clause_of(mod.at)];
      std::size_t from = std::max(clause.begin, mod.at > kLengthReach ? mod.at - kLengthReach : 0);
      std::size_t to = std::min(clause.end, mod.at + kLengthReach + 1);
      auto near = modifiers_at(from, to);
      bool waiting = std::any_of(near.begin(), near.end(), [](const Modifier& m) {
        return m.role == ModifierRole::kWait && m.value != kTakesTimeValue;
      });
      // A phrase that says it already ("long queue", "lange rij") keeps its own value.
      bool said = std::any_of(valences.begin(), valences.end(), [&](const Valence& v) {
        return v.value != 0 && v.at < to && v.at + v.length > from;
      });
      if (!waiting || said) continue;
      Valence length{mod.at, kLongLengthValence, 1};
      auto after = std::upper_bound(valences.begin(), valences.end(), length, [](const Valence& x, const Valence& y) { return x.at < y.at; });
      valences.insert(after, length);
    }
  }
  // Only a short clause that opens a sentence and ends in a comma can be such a burst (its span
  // holds its words and, at most as many, the marks between them).
  auto may_open_with_burst = [&] {
    for (std::size_t c = 0; c + 1 < clauses.size(); ++c) {
      bool opens_sentence = c == 0 || clauses[c - 1].sentence != clauses[c].sentence;
      if (opens_sentence && clauses[c].end > clauses[c].begin && clauses[c].end - clauses[c].begin <= 2 * kMaxOpenerWords &&
          tokens[clauses[c].end - 1].punctuation == ',') {
        return true;
      }
    }
    return false;
  };
  if (clauses.size() > 1 && !valences.empty() && may_open_with_burst()) {
    std::vector<double>& raw = scratch.clause_raw_valence;  // the words' own values, per clause
    raw.assign(clauses.size(), 0);
    // Per clause: 0 no repeat, kHabitRepeat only a habit ("as usual"), kAgainRepeat something again.
    std::vector<char>& repeats = scratch.clause_repeats;
    repeats.assign(clauses.size(), 0);
    for (const Valence& v : valences) raw[clause_of(v.at)] += v.value;
    for (const Modifier& mod : modifiers) {
      if (mod.role != ModifierRole::kRepeat) continue;
      char& seen = repeats[clause_of(mod.at)];
      seen = std::max<char>(seen, mod.value == kHabitValue ? kHabitRepeat : kAgainRepeat);
    }
    // A clause of interjections only ("Nou,", "Oh,") leaves the sentence still to be opened.
    auto only_interjections = [&](const Span& clause) {
      for (std::size_t k = clause.begin; k < clause.end; ++k) {
        if (tokens[k].kind != TokenKind::kPunctuation && !IsOneOf(tokens[k].lower, kInterjections)) return false;
      }
      return true;
    };
    for (std::size_t c = 0; c + 1 < clauses.size(); ++c) {
      const Span& opener = clauses[c];
      bool opens_sentence = c == 0 || clauses[c - 1].sentence != opener.sentence ||
                            ((c == 1 || clauses[c - 2].sentence != opener.sentence) && only_interjections(clauses[c - 1]));
      if (!opens_sentence || raw[c] <= 0 || opener.end == 0 || tokens[opener.end - 1].punctuation != ',') continue;
      std::size_t words = 0, others = 0;  // others: words that are neither sentiment nor interjection
      bool all_sentiment = true;          // every word inside a sentiment word or phrase
      bool mocking = false;               // "hoor", "zeg": praise said so mocks
      for (std::size_t k = opener.begin; k < opener.end; ++k) {
        if (tokens[k].kind == TokenKind::kPunctuation) continue;
        ++words;
        bool interjection = IsOneOf(tokens[k].lower, kInterjections);
        mocking = mocking || IsOneOf(tokens[k].lower, kMockingInterjections);
        bool sentiment = std::any_of(valences.begin(), valences.end(), [&](const Valence& v) {
          return v.at <= k && k < v.at + v.length;  // a phrase's every word ("Goed bezig,", "Top service hoor,")
        });
        // "Geweldig weer, trein valt uit": the repeat is part of the mocking burst.
        bool repeat = std::any_of(modifiers.begin(), modifiers.end(),
                                  [&](const Modifier& m) { return m.at == k && m.role == ModifierRole::kRepeat; });
        all_sentiment = all_sentiment && (sentiment || repeat);
        others += !interjection && !sentiment && !repeat;
      }
      std::size_t terms = 0;  // sentiment words and phrases read in it (not a phrase's own tail)
      ForEachReadValence(valences, [&](const Valence& v) { terms += v.at >= opener.begin && v.at < opener.end; });
      // A single word or phrase of strong praise set off on its own ("Great, the locker ate my
      // code", "Well done, you lost my parcel", "Heerlijk, een bezorger die ...") mocks a
      // complaint after it as "hoor" does; milder words open a sentence as "well" does ("Goed, de
      // levering was laat").
      mocking = mocking || (terms == 1 && all_sentiment && raw[c] >= kStrongPraiseValence);
      if (words > kMaxOpenerWords || others > 0 || (!mocking && !has_role(ModifierRole::kRepeat))) continue;
      // The sentence the burst opens, and the next when the burst is all the first has to say
      // besides whom it is said to ("Fantastisch hoor, NS. Weer een storing.").
      std::size_t reach = opener.sentence;
      if (c + 1 < clauses.size() && clauses[c + 1].sentence == opener.sentence &&
          (c + 2 == clauses.size() || clauses[c + 2].sentence != opener.sentence) && clauses[c + 1].end - clauses[c + 1].begin <= 2 &&
          raw[c + 1] == 0) {
        ++reach;
      }
      for (std::size_t later = c + 1; later < clauses.size() && clauses[later].sentence <= reach; ++later) {
        // After a mocking burst any complaint that does not turn the comment ("Top hoor, maar
        // ...") shows the praise was not meant; one put right ("Screaming with joy, the bank
        // refunded the scam money") shows it was.
        auto in_later = modifiers_at(clauses[later].begin, clauses[later].end);
        bool put_right = std::any_of(in_later.begin(), in_later.end(),
                                     [](const Modifier& m) { return m.role == ModifierRole::kResolution; });
        if (mocking && raw[later] < 0 && !clauses[later].has_contrast_before && !put_right) {
          ironic_opener.resize(clauses.size(), 0);
          ironic_opener[c] = 1;
          break;
        }
        // A negation before the repeat denies it: "no need to call again".
        std::size_t first_repeat = clauses[later].end;
        for (const Modifier& m : in_later) {
          if (m.role == ModifierRole::kRepeat) first_repeat = std::min(first_repeat, m.at);
        }
        bool denied = std::any_of(in_later.begin(), in_later.end(), [&](const Modifier& m) {
          return m.role == ModifierRole::kNegation && m.at < first_repeat;
        });
        if (denied) continue;
        if ((repeats[later] == kAgainRepeat && raw[later] <= 0) || (repeats[later] == kHabitRepeat && raw[later] < 0)) {
          ironic_opener.resize(clauses.size(), 0);
          ironic_opener[c] = 1;
          break;
        }
      }
    }
  }
  // Sarcastic closers: "Driver left my parcel in the recycling bin. Brilliant." and praise taken
  // back by a closing "not". Both only where the rest of the comment gives no praise of its own.
  if (!valences.empty() && valences.back().value > 0) {
    std::size_t last = clauses.back().sentence;
    auto has_words = [&](std::size_t sentence) {
      return std::any_of(clauses.begin(), clauses.end(), [&](const Span& c) {
        return c.sentence == sentence && c.end > c.begin && tokens[c.begin].kind != TokenKind::kPunctuation;
      });
    };
    while (last > 0 && !has_words(last)) --last;
    auto sentence_span = [&](std::size_t sentence) {
      std::pair<std::size_t, std::size_t> span{tokens.size(), 0};
      for (const Span& c : clauses) {
        if (c.sentence == sentence) span.first = std::min(span.first, c.begin), span.second = std::max(span.second, c.end);
      }
      return span;
    };
    auto [begin, end] = sentence_span(last);
    // Most comments end in a longer sentence: count its words first, and read no further then.
    bool taken_back = false;
    std::size_t words = 0;
    for (std::size_t k = begin; k < end && k < tokens.size(); ++k) {
      if (tokens[k].kind == TokenKind::kPunctuation) continue;
      ++words;
      bool last_word = k + 1 == tokens.size() || tokens[k + 1].kind == TokenKind::kPunctuation;
      // After a mark, or in brackets (which are no tokens: the byte before the word tells).
      bool set_apart = k == 0 || tokens[k - 1].kind == TokenKind::kPunctuation || tokens[k].text.data()[-1] == '(' ||
                       tokens[k].text.data()[-1] == '[';
      taken_back = last_word && (tokens[k].lower == kTakenBack || (set_apart && IsOneOf(tokens[k].lower, kTakenBackApart)));
    }
    // "Not." on its own takes back the sentence before it, when that one has the praise.
    if (taken_back && words == 1) {
      std::size_t before = last;
      while (before > 0 && !has_words(--before)) {
      }
      if (before == last || valences.back().at < sentence_span(before).first) taken_back = false;
      else last = before;
    }
    bool bare_closer = false;
    if (!taken_back && begin > 0 && words <= kMaxCloserWords) {
      // The earlier words' direction, a negation just before one turning it ("nooit problemen",
      // "niet met het duurste").
      bool earlier_praise = false, earlier_complaint = false;
      for (const Valence& v : valences) {
        if (v.at >= begin) continue;
        auto before = modifiers_at(v.at > kModifierWindow ? v.at - kModifierWindow : 0, v.at);
        bool negated = std::any_of(before.begin(), before.end(), [&](const Modifier& mod) {
          return mod.role == ModifierRole::kNegation && clause_of(mod.at) == clause_of(v.at);
        });
        double value = negated ? -v.value : v.value;
        earlier_praise = earlier_praise || value > 0;
        earlier_complaint = earlier_complaint || value < 0;
      }
      std::size_t others = 0;  // words that are neither praise, interjection nor a praised whole
      for (std::size_t k = begin; k < end && k < tokens.size(); ++k) {
        if (tokens[k].kind == TokenKind::kPunctuation || tokens[k].kind == TokenKind::kEmoji) continue;
        bool praise = std::any_of(valences.begin(), valences.end(), [&](const Valence& v) { return v.at == k && v.value > 0; });
        others += !praise && !IsOneOf(tokens[k].lower, kInterjections) && !IsOneOf(tokens[k].lower, kPraisedWholes);
      }
      // A turn before it ("maar de klantenservice heeft het opgelost. Chapeau!"), a problem solved
      // ("the replacement arrived before I'd even posted the old one. Brilliant.") or a complaint
      // about the past ("Vroeger moest je weken wachten ... Complimenten.") makes the praise sincere.
      bool turned = has_role(ModifierRole::kFormer) || has_role(ModifierRole::kResolution) ||
                    std::any_of(clauses.begin(), clauses.end(), [&](const Span& c) { return c.has_contrast_before && c.begin < begin; });
      bare_closer = others == 0 && earlier_complaint && !earlier_praise && !turned;
    }
    if (taken_back || bare_closer) {
      ironic_sentence.resize(clauses.back().sentence + 1, 0);
      ironic_sentence[last] = 1;
    }
  }
  auto ironic = [&](std::size_t clause) {
    return (!ironic_sentence.empty() && ironic_sentence[clauses[clause].sentence] != 0) ||
           (!ironic_opener.empty() && ironic_opener[clause] != 0) || (!former_clause.empty() && former_clause[clause] != 0);
  };

  // Contrast: the clauses before the last contrast word weigh less, and each clause a contrast
  // word opens weighs more, the last as much as earlier ones, so a long comment of "A but B"
  // sentences weighs each B over its A as one such sentence does.
  std::size_t contrast_clause = clauses.size();  // none
  for (std::size_t c = clauses.size(); c-- > 0;) {
    if (clauses[c].has_contrast_before) {
      contrast_clause = c;
      break;
    }
  }
  auto clause_weight = [&](std::size_t clause) {
    double conceded = clauses[clause].concession ? kConcessionWeight : 1.0;
    if (contrast_clause == clauses.size() || clause > contrast_clause) return conceded;
    return conceded * (clauses[clause].has_contrast_before ? kAfterContrastWeight : kBeforeContrastWeight);
  };

  // Whether tokens[first, last] stand first in their clause (after intensifiers at most), a
  // finite verb after them and a trailing negation closing the clause: Dutch word order for
  // "not friendly" ("vriendelijk waren ze niet", "snel ging het niet, maar ...", "klagen doe ik
  // niet"). "Helaas klopt de rekening niet" and "stond bij het verkeerde adres en belde niet"
  // deny the verb, not the sentiment word.
  auto negated_at_clause_end = [&](std::size_t first, std::size_t last) {
    if (closing_negation.empty()) return false;
    std::size_t closing = closing_negation[clause_of(last)];
    if (closing == 0 || closing - 1 <= last || clause_of(first) != clause_of(last)) return false;
    for (std::size_t k = clauses[clause_of(first)].begin; k < first; ++k) {
      auto at_k = modifiers_at(k, k + 1);
      if (std::none_of(at_k.begin(), at_k.end(), [](const Modifier& mod) { return mod.role == ModifierRole::kScale; })) {
        return false;
      }
    }
    return last + 1 < tokens.size() &&
           IsOneOf(tokens[last + 1].lower, kDutchFiniteVerbs);
  };
  // Whether the problem at tokens [first, end) is one someone solved: a resolution word in its
  // clause, close before or after it and not itself denied ("sorted my wrong item straight away",
  // "het kapotte onderdeel is vervangen"; not "never fixed the broken zip").
  auto resolved = [&](std::size_t first, std::size_t end) -> std::size_t {
    constexpr std::size_t kNone = static_cast<std::size_t>(-1);
    std::size_t c = clause_of(first);
    // A problem that is back ("twee keer gerepareerd en doet het nu weer niet", "fixed it and it
    // broke again") was not solved.
    if (has_role(ModifierRole::kRepeat)) {
      auto near = modifiers_at(first > kModifierWindow ? first - kModifierWindow : 0, end + 1);
      if (std::any_of(near.begin(), near.end(), [&](const Modifier& mod) {
            return mod.role == ModifierRole::kRepeat && mod.value != kHabitValue && clause_of(mod.at) == c;
          })) {
        return kNone;
      }
    }
    for (const Modifier& mod : modifiers_at(first > kResolutionWindow ? first - kResolutionWindow : 0, end + kNextClauseResolutionReach)) {
      if (mod.role != ModifierRole::kResolution || (mod.at >= first && mod.at < end)) continue;
      // The repair may follow in the next clause: "Pakket kwam beschadigd aan, werd meteen
      // vervangen", "Wrong item sent. Replaced next day."
      std::size_t mc = clause_of(mod.at);
      if (mc == c ? mod.at >= end + kResolutionWindow : !(mc == c + 1 && mod.at >= end)) continue;
      auto before = modifiers_at(mod.at > kModifierWindow ? mod.at - kModifierWindow : 0, mod.at);
      bool denied = std::any_of(before.begin(), before.end(), [&](const Modifier& other) {
        return other.role == ModifierRole::kNegation && clause_of(other.at) == mc;
      });
      // A repair that would be, or might be, made has not been: "niemand wist wanneer hij
      // gerepareerd zou worden", "it would be fixed by Friday".
      auto around = modifiers_at(mod.at > kModifierWindow ? mod.at - kModifierWindow : 0, mod.at + kModifierWindow + 1);
      denied = denied || std::any_of(around.begin(), around.end(), [&](const Modifier& other) {
                 return other.role == ModifierRole::kScale && other.value <= kHypotheticalValue && clause_of(other.at) == mc;
               });
      for (std::size_t k = mod.at > kModifierWindow ? mod.at - kModifierWindow : 0; k < mod.at && !denied; ++k) {
        denied = IsOneOf(tokens[k].lower, kFutureWords) && clause_of(k) == mc;
      }
      if (!denied) return static_cast<std::size_t>(&mod - modifiers.data());
    }
    return kNone;
  };
  // The wish in `clause` within reach of the sentiment word or phrase at tokens [first, end):
  // before it as in English, or after it as in Dutch, which puts the verb last.
  auto wish_near = [&](std::size_t first, std::size_t end, std::size_t clause) -> const Modifier* {
    if (!has_role(ModifierRole::kWish)) return nullptr;
    for (const Modifier& mod : modifiers_at(first > kModifierWindow ? first - kModifierWindow : 0, end + kModifierWindow)) {
      if (mod.role == ModifierRole::kWish && (mod.at < first || mod.at >= end) && clause_of(mod.at) == clause) return &mod;
    }
    return nullptr;
  };
  std::vector<char>& negation_spent = scratch.negation_spent;
  // Praise in quotation marks ("'binnen 24 uur' opgelost", a "free" upgrade) is someone else's
  // word, quoted to be doubted. Marked at the first praise of a comment that may quote at all.
  std::vector<char>& quoted = scratch.quoted;
  quoted.clear();
  bool quotes_marked = false;
  auto all_quoted = [&](std::size_t first, std::size_t end) {
    if (!quotes_marked) {
      quotes_marked = true;
      if (MayQuote(input)) MarkQuotedTokens(input, tokens, quoted);
    }
    if (quoted.empty()) return false;
    for (std::size_t k = first; k < end && k < quoted.size(); ++k) {
      if (!quoted[k]) return false;
    }
    return true;
  };
  // A repair that will be made is a promise, not praise: "They said it will be fixed by Friday",
  // "Het wordt morgen opgelost" is news; "It was fixed" is praise.
  auto promised_repair = [&](std::size_t i, std::size_t clause) {
    if (!has_role(ModifierRole::kResolution)) return false;
    auto at = modifiers_at(i, i + 1);
    if (std::none_of(at.begin(), at.end(), [](const Modifier& mod) { return mod.role == ModifierRole::kResolution; })) return false;
    for (std::size_t k = i > kModifierWindow ? i - kModifierWindow : 0; k < i; ++k) {
      if (IsOneOf(tokens[k].lower, kFutureWords) && clause_of(k) == clause) return true;
    }
    return false;
  };
  negation_spent.assign(modifiers.size(), 0);
  std::vector<char>& resolution_used = scratch.resolution_used;
  resolution_used.assign(modifiers.size(), 0);
  double courtesy = 0;  // the weighted valence of thanks, counted last
  auto is_courtesy = [&](std::size_t first, std::size_t end) {
    if (!has_role(ModifierRole::kCourtesy)) return false;
    auto at = modifiers_at(first, end);
    return std::any_of(at.begin(), at.end(), [](const Modifier& mod) { return mod.role == ModifierRole::kCourtesy; });
  };
  // Exceptions: the words they except, for the aspects, and the whole that pleased.
  std::vector<Span>& excepted = scratch.excepted;  // token ranges
  excepted.clear();
  if (has_role(ModifierRole::kException)) {
    for (const Modifier& mod : modifiers) {
      if (mod.role != ModifierRole::kException) continue;
      const Span& clause = clauses[clause_of(mod.at)];
      if (mod.value == kClauseException) {
        excepted.push_back(Span{clause.begin, clause.end});
        continue;
      }
      std::size_t to = mod.at + 1;
      while (to < clause.end && to - mod.at <= kExceptionReach && tokens[to].kind != TokenKind::kPunctuation &&
             !IsOneOf(tokens[to].lower, kDutchFiniteVerbs) && !IsOneOf(tokens[to].lower, kEnglishFiniteVerbs)) {
        ++to;
      }
      excepted.push_back(Span{mod.at + 1, to});
    }
  }
  double excepted_valence = 0;  // of the sentiment words an exception names
  auto is_excepted = [&](std::size_t i) {
    return std::any_of(excepted.begin(), excepted.end(), [&](const Span& x) { return i >= x.begin && i < x.end; });
  };
  // Whether the sentence of `clause` has a modifier of `role`, and whether one of its clauses is a
  // plain question that opens as an inquiry ("Mijn scherm is gebarsten, repareren jullie dat?").
  auto sentence_has = [&](std::size_t clause, ModifierRole role, bool in_question = false) {
    return std::any_of(modifiers.begin(), modifiers.end(), [&](const Modifier& mod) {
      const Span& at = clauses[clause_of(mod.at)];
      return mod.role == role && at.sentence == clauses[clause].sentence && (!in_question || at.asks);
    });
  };
  // Whether a modifier of `role` comes before the word at `i` in its clause, at most `reach` words
  // before it.
  auto role_before = [&](std::size_t i, std::size_t clause, ModifierRole role, std::size_t reach = kAnyReach) {
    auto before = modifiers_at(clauses[clause].begin, i);
    return std::any_of(before.begin(), before.end(),
                       [&](const Modifier& mod) { return mod.role == role && i - mod.at <= reach; });
  };
  const std::size_t sentence_count = clauses.empty() ? 0 : clauses.back().sentence + 1;
  const bool long_story = sentence_count >= kLongStorySentences && tokens.size() >= kLongStoryTokens;
  const std::size_t closing_from = long_story ? sentence_count - kClosingSentences : std::numeric_limits<std::size_t>::max();
  // Whether the word at `i` is a Dutch comparative ("behulpzamer", "blijer"), not an adjective
  // that ends in -er itself ("lekker").
  auto comparative = [&](std::size_t i) {
    std::string_view w = tokens[i].lower;
    return w.size() >= kMinComparativeLength && w.ends_with("er") && !IsOneOf(w, kAdjectivesInEr);
  };
  // Whether that comparative comes right after the negation at `negation`, which follows a verb
  // of being able ("kon niet behulpzamer", "had niet blijer").
  auto cannot_be_more = [&](std::size_t i, std::size_t negation) {
    return lang == TermLanguage::kDutch && i == negation + 1 && negation > 0 && comparative(i) &&
           IsOneOf(tokens[negation - 1].lower, kAbilityVerbs);
  };
  bool closing_verdict = false;  // a conclusion read in the closing sentences of a long story
  bool closing_undecided = false;  // one left undecided there ("not sure we'd book again")
  std::vector<std::size_t> degree_only;  // degree words read as degree only: no emotion either
  const bool has_rating = std::any_of(valences.begin(), valences.end(), [](const Valence& x) { return x.rating; });
  for (const Valence& kept_valence : valences) {
    std::size_t i = kept_valence.at;
    double v = kept_valence.value;
    const TokenView& t = tokens[i];
    std::size_t clause = clause_of(i);
    // "for nothing 😡": words modify words; an emoji says what it says.
    bool word = t.kind == TokenKind::kWord || t.kind == TokenKind::kNumber;
    // A degree word that is a sentiment word too ("super", "vreselijk", "belachelijk") says only
    // how much when a sentiment word follows it closely: "super traag" is slow, "vreselijk
    // aardig" kind. Alone ("Super!", "Belachelijk.") it keeps its own sentiment.
    if (word && kept_valence.length == 1 && &kept_valence != &valences.back()) {
      const Valence& next = *(&kept_valence + 1);
      auto at_word = modifiers_at(i, i + 1);
      if (next.at > i && next.at - i <= kDegreeReach && clause_of(next.at) == clause && tokens[next.at].kind == TokenKind::kWord &&
          std::any_of(at_word.begin(), at_word.end(), [](const Modifier& mod) { return mod.role == ModifierRole::kScale && mod.value > 0; })) {
        degree_only.push_back(i);
        continue;
      }
    }
    // A phrase with its own negation ("geen reactie", "niet slecht") already says what it
    // means: a negation before it ("nooit ontvangen en geen reactie") does not turn it round.
    auto inside = modifiers_at(i, i + kept_valence.length);
    // A praising or neutral phrase made with a negation ("niet verkeerd", "no problem", "no it")
    // uses it up: "Het was niet verkeerd ik kom zeker terug" returns. A complaining one ("still
    // not", "nog steeds niet") leaves it to deny the word after it ("nog steeds niet opgelost").
    bool negation_inside = false;
    for (const Modifier& mod : inside) {
      if (mod.role != ModifierRole::kNegation) continue;
      negation_inside = true;
      if (kept_valence.value >= 0) negation_spent[static_cast<std::size_t>(&mod - modifiers.data())] = 1;
    }
    bool negated = negation_inside;
    std::size_t window_from = i > kModifierWindow ? i - kModifierWindow : 0;
    for (const auto& mod : modifiers_at(window_from, i)) {
      // Only negations and intensifiers or softeners change a word; the other roles have rules of
      // their own.
      if (!word || (mod.role != ModifierRole::kNegation && mod.role != ModifierRole::kScale && mod.role != ModifierRole::kContrast)) {
        continue;
      }
      if (mod.role == ModifierRole::kNegation && negation_inside) continue;
      // A grade one would give is the grade ("zou ze een 1 geven als het kon").
      if (kept_valence.rating && mod.role == ModifierRole::kScale && mod.value <= kHypotheticalValue) continue;
      if (mod.at >= i || i - mod.at > kModifierWindow || clause_of(mod.at) != clause) continue;
      if (mod.role == ModifierRole::kNegation) {
        // A negation turns round the first sentiment word after it, not every one in reach:
        // "never fixed the broken zip" is not praise for the zip.
        std::size_t k = static_cast<std::size_t>(&mod - modifiers.data());
        if (negation_spent[k]) continue;
        negation_spent[k] = 1;
        negated = true;
        // "kon niet behulpzamer zijn", "had niet slechter gekund": what could not have been more
        // so was as good, or as bad, as it gets.
        if (cannot_be_more(i, mod.at)) continue;
        v *= kNegationFactor;
      } else {
        v += (v >= 0 ? 1 : -1) * mod.value * std::abs(v) / 2.0;
      }
    }
    // A negation standing as the subject ("Nobody at the desk was helpful", "Niemand aan de balie
    // was vriendelijk") denies the first sentiment word of its statement, however far.
    if (word && !negated && window_from > clauses[clause].begin) {
      std::size_t previous = &kept_valence == valences.data() ? 0 : (&kept_valence - 1)->at + 1;
      for (const auto& mod : modifiers_at(std::max(clauses[clause].begin, previous), window_from)) {
        std::size_t k = static_cast<std::size_t>(&mod - modifiers.data());
        if (mod.role != ModifierRole::kNegation || mod.value != kSubjectNegation || negation_spent[k]) continue;
        bool joined = false;
        for (std::size_t between = mod.at + 1; between < i && !joined; ++between) {
          joined = IsOneOf(tokens[between].lower, kStatementJoins);
        }
        if (joined) continue;
        negation_spent[k] = 1;
        v *= kNegationFactor;
        negated = true;
        break;
      }
    }
    // What the customer wished had been so ("had sneller gekund", "could have been quicker") was
    // missed; denied ("had niet beter gekund", "could not have been better") it is praise.
    if (word && kept_valence.value > 0) {
      if (const Modifier* wish = wish_near(i, i + kept_valence.length, clause)) {
        v = negated ? -v : v * wish->value;
        negated = true;  // a closing negation does not turn it again
      }
    }
    if (word && !negated && negated_at_clause_end(i, i + kept_valence.length - 1)) v *= kNegationFactor;
    // "Kan goedkoper", "mag wat sneller", "had vriendelijker gekund": a Dutch comparative of
    // praise right after a verb of being able or allowed is what the customer wished were so.
    else if (lang == TermLanguage::kDutch && word && !negated && v > 0 && kept_valence.length == 1 && i > 0 &&
             comparative(i)) {
      std::size_t verb = i > 1 && IsOneOf(tokens[i - 1].lower, kWishFillers) ? i - 2 : i - 1;
      if (IsOneOf(tokens[verb].lower, kWishVerbs)) v *= kComparativeWishShare;
    }
    // A problem put right in the next clause still happened: its own clause keeps it for the
    // aspects it names ("Wrong item sent, replaced next day": the item was wrong).
    double put_right = 0;
    if (word && v < 0 && has_role(ModifierRole::kResolution)) {
      if (std::size_t k = resolved(i, i + kept_valence.length); k < modifiers.size()) {
        if (clause_of(modifiers[k].at) != clause) put_right = v;
        v = 0;
        resolution_used[k] = 1;
      }
    }
    if (word && v > 0 && kept_valence.value < kQuestionPraiseLimit && clauses[clause].asks) v = 0;
    // What the customer did wrong themselves ("ik had de verkeerde maat besteld", "I entered the
    // wrong postcode", "per ongeluk") is no verdict on the service.
    if (word && v < 0 && has_role(ModifierRole::kOwnMistake) && sentence_has(clause, ModifierRole::kOwnMistake)) v = 0;
    if (word && v < 0 && v > -kMildVerdictStrength && has_role(ModifierRole::kInquiry) && sentence_has(clause, ModifierRole::kInquiry, true)) v = 0;
    // What the customer does not know yet is no verdict ("Ik weet nog niet of de storing nu echt
    // is opgelost", "Not sure yet if the fault is fixed"); strong words after it still are.
    bool undecided = false;  // a conclusion the customer has not drawn yet
    if (word && has_role(ModifierRole::kUncertain) && role_before(i, clause, ModifierRole::kUncertain,
                                                                  std::abs(v) < kMildVerdictStrength ? kAnyReach : kModifierWindow)) {
      v = 0;
      undecided = kept_valence.verdict;
    }
    // A conclusion hedged ("might buy elsewhere next time", "Of we terugkomen weet ik niet",
    // "not sure whether we'd book again") is not drawn yet.
    if (kept_valence.verdict && has_role(ModifierRole::kHedge) && role_before(i, clause, ModifierRole::kHedge)) {
      v = 0;
      undecided = true;
    }
    // A conclusion that ends in the closing sentences closes ("Zou ik ze aanraden? Nee.").
    // (Only a long story has closing sentences: the others skip the search for its clause.)
    const bool closes = long_story && (clauses[clause_of(i + kept_valence.length - 1)].sentence >= closing_from ||
                                       // A letter that opens by saying what it is for ("I am writing to
                                       // thank your cabin crew", "Graag wil ik een compliment geven")
                                       // concludes there.
                                       (kept_valence.verdict && clauses[clause].sentence == 0));
    if (undecided && closes) closing_undecided = true;
    if (word && v > 0 && promised_repair(i, clause)) v = 0;
    if (v > 0 && ironic(clause)) v *= kNegationFactor;
    if (word && v > 0 && all_quoted(i, i + kept_valence.length)) v = 0;
    if (t.all_caps && any_caps_lower) v += (v >= 0 ? 1 : -1) * kCapsBoost;
    // A grade is the customer's own verdict: a reservation after it ("Ik geef een 9, alleen de
    // wachttijd kon korter") does not lessen it.
    double weighted = v * (kept_valence.rating ? std::max(1.0, clause_weight(clause))
                                               : clause_weight(clause) * (has_rating ? kBesideGradeWeight : 1.0));
    // A grade or stars given at the close are the conclusion too; a middling one ("Three stars
    // feels about right") is a verdict of neither kind.
    if (kept_valence.rating && closes && v == 0) closing_undecided = true;
    if ((kept_valence.verdict || kept_valence.rating) && closes && v != 0) {
      weighted *= kClosingVerdictWeight;
      closing_verdict = true;
    }
    // What an exception names weighs less than the whole it is an exception to.
    if (!excepted.empty() && is_excepted(i)) {
      weighted *= kBeforeContrastWeight;
      excepted_valence += v;
    }
    clauses[clause].valence += v + put_right;
    // Thanks that say more than courtesy ("can't thank you enough") count as praise.
    if (v > 0 && !negation_inside && !kept_valence.verdict && is_courtesy(i, i + kept_valence.length)) {
      courtesy += weighted;
    } else {
      total += weighted;
    }
  }
  // A problem put right is a recovery, which customers credit: a repair word that says nothing
  // of its own ("vervangen", "replaced", "refunded") counts as mild praise once it solved one
  // ("Pakket kwam beschadigd aan, werd meteen vervangen"); "sorted" and "fixed" praise already.
  for (std::size_t k = 0; k < resolution_used.size(); ++k) {
    if (!resolution_used[k]) continue;
    const Modifier& mod = modifiers[k];
    bool says_itself = std::any_of(valences.begin(), valences.end(), [&](const Valence& v) {
      return v.value > 0 && v.at <= mod.at && mod.at < v.at + v.length;
    });
    if (says_itself) continue;
    std::size_t clause = clause_of(mod.at);
    clauses[clause].valence += kRecoveryValence;
    total += kRecoveryValence * clause_weight(clause);
  }
  // The whole an exception stands out from pleased ("Apart from the wait, everything was fine"),
  // unless the exception is the good part ("Behalve het vriendelijke personeel was alles slecht").
  if (!excepted.empty()) total += excepted_valence > 0 ? -kExceptionRestValence : kExceptionRestValence;
  // Thanks in a complaint ("Graag actie. Bedankt", "Please sort this out. Thanks in advance")
  // is courtesy, not praise: it counts only when the rest of the comment is not negative, nor a
  // request or a question that says nothing either way ("Kunt u mij terugbellen? Dank u",
  // "Please update my address. Thanks"): thanks alone, or after praise, still count.
  auto opens_with_suggestion = [&] {
    return std::any_of(modifiers.begin(), modifiers.end(), [](const Modifier& mod) {
      return mod.role == ModifierRole::kSuggestion && mod.at <= kSuggestionOpening;
    });
  };
  auto closes_by_asking = [&] {
    if (!long_story) return false;
    // A letter's question is often followed by when the customer can be reached and a greeting.
    const std::size_t asking_from = sentence_count > kAskingSentences ? sentence_count - kAskingSentences : 0;
    auto first = std::find_if(clauses.begin(), clauses.end(), [&](const Span& c) { return c.sentence >= asking_from; });
    if (first == clauses.end()) return false;
    auto closing = modifiers_at(first->begin, tokens.size());
    // A question tagged for agreement ("Meer wil je niet, toch?", "That's the job, right?") asks
    // nothing of the company.
    auto asks_company = [&](std::size_t k) {
      return tokens[k].punctuation == '?' && !(k > 0 && IsOneOf(tokens[k - 1].lower, kTagQuestionWords));
    };
    // A question the customer calls small ("Quick question:", "Nog een vraagje") is an aside to
    // what the letter says, not what it is for.
    if (std::any_of(closing.begin(), closing.end(), [](const Modifier& mod) { return mod.role == ModifierRole::kAside; })) {
      return false;
    }
    bool question = false;
    for (std::size_t k = first->begin; k < tokens.size() && !question; ++k) question = asks_company(k);
    return question ||
           std::any_of(closing.begin(), closing.end(), [](const Modifier& mod) { return mod.role == ModifierRole::kRequest; });
  };
  auto asks = [&] {
    return has_role(ModifierRole::kRequest) ||
           std::any_of(tokens.begin(), tokens.end(), [](const TokenView& t) { return t.punctuation == '?'; });
  };
  // A long letter that closes by asking something of the company ("Could you please confirm
  // ...?", "Kunt u mij laten weten ...") is a request: the kind words on the way ("the engineer
  // was polite and quick") are its courtesy, not a verdict, unless it closes with a conclusion.
  if (total > 0 && !closing_verdict && closes_by_asking()) total = 0;
  if (courtesy != 0 && (total > 0 || (total == 0 && !asks()))) total += courtesy;
  if (total != 0) total += (total > 0 ? 1 : -1) * exclamations * kExclamationBoost;
  const double suggestion_weight = has_role(ModifierRole::kSuggestion) && opens_with_suggestion() ? kSuggestionWeight : 1.0;
  total *= suggestion_weight;
  if (has_role(ModifierRole::kMixed)) {
    total *= kMixedVerdictWeight;
    // A long story that opens or closes by calling the whole mixed ("Hard to know what to make
    // of this place.", "Ik weet niet goed wat ik ervan moet vinden") has come to no verdict
    // either; in between, "mixed" may be said of a part ("the breakfast was a mixed bag").
    closing_undecided = closing_undecided || std::any_of(modifiers.begin(), modifiers.end(), [&](const Modifier& mod) {
      std::size_t sentence = clauses[clause_of(mod.at)].sentence;
      return mod.role == ModifierRole::kMixed && long_story && (sentence == 0 || sentence >= closing_from);
    });
  }
  // A long story that closes undecided ("I'm not sure we'd choose it again", "Of we terugkomen
  // weet ik niet") has weighed its good and bad and come to no verdict: it is neutral.
  if (closing_undecided && !closing_verdict) total = 0;

  a.sentiment = Normalise(total);
  if (model_) {
    a.lexicon_sentiment = a.sentiment;
    a.sentiment = model_blend_ * model_->SentimentScore(input) + (1 - model_blend_) * a.sentiment;
  }
  a.label.assign(SentimentLabel(a.sentiment));
  if (context.depth == AnalysisDepth::kSentiment) return a;
  if (topics_.size() > 0) {
    std::vector<Token>& owned = scratch.owned;
    CopyTokens(tokens, owned);
    if (topics_.uses_stems()) Stem(owned, a.language);  // only ~stem queries need them
    a.topics = topics_.Match(owned);
  }

  // Whether tokens[i] is a word of praise inside a sentiment phrase that complains.
  auto praise_inside_complaint = [&](std::size_t i) {
    const WordSummary& word = known.summary(scratch.profiles[i]);
    auto l = static_cast<std::size_t>(lang);
    if (!word.rule_sentiment[l] || word.RuleMatches(known.rule_matches(), lang)[word.rule_modifiers[l]].value <= 0) {
      return false;
    }
    return std::any_of(valences.begin(), valences.end(), [&](const Valence& v) {
      return v.length > 1 && v.value < 0 && v.at <= i && i < v.at + v.length;
    });
  };

  // Categorical findings.
  auto add_unique = [](std::vector<Finding>& list, Finding f) {
    for (const auto& existing : list) {
      if (existing.name == f.name) return;
    }
    list.push_back(std::move(f));
  };
  // Each aspect's mentions, by where their sentiment comes from: a clause, or (for a clause
  // without sentiment words of its own: "the website froze at checkout, so frustrating") its
  // sentence, numbered after the clauses. Two mentions in one source count once.
  std::vector<AspectMention>& mentions = scratch.aspect_mentions;
  mentions.clear();
  auto source_of = [&](std::size_t c) {
    return clauses[c].valence != 0 ? c : clauses.size() + clauses[c].sentence;
  };
  // The source of a mention that an exception excepts ("behalve de wachttijd").
  const std::size_t excepted_source = clauses.size() + clauses.back().sentence + 1;
  auto source_valence = [&](std::size_t source) {
    if (source == excepted_source) return excepted_valence != 0 ? excepted_valence : kExceptedValence;
    if (source < clauses.size()) return clauses[source].valence;
    double valence = 0;
    for (const auto& other : clauses) valence += other.sentence == source - clauses.size() ? other.valence : 0;
    return valence;
  };
  auto sentence_names_delivery = [&](std::size_t c) {
    return std::any_of(categorical.begin(), categorical.end(), [&](const std::pair<std::size_t, TermMatch>& x) {
      return x.second.kind == TermKind::kAspect && x.second.entry->name == kDelivery &&
             clauses[clause_of(x.first)].sentence == clauses[c].sentence;
    });
  };
  for (const auto& [i, m] : categorical) {
    const TermEntry& e = *m.entry;
    std::size_t c = clause_of(i);
    if (e.kind == TermKind::kAspect) {
      if (e.value == kUnlessDelivery && sentence_names_delivery(c)) continue;
      std::size_t k = 0;
      while (k < a.aspects.size() && a.aspects[k].name != e.name) ++k;
      if (k == a.aspects.size()) a.aspects.push_back({e.name, 0, std::string()});
      std::size_t source = is_excepted(i) ? excepted_source : source_of(c);
      bool counted = std::any_of(mentions.begin(), mentions.end(), [&](const AspectMention& x) {
        return x.aspect == k && x.source == source;
      });
      if (!counted) mentions.push_back({k, source, c});
    } else if (e.kind == TermKind::kEmotion) {
      // "not happy", "niet boos": a negated emotion word is not that emotion; an emoji says
      // what it says ("still no refund 😡").
      auto before = modifiers_at(i > kModifierWindow ? i - kModifierWindow : 0, i);
      bool word = tokens[i].kind == TokenKind::kWord || tokens[i].kind == TokenKind::kNumber;
      bool negated = word && std::any_of(before.begin(), before.end(), [&](const Modifier& mod) {
        return mod.role == ModifierRole::kNegation && clause_of(mod.at) == c;
      });
      negated = negated || (word && negated_at_clause_end(i, i + m.length - 1));
      // "Thanks for nothing", "bedankt voor niks": a word of praise inside a phrase that
      // complains is not its emotion.
      negated = negated || (m.length == 1 && praise_inside_complaint(i));
      // Praise said in irony ("Geweldig hoor, weer een week geen internet 🙄") is not joy.
      negated = negated || (word && ironic(c) && IsPraisingEmotion(e.name));
      // "belachelijk snel" is very fast, not ridiculous.
      negated = negated || std::find(degree_only.begin(), degree_only.end(), i) != degree_only.end();
      if (!negated) add_unique(a.emotions, {e.name, Join(tokens, i, i + m.length)});
    } else if (e.kind == TermKind::kLifeEvent) {
      // A longer phrase over some of the same words decides: "(is) ontslagen uit het
      // ziekenhuis" is a hospital stay, not a job lost.
      bool covered = std::any_of(categorical.begin(), categorical.end(), [&](const std::pair<std::size_t, TermMatch>& x) {
        return x.second.kind == TermKind::kLifeEvent && x.second.length > m.length && x.first < i + m.length &&
               i < x.first + x.second.length;
      });
      if (covered) continue;
      std::size_t from = i > kPhraseContext ? i - kPhraseContext : 0;
      from = std::max(from, clauses[c].begin);
      std::size_t to = std::min(i + m.length + kPhraseContext, clauses[c].end);
      add_unique(a.life_events, {e.name, Join(tokens, from, to)});
    } else if (e.kind == TermKind::kRelation) {
      // "voor mijn moeder", "for my daughter's wedding": a possessive before the relation.
      if (i < 2) continue;
      std::string_view prep = tokens[i - 2].lower;
      std::string_view poss = tokens[i - 1].lower;
      // "van mijn dochter", "aan mijn moeder", "of my son": the relation is as telling as "voor".
      bool nl = (prep == "voor" || prep == "namens" || prep == "met" || prep == "van" || prep == "aan") &&
                (poss == "mijn" || poss == "onze" || poss == "m'n");
      bool en = (prep == "for" || prep == "with" || prep == "behalf" || prep == "of" || prep == "to") &&
                (poss == "my" || poss == "our");
      if (!nl && !en) continue;
      std::size_t to = std::min(i + 1 + kCircumstanceWords, clauses[c].end);
      std::size_t stop = i + 1;
      while (stop < to && tokens[stop].kind == TokenKind::kWord) ++stop;
      std::size_t from = i - 2;
      if (prep == "van" || prep == "of") {
        for (std::size_t back = 1; back <= kOccasionWords && from >= clauses[c].begin + back; ++back) {
          const TokenView& w = tokens[from - back];
          if (w.kind != TokenKind::kWord) break;
          if (IsOneOf(w.lower, kOccasionPrepositions)) {
            from -= back;
            break;
          }
        }
      }
      Finding f{std::string(tokens[i].lower), Join(tokens, from, std::max(stop, i + 1))};
      bool dup = false;
      for (const auto& existing : a.circumstances) dup = dup || existing.phrase == f.phrase;
      if (!dup) a.circumstances.push_back(std::move(f));
    }
  }

  // An insistent question that complains, in its own words or in its sentence's, or that says
  // nothing else, is frustration ("Het is opgelost, maar waar blijft de rest???").
  if (insistent_at < tokens.size()) {
    const Span& asked = clauses[clause_of(insistent_at)];
    std::size_t sentence = asked.sentence;
    double valence = 0;
    std::size_t from = insistent_at;
    for (const auto& c : clauses) {
      if (c.sentence != sentence) continue;
      valence += c.valence;
      from = std::min(from, c.begin);
    }
    std::size_t to = insistent_at;
    while (to < tokens.size() && IsQuestionOrExclamation(tokens[to])) ++to;
    if (valence < 0 || asked.valence < 0) add_unique(a.emotions, {"frustration", Join(tokens, from, to)});
  }

  // Employees named in the comment, with or without the accents of their names: each word of
  // the comment is compared in its form without diacritics, made once per comment.
  static const std::vector<EmployeeName> kNobody;
  const std::vector<EmployeeName>& employees = context.employees ? *context.employees : kNobody;
  std::vector<std::string>& bare = scratch.bare_words;  // empty: the word has no accents to drop
  bare.assign(employees.empty() ? 0 : tokens.size(), std::string());
  for (std::size_t i = 0; i < bare.size(); ++i) {
    std::string_view lower = tokens[i].lower;
    bool plain = std::all_of(lower.begin(), lower.end(), [](unsigned char c) { return c < 0x80; });
    if (tokens[i].kind == TokenKind::kWord && !plain) bare[i] = WithoutDiacritics(lower);
  }
  std::string name;
  std::vector<std::size_t>& named_at = scratch.named_at;  // the token of each mention
  named_at.clear();
  for (const auto& employee : employees) {
    bool ascii = std::all_of(employee.first_name.begin(), employee.first_name.end(),
                             [](unsigned char c) { return c < 0x80; });
    if (ascii) {  // the common case, without a trip through ICU
      name = AsciiLower(employee.first_name);
    } else {
      auto folded = Tokenize(employee.first_name);
      if (folded.empty()) continue;
      // Customers often type a name without its accents: "Zoe" is Zoë, "Jose" José.
      name = WithoutDiacritics(folded[0].lower);
    }
    // A name that is also a word ("Will", "Hope", "Mark", "Roos") is a name only written with a
    // capital: "Will was great", not "I will come back".
    bool also_a_word = lexicon_.WordId(name, false) >= 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      if (tokens[i].kind != TokenKind::kWord) continue;
      if ((bare[i].empty() ? tokens[i].lower : std::string_view(bare[i])) != name) continue;
      char first = tokens[i].text[0];
      bool lower_case = first >= 'a' && first <= 'z';
      // Written small after an article or a pronoun it is the word: "een bas", "I hope".
      if (lower_case && (also_a_word || (i > 0 && IsWordBeforeNoun(tokens[i - 1].lower)))) continue;
      bool seen = false;
      for (const auto& m : a.mentions) seen = seen || m.employee == employee.external_id;
      if (!seen) {
        std::size_t c = clause_of(i);
        a.mentions.push_back({employee.external_id, std::string(tokens[i].text), Join(tokens, clauses[c].begin, clauses[c].end)});
        named_at.push_back(i);
      }
      break;
    }
  }

  // A named employee is staff the customer judges ("Sanne hielp me geweldig", "Thanks Jenny"):
  // staff friendliness, where the clause does not already say it is their knowledge.
  for (std::size_t i : named_at) {
    std::size_t c = clause_of(i), source = source_of(c);
    auto aspect_index = [&](std::string_view wanted) {
      std::size_t k = 0;
      while (k < a.aspects.size() && a.aspects[k].name != wanted) ++k;
      return k;
    };
    std::size_t knowledge = aspect_index(kStaffKnowledge);
    bool said = std::any_of(mentions.begin(), mentions.end(), [&](const AspectMention& x) {
      return x.clause == c && (x.aspect == knowledge || a.aspects[x.aspect].name == kStaffFriendliness);
    });
    if (said) continue;
    std::size_t k = aspect_index(kStaffFriendliness);
    if (k == a.aspects.size()) a.aspects.push_back({std::string(kStaffFriendliness), 0, std::string()});
    mentions.push_back({k, source, c});
  }

  // An aspect mentioned in one place takes that place's sentiment; mentioned in several
  // ("Retourneren was makkelijk maar het geld duurde 3 weken") it weighs them as the comment
  // does, the clause after a contrast most, and shows the clause that weighed most.
  // A comment whose clauses about its aspects say nothing of them ("Bestelling geplaatst op
  // maandag, zou woensdag komen. Woensdag niks, donderdag niks.") is about them as a whole.
  bool any_aspect_valence = std::any_of(mentions.begin(), mentions.end(),
                                        [&](const AspectMention& x) { return source_valence(x.source) != 0; });
  for (std::size_t k = 0; k < a.aspects.size(); ++k) {
    double total_valence = 0, strongest = -1;
    std::size_t count = 0, shown = 0, shown_source = 0;
    for (const auto& x : mentions) {
      if (x.aspect != k) continue;
      ++count;
      double weighted = source_valence(x.source) * clause_weight(x.clause);
      total_valence += weighted;
      if (std::abs(weighted) > strongest) strongest = std::abs(weighted), shown = x.clause, shown_source = x.source;
    }
    if (count == 1) total_valence = source_valence(shown_source);
    total_valence *= suggestion_weight;  // what a suggestion names, it proposes to change
    a.aspects[k].sentiment = total_valence == 0 && !any_aspect_valence ? a.sentiment : Normalise(total_valence);
    a.aspects[k].phrase = Join(tokens, clauses[shown].begin, clauses[shown].end);
  }

  return a;
}

nlohmann::json ToJson(const Analysis& a) {
  using nlohmann::json;
  auto round3 = [](double v) { return std::round(v * 1000) / 1000; };
  json aspects = json::array(), emotions = json::array(), events = json::array(), circumstances = json::array(),
       mentions = json::array();
  for (const auto& x : a.aspects) {
    aspects.push_back({{"name", x.name}, {"sentiment", round3(x.sentiment)}, {"label", SentimentLabel(x.sentiment)},
                       {"phrase", x.phrase}});
  }
  for (const auto& x : a.emotions) emotions.push_back({{"name", x.name}, {"phrase", x.phrase}});
  for (const auto& x : a.life_events) events.push_back({{"name", x.name}, {"phrase", x.phrase}});
  for (const auto& x : a.circumstances) circumstances.push_back({{"relation", x.name}, {"phrase", x.phrase}});
  for (const auto& x : a.mentions) mentions.push_back({{"employee", x.employee}, {"name", x.name}, {"phrase", x.phrase}});
  return {{"language", a.language},
          {"sentiment", round3(a.sentiment)},
          {"label", a.label},
          {"truncated", a.truncated},
          {"repaired_utf8", a.repaired_utf8},
          {"tokens", a.tokens},
          {"aspects", aspects},
          {"emotions", emotions},
          {"life_events", events},
          {"circumstances", circumstances},
          {"mentions", mentions},
          {"topics", a.topics},
          {"lexicon_sentiment", a.lexicon_sentiment ? nlohmann::json(round3(*a.lexicon_sentiment)) : nlohmann::json(nullptr)}};
}

namespace {

constexpr std::size_t kTypicalAnalysisJsonBytes = 512;

// A JSON writer that produces exactly what nlohmann::json's dump() does for the values an
// Analysis holds: keys in sorted order, doubles in shortest form with ".0" when whole.
class JsonText {
 public:
  JsonText() { out_.reserve(kTypicalAnalysisJsonBytes); }
  JsonText& String(std::string_view s) {
    out_ += '"';
    for (char c : s) {
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\b': out_ += "\\b"; break;
        case '\f': out_ += "\\f"; break;
        case '\n': out_ += "\\n"; break;
        case '\r': out_ += "\\r"; break;
        case '\t': out_ += "\\t"; break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            fmt::format_to(std::back_inserter(out_), "\\u{:04x}", static_cast<unsigned char>(c));
          } else {
            out_ += c;
          }
      }
    }
    out_ += '"';
    return *this;
  }
  JsonText& Key(std::string_view key) {
    Separate();
    String(key);
    out_ += ':';
    fresh_ = true;
    return *this;
  }
  JsonText& Number(double v) {
    Separate();
    std::size_t start = out_.size();
    fmt::format_to(std::back_inserter(out_), "{}", v);
    if (out_.find_first_of(".eEn", start) == std::string::npos) out_ += ".0";  // n: nan and inf stay as they are
    fresh_ = false;
    return *this;
  }
  JsonText& Integer(std::size_t v) {
    Separate();
    fmt::format_to(std::back_inserter(out_), "{}", v);
    fresh_ = false;
    return *this;
  }
  JsonText& Bool(bool v) {
    Separate();
    out_ += v ? "true" : "false";
    fresh_ = false;
    return *this;
  }
  JsonText& Null() {
    Separate();
    out_ += "null";
    fresh_ = false;
    return *this;
  }
  JsonText& Text(std::string_view s) {
    Separate();
    String(s);
    fresh_ = false;
    return *this;
  }
  JsonText& Open(char bracket) {
    Separate();
    out_ += bracket;
    fresh_ = true;
    return *this;
  }
  JsonText& Close(char bracket) {
    out_ += bracket;
    fresh_ = false;
    return *this;
  }
  std::string Take() { return std::move(out_); }

 private:
  void Separate() {
    if (!fresh_) out_ += ',';
    fresh_ = true;
  }
  std::string out_;
  bool fresh_ = true;
};

double Round3(double v) { return std::round(v * 1000) / 1000; }

template <typename T, typename Fn>
void Array(JsonText& j, const char* key, const std::vector<T>& items, Fn write) {
  j.Key(key).Open('[');
  for (const auto& x : items) {
    j.Open('{');
    write(x);
    j.Close('}');
  }
  j.Close(']');
}

}  // namespace

std::string ToJsonText(const Analysis& a) {
  JsonText j;
  j.Open('{');
  Array(j, "aspects", a.aspects, [&](const AspectResult& x) {
    j.Key("label").Text(SentimentLabel(x.sentiment)).Key("name").Text(x.name).Key("phrase").Text(x.phrase);
    j.Key("sentiment").Number(Round3(x.sentiment));
  });
  Array(j, "circumstances", a.circumstances,
        [&](const Finding& x) { j.Key("phrase").Text(x.phrase).Key("relation").Text(x.name); });
  Array(j, "emotions", a.emotions, [&](const Finding& x) { j.Key("name").Text(x.name).Key("phrase").Text(x.phrase); });
  j.Key("label").Text(a.label).Key("language").Text(a.language);
  j.Key("lexicon_sentiment");
  if (a.lexicon_sentiment) j.Number(Round3(*a.lexicon_sentiment));
  else j.Null();
  Array(j, "life_events", a.life_events,
        [&](const Finding& x) { j.Key("name").Text(x.name).Key("phrase").Text(x.phrase); });
  Array(j, "mentions", a.mentions, [&](const Mention& x) {
    j.Key("employee").Text(x.employee).Key("name").Text(x.name).Key("phrase").Text(x.phrase);
  });
  j.Key("repaired_utf8").Bool(a.repaired_utf8).Key("sentiment").Number(Round3(a.sentiment));
  j.Key("tokens").Integer(a.tokens).Key("topics").Open('[');
  for (const auto& t : a.topics) j.Text(t);
  j.Close(']').Key("truncated").Bool(a.truncated).Close('}');
  return j.Take();
}

void ApplyToResponse(const Analysis& a, Response& r) {
  if (r.language.empty() && a.language != "unknown") r.language = a.language;
  r.sentiment = a.sentiment;
  r.sentiment_label = a.label;
  for (const auto& x : a.aspects) r.tags.push_back({"aspect", x.name, x.sentiment, x.phrase});
  for (const auto& x : a.emotions) r.tags.push_back({"emotion", x.name, 1.0, x.phrase});
  for (const auto& x : a.life_events) r.tags.push_back({"life_event", x.name, 1.0, x.phrase});
  for (const auto& x : a.circumstances) r.tags.push_back({"circumstance", x.name, 1.0, x.phrase});
  for (const auto& x : a.mentions) r.tags.push_back({"mention", x.employee, a.sentiment, x.phrase});
  for (const auto& x : a.topics) r.tags.push_back({"topic", x, a.sentiment, ""});
  r.analysis_json = ToJsonText(a);
  // Names and phrases come from repaired text, but an employee's name from the store might not.
  if (!IsValidUtf8(r.analysis_json)) r.analysis_json = ToJson(a).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace peakend::text
