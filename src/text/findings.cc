// What a full analysis adds to the sentiment: the aspects with their own sentiment, emotions,
// life events, circumstances, the employees named, and the topics.
#include <algorithm>
#include <array>
#include <cmath>

#include "core/strings.h"
#include "text/comment_reading.h"

namespace peakend::text {
namespace {

constexpr std::size_t kPhraseContext = 4;  // words kept on each side of a life event
constexpr std::size_t kCircumstanceWords = 4;
// "voor de uitvaart van mijn tante", "for the funeral of my aunt": the occasion named before a
// relation's "van"/"of" belongs to its phrase, at most this many words back.
constexpr std::size_t kOccasionWords = 3;
// The age a birthday may reach, the verbs that tell it ("turns 3"), and the units that make a
// number after them something else ("turned 3 days late").
constexpr int kOldestAge = 115;
constexpr std::array<std::string_view, 3> kTurnsAge = {"turns", "turned", "turning"};
constexpr std::array<std::string_view, 16> kTimeUnits = {"days", "weeks", "months", "hours", "minutes", "mins", "hrs", "times",
                                                         "dagen", "weken", "maanden", "uur", "minuten", "keer", "euro", "pounds"};

// What an ordinal after a possessive may be followed by and still be an age ("mum's 70th party").
constexpr std::array<std::string_view, 10> kCelebrations = {"birthday", "party", "bash", "celebration", "dinner", "lunch",
                                                             "do", "verjaardag", "feest", "feestje"};

// The length of the possessive "'s" (or "’s") `word` ends in ("mum's", "nan’s"), or 0.
std::size_t PossessiveSuffix(std::string_view word) {
  for (std::string_view possessive : {std::string_view("'s"), std::string_view("\u2019s")}) {
    if (word.size() > possessive.size() && word.ends_with(possessive)) return possessive.size();
  }
  return 0;
}

// Whether `word` is an ordinal number ("90th", "21st", "80e", "50ste").
bool IsOrdinal(std::string_view word) {
  std::size_t digits = 0;
  while (digits < word.size() && word[digits] >= '0' && word[digits] <= '9') ++digits;
  if (digits == 0 || digits > 3) return false;
  std::string_view suffix = word.substr(digits);
  return suffix == "th" || suffix == "st" || suffix == "nd" || suffix == "rd" || suffix == "e" || suffix == "ste" || suffix == "de";
}

// The possessives that make a relation the customer's own where no preposition says what for:
// "mijn moeder ligt in het ziekenhuis", "m'n schoonvader", "ons moeder" (Flemish), "our son".
constexpr std::array<std::string_view, 8> kPossessives = {"mijn", "mijne", "m'n", "mn", "onze", "ons", "my", "our"};
// Verbs after a relation that tell the state it is in: "Mijn zoon zit in een rolstoel", "Ons
// moeder is dement", "My brother has autism", "Grandad can't hear well". Not "had", which is
// more often what was done than what is ("Mijn man had het al gezegd").
constexpr std::array<std::string_view, 54> kStateVerbs = {
    "is",      "zijn",     "zit",     "zitten", "zat",    "heeft",   "hebben",  "ligt",     "liggen",  "lag",
    "woont",   "wonen",    "woonde",  "wordt",  "werd",   "komt",    "komen",   "kwam",     "gaat",    "gaan",
    "kan",     "kon",      "moet",    "verhuist", "trouwt", "krijgt", "begint", "was",      "has",     "have",
    "are",     "were",     "lives",   "live",   "lived",  "can't",   "cannot",  "couldn't", "just",    "recently",
    "moved",   "died",     "passed",  "lost",   "starts", "started", "doesn't", "relies",   "needs",   "got",
    "suffers", "isn't",    "hasn't",  "struggles"};
// What follows a relation that carries its verb ("Mum's been diagnosed", "my son's just started").
constexpr std::array<std::string_view, 14> kAfterContractedVerb = {
    "been", "got", "just", "not", "in", "having", "moving", "getting", "recovering", "expecting", "starting", "going", "now", "still"};
// Verbs of taking someone along or out, before the possessive of the one taken.
constexpr std::array<std::string_view, 12> kBroughtAlong = {"took", "take", "taking", "brought", "bring", "treated",
                                                            "nam", "namen", "neem", "bracht", "brachten", "trakteerde"};
// The Dutch possessives that may follow an owner ("mijn zoon z'n fiets", "mijn moeder d'r
// rekening").
constexpr std::array<std::string_view, 3> kDutchPossessivesAfterOwner = {"z'n", "d'r", "haar"};
// Words that follow a person's name opening a sentence ("Will was great", "Roos heeft me
// geholpen", "Joy at the desk"), and not the common word the name also is ("Will order again").
constexpr std::array<std::string_view, 46> kAfterPersonNamed = {
    "was", "is", "has", "had", "did", "does", "helped", "sorted", "went", "gave", "made", "took", "knew", "explained",
    "called", "rang", "fixed", "and", "from", "at", "in", "on", "who", "you", "really", "always", "even", "just",
    "heeft", "hielp", "helpt", "deed", "gaf", "ging", "wist", "legde", "belde", "regelde", "en", "van", "aan", "bij",
    "uit", "die", "zorgde", "nam"};
// How far after "heeft" its participle may stand ("heeft de bestelling bij jullie gedaan"), and
// the words between "has" and its participle ("has just ordered").
constexpr std::size_t kParticipleReach = 6;
constexpr std::array<std::string_view, 6> kAdverbsBeforeParticiple = {"just", "already", "also", "recently", "never", "since"};
// English participles not made with "-ed".
constexpr std::array<std::string_view, 16> kIrregularParticiples = {
    "done", "made", "taken", "said", "told", "paid", "bought", "sent", "gone", "rung", "seen", "given", "written", "put", "found", "left"};
// Dutch separable prefixes a participle may carry before its "ge-" ("opgehaald", "afgesproken").
constexpr std::array<std::string_view, 12> kSeparablePrefixes = {"op", "af", "aan", "in", "uit", "mee", "terug", "door", "over", "om", "toe", "weg"};
constexpr std::size_t kShortestParticiple = 5;

// Whether `word` reads as a past participle: "gedaan", "opgehaald", "besteld", "ordered", "paid".
bool IsParticiple(std::string_view word) {
  if (word.size() < kShortestParticiple) return false;
  if (IsOneOf(word, kIrregularParticiples) || word.ends_with("ed")) return true;
  bool dutch_end = word.ends_with('d') || word.ends_with('t') || word.ends_with('n');  // "gedaan", "gegeven
  if (!dutch_end) return false;
  if (word.starts_with("ge")) return true;
  for (std::string_view prefix : kSeparablePrefixes) {
    if (word.starts_with(prefix) && word.substr(prefix.size()).starts_with("ge")) return true;
  }
  // Verbs of "be-", "ver-", "ont-", "her-" take no "ge-": "besteld", "verstuurd", "ontvangen".
  return (word.starts_with("be") || word.starts_with("ver") || word.starts_with("ont") || word.starts_with("her")) &&
         (word.ends_with('d') || word.ends_with('t'));
}

// Words that begin what follows a relation's state: "Mijn oma is 90 geworden | en jullie ...".
constexpr std::array<std::string_view, 12> kPhraseEnds = {"en", "and", "maar", "but", "dus", "so", "want", "omdat", "because", "terwijl", "while", "&"};
// The pronouns that may carry a relation's state into the next clause ("my nan. She is 91"), at
// most kPronounReach tokens after the relation.
constexpr std::size_t kPronounReach = 8;
// What may stand between a person close to the customer and the feeling said of them ("Mijn
// vrouw was woedend", "My mum was really upset"): a verb of being and words of degree.
constexpr std::array<std::string_view, 28> kBetweenPersonAndFeeling = {
    "was", "is", "were", "are", "been", "got", "became", "werd", "raakte", "zijn", "waren", "so", "really", "very", "just",
    "absolutely", "totally", "quite", "heel", "erg", "zo", "echt", "super", "helemaal", "best", "nogal", "ook", "also"};
constexpr std::array<std::string_view, 8> kSubjectPronouns = {"she", "he", "she's", "he's", "zij", "ze", "hij", "die"};
constexpr std::array<std::string_view, 3> kAnd = {"en", "and", "&"};
constexpr std::array<std::string_view, 3> kFirstPersonSubjects = {"ik", "i", "me"};  // "my wife and me went"
// The most words a relation and the life event it lives may span: "mijn vader is vorige week
// na een kort ziekbed overleden" (9) still tells of the father.
constexpr std::size_t kEventToRelationWords = 10;
constexpr std::array<std::string_view, 8> kOccasionPrepositions = {"voor", "tijdens", "bij", "na", "for", "during", "at", "after"};
// Words after which a name written small is a word: articles, possessives, the pronouns a verb
// follows (also contracted: "I'll mark it") and the verbs a bare infinitive follows ("will",
// "can", "zal").
constexpr std::array<std::string_view, 42> kWordsBeforeNouns = {
    "een",   "de",    "het",  "mijn",   "je",     "jouw",  "uw",     "ik",     "we",    "wij",   "a",
    "an",    "the",   "my",   "your",   "our",    "i",     "you",    "jullie", "they",  "to",    "onze",
    "i'll",  "we'll", "you'll", "they'll", "i'd", "we'd",  "i've",   "we've",  "will",  "would", "can",
    "could", "should", "must", "shall",  "zal",   "zou",   "kan",    "moet",   "please"};
constexpr std::string_view kStaffFriendliness = "staff_friendliness", kStaffKnowledge = "staff_knowledge";
// What takes days of its own: a delivery, a refund or an exchange.
constexpr std::array<std::string_view, 2> kTakesDays = {"delivery", "returns_refunds"};
// The value of an aspect term that is its aspect only where its sentence names no delivery or
// refund: lateness, punctuality and time taken ("te laat", "on time", "binnen 3 dagen") are how
// long the customer waited for a technician, a train or an appointment, and a delivery's or a
// refund's own when a parcel is late or the money came back within three days.
constexpr double kUnlessDelivery = 1;
// The value of a venue's name ("winkel", "store", "gym"): the venue's aspect only where its
// clause names nothing else. "The store was dirty" and "Fijne winkel, maar ..." are about the
// shop; "In de winkel werd ik geholpen door iemand die alles wist" says where the help was.
constexpr double kUnlessOtherAspect = 2;
// What fell short takes this valence for its aspects when its words carry none of their own
// ("Apart from the wait, everything was fine": waiting time negative).
constexpr double kExceptedValence = -1.0;
// The name of an aspect, emotion or life-event section whose terms find nothing: they are longer
// phrases that keep a shorter term from being read ("can't wait", "thanks in advance", "hospital
// car park").
constexpr std::string_view kNoFinding = "-";
// What a clause that says nothing itself after "but" takes from the verdict it turns from
// ("Drive-thru was quick, but the burger looked like someone sat on it"): the opposite, halved.
constexpr double kContrastedShare = 0.5;
// Words after which a Dutch "maar" or "toch" is a particle, not a turn ("dus toch maar in de
// rij", "dan maar zelf gebeld", "we hoefden maar 10 minuten te wachten").
constexpr std::array<std::string_view, 12> kParticleBeforeContrast = {"dus", "dan",  "toch", "nog",   "even",   "gewoon",
                                                                       "zelf", "eens", "hoef", "hoeft", "hoefde", "hoefden"};

bool IsWordBeforeNoun(std::string_view word) {
  return IsOneOf(word, kWordsBeforeNouns);
}

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

void AddUnique(std::vector<Finding>& list, Finding f) {
  for (const auto& existing : list) {
    if (existing.name == f.name) return;
  }
  list.push_back(std::move(f));
}

// The index of the aspect called `name` in `analysis`, or the number of its aspects.
std::size_t AspectIndex(const Analysis& analysis, std::string_view name) {
  std::size_t k = 0;
  while (k < analysis.aspects.size() && analysis.aspects[k].name != name) ++k;
  return k;
}

}  // namespace

void CommentReading::ReadTopics(const TopicSet& topics, Analysis& analysis) {
  CopyTokens(tokens_, owned_);
  if (topics.uses_stems()) Stem(owned_, analysis.language);  // only ~stem queries need them
  analysis.topics = topics.Match(owned_);
}

void CommentReading::ReadFindings(const std::vector<EmployeeName>* employees, Analysis& analysis) {
  // Each aspect's mentions, by where their sentiment comes from: a clause, or (for a clause
  // without sentiment words of its own: "the website froze at checkout, so frustrating") its
  // sentence, numbered after the clauses. Two mentions in one source count once.
  aspect_mentions_.clear();
  // The source of a mention that an exception excepts ("behalve de wachttijd").
  excepted_source_ = clauses_.size() + clauses_.back().sentence + 1;
  for (const auto& [i, m] : categorical_) {
    const TermEntry& e = *m.entry;
    if (e.kind == TermKind::kAspect) AddAspectMention(i, e, analysis);
    else if (e.kind == TermKind::kEmotion) AddEmotion(i, m, analysis);
    else if (e.kind == TermKind::kLifeEvent) AddLifeEvent(i, m, analysis);
    else if (e.kind == TermKind::kRelation) AddCircumstance(i, m, analysis);
  }
  AddAgeReached(analysis);
  AddFrustration(analysis);
  AddRepeatedFailure(analysis);
  FindMentions(employees, analysis);
  AddNamedStaff(analysis);
  SetAspectSentiments(analysis);
}

// Where the sentiment of a mention in `clause` comes from: the clause, or its sentence when the
// clause says nothing itself.
std::size_t CommentReading::SourceOf(std::size_t clause) const {
  if (clauses_[clause].valence != 0) return clause;
  if (TurnedFromValence(clause) != 0) return excepted_source_ + 1 + clause;
  return clauses_.size() + clauses_[clause].sentence;
}

// For a clause without words of judgement that a contrast word opens, the valence of what it
// turns from: the clauses before it in its sentence, or, when it opens its sentence ("Staff were
// lovely. But the room ..."), the sentence before.
double CommentReading::TurnedFromValence(std::size_t clause) const {
  const Span& turn = clauses_[clause];
  if (turn.valence != 0 || !turn.has_contrast_before || clause == 0) return 0;
  std::size_t turned_by = clause_first_[clause];
  // "ik heb alleen mijn adres doorgegeven": inside a clause "alleen" is "only".
  bool opens = turned_by == 0 || tokens_[turned_by - 1].kind == TokenKind::kPunctuation;
  if (!opens && tokens_[turned_by].lower == "alleen") return 0;
  if (turned_by > 0 && IsOneOf(tokens_[turned_by - 1].lower, kParticleBeforeContrast)) return 0;
  // "hoefden maar 10 minuten": inside its clause, before a number, the word says how few
  // ("makkelijk, maar 14 euro voor een enkeltje" turns).
  if (!opens && turned_by + 1 < tokens_.size() && tokens_[turned_by + 1].kind == TokenKind::kNumber) return 0;
  std::size_t sentence = turn.sentence;
  if (clauses_[clause - 1].sentence != sentence) sentence = clauses_[clause - 1].sentence;
  double valence = 0;
  for (std::size_t c = clause; c-- > 0 && clauses_[c].sentence == sentence;) valence += clauses_[c].valence;
  return valence;
}

// The valence of a mention's source; what an exception excepts falls short.
double CommentReading::SourceValence(std::size_t source) const {
  if (source == excepted_source_) return excepted_valence_ != 0 ? excepted_valence_ : kExceptedValence;
  if (source > excepted_source_) return -kContrastedShare * TurnedFromValence(source - excepted_source_ - 1);
  if (source < clauses_.size()) return clauses_[source].valence;
  double valence = 0;
  for (const auto& other : clauses_) valence += other.sentence == source - clauses_.size() ? other.valence : 0;
  return valence;
}

// Whether the sentence of `clause` names a delivery or a refund (kUnlessDelivery).
bool CommentReading::SentenceNamesDelivery(std::size_t clause) const {
  return std::any_of(categorical_.begin(), categorical_.end(), [&](const std::pair<std::size_t, TermMatch>& x) {
    return x.second.kind == TermKind::kAspect && IsOneOf(x.second.entry->name, kTakesDays) &&
           clauses_[ClauseOf(x.first)].sentence == clauses_[clause].sentence;
  });
}

// Whether `clause` names an aspect other than `name`, by a term that is not itself a venue's
// name (kUnlessOtherAspect).
bool CommentReading::ClauseNamesOtherAspect(std::size_t clause, std::string_view name) const {
  return std::any_of(categorical_.begin(), categorical_.end(), [&](const std::pair<std::size_t, TermMatch>& x) {
    return x.second.kind == TermKind::kAspect && x.second.entry->name != name && x.second.entry->name != kNoFinding &&
           x.second.entry->value != kUnlessOtherAspect && ClauseOf(x.first) == clause;
  });
}

// A mention of the aspect `e` at tokens[i], counted once per source.
void CommentReading::AddAspectMention(std::size_t i, const TermEntry& e, Analysis& analysis) {
  // "can't wait to come back" (a phrase of no aspect, `-`) is no waiting time.
  if (e.name == kNoFinding) return;
  std::size_t c = ClauseOf(i);
  if (e.value == kUnlessDelivery && SentenceNamesDelivery(c)) return;
  if (e.value == kUnlessOtherAspect && ClauseNamesOtherAspect(c, e.name)) return;
  std::size_t k = AspectIndex(analysis, e.name);
  if (k == analysis.aspects.size()) analysis.aspects.push_back({e.name, 0, std::string()});
  std::size_t source = IsExcepted(i) ? excepted_source_ : SourceOf(c);
  bool counted = std::any_of(aspect_mentions_.begin(), aspect_mentions_.end(), [&](const AspectMention& x) {
    return x.aspect == k && x.source == source;
  });
  if (!counted) aspect_mentions_.push_back({k, source, c});
}

// Whether tokens[i] is a word of praise inside a sentiment phrase that complains.
bool CommentReading::PraiseInsideComplaint(std::size_t i) const {
  const WordSummary& word = known_->summary(profiles_[i]);
  auto l = static_cast<std::size_t>(lang_);
  if (!word.rule_sentiment[l] || word.RuleMatches(known_->rule_matches(), lang_)[word.rule_modifiers[l]].value <= 0) {
    return false;
  }
  return std::any_of(valences_.begin(), valences_.end(), [&](const Valence& v) {
    return v.length > 1 && v.value < 0 && v.at <= i && i < v.at + v.length;
  });
}

// Whether a word of praise outside tokens [from, to) stands in a clause that still praises.
bool CommentReading::PraisedBesides(std::size_t from, std::size_t to) const {
  return std::any_of(valences_.begin(), valences_.end(), [&](const Valence& v) {
    bool outside = v.at + v.length <= from || v.at >= to;
    return outside && v.value > 0 && clauses_[ClauseOf(v.at)].valence > 0;
  });
}

// Whether a longer term of the same kind lies over some of the words of `m` at tokens[i]: the
// longer phrase decides what they say.
bool CommentReading::CoveredByLongerTerm(std::size_t i, const TermMatch& m) const {
  return std::any_of(categorical_.begin(), categorical_.end(), [&](const std::pair<std::size_t, TermMatch>& x) {
    return x.second.kind == m.kind && x.second.length > m.length && x.first < i + m.length && i < x.first + x.second.length;
  });
}

void CommentReading::AddEmotion(std::size_t i, const TermMatch& m, Analysis& analysis) const {
  const TermEntry& e = *m.entry;
  // "We hadden ons zo verheugd op het diner" is sadness, not the joy of "verheugd"; "thanks in
  // advance" (a term of no emotion, `-`) is a formula, not the gratitude of "thanks".
  if (CoveredByLongerTerm(i, m) || e.name == kNoFinding) return;
  std::size_t c = ClauseOf(i);
  // "not happy", "niet boos": a negated emotion word is not that emotion; an emoji says
  // what it says ("still no refund 😡").
  auto before = ModifiersAt(i > kModifierWindow ? i - kModifierWindow : 0, i);
  bool word = tokens_[i].kind == TokenKind::kWord || tokens_[i].kind == TokenKind::kNumber;
  bool negated = word && std::any_of(before.begin(), before.end(), [&](const Modifier& mod) {
    return mod.role == ModifierRole::kNegation && ClauseOf(mod.at) == c && !Subordinated(mod.at, i);
  });
  negated = negated || (word && NegatedAtClauseEnd(i, i + m.length - 1));
  // "Thanks for nothing", "bedankt voor niks": a word of praise inside a phrase that
  // complains is not its emotion.
  negated = negated || (m.length == 1 && PraiseInsideComplaint(i));
  // Praise said in irony ("Geweldig hoor, weer een week geen internet 🙄") is not joy.
  negated = negated || (word && Ironic(c) && IsPraisingEmotion(e.name));
  // Praise whose clause the reading turned into a complaint ("Love how the 'express' bus stops
  // at every village", "Geweldig hoor, ... bij de buren") is not joy either.
  negated = negated || (word && IsPraisingEmotion(e.name) && clauses_[c].valence < 0);
  // Thanks that close a complaint with nothing praised ("Vlucht gemist. Dank je wel.", "Cheers
  // for the 'express' shipping, only took nine days.") are sarcasm or courtesy, not gratitude.
  negated = negated || (e.name == "gratitude" && Sentiment() < 0 && !PraisedBesides(i, i + m.length));
  // "belachelijk snel" is very fast, not ridiculous.
  negated = negated || (m.length == 1 && std::find(degree_only_.begin(), degree_only_.end(), i) != degree_only_.end());
  // "Mijn vrouw was woedend op de bezorger", "My mum was really upset": someone else's anger or
  // grief. Their joy is the customer's too ("My kids were thrilled with the free ice cream").
  negated = negated || (word && !IsPraisingEmotion(e.name) && FeltByRelation(i));
  if (!negated) AddUnique(analysis.emotions, {e.name, Join(tokens_, i, i + m.length)});
}

// Whether the feeling at tokens[i] is said of a person close to the customer, the subject right
// before it: a possessive and a relation word, then only a verb of being and words of degree.
bool CommentReading::FeltByRelation(std::size_t i) const {
  std::size_t k = i;
  while (k > 0 && IsOneOf(tokens_[k - 1].lower, kBetweenPersonAndFeeling)) --k;
  if (k == i || k < 2) return false;  // a verb of being at least: "my son happy" is not said so
  return lexicon_->IsTermOfKind(tokens_[k - 1].lower, lang_, TermKind::kRelation) && IsOneOf(tokens_[k - 2].lower, kPossessives);
}

// The life event `m` at tokens[i], with the words around it in its clause.
void CommentReading::AddLifeEvent(std::size_t i, const TermMatch& m, Analysis& analysis) const {
  // "(is) ontslagen uit het ziekenhuis" is a hospital stay, not a job lost; "the hospital car
  // park" (a term of no event, `-`) is a place.
  if (CoveredByLongerTerm(i, m) || m.entry->name == kNoFinding) return;
  const Span& clause = clauses_[ClauseOf(i)];
  std::size_t from = i > kPhraseContext ? i - kPhraseContext : 0;
  from = std::max(from, clause.begin);
  std::size_t to = std::min(i + m.length + kPhraseContext, clause.end);
  AddUnique(analysis.life_events, {m.entry->name, Join(tokens_, from, to)});
}

// A birthday told by the age reached: "my nan's 90th", "our wee boy turns 3 on Sunday", "Oma is
// 90 geworden". The ordinals after a possessive word ("haar 80e", "my 70th") are lexicon terms.
void CommentReading::AddAgeReached(Analysis& analysis) const {
  auto age = [&](std::size_t at) {
    if (at >= tokens_.size() || tokens_[at].kind != TokenKind::kNumber) return false;
    int years = 0;
    for (char ch : tokens_[at].lower) {
      if (ch < '0' || ch > '9' || years > kOldestAge) return false;
      years = years * 10 + (ch - '0');
    }
    // "turned 3 days late" counts days, not years.
    return years > 0 && years <= kOldestAge && !(at + 1 < tokens_.size() && IsOneOf(tokens_[at + 1].lower, kTimeUnits));
  };
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    std::string_view word = tokens_[i].lower;
    std::size_t from = i, to = 0;
    bool ordinal_ends = i + 1 >= tokens_.size() || tokens_[i + 1].kind != TokenKind::kWord || IsOneOf(tokens_[i + 1].lower, kCelebrations);
    if (i > 0 && IsOrdinal(word) && ordinal_ends && PossessiveSuffix(tokens_[i - 1].lower) > 0) {
      from = i - 1, to = i + 1;  // "my nan's 90th", not "my dad's 3rd visit"
    } else if (IsOneOf(word, kTurnsAge) && age(i + 1)) {
      to = i + 2;  // "turns 3"
    } else if (age(i) && i + 1 < tokens_.size()) {
      std::size_t after = tokens_[i + 1].lower == "jaar" ? i + 2 : i + 1;
      if (after < tokens_.size() && tokens_[after].lower == "geworden") to = after + 1;  // "90 geworden"
    }
    if (to == 0) continue;
    from = from > kPhraseContext ? from - kPhraseContext : 0;
    const Span& clause = clauses_[ClauseOf(i)];
    AddUnique(analysis.life_events, {"birthday", Join(tokens_, std::max(from, clause.begin), std::min(to, clause.end))});
  }
}

// The relation `m` at tokens[i] when the customer's own, bought for or acted for ("voor mijn
// moeder", "for my daughter's wedding"), with the occasion.
void CommentReading::AddCircumstance(std::size_t i, const TermMatch& m, Analysis& analysis) const {
  // "my mother in law" is one relation, not a mother.
  if (CoveredByLongerTerm(i, m)) return;
  const std::size_t after = i + m.length;
  const Span& clause = clauses_[ClauseOf(i)];
  auto owned = [&](std::size_t possessive_at) {
    if (possessive_at < 1) return false;
    std::string_view prep = tokens_[possessive_at - 1].lower;
    std::string_view poss = tokens_[possessive_at].lower;
    // "van mijn dochter", "aan mijn moeder", "of my son": the relation is as telling as "voor".
    bool nl = (prep == "voor" || prep == "namens" || prep == "met" || prep == "van" || prep == "aan") &&
              (poss == "mijn" || poss == "onze" || poss == "m'n");
    bool en = (prep == "for" || prep == "with" || prep == "behalf" || prep == "of" || prep == "to") &&
              (poss == "my" || poss == "our");
    // "Took my dad to the opticians", "treated my sis to lunch", "nam mijn moeder mee": the
    // visit was theirs too.
    bool brought = IsOneOf(prep, kBroughtAlong) && IsOneOf(poss, kPossessives);
    return nl || en || brought;
  };
  // A possessive before the relation, or one word between them that says more of who ("with my
  // elderly mother", "voor mijn zieke vader").
  std::size_t possessive_at = i - 1;
  if (i < 1 || !owned(possessive_at)) {
    if (std::size_t owned_to = OwnedThingEnd(i, after); owned_to != 0) {
      AddCircumstancePhrase(i, after, i - 1, owned_to, analysis);
      return;
    }
    if (i < 2 || tokens_[i - 1].kind != TokenKind::kWord || !owned(i - 2)) {
      AddCircumstanceOfSubject(i, after, analysis);
      return;
    }
    possessive_at = i - 2;
  }
  std::string_view prep = tokens_[possessive_at - 1].lower;
  std::size_t to = std::min(after + kCircumstanceWords, clause.end);
  std::size_t stop = after;
  while (stop < to && tokens_[stop].kind == TokenKind::kWord) ++stop;
  std::size_t from = possessive_at - 1;
  if (prep == "van" || prep == "of") {
    for (std::size_t back = 1; back <= kOccasionWords && from >= clause.begin + back; ++back) {
      const TokenView& w = tokens_[from - back];
      if (w.kind != TokenKind::kWord) break;
      if (IsOneOf(w.lower, kOccasionPrepositions)) {
        from -= back;
        break;
      }
    }
  }
  AddCircumstancePhrase(i, after, from, std::max(stop, after), analysis);
}

// The relation at tokens[i, after) as the subject of what the customer tells of them: its
// clause's life event ("Mijn moeder ligt in het ziekenhuis", "my husband passed away in May") or
// the state it is in ("Mijn zoon zit in een rolstoel", "My hubby has dementia", "Grandad is 94").
// The customer's own by a possessive, or as the first word of a sentence ("Vriendin ligt in het
// ziekenhuis"); a second relation joined by "en"/"and" shares the verb ("Mijn moeder en zus
// wonen in Spanje").
// Where the thing of the customer's relation named after it ends, or 0 where none is: "my nan's
// boiler", "Pharmacy delivered my mum's meds", "My cousin's hen do", "mijn zoon z'n fiets". The
// service concerns the relation's thing. Not "my mum's been diagnosed" (the 's carries a verb),
// nor "my nan's 90th" (an age reached).
std::size_t CommentReading::OwnedThingEnd(std::size_t i, std::size_t after) const {
  const Span& clause = clauses_[ClauseOf(i)];
  if (i < 1 || i - 1 < clause.begin || !IsOneOf(tokens_[i - 1].lower, kPossessives) || after >= clause.end) return 0;
  std::size_t thing = after;
  if (PossessiveSuffix(tokens_[after - 1].lower) == 0) {
    if (!IsOneOf(tokens_[after].lower, kDutchPossessivesAfterOwner)) return 0;
    ++thing;  // "mijn zoon z'n fiets"
  }
  if (thing >= clause.end || tokens_[thing].kind != TokenKind::kWord || IsOneOf(tokens_[thing].lower, kAfterContractedVerb) ||
      IsOneOf(tokens_[thing].lower, kStateVerbs) || IsOneOf(tokens_[thing].lower, kPhraseEnds)) {
    return 0;
  }
  return thing + 1;
}

void CommentReading::AddCircumstanceOfSubject(std::size_t i, std::size_t after, Analysis& analysis) const {
  const std::size_t c = ClauseOf(i);
  const Span& clause = clauses_[c];
  auto possessive = [&](std::size_t at) { return tokens_[at].kind == TokenKind::kWord && IsOneOf(tokens_[at].lower, kPossessives); };
  std::size_t owner_at = i;
  if (i >= 1 && possessive(i - 1)) {
    owner_at = i - 1;
  } else if (i >= 2 && tokens_[i - 1].kind == TokenKind::kWord && possessive(i - 2)) {
    owner_at = i - 2;  // "mijn zieke vader", "my elderly neighbour"
  } else if (!(i == clause.begin && (c == 0 || clauses_[c - 1].sentence != clause.sentence))) {
    return;
  }
  if (owner_at < clause.begin) return;
  // A life event in the clause.
  for (const auto& [at, m] : categorical_) {
    if (m.kind != TermKind::kLifeEvent || m.entry->name == kNoFinding || at < clause.begin || at >= clause.end) continue;
    if (CoveredByLongerTerm(at, m)) continue;
    std::size_t from = std::min(owner_at, at), to = std::min(std::max(after, at + m.length), clause.end);
    if (to - from > kEventToRelationWords) continue;
    AddCircumstancePhrase(i, after, from, to, analysis);
    return;
  }
  // The customer's companion: "Mijn man en ik hebben een weekendje geboekt", "My wife and I were
  // treated so well": what the comment tells concerns them both.
  if (after + 1 < clause.end && IsOneOf(tokens_[after].lower, kAnd) && IsOneOf(tokens_[after + 1].lower, kFirstPersonSubjects)) {
    std::size_t to = after + 2;
    while (to < std::min(after + 2 + kCircumstanceWords, clause.end) && tokens_[to].kind == TokenKind::kWord &&
           !IsOneOf(tokens_[to].lower, kPhraseEnds)) {
      ++to;
    }
    AddCircumstancePhrase(i, after, owner_at, to, analysis);
    return;
  }
  // A second relation joined to this one: "mijn moeder en zus", "my son and daughter in law".
  std::size_t verb_at = after, second = tokens_.size(), second_after = 0;
  if (verb_at + 1 < clause.end && IsOneOf(tokens_[verb_at].lower, kAnd)) {
    std::size_t at = verb_at + 1 < clause.end && possessive(verb_at + 1) ? verb_at + 2 : verb_at + 1;
    for (const auto& [j, m] : categorical_) {
      if (j == at && m.kind == TermKind::kRelation) second_after = std::max(second_after, j + m.length);
    }
    if (second_after == 0) return;
    second = at;
    verb_at = second_after;
  }
  std::size_t stop = verb_at < clause.end ? StateEnd(verb_at, clause.end) : 0;
  if (stop == 0) {
    // Told by a pronoun that opens the next clause: "help my grandmother, she is 87", "I rang
    // for my nan. She can't hear well."
    if (owner_at == i || second < tokens_.size() || c + 1 >= clauses_.size()) return;
    const Span& next = clauses_[c + 1];
    if (next.end - next.begin < 2 || next.begin - after > kPronounReach || !IsOneOf(tokens_[next.begin].lower, kSubjectPronouns)) return;
    std::size_t pronoun_stop = StateEnd(next.begin + 1, next.end);
    if (pronoun_stop != 0) AddCircumstancePhrase(i, after, owner_at, pronoun_stop, analysis);
    return;
  }
  AddCircumstancePhrase(i, after, owner_at, stop, analysis);
  if (second < tokens_.size()) AddCircumstancePhrase(second, second_after, owner_at, stop, analysis);
}

// Where the state told from tokens[verb_at] ends (its verb and up to kCircumstanceWords words
// after it, within its clause ending at `end`), or 0 where tokens[verb_at] tells no state.
std::size_t CommentReading::StateEnd(std::size_t verb_at, std::size_t end) const {
  std::string_view verb = tokens_[verb_at].lower;
  std::string_view subject = tokens_[verb_at - 1].lower;
  // "Mum's been diagnosed", "she's 91": the subject carries the verb.
  bool contracted = PossessiveSuffix(subject) > 0;
  if (!IsOneOf(verb, kStateVerbs) && !(contracted && IsOneOf(verb, kAfterContractedVerb))) return 0;
  // What the relation did is no state: "Mijn vrouw heeft de bestelling gedaan", "my son has
  // ordered it". A Dutch participle closes its clause; an English one follows its auxiliary
  // ("has been diagnosed" is the state the relation is in).
  if (verb == "heeft" || verb == "hebben") {
    for (std::size_t k = verb_at + 1; k < std::min(verb_at + 1 + kParticipleReach, end); ++k) {
      if (tokens_[k].kind == TokenKind::kWord && IsParticiple(tokens_[k].lower)) return 0;
    }
  } else if (verb == "has" || verb == "have") {
    std::size_t k = verb_at + 1;
    while (k < end && IsOneOf(tokens_[k].lower, kAdverbsBeforeParticiple)) ++k;
    if (k < end && IsParticiple(tokens_[k].lower)) return 0;
  }
  std::size_t to = std::min(verb_at + 1 + kCircumstanceWords, end);
  std::size_t stop = verb_at + 1;
  while (stop < to && (tokens_[stop].kind == TokenKind::kWord || tokens_[stop].kind == TokenKind::kNumber) &&
         !IsOneOf(tokens_[stop].lower, kPhraseEnds)) {
    ++stop;
  }
  // How the relation liked it is their verdict, not their situation: "Mijn zoontje was dolblij",
  // "Kids were gutted", "she was so grateful" (praise past an intensifying "so", not past "and").
  std::size_t reach = verb_at + 1;
  while (reach < to && (tokens_[reach].lower == "so" || !IsOneOf(tokens_[reach].lower, kPhraseEnds))) ++reach;
  bool judged = ValenceBeginsIn(verb_at + 1, stop, [](const Valence& v) { return v.value != 0; }) ||
                ValenceBeginsIn(verb_at + 1, reach, [](const Valence& v) { return v.value > 0; });
  return judged ? 0 : stop;
}

// Adds the relation at tokens[i, after) with the phrase tokens[from, to), unless a phrase of the
// same relation already holds it ("Mijn moeder en zus wonen in Spanje" tells of both).
void CommentReading::AddCircumstancePhrase(std::size_t i, std::size_t after, std::size_t from, std::size_t to,
                                           Analysis& analysis) const {
  // "for my dad's funeral" is about the dad: the relation is named without its possessive.
  std::string relation;
  for (std::size_t k = i; k < after; ++k) {
    if (!relation.empty()) relation += ' ';
    relation += tokens_[k].lower;
  }
  relation.resize(relation.size() - PossessiveSuffix(relation));
  Finding f{std::move(relation), Join(tokens_, from, to)};
  for (const auto& existing : analysis.circumstances) {
    if (existing.name == f.name && existing.phrase.find(f.phrase) != std::string::npos) return;
  }
  analysis.circumstances.push_back(std::move(f));
}

// An insistent question that complains, in its own words or in its sentence's, or that says
// nothing else, is frustration ("Het is opgelost, maar waar blijft de rest???").
void CommentReading::AddFrustration(Analysis& analysis) const {
  if (insistent_at_ >= tokens_.size()) return;
  const Span& asked = clauses_[ClauseOf(insistent_at_)];
  std::size_t sentence = asked.sentence;
  double valence = 0;
  std::size_t from = insistent_at_;
  for (const auto& c : clauses_) {
    if (c.sentence != sentence) continue;
    valence += c.valence;
    from = std::min(from, c.begin);
  }
  std::size_t to = insistent_at_;
  while (to < tokens_.size() && IsQuestionOrExclamation(tokens_[to])) ++to;
  if (valence < 0 || asked.valence < 0) AddUnique(analysis.emotions, {"frustration", Join(tokens_, from, to)});
}

// A complaint of the same thing again ("Weer de verkeerde factuur", "still no refund") or one
// said in irony ("Great, another 2 hours on hold") is frustration, whatever its words.
void CommentReading::AddRepeatedFailure(Analysis& analysis) const {
  for (std::size_t c = 0; c < clauses_.size(); ++c) {
    const Span& clause = clauses_[c];
    // "Engineer didn't turn up. Again.": the word of repetition may stand on its own after
    // the complaint.
    bool complains = clause.valence < 0 || (clause.valence == 0 && c > 0 && clauses_[c - 1].valence < 0);
    if (!complains) continue;
    bool again = HasRoleIn(ModifierRole::kRepeat, clause.begin, clause.end);
    if (!again && (clause.valence >= 0 || !Sarcastic(c))) continue;
    AddUnique(analysis.emotions, {"frustration", Join(tokens_, clause.begin, clause.end)});
    return;
  }
}

// Whether tokens[i] is the first word of its sentence.
bool CommentReading::OpensSentence(std::size_t i) const {
  std::size_t k = i;
  while (k > 0 && tokens_[k - 1].kind != TokenKind::kWord && tokens_[k - 1].kind != TokenKind::kNumber && !IsSentenceEnd(tokens_[k - 1])) --k;
  return k == 0 || IsSentenceEnd(tokens_[k - 1]);
}

// Whether what follows tokens[i] is what follows a person's name: a mark, "and", or a verb or
// preposition a named person opens a sentence with ("was", "helped", "hielp", "at", "bij").
bool CommentReading::BeforePersonNamed(std::size_t i) const {
  return i + 1 == tokens_.size() || tokens_[i + 1].kind != TokenKind::kWord || IsOneOf(tokens_[i + 1].lower, kAfterPersonNamed);
}

// Employees named in the comment, with or without the accents of their names: each word of
// the comment is compared in its form without diacritics, made once per comment.
void CommentReading::FindMentions(const std::vector<EmployeeName>* listed, Analysis& analysis) {
  static const std::vector<EmployeeName> kNobody;
  const std::vector<EmployeeName>& employees = listed ? *listed : kNobody;
  std::vector<std::string>& bare = bare_words_;  // empty: the word has no accents to drop
  bare.assign(employees.empty() ? 0 : tokens_.size(), std::string());
  for (std::size_t i = 0; i < bare.size(); ++i) {
    std::string_view lower = tokens_[i].lower;
    bool plain = std::all_of(lower.begin(), lower.end(), [](unsigned char c) { return c < 0x80; });
    if (tokens_[i].kind == TokenKind::kWord && !plain) bare[i] = WithoutDiacritics(lower);
  }
  std::string name;
  named_at_.clear();
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
    bool also_a_word = lexicon_->WordId(name, false) >= 0;
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      if (tokens_[i].kind != TokenKind::kWord) continue;
      if ((bare[i].empty() ? tokens_[i].lower : std::string_view(bare[i])) != name) continue;
      char first = tokens_[i].text[0];
      bool lower_case = first >= 'a' && first <= 'z';
      // Written small after an article or a pronoun it is the word: "een bas", "I hope".
      if (lower_case && (also_a_word || (i > 0 && IsWordBeforeNoun(tokens_[i - 1].lower)))) continue;
      // Its capital may be only the sentence's: "Will order again", "Mark the date" are the
      // word; "Will was great", "Joy at the desk helped me", "Mark, you're a star" the name.
      if (also_a_word && OpensSentence(i) && !BeforePersonNamed(i)) continue;
      bool seen = false;
      for (const auto& m : analysis.mentions) seen = seen || m.employee == employee.external_id;
      if (!seen) {
        const Span& clause = clauses_[ClauseOf(i)];
        analysis.mentions.push_back({employee.external_id, std::string(tokens_[i].text), Join(tokens_, clause.begin, clause.end)});
        named_at_.push_back(i);
      }
      break;
    }
  }
}

// A named employee is staff the customer judges ("Sanne hielp me geweldig", "Thanks Jenny"):
// staff friendliness, where the clause does not already say it is their knowledge.
void CommentReading::AddNamedStaff(Analysis& analysis) {
  for (std::size_t i : named_at_) {
    std::size_t c = ClauseOf(i), source = SourceOf(c);
    std::size_t knowledge = AspectIndex(analysis, kStaffKnowledge);
    bool said = std::any_of(aspect_mentions_.begin(), aspect_mentions_.end(), [&](const AspectMention& x) {
      return x.clause == c && (x.aspect == knowledge || analysis.aspects[x.aspect].name == kStaffFriendliness);
    });
    if (said) continue;
    std::size_t k = AspectIndex(analysis, kStaffFriendliness);
    if (k == analysis.aspects.size()) analysis.aspects.push_back({std::string(kStaffFriendliness), 0, std::string()});
    aspect_mentions_.push_back({k, source, c});
  }
}

// An aspect mentioned in one place takes that place's sentiment; mentioned in several
// ("Retourneren was makkelijk maar het geld duurde 3 weken") it weighs them as the comment
// does, the clause after a contrast most, and shows the clause that weighed most.
// A comment whose clauses about its aspects say nothing of them ("Bestelling geplaatst op
// maandag, zou woensdag komen. Woensdag niks, donderdag niks.") is about them as a whole.
void CommentReading::SetAspectSentiments(Analysis& analysis) const {
  bool any_aspect_valence = std::any_of(aspect_mentions_.begin(), aspect_mentions_.end(),
                                        [&](const AspectMention& x) { return SourceValence(x.source) != 0; });
  for (std::size_t k = 0; k < analysis.aspects.size(); ++k) {
    double total_valence = 0, strongest = -1;
    std::size_t count = 0, shown = 0, shown_source = 0;
    for (const auto& x : aspect_mentions_) {
      if (x.aspect != k) continue;
      ++count;
      double weighted = SourceValence(x.source) * ClauseWeight(x.clause);
      total_valence += weighted;
      if (std::abs(weighted) > strongest) strongest = std::abs(weighted), shown = x.clause, shown_source = x.source;
    }
    if (count == 1) total_valence = SourceValence(shown_source);
    total_valence *= suggestion_weight_;  // what a suggestion names, it proposes to change
    analysis.aspects[k].sentiment = total_valence == 0 && !any_aspect_valence ? analysis.sentiment : Normalise(total_valence);
    analysis.aspects[k].phrase = Join(tokens_, clauses_[shown].begin, clauses_[shown].end);
  }
}

}  // namespace peakend::text
