#include "text/lexicon.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <span>
#include <sstream>
#include <tuple>
#include <unordered_map>

#include "core/strings.h"
#include "text/utf8.h"

namespace peakend::text {
namespace {

// AFINN lines are token<TAB>score on a -5..5 scale; VADER lines token<TAB>mean<TAB>sd<TAB>ratings
// on -4..4, the scale of Peakend's own sentiment terms.
constexpr std::size_t kAfinnColumns = 2, kVaderColumns = 4;
constexpr double kAfinnMaxScore = 5, kVaderMaxScore = 4;
constexpr double kAfinnToVaderScale = kVaderMaxScore / kAfinnMaxScore;
constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";
constexpr const char* kTrailingSpace = " \t\r\n\v\f";
// Prefix terms ("bezorg*") are indexed by length in one 64-bit mask.
constexpr std::size_t kMaxPrefixBytes = 64;

// "bezorg*" stands for every word that begins with "bezorg"; "*" alone is a word.
bool IsPrefixWord(std::string_view word) { return word.size() > 1 && word.back() == '*'; }
// Inside a phrase, any one word or number: "duurde * weken", "took * weeks".
constexpr std::string_view kAnyWord = "*";

std::vector<std::string> Words(const std::string& term) {
  std::vector<std::string> out;
  std::istringstream in(term);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

struct KindName {
  std::string_view name;
  TermKind kind;
};
// The name of a sentiment section whose terms are the customer's conclusion (ModifierRole::kVerdict).
constexpr std::string_view kVerdictSection = "verdict";
constexpr KindName kKinds[] = {{"sentiment", TermKind::kSentiment}, {"modifier", TermKind::kModifier},
                               {"aspect", TermKind::kAspect},       {"emotion", TermKind::kEmotion},
                               {"life_event", TermKind::kLifeEvent}, {"relation", TermKind::kRelation},
                               {"stopword", TermKind::kStopword}};

ModifierRole RoleOf(std::string_view modifier_name) {
  if (modifier_name == "negation" || modifier_name == "subject_negation") return ModifierRole::kNegation;
  if (modifier_name == "contrast") return ModifierRole::kContrast;
  if (modifier_name == "irony") return ModifierRole::kIrony;
  if (modifier_name == "trailing_negation") return ModifierRole::kTrailingNegation;
  if (modifier_name == "resolution") return ModifierRole::kResolution;
  if (modifier_name == "wish") return ModifierRole::kWish;
  if (modifier_name == "repeat") return ModifierRole::kRepeat;
  if (modifier_name == "courtesy") return ModifierRole::kCourtesy;
  if (modifier_name == "former") return ModifierRole::kFormer;
  if (modifier_name == "exception" || modifier_name == "exception_subject") return ModifierRole::kException;
  if (modifier_name == "request") return ModifierRole::kRequest;
  if (modifier_name == "wait") return ModifierRole::kWait;
  if (modifier_name == "now") return ModifierRole::kNow;
  if (modifier_name == "length") return ModifierRole::kLength;
  if (modifier_name == "suggestion") return ModifierRole::kSuggestion;
  if (modifier_name == "mixed") return ModifierRole::kMixed;
  if (modifier_name == "own_mistake") return ModifierRole::kOwnMistake;
  if (modifier_name == "inquiry") return ModifierRole::kInquiry;
  if (modifier_name == "uncertain") return ModifierRole::kUncertain;
  if (modifier_name == "hedge") return ModifierRole::kHedge;
  if (modifier_name == "aside") return ModifierRole::kAside;
  if (modifier_name == "concession") return ModifierRole::kConcession;
  if (modifier_name == "ordered") return ModifierRole::kOrdered;
  if (modifier_name == "claim") return ModifierRole::kClaim;
  return ModifierRole::kScale;  // intensifier, softener and any type a user adds, by its value
}

// `term` with each word "niet" written "nie", when it is a phrase that has one.
std::optional<std::string> WithNieForNiet(const std::string& term) {
  auto words = Words(term);
  if (words.size() < 2 || std::find(words.begin(), words.end(), "niet") == words.end()) return std::nullopt;
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += w == "niet" ? std::string("nie") : w;
  }
  return out;
}

// The words of `term` as the index keeps them: case-folded like the tokenizer folds a comment,
// so "PostNL" in a lexicon matches "postnl"; a prefix word keeps its '*'.
std::vector<std::string> FoldedWords(const std::string& term) {
  auto words = Words(term);
  for (auto& w : words) {
    bool star = IsPrefixWord(w);
    auto folded = Tokenize(star ? w.substr(0, w.size() - 1) : w);
    if (folded.size() == 1) w = folded[0].lower + (star ? "*" : "");
  }
  return words;
}

// The folded words of a term as one string: the same term however it is written.
std::string TermKey(const std::vector<std::string>& words) {
  std::string key;
  for (const auto& w : words) key += (key.empty() ? "" : " ") + w;
  return key;
}

// The number `text` begins with and what follows it (std::stod would read "3abc" as 3 and
// take "nan"), or why it has none the user can act on: not a number, no finite number ("inf",
// "1e999"), or a decimal comma ("3,5"). `expected` says what to write instead ("a value from -4
// to 4").
struct LeadingNumber {
  double value = 0;
  std::string_view rest;
};
Result<LeadingNumber> ReadNumber(std::string_view text, std::string_view expected) {
  std::string_view digits = text.starts_with('+') && !text.starts_with("+-") ? text.substr(1) : text;
  LeadingNumber number;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number.value);
  if (error == std::errc::invalid_argument) {
    return Status::InvalidArgument("'" + std::string(text) + "' is not a number; write " + std::string(expected));
  }
  if (error == std::errc::result_out_of_range || !std::isfinite(number.value)) {
    return Status::InvalidArgument("'" + std::string(text) + "' is not a finite number; write " + std::string(expected));
  }
  number.rest = std::string_view(end, static_cast<std::size_t>(digits.data() + digits.size() - end));
  if (number.rest.size() > 1 && number.rest[0] == ',' && number.rest[1] >= '0' && number.rest[1] <= '9') {
    std::string pointed(text);
    pointed[pointed.size() - number.rest.size()] = '.';
    return Status::InvalidArgument("'" + std::string(text) + "' has a decimal comma; write the decimal with a point: " + pointed);
  }
  return number;
}

}  // namespace

TermLanguage ParseTermLanguage(std::string_view code) {
  if (code == "nl") return TermLanguage::kDutch;
  if (code == "en") return TermLanguage::kEnglish;
  return TermLanguage::kAny;
}

Result<Lexicon> Lexicon::LoadDirectory(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return Status::IoError("text data folder '" + dir + "' does not exist; set text.data_dir to Peakend's data/text");
  }
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() == ".txt") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  Lexicon lexicon;
  for (const auto& f : files) PEAKEND_RETURN_IF_ERROR(lexicon.AddFile(f));
  if (lexicon.size() == 0) return Status::IoError("no lexicon files (*.txt) in '" + dir + "'");
  return lexicon;
}

Status Lexicon::AddFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::IoError("cannot read lexicon file '" + path + "'");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  // Without any [section] header the file is a VADER or AFINN word list (token<TAB>score...).
  bool sections = false;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line) && !sections;) sections = !line.empty() && line[0] == '[';
  if (!sections) return AddVaderOrAfinn(path, "*");
  return AddText(text, path);
}

Status Lexicon::AddTextTerms(const std::string& text, const std::string& origin) {
  std::istringstream in(text);
  std::string line;
  int line_no = 0;
  std::optional<TermEntry> section;
  while (std::getline(in, line)) {
    ++line_no;
    std::string t(TrimSpace(line));
    if (t.empty() || t[0] == '#') continue;
    auto where = [&] { return origin + ":" + std::to_string(line_no) + ": "; };
    if (t.front() == '[') {
      if (t.back() != ']') return Status::InvalidArgument(where() + "a section header must end with ']'");
      auto parts = Words(t.substr(1, t.size() - 2));
      if (parts.size() != 3) {
        return Status::InvalidArgument(where() + "a section header is [kind name language], e.g. [aspect delivery nl]");
      }
      const KindName* kind = std::find_if(std::begin(kKinds), std::end(kKinds),
                                          [&](const KindName& k) { return k.name == parts[0]; });
      if (kind == std::end(kKinds)) {
        return Status::InvalidArgument(where() + "unknown kind '" + parts[0] +
                                       "'; use sentiment, modifier, aspect, emotion, life_event, relation or stopword");
      }
      if (parts[2] != "nl" && parts[2] != "en" && parts[2] != "*") {
        return Status::InvalidArgument(where() + "language must be nl, en or *");
      }
      bool modifier = kind->kind == TermKind::kModifier;
      double section_value = modifier && parts[1] == "subject_negation"    ? kSubjectNegation
                             : modifier && parts[1] == "exception_subject" ? kClauseException
                                                                           : 0;
      ModifierRole role = kind->kind == TermKind::kModifier                             ? RoleOf(parts[1])
                          : kind->kind == TermKind::kSentiment && parts[1] == kVerdictSection ? ModifierRole::kVerdict
                                                                                            : ModifierRole::kNone;
      section = TermEntry{kind->kind, parts[1], ParseTermLanguage(parts[2]), section_value, role};
      continue;
    }
    if (!section) return Status::InvalidArgument(where() + "a term before any [kind name language] section");
    std::string term = t, value;
    if (auto tab = t.find('\t'); tab != std::string::npos) {
      term = TrimSpace(std::string_view(t).substr(0, tab));
      value = TrimSpace(std::string_view(t).substr(tab + 1));
    }
    TermEntry entry = *section;
    if (!value.empty()) {
      // Text after the number is most often two lines run together: refused, so that the
      // second term is not lost unseen.
      auto number = ReadNumber(value, entry.kind == TermKind::kSentiment ? "a value from -4 to 4" : "a number such as 0.3");
      if (!number.ok()) return Status::InvalidArgument(where() + number.status().message());
      if (!TrimSpace(number->rest).empty()) {
        return Status::InvalidArgument(where() + "'" + std::string(number->rest) + "' follows the value " +
                                       std::string(value.substr(0, value.size() - number->rest.size())) +
                                       "; put each term on a line of its own");
      }
      entry.value = number->value;
    } else if (entry.kind == TermKind::kSentiment) {
      return Status::InvalidArgument(where() + "sentiment term '" + term + "' needs a value from -4 to 4 after a TAB");
    }
    // Flemish and chat Dutch write "nie" for "niet" ("werkt nie", "kzou nie weten"): a Dutch
    // phrase with "niet" also stands for its "nie" form, unless that form is a term of its own.
    std::optional<std::string> flemish = entry.language != TermLanguage::kEnglish ? WithNieForNiet(term) : std::nullopt;
    TermEntry flemish_entry = flemish ? entry : TermEntry{};
    if (Status added = AddTerm(term, std::move(entry)); !added.ok()) {
      return Status::InvalidArgument(where() + added.message());
    }
    if (flemish && !DefinedAt(FoldedWords(*flemish), flemish_entry)) {
      if (Status added = AddTerm(*flemish, std::move(flemish_entry)); !added.ok()) {
        return Status::InvalidArgument(where() + added.message());
      }
    }
  }
  return Status::Ok();
}

const std::vector<Lexicon::Pattern>* Lexicon::PatternsOf(const std::vector<std::string>& words) const {
  if (words.empty()) return nullptr;
  const std::string& first = words[0];
  bool prefix = words.size() == 1 && IsPrefixWord(first);
  const auto& index = prefix ? by_first_prefix_ : by_first_word_;
  return index.Find(prefix ? std::string_view(first).substr(0, first.size() - 1) : first);
}

std::optional<std::size_t> Lexicon::DefinedAt(const std::vector<std::string>& words, const TermEntry& entry) const {
  const auto* patterns = PatternsOf(words);
  if (patterns == nullptr) return std::nullopt;
  for (const Pattern& p : *patterns) {
    const TermEntry& e = entries_[p.entry];
    if (p.words == words && e.kind == entry.kind && e.language == entry.language && e.name == entry.name) return p.entry;
  }
  return std::nullopt;
}

void Lexicon::Revalue(const std::vector<std::string>& words, TermLanguage language, double value) {
  const auto* patterns = PatternsOf(words);
  if (patterns == nullptr) return;
  for (const Pattern& p : *patterns) {
    TermEntry& e = entries_[p.entry];
    bool in_language = language == TermLanguage::kAny || e.language == language;
    if (p.words == words && e.kind == TermKind::kSentiment && in_language) e.value = value;
  }
}

Status Lexicon::AddVaderOrAfinnTerms(const std::string& path, const std::string& language) {
  std::ifstream in(path);
  if (!in) return Status::IoError("cannot read lexicon file '" + path + "'");
  const TermLanguage term_language = ParseTermLanguage(language);
  std::unordered_map<std::string, int> line_of;  // each token's folded words, to refuse a second line
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    auto refuse = [&](const std::string& why) {
      return Status::InvalidArgument(path + ":" + std::to_string(line_no) + ": " + why);
    };
    std::string_view text = line;
    if (line_no == 1 && text.starts_with(kUtf8ByteOrderMark)) text.remove_prefix(kUtf8ByteOrderMark.size());
    if (TrimSpace(text).empty() || TrimSpace(text)[0] == '#') continue;
    // Only the end is trimmed: a TAB before the token leaves the token empty.
    text = text.substr(0, text.find_last_not_of(kTrailingSpace) + 1);
    std::vector<std::string> cols;
    for (std::size_t begin = 0;;) {
      std::size_t tab = std::min(text.find('\t', begin), text.size());
      cols.emplace_back(TrimSpace(text.substr(begin, tab - begin)));
      if (tab == text.size()) break;
      begin = tab + 1;
    }
    if (cols.size() != kAfinnColumns && cols.size() != kVaderColumns) {
      return refuse("has " + std::to_string(cols.size()) + " column(s); write an AFINN line as token<TAB>score (-5..5) "
                    "or a VADER line as token<TAB>mean<TAB>sd<TAB>ratings (-4..4), one TAB between columns");
    }
    const std::string& token = cols[0];
    if (token.empty()) return refuse("the token before the first TAB is empty; write the word the score is for");
    if (!IsValidUtf8(token)) return refuse("the token is not valid UTF-8; save the file as UTF-8");
    const bool afinn = cols.size() == kAfinnColumns;
    const double max = afinn ? kAfinnMaxScore : kVaderMaxScore;
    const std::string scale = afinn ? "AFINN's scale -5..5" : "VADER's scale -4..4";
    auto score = ReadNumber(cols[1], "a score on " + scale);
    if (!score.ok()) return refuse(score.status().message());
    if (!score->rest.empty()) {
      return refuse("'" + cols[1] + "' is not a number: remove '" + std::string(score->rest) + "' after it");
    }
    if (std::abs(score->value) > max) {
      return refuse("the score " + cols[1] + " of '" + token + "' is outside " + scale + "; rescale it to that scale");
    }
    std::vector<std::string> words = FoldedWords(token);
    if (auto [at, first] = line_of.emplace(TermKey(words), line_no); !first) {
      return refuse("'" + token + "' is given again (first at line " + std::to_string(at->second) +
                    "); keep the line with the score you mean and delete the other");
    }
    // Users load a lexicon to say what its words mean: its score replaces Peakend's own.
    double value = afinn ? score->value * kAfinnToVaderScale : score->value;
    Revalue(words, term_language, value);
    if (Status added = AddTerm(token, TermEntry{TermKind::kSentiment, "-", term_language, value}); !added.ok()) {
      return refuse(added.message());
    }
  }
  return Status::Ok();
}

Status Lexicon::AddText(const std::string& text, const std::string& origin) {
  Status added = AddTextTerms(text, origin);
  IndexPhrases();  // also after a refusal: the terms before it were added
  return added;
}

Status Lexicon::AddVaderOrAfinn(const std::string& path, const std::string& language) {
  Status added = AddVaderOrAfinnTerms(path, language);
  IndexPhrases();
  return added;
}

void Lexicon::IndexPhrases() {
  std::vector<std::uint32_t> places;  // among the first word's patterns, run by run
  phrase_table_.clear();
  any_second_runs_.assign(by_first_word_.size(), PhraseRun{});
  phrase_pairs_.assign(kPhrasePairBits / 64, 0);
  negation_words_.assign(by_first_word_.size(), 0);
  degree_words_.assign(by_first_word_.size(), 0);
  std::vector<std::pair<std::uint64_t, PhraseRun>> runs;  // of each pair of first and second word
  std::vector<std::pair<std::int32_t, std::uint32_t>> group;  // (second word, place)
  std::vector<std::uint32_t> any_second;                      // places
  for (std::size_t id = 0; id < by_first_word_.size(); ++id) {
    group.clear();
    any_second.clear();
    const auto& patterns = by_first_word_.value(static_cast<std::int32_t>(id));
    auto first = static_cast<std::int32_t>(id);
    for (std::uint32_t place = 0; place < patterns.size(); ++place) {
      const Pattern& p = patterns[place];
      if (p.words.size() == 1) {  // phrases come first
        const TermEntry& e = entries_[p.entry];
        if (e.kind == TermKind::kModifier && e.modifier == ModifierRole::kNegation) negation_words_[id] = 1;
        if (e.kind == TermKind::kModifier && e.modifier == ModifierRole::kScale && e.value > 0) degree_words_[id] = 1;
        continue;
      }
      // A phrase whose second word is a prefix ("niet bezorg*") or any word ("duurde * weken")
      // may begin whatever word comes second.
      if (p.second < 0) {
        any_second.push_back(place);
        continue;
      }
      group.emplace_back(p.second, place);
      std::size_t bit = PhrasePairBit(first, p.second);
      phrase_pairs_[bit / 64] |= std::uint64_t{1} << (bit % 64);
    }
    // The phrases of the places not yet in phrase_table_.
    auto add_compact = [&] {
      for (std::size_t k = phrase_table_.size(); k < places.size(); ++k) {
        const Pattern& p = patterns[places[k]];
        CompactPhrase c{static_cast<std::uint32_t>(p.entry), static_cast<std::uint8_t>(p.ids.size()), false, {}, first, places[k]};
        c.loose = p.ids.size() - 1 > kInlinePhraseWords || std::any_of(p.ids.begin() + 1, p.ids.end(), [](std::int32_t w) { return w < 0; });
        if (!c.loose) std::copy(p.ids.begin() + 1, p.ids.end(), c.later);
        phrase_table_.push_back(c);
      }
    };
    any_second_runs_[id] = {static_cast<std::uint32_t>(places.size()), static_cast<std::uint32_t>(any_second.size())};
    places.insert(places.end(), any_second.begin(), any_second.end());
    add_compact();
    // Each second word's phrases merged with those for any second word, in the order of the
    // patterns.
    std::stable_sort(group.begin(), group.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    for (std::size_t k = 0; k < group.size();) {
      std::size_t end = k;
      while (end < group.size() && group[end].first == group[k].first) ++end;
      auto begin = static_cast<std::uint32_t>(places.size());
      for (std::size_t m = k; m < end; ++m) places.push_back(group[m].second);
      places.insert(places.end(), any_second.begin(), any_second.end());
      std::sort(places.begin() + begin, places.end());
      add_compact();
      runs.emplace_back(PairKey(first, group[k].first), PhraseRun{begin, static_cast<std::uint32_t>(places.size()) - begin});
      k = end;
    }
  }
  std::size_t slots = std::bit_ceil(std::max<std::size_t>(2 * runs.size(), 2));
  pair_slots_.assign(slots, PairSlot{});
  pair_mask_ = slots - 1;
  for (const auto& [pair, run] : runs) {
    std::size_t at = PairSlotOf(pair);
    while (pair_slots_[at].pair != kNoPair) at = (at + 1) & pair_mask_;
    pair_slots_[at] = {pair, run};
  }
}

Status Lexicon::AddTerm(const std::string& term, TermEntry entry) {
  auto words = FoldedWords(term);
  if (words.empty()) return Status::Ok();
  const std::string& first = words[0];
  if (first == kAnyWord) {
    return Status::InvalidArgument("'" + term + "' begins with " + std::string(kAnyWord) +
                                   ", which stands for any word only after the first: begin it with a word");
  }
  bool prefix = words.size() == 1 && IsPrefixWord(first);
  // A later definition of the same term, kind, name and language replaces the earlier one, so
  // a user's extra lexicon can correct a value without editing Peakend's files.
  if (prefix && first.size() > kMaxPrefixBytes) {
    return Status::InvalidArgument("'" + term + "' is a prefix of " + std::to_string(first.size() - 1) +
                                   " bytes; shorten it to at most " + std::to_string(kMaxPrefixBytes - 1));
  }
  if (std::optional<std::size_t> defined = DefinedAt(words, entry)) {
    entries_[*defined] = std::move(entry);
    return Status::Ok();
  }
  entries_.push_back(std::move(entry));
  Pattern p{words, entries_.size() - 1, {}};
  for (const auto& w : words) {
    // A prefix word, or "*" (any word: "duurde * weken"), is compared by its prefix ("" for "*").
    p.ids.push_back(IsPrefixWord(w) || w == kAnyWord ? -1 : by_first_word_.Intern(w));
    if (w.size() == 1) one_byte_ids_[static_cast<unsigned char>(w[0])] = p.ids.back();
  }
  if (p.ids.size() > 1) p.second = p.ids[1];
  if (prefix) {
    std::string prefix = first.substr(0, first.size() - 1);
    prefix_lengths_ |= std::uint64_t{1} << prefix.size();
    if (prefix.size() >= 2) prefix_heads_.set(HeadOf(prefix));
    by_first_prefix_[prefix].push_back(std::move(p));
  } else {
    // Kept longest first, the more exact before those with more "*" or prefix words among
    // equal lengths ("viel me niet tegen" before "viel me * tegen"), and in definition order
    // among equals: matching needs no sorting.
    auto& patterns = by_first_word_[first];
    auto exact_words = [](const Pattern& q) { return std::count_if(q.ids.begin(), q.ids.end(), [](std::int32_t id) { return id >= 0; }); };
    auto exact = exact_words(p);
    auto after = std::find_if(patterns.begin(), patterns.end(), [&](const Pattern& q) {
      return q.words.size() < p.words.size() || (q.words.size() == p.words.size() && exact_words(q) < exact);
    });
    patterns.insert(after, std::move(p));
  }
  return Status::Ok();
}

inline bool Lexicon::MatchesLooseWord(std::string_view w, const TokenView& t) const {
  // One byte is "*" (a prefix has a letter before its '*'): a word or number, not a mark that
  // ends a clause. Nor a negation: "kom * terug" is coming back, "kom niet terug" is not.
  if (w.size() == kAnyWord.size()) {
    return t.kind != TokenKind::kPunctuation && !IsNegationWord(t.word);
  }
  return t.lower.starts_with(w.substr(0, w.size() - 1));
}

// Inline in its one caller: it runs for every phrase tried, and most fail on a word compared by
// its id.
inline bool Lexicon::Matches(const Pattern& p, const TokenView* tokens, std::size_t n, std::size_t i, std::size_t gap) const {
  std::size_t length = p.ids.size();
  if (i + length + gap > n) return false;
  for (std::size_t k = 1; k < length; ++k) {
    const TokenView& t = tokens[i + k + gap];
    std::int32_t id = p.ids[k];
    if (id >= 0 ? t.word != id : !MatchesLooseWord(p.words[k], t)) return false;
  }
  return true;
}

bool Lexicon::MatchPhrases(const std::vector<TokenView>& tokens, std::size_t i, std::vector<TermMatch>& out) const {
  std::size_t before = out.size();
  MatchPhrasesWithGap(tokens, i, 0, out);
  if (out.size() == before && i + 2 < tokens.size() && IsDegreeWord(tokens[i + 1].word) && !IsNegationWord(tokens[i].word)) {
    MatchPhrasesWithGap(tokens, i, 1, out);
  }
  return out.size() > before;
}

void Lexicon::MatchPhrasesWithGap(const std::vector<TokenView>& tokens, std::size_t i, std::size_t gap,
                                  std::vector<TermMatch>& out) const {
  // The tokens through a pointer and a count held in registers: a match appended to `out` might,
  // for all the compiler knows, change `tokens`, which would be read again for every phrase.
  const TokenView* token = tokens.data();
  std::size_t n = tokens.size();
  std::int32_t first = token[i].word, next = i + 1 + gap < n ? token[i + 1 + gap].word : -1;
  if (static_cast<std::size_t>(first) >= any_second_runs_.size()) return;  // (-1 too) no phrase begins with it
  if (!PhrasePairMayMatch(first, next, any_second_runs_[static_cast<std::size_t>(first)].count > 0)) return;
  PhraseRun run = PhrasesAfter(first, next);
  for (const CompactPhrase& c : std::span<const CompactPhrase>(phrase_table_).subspan(run.begin, run.count)) {
    if (i + c.length + gap > n) continue;
    bool matches = true;
    if (c.loose) [[unlikely]] {
      matches = Matches(by_first_word_.value(c.first)[c.place], token, n, i, gap);
    } else {
      const TokenView* later = token + i + 1 + gap;
      for (std::size_t k = 0; k + 1 < c.length; ++k) matches &= later[k].word == c.later[k];
    }
    if (matches) out.push_back(MatchOf(c.entry, c.length + gap));
  }
}

void Lexicon::MatchSingle(std::int32_t word_id, std::string_view word, bool padded, std::vector<TermMatch>& out) const {
  // The most specific term names a word's aspect: "waiter" is the staff (waiter*), not the
  // waiting (wait*). A language's aspect terms that are the word itself, or else its longest
  // aspect prefix, hide its shorter aspect prefixes in that language.
  unsigned aspect_languages = 0;  // bit per TermLanguage
  auto aspect_bit = [](const TermEntry& e) { return e.kind == TermKind::kAspect ? 1u << static_cast<unsigned>(e.language) : 0u; };
  if (word_id >= 0) {
    for (const Pattern& p : by_first_word_.value(word_id)) {
      if (p.words.size() != 1) continue;
      out.push_back(MatchOf(p.entry, 1));
      aspect_languages |= aspect_bit(entries_[p.entry]);
    }
  }
  // Prefixes ("bezorg*") come after the words themselves.
  if (word.size() < 2 || !prefix_heads_.test(HeadOf(word))) return;
  // Longest prefix first; the lengths no prefix has are skipped without a lookup.
  std::uint64_t lengths = prefix_lengths_ & ~std::uint64_t{3};  // 2 bytes and more
  if (word.size() < kMaxPrefixBytes - 1) lengths &= (std::uint64_t{2} << word.size()) - 1;
  while (lengths != 0) {
    std::size_t len = 63 - static_cast<std::size_t>(std::countl_zero(lengths));
    lengths &= ~(std::uint64_t{1} << len);
    std::string_view prefix = word.substr(0, len);
    std::int32_t found = padded ? by_first_prefix_.IndexOfPadded(prefix) : by_first_prefix_.IndexOf(prefix);
    if (found < 0) continue;
    unsigned found_aspects = 0;
    for (const auto& p : by_first_prefix_.value(found)) {
      unsigned bit = aspect_bit(entries_[p.entry]);
      if (bit & aspect_languages) continue;
      found_aspects |= bit;
      out.push_back(MatchOf(p.entry, 1));
    }
    aspect_languages |= found_aspects;
  }
}

void Lexicon::MatchWord(std::string_view word, TermLanguage language, std::vector<TermMatch>& out) const {
  const auto* patterns = by_first_word_.Find(word);
  if (!patterns) return;
  for (const auto& p : *patterns) {
    const TermEntry& e = entries_[p.entry];
    if (p.words.size() == 1 && (e.language == TermLanguage::kAny || e.language == language)) out.push_back(MatchOf(p.entry, 1));
  }
}

std::vector<std::string> Lexicon::NamesOf(TermKind kind) const {
  std::vector<std::string> names;
  for (const TermEntry& e : entries_) {
    if (e.kind == kind && e.name != "-") names.push_back(e.name);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

bool Lexicon::IsTermOfKind(std::string_view word, TermLanguage language, TermKind kind) const {
  const auto* patterns = by_first_word_.Find(word);
  if (!patterns) return false;
  return std::any_of(patterns->begin(), patterns->end(), [&](const Pattern& p) {
    const TermEntry& e = entries_[p.entry];
    return p.words.size() == 1 && e.kind == kind && (e.language == TermLanguage::kAny || e.language == language);
  });
}

TermMatch Lexicon::MatchOf(std::size_t entry, std::size_t length) const {
  const TermEntry& e = entries_[entry];
  return {&e, e.value, static_cast<std::uint32_t>(length), e.kind, e.language, e.modifier};
}

}  // namespace peakend::text
