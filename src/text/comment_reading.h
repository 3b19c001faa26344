// CommentReading: the reading of one comment, stage by stage, for Analyzer::Analyze. Its stages
// share what the ones before them learnt (the clauses, the modifiers and sentiment words in them,
// the sentences irony stands in), so they are the members of one object, and each thread keeps
// one so that the working memory of a comment serves the next. Not part of the analyzer's API.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "text/analyzer.h"
#include "text/lexicon.h"
#include "text/tokenizer.h"
#include "text/topics.h"
#include "text/word_profiles.h"

namespace peakend::text {

// Valence arithmetic on the VADER scale (-4..4), normalised at the end with x / sqrt(x² + α).
inline constexpr double kNormalisationAlpha = 15.0;
inline constexpr std::size_t kModifierWindow = 3;  // words before a sentiment word that may modify it
inline constexpr double kBeforeContrastWeight = 0.5;
inline constexpr double kAfterContrastWeight = 1.5;
// What a concession grants ("Although the staff were friendly, nothing was fixed", "Het eten was
// lekker, hoewel wat koud") weighs a third of the rest of its sentence.
inline constexpr double kConcessionWeight = 1.0 / 3;
// A repeat marker's value 1 marks a habit ("as usual"), which makes praise sarcasm only beside a
// complaint; the others ("again", "weer") do on their own.
inline constexpr double kHabitValue = 1.0;
// An irony marker's value 1 ("love how", "love it when") makes its sentence ironic only where
// the sentence also complains: "Love how the app logs me out every time" mocks, "Love how easy
// it is to book" means it.
inline constexpr double kIronyBesideComplaint = 1.0;
// The finite verbs that follow a word put first in a Dutch clause ("vriendelijk WAREN ze niet").
inline constexpr std::array<std::string_view, 24> kDutchFiniteVerbs = {
    "is", "was", "zijn", "waren", "ben", "bent", "ging", "gaat", "gingen", "gaan", "doe", "doet",
    "deed", "deden", "vond", "vind", "vinden", "vonden", "kan", "kon", "wordt", "werd", "heb", "had"};
inline constexpr std::array<std::string_view, 7> kEnglishFiniteVerbs = {"was", "were", "is", "are", "has", "had", "took"};
// A long story (kLongStorySentences sentences and kLongStoryTokens tokens or more) is told on the way to its conclusion: a
// concluding term ("We've booked again for next year", "Klant af.") in its last
// kClosingSentences sentences weighs kClosingVerdictWeight times, so the incidents and
// concessions told before it do not outweigh what the customer concluded from them.
inline constexpr std::size_t kLongStorySentences = 4;
inline constexpr std::size_t kLongStoryTokens = 50;  // words and marks: a story, not four short lines
inline constexpr std::size_t kClosingSentences = 3;
inline constexpr double kClosingVerdictWeight = 8.0;
// A last sentence of at most this many words that holds a verdict closes any comment.
inline constexpr std::size_t kShortClosingWords = 4;

// A weighed valence beyond this is as strong as can be: normalised it is ±1 in a double already,
// and its square stays finite.
inline constexpr double kMaxNormalisedScore = 1e100;

// -1..+1 whatever `score` is: a NaN (a value no lexicon should hold) is 0 and an infinity ±1, so no
// response is ever given a sentiment that is not a number. A select and two bounds, no branch.
inline double Normalise(double score) {
  score = std::fmin(std::fmax(std::isnan(score) ? 0 : score, -kMaxNormalisedScore), kMaxNormalisedScore);
  return score / std::sqrt(score * score + kNormalisationAlpha);
}

inline bool IsSentenceEnd(const TokenView& t) { return IsClauseEnd(t) && t.punctuation != ','; }
inline bool IsQuestionOrExclamation(const TokenView& t) { return t.punctuation == '?' || t.punctuation == '!'; }

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
  // A word or two asked back ("Klantvriendelijk?"): it doubts what it names, however strong.
  bool echoes = false;
  std::size_t sentence = 0;  // clauses split by commas or contrast words share their sentence
};

struct Modifier {  // a modifier word and the last position it covers
  std::size_t at;
  ModifierRole role;
  double value;
};

struct ByPosition {  // orders modifiers by the position they cover
  bool operator()(const Modifier& x, const Modifier& y) const { return x.at < y.at; }
};

struct Valence {  // a sentiment word or phrase
  std::size_t at;
  double value;
  std::size_t length;  // words of the sentiment phrase
  bool rating = false;  // a grade or rating written in the comment
  bool verdict = false;  // the customer's conclusion (a `[sentiment verdict]` term)
  bool outlasts_repair = false;  // a complaint the repair it tells of does not undo (a wait for it)
};

// Where an aspect is mentioned: the clause, and the clause or sentence its sentiment comes from.
struct AspectMention {
  std::size_t aspect = 0;  // in Analysis::aspects
  std::size_t source = 0;
  std::size_t clause = 0;
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

class CommentReading {
 public:
  // The reading of the calling thread, whose working memory is reused from comment to comment.
  static CommentReading& OfThisThread();

  CommentReading(const CommentReading&) = delete;
  CommentReading& operator=(const CommentReading&) = delete;

  // The stages, in the order Analyzer::Analyze runs them; each reads what those before it found.
  //
  // The tokens of `input`, their profiles among the thread's `known` words, their lexicon
  // matches and the comment's language (set in `analysis` with its number of tokens).
  void ReadWords(const Analyzer& analyzer, const WordProfiles& known, std::string_view input,
                 const AnalysisContext& context, Analysis& analysis);
  // The clauses, and the modifiers, sentiment words and categorical terms in them
  // (comment_reading.cc).
  void ReadClauses();
  // The modifiers in token order and the roles the comment has; where irony, praise of the past
  // and a trailing negation stand.
  void ReadModifierRoles();
  // Complaints made without a word of complaint: time passed, long waits, long queues
  // (waits_and_stories.cc).
  void ReadTimeTaken();
  // Praise that means the opposite (sarcasm.cc).
  void ReadSarcasticOpeners();
  void ReadSarcasticCloser();
  void ReadMockingApplause();
  void ReadMockingRatings();
  // The sentiment of each sentiment word where it stands, and of the whole (sentiment.cc).
  void ReadSentiment();
  double Sentiment() const { return Normalise(total_); }
  // What a full analysis adds (findings.cc).
  void ReadTopics(const TopicSet& topics, Analysis& analysis);
  // `employees` (null: none) are those whose first names the comment may mention.
  void ReadFindings(const std::vector<EmployeeName>* employees, Analysis& analysis);

 private:
  CommentReading() = default;

  // The clause of tokens[i].
  std::size_t ClauseOf(std::size_t i) const {
    auto after = std::upper_bound(clause_first_.begin(), clause_first_.end(), i);
    return static_cast<std::size_t>(after - clause_first_.begin()) - 1;
  }
  // The modifiers at tokens [from, to) (once ReadModifierRoles has put them in order): each word
  // looks only at those within its reach.
  std::span<const Modifier> ModifiersAt(std::size_t from, std::size_t to) const {
    auto begin = std::lower_bound(modifiers_.begin(), modifiers_.end(), Modifier{from, {}, 0}, ByPosition{});
    auto end = std::lower_bound(begin, modifiers_.end(), Modifier{to, {}, 0}, ByPosition{});
    return std::span<const Modifier>(begin, end);
  }
  // The number of `mod`, one of modifiers_, as negation_spent_ and resolution_used_ count them.
  std::size_t IndexOf(const Modifier& mod) const { return static_cast<std::size_t>(&mod - modifiers_.data()); }
  // Whether the comment has a modifier of `role` at all: most have no wish or repeat, and skip
  // their rules.
  bool HasRole(ModifierRole role) const { return (roles_ >> static_cast<unsigned>(role)) & 1u; }
  // Whether a modifier of `role` stands at tokens [from, to).
  bool HasRoleIn(ModifierRole role, std::size_t from, std::size_t to) const {
    if (!HasRole(role)) return false;
    auto in = ModifiersAt(from, to);
    return std::any_of(in.begin(), in.end(), [role](const Modifier& mod) { return mod.role == role; });
  }
  // Whether praise in `clause` means the opposite: an irony marker or a sarcastic closer stands
  // in its sentence, it is a sarcastic opener, or it praises the past.
  bool Ironic(std::size_t clause) const {
    return Sarcastic(clause) || (!former_clause_.empty() && former_clause_[clause] != 0);
  }
  // Whether `clause` is said in sarcasm: an irony marker or a sarcastic closer stands in its
  // sentence, or it is a sarcastic opener.
  bool Sarcastic(std::size_t clause) const {
    return (!ironic_sentence_.empty() && ironic_sentence_[clauses_[clause].sentence] != 0) ||
           (!ironic_opener_.empty() && ironic_opener_[clause] != 0);
  }
  // Contrast: the clauses before the last contrast word weigh less, and each clause a contrast
  // word opens weighs more, the last as much as earlier ones, so a long comment of "A but B"
  // sentences weighs each B over its A as one such sentence does.
  double ClauseWeight(std::size_t clause) const {
    double conceded = clauses_[clause].concession ? kConcessionWeight : 1.0;
    if (contrast_clause_ == clauses_.size() || clause > contrast_clause_) return conceded;
    return conceded * (clauses_[clause].has_contrast_before ? kAfterContrastWeight : kBeforeContrastWeight);
  }
  // Whether tokens[i] is among the words an exception excepts.
  bool IsExcepted(std::size_t i) const {
    return std::any_of(excepted_.begin(), excepted_.end(), [&](const Span& x) { return i >= x.begin && i < x.end; });
  }
  // Whether the valence `v` in `clause` ends in the closing sentences of a long story.
  bool Closes(const Valence& v, std::size_t clause) const {
    // A short last sentence that is the customer's conclusion ("... Won't be returning.", "Nooit
    // meer.") closes a comment of any length: how it ended is what is remembered.
    if (v.verdict && sentence_count_ > 1 && v.at >= short_last_sentence_) return true;
    // (Only a long story has closing sentences: the others skip the search for its clause.)
    return long_story_ && (clauses_[ClauseOf(v.at + v.length - 1)].sentence >= closing_from_ ||
                           // A letter that opens by saying what it is for ("I am writing to
                           // thank your cabin crew", "Graag wil ik een compliment geven")
                           // concludes there.
                           (v.verdict && clauses_[clause].sentence == 0));
  }

  // The rules of the stages above, each told where it is defined. Those marked inline run for
  // every token or sentiment word: each is defined in the one file that calls it, and kept in its
  // caller there.
  // comment_reading.cc
  inline void ReadPunctuation(std::size_t i);
  inline bool Inert(const Analyzer::TokenMatches::Event& event) const;
  void ReadWordEvent(const Analyzer::TokenMatches::Event& event);
  void Take(std::size_t i, const TermMatch& m, bool& took_sentiment);
  inline void OpenClause(std::size_t end, std::size_t begin, std::size_t first, std::size_t sentence);
  inline bool ContinuesRun(std::size_t i) const;
  bool OpensQuestion(std::size_t from, std::size_t to) const;
  void MarkPlainQuestion(std::size_t mark);
  bool OpensClause(std::size_t i) const;
  bool WrittenAsName(std::size_t i) const;
  // sarcasm.cc
  bool SentenceComplains(std::size_t sentence) const;
  void MarkIrony();
  bool MayOpenWithBurst() const;
  bool OnlyInterjections(const Span& clause) const;
  bool IsBurst(std::size_t c, bool& mocking) const;
  bool MockedAfter(std::size_t c, bool mocking) const;
  bool HasWords(std::size_t sentence) const;
  std::pair<std::size_t, std::size_t> SentenceSpan(std::size_t sentence) const;
  bool IsBareCloser(std::size_t begin, std::size_t end) const;
  double DirectedValue(const Valence& v) const;
  bool TurnedBefore(std::size_t i) const;
  bool SolvedBefore(std::size_t i) const;
  // waits_and_stories.cc
  void ReadTimePassed();
  void ReadLongWaits();
  void ReadLongWait(const Modifier& mod);
  void ReadFinallyAfter(const Modifier& mod);
  void ReadNobody();
  void ReadWrongItems();
  bool GotOtherThanOrdered(const Modifier& ordered) const;
  bool IsAttemptCount(std::size_t unit) const;
  std::size_t PraiseJudgingFact(std::size_t sentence) const;
  void ReadLongLengths();
  void InsertInOrder(const Valence& valence);
  void MeasureStory();
  bool ClosesByAsking() const;
  std::size_t ShortLastSentence() const;
  // sentiment.cc
  void ReadExceptions();
  void ReadValence(std::size_t n);
  inline bool ReadsAsDegree(std::size_t n, std::size_t clause) const;
  inline double Turned(std::size_t n, std::size_t clause, bool word, bool& negated, bool& negation_inside);
  bool Subordinated(std::size_t from, std::size_t to) const;
  bool InsideNeutralPhrase(std::size_t i) const;
  // Whether a sentiment word or phrase for which `which` holds begins at tokens [from, to).
  template <typename Which>
  bool ValenceBeginsIn(std::size_t from, std::size_t to, Which&& which) const {
    return std::any_of(valences_.begin(), valences_.end(), [&](const Valence& v) { return v.at >= from && v.at < to && which(v); });
  }
  // Whether tokens[i] lies inside a sentiment word or phrase for which `which` holds.
  template <typename Which>
  bool InsideValence(std::size_t i, Which&& which) const {
    return std::any_of(valences_.begin(), valences_.end(),
                       [&](const Valence& v) { return v.at <= i && i < v.at + v.length && which(v); });
  }
  inline bool DeniedBySubject(std::size_t n, std::size_t clause, std::size_t window_from);
  inline double Wished(std::size_t n, std::size_t clause, double v, bool negated) const;
  inline double Unsaid(std::size_t n, std::size_t clause, bool word, double v, bool& undecided) const;
  bool DescribesRelation(std::size_t i, std::size_t clause) const;
  void ReadDoubtedClaims();
  bool ScareQuoted(std::size_t i) const;
  bool FeltByRelation(std::size_t i) const;
  bool OpensSentence(std::size_t i) const;
  bool BeforePersonNamed(std::size_t i) const;
  std::size_t OwnedThingEnd(std::size_t i, std::size_t after) const;
  inline void Weigh(std::size_t n, std::size_t clause, double v, double put_right, bool negation_inside, bool closes);
  bool NegatedAtClauseEnd(std::size_t first, std::size_t last) const;
  std::size_t Resolved(std::size_t first, std::size_t end) const;
  const Modifier* WishNear(std::size_t first, std::size_t end, std::size_t clause) const;
  bool AllQuoted(std::size_t first, std::size_t end);
  bool PromisedRepair(std::size_t i, std::size_t clause) const;
  bool IsCourtesy(std::size_t first, std::size_t end) const;
  bool SentenceHas(std::size_t clause, ModifierRole role, bool in_question) const;
  bool RoleBefore(std::size_t i, std::size_t clause, ModifierRole role, std::size_t reach) const;
  bool CannotBeMore(std::size_t i, std::size_t negation) const;
  void CreditRecoveries();
  void Conclude();
  bool OpensWithSuggestion() const;
  bool Asks() const;
  // findings.cc
  std::size_t SourceOf(std::size_t clause) const;
  double SourceValence(std::size_t source) const;
  double TurnedFromValence(std::size_t clause) const;
  bool SentenceNamesDelivery(std::size_t clause) const;
  bool ClauseNamesOtherAspect(std::size_t clause, std::string_view name) const;
  bool PraiseInsideComplaint(std::size_t i) const;
  void AddAspectMention(std::size_t i, const TermEntry& e, Analysis& analysis);
  bool CoveredByLongerTerm(std::size_t i, const TermMatch& m) const;
  bool PraisedBesides(std::size_t from, std::size_t to) const;
  void AddEmotion(std::size_t i, const TermMatch& m, Analysis& analysis) const;
  void AddLifeEvent(std::size_t i, const TermMatch& m, Analysis& analysis) const;
  void AddAgeReached(Analysis& analysis) const;
  void AddCircumstance(std::size_t i, const TermMatch& m, Analysis& analysis) const;
  void AddCircumstanceOfSubject(std::size_t i, std::size_t after, Analysis& analysis) const;
  std::size_t StateEnd(std::size_t verb_at, std::size_t end) const;
  void AddCircumstancePhrase(std::size_t i, std::size_t after, std::size_t from, std::size_t to, Analysis& analysis) const;
  void AddFrustration(Analysis& analysis) const;
  void AddRepeatedFailure(Analysis& analysis) const;
  void FindMentions(const std::vector<EmployeeName>* listed, Analysis& analysis);
  void AddNamedStaff(Analysis& analysis);
  void SetAspectSentiments(Analysis& analysis) const;

  // The comment.
  std::string_view input_;
  const Lexicon* lexicon_ = nullptr;
  const WordProfiles* known_ = nullptr;
  TermLanguage lang_ = TermLanguage::kAny;  // kAny: every language's terms count
  bool full_ = true;
  TokenBuffer token_buffer_;
  std::vector<TokenView>& tokens_ = token_buffer_.tokens();
  std::vector<std::int32_t> profiles_;  // of each token, in the thread's WordProfiles
  Analyzer::TokenMatches matches_;

  // Clauses: split at sentence punctuation and at contrast words. Only the tokens with a role
  // are visited; clause_first_ holds the first token of each clause, for ClauseOf.
  std::vector<Span> clauses_;
  std::vector<std::size_t> clause_first_;
  std::vector<Modifier> modifiers_;
  std::vector<Valence> valences_;
  std::vector<std::pair<std::size_t, TermMatch>> categorical_;
  std::vector<TermMatch> sign_terms_;
  std::size_t aspect_phrase_until_ = 0;  // the end of the last aspect phrase
  int exclamations_ = 0;
  // The run of question and exclamation marks being read, the first that asked insistently
  // (tokens_.size() when none did), and the first valence of the current sentence.
  std::size_t run_begin_ = 0, insistent_at_ = 0, sentence_valences_from_ = 0, sentence_begin_ = 0;
  bool run_has_question_ = false;

  unsigned roles_ = 0;  // bit r: the comment has a modifier of role r
  // The sentences an irony marker stands in, and the trailing negation that closes a clause;
  // both stay empty in the many comments without either.
  std::vector<char> ironic_sentence_;
  std::vector<std::size_t> closing_negation_;  // per clause: its token + 1, 0 for none
  // The clauses that praise the past or a former provider ("Vroeger was dit mijn favoriete
  // winkel", "My old provider was much easier to deal with"), whose praise is a complaint.
  std::vector<char> former_clause_;
  std::vector<char> ironic_opener_;  // per clause; empty: none
  std::vector<double> clause_raw_valence_;  // the words' own values, per clause
  // Per clause: 0 no repeat, kHabitRepeat only a habit ("as usual"), kAgainRepeat something again.
  std::vector<char> clause_repeats_;

  std::size_t contrast_clause_ = 0;  // the clause the last contrast word opens; clauses_.size(): none
  std::size_t sentence_count_ = 0;
  bool long_story_ = false;
  std::size_t closing_from_ = 0;  // the first closing sentence of a long story
  std::vector<char> negation_spent_;  // per modifier: a negation that has turned a word round
  std::vector<char> resolution_used_;  // per modifier: a resolution that solved a problem
  std::vector<char> quoted_;          // per token: between quotation marks (made when needed)
  bool quotes_marked_ = false;
  // Exceptions: the words they except (token ranges), for the aspects, and the whole that pleased.
  std::vector<Span> excepted_;
  double excepted_valence_ = 0;  // of the sentiment words an exception names
  std::vector<std::size_t> degree_only_;  // degree words read as degree only: no emotion either
  bool has_rating_ = false;
  // Where the comment's last sentence with words begins when it has at most kShortClosingWords
  // words; tokens_.size() otherwise.
  std::size_t short_last_sentence_ = 0;
  bool closing_verdict_ = false;  // a conclusion read in the closing sentences of a long story
  bool closing_undecided_ = false;  // one left undecided there ("not sure we'd book again")
  double total_ = 0;  // the weighed valence of the comment, before Normalise
  double courtesy_ = 0;  // the weighted valence of thanks, counted last
  double suggestion_weight_ = 1.0;  // kSuggestionWeight when the comment opens as a suggestion

  std::vector<Token> owned_;  // for topic queries
  std::vector<AspectMention> aspect_mentions_;
  std::size_t excepted_source_ = 0;
  std::vector<std::string> bare_words_;  // per token, for names: without diacritics
  std::vector<std::size_t> named_at_;  // the token of each mention
};

}  // namespace peakend::text
