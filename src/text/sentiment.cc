// The sentiment of each sentiment word where it stands (negations, words of degree, wishes,
// problems put right, quotes, promises, exceptions, questions) and of the comment as a whole.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "core/strings.h"
#include "text/comment_reading.h"
#include "text/quotes.h"

namespace peakend::text {
namespace {

constexpr double kNegationFactor = -0.74;
constexpr double kCapsBoost = 0.733;
constexpr double kExclamationBoost = 0.292;
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
// A grade is the customer's own verdict and the words beside it explain it: they count this
// share of what they would without it, enough to lean a neutral grade only when said strongly
// ("Moest even wachten maar goed geholpen, vandaar een 6" is a 6).
constexpr double kBesideGradeWeight = 0.05;
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
// Words that open a statement of their own under the one before: a negation before them does
// not reach the words from there on ("niet afgeleverd terwijl ik thuis was" does not deny "terwijl
// ik thuis was"; "Ik kan niet beschrijven hoe teleurgesteld ik ben" is disappointed). Narrower
// than kStatementJoins, which also holds "en", "maar" and "dus".
constexpr std::array<std::string_view, 9> kSubordinators = {"terwijl", "while", "whereas", "omdat", "because",
                                                            "want",    "toen",  "hoe",     "how"};
// An exception ("apart from the wait", "behalve de wachttijd") excepts at most this many words
// after it, up to a comma or a finite verb: the thing that fell short, not the rest.
constexpr std::size_t kExceptionReach = 3;
// The comment gains this much for the whole that pleased ("Only downside was the price" is a
// content customer).
constexpr double kExceptionRestValence = 0.8;
// Praise weaker than this in a plain question is what the question asks for ("werkt", "geholpen",
// "good"); stronger praise is the customer's own ("Could you thank the lovely lady at the desk?").
constexpr double kQuestionPraiseLimit = 2.0;
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
// The strength below which a sentiment word is a mild verdict. A plain question asking whether
// the company does something ("Repareren jullie gebarsten schermen?", "Do you sell parts for
// broken blinds?") names a problem to be solved, not one the service caused: its mild complaint
// words count for nothing there, stronger ones ("Is the service always this bad?") still do. The
// same holds after what the customer does not know yet ("Not sure yet if it's fixed").
constexpr double kMildVerdictStrength = 2.25;
constexpr double kDoubtedClaimValence = -1.5;  // ReadDoubtedClaims
constexpr std::size_t kScareQuoteWords = 4;    // "next day delivery", 'handed to resident'

// The pronouns that open a relative clause after a person ("my dad who ...", "mijn moeder die
// ..."), and how far after one a sentiment word may still describe that person.
constexpr std::array<std::string_view, 3> kRelativePronouns = {"who", "die", "that"};
constexpr std::size_t kRelativeClauseReach = 5;

// Whether `w` is a Dutch comparative ("behulpzamer", "blijer"), not an adjective that ends in -er
// itself ("lekker").
bool IsComparative(std::string_view w) {
  return w.size() >= kMinComparativeLength && w.ends_with("er") && !IsOneOf(w, kAdjectivesInEr);
}

}  // namespace

void CommentReading::ReadSentiment() {
  contrast_clause_ = clauses_.size();  // none
  for (std::size_t c = clauses_.size(); c-- > 0;) {
    if (clauses_[c].has_contrast_before) {
      contrast_clause_ = c;
      break;
    }
  }
  negation_spent_.assign(modifiers_.size(), 0);
  resolution_used_.assign(modifiers_.size(), 0);
  courtesy_ = 0;
  ReadExceptions();
  excepted_valence_ = 0;
  MeasureStory();
  closing_verdict_ = false;
  closing_undecided_ = false;
  degree_only_.clear();
  has_rating_ = std::any_of(valences_.begin(), valences_.end(), [](const Valence& x) { return x.rating; });
  total_ = 0;
  for (std::size_t n = 0; n < valences_.size(); ++n) ReadValence(n);
  CreditRecoveries();
  Conclude();
}

// Exceptions: the words they except, for the aspects, and the whole that pleased.
void CommentReading::ReadExceptions() {
  excepted_.clear();
  if (!HasRole(ModifierRole::kException)) return;
  for (const Modifier& mod : modifiers_) {
    if (mod.role != ModifierRole::kException) continue;
    const Span& clause = clauses_[ClauseOf(mod.at)];
    if (mod.value == kClauseException) {
      excepted_.push_back(Span{clause.begin, clause.end});
      continue;
    }
    std::size_t to = mod.at + 1;
    while (to < clause.end && to - mod.at <= kExceptionReach && tokens_[to].kind != TokenKind::kPunctuation &&
           !IsOneOf(tokens_[to].lower, kDutchFiniteVerbs) && !IsOneOf(tokens_[to].lower, kEnglishFiniteVerbs)) {
      ++to;
    }
    excepted_.push_back(Span{mod.at + 1, to});
  }
}

// Reads valences_[n], in its clause, into the clause's valence and the comment's total.
void CommentReading::ReadValence(std::size_t n) {
  const Valence& valence = valences_[n];
  std::size_t i = valence.at;
  const TokenView& t = tokens_[i];
  std::size_t clause = ClauseOf(i);
  // "for nothing 😡": words modify words; an emoji says what it says.
  bool word = t.kind == TokenKind::kWord || t.kind == TokenKind::kNumber;
  if (word && ReadsAsDegree(n, clause)) {
    degree_only_.push_back(i);
    return;
  }
  bool negated = false, negation_inside = false;
  double v = Turned(n, clause, word, negated, negation_inside);
  if (word) v = Wished(n, clause, v, negated);
  // A problem put right in the next clause still happened: its own clause keeps it for the
  // aspects it names ("Wrong item sent, replaced next day": the item was wrong).
  double put_right = 0;
  if (word && v < 0 && !valence.outlasts_repair && HasRole(ModifierRole::kResolution)) {
    if (std::size_t k = Resolved(i, i + valence.length); k < modifiers_.size()) {
      if (ClauseOf(modifiers_[k].at) != clause) put_right = v;
      v = 0;
      resolution_used_[k] = 1;
    }
  }
  bool undecided = false;  // a conclusion the customer has not drawn yet
  v = Unsaid(n, clause, word, v, undecided);
  // A conclusion that ends in the closing sentences closes ("Zou ik ze aanraden? Nee.").
  const bool closes = Closes(valence, clause);
  if (undecided && closes) closing_undecided_ = true;
  if (word && v > 0 && PromisedRepair(i, clause)) v = 0;
  if (v > 0 && Ironic(clause)) v *= kNegationFactor;
  // Praise in scare quotes (a "helpful" app) is doubted; in a quoted sentence it is what someone
  // said ("she said 'we should do this every year'") and no verdict either way.
  if (word && v > 0 && AllQuoted(i, i + valence.length)) v = ScareQuoted(i) ? v * kNegationFactor : 0;
  if (t.all_caps && matches_.any_small_word) v += (v >= 0 ? 1 : -1) * kCapsBoost;
  Weigh(n, clause, v, put_right, negation_inside, closes);
}

// A degree word that is a sentiment word too ("super", "vreselijk", "belachelijk") says only
// how much when a sentiment word follows it closely: "super traag" is slow, "vreselijk
// aardig" kind. Alone ("Super!", "Belachelijk.") it keeps its own sentiment.
bool CommentReading::ReadsAsDegree(std::size_t n, std::size_t clause) const {
  if (valences_[n].length != 1 || n + 1 == valences_.size()) return false;
  std::size_t i = valences_[n].at;
  const Valence& next = valences_[n + 1];
  auto at_word = ModifiersAt(i, i + 1);
  return next.at > i && next.at - i <= kDegreeReach && ClauseOf(next.at) == clause && tokens_[next.at].kind == TokenKind::kWord &&
         std::any_of(at_word.begin(), at_word.end(), [](const Modifier& mod) { return mod.role == ModifierRole::kScale && mod.value > 0; });
}

// The value of valences_[n] after the negations and the words of degree before it.
double CommentReading::Turned(std::size_t n, std::size_t clause, bool word, bool& negated, bool& negation_inside) {
  const Valence& valence = valences_[n];
  std::size_t i = valence.at;
  double v = valence.value;
  // A phrase with its own negation ("geen reactie", "niet slecht") already says what it
  // means: a negation before it ("nooit ontvangen en geen reactie") does not turn it round.
  auto inside = ModifiersAt(i, i + valence.length);
  // A praising or neutral phrase made with a negation ("niet verkeerd", "no problem", "no it")
  // uses it up: "Het was niet verkeerd ik kom zeker terug" returns. A complaining one ("still
  // not", "nog steeds niet") leaves it to deny the word after it ("nog steeds niet opgelost").
  for (const Modifier& mod : inside) {
    if (mod.role != ModifierRole::kNegation) continue;
    negation_inside = true;
    if (valence.value >= 0) negation_spent_[IndexOf(mod)] = 1;
  }
  negated = negation_inside;
  std::size_t window_from = i > kModifierWindow ? i - kModifierWindow : 0;
  for (const auto& mod : ModifiersAt(window_from, i)) {
    // Only negations and intensifiers or softeners change a word; the other roles have rules of
    // their own.
    if (!word || (mod.role != ModifierRole::kNegation && mod.role != ModifierRole::kScale && mod.role != ModifierRole::kContrast)) {
      continue;
    }
    if (mod.role == ModifierRole::kNegation && negation_inside) continue;
    // A grade one would give is the grade ("zou ze een 1 geven als het kon").
    if (valence.rating && mod.role == ModifierRole::kScale && mod.value <= kHypotheticalValue) continue;
    if (mod.at >= i || i - mod.at > kModifierWindow || ClauseOf(mod.at) != clause) continue;
    if (mod.role == ModifierRole::kNegation) {
      // A negation turns round the first sentiment word after it, not every one in reach:
      // "never fixed the broken zip" is not praise for the zip.
      std::size_t k = IndexOf(mod);
      if (negation_spent_[k] || Subordinated(mod.at, i)) continue;
      negation_spent_[k] = 1;
      negated = true;
      // "kon niet behulpzamer zijn", "had niet slechter gekund": what could not have been more
      // so was as good, or as bad, as it gets.
      if (CannotBeMore(i, mod.at)) continue;
      v *= kNegationFactor;
    } else {
      v += (v >= 0 ? 1 : -1) * mod.value * std::abs(v) / 2.0;
    }
  }
  if (word && !negated && window_from > clauses_[clause].begin && DeniedBySubject(n, clause, window_from)) {
    v *= kNegationFactor;
    negated = true;
  }
  return v;
}

// Whether a word opening a statement of its own stands in (from, to]: what follows it is out of
// reach of a negation at `from`.
bool CommentReading::Subordinated(std::size_t from, std::size_t to) const {
  for (std::size_t k = from + 1; k <= to && k < tokens_.size(); ++k) {
    if (IsOneOf(tokens_[k].lower, kSubordinators)) return true;
  }
  return false;
}

// A negation standing as the subject ("Nobody at the desk was helpful", "Niemand aan de balie
// was vriendelijk") denies the first sentiment word of its statement, however far.
bool CommentReading::DeniedBySubject(std::size_t n, std::size_t clause, std::size_t window_from) {
  std::size_t previous = n == 0 ? 0 : valences_[n - 1].at + 1;
  std::size_t i = valences_[n].at;
  for (const auto& mod : ModifiersAt(std::max(clauses_[clause].begin, previous), window_from)) {
    std::size_t k = IndexOf(mod);
    if (mod.role != ModifierRole::kNegation || mod.value != kSubjectNegation || negation_spent_[k]) continue;
    bool joined = false;
    for (std::size_t between = mod.at + 1; between < i && !joined; ++between) {
      joined = IsOneOf(tokens_[between].lower, kStatementJoins);
    }
    if (joined) continue;
    negation_spent_[k] = 1;
    return true;
  }
  return false;
}

// The value `v` of the word valences_[n] where the customer wished it were so, or denied it at
// the end of its clause.
double CommentReading::Wished(std::size_t n, std::size_t clause, double v, bool negated) const {
  const Valence& valence = valences_[n];
  std::size_t i = valence.at;
  // What the customer wished had been so ("had sneller gekund", "could have been quicker") was
  // missed; denied ("had niet beter gekund", "could not have been better") it is praise.
  if (valence.value > 0) {
    if (const Modifier* wish = WishNear(i, i + valence.length, clause)) {
      return negated ? -v : v * wish->value;  // and a closing negation does not turn it again
    }
  }
  if (!negated && NegatedAtClauseEnd(i, i + valence.length - 1)) return v * kNegationFactor;
  // "Kan goedkoper", "mag wat sneller", "had vriendelijker gekund": a Dutch comparative of
  // praise right after a verb of being able or allowed is what the customer wished were so.
  if (lang_ == TermLanguage::kDutch && !negated && v > 0 && valence.length == 1 && i > 0 && IsComparative(tokens_[i].lower)) {
    std::size_t verb = i > 1 && IsOneOf(tokens_[i - 1].lower, kWishFillers) ? i - 2 : i - 1;
    if (IsOneOf(tokens_[verb].lower, kWishVerbs)) v *= kComparativeWishShare;
  }
  return v;
}

// The value `v` of valences_[n], or 0 where it is no verdict, or none yet (`undecided`).
double CommentReading::Unsaid(std::size_t n, std::size_t clause, bool word, double v, bool& undecided) const {
  const Valence& valence = valences_[n];
  std::size_t i = valence.at;
  if (word && v > 0 && (valence.value < kQuestionPraiseLimit || clauses_[clause].echoes) && clauses_[clause].asks) v = 0;
  // How the customer's mother is ("mijn vader die slecht hoort", "my dad who isn't great with
  // computers") is no verdict on the service.
  if (word && v != 0 && DescribesRelation(i, clause)) v = 0;
  // What the customer did wrong themselves ("ik had de verkeerde maat besteld", "I entered the
  // wrong postcode", "per ongeluk") is no verdict on the service.
  if (word && v < 0 && HasRole(ModifierRole::kOwnMistake) && SentenceHas(clause, ModifierRole::kOwnMistake, false)) {
    v = 0;
  }
  if (word && v < 0 && v > -kMildVerdictStrength && HasRole(ModifierRole::kInquiry) &&
      SentenceHas(clause, ModifierRole::kInquiry, true)) {
    v = 0;
  }
  // What the customer does not know yet is no verdict ("Ik weet nog niet of de storing nu echt
  // is opgelost", "Not sure yet if the fault is fixed"); strong words after it still are.
  if (word && HasRole(ModifierRole::kUncertain) &&
      RoleBefore(i, clause, ModifierRole::kUncertain, std::abs(v) < kMildVerdictStrength ? kAnyReach : kModifierWindow)) {
    v = 0;
    undecided = valence.verdict;
  }
  // A conclusion hedged ("might buy elsewhere next time", "Of we terugkomen weet ik niet",
  // "not sure whether we'd book again") is not drawn yet.
  if (valence.verdict && HasRole(ModifierRole::kHedge) && RoleBefore(i, clause, ModifierRole::kHedge, kAnyReach)) {
    v = 0;
    undecided = true;
  }
  return v;
}

// Whether tokens[i] stands in a relative clause that says how a person close to the customer is:
// opened by a relative pronoun right after a relation word ("my dad who is hard of hearing",
// "mijn schoonmoeder, die nergens tevreden over is"), at most kRelativeClauseReach words before.
bool CommentReading::DescribesRelation(std::size_t i, std::size_t clause) const {
  std::size_t from = i > kRelativeClauseReach ? i - kRelativeClauseReach : 0;
  // A comma before the pronoun ends the clause before it: the relation may stand there.
  std::size_t begin = clauses_[clause].begin > 0 && tokens_[clauses_[clause].begin - 1].punctuation == ',' ? clauses_[clause].begin - 1
                                                                                                          : clauses_[clause].begin;
  for (std::size_t k = i; k-- > std::max(from, begin);) {
    if (!IsOneOf(tokens_[k].lower, kRelativePronouns)) continue;
    std::size_t before = k > 0 && tokens_[k - 1].punctuation == ',' ? k - 1 : k;
    return before > 0 && tokens_[before - 1].kind == TokenKind::kWord &&
           lexicon_->IsTermOfKind(tokens_[before - 1].lower, lang_, TermKind::kRelation);
  }
  return false;
}

// Adds the value `v` of valences_[n], weighed where it stands, to the comment's total.
void CommentReading::Weigh(std::size_t n, std::size_t clause, double v, double put_right, bool negation_inside, bool closes) {
  const Valence& valence = valences_[n];
  std::size_t i = valence.at;
  // A grade is the customer's own verdict: a reservation after it ("Ik geef een 9, alleen de
  // wachttijd kon korter") does not lessen it.
  double weighted = v * (valence.rating ? std::max(1.0, ClauseWeight(clause))
                                        : ClauseWeight(clause) * (has_rating_ ? kBesideGradeWeight : 1.0));
  // A grade or stars given at the close are the conclusion too; a middling one ("Three stars
  // feels about right") is a verdict of neither kind.
  if (valence.rating && closes && v == 0) closing_undecided_ = true;
  if ((valence.verdict || valence.rating) && closes && v != 0) {
    weighted *= kClosingVerdictWeight;
    closing_verdict_ = true;
  }
  // What an exception names weighs less than the whole it is an exception to.
  if (!excepted_.empty() && IsExcepted(i)) {
    weighted *= kBeforeContrastWeight;
    excepted_valence_ += v;
  }
  clauses_[clause].valence += v + put_right;
  // Thanks that say more than courtesy ("can't thank you enough") count as praise.
  if (v > 0 && !negation_inside && !valence.verdict && IsCourtesy(i, i + valence.length)) {
    courtesy_ += weighted;
  } else {
    total_ += weighted;
  }
}

// Whether tokens[first, last] stand first in their clause (after intensifiers at most), a
// finite verb after them and a trailing negation closing the clause: Dutch word order for
// "not friendly" ("vriendelijk waren ze niet", "snel ging het niet, maar ...", "klagen doe ik
// niet"). "Helaas klopt de rekening niet" and "stond bij het verkeerde adres en belde niet"
// deny the verb, not the sentiment word.
bool CommentReading::NegatedAtClauseEnd(std::size_t first, std::size_t last) const {
  if (closing_negation_.empty()) return false;
  std::size_t closing = closing_negation_[ClauseOf(last)];
  if (closing == 0 || closing - 1 <= last || ClauseOf(first) != ClauseOf(last)) return false;
  for (std::size_t k = clauses_[ClauseOf(first)].begin; k < first; ++k) {
    auto at_k = ModifiersAt(k, k + 1);
    if (std::none_of(at_k.begin(), at_k.end(), [](const Modifier& mod) { return mod.role == ModifierRole::kScale; })) {
      return false;
    }
  }
  return last + 1 < tokens_.size() &&
         IsOneOf(tokens_[last + 1].lower, kDutchFiniteVerbs);
}

// Whether the problem at tokens [first, end) is one someone solved: a resolution word in its
// clause, close before or after it and not itself denied ("sorted my wrong item straight away",
// "het kapotte onderdeel is vervangen"; not "never fixed the broken zip"). Returns the index of
// that resolution in modifiers_, or a number past them.
std::size_t CommentReading::Resolved(std::size_t first, std::size_t end) const {
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::size_t c = ClauseOf(first);
  // A problem that is back ("twee keer gerepareerd en doet het nu weer niet", "fixed it and it
  // broke again") was not solved.
  if (HasRole(ModifierRole::kRepeat)) {
    auto near = ModifiersAt(first > kModifierWindow ? first - kModifierWindow : 0, end + 1);
    if (std::any_of(near.begin(), near.end(), [&](const Modifier& mod) {
          return mod.role == ModifierRole::kRepeat && mod.value != kHabitValue && ClauseOf(mod.at) == c;
        })) {
      return kNone;
    }
  }
  for (const Modifier& mod : ModifiersAt(first > kResolutionWindow ? first - kResolutionWindow : 0, end + kNextClauseResolutionReach)) {
    if (mod.role != ModifierRole::kResolution || (mod.at >= first && mod.at < end)) continue;
    // "Niemand kon me helpen. Zelf opgelost.": what the customer put right, the company did not.
    if (InsideNeutralPhrase(mod.at)) continue;
    // The repair may follow in the next clause: "Pakket kwam beschadigd aan, werd meteen
    // vervangen", "Wrong item sent. Replaced next day."
    std::size_t mc = ClauseOf(mod.at);
    if (mc == c ? mod.at >= end + kResolutionWindow : !(mc == c + 1 && mod.at >= end)) continue;
    auto before = ModifiersAt(mod.at > kModifierWindow ? mod.at - kModifierWindow : 0, mod.at);
    bool denied = std::any_of(before.begin(), before.end(), [&](const Modifier& other) {
      return other.role == ModifierRole::kNegation && ClauseOf(other.at) == mc;
    });
    // A repair that would be, or might be, made has not been: "niemand wist wanneer hij
    // gerepareerd zou worden", "it would be fixed by Friday".
    auto around = ModifiersAt(mod.at > kModifierWindow ? mod.at - kModifierWindow : 0, mod.at + kModifierWindow + 1);
    denied = denied || std::any_of(around.begin(), around.end(), [&](const Modifier& other) {
               return other.role == ModifierRole::kScale && other.value <= kHypotheticalValue && ClauseOf(other.at) == mc;
             });
    for (std::size_t k = mod.at > kModifierWindow ? mod.at - kModifierWindow : 0; k < mod.at && !denied; ++k) {
      denied = IsOneOf(tokens_[k].lower, kFutureWords) && ClauseOf(k) == mc;
    }
    if (!denied) return IndexOf(mod);
  }
  return kNone;
}

// The wish in `clause` within reach of the sentiment word or phrase at tokens [first, end):
// before it as in English, or after it as in Dutch, which puts the verb last.
const Modifier* CommentReading::WishNear(std::size_t first, std::size_t end, std::size_t clause) const {
  if (!HasRole(ModifierRole::kWish)) return nullptr;
  for (const Modifier& mod : ModifiersAt(first > kModifierWindow ? first - kModifierWindow : 0, end + kModifierWindow)) {
    if (mod.role == ModifierRole::kWish && (mod.at < first || mod.at >= end) && ClauseOf(mod.at) == clause) return &mod;
  }
  return nullptr;
}

// Praise in quotation marks ("'binnen 24 uur' opgelost", a "free" upgrade) is someone else's
// word, quoted to be doubted. Marked at the first praise of a comment that may quote at all.
bool CommentReading::AllQuoted(std::size_t first, std::size_t end) {
  if (!quotes_marked_) {
    quotes_marked_ = true;
    if (MayQuote(input_)) MarkQuotedTokens(input_, tokens_, quoted_);
  }
  if (quoted_.empty()) return false;
  for (std::size_t k = first; k < end && k < quoted_.size(); ++k) {
    if (!quoted_[k]) return false;
  }
  return true;
}

// A claim of the company's between quotation marks ("pakket 'bezorgd' in een automaat 12 km
// verderop", 10 weeks "under review") is doubted: it did not happen as claimed, a complaint,
// where no sentiment word stands on it already.
void CommentReading::ReadDoubtedClaims() {
  for (const Modifier& mod : modifiers_) {
    if (mod.role != ModifierRole::kClaim || !AllQuoted(mod.at, mod.at + 1) || !ScareQuoted(mod.at)) continue;
    bool said = std::any_of(valences_.begin(), valences_.end(), [&](const Valence& v) { return v.at <= mod.at && mod.at < v.at + v.length; });
    if (!said) InsertInOrder({mod.at, kDoubtedClaimValence, 1});
  }
}

// Whether the quotation tokens[i] stands in is short enough to doubt a word (at most
// kScareQuoteWords words: a "free" upgrade, 'in behandeling') rather than to report what was said.
bool CommentReading::ScareQuoted(std::size_t i) const {
  std::size_t from = i, to = i + 1;
  while (from > 0 && quoted_[from - 1]) --from;
  while (to < quoted_.size() && quoted_[to]) ++to;
  std::size_t words = 0;
  for (std::size_t k = from; k < to; ++k) words += tokens_[k].kind == TokenKind::kWord || tokens_[k].kind == TokenKind::kNumber;
  return words <= kScareQuoteWords;
}

// A repair that will be made is a promise, not praise: "They said it will be fixed by Friday",
// "Het wordt morgen opgelost" is news; "It was fixed" is praise.
bool CommentReading::PromisedRepair(std::size_t i, std::size_t clause) const {
  if (!HasRole(ModifierRole::kResolution)) return false;
  auto at = ModifiersAt(i, i + 1);
  if (std::none_of(at.begin(), at.end(), [](const Modifier& mod) { return mod.role == ModifierRole::kResolution; })) return false;
  for (std::size_t k = i > kModifierWindow ? i - kModifierWindow : 0; k < i; ++k) {
    if (IsOneOf(tokens_[k].lower, kFutureWords) && ClauseOf(k) == clause) return true;
  }
  return false;
}

// Whether tokens [first, end) give thanks, which count last.
bool CommentReading::IsCourtesy(std::size_t first, std::size_t end) const {
  if (!HasRole(ModifierRole::kCourtesy)) return false;
  auto at = ModifiersAt(first, end);
  return std::any_of(at.begin(), at.end(), [](const Modifier& mod) { return mod.role == ModifierRole::kCourtesy; });
}

// Whether the sentence of `clause` has a modifier of `role`, and whether one of its clauses is a
// plain question that opens as an inquiry ("Mijn scherm is gebarsten, repareren jullie dat?").
bool CommentReading::SentenceHas(std::size_t clause, ModifierRole role, bool in_question) const {
  return std::any_of(modifiers_.begin(), modifiers_.end(), [&](const Modifier& mod) {
    const Span& at = clauses_[ClauseOf(mod.at)];
    return mod.role == role && at.sentence == clauses_[clause].sentence && (!in_question || at.asks);
  });
}

// Whether a modifier of `role` comes before the word at `i` in its clause, at most `reach` words
// before it.
bool CommentReading::RoleBefore(std::size_t i, std::size_t clause, ModifierRole role, std::size_t reach) const {
  auto before = ModifiersAt(clauses_[clause].begin, i);
  return std::any_of(before.begin(), before.end(),
                     [&](const Modifier& mod) { return mod.role == role && i - mod.at <= reach; });
}

// Whether the comparative at `i` comes right after the negation at `negation`, which follows a
// verb of being able ("kon niet behulpzamer", "had niet blijer").
bool CommentReading::CannotBeMore(std::size_t i, std::size_t negation) const {
  return lang_ == TermLanguage::kDutch && i == negation + 1 && negation > 0 && IsComparative(tokens_[i].lower) &&
         IsOneOf(tokens_[negation - 1].lower, kAbilityVerbs);
}

// Whether tokens[i] lies inside a phrase of no sentiment ("zelf opgelost", "hoefde niet meer"):
// the phrase says what its words mean.
bool CommentReading::InsideNeutralPhrase(std::size_t i) const {
  return InsideValence(i, [](const Valence& v) { return v.value == 0 && v.length > 1; });
}

// A problem put right is a recovery, which customers credit: a repair word that says nothing
// of its own ("vervangen", "replaced", "refunded") counts as mild praise once it solved one
// ("Pakket kwam beschadigd aan, werd meteen vervangen"); "sorted" and "fixed" praise already.
void CommentReading::CreditRecoveries() {
  for (std::size_t k = 0; k < resolution_used_.size(); ++k) {
    if (!resolution_used_[k]) continue;
    const Modifier& mod = modifiers_[k];
    bool says_itself = InsideValence(mod.at, [](const Valence& v) { return v.value > 0; });
    if (says_itself) continue;
    std::size_t clause = ClauseOf(mod.at);
    clauses_[clause].valence += kRecoveryValence;
    total_ += kRecoveryValence * ClauseWeight(clause);
  }
}

// What the comment as a whole says, from the weighed sentiment of its words.
void CommentReading::Conclude() {
  // The whole an exception stands out from pleased ("Apart from the wait, everything was fine"),
  // unless the exception is the good part ("Behalve het vriendelijke personeel was alles slecht").
  if (!excepted_.empty()) total_ += excepted_valence_ > 0 ? -kExceptionRestValence : kExceptionRestValence;
  // A long letter that closes by asking something of the company ("Could you please confirm
  // ...?", "Kunt u mij laten weten ...") is a request: the kind words on the way ("the engineer
  // was polite and quick") are its courtesy, not a verdict, unless it closes with a conclusion.
  if (total_ > 0 && !closing_verdict_ && ClosesByAsking()) total_ = 0;
  // Thanks in a complaint ("Graag actie. Bedankt", "Please sort this out. Thanks in advance")
  // is courtesy, not praise: it counts only when the rest of the comment is not negative, nor a
  // request or a question that says nothing either way ("Kunt u mij terugbellen? Dank u",
  // "Please update my address. Thanks"): thanks alone, or after praise, still count.
  if (courtesy_ != 0 && (total_ > 0 || (total_ == 0 && !Asks()))) total_ += courtesy_;
  if (total_ != 0) total_ += (total_ > 0 ? 1 : -1) * exclamations_ * kExclamationBoost;
  suggestion_weight_ = HasRole(ModifierRole::kSuggestion) && OpensWithSuggestion() ? kSuggestionWeight : 1.0;
  total_ *= suggestion_weight_;
  if (HasRole(ModifierRole::kMixed)) {
    total_ *= kMixedVerdictWeight;
    // A long story that opens or closes by calling the whole mixed ("Hard to know what to make
    // of this place.", "Ik weet niet goed wat ik ervan moet vinden") has come to no verdict
    // either; in between, "mixed" may be said of a part ("the breakfast was a mixed bag").
    closing_undecided_ = closing_undecided_ || std::any_of(modifiers_.begin(), modifiers_.end(), [&](const Modifier& mod) {
      std::size_t sentence = clauses_[ClauseOf(mod.at)].sentence;
      return mod.role == ModifierRole::kMixed && long_story_ && (sentence == 0 || sentence >= closing_from_);
    });
  }
  // A long story that closes undecided ("I'm not sure we'd choose it again", "Of we terugkomen
  // weet ik niet") has weighed its good and bad and come to no verdict: it is neutral.
  if (closing_undecided_ && !closing_verdict_) total_ = 0;
}

// Whether the comment opens as a suggestion (kSuggestionWeight).
bool CommentReading::OpensWithSuggestion() const {
  return std::any_of(modifiers_.begin(), modifiers_.end(), [](const Modifier& mod) {
    return mod.role == ModifierRole::kSuggestion && mod.at <= kSuggestionOpening;
  });
}

// Whether the comment asks something: a request or a question.
bool CommentReading::Asks() const {
  return HasRole(ModifierRole::kRequest) ||
         std::any_of(tokens_.begin(), tokens_.end(), [](const TokenView& t) { return t.punctuation == '?'; });
}

}  // namespace peakend::text
