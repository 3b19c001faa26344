// The first stages of a reading: the words of a comment, its clauses and questions, and the
// modifiers, sentiment words and categorical terms the lexicon finds in them.
#include "text/comment_reading.h"

#include <algorithm>
#include <array>

#include "core/strings.h"
#include "text/rating.h"

namespace peakend::text {
namespace {

constexpr int kMaxExclamations = 4;
// The value of a concession that is a preposition ("despite", "ondanks"): it grants a thing, not
// a statement, and its clause ends at the first finite verb.
constexpr double kPrepositionalConcession = 1;
// Words that make the past or a former provider what the present is measured against or
// dealt with ("sneller dan bij mijn vorige bank", "better than it used to be", "alles geregeld
// met mijn oude provider"): then praise near it is praise of the present. Looked for this many
// words before the word of the past.
constexpr std::array<std::string_view, 10> kComparedWith = {"dan", "than", "met", "with", "van", "from", "naar", "to", "vergeleken", "compared"};
constexpr std::size_t kComparedWithReach = 3;
constexpr std::size_t kEchoQuestionWords = 2;  // "Klantvriendelijk?", "Good service?"
constexpr auto kEnglishIndex = static_cast<std::size_t>(TermLanguage::kEnglish);

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
// "Wat??", "Echt?!" are surprise more than impatience: a question needs words to be insistent.
constexpr std::size_t kMinInsistentQuestionWords = 3;

std::size_t WordsBetween(const std::vector<TokenView>& tokens, std::size_t from, std::size_t to) {
  std::size_t words = 0;
  for (std::size_t k = from; k < to; ++k) words += tokens[k].kind == TokenKind::kWord ? 1 : 0;
  return words;
}

}  // namespace

CommentReading& CommentReading::OfThisThread() {
  thread_local CommentReading reading;
  return reading;
}

void CommentReading::ReadWords(const Analyzer& analyzer, const WordProfiles& known, std::string_view input,
                               const AnalysisContext& context, Analysis& analysis) {
  input_ = input;
  lexicon_ = &analyzer.lexicon_;
  known_ = &known;
  full_ = context.depth == AnalysisDepth::kFull;
  token_buffer_.Tokenize(input);
  analyzer.LookUpTokens(tokens_, profiles_);
  analysis.tokens = tokens_.size();
  Analyzer::LanguageEvidence evidence;
  analyzer.MatchTokens(tokens_, profiles_, matches_, evidence);
  analysis.language.assign(Analyzer::DetectLanguage(evidence, context.language_hint));
  lang_ = ParseTermLanguage(analysis.language);
}

void CommentReading::ReadClauses() {
  clauses_.assign(1, Span{});
  clause_first_.assign(1, 0);
  modifiers_.clear();
  valences_.clear();
  categorical_.clear();
  aspect_phrase_until_ = 0;
  // Which tokens are quoted is marked once a comment, when a stage first asks (AllQuoted).
  quoted_.clear();
  quotes_marked_ = false;
  exclamations_ = 0;
  run_begin_ = 0, insistent_at_ = tokens_.size(), sentence_valences_from_ = 0, sentence_begin_ = 0;
  run_has_question_ = false;
  for (const Analyzer::TokenMatches::Event& event : matches_.Events()) {
    if (tokens_[event.token].kind == TokenKind::kPunctuation) ReadPunctuation(event.token);
    else if (!Inert(event)) ReadWordEvent(event);
  }
  clauses_.back().end = tokens_.size();
  std::size_t kept = 0;
  ForEachReadValence(valences_, [&](Valence v) { valences_[kept++] = v; });
  valences_.resize(kept);
}

// Ends the clause being read at `end` and opens the next at `begin`, in `sentence`; ClauseOf
// counts it from the token `first`.
void CommentReading::OpenClause(std::size_t end, std::size_t begin, std::size_t first, std::size_t sentence) {
  clauses_.back().end = end;
  clauses_.push_back(Span{begin, begin});
  clauses_.back().sentence = sentence;
  clause_first_.push_back(first);
}

// A mark that ends a clause: the questions and exclamations it makes, and the clause, and maybe
// the sentence, it ends.
void CommentReading::ReadPunctuation(std::size_t i) {
  const TokenView& t = tokens_[i];
  if (t.punctuation == '!') exclamations_ = std::min(exclamations_ + 1, kMaxExclamations);
  if (IsQuestionOrExclamation(t)) {
    bool continues = i > 0 && IsQuestionOrExclamation(tokens_[i - 1]);
    if (!continues) run_begin_ = i, run_has_question_ = false;
    if (t.punctuation == '?' && !continues && !ContinuesRun(i)) MarkPlainQuestion(i);
    run_has_question_ = run_has_question_ || t.punctuation == '?';
    // "Waar blijft mijn pakket???", "Is dit normaal?!": a question asked insistently is
    // impatience, unless its sentence says how the customer feels in words of its own.
    if (continues && run_has_question_ && insistent_at_ == tokens_.size() &&
        WordsBetween(tokens_, sentence_begin_, run_begin_) >= kMinInsistentQuestionWords) {
      insistent_at_ = run_begin_;
      // (A word inside a phrase read before it, such as "laat" in "hoe laat", is not read.)
      bool says_more = false;
      ForEachReadValence(std::span<const Valence>(valences_).subspan(sentence_valences_from_),
                         [&](const Valence& v) { says_more = says_more || v.value != 0; });
      if (!says_more) valences_.push_back({run_begin_, kInsistentQuestionValence, 1});
    }
  }
  if (IsSentenceEnd(t) && !ContinuesRun(i)) sentence_valences_from_ = valences_.size(), sentence_begin_ = i + 1;
  // Commas end a clause too: "Product ok, levering traag, service prima" judges three things.
  OpenClause(i + 1, i + 1, i + 1, clauses_.back().sentence + (IsSentenceEnd(t) ? 1 : 0));
}

// Whether tokens[i] and the next are both question or exclamation marks ("???", "?!").
bool CommentReading::ContinuesRun(std::size_t i) const {
  return i + 1 < tokens_.size() && IsQuestionOrExclamation(tokens_[i]) && IsQuestionOrExclamation(tokens_[i + 1]);
}

// Whether the words from tokens[from] open a plain question ("Hoe werkt dat", "Can I", not
// "What a day").
bool CommentReading::OpensQuestion(std::size_t from, std::size_t to) const {
  while (from < to && tokens_[from].kind != TokenKind::kWord) ++from;
  if (from == to || !IsOneOf(tokens_[from].lower, kQuestionOpeners)) return false;
  bool what = tokens_[from].lower == "what" || tokens_[from].lower == "wat";
  return !(what && from + 1 < to && IsOneOf(tokens_[from + 1].lower, kExclaimingAfterWhat));
}

// At a single question mark: the clause it closes asks, or the whole sentence does.
void CommentReading::MarkPlainQuestion(std::size_t mark) {
  // A word or two asked back ("Klantvriendelijk? Ik dacht het niet.", "Service?") echoes a
  // claim to doubt it: the whole sentence asks.
  std::size_t words = 0;
  for (std::size_t k = sentence_begin_; k < mark && words <= kEchoQuestionWords; ++k) {
    words += tokens_[k].kind == TokenKind::kWord;
  }
  bool echoes = words > 0 && words <= kEchoQuestionWords;
  if (echoes || OpensQuestion(sentence_begin_, mark)) {
    for (std::size_t c = clauses_.size(); c-- > 0 && clauses_[c].sentence == clauses_.back().sentence;) {
      clauses_[c].asks = true;
      clauses_[c].echoes = clauses_[c].echoes || echoes;
    }
  } else if (OpensQuestion(clauses_.back().begin, mark)) {
    clauses_.back().asks = true;
  }
}

// Whether ReadWordEvent would do nothing at `event`: a word without phrases that does nothing on
// its own in the comment's language (WordSummary::inert), where no concession waits for its verb.
bool CommentReading::Inert(const Analyzer::TokenMatches::Event& event) const {
  return tokens_[event.token].kind == TokenKind::kWord && event.phrase_count == 0 && !clauses_.back().concession_until_verb &&
         ((known_->summary(event.profile).inert >> static_cast<unsigned>(lang_)) & 1u) != 0;
}

// What the lexicon finds at a word, number or emoji with a role: its phrases first, then its
// single-word matches, a written grade and the price a currency sign names.
void CommentReading::ReadWordEvent(const Analyzer::TokenMatches::Event& event) {
  std::size_t i = event.token;
  const TokenView& t = tokens_[i];
  // A concession by preposition ("Ondanks de vertraging was het personeel geweldig", "Despite
  // the delay the staff were great") grants no more than the words before the verb.
  if (clauses_.back().concession_until_verb && i > clauses_.back().begin &&
      (IsOneOf(t.lower, kDutchFiniteVerbs) || IsOneOf(t.lower, kEnglishFiniteVerbs))) {
    OpenClause(i, i, i, clauses_.back().sentence);
  }
  bool took_sentiment = false;
  // A modifier phrase decides what its first word does: "without a doubt" makes stronger,
  // where "without" alone denies; and a degree phrase ("kind of") softens, where "kind" alone
  // praises ("pity about" still complains as it opens the contrast).
  bool phrase_modifier = false;
  bool phrase_degree = false;  // one that says how much ("kind of"): its first word says nothing itself
  for (std::uint32_t p = event.phrase_begin; p < event.phrase_begin + event.phrase_count; ++p) {
    const TermMatch& m = matches_.phrases[p];
    // English sentiment phrases count in Dutch comments too ("epic fail", "next level").
    bool english_phrase = lang_ == TermLanguage::kDutch && m.language == TermLanguage::kEnglish && m.kind == TermKind::kSentiment;
    if (m.language == TermLanguage::kAny || lang_ == TermLanguage::kAny || m.language == lang_ || english_phrase) {
      Take(i, m, took_sentiment);
      phrase_modifier = phrase_modifier || m.kind == TermKind::kModifier;
      phrase_degree = phrase_degree || (m.kind == TermKind::kModifier && m.modifier == ModifierRole::kScale);
    }
  }
  if (event.singles) {  // grouped as WordProfile::rule_first says
    const WordSummary& word = known_->summary(event.profile);
    std::span<const TermMatch> singles = word.RuleMatches(known_->rule_matches(), lang_);
    auto l = static_cast<std::size_t>(lang_);
    std::size_t modifier_count = word.rule_modifiers[l];
    for (std::size_t m = 0; m < modifier_count && !phrase_modifier; ++m) Take(i, singles[m], took_sentiment);
    if (word.rule_sentiment[l] && !took_sentiment && !phrase_degree) {
      valences_.push_back({i, singles[modifier_count].value, 1, false, singles[modifier_count].modifier == ModifierRole::kVerdict});
      took_sentiment = true;
    } else if (lang_ == TermLanguage::kDutch && !took_sentiment && !phrase_degree && word.rule_sentiment[kEnglishIndex] &&
               word.direct_nl == 0 && !IsDutchFalseFriend(t.lower)) {
      // An English word in a Dutch comment that Dutch does not have ("De app is echt awesome").
      std::span<const TermMatch> english = word.RuleMatches(known_->rule_matches(), TermLanguage::kEnglish);
      valences_.push_back({i, english[word.rule_modifiers[kEnglishIndex]].value, 1});
      took_sentiment = true;
    }
    if (full_) {
      for (std::size_t m = modifier_count + word.rule_sentiment[l]; m < singles.size(); ++m) Take(i, singles[m], took_sentiment);
      if ((word.borrowed_aspects >> l) & 1u) [[unlikely]] {
        TermLanguage other = lang_ == TermLanguage::kDutch ? TermLanguage::kEnglish : TermLanguage::kDutch;
        for (const TermMatch& m : word.RuleMatches(known_->rule_matches(), other)) {
          if (m.kind == TermKind::kAspect) Take(i, m, took_sentiment);
        }
      }
    }
  }
  if (!took_sentiment && (t.kind == TokenKind::kNumber || known_->summary(event.profile).number_word)) {
    if (auto rating = WrittenRatingAt(tokens_, i, lang_)) valences_.push_back({i, rating->valence, rating->length, true});
  }
  if (full_ && t.kind == TokenKind::kNumber) {
    // An amount of money is about the price: the sign's own terms ([aspect price_value *]).
    if (std::string_view sign = CurrencySignBefore(input_, tokens_, i); !sign.empty()) {
      sign_terms_.clear();
      lexicon_->MatchWord(sign, TermLanguage::kAny, sign_terms_);
      for (const TermMatch& m : sign_terms_) Take(i, m, took_sentiment);
    }
  }
}

// Whether tokens[i] is the first word of the clause being read.
bool CommentReading::OpensClause(std::size_t i) const {
  for (std::size_t k = clauses_.back().begin; k < i; ++k) {
    if (tokens_[k].kind != TokenKind::kPunctuation) return false;
  }
  return true;
}

// Whether tokens[i] is written as a name: a capital inside a sentence, after a word.
bool CommentReading::WrittenAsName(std::size_t i) const {
  const TokenView& t = tokens_[i];
  return i > 0 && tokens_[i - 1].kind == TokenKind::kWord && !t.all_caps && !t.text.empty() && t.text[0] >= 'A' && t.text[0] <= 'Z';
}

// What one match of the token at i does. `took_sentiment`: a sentiment has been read there.
void CommentReading::Take(std::size_t i, const TermMatch& m, bool& took_sentiment) {
  if (m.kind == TermKind::kModifier) {
    if (m.modifier == ModifierRole::kContrast && m.length == 1 && WrittenAsName(i)) {
      // "geholpen door Mo in de chat": a name, not Flemish "mo" (maar).
    } else if (m.modifier == ModifierRole::kContrast && m.length == 1 && (i + 1 == tokens_.size() || IsClauseEnd(tokens_[i + 1]))) {
      // Closing its clause ("Replacement came next day though, thanks!") the contrast word
      // makes that clause the turn of the comment.
      clauses_.back().has_contrast_before = true;
    } else if (m.modifier == ModifierRole::kConcession && m.value != kPrepositionalConcession && !OpensClause(i) &&
               (i + m.length == tokens_.size() || IsClauseEnd(tokens_[i + m.length]))) {
      // Closing its clause ("my roundabouts were a disaster at first") a concession grants the
      // clause it closes: how it began, not how it ended.
      clauses_.back().concession = true;
    } else if (m.modifier == ModifierRole::kContrast || m.modifier == ModifierRole::kConcession) {
      // A phrase ("shame about") opens the clause with its words in it, as a word does.
      OpenClause(i, i + 1, i, clauses_.back().sentence);  // the contrast word opens the clause it weighs
      Span& opened = clauses_.back();
      opened.has_contrast_before = m.modifier == ModifierRole::kContrast;
      opened.concession = m.modifier == ModifierRole::kConcession;
      opened.concession_until_verb = opened.concession && m.value == kPrepositionalConcession;
    } else if ((m.modifier != ModifierRole::kFormer || !ComparedWith(tokens_, i)) &&
               (m.modifier != ModifierRole::kException || !AfterNobody(tokens_, i)) &&
               (m.modifier != ModifierRole::kInquiry || OpensClause(i))) {  // not "Why is there never ..."
      modifiers_.push_back({i + m.length - 1, m.modifier, m.value});
    }
  } else if (m.kind == TermKind::kSentiment && !took_sentiment) {
    // A phrase ("te laat") is one sentiment: its other words are not read for sentiment.
    valences_.push_back({i, m.value, m.length, false, m.modifier == ModifierRole::kVerdict});
    took_sentiment = true;
  } else if (m.kind == TermKind::kAspect && m.length == 1 && i < aspect_phrase_until_) {
    // Inside an aspect phrase the phrase decides: "out of order" is a broken facility,
    // not an order.
  } else if (full_ && m.kind != TermKind::kStopword && m.kind != TermKind::kSentiment) {
    if (m.kind == TermKind::kAspect && m.length > 1) aspect_phrase_until_ = std::max(aspect_phrase_until_, i + m.length);
    categorical_.emplace_back(i, m);
  }
}

void CommentReading::ReadModifierRoles() {
  // Modifiers by position, so that each word looks only at those within its reach: a long
  // comment full of "niet" and "heel" costs time in proportion to its length.
  if (!std::is_sorted(modifiers_.begin(), modifiers_.end(), ByPosition{})) {
    std::stable_sort(modifiers_.begin(), modifiers_.end(), ByPosition{});
  }
  roles_ = 0;
  closing_negation_.clear();
  for (const Modifier& mod : modifiers_) {
    roles_ |= 1u << static_cast<unsigned>(mod.role);
    if (mod.role != ModifierRole::kTrailingNegation) continue;
    std::size_t c = ClauseOf(mod.at), next = mod.at + 1;
    if (next >= tokens_.size() || IsClauseEnd(tokens_[next]) || ClauseOf(next) != c) {
      closing_negation_.resize(clauses_.size(), 0);
      closing_negation_[c] = mod.at + 1;
    }
  }
  MarkIrony();
}

}  // namespace peakend::text
