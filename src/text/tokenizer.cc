#include "text/tokenizer.h"

#include <libstemmer.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <array>
#include <unordered_map>
#include <memory>

namespace peakend::text {
namespace {

bool IsEmoji(UChar32 c) {
  return (c >= 0x1F300 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) || (c >= 0x1F000 && c <= 0x1F2FF) ||
         c == 0x2764 || c == 0x263A;
}

bool IsJoiner(UChar32 c) { return c == 0x200D || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0x1F3FB && c <= 0x1F3FF); }

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

std::string Fold(std::string_view word, bool ascii) {
  std::string out(word);
  if (ascii) {
    for (auto& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    return out;
  }
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
  u.foldCase();
  out.clear();
  u.toUTF8String(out);
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

std::vector<Token> Tokenize(std::string_view input) {
  bool ascii = true;
  for (unsigned char c : input) ascii = ascii && c < 0x80;
  std::string normalized;
  if (!ascii) {
    normalized = NormalizeNfc(input);
    input = normalized;
  }
  std::vector<Token> tokens;
  tokens.reserve(input.size() / kBytesPerTokenGuess + 1);
  const char* s = input.data();
  int32_t n = static_cast<int32_t>(input.size());
  int32_t i = 0;
  while (i < n) {
    // Emoticons first: they are made of punctuation.
    bool matched = false;
    for (auto e : kEmoticons) {
      if (!BeginsEmoticon(s[i])) break;
      if (input.compare(i, e.size(), e) == 0) {
        tokens.push_back({std::string(e), std::string(e), "", TokenKind::kEmoticon, false});
        i += static_cast<int32_t>(e.size());
        matched = true;
        break;
      }
    }
    if (matched) continue;
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) continue;  // invalid byte: skipped, never fatal
    if (u_isalnum(c)) {
      bool word_ascii = c < 0x80, has_letter = u_isalpha(c), upper = u_isupper(c);
      int letters = u_isalpha(c) ? 1 : 0;
      int32_t end = i;
      while (end < n) {
        int32_t next = end;
        UChar32 d;
        U8_NEXT(s, next, n, d);
        // Apostrophes and hyphens inside a word keep it whole: "don't", "e-mail", "zo'n".
        if ((d == '\'' || d == 0x2019 || d == '-') && next < n) {
          int32_t after = next;
          UChar32 e;
          U8_NEXT(s, after, n, e);
          if (e >= 0 && u_isalpha(e)) {
            word_ascii = word_ascii && d < 0x80;
            end = next;
            continue;
          }
          break;
        }
        if (d < 0 || !u_isalnum(d)) break;
        word_ascii = word_ascii && d < 0x80;
        if (u_isalpha(d)) {
          has_letter = true;
          ++letters;
          upper = upper && u_isupper(d);
        }
        end = next;
      }
      i = end;
      std::string_view word(s + start, end - start);
      Token t;
      t.text = std::string(word);
      t.lower = Fold(word, word_ascii);
      if (!word_ascii) StraightenApostrophes(t.lower);
      t.kind = has_letter ? TokenKind::kWord : TokenKind::kNumber;
      t.all_caps = has_letter && upper && letters >= 2;
      tokens.push_back(std::move(t));
    } else if (IsEmoji(c)) {
      int32_t end = i;
      while (end < n) {
        int32_t next = end;
        UChar32 d;
        U8_NEXT(s, next, n, d);
        if (d < 0 || !IsJoiner(d)) break;
        end = next;
      }
      i = end;
      std::string e(s + start, i - start);
      tokens.push_back({e, e, "", TokenKind::kEmoji, false});
    } else if (c == '!' || c == '?' || c == '.' || c == ',' || c == ';' || c == ':' || c == '\n') {
      std::string p(1, static_cast<char>(c));
      tokens.push_back({p, p, "", TokenKind::kPunctuation, false});
    }
  }
  return tokens;
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
