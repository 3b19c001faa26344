// Praise that means the opposite: irony markers, praise of the past or of a former provider,
// sarcastic openers ("Geweldig hoor, weer een week later") and closers ("... Brilliant.").
#include <algorithm>
#include <array>

#include "core/strings.h"
#include "text/comment_reading.h"

namespace peakend::text {
namespace {

// A sarcastic opener: a sentiment word and at most an interjection ("Geweldig hoor,", "Oh
// fantastic,", "Nou lekker dan,").
constexpr std::size_t kMaxOpenerWords = 3;
constexpr char kHabitRepeat = 1, kAgainRepeat = 2;  // what a clause repeats (kHabitValue)
// Interjections that make a burst of praise mock whatever complaint follows it ("Geweldig hoor,
// pakket bij de verkeerde buren", "Top zeg, drie dagen geen internet", "Oh lovely, a survey from
// the company that hung up on me").
constexpr std::array<std::string_view, 3> kMockingInterjections = {"hoor", "zeg", "oh"};
constexpr double kStrongPraiseValence = 2.5;
constexpr std::array<std::string_view, 25> kInterjections = {"hoor", "zeg", "dan", "nou", "oh", "o", "wow", "zo", "echt",
                                                             "well", "just", "really", "how", "so",
                                                             // and whom it is said to ("Well done guys,", "well done everyone")
                                                             "guys", "lads", "folks", "jongens", "jullie", "mensen", "team",
                                                             "everyone", "everybody", "iedereen", "allemaal"};
// A sarcastic closer: a sentence of bare praise ("Brilliant.", "Top service hoor") ending a
// comment whose other sentences only complain. Its words are sentiment words, interjections and
// these nouns of praise said of the whole, at most kMaxCloserWords of them.
constexpr std::size_t kMaxCloserWords = 3;
// Words of habit a closer may add without counting ("Great service as ever 👏", "Top hoor, zoals
// altijd"): after nothing but complaint they make it more sarcastic, not less.
constexpr std::array<std::string_view, 7> kHabitWords = {"as", "ever", "always", "usual", "zoals", "altijd", "gewoonlijk"};
constexpr std::array<std::string_view, 24> kPraisedWholes = {
    "service", "job", "work", "werk", "team", "stuff", "planning", "timing", "organisation", "organization",
    "organisatie", "communication", "communicatie", "klantenservice", "start", "system", "systeem", "geregeld",
    "deal", "effort", "move", "customer", "experience", "ervaring"};
// "Top service 👍 (not)": "not" closing a sentence of praise takes it back, and so does "Not." as
// the sentence after it. Dutch "niet" ends many a sincere sentence ("vriendelijk waren ze niet"),
// so it takes praise back only set apart: "top service (niet)", "Top service. Niet."
constexpr std::string_view kTakenBack = "not";
constexpr std::array<std::string_view, 2> kTakenBackApart = {"niet", "nie"};
// Applause: sincere after praise ("Great team 👏"), mocking in a sentence that complains ("Lost
// my parcel again 👏", "Well done for losing my order 👏").
constexpr std::string_view kApplause = "👏";
// The words after a rating that tell what the customer would do again ("10/10 would ...").
constexpr std::array<std::string_view, 2> kWouldAfterRating = {"would", "zou"};

}  // namespace

// The sentences an irony marker stands in, and the clauses that praise the past.
void CommentReading::MarkIrony() {
  ironic_sentence_.clear();
  former_clause_.clear();
  if (!HasRole(ModifierRole::kIrony) && !HasRole(ModifierRole::kFormer)) return;
  for (const Modifier& mod : modifiers_) {
    if (mod.role == ModifierRole::kIrony) {
      std::size_t sentence = clauses_[ClauseOf(mod.at)].sentence;
      if (mod.value == kIronyBesideComplaint && !SentenceComplains(sentence)) continue;
      ironic_sentence_.resize(clauses_.back().sentence + 1, 0);
      ironic_sentence_[sentence] = 1;
    }
    if (mod.role == ModifierRole::kFormer) {
      former_clause_.resize(clauses_.size(), 0);
      former_clause_[ClauseOf(mod.at)] = 1;
    }
  }
}

// Whether some word of `sentence` complains, before any rule has weighed it.
bool CommentReading::SentenceComplains(std::size_t sentence) const {
  return std::any_of(valences_.begin(), valences_.end(),
                     [&](const Valence& v) { return v.value < 0 && clauses_[ClauseOf(v.at)].sentence == sentence; });
}

// Sarcastic openers: "Geweldig hoor, weer een week later", "Oh fantastic, another delay". A
// sentence that opens with a bare burst of praise (a sentiment word and at most an
// interjection), set off by a comma, and goes on to the same thing going wrong again, means
// the opposite of the praise. A plain complaint after it is not enough: "Goed, alleen de
// levering was traag" and "Vriendelijk personeel, lange wachttijd" mean what they say.
void CommentReading::ReadSarcasticOpeners() {
  ironic_opener_.clear();
  if (clauses_.size() <= 1 || valences_.empty() || !MayOpenWithBurst()) return;
  clause_raw_valence_.assign(clauses_.size(), 0);
  clause_repeats_.assign(clauses_.size(), 0);
  for (const Valence& v : valences_) clause_raw_valence_[ClauseOf(v.at)] += v.value;
  for (const Modifier& mod : modifiers_) {
    if (mod.role != ModifierRole::kRepeat) continue;
    char& seen = clause_repeats_[ClauseOf(mod.at)];
    seen = std::max<char>(seen, mod.value == kHabitValue ? kHabitRepeat : kAgainRepeat);
  }
  for (std::size_t c = 0; c + 1 < clauses_.size(); ++c) {
    bool mocking = false;  // "hoor", "zeg": praise said so mocks
    if (IsBurst(c, mocking) && MockedAfter(c, mocking)) {
      ironic_opener_.resize(clauses_.size(), 0);
      ironic_opener_[c] = 1;
    }
  }
}

// Only a short clause that opens a sentence and ends in a comma can be such a burst (its span
// holds its words and, at most as many, the marks between them).
bool CommentReading::MayOpenWithBurst() const {
  for (std::size_t c = 0; c + 1 < clauses_.size(); ++c) {
    bool opens_sentence = c == 0 || clauses_[c - 1].sentence != clauses_[c].sentence;
    if (opens_sentence && clauses_[c].end > clauses_[c].begin && clauses_[c].end - clauses_[c].begin <= 2 * kMaxOpenerWords &&
        tokens_[clauses_[c].end - 1].punctuation == ',') {
      return true;
    }
  }
  return false;
}

// A clause of interjections only ("Nou,", "Oh,") leaves the sentence still to be opened.
bool CommentReading::OnlyInterjections(const Span& clause) const {
  for (std::size_t k = clause.begin; k < clause.end; ++k) {
    if (tokens_[k].kind != TokenKind::kPunctuation && !IsOneOf(tokens_[k].lower, kInterjections)) return false;
  }
  return true;
}

// Whether clause c is a burst of praise that opens its sentence, and whether it mocks.
bool CommentReading::IsBurst(std::size_t c, bool& mocking) const {
  const Span& opener = clauses_[c];
  const std::vector<double>& raw = clause_raw_valence_;
  bool opens_sentence = c == 0 || clauses_[c - 1].sentence != opener.sentence ||
                        ((c == 1 || clauses_[c - 2].sentence != opener.sentence) && OnlyInterjections(clauses_[c - 1]));
  if (!opens_sentence || raw[c] <= 0 || opener.end == 0 || tokens_[opener.end - 1].punctuation != ',') return false;
  // Praise made by denying a fault ("Geen rij, zo weer buiten", "No fuss, in and out") is no
  // burst: it tells what went right.
  auto in_opener = ModifiersAt(opener.begin, opener.end);
  if (std::any_of(in_opener.begin(), in_opener.end(), [](const Modifier& m) { return m.role == ModifierRole::kNegation; })) return false;
  std::size_t words = 0, others = 0;  // others: words that are neither sentiment nor interjection
  bool all_sentiment = true;          // every word inside a sentiment word or phrase
  for (std::size_t k = opener.begin; k < opener.end; ++k) {
    if (tokens_[k].kind == TokenKind::kPunctuation) continue;
    words += !IsOneOf(tokens_[k].lower, kHabitWords);
    bool interjection = IsOneOf(tokens_[k].lower, kInterjections);
    mocking = mocking || IsOneOf(tokens_[k].lower, kMockingInterjections);
    bool sentiment = std::any_of(valences_.begin(), valences_.end(), [&](const Valence& v) {
      return v.at <= k && k < v.at + v.length;  // a phrase's every word ("Goed bezig,", "Top service hoor,")
    });
    // "Geweldig weer, trein valt uit": the repeat is part of the mocking burst.
    bool repeat = std::any_of(modifiers_.begin(), modifiers_.end(),
                              [&](const Modifier& m) { return m.at == k && m.role == ModifierRole::kRepeat; });
    all_sentiment = all_sentiment && (sentiment || repeat);
    others += !interjection && !sentiment && !repeat;
  }
  std::size_t terms = 0;  // sentiment words and phrases read in it (not a phrase's own tail)
  ForEachReadValence(valences_, [&](const Valence& v) { terms += v.at >= opener.begin && v.at < opener.end; });
  // A single word or phrase of strong praise set off on its own ("Great, the locker ate my
  // code", "Well done, you lost my parcel", "Heerlijk, een bezorger die ...") mocks a
  // complaint after it as "hoor" does; milder words open a sentence as "well" does ("Goed, de
  // levering was laat").
  mocking = mocking || (terms == 1 && all_sentiment && raw[c] >= kStrongPraiseValence);
  return !(words > kMaxOpenerWords || others > 0 || (!mocking && !HasRole(ModifierRole::kRepeat)));
}

// Whether what follows the burst of praise in clause c shows that the praise was not meant.
bool CommentReading::MockedAfter(std::size_t c, bool mocking) const {
  const Span& opener = clauses_[c];
  const std::vector<double>& raw = clause_raw_valence_;
  // The sentence the burst opens, and the next when the burst is all the first has to say
  // besides whom it is said to ("Fantastisch hoor, NS. Weer een storing.").
  std::size_t reach = opener.sentence;
  if (c + 1 < clauses_.size() && clauses_[c + 1].sentence == opener.sentence &&
      (c + 2 == clauses_.size() || clauses_[c + 2].sentence != opener.sentence) && clauses_[c + 1].end - clauses_[c + 1].begin <= 2 &&
      raw[c + 1] == 0) {
    ++reach;
  }
  for (std::size_t later = c + 1; later < clauses_.size() && clauses_[later].sentence <= reach; ++later) {
    // After a mocking burst any complaint that does not turn the comment ("Top hoor, maar
    // ...") shows the praise was not meant; one put right ("Screaming with joy, the bank
    // refunded the scam money") shows it was.
    auto in_later = ModifiersAt(clauses_[later].begin, clauses_[later].end);
    bool put_right = std::any_of(in_later.begin(), in_later.end(),
                                 [](const Modifier& m) { return m.role == ModifierRole::kResolution; });
    if (mocking && raw[later] < 0 && !clauses_[later].has_contrast_before && !put_right) return true;
    // A negation before the repeat denies it: "no need to call again".
    std::size_t first_repeat = clauses_[later].end;
    for (const Modifier& m : in_later) {
      if (m.role == ModifierRole::kRepeat) first_repeat = std::min(first_repeat, m.at);
    }
    bool denied = std::any_of(in_later.begin(), in_later.end(), [&](const Modifier& m) {
      return m.role == ModifierRole::kNegation && m.at < first_repeat;
    });
    if (denied) continue;
    char repeats = clause_repeats_[later];
    if ((repeats == kAgainRepeat && raw[later] <= 0) || (repeats == kHabitRepeat && raw[later] < 0)) return true;
  }
  return false;
}

// Sarcastic closers: "Driver left my parcel in the recycling bin. Brilliant." and praise taken
// back by a closing "not". Both only where the rest of the comment gives no praise of its own.
void CommentReading::ReadSarcasticCloser() {
  bool ends_in_praise = !valences_.empty() && valences_.back().value > 0;
  if (!ends_in_praise) return;
  std::size_t last = clauses_.back().sentence;
  while (last > 0 && !HasWords(last)) --last;
  auto [begin, end] = SentenceSpan(last);
  // Most comments end in a longer sentence: count its words first, and read no further then.
  bool taken_back = false;
  std::size_t words = 0;
  for (std::size_t k = begin; k < end && k < tokens_.size(); ++k) {
    if (tokens_[k].kind == TokenKind::kPunctuation) continue;
    // Emoji say how the words are meant ("Top hoor 👏👏"); they are no more words of it.
    bool emoji = tokens_[k].kind == TokenKind::kEmoji || tokens_[k].kind == TokenKind::kEmoticon;
    words += !emoji && !IsOneOf(tokens_[k].lower, kHabitWords);
    bool last_word = k + 1 == tokens_.size() || tokens_[k + 1].kind == TokenKind::kPunctuation;
    // After a mark, or in brackets (which are no tokens: the byte before the word tells).
    bool set_apart = k == 0 || tokens_[k - 1].kind == TokenKind::kPunctuation || tokens_[k].text.data()[-1] == '(' ||
                     tokens_[k].text.data()[-1] == '[';
    taken_back = last_word && (tokens_[k].lower == kTakenBack || (set_apart && IsOneOf(tokens_[k].lower, kTakenBackApart)));
  }
  // "Not." on its own takes back the sentence before it, when that one has the praise.
  if (taken_back && words == 1) {
    std::size_t before = last;
    while (before > 0 && !HasWords(--before)) {
    }
    if (before == last || valences_.back().at < SentenceSpan(before).first) taken_back = false;
    else last = before;
  }
  bool bare_closer = !taken_back && begin > 0 && words <= kMaxCloserWords && IsBareCloser(begin, end);
  if (taken_back || bare_closer) {
    ironic_sentence_.resize(clauses_.back().sentence + 1, 0);
    ironic_sentence_[last] = 1;
  }
}

// Whether `sentence` has words, not only marks.
bool CommentReading::HasWords(std::size_t sentence) const {
  return std::any_of(clauses_.begin(), clauses_.end(), [&](const Span& c) {
    return c.sentence == sentence && c.end > c.begin && tokens_[c.begin].kind != TokenKind::kPunctuation;
  });
}

// The tokens [first, second) of `sentence`.
std::pair<std::size_t, std::size_t> CommentReading::SentenceSpan(std::size_t sentence) const {
  std::pair<std::size_t, std::size_t> span{tokens_.size(), 0};
  for (const Span& c : clauses_) {
    if (c.sentence == sentence) span.first = std::min(span.first, c.begin), span.second = std::max(span.second, c.end);
  }
  return span;
}

// Whether the closing sentence, tokens [begin, end), is bare praise after nothing but complaint.
bool CommentReading::IsBareCloser(std::size_t begin, std::size_t end) const {
  // The earlier words' direction, a negation just before one turning it ("nooit problemen",
  // "niet met het duurste").
  bool earlier_praise = false, earlier_complaint = false;
  for (const Valence& v : valences_) {
    if (v.at >= begin) continue;
    double value = DirectedValue(v);
    earlier_praise = earlier_praise || value > 0;
    earlier_complaint = earlier_complaint || value < 0;
  }
  std::size_t others = 0;  // words that are neither praise, interjection nor a praised whole
  for (std::size_t k = begin; k < end && k < tokens_.size(); ++k) {
    if (tokens_[k].kind == TokenKind::kPunctuation || tokens_[k].kind == TokenKind::kEmoji) continue;
    bool praise = std::any_of(valences_.begin(), valences_.end(), [&](const Valence& v) { return v.at == k && v.value > 0; });
    others += !praise && !IsOneOf(tokens_[k].lower, kInterjections) && !IsOneOf(tokens_[k].lower, kPraisedWholes) &&
              !IsOneOf(tokens_[k].lower, kHabitWords);
  }
  return others == 0 && earlier_complaint && !earlier_praise && !TurnedBefore(begin);
}

// The direction of the valence `v`: turned round by a negation just before it in its clause,
// with no other sentiment word between them ("nooit problemen", "niet met het duurste"; not the
// 👏 of "Nooit problemen 👏").
double CommentReading::DirectedValue(const Valence& v) const {
  auto before = ModifiersAt(v.at > kModifierWindow ? v.at - kModifierWindow : 0, v.at);
  bool negated = std::any_of(before.begin(), before.end(), [&](const Modifier& mod) {
    return mod.role == ModifierRole::kNegation && ClauseOf(mod.at) == ClauseOf(v.at) &&
           std::none_of(valences_.begin(), valences_.end(), [&](const Valence& w) { return w.at > mod.at && w.at < v.at; });
  });
  // Praise in a burst that mocks ("Geweldig hoor, weer een briefje") points the other way too.
  std::size_t c = ClauseOf(v.at);
  bool mocking = c < ironic_opener_.size() && ironic_opener_[c];
  return negated != mocking ? -v.value : v.value;
}

// Whether the comment turns for the better before tokens[i], which makes praise there sincere:
// a turn ("maar de klantenservice heeft het opgelost. Chapeau!"), a problem solved ("the
// replacement arrived before I'd even posted the old one. Brilliant.") or a complaint about the
// past ("Vroeger moest je weken wachten ... Complimenten.").
bool CommentReading::TurnedBefore(std::size_t i) const {
  return HasRole(ModifierRole::kFormer) || SolvedBefore(i) ||
         std::any_of(clauses_.begin(), clauses_.end(), [&](const Span& c) { return c.has_contrast_before && c.begin < i; });
}

// Whether a word of resolution stands before tokens[i] that no negation denies: "nog steeds niet
// terugbetaald", "still not fixed" solve nothing.
bool CommentReading::SolvedBefore(std::size_t i) const {
  if (!HasRole(ModifierRole::kResolution)) return false;
  for (const Modifier& mod : ModifiersAt(0, i)) {
    if (mod.role != ModifierRole::kResolution) continue;
    auto before = ModifiersAt(mod.at > kModifierWindow ? mod.at - kModifierWindow : 0, mod.at);
    bool denied = std::any_of(before.begin(), before.end(), [&](const Modifier& m) {
      return m.role == ModifierRole::kNegation && ClauseOf(m.at) == ClauseOf(mod.at);
    });
    if (!denied) return true;
  }
  return false;
}

// Applause for a failure: an applause emoji in a sentence that complains more than it praises,
// or says that something went wrong again, mocks it, and the sentence's praise (the applause with it) means
// the opposite, unless the comment turned for the better before it.
void CommentReading::ReadMockingApplause() {
  for (const Valence& applause : valences_) {
    if (!tokens_[applause.at].text.starts_with(kApplause)) continue;
    const std::size_t sentence = clauses_[ClauseOf(applause.at)].sentence;
    auto [begin, end] = SentenceSpan(sentence);
    double said = 0;  // what the rest of the sentence says, the applause aside
    for (const Valence& v : valences_) {
      if (v.at >= begin && v.at < end && v.at != applause.at) said += DirectedValue(v);
    }
    bool complains = said < 0;
    bool again = HasRoleIn(ModifierRole::kRepeat, begin, end);
    if ((complains || again) && !TurnedBefore(applause.at)) {
      ironic_sentence_.resize(clauses_.back().sentence + 1, 0);
      ironic_sentence_[sentence] = 1;
    }
  }
}

// "10/10 would get ripped off again", "5/5 would be overcharged again": a top rating that heads
// what the customer would do again is a joke when what follows it in its clause complains; the
// rating then says the opposite.
void CommentReading::ReadMockingRatings() {
  for (Valence& rating : valences_) {
    if (!rating.rating || rating.value <= 0) continue;
    std::size_t after = rating.at + rating.length;
    if (after >= tokens_.size() || !IsOneOf(tokens_[after].lower, kWouldAfterRating)) continue;
    std::size_t clause = ClauseOf(rating.at);
    bool complains = std::any_of(valences_.begin(), valences_.end(),
                                 [&](const Valence& v) { return v.at > after && ClauseOf(v.at) == clause && v.value < 0; });
    if (complains) rating.value = -rating.value;
  }
}

}  // namespace peakend::text
