#include "text/analyzer.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <tuple>

#include <fmt/format.h>

#include "core/strings.h"
#include "text/comment_reading.h"
#include "text/markup.h"
#include "text/rating.h"
#include "text/utf8.h"

namespace peakend::text {
namespace {

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
  // An adjective ending in a vowel and i takes the -e as it is: mooi -> mooie, saai -> saaie.
  if (n >= kMinInflectedLength && word[n - 1] == 'e' && word[n - 2] == 'i' && IsVowel(word[n - 3])) {
    return word.substr(0, n - 1);
  }
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
    if (!(options.model_blend >= 0 && options.model_blend <= 1)) {  // NaN too
      return Status::InvalidArgument("text.model_blend must be between 0 (lexicon only) and 1 (model only)",
                                     "text.model_blend");
    }
    auto model = Classifier::Load(options.model_file);
    if (!model.ok()) return ForSetting(model.status(), "text.model");
    if (!model->ScoresSentiment()) {
      return Status::InvalidArgument("model '" + options.model_file + "' has the labels " + JoinWithCommas(model->labels()) +
                                         ", neither positive nor negative; to be blended with the sentiment a model must "
                                         "be trained on negative/neutral/positive labels (or -1/0/1)",
                                     "text.model");
    }
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
  p.starts_phrase_of_any_second_word = p.word >= 0 && lexicon_.StartsPhraseOfAnySecondWord(p.word);
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
  std::size_t n = tokens.size();
  profiles.resize(n);
  // Nearly every word has been read before: those are found in a loop without a call, which
  // keeps the tables' addresses in registers, and the few new ones get their profiles after it,
  // in token order (a word twice new in a comment is profiled once).
  bool any_new = false;
  for (std::size_t i = 0; i < n; ++i) {
    TokenView& t = tokens[i];
    std::int32_t at = known.Find(t.lower, t.padded);
    profiles[i] = at;
    t.word = at >= 0 ? known.summary(at).word : -1;
    any_new |= at < 0;
  }
  if (!any_new) [[likely]] return;
  for (std::size_t i = 0; i < n; ++i) {
    if (profiles[i] >= 0) continue;
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
  std::int32_t next = n > 1 ? tokens[1].word : -1;  // the word after token i: the one after next of i - 1
  for (std::size_t i = 0; i < n; ++i) {
    const TokenView& t = tokens[i];
    const WordSummary& p = known.summary(profiles[i]);
    int word = t.kind == TokenKind::kWord;
    std::int32_t after_next = i + 2 < n ? tokens[i + 2].word : -1;
    bool phrase_may_begin =
        p.starts_phrase & lexicon_.PhraseMayBegin(p.word, p.starts_phrase_of_any_second_word, next, after_next);
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
    next = after_next;
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

namespace {

// Where to cut `text` at about `at` bytes: back to the start of a character, and to the space
// before a word when one is near ("de levering was tra" would read a word never written).
std::size_t CutPoint(std::string_view text, std::size_t at) {
  while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
  std::size_t space = text.find_last_of(" \t\n", at);
  if (space != std::string_view::npos && at - space <= kTruncationWordReach) at = space;
  return at;
}

// `input` as it is read: valid UTF-8 (repaired into `repaired`), the text of any markup and
// NUL bytes as spaces (into `plain`), without an earlier message it quotes (into `unquoted`), and
// at most kMaxAnalysedBytes of it, its beginning and its end (into `shortened`); `analysis` says
// what was done.
std::string_view Readable(std::string_view input, std::string& repaired, std::string& plain, std::string& unquoted,
                          std::string& shortened, Analysis& analysis) {
  // Most comments are plain ASCII without markup: one pass over them says so.
  if (!IsPlainAscii(input)) {
    if (!IsValidUtf8(input)) {
      repaired = RepairUtf8(input);
      input = repaired;
      analysis.repaired_utf8 = true;
    }
    if (HasMarkup(input)) {
      plain = PlainText(input);
      input = plain;
    }
  }
  // A reply that quotes the message it answers: the quoted part is not the customer's.
  if (input.find('\n') != std::string_view::npos && WithoutQuotedReply(input, unquoted)) input = unquoted;
  if (input.size() > kMaxAnalysedBytes) {
    // The beginning and the end, a paragraph apart so that no sentence runs on across the gap.
    constexpr std::string_view kGap = "\n\n";
    std::size_t head = CutPoint(input, kMaxAnalysedBytes - kAnalysedTailBytes - kGap.size());
    std::size_t tail = CutPoint(input, input.size() - kAnalysedTailBytes);
    shortened.assign(input.substr(0, head)).append(kGap).append(input.substr(tail));
    input = shortened;
    analysis.truncated = true;
  }
  return input;
}

}  // namespace

std::vector<std::string> Analyzer::TagNames(std::string_view tag_kind) const {
  if (tag_kind == "aspect") return lexicon_.NamesOf(TermKind::kAspect);
  if (tag_kind == "emotion") return lexicon_.NamesOf(TermKind::kEmotion);
  if (tag_kind == "topic") return topics_.Names();
  return {};
}

Analysis Analyzer::Analyze(std::string_view input, const AnalysisContext& context) const {
  Analysis a;
  std::string repaired, plain, unquoted, shortened;
  input = Readable(input, repaired, plain, unquoted, shortened, a);
  // The thread's word profiles belong to one analyzer's lexicon at a time.
  WordProfiles& known = ThreadWordProfiles();
  known.Reset(id_);
  CommentReading& reading = CommentReading::OfThisThread();
  reading.ReadWords(*this, known, input, context, a);
  reading.ReadClauses();
  reading.ReadModifierRoles();
  reading.ReadTimeTaken();
  reading.ReadSarcasticOpeners();
  reading.ReadSarcasticCloser();
  reading.ReadMockingApplause();
  reading.ReadMockingRatings();
  reading.ReadSentiment();
  a.sentiment = reading.Sentiment();
  if (model_) {
    a.lexicon_sentiment = a.sentiment;
    a.sentiment = model_blend_ * model_->SentimentScore(input) + (1 - model_blend_) * a.sentiment;
  }
  a.label.assign(SentimentLabel(a.sentiment));
  if (context.depth == AnalysisDepth::kSentiment) return a;
  if (topics_.size() > 0) reading.ReadTopics(topics_, a);
  reading.ReadFindings(context.employees, a);
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
