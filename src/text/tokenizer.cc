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

namespace peakend::text {
namespace {

bool IsEmoji(UChar32 c) {
  return (c >= 0x1F300 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) || (c >= 0x1F000 && c <= 0x1F2FF) ||
         c == 0x2764 || c == 0x263A;
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

constexpr std::array<std::string_view, 14> kEmoticons = {":-)", ":)", ":-(", ":(", ":D", ":-D", ";)", ";-)",
                                                         ":'(", ":/", ":-/", "<3", ":P", ":p"};

// Only a few bytes can begin an emoticon; every other position skips the comparisons.
constexpr bool BeginsEmoticon(char c) {
  for (auto e : kEmoticons) {
    if (e.front() == c) return true;
  }
  return false;
}

// Phones type "didn’t" with a typographic apostrophe; the lexicons are written with "'".
void StraightenApostrophes(std::string& word) {
  static constexpr std::string_view kRightQuote = "\xE2\x80\x99", kModifierApostrophe = "\xCA\xBC";
  for (auto curly : {kRightQuote, kModifierApostrophe}) {
    for (std::size_t at = word.find(curly); at != std::string::npos; at = word.find(curly, at + 1)) {
      word.replace(at, curly.size(), "'");
    }
  }
}

void FoldInto(std::string_view word, bool ascii, std::string& out) {
  if (ascii) {
    out.resize(word.size());
    for (std::size_t i = 0; i < word.size(); ++i) {
      char c = word[i];
      out[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return;
  }
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
  u.foldCase();
  out.clear();
  u.toUTF8String(out);
  StraightenApostrophes(out);
}

std::string Fold(std::string_view word, bool ascii) {
  std::string out;
  FoldInto(word, ascii, out);
  return out;
}

std::string NormalizeNfc(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string(text);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString normalized = nfc->normalize(u, status);
  if (U_FAILURE(status)) return std::string(text);
  std::string out;
  normalized.toUTF8String(out);
  return out;
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

std::vector<WordSegment> AsciiWordSegments(std::string_view input) {
  std::vector<WordSegment> out;
  AsciiWordSegments(input, out);
  return out;
}

void AsciiWordSegments(std::string_view input, std::vector<WordSegment>& out) {
  // UAX #29 restricted to ASCII, as ICU applies it: letters (AL), digits (Num) and '_'
  // (ExtendNumLet) hold together (WB5, WB8-WB10, WB13a/b); "'." between letters (WB6/7:
  // MidNumLet, Single_Quote) and ".,;'" between digits (WB11/12: MidNum, MidNumLet) do not
  // break; every other character is a segment of its own, a run of spaces one segment (WB3d).
  // ICU counts '@' among the letters, so that "@home" and e-mail addresses hold together.
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '@'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  auto word_char = [&](char c) { return letter(c) || digit(c) || c == '_'; };
  out.clear();
  int32_t n = static_cast<int32_t>(input.size());
  int32_t i = 0;
  while (i < n) {
    int32_t start = i;
    char c = input[i];
    if (word_char(c)) {
      bool has_letter_or_digit = letter(c) || digit(c);
      ++i;
      while (i < n) {
        char d = input[i];
        if (word_char(d)) {
          has_letter_or_digit = has_letter_or_digit || letter(d) || digit(d);
          ++i;
          continue;
        }
        if (i + 1 < n) {
          char before = input[i - 1], after = input[i + 1];
          bool mid_letter = (d == '\'' || d == '.') && letter(before) && letter(after);
          bool mid_num = (d == '\'' || d == '.' || d == ',' || d == ';') && digit(before) && digit(after);
          if (mid_letter || mid_num) {
            i += 2;
            continue;
          }
        }
        break;
      }
      out.push_back({start, i, has_letter_or_digit || i - start > 1});
    } else if (c == ' ') {
      while (i < n && input[i] == ' ') ++i;
      out.push_back({start, i, false});
    } else if (c == '\r' && i + 1 < n && input[i + 1] == '\n') {
      i += 2;  // WB3: CR LF is one segment
      out.push_back({start, i, false});
    } else {
      ++i;
      out.push_back({start, i, false});
    }
  }
}

std::vector<Token> Tokenize(std::string_view input) {
  std::vector<Token> tokens;
  Tokenize(input, tokens);
  return tokens;
}

void Tokenize(std::string_view input, std::vector<Token>& tokens) {
  tokens.clear();
  bool ascii = true;
  for (unsigned char c : input) ascii = ascii && c < 0x80;
  std::string normalized;
  if (!ascii) {
    normalized = NormalizeNfc(input);
    input = normalized;
  }
  tokens.reserve(input.size() / kBytesPerTokenGuess + 1);
  const char* s = input.data();
  // Word boundaries by Unicode's rules (UAX #29): "zo'n", "don't" and "12,50" stay whole, an
  // emoji sequence joined by ZWJ is one segment.
  thread_local std::vector<WordSegment> segments;  // reused: its capacity outlives the comment
  if (ascii) AsciiWordSegments(input, segments);
  else IcuWordSegments(input, segments);
  int32_t previous_end = -1;  // where the last word token ended, to rejoin "e-mail"
  for (std::size_t k = 0; k < segments.size(); ++k) {
    int32_t start = segments[k].begin, end = segments[k].end;
    // Emoticons first: they are made of punctuation that the word rules split up.
    if (BeginsEmoticon(s[start])) {
      std::string_view rest = input.substr(static_cast<std::size_t>(start));
      auto emoticon = std::find_if(kEmoticons.begin(), kEmoticons.end(),
                                   [&](std::string_view e) { return rest.substr(0, e.size()) == e; });
      if (emoticon != kEmoticons.end()) {
        tokens.push_back({std::string(*emoticon), std::string(*emoticon), "", TokenKind::kEmoticon, false});
        int32_t after = start + static_cast<int32_t>(emoticon->size());
        while (k + 1 < segments.size() && segments[k + 1].begin < after) ++k;
        previous_end = -1;
        continue;
      }
    }
    std::string_view segment(s + start, static_cast<std::size_t>(end - start));
    if (segments[k].word) {
      bool word_ascii = true, has_letter = false, upper = true;
      int letters = 0;
      for (int32_t i = start; i < end;) {
        auto byte = static_cast<unsigned char>(s[i]);
        if (byte < 0x80) {  // most letters: no trip through ICU's property tables
          ++i;
          bool alpha = (byte | 0x20) >= 'a' && (byte | 0x20) <= 'z';
          has_letter = has_letter || alpha;
          letters += alpha;
          upper = upper && (!alpha || byte <= 'Z');
          continue;
        }
        UChar32 c;
        U8_NEXT(s, i, end, c);
        word_ascii = false;
        if (c >= 0 && u_isalpha(c)) {
          has_letter = true;
          ++letters;
          upper = upper && u_isupper(c);
        }
      }
      // Hyphens join: "e-mail", "prijs-kwaliteit" are one word in the lexicons.
      bool hyphen_pending = !tokens.empty() && tokens.back().kind == TokenKind::kPunctuation && tokens.back().text == "-";
      if (hyphen_pending && previous_end >= 0 && previous_end + 1 == start && tokens.size() >= 2 &&
          tokens[tokens.size() - 2].kind == TokenKind::kWord && has_letter) {
        tokens.pop_back();
        Token& joined = tokens.back();
        joined.text += "-";
        joined.text += segment;
        joined.lower += "-";
        joined.lower += Fold(segment, word_ascii);
        joined.all_caps = joined.all_caps && upper;
        previous_end = end;
        continue;
      }
      if (hyphen_pending) tokens.pop_back();  // "-" before a number is not a join
      Token& t = tokens.emplace_back();  // built in place: no temporary strings to move
      t.text.assign(segment);
      FoldInto(segment, word_ascii, t.lower);
      t.kind = has_letter ? TokenKind::kWord : TokenKind::kNumber;
      t.all_caps = has_letter && upper && letters >= 2;
      previous_end = end;
      continue;
    }
    if (!tokens.empty() && tokens.back().kind == TokenKind::kPunctuation && tokens.back().text == "-") {
      tokens.pop_back();  // a hyphen that joined nothing
    }
    int32_t i = start;
    UChar32 c;
    U8_NEXT(s, i, end, c);
    if (c >= 0 && IsEmoji(c)) {
      std::string e(segment);
      tokens.push_back({e, e, "", TokenKind::kEmoji, false});
    } else if (c == '!' || c == '?' || c == '.' || c == ',' || c == ';' || c == ':' || c == '\n') {
      std::string p(1, static_cast<char>(c));
      tokens.push_back({p, p, "", TokenKind::kPunctuation, false});
    } else if (c == '-' && previous_end == start) {
      tokens.push_back({"-", "-", "", TokenKind::kPunctuation, false});  // may join the next word
      continue;
    }
    previous_end = -1;
  }
  if (!tokens.empty() && tokens.back().kind == TokenKind::kPunctuation && tokens.back().text == "-") tokens.pop_back();
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
