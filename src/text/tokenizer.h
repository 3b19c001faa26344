// Tokenizer: splits a comment into words, emoji, emoticons and punctuation at Unicode word
// breaks (UAX #29; Peakend's own scanner for ASCII, Latin-1 and emoji, ICU's iterator for the
// rest), hyphenated words joined again, with the case-folded form of each word and, on request,
// its Snowball stem (Dutch or English). Text the scanner does not cover is normalised (NFC) with
// ICU first, so "e\u0301" and "é" are the same letter.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text/ascii_scan.h"

namespace peakend::text {

enum class TokenKind { kWord, kNumber, kEmoji, kEmoticon, kPunctuation };

// Readable bytes after every padded token's folded form (TokenView::padded).
inline constexpr std::size_t kReadableAfterWord = 16;

struct Token {
  std::string text;   // as written
  std::string lower;  // case-folded
  std::string stem;   // Snowball stem of `lower` (words only; empty before Stem())
  TokenKind kind = TokenKind::kWord;
  bool all_caps = false;  // a word of 2+ letters written in capitals ("NOOIT")
};

// A stretch of text between two word boundaries (byte offsets); `word` when it holds letters
// or digits.
struct WordSegment {
  int32_t begin = 0, end = 0;
  bool word = false;
};

// A token of one comment as the analyzer reads it: views into the comment and into its
// case-folded copy, both held by the TokenBuffer that made it.
struct TokenView {
  std::string_view text;   // as written
  std::string_view lower;  // case-folded
  TokenKind kind = TokenKind::kWord;
  bool all_caps = false;
  // Whether `lower` is followed by at least kReadableAfterWord readable bytes (words, numbers,
  // and the punctuation of ASCII text), so that it can be read sixteen bytes at a time.
  bool padded = false;
  char punctuation = 0;    // the mark of a kPunctuation token: ! ? . , ; : or newline
  std::int32_t word = -1;  // the lexicon's id of `lower` (Lexicon::Resolve), -1 when it names none
};

// Whether `t` is a mark that ends a clause: . ! ? ; , or a line break.
inline bool IsClauseEnd(const TokenView& t) {
  char p = t.punctuation;
  return p == '.' || p == '!' || p == '?' || p == ';' || p == ',' || p == '\n';
}

// What a comment is written in, as far as the tokenizer cares: ASCII, ASCII with Latin-1
// letters, typographic quotes and emoji (cut by Peakend's own scanner), or anything else (ICU).
enum class TextScript { kAscii, kLatin, kOther };

// The tokens of one comment and the text they point into. Analysing thousands of comments a
// second, the analyzer keeps one buffer per thread, so no token owns memory of its own.
class TokenBuffer {
 public:
  // Replaces the tokens with those of `text`, which must stay alive and unchanged while they
  // are used (the buffer keeps a copy only when Unicode normalisation changes the text).
  void Tokenize(std::string_view text);
  std::vector<TokenView>& tokens() { return tokens_; }
  const std::vector<TokenView>& tokens() const { return tokens_; }

 private:
  struct FoldedSpan {  // where a word token's case-folded form is in folded_
    std::uint32_t begin = 0, size = 0;
  };
  void AddSegment(std::string_view text, std::int32_t start, std::int32_t end, bool word, TextScript script);
  // `capitals` (how many) and `has_small` (a small letter) come from Peakend's scanner; for
  // kOther text they are counted here.
  void AddWord(std::string_view segment, std::int32_t start, std::int32_t end, TextScript script, int capitals, bool has_small);
  void AddToken(std::string_view text, TokenKind kind, char punctuation);
  // A new word or number token for `segment`, its folded form still to be set.
  TokenView& PushWord(std::string_view segment, int capitals, bool has_small) {
    TokenView& t = tokens_.emplace_back();
    t.text = segment;
    t.padded = true;
    t.kind = has_small || capitals > 0 ? TokenKind::kWord : TokenKind::kNumber;
    t.all_caps = !has_small && capitals >= 2;
    return t;
  }
  void DropDanglingHyphen();

  std::string normalized_, folded_;
  std::vector<TokenView> tokens_;
  // Per token, where folded_ is rebuilt word by word: views into it must wait until it stops
  // growing. For ASCII text folded_ mirrors the text, so every word is at its own offset.
  std::vector<FoldedSpan> folded_spans_;
  bool folded_mirrors_text_ = false;
  const char* text_ = nullptr;  // the text being tokenized
  std::vector<WordSegment> segments_;
  AsciiScan ascii_;
  std::int32_t previous_end_ = -1;  // where the last word token ended, to rejoin "e-mail"
  std::int32_t skip_until_ = 0;     // the end of the last emoticon, whose segments are done
};

// The tokens of `text` as owned strings: for lexicon and topic files, models and tests.
std::vector<Token> Tokenize(std::string_view text);
// Copies views into owned tokens (stems empty), reusing the strings `out` already has.
void CopyTokens(const std::vector<TokenView>& views, std::vector<Token>& out);

// The word boundaries of Unicode's UAX #29: ICU's word break iterator, and for text of ASCII,
// Latin-1 letters, typographic quotes and emoji (most comments) a scanner that applies the same
// rules without the iterator's overhead; it returns false for any other text. Tokenize uses the one
// that fits; tests hold the scanner to ICU on the same text.
std::vector<WordSegment> IcuWordSegments(std::string_view text);
void IcuWordSegments(std::string_view text, std::vector<WordSegment>& out);
bool LatinWordSegments(std::string_view text, std::vector<WordSegment>& out);
// The same for text of plain ASCII, sixteen bytes at a time (AsciiScan); false for other text.
bool AsciiWordSegments(std::string_view text, std::vector<WordSegment>& out);

// `text` without the diacritics of its letters ("zoë" -> "zoe", "josé" -> "jose"): for names,
// which customers often type without them. Other characters stay as they are.
std::string WithoutDiacritics(std::string_view text);

// Fills Token::stem with the Snowball stemmer of `language` ("nl" or "en"; others: no stems).
// Each thread keeps its own stemmers, as libstemmer's are not thread-safe.
void Stem(std::vector<Token>& tokens, std::string_view language);

}  // namespace peakend::text
