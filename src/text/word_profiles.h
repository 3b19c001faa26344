// WordProfiles: what each word a thread has read matches in the lexicon on its own, and what it
// says about the language. Customers use a small vocabulary over and over, so a word is looked
// up once (exact terms, prefix terms, the base form of an inflected Dutch adjective) instead of
// in every comment that uses it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <string_view>
#include <vector>

#include "text/lexicon.h"
#include "text/word_index.h"

namespace peakend::text {

struct WordProfile {
  std::int32_t word = -1;      // Lexicon::WordId
  bool starts_phrase = false;  // some phrase of the lexicon begins with it
  bool starts_phrase_of_any_second_word = false;  // Lexicon::StartsPhraseOfAnySecondWord
  // Whether its own matches (`role`), or those of its base form, include anything but a
  // stopword: a word without a role changes nothing but the language evidence.
  bool role = false, base_role = false;
  // Whether the rules visit it (Analyzer::TokenMatches): it has a role, begins a phrase, or is
  // punctuation that ends a clause.
  bool event = false;
  bool number_word = false;  // a number written as a word ("acht", "nine"), which may be a grade
  bool dutch_spelling = false, english_spelling = false;
  // Its single-word matches, while the profile is made, are [first, first + count) of the list
  // the analyzer makes it with; when there are none, the matches of its Dutch base form
  // ("leuke" -> "leuk") follow, base_count of them. Only its summary is kept.
  std::uint32_t first = 0, count = 0, base_count = 0;
  // Language evidence of those matches (2 for a stopword, 1 for a term of one language).
  std::uint16_t nl = 0, en = 0, base_nl = 0, base_en = 0;
  // The evidence it gives whatever follows it: its own, or its base form's when no phrase can
  // begin with it (when one can, the base form's waits for the phrases).
  std::uint16_t direct_nl = 0, direct_en = 0;
  // Evidence that it is neither: a stopword of another language, or a letter Dutch and English
  // do not use.
  std::uint8_t other = 0;
  // What the rules read of its single-word matches in each TermLanguage (kAny: a comment in no
  // known language), those that can do anything there: rule_matches() from rule_first, first
  // rule_count[0] for kAny, then rule_count[1] for Dutch, then rule_count[2] for English.
  std::uint32_t rule_first = 0;
  std::uint16_t rule_count[3] = {0, 0, 0};
  // Of each language's rule matches, how many modifiers come first, and whether a sentiment
  // term follows them; the categorical terms come last.
  std::uint8_t rule_modifiers[3] = {0, 0, 0};
  bool rule_sentiment[3] = {false, false, false};
};

// What every token of a comment needs of its word's profile, kept apart from the rest in one
// dense array: a comment's words are read from all over the thread's profiles, and this way
// they share few cache lines.
struct WordSummary {
  std::int32_t word = -1;  // WordProfile::word
  std::uint32_t rule_first = 0;  // WordProfile::rule_first, rule_count, rule_modifiers, rule_sentiment
  std::uint16_t rule_count[3] = {0, 0, 0};
  std::uint8_t rule_modifiers[3] = {0, 0, 0};
  bool rule_sentiment[3] = {false, false, false};
  std::uint8_t direct_nl = 0, direct_en = 0, other = 0;  // WordProfile::direct_nl, direct_en, other
  bool event = false, dutch_spelling = false, english_spelling = false, starts_phrase = false;
  bool starts_phrase_of_any_second_word = false;  // WordProfile::starts_phrase_of_any_second_word
  bool own_matches = false;  // WordProfile::count > 0
  bool number_word = false;  // WordProfile::number_word
  // The evidence of its base form, which counts when a phrase could begin with it but none does.
  std::uint8_t deferred_nl = 0, deferred_en = 0;
  // Bit l: on its own, the word does nothing the rules read in a comment in TermLanguage l (no
  // rule matches there, no number word, no English word a Dutch comment borrows). Many words the
  // rules visit are such words ("the", "de", "was"): they may begin a phrase, and most do not.
  std::uint8_t inert = 0;
  // Bit l: in a comment in TermLanguage l the word belongs to the other language only, and names
  // an aspect there ("Ik vond de delivery slecht", "De levering was top but ..."): code-switching
  // customers name the thing in whichever language comes first.
  std::uint8_t borrowed_aspects = 0;

  // Its rule matches (WordProfile::rule_first) in a comment in `language`, from `all`.
  std::span<const TermMatch> RuleMatches(const std::vector<TermMatch>& all, TermLanguage language) const {
    // Without a loop over the languages before it: this runs for most words of every comment.
    auto l = static_cast<std::size_t>(language);
    std::size_t from = rule_first + (l > 0 ? rule_count[0] : 0) + (l > 1 ? rule_count[1] : 0);
    return std::span<const TermMatch>(all).subspan(from, rule_count[l]);
  }
};

class WordProfiles {
 public:
  // Bounds the memory a thread keeps: past this many words it starts afresh.
  static constexpr std::size_t kMaxWords = std::size_t{1} << 16;

  // Called before each comment: forgets every profile when they were made for another
  // analyzer's lexicon (`owner`), or when the bound is reached.
  void Reset(std::uint64_t owner) {
    if (owner == owner_ && index_.size() < kMaxWords) return;
    index_.Clear();
    summaries_.clear();
    rule_matches_.clear();
    owner_ = owner;
  }
  // The number of the profile of the folded word `lower`, -1 when this thread has not read it
  // yet; `padded` as for Lexicon::WordId.
  std::int32_t Find(std::string_view lower, bool padded) const {
    return padded ? index_.IndexOfPadded(lower) : index_.IndexOf(lower);
  }
  // Keeps the summary of `profile` (made by the analyzer, the matches its rules read appended
  // to rule_matches()) and returns its number.
  std::int32_t Add(std::string_view lower, const WordProfile& profile) {
    std::int32_t at = index_.Intern(lower);
    // Evidence is a handful of points a word: a byte holds it.
    WordSummary& summary = summaries_.emplace_back();
    summary.word = profile.word;
    summary.rule_first = profile.rule_first;
    std::copy(std::begin(profile.rule_count), std::end(profile.rule_count), std::begin(summary.rule_count));
    std::copy(std::begin(profile.rule_modifiers), std::end(profile.rule_modifiers), std::begin(summary.rule_modifiers));
    std::copy(std::begin(profile.rule_sentiment), std::end(profile.rule_sentiment), std::begin(summary.rule_sentiment));
    summary.direct_nl = static_cast<std::uint8_t>(std::min<int>(profile.direct_nl, UINT8_MAX));
    summary.direct_en = static_cast<std::uint8_t>(std::min<int>(profile.direct_en, UINT8_MAX));
    summary.other = profile.other;
    summary.event = profile.event;
    summary.dutch_spelling = profile.dutch_spelling;
    summary.english_spelling = profile.english_spelling;
    summary.starts_phrase = profile.starts_phrase;
    summary.starts_phrase_of_any_second_word = profile.starts_phrase_of_any_second_word;
    summary.own_matches = profile.count > 0;
    summary.number_word = profile.number_word;
    bool deferred = profile.count == 0 && profile.starts_phrase;
    summary.deferred_nl = deferred ? static_cast<std::uint8_t>(std::min<int>(profile.base_nl, UINT8_MAX)) : 0;
    summary.deferred_en = deferred ? static_cast<std::uint8_t>(std::min<int>(profile.base_en, UINT8_MAX)) : 0;
    // Whether the word's rule matches in `language` hold an aspect.
    auto names_aspect = [&](TermLanguage language) {
      auto matches = summary.RuleMatches(rule_matches_, language);
      return std::any_of(matches.begin(), matches.end(), [](const TermMatch& m) { return m.kind == TermKind::kAspect; });
    };
    auto dutch = static_cast<std::size_t>(TermLanguage::kDutch);
    auto english = static_cast<std::size_t>(TermLanguage::kEnglish);
    if (profile.direct_nl == 0 && profile.direct_en > 0 && names_aspect(TermLanguage::kEnglish)) {
      summary.borrowed_aspects |= 1u << dutch;
    }
    if (profile.direct_en == 0 && profile.direct_nl > 0 && names_aspect(TermLanguage::kDutch)) {
      summary.borrowed_aspects |= 1u << english;
    }
    for (TermLanguage language : {TermLanguage::kAny, TermLanguage::kDutch, TermLanguage::kEnglish}) {
      auto l = static_cast<std::size_t>(language);
      bool borrowed = language == TermLanguage::kDutch && profile.rule_sentiment[english] && profile.direct_nl == 0;
      borrowed = borrowed || ((summary.borrowed_aspects >> l) & 1u) != 0;
      bool inert = profile.rule_count[l] == 0 && !profile.number_word && !borrowed;
      summary.inert |= static_cast<std::uint8_t>(inert ? 1u << l : 0u);
    }
    return at;
  }
  const WordSummary& summary(std::int32_t at) const { return summaries_[static_cast<std::size_t>(at)]; }
  // The matches the rules read (WordProfile::rule_first), kept apart so that they lie close.
  std::vector<TermMatch>& rule_matches() { return rule_matches_; }
  const std::vector<TermMatch>& rule_matches() const { return rule_matches_; }

 private:
  WordIndex<bool> index_;  // a word's number is its summary's
  std::vector<WordSummary> summaries_;  // by profile number
  std::vector<TermMatch> rule_matches_;
  std::uint64_t owner_ = 0;
};

}  // namespace peakend::text
