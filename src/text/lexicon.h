// Lexicon: every term list the analyzer uses (sentiment words, modifiers, aspects, emotions,
// life events, relations, stopwords), loaded from the documented files in data/text/ and
// matched against tokens: exact words, prefixes ("bezorg*") and multi-word phrases.
#pragma once

#include <string>
#include <string_view>
#include <array>
#include <bitset>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/status.h"
#include "text/tokenizer.h"
#include "text/word_index.h"

namespace peakend::text {

enum class TermKind : std::uint8_t { kSentiment, kModifier, kAspect, kEmotion, kLifeEvent, kRelation, kStopword };
// "*": a term of every language (emoji, names, loanwords).
enum class TermLanguage : std::uint8_t { kAny, kDutch, kEnglish };
// What a modifier does to the sentiment words after it: turn them round, scale them, or start a
// new clause that counts more ("maar", "but"); an irony marker ("🙄") turns round the praise of
// its whole sentence ("great work lads 🙄"). A trailing negation at the end of a clause turns
// round the sentiment before it, as Dutch word order puts it ("vriendelijk waren ze niet"). A
// resolution word ("sorted", "vervangen") says the problem near it was solved. A word of the
// past or of a former provider ("vroeger", "used to", "my old provider") turns round the praise
// of its clause: praise of what was, or of someone else, says this falls short of it. An
// exception ("apart from", "behalve", "only downside") names what fell short of a whole that
// pleased. A request ("graag", "please", "could you") makes the thanks that close it courtesy. A
// word of waiting ("gewacht", "queued") with a long duration beside it is a complaint, and so is
// saying what day it is now after the day something was asked ("Het is nu april"); a word of
// length ("lang", "long") beside a word of waiting is a long wait ("de rij was erg lang").
// kVerdict marks no modifier but a sentiment term of a `[sentiment verdict]` section: the
// customer's conclusion ("will order again", "klant af"), which closes a long story; a hedge
// ("might", "misschien", "whether") right before a conclusion leaves it undecided; a question
// called small ("quick question", "vraagje") is an aside, which does not make a letter a request.
// A concession ("although", "hoewel", "despite") opens a clause that grants what the rest of its
// sentence outweighs. What the customer ordered or asked for ("ordered", "asked for", "besteld"),
// said right before what they got ("Ordered a large, got a small"), tells of a wrong item. A
// claim of the company's put between quotation marks (a parcel "delivered", a claim "under
// review") is doubted: what it claims did not happen.
enum class ModifierRole : std::uint8_t { kNone, kNegation, kContrast, kScale, kIrony, kTrailingNegation, kResolution, kWish, kRepeat, kCourtesy, kFormer, kException, kRequest, kWait, kNow, kLength, kSuggestion, kMixed, kOwnMistake, kInquiry, kUncertain, kVerdict, kHedge, kAside, kConcession, kOrdered, kClaim };
// The value of a negation that stands as the subject of its clause ("nobody", "niemand": the
// section `modifier subject_negation`); other negations have 0.
inline constexpr double kSubjectNegation = 1;
// The value of an exception that is the subject of its clause ("only downside", "enige
// minpunt": the section `modifier exception_subject`), which excepts what the whole clause names;
// other exceptions ("apart from", "behalve") have 0 and except the words right after them.
inline constexpr double kClauseException = 1;

struct TermEntry {
  TermKind kind = TermKind::kSentiment;
  std::string name;  // aspect/emotion/event name, modifier type, or "-"
  TermLanguage language = TermLanguage::kAny;
  double value = 0;
  ModifierRole modifier = ModifierRole::kNone;  // set for kModifier entries from `name`
};

// "nl" and "en"; anything else ("*", "unknown") is kAny.
TermLanguage ParseTermLanguage(std::string_view code);

struct TermMatch {
  const TermEntry* entry = nullptr;
  // Copied from the entry for the loop that reads every match of a comment, so that it need
  // not follow `entry` to another cache line for each.
  double value = 0;
  std::uint32_t length = 0;  // tokens covered
  TermKind kind = TermKind::kSentiment;
  TermLanguage language = TermLanguage::kAny;
  ModifierRole modifier = ModifierRole::kNone;
};

class Lexicon {
 public:
  // Loads every *.txt file of `dir` in name order.
  static Result<Lexicon> LoadDirectory(const std::string& dir);
  // Parses one file in Peakend's format; errors name file and line.
  Status AddFile(const std::string& path);
  Status AddText(const std::string& text, const std::string& origin);
  // VADER (token TAB mean TAB sd TAB ratings, -4..4) or AFINN (token TAB score, -5..5) lexicons,
  // a token once each; errors name file and line. A token's score replaces the value of the
  // sentiment terms of `language` (of every language for "*") already defined for it.
  Status AddVaderOrAfinn(const std::string& path, const std::string& language);

  // The lexicon's number of the folded word `lower` (-1 when no term names it); `padded` when
  // at least 16 readable bytes follow it (a TokenBuffer's padded tokens), so that it is read
  // sixteen bytes at a time.
  std::int32_t WordId(std::string_view lower, bool padded) const {
    return padded ? by_first_word_.IndexOfPadded(lower) : by_first_word_.IndexOf(lower);
  }
  // Appends the single-word entries matching a word on its own, in all languages: the terms
  // it is (`word_id`, as WordId gives it), in the order they were defined, then the prefix
  // terms it begins with ("bezorg*"), longest first.
  void MatchSingle(std::int32_t word_id, std::string_view lower, bool padded, std::vector<TermMatch>& out) const;
  // WordId of a punctuation mark's token (a phrase may contain one).
  std::int32_t PunctuationId(char mark) const { return one_byte_ids_[static_cast<unsigned char>(mark)]; }
  // Whether some phrase of two or more words begins with the word `word_id`.
  bool StartsPhrase(std::int32_t word_id) const {
    const auto& patterns = by_first_word_.value(word_id);
    return !patterns.empty() && patterns.front().words.size() > 1;
  }
  // Whether some phrase begins with the word `word_id` followed by any word: its second word is
  // "*" ("duurde * weken") or a prefix ("niet bezorg*").
  bool StartsPhraseOfAnySecondWord(std::int32_t word_id) const {
    return static_cast<std::size_t>(word_id) < any_second_runs_.size() && any_second_runs_[static_cast<std::size_t>(word_id)].count > 0;
  }
  // Whether a phrase may begin with the words `first` and `second` (WordId; -1 for a word no
  // term names), `any_second` telling whether StartsPhraseOfAnySecondWord(first); false means
  // none does. Without a branch on the words: it is asked of most.
  bool PhrasePairMayMatch(std::int32_t first, std::int32_t second, bool any_second) const {
    if (phrase_pairs_.empty()) return true;
    std::size_t bit = PhrasePairBit(first, second);
    return any_second | (static_cast<bool>((phrase_pairs_[bit / 64] >> (bit % 64)) & 1) & (second >= 0));
  }
  // Whether a phrase may begin at the word `first`, followed by `second` and `third`: by its
  // first two words, or with a word of degree between them (see MatchPhrases). The pair is
  // tested without a branch, as above; words of degree are few, so the branch on one is rarely
  // taken and rarely mispredicted.
  bool PhraseMayBegin(std::int32_t first, bool any_second, std::int32_t second, std::int32_t third) const {
    bool may = PhrasePairMayMatch(first, second, any_second);
    if (IsDegreeWord(second)) [[unlikely]] may |= !IsNegationWord(first) & PhrasePairMayMatch(first, third, any_second);
    return may;
  }
  // Appends the phrases of two or more words matching at tokens[i], longest first, in all
  // languages (every token's TokenView::word set by WordId); whether any did. A word of degree
  // after the first ("slaat echt nergens op", "was really not worth it") is read past when no
  // phrase matches without it, unless the first word is a negation ("niet echt goed" is not
  // "niet goed"); the match then spans it.
  bool MatchPhrases(const std::vector<TokenView>& tokens, std::size_t i, std::vector<TermMatch>& out) const;
  // Appends the single-word entries of `language` (kAny entries too) matching `word` exactly;
  // for words no entry names as written, e.g. an inflected form.
  void MatchWord(std::string_view word, TermLanguage language, std::vector<TermMatch>& out) const;

  // Whether `word`, as written, is on its own a term of `kind` in `language` (or in every
  // language): for the rare word a rule asks about, not for every token.
  bool IsTermOfKind(std::string_view word, TermLanguage language, TermKind kind) const;

  std::size_t size() const { return entries_.size(); }
  // The distinct names the terms of `kind` give (the aspects or emotions a comment can be
  // tagged with), sorted.
  std::vector<std::string> NamesOf(TermKind kind) const;

 private:
  struct Pattern {
    std::vector<std::string> words;  // the last may end in '*'
    std::size_t entry;
    std::vector<std::int32_t> ids;  // the word index's number of each word; -1 for a prefix
    std::int32_t second = -1;       // ids[1] kept at hand: most phrases fail on their second word
  };
  Status AddTerm(const std::string& term, TermEntry entry);
  // Where in entries_ the term of these folded words is defined with the kind, name and
  // language of `entry`, if it is.
  std::optional<std::size_t> DefinedAt(const std::vector<std::string>& words, const TermEntry& entry) const;
  // The patterns among which the term of these folded words is kept, if any.
  const std::vector<Pattern>* PatternsOf(const std::vector<std::string>& words) const;
  // Gives the sentiment terms of these folded words in `language` (in every language for kAny)
  // the value `value`.
  void Revalue(const std::vector<std::string>& words, TermLanguage language, double value);
  Status AddTextTerms(const std::string& text, const std::string& origin);
  Status AddVaderOrAfinnTerms(const std::string& path, const std::string& language);
  void IndexPhrases();
  // The first two bytes of a word, as an index into prefix_heads_.
  static std::size_t HeadOf(std::string_view word) {
    return static_cast<std::size_t>(static_cast<unsigned char>(word[0])) << 8 | static_cast<unsigned char>(word[1]);
  }
  TermMatch MatchOf(std::size_t entry, std::size_t length) const;
  // Whether `p` matches at tokens[i] (of n), its second and later words `gap` tokens further on.
  bool Matches(const Pattern& p, const TokenView* tokens, std::size_t n, std::size_t i, std::size_t gap) const;
  // Whether the token `t` is the phrase word `w` that has no id: "*" (any word or number but a
  // negation) or a prefix ("bezorg*").
  bool MatchesLooseWord(std::string_view w, const TokenView& t) const;
  void MatchPhrasesWithGap(const std::vector<TokenView>& tokens, std::size_t i, std::size_t gap,
                           std::vector<TermMatch>& out) const;
  bool IsDegreeWord(std::int32_t id) const {
    return static_cast<std::size_t>(id) < degree_words_.size() && degree_words_[static_cast<std::size_t>(id)];
  }
  bool IsNegationWord(std::int32_t id) const {
    return static_cast<std::size_t>(id) < negation_words_.size() && negation_words_[static_cast<std::size_t>(id)];
  }

  std::vector<TermEntry> entries_;
  // Exact first word, longest patterns first; every word of a phrase has a number here.
  WordIndex<std::vector<Pattern>> by_first_word_;
  WordIndex<std::vector<Pattern>> by_first_prefix_;  // single-word prefix "bezorg*"
  // The phrases that may match where the word `first` is followed by the word `second`: places
  // among the first word's patterns, in the order they are tried (longest first). Those whose
  // second word is `second` and those for any second word (or a prefix) are merged when the
  // index is made, so matching needs one lookup on the pair and no merging: common first words
  // ("niet", "not", "the") begin hundreds of phrases, and most phrases fail on their second word.
  struct PhraseRun {  // phrase_table_[begin, begin + count)
    std::uint32_t begin = 0, count = 0;
  };
  PhraseRun PhrasesAfter(std::int32_t first, std::int32_t second) const {
    if (second >= 0) {
      std::uint64_t pair = PairKey(first, second);
      for (std::size_t at = PairSlotOf(pair);; at = (at + 1) & pair_mask_) {
        const PairSlot& slot = pair_slots_[at];
        if (slot.pair == pair) return slot.run;
        if (slot.pair == kNoPair) break;
      }
    }
    return any_second_runs_[static_cast<std::size_t>(first)];
  }
  static constexpr std::uint64_t kNoPair = ~std::uint64_t{0};  // no word id is -1
  struct PairSlot {
    std::uint64_t pair = kNoPair;
    PhraseRun run;
  };
  static std::uint64_t PairKey(std::int32_t first, std::int32_t second) {
    return static_cast<std::uint64_t>(static_cast<std::uint32_t>(first)) << 32 | static_cast<std::uint32_t>(second);
  }
  std::size_t PairSlotOf(std::uint64_t pair) const {
    std::uint64_t h = pair * 0x9e3779b97f4a7c15ull;
    return static_cast<std::size_t>(h ^ (h >> 29)) & pair_mask_;
  }
  // Rebuilt by IndexPhrases after terms are added: the runs of places, the run of each pair of
  // first and second word some phrase begins with (open addressing, at most half full), and per
  // first word id the run of its phrases for any second word (the run for every other pair).
  // A phrase as matching reads it, in one place: the runs are walked for nearly every comment,
  // and reaching each Pattern's words through its own vector missed the cache on most phrases.
  static constexpr std::size_t kInlinePhraseWords = 4;  // words after the first, kept inline
  struct CompactPhrase {
    std::uint32_t entry = 0;
    std::uint8_t length = 0;  // words
    bool loose = false;       // a word is "*" or a prefix, or too many to keep inline: read the Pattern
    std::int32_t later[kInlinePhraseWords] = {};  // ids of the words after the first (when !loose)
    std::int32_t first = 0;   // the Pattern: by_first_word_.value(first)[place]
    std::uint32_t place = 0;
  };
  std::vector<CompactPhrase> phrase_table_;
  std::vector<PairSlot> pair_slots_;
  std::size_t pair_mask_ = 0;
  std::vector<PhraseRun> any_second_runs_;
  // Per word id: whether the word is a negation on its own ("niet", "never"), which the "any
  // word" of a phrase does not stand for. Rebuilt by IndexPhrases.
  std::vector<char> negation_words_;
  // Per word id: whether the word on its own strengthens what follows ("echt", "really"), and
  // may stand inside a phrase. Rebuilt by IndexPhrases.
  std::vector<char> degree_words_;
  // A bit per pair of first and second word that some phrase begins with (hashed, so a set bit
  // may be another pair's): most words that begin phrases are common ("niet", "not"), and most
  // of their next words begin none of them. Those for any second word are told apart exactly
  // (StartsPhraseOfAnySecondWord).
  static constexpr std::size_t kPhrasePairBits = std::size_t{1} << 18;
  std::vector<std::uint64_t> phrase_pairs_;
  static std::size_t PhrasePairBit(std::int32_t first, std::int32_t second) {
    std::uint64_t pair = static_cast<std::uint64_t>(static_cast<std::uint32_t>(first)) << 32 | static_cast<std::uint32_t>(second);
    std::uint64_t h = pair * 0x9e3779b97f4a7c15ull;
    return static_cast<std::size_t>(h >> 40) & (kPhrasePairBits - 1);
  }

  // Which prefix lengths exist (bit n: some prefix has n bytes; longer prefixes than the bits
  // can say are not indexed) and which two-byte beginnings they have: most words begin no
  // prefix at all, and then no lookup is needed for any length.
  std::uint64_t prefix_lengths_ = 0;
  std::bitset<65536> prefix_heads_;
  std::array<std::int32_t, 256> one_byte_ids_ = [] {  // WordId of each one-byte word
    std::array<std::int32_t, 256> ids{};
    ids.fill(-1);
    return ids;
  }();
};

}  // namespace peakend::text
