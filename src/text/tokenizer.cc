#include "text/tokenizer.h"

#include <libstemmer.h>
#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <unordered_map>
#include <memory>
#include <type_traits>

namespace peakend::text {
namespace {

// Pictographs as the scanner classes them (⭐, ⌛, ⏰ and ➡ too, outside the emoji blocks), and
// the blocks that hold flags and symbols.
bool IsEmoji(UChar32 c) {
  if (c < 0x80) return false;  // no ASCII character is a pictograph: no trip through ICU's tables
  return (c >= 0x1F300 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) || (c >= 0x1F000 && c <= 0x1F2FF) ||
         (u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) && u_getIntPropertyValue(c, UCHAR_WORD_BREAK) == U_WB_OTHER);
}

// An emoji as the lexicons list it: without the variation selectors and skin tones that
// follow it ("👍🏽" is "👍", "❤️" is "❤").
std::string_view WithoutTrailingEmojiModifiers(std::string_view emoji) {
  constexpr std::string_view kTextStyle = "\xEF\xB8\x8E", kEmojiStyle = "\xEF\xB8\x8F", kSkinTone = "\xF0\x9F\x8F";
  for (;;) {
    if (emoji.ends_with(kTextStyle) || emoji.ends_with(kEmojiStyle)) {
      emoji.remove_suffix(kEmojiStyle.size());
    } else if (emoji.size() > kSkinTone.size() && emoji.substr(emoji.size() - 4, 3) == kSkinTone &&
               static_cast<unsigned char>(emoji.back()) >= 0xBB && static_cast<unsigned char>(emoji.back()) <= 0xBF) {
      emoji.remove_suffix(4);  // U+1F3FB..U+1F3FF
    } else {
      return emoji;
    }
    if (emoji.empty()) return emoji;
  }
}

// A word-break iterator per thread (ICU iterators are not thread-safe; creating one is slow)
// and the UText it reads, reused for every comment.
struct WordBreaks {
  std::unique_ptr<icu::BreakIterator> iterator;
  UText* text = nullptr;
  WordBreaks() {
    UErrorCode status = U_ZERO_ERROR;
    iterator.reset(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
  }
  ~WordBreaks() {
    if (text) utext_close(text);
  }
};

WordBreaks& ThreadWordBreaks() {
  thread_local WordBreaks breaks;
  return breaks;
}

constexpr std::size_t kStemCacheEntries = 50000;  // per thread and language
constexpr std::size_t kBytesPerTokenGuess = 5;     // words plus the space after them, in customer comments
// Zero bytes after the folded text, so that a word's bytes can be read sixteen at a time.
constexpr std::size_t kFoldedPadding = kReadableAfterWord;

constexpr std::array<std::string_view, 14> kEmoticons = {":-)", ":)", ":-(", ":(", ":D", ":-D", ";)", ";-)",
                                                         ":'(", ":/", ":-/", "<3", ":P", ":p"};

// Whether `c` is a mark that ends a clause and begins no emoticon (":)", ";-)"): most of the
// punctuation in comments, which needs no more than a token.
bool EndsClauseOnly(char c) { return c == '.' || c == ',' || c == '!' || c == '?' || c == '\n'; }

// A capital A-Z made small, any other byte as it is; without a branch.
inline char LowerAsciiByte(unsigned char c) {
  return static_cast<char>(c | (static_cast<unsigned char>(c - 'A') < 26 ? 0x20 : 0));
}

// Counts the letters of a word and whether all are capitals, decoding UTF-8 only for the bytes
// that need it; `ascii` tells whether it had none.
void ScanWordLetters(std::string_view word, bool& ascii, int& letters, bool& upper) {
  const char* s = word.data();
  for (std::int32_t i = 0, n = static_cast<std::int32_t>(word.size()); i < n;) {
    auto byte = static_cast<unsigned char>(s[i]);
    if (byte < 0x80) {  // most letters: no trip through ICU's property tables
      ++i;
      bool alpha = (byte | 0x20) >= 'a' && (byte | 0x20) <= 'z';
      letters += alpha;
      upper = upper && (!alpha || byte <= 'Z');
      continue;
    }
    UChar32 c;
    U8_NEXT(s, i, n, c);
    ascii = false;
    if (c >= 0 && u_isalpha(c)) {
      ++letters;
      upper = upper && u_isupper(c);
    }
  }
}

// Phones type "didn’t" with a typographic apostrophe; the lexicons are written with "'".
void StraightenApostrophes(std::string& text, std::size_t from) {
  static constexpr std::string_view kRightQuote = "\xE2\x80\x99", kModifierApostrophe = "\xCA\xBC";
  for (auto curly : {kRightQuote, kModifierApostrophe}) {
    for (std::size_t at = text.find(curly, from); at != std::string::npos; at = text.find(curly, at + 1)) {
      text.replace(at, curly.size(), "'");
    }
  }
}

// Appends the case-folded `word` to `out`.
void AppendFolded(std::string_view word, TextScript script, std::string& out) {
  if (script == TextScript::kAscii) {
    for (char c : word) out += LowerAsciiByte(static_cast<unsigned char>(c));
    return;
  }
  if (script == TextScript::kLatin) {  // the letters IsLatin allows fold by their second byte
    for (std::size_t i = 0; i < word.size(); ++i) {
      auto c = static_cast<unsigned char>(word[i]);
      if (c < 0x80) {
        out += LowerAsciiByte(c);
      } else if (c == 0xC3) {
        auto d = static_cast<unsigned char>(word[++i]);
        out += static_cast<char>(c);
        out += static_cast<char>(d < 0xA0 && d != 0x97 ? d + 0x20 : d);
      } else if (word.substr(i, 3) == "\xE2\x80\x99") {
        out += '\'';  // as StraightenApostrophes
        i += 2;
      } else {
        out += static_cast<char>(c);
      }
    }
    return;
  }
  std::size_t from = out.size();
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
  u.foldCase();
  u.toUTF8String(out);  // appends
  StraightenApostrophes(out, from);
}

const icu::Normalizer2* Nfc() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  return U_FAILURE(status) ? nullptr : nfc;
}

// Almost every comment is already NFC; checking is much cheaper than normalising.
bool IsNfc(std::string_view text) {
  const icu::Normalizer2* nfc = Nfc();
  if (!nfc) return true;
  UErrorCode status = U_ZERO_ERROR;
  bool yes = nfc->isNormalizedUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())), status);
  return U_FAILURE(status) || yes;
}

void NormalizeNfcInto(std::string_view text, std::string& out) {
  out.assign(text);
  const icu::Normalizer2* nfc = Nfc();
  if (!nfc) return;
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString normalized = nfc->normalize(u, status);
  if (U_FAILURE(status)) return;
  out.clear();
  normalized.toUTF8String(out);
}

}  // namespace

std::vector<WordSegment> IcuWordSegments(std::string_view input) {
  std::vector<WordSegment> out;
  IcuWordSegments(input, out);
  return out;
}

void IcuWordSegments(std::string_view input, std::vector<WordSegment>& out) {
  out.clear();
  WordBreaks& breaks = ThreadWordBreaks();
  UErrorCode status = U_ZERO_ERROR;
  UText* text = utext_openUTF8(breaks.text, input.data(), static_cast<int64_t>(input.size()), &status);
  if (U_FAILURE(status)) return;
  breaks.text = text;
  breaks.iterator->setText(text, status);
  if (U_FAILURE(status)) return;
  int32_t start = breaks.iterator->first();
  for (int32_t end = breaks.iterator->next(); end != icu::BreakIterator::DONE; start = end, end = breaks.iterator->next()) {
    int32_t rule = breaks.iterator->getRuleStatus();
    out.push_back({start, end, rule >= UBRK_WORD_NUMBER && rule < UBRK_WORD_IDEO_LIMIT});
  }
}

namespace {

// The character classes of UAX #29 for ASCII and the Latin-1 letters, typographic marks and
// emoji of Dutch and English comments, as ICU applies them, with letters told apart by case.
// Ordered so that every class from kUnderscore on holds a word together and every class from kAt
// on is a letter: ICU counts '@' among the letters, so that "@home" and e-mail addresses hold
// together.
// kNotLatin: a character the scanner leaves to ICU. Emoji: kPictograph (Extended_Pictographic,
// otherwise "Other"), kEmojiExtend (variation selectors, skin tones, the keycap mark), kZwj (the
// joiner of emoji sequences) and kRegionalIndicator (two make a flag).
enum BreakClass : std::uint8_t {
  kNotLatin, kOther, kSpace, kMidNumLet, kMidNum, kCr, kPictograph, kEmojiExtend, kZwj, kRegionalIndicator,
  kUnderscore, kDigit, kAt, kUpper, kLower
};

constexpr std::array<std::uint8_t, 128> kAsciiBreakClass = [] {
  std::array<std::uint8_t, 128> classes{};
  classes.fill(kOther);
  for (int c = 'a'; c <= 'z'; ++c) {
    classes[c] = kLower;
    classes[c - 'a' + 'A'] = kUpper;
  }
  classes['@'] = kAt;
  for (int c = '0'; c <= '9'; ++c) classes[c] = kDigit;
  classes['_'] = kUnderscore;
  classes[' '] = kSpace;
  classes['\''] = classes['.'] = kMidNumLet;
  classes[','] = classes[';'] = kMidNum;
  classes['\r'] = kCr;
  return classes;
}();

struct ClassedChar {
  std::uint8_t break_class;
  std::uint8_t bytes;
};

// Emoji, their modifiers and joiners, by ICU's own properties; anything else is kNotLatin.
ClassedChar EmojiClassAt(const char* s, std::int32_t i, std::int32_t n) {
  auto b = static_cast<unsigned char>(s[i]);
  if (b != 0xE2 && b != 0xEF && b != 0xF0) return {kNotLatin, 1};
  std::int32_t end = i;
  UChar32 c;
  U8_NEXT(s, end, n, c);
  auto bytes = static_cast<std::uint8_t>(end - i);
  if (c < 0) return {kNotLatin, 1};
  if (c == 0x200D) return {kZwj, bytes};
  // Only extenders that NFC leaves alone, so the text needs no normalising.
  if (c == 0xFE0E || c == 0xFE0F || c == 0x20E3 || (c >= 0x1F3FB && c <= 0x1F3FF)) return {kEmojiExtend, bytes};
  if (c >= 0x1F1E6 && c <= 0x1F1FF) return {kRegionalIndicator, bytes};
  if (u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) && u_getIntPropertyValue(c, UCHAR_WORD_BREAK) == U_WB_OTHER) {
    return {kPictograph, bytes};
  }
  return {kNotLatin, 1};
}

// The class and UTF-8 length of the character at s[i] (of n bytes). Beyond ASCII it knows the
// Latin-1 letters (U+00C0-U+00FF but the signs x and ÷, and ß, which folds to "ss"), the
// typographic quotes and apostrophe (U+2018/U+2019 are MidNumLet, as "'"), U+201C/U+201D, the
// dashes U+2013/U+2014, the ellipsis, the euro sign, the Latin-1 signs that stand alone
// (pound, degree, guillemets...) and emoji (EmojiClassAt); none of them is changed by NFC.
ClassedChar NonAsciiClassAt(const char* s, std::int32_t i, std::int32_t n) {
  auto b = static_cast<unsigned char>(s[i]);
  auto next = [&](std::int32_t k) { return i + k < n ? static_cast<unsigned char>(s[i + k]) : 0; };
  if (b == 0xC2) {  // signs of Latin-1 that stand alone: ¡ ¢ £ ¥ § © « ® ° » ¼ ½ ¾ ¿
    switch (next(1)) {
      case 0xA1: case 0xA2: case 0xA3: case 0xA5: case 0xA7: case 0xA9: case 0xAB: case 0xAE: case 0xB0:
      case 0xBB: case 0xBC: case 0xBD: case 0xBE: case 0xBF:
        return {kOther, 2};
      default:
        return {kNotLatin, 1};
    }
  }
  if (b == 0xC3) {
    unsigned char c = next(1);
    if (c < 0x80 || c > 0xBF || c == 0x9F) return {kNotLatin, 1};
    if (c == 0x97 || c == 0xB7) return {kOther, 2};
    return {c < 0xA0 ? kUpper : kLower, 2};
  }
  if (b == 0xE2 && next(1) == 0x80) {
    switch (next(2)) {
      case 0x98: case 0x99: return {kMidNumLet, 3};
      case 0x93: case 0x94: case 0x9C: case 0x9D: case 0xA6: return {kOther, 3};
      default: return EmojiClassAt(s, i, n);  // the joiner U+200D
    }
  }
  if (b == 0xE2 && next(1) == 0x82 && next(2) == 0xAC) return {kOther, 3};  // €
  return EmojiClassAt(s, i, n);
}

inline ClassedChar ClassAt(const char* s, std::int32_t i, std::int32_t n) {
  auto b = static_cast<unsigned char>(s[i]);
  return b < 0x80 ? ClassedChar{kAsciiBreakClass[b], 1} : NonAsciiClassAt(s, i, n);
}

// Whether every character of `text` is one ClassAt knows, and every emoji modifier and joiner
// follows an emoji (a joiner or modifier after a letter is left to ICU).
bool IsLatin(std::string_view text) {
  auto n = static_cast<std::int32_t>(text.size());
  bool after_emoji = false;
  for (std::int32_t i = 0; i < n;) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      after_emoji = false;
      continue;
    }
    ClassedChar c = ClassAt(text.data(), i, n);
    if (c.break_class == kNotLatin) return false;
    bool extends = c.break_class == kEmojiExtend || c.break_class == kZwj;
    if (extends && !after_emoji) return false;
    after_emoji = extends || c.break_class == kPictograph || c.break_class == kRegionalIndicator;
    i += c.bytes;
  }
  return true;
}

// Calls emit(begin, end, word, capitals, has_small) for every segment of `input` (IsLatin), with
// the number of capital letters in it and whether it has a small one: letters (AL), digits (Num) and
// '_' (ExtendNumLet) hold together (WB5, WB8-WB10, WB13a/b); "'.’" between letters (WB6/7:
// MidNumLet, Single_Quote) and ".,;'’" between digits (WB11/12: MidNum, MidNumLet) do not
// break; every other character is a segment of its own, a run of spaces one segment (WB3d).
template <typename Emit>
void ScanLatinSegments(std::string_view input, Emit&& emit) {
  const char* s = input.data();
  auto letter = [](std::uint8_t c) { return c >= kAt; };
  int32_t n = static_cast<int32_t>(input.size());
  int32_t i = 0;
  while (i < n) {
    int32_t start = i;
    ClassedChar c = ClassAt(s, i, n);
    if (c.break_class >= kUnderscore) {
      int upper = 0;
      std::uint32_t seen = 0;  // a bit for each class in the word
      for (;;) {
        upper += c.break_class == kUpper;
        seen |= std::uint32_t{1} << c.break_class;
        std::uint8_t before = c.break_class;
        i += c.bytes;
        if (i >= n) break;
        c = ClassAt(s, i, n);
        if (c.break_class >= kUnderscore) continue;
        if ((c.break_class == kMidNumLet || c.break_class == kMidNum) && i + c.bytes < n) {
          ClassedChar after = ClassAt(s, i + c.bytes, n);
          bool mid_letter = c.break_class == kMidNumLet && letter(before) && letter(after.break_class);
          bool mid_num = before == kDigit && after.break_class == kDigit;
          if (mid_letter || mid_num) {
            i += c.bytes;
            c = after;
            continue;
          }
        }
        break;
      }
      bool letter_or_digit = (seen & ~(std::uint32_t{1} << kUnderscore)) != 0;
      emit(start, i, letter_or_digit || i - start > 1, upper, (seen & (std::uint32_t{1} << kLower)) != 0);
    } else if ((c.break_class == kPictograph || c.break_class == kRegionalIndicator)) {
      // An emoji with its modifiers (WB4), the emoji a joiner ties to it (WB3c), and for a
      // regional indicator the one that makes the flag with it (WB15/16).
      bool flag_open = c.break_class == kRegionalIndicator;
      i += c.bytes;
      while (i < n) {
        ClassedChar d = ClassAt(s, i, n);
        if (d.break_class == kEmojiExtend) {
          i += d.bytes;
        } else if (d.break_class == kZwj) {
          i += d.bytes;
          if (i < n) {
            ClassedChar joined = ClassAt(s, i, n);
            if (joined.break_class == kPictograph) i += joined.bytes;
          }
        } else if (d.break_class == kRegionalIndicator && flag_open) {
          i += d.bytes;
          flag_open = false;
        } else {
          break;
        }
      }
      emit(start, i, false, 0, false);
    } else if (c.break_class == kSpace) {
      while (i < n && s[i] == ' ') ++i;
      emit(start, i, false, 0, false);
    } else if (c.break_class == kCr && i + 1 < n && s[i + 1] == '\n') {
      i += 2;  // WB3: CR LF is one segment
      emit(start, i, false, 0, false);
    } else {
      i += c.bytes;
      emit(start, i, false, 0, false);
    }
  }
}

}  // namespace

bool LatinWordSegments(std::string_view input, std::vector<WordSegment>& out) {
  out.clear();
  if (!IsLatin(input)) return false;
  ScanLatinSegments(input, [&](int32_t begin, int32_t end, bool word, int, bool) { out.push_back({begin, end, word}); });
  return true;
}

bool AsciiWordSegments(std::string_view input, std::vector<WordSegment>& out) {
  out.clear();
  AsciiScan scan;
  std::string folded(input.size(), '\0');
  if (!scan.Scan(input, folded.data())) return false;
  std::int32_t covered = 0;  // what lies between the segments is runs of spaces
  auto add = [&](std::int32_t begin, std::int32_t end, bool word) {
    if (covered < begin) out.push_back({covered, begin, false});
    out.push_back({begin, end, word});
    covered = end;
  };
  scan.ForEachSegment(input, [&](int32_t begin, int32_t end, bool word, int, bool) { add(begin, end, word); });
  if (covered < static_cast<std::int32_t>(input.size())) out.push_back({covered, static_cast<std::int32_t>(input.size()), false});
  return true;
}

std::vector<Token> Tokenize(std::string_view input) {
  thread_local TokenBuffer buffer;  // its memory is reused; the tokens returned are copies
  buffer.Tokenize(input);
  std::vector<Token> tokens;
  CopyTokens(buffer.tokens(), tokens);
  return tokens;
}

void CopyTokens(const std::vector<TokenView>& views, std::vector<Token>& out) {
  out.resize(views.size());
  for (std::size_t i = 0; i < views.size(); ++i) {
    out[i].text.assign(views[i].text);
    out[i].lower.assign(views[i].lower);
    out[i].stem.clear();
    out[i].kind = views[i].kind;
    out[i].all_caps = views[i].all_caps;
  }
}

void TokenBuffer::AddWord(std::string_view segment, std::int32_t start, std::int32_t end, TextScript script, int capitals,
                          bool has_small) {
  bool folded_mirrors_text = folded_mirrors_text_;
  if (script == TextScript::kOther) {
    bool word_ascii = true, upper = true;
    int letters = 0;
    ScanWordLetters(segment, word_ascii, letters, upper);
    if (word_ascii) script = TextScript::kAscii;
    capitals = upper ? letters : 0;
    has_small = !upper;
  }
  bool has_letter = has_small || capitals > 0;
  // Hyphens join: "e-mail", "prijs-kwaliteit" are one word in the lexicons.
  bool hyphen_pending = !tokens_.empty() && tokens_.back().punctuation == '-';
  if (hyphen_pending && previous_end_ >= 0 && previous_end_ + 1 == start && tokens_.size() >= 2 &&
      tokens_[tokens_.size() - 2].kind == TokenKind::kWord && has_letter) {
    tokens_.pop_back();
    if (!folded_mirrors_text) folded_spans_.pop_back();
    TokenView& joined = tokens_.back();
    joined.text = std::string_view(joined.text.data(), static_cast<std::size_t>(segment.data() + segment.size() - joined.text.data()));
    if (folded_mirrors_text) {  // folded_ mirrors the text
      joined.lower = std::string_view(joined.lower.data(), joined.text.size());
    } else {
      FoldedSpan& span = folded_spans_.back();
      // The joined word's folded form is the last thing in folded_: nothing else is appended
      // between a word and the hyphen after it.
      folded_ += '-';
      AppendFolded(segment, script, folded_);
      span.size = static_cast<std::uint32_t>(folded_.size()) - span.begin;
    }
    joined.all_caps = joined.all_caps && !has_small;
    previous_end_ = end;
    return;
  }
  if (hyphen_pending) {  // "-" before a number is not a join
    tokens_.pop_back();
    if (!folded_mirrors_text) folded_spans_.pop_back();
  }
  TokenView& t = PushWord(segment, capitals, has_small);
  if (folded_mirrors_text) {
    t.lower = std::string_view(folded_).substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start));
  } else {
    auto begin = static_cast<std::uint32_t>(folded_.size());
    AppendFolded(segment, script, folded_);
    folded_spans_.push_back({begin, static_cast<std::uint32_t>(folded_.size()) - begin});
  }
  previous_end_ = end;
}

void TokenBuffer::AddSegment(std::string_view input, std::int32_t start, std::int32_t end, bool word, TextScript script) {
  if (start < skip_until_) return;  // inside an emoticon
  const char* s = input.data();
  // Emoticons first: they are made of punctuation that the word rules split up.
  if (s[start] == ':' || s[start] == ';' || s[start] == '<') {
    std::string_view rest = input.substr(static_cast<std::size_t>(start));
    auto emoticon = std::find_if(kEmoticons.begin(), kEmoticons.end(),
                                 [&](std::string_view e) { return rest.substr(0, e.size()) == e; });
    if (emoticon != kEmoticons.end()) {
      AddToken(rest.substr(0, emoticon->size()), TokenKind::kEmoticon, 0);
      skip_until_ = start + static_cast<int32_t>(emoticon->size());
      previous_end_ = -1;
      return;
    }
  }
  std::string_view segment(s + start, static_cast<std::size_t>(end - start));
  if (word) {
    AddWord(segment, start, end, script, 0, false);  // letters counted by AddWord
    return;
  }
  DropDanglingHyphen();
  UChar32 c = static_cast<unsigned char>(s[start]);
  if (c >= 0x80) {
    int32_t i = start;
    U8_NEXT(s, i, end, c);
  }
  if (c >= 0 && IsEmoji(c)) {
    AddToken(segment, TokenKind::kEmoji, 0);
  } else if (c == '!' || c == '?' || c == '.' || c == ',' || c == ';' || c == ':' || c == '\n') {
    AddToken(segment.substr(0, 1), TokenKind::kPunctuation, static_cast<char>(c));
  } else if (c == '-' && previous_end_ == start) {
    AddToken(segment.substr(0, 1), TokenKind::kPunctuation, '-');  // may join the next word
    return;
  }
  previous_end_ = -1;
}

void TokenBuffer::AddToken(std::string_view text, TokenKind kind, char punctuation) {
  TokenView& t = tokens_.emplace_back();
  t.text = text;
  t.lower = text;  // punctuation, emoji and emoticons are their own folded form
  if (kind == TokenKind::kEmoji) t.lower = WithoutTrailingEmojiModifiers(text);
  if (folded_mirrors_text_ && kind == TokenKind::kPunctuation) {  // the same mark, padded
    t.lower = std::string_view(folded_.data() + (text.data() - text_), text.size());
    t.padded = true;
  }
  t.kind = kind;
  t.punctuation = punctuation;
  if (!folded_mirrors_text_) folded_spans_.push_back({});
}

void TokenBuffer::DropDanglingHyphen() {
  if (!tokens_.empty() && tokens_.back().punctuation == '-') {
    tokens_.pop_back();  // a hyphen that joined nothing
    if (!folded_mirrors_text_) folded_spans_.pop_back();
  }
}

void TokenBuffer::Tokenize(std::string_view input) {
  tokens_.clear();
  folded_spans_.clear();
  folded_.clear();
  previous_end_ = -1;
  skip_until_ = 0;
  text_ = input.data();
  // Most comments are plain ASCII or Latin-1 letters, quotes and emoji (all already NFC): those
  // are cut by Peakend's own scanner; anything else (other scripts, combining marks) goes to ICU.
  // Plain ASCII is folded and classified in one pass, and every word's folded form is at its
  // own offset.
  folded_.resize(input.size() + kFoldedPadding);
  TextScript script = ascii_.Scan(input, folded_.data()) ? TextScript::kAscii
                      : IsLatin(input)                   ? TextScript::kLatin
                                                         : TextScript::kOther;
  folded_mirrors_text_ = script == TextScript::kAscii;
  if (script != TextScript::kAscii) folded_.clear();
  if (script == TextScript::kOther && !IsNfc(input)) {
    NormalizeNfcInto(input, normalized_);
    input = normalized_;
  }
  tokens_.reserve(input.size() / kBytesPerTokenGuess + 1);
  // Word boundaries by Unicode's rules (UAX #29): "zo'n", "don't" and "12,50" stay whole, an
  // emoji sequence joined by ZWJ is one segment.
  if (script != TextScript::kOther) {
    // Made for each script apart (kScript), so that no segment asks which script it is in.
    auto add = [&](auto script_constant, int32_t begin, int32_t end, bool word, int capitals, bool has_small) {
      constexpr TextScript kScript = decltype(script_constant)::value;
      if (begin < skip_until_) return;  // inside an emoticon
      if (word && kScript == TextScript::kAscii && (tokens_.empty() || tokens_.back().punctuation != '-')) {
        // Most words: no hyphen to join, and folded_ mirrors the text. (The views are made without
        // substr's checks: the scanner's segments lie inside the text.)
        auto length = static_cast<std::size_t>(end - begin);
        TokenView& t = PushWord(std::string_view(input.data() + begin, length), capitals, has_small);
        t.lower = std::string_view(folded_.data() + begin, length);
        previous_end_ = end;
      } else if (word) {  // no emoticon begins with a letter or digit
        AddWord(input.substr(begin, end - begin), begin, end, kScript, capitals, has_small);
      } else if (EndsClauseOnly(input[begin])) {  // most marks: read as AddSegment reads them
        DropDanglingHyphen();
        AddToken(input.substr(begin, 1), TokenKind::kPunctuation, input[begin]);
        previous_end_ = -1;
      } else if (input[begin] == ' ') {
        DropDanglingHyphen();
        previous_end_ = -1;
      } else {
        AddSegment(input, begin, end, false, kScript);
      }
    };
    auto add_in = [&](auto script_constant) {
      return [&, script_constant](int32_t begin, int32_t end, bool word, int capitals, bool has_small) {
        add(script_constant, begin, end, word, capitals, has_small);
      };
    };
    if (script == TextScript::kAscii) ascii_.ForEachSegment(input, add_in(std::integral_constant<TextScript, TextScript::kAscii>{}));
    else ScanLatinSegments(input, add_in(std::integral_constant<TextScript, TextScript::kLatin>{}));
  } else {
    IcuWordSegments(input, segments_);
    for (const WordSegment& g : segments_) AddSegment(input, g.begin, g.end, g.word, script);
  }
  DropDanglingHyphen();
  if (script == TextScript::kAscii) return;  // the views already point into folded_
  folded_.append(kFoldedPadding, '\0');
  // folded_ has stopped growing: now views into it stay valid.
  for (std::size_t k = 0; k < tokens_.size(); ++k) {
    TokenView& t = tokens_[k];
    if (t.kind == TokenKind::kWord || t.kind == TokenKind::kNumber) {
      t.lower = std::string_view(folded_).substr(folded_spans_[k].begin, folded_spans_[k].size);
    }
  }
}

std::string WithoutDiacritics(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) return std::string(text);
  icu::UnicodeString decomposed =
      nfd->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size()))), status);
  if (U_FAILURE(status)) return std::string(text);
  icu::UnicodeString bare;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    if (u_charType(c) != U_NON_SPACING_MARK) bare.append(c);  // the accents NFD split off
    i += U16_LENGTH(c);
  }
  std::string out;
  bare.toUTF8String(out);
  return out;
}

void Stem(std::vector<Token>& tokens, std::string_view language) {
  // Customers use a small vocabulary over and over, so each thread remembers the stems it
  // computed; the cache starts afresh when it is full, which bounds its memory.
  struct Stemmer {
    std::unique_ptr<sb_stemmer, void (*)(sb_stemmer*)> snowball;
    std::unordered_map<std::string, std::string> cache;
  };
  struct Stemmers {
    Stemmer nl{{sb_stemmer_new("dutch", "UTF_8"), sb_stemmer_delete}, {}};
    Stemmer en{{sb_stemmer_new("english", "UTF_8"), sb_stemmer_delete}, {}};
  };
  thread_local Stemmers stemmers;
  Stemmer* stemmer = language == "nl" ? &stemmers.nl : language == "en" ? &stemmers.en : nullptr;
  for (auto& t : tokens) {
    if (t.kind != TokenKind::kWord) continue;
    if (!stemmer || !stemmer->snowball) {
      t.stem = t.lower;
      continue;
    }
    if (auto hit = stemmer->cache.find(t.lower); hit != stemmer->cache.end()) {
      t.stem = hit->second;
      continue;
    }
    sb_stemmer* snowball = stemmer->snowball.get();
    const sb_symbol* out = sb_stemmer_stem(snowball, reinterpret_cast<const sb_symbol*>(t.lower.data()),
                                           static_cast<int>(t.lower.size()));
    t.stem = out ? std::string(reinterpret_cast<const char*>(out), sb_stemmer_length(snowball)) : t.lower;
    if (stemmer->cache.size() >= kStemCacheEntries) stemmer->cache.clear();
    stemmer->cache.emplace(t.lower, t.stem);
  }
}

}  // namespace peakend::text
