// Time and length: complaints made without a word of complaint (a long wait, the date it is now,
// a long queue), and the shape of a long story, whose closing sentences say what it concludes.
#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <optional>

#include "core/strings.h"
#include "text/comment_reading.h"
#include "text/duration.h"
#include "text/rating.h"

namespace peakend::text {
namespace {

// A wait as long as this or longer, said beside a word of waiting within kWaitReach words and
// with nothing else said in its clause ("45 minuten in de rij gestaan", "queued for 90 minutes"),
// is a complaint this strong, unless said to be short within kShortWaitReach words before its
// duration ("hoefden maar 20 minuten te wachten", "only waited half an hour").
constexpr double kLongWaitMinutes = 20;
constexpr double kLongWaitValence = -1.2;
constexpr std::size_t kWaitReach = 10;
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
constexpr double kTimePassedValence = -1.2;
// A word of length ("lang", "long") within kLengthReach words of a word of waiting in its clause
// ("long wait", "de rij was erg lang", "lange wachttijden") is a complaint this strong, made
// stronger or turned round by the words before it as any sentiment word is ("not a long wait").
constexpr std::size_t kLengthReach = 5;
constexpr double kLongLengthValence = -1.4;
// "As long as", "how long": the length is not the customer's verdict.
constexpr std::array<std::string_view, 4> kLengthAsked = {"how", "hoe", "hoelang", "zolang"};
constexpr std::array<std::string_view, 2> kLengthCondition = {"as", "als"};
constexpr std::array<std::string_view, 14> kShortWaitWords = {"only", "just", "slechts", "maar", "amper", "hardly", "barely",
                                                              "less", "minder", "under", "onder", "binnen", "within", "nauwelijks"};
// A time something took said as a rough figure ("de klus duurde ongeveer een uur", "took about
// 45 minutes") reports it; only a wait word ("ongeveer een uur gewacht") still complains.
constexpr std::array<std::string_view, 9> kApproximateWords = {"ongeveer", "zo'n", "circa", "rond", "about", "around",
                                                               "roughly", "approximately", "approx"};
// Words that close a question asking the reader to agree, not the company to act.
constexpr std::array<std::string_view, 7> kTagQuestionWords = {"toch", "right", "hè", "he", "eh", "innit", "hoor"};
// The last sentences of a long story in which a question or request makes it a request.
constexpr std::size_t kAskingSentences = 4;

// "Eindelijk opgelost, na 3 weken en 6 telefoontjes", "finally fixed the damp after 7 months":
// a word of waiting at last (a wait word of value kFinallyValue) in a sentence that says after
// how long ("na", "after" with days to a year, or a count of calls, emails or visits of at
// least kFinallyMinAttempts) complains of the wait; the outcome in its clause is no praise.
// Years are a search, not a wait ("eindelijk na 10 jaar een goede tandarts").
constexpr double kFinallyValue = 2.0;
constexpr double kFinallyMinMinutes = 2 * 24 * 60;
constexpr double kFinallyMaxMinutes = 366 * 24 * 60;
constexpr double kFinallyMinAttempts = 2;
constexpr std::size_t kFinallyAfterReach = 4;  // words from "na" to the unit: "na ruim drie weken"
constexpr std::array<std::string_view, 2> kAfterWords = {"na", "after"};
constexpr std::array<std::string_view, 22> kAttemptWords = {
    "telefoontjes", "belletjes", "mails", "e-mails", "emails", "keer", "pogingen", "bezoeken", "gesprekken", "klachten",
    "contactmomenten", "calls", "visits", "attempts", "tries", "complaints", "chats", "times", "letters", "brieven",
    "contacts", "gesprekjes"};

// A count written in digits, in words or as Dutch does ("6", "zes", "3x").
std::optional<double> CountOf(std::string_view lower) {
  if (auto word = NumberWordValue(lower)) return word;
  if (!lower.empty() && lower.back() == 'x') lower.remove_suffix(1);
  int count = 0;
  auto [end, error] = std::from_chars(lower.data(), lower.data() + lower.size(), count);
  if (lower.empty() || error != std::errc() || end != lower.data() + lower.size()) return std::nullopt;
  return count;
}

// Nobody doing what was asked (ReadNobody), and the value below which a scale word supposes
// ("zou", "would", "maybe"; see [modifier hypothetical]).
constexpr double kNobodyValence = -1.2;
constexpr double kHypotheticalScale = -1.5;
// Words after "nobody" that single someone out: "Niemand behalve Sanne", "nobody but Jade".
constexpr std::array<std::string_view, 7> kSingledOut = {"behalve", "buiten", "except", "apart", "but", "besides", "other"};
// Words that tell of what will or would be: "niemand zal het verschil zien", "nobody'll know".
constexpr std::array<std::string_view, 9> kWillWords = {"will", "would", "zal", "zullen", "zou", "zouden", "gonna", "nobody'll", "wont"};
// What was got instead of what was ordered (ReadWrongItems): the verbs of getting, the words that
// may open their clause, the words after an order's verb that say how or when it was placed, and
// the words after a verb of getting that say it was what was ordered, and a confirmation of it.
constexpr double kWrongItemValence = -1.5;
constexpr std::array<std::string_view, 10> kGotVerbs = {"got", "received", "recieved", "get", "getting", "kreeg", "kregen",
                                                        "krijg", "ontving", "ontvingen"};
constexpr std::array<std::string_view, 9> kGotOpeners = {"and", "but", "i", "we", "they", "en", "maar", "ik", "ze"};
constexpr std::array<std::string_view, 22> kHowOrWhenOrdered = {
    "through", "thru", "via", "on", "online", "at", "in", "from", "by", "with", "yesterday", "today",
    "last", "this", "before", "after", "op", "bij", "gisteren", "vandaag", "vorige", "om"};
constexpr std::array<std::string_view, 16> kWhatWasOrdered = {"it",  "them", "one", "exactly", "everything", "what",
                                                               "my",  "our",  "het", "hem",     "ze",         "die",
                                                               "dat", "alles", "precies", "wat"};
constexpr std::array<std::string_view, 8> kConfirmations = {"confirmation", "receipt", "bevestiging", "bevestigingsmail",
                                                            "orderbevestiging", "ontvangstbevestiging", "bon", "tracking"};

// Praise that opens a sentence to judge what follows ("Fijn dat", "Love that", "Great to") judges
// a long wait only in irony: "Echt heel fijn dat ik weer 2 uur in de wacht mocht staan", "love
// that my premium package means I get to wait in the premium queue for 2 hours". Words of degree
// may stand before the praise.
constexpr std::array<std::string_view, 4> kJudgedFact = {"dat", "that", "to", "om"};
constexpr std::array<std::string_view, 9> kDegreeBeforePraise = {"echt", "heel", "zo", "super", "erg", "really", "so", "very", "just"};

// Whether one of `words` stands within kShortWaitReach words before the duration ending at
// tokens[unit].
template <std::size_t N>
bool SaidWith(const std::vector<TokenView>& tokens, std::size_t unit, const std::array<std::string_view, N>& words) {
  for (std::size_t k = unit > kShortWaitReach ? unit - kShortWaitReach : 0; k < unit; ++k) {
    if (IsOneOf(tokens[k].lower, words)) return true;
  }
  return false;
}

bool SaidShort(const std::vector<TokenView>& tokens, std::size_t unit) { return SaidWith(tokens, unit, kShortWaitWords); }
bool SaidRoughly(const std::vector<TokenView>& tokens, std::size_t unit) { return SaidWith(tokens, unit, kApproximateWords); }

}  // namespace

void CommentReading::ReadTimeTaken() {
  if (HasRole(ModifierRole::kNegation)) ReadNobody();
  if (HasRole(ModifierRole::kOrdered)) ReadWrongItems();
  if (HasRole(ModifierRole::kClaim)) ReadDoubtedClaims();
  if (HasRole(ModifierRole::kNow)) ReadTimePassed();
  if (HasRole(ModifierRole::kWait)) ReadLongWaits();
  if (HasRole(ModifierRole::kLength) && HasRole(ModifierRole::kWait)) ReadLongLengths();
}

// Adds the complaint a rule found where it stands among the valences, which are in token order.
void CommentReading::InsertInOrder(const Valence& valence) {
  auto after = std::upper_bound(valences_.begin(), valences_.end(), valence,
                                [](const Valence& x, const Valence& y) { return x.at < y.at; });
  valences_.insert(after, valence);
}

// "Nobody knocked", "Niemand had me gebeld", "nobody answer the phone", "Er is nog niemand
// geweest": nobody doing what the customer waited for is a complaint, though no word in the
// clause complains. A clause with a word of its own ("Nobody rushed me", "Nobody was rude")
// reads that word denied, one that supposes ("niemand zal het verschil zien", "nobody would
// notice") says what might be, and one with an exception ("Niemand behalve Sanne wilde me
// helpen") praises as much as it blames.
void CommentReading::ReadNobody() {
  for (const Modifier& mod : modifiers_) {
    if (mod.role != ModifierRole::kNegation || mod.value != kSubjectNegation) continue;
    std::size_t c = ClauseOf(mod.at);
    const Span& clause = clauses_[c];
    bool says_more = std::any_of(valences_.begin(), valences_.end(), [&](const Valence& v) { return ClauseOf(v.at) == c; });
    auto in_clause = ModifiersAt(clause.begin, clause.end);
    bool supposed = std::any_of(in_clause.begin(), in_clause.end(), [](const Modifier& m) {
      return (m.role == ModifierRole::kScale && m.value <= kHypotheticalScale) || m.role == ModifierRole::kWish;
    });
    supposed = supposed || (mod.at + 1 < tokens_.size() && IsOneOf(tokens_[mod.at + 1].lower, kSingledOut));
    for (std::size_t k = clause.begin; k < clause.end && !supposed; ++k) supposed = IsOneOf(tokens_[k].lower, kWillWords);
    if (says_more || supposed) continue;
    InsertInOrder({mod.at, kNobodyValence, 1});
  }
}

// "Ordered a large, got a small", "Asked for a callback, got a text", "ik had vega besteld, kreeg
// kip": what the customer ordered or asked for, set right beside something else they got, is a
// wrong item or a wrong answer, though no word complains. Not when what came is praised ("got
// a lovely replacement"), nor when the order is told by how or when it was placed ("Booked
// through the app, got a confirmation"), nor when what came is it ("Ordered Monday, got it
// Tuesday").
void CommentReading::ReadWrongItems() {
  for (const Modifier& mod : modifiers_) {
    if (mod.role != ModifierRole::kOrdered || !GotOtherThanOrdered(mod)) continue;
    InsertInOrder({mod.at, kWrongItemValence, 1});
  }
}

bool CommentReading::GotOtherThanOrdered(const Modifier& ordered) const {
  std::size_t c = ClauseOf(ordered.at);
  if (c + 1 >= clauses_.size()) return false;
  const Span& clause = clauses_[c];
  const Span& next = clauses_[c + 1];
  // The order's clause ends where the next begins, at a comma or a full stop.
  if (clause.end != next.begin && !(clause.end + 1 == next.begin && IsClauseEnd(tokens_[clause.end]))) return false;
  // English names the thing after the verb, Dutch before it ("vega besteld"): either way there
  // is one, and it is no word of how or when.
  std::size_t after = ordered.at + 1;
  bool object_after = after < clause.end && tokens_[after].kind != TokenKind::kPunctuation;
  bool object_before = ordered.at > clause.begin;
  if (!object_after && !object_before) return false;
  if (object_after && IsOneOf(tokens_[after].lower, kHowOrWhenOrdered)) return false;
  std::size_t got = next.begin;
  while (got < next.end && (tokens_[got].kind == TokenKind::kPunctuation || IsOneOf(tokens_[got].lower, kGotOpeners))) ++got;
  if (got + 1 >= next.end || !IsOneOf(tokens_[got].lower, kGotVerbs)) return false;
  if (IsOneOf(tokens_[got + 1].lower, kWhatWasOrdered)) return false;
  for (std::size_t k = got + 1; k < next.end; ++k) {
    if (IsOneOf(tokens_[k].lower, kConfirmations)) return false;
  }
  // What came may be praised ("got a lovely replacement"); what was ordered may be described
  // ("Ordered a birthday cake, got a wedding cake").
  return std::none_of(valences_.begin(), valences_.end(), [&](const Valence& v) { return ClauseOf(v.at) == c + 1 && v.value > 0; });
}

// What day it is now, said after an earlier date (kNowReach).
void CommentReading::ReadTimePassed() {
  for (const Modifier& mod : modifiers_) {
    if (mod.role != ModifierRole::kNow) continue;
    // The earlier date may stand in the same sentence, a clause before ("Besteld op 2 mei, het
    // is nu 20 juni").
    const Span& clause = clauses_[ClauseOf(mod.at)];
    std::size_t sentence = clause.sentence, begin = clause.begin, end = mod.at + 1;
    while (end < tokens_.size() && !IsSentenceEnd(tokens_[end])) ++end;
    bool dated = false, dated_before = false;
    for (std::size_t k = mod.at + 1; k < end && k <= mod.at + kNowReach; ++k) dated = dated || IsDateWord(tokens_[k].lower);
    for (std::size_t k = 0; k < begin && dated && !dated_before; ++k) {
      dated_before = tokens_[k].kind == TokenKind::kNumber || IsDateWord(tokens_[k].lower);
    }
    bool says_more = std::any_of(valences_.begin(), valences_.end(), [&](const Valence& v) {
      return v.value != 0 && clauses_[ClauseOf(v.at)].sentence == sentence;
    });
    if (!dated || !dated_before || says_more) continue;
    InsertInOrder({mod.at, kTimePassedValence, 1});
  }
}

// A long wait said without a word of complaint ("45 minuten in de rij gestaan", "Queued for 90
// minutes for a 2 minute ride") is one, unless its clause says more, its sentence praises, or
// the wait is said to be short or denied ("hoefden maar 20 minuten te wachten", "didn't have to
// wait an hour").
void CommentReading::ReadLongWaits() {
  for (const Modifier& mod : modifiers_) {
    if (mod.role == ModifierRole::kWait) ReadLongWait(mod);
  }
}

void CommentReading::ReadLongWait(const Modifier& mod) {
  if (mod.value == kFinallyValue) {
    ReadFinallyAfter(mod);
    return;
  }
  std::size_t c = ClauseOf(mod.at);
  const Span& clause = clauses_[c];
  std::size_t to = std::min(clause.end, mod.at + kWaitReach + 1), unit = to;
  bool short_wait = false;
  for (std::size_t k = std::max(clause.begin, mod.at > kWaitReach ? mod.at - kWaitReach : 0); k < to && unit == to; ++k) {
    std::optional<double> minutes = MinutesEndingAt(tokens_, k);
    bool long_wait = minutes && *minutes >= kLongWaitMinutes && (mod.value != kTakesTimeValue || *minutes < kLongestTakenMinutes);
    if (long_wait && !SaidShort(tokens_, k) && !(mod.value == kTakesTimeValue && SaidRoughly(tokens_, k))) unit = k;
    short_wait = short_wait || (minutes && *minutes < kLongWaitMinutes && (SaidRoughly(tokens_, k) || SaidShort(tokens_, k)));
  }
  // A short wait said roughly or as short ("ongeveer tien minuten gewacht", "waited about 10
  // minutes", "maar 5 minuten gewacht") is a report: the word of waiting loses its own
  // complaint. Said exactly, it may still be one ("dan sta je 10 minuten te wachten").
  if (unit == to && short_wait) {
    valences_.erase(std::remove_if(valences_.begin(), valences_.end(),
                                   [&](const Valence& v) { return v.at == mod.at && v.length == 1 && v.value < 0 && !v.rating; }),
                    valences_.end());
  }
  if (unit == to) return;
  auto in_clause = ModifiersAt(clause.begin, clause.end);
  bool denied = std::any_of(in_clause.begin(), in_clause.end(), [](const Modifier& m) { return m.role == ModifierRole::kNegation; });
  if (denied) return;
  const std::size_t opener = PraiseJudgingFact(clause.sentence);
  if (opener < mod.at) {
    ironic_sentence_.resize(clauses_.back().sentence + 1, 0);
    ironic_sentence_[clause.sentence] = 1;
  }
  bool says_more = std::any_of(valences_.begin(), valences_.end(), [&](const Valence& v) {
    std::size_t vc = ClauseOf(v.at);
    return v.at != opener && ((vc == c && v.value != 0) || (v.value > 0 && clauses_[vc].sentence == clause.sentence));
  });
  if (says_more) return;
  InsertInOrder({unit, kLongWaitValence, 1});
}

// Whether tokens[unit], a count noun, follows a count of at least kFinallyMinAttempts.
bool CommentReading::IsAttemptCount(std::size_t unit) const {
  if (unit == 0 || !IsOneOf(tokens_[unit].lower, kAttemptWords)) return false;
  std::optional<double> count = CountOf(tokens_[unit - 1].lower);
  return count && *count >= kFinallyMinAttempts;
}

// A word of waiting at last and after how long (kFinallyValue).
void CommentReading::ReadFinallyAfter(const Modifier& mod) {
  const std::size_t c = ClauseOf(mod.at);
  std::size_t begin = clauses_[c].begin, end = clauses_[c].end;
  while (begin > 0 && !IsSentenceEnd(tokens_[begin - 1])) --begin;
  while (end < tokens_.size() && !IsSentenceEnd(tokens_[end - 1])) ++end;
  std::optional<std::size_t> unit;
  for (std::size_t k = begin; k < end && !unit; ++k) {
    if (!IsOneOf(tokens_[k].lower, kAfterWords)) continue;
    for (std::size_t u = k + 1; u < end && u <= k + kFinallyAfterReach && !unit; ++u) {
      std::optional<double> minutes = MinutesEndingAt(tokens_, u);
      if ((minutes && *minutes >= kFinallyMinMinutes && *minutes <= kFinallyMaxMinutes) || IsAttemptCount(u)) unit = u;
    }
  }
  if (!unit) return;
  for (Valence& v : valences_) {
    if (ClauseOf(v.at) == c && v.value > 0 && !v.rating) v.value = 0;
  }
  Valence wait{*unit, kLongWaitValence, 1};
  wait.outlasts_repair = true;
  InsertInOrder(wait);
}

// Where the praise stands that opens `sentence` to judge what follows (kJudgedFact), or
// tokens_.size() when the sentence opens otherwise.
std::size_t CommentReading::PraiseJudgingFact(std::size_t sentence) const {
  std::size_t k = SentenceSpan(sentence).first;
  while (k < tokens_.size() && IsOneOf(tokens_[k].lower, kDegreeBeforePraise)) ++k;
  if (k + 1 >= tokens_.size() || !IsOneOf(tokens_[k + 1].lower, kJudgedFact)) return tokens_.size();
  bool praise = std::any_of(valences_.begin(), valences_.end(), [&](const Valence& v) { return v.at == k && v.length == 1 && v.value > 0; });
  return praise ? k : tokens_.size();
}

// A word of length beside a word of waiting (kLengthReach).
void CommentReading::ReadLongLengths() {
  for (const Modifier& mod : modifiers_) {
    if (mod.role != ModifierRole::kLength) continue;
    if ((mod.at > 0 && IsOneOf(tokens_[mod.at - 1].lower, kLengthAsked)) ||
        (mod.at + 1 < tokens_.size() && IsOneOf(tokens_[mod.at + 1].lower, kLengthCondition))) {
      continue;
    }
    const Span& clause = clauses_[ClauseOf(mod.at)];
    std::size_t from = std::max(clause.begin, mod.at > kLengthReach ? mod.at - kLengthReach : 0);
    std::size_t to = std::min(clause.end, mod.at + kLengthReach + 1);
    auto near = ModifiersAt(from, to);
    bool waiting = std::any_of(near.begin(), near.end(), [](const Modifier& m) {
      return m.role == ModifierRole::kWait && m.value != kTakesTimeValue;
    });
    // A phrase that says it already ("long queue", "lange rij") keeps its own value.
    bool said = std::any_of(valences_.begin(), valences_.end(), [&](const Valence& v) {
      return v.value != 0 && v.at < to && v.at + v.length > from;
    });
    if (!waiting || said) continue;
    InsertInOrder({mod.at, kLongLengthValence, 1});
  }
}

// Whether the comment is a long story, and where its closing sentences begin.
void CommentReading::MeasureStory() {
  sentence_count_ = clauses_.empty() ? 0 : clauses_.back().sentence + 1;
  long_story_ = sentence_count_ >= kLongStorySentences && tokens_.size() >= kLongStoryTokens;
  closing_from_ = long_story_ ? sentence_count_ - kClosingSentences : std::numeric_limits<std::size_t>::max();
  short_last_sentence_ = ShortLastSentence();
}

// Where the comment's last sentence with words begins, when it has at most kShortClosingWords
// words and another sentence comes before it; tokens_.size() otherwise.
std::size_t CommentReading::ShortLastSentence() const {
  std::size_t words = 0;
  for (std::size_t k = tokens_.size(); k-- > 0;) {
    const TokenView& t = tokens_[k];
    if (t.kind == TokenKind::kPunctuation && IsSentenceEnd(t) && words > 0) return k + 1;
    words += t.kind == TokenKind::kWord || t.kind == TokenKind::kNumber;
    if (words > kShortClosingWords) break;
  }
  return tokens_.size();
}

// Whether a long story closes by asking something of the company.
bool CommentReading::ClosesByAsking() const {
  if (!long_story_) return false;
  // A letter's question is often followed by when the customer can be reached and a greeting.
  const std::size_t asking_from = sentence_count_ > kAskingSentences ? sentence_count_ - kAskingSentences : 0;
  auto first = std::find_if(clauses_.begin(), clauses_.end(), [&](const Span& c) { return c.sentence >= asking_from; });
  if (first == clauses_.end()) return false;
  auto closing = ModifiersAt(first->begin, tokens_.size());
  // A question tagged for agreement ("Meer wil je niet, toch?", "That's the job, right?") asks
  // nothing of the company.
  auto asks_company = [&](std::size_t k) {
    return tokens_[k].punctuation == '?' && !(k > 0 && IsOneOf(tokens_[k - 1].lower, kTagQuestionWords));
  };
  // A question the customer calls small ("Quick question:", "Nog een vraagje") is an aside to
  // what the letter says, not what it is for.
  if (std::any_of(closing.begin(), closing.end(), [](const Modifier& mod) { return mod.role == ModifierRole::kAside; })) {
    return false;
  }
  bool question = false;
  for (std::size_t k = first->begin; k < tokens_.size() && !question; ++k) question = asks_company(k);
  return question ||
         std::any_of(closing.begin(), closing.end(), [](const Modifier& mod) { return mod.role == ModifierRole::kRequest; });
}

}  // namespace peakend::text
