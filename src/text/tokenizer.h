// Tokenizer: splits a comment into words, emoji, emoticons and punctuation at ICU word breaks
// (Unicode UAX #29, hyphenated words joined again), with the
// case-folded form and Snowball stem of each word (Dutch or English). Unicode is normalised
// (NFC) with ICU first, so "e\u0301" and "é" are the same letter.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace peakend::text {

enum class TokenKind { kWord, kNumber, kEmoji, kEmoticon, kPunctuation };

struct Token {
  std::string text;   // as written
  std::string lower;  // case-folded
  std::string stem;   // Snowball stem of `lower` (words only; empty before Stem())
  TokenKind kind = TokenKind::kWord;
  bool all_caps = false;  // a word of 2+ letters written in capitals ("NOOIT")
};

std::vector<Token> Tokenize(std::string_view text);
// The same into `out`, whose capacity is reused (the analyzer's path for every comment).
void Tokenize(std::string_view text, std::vector<Token>& out);

// A stretch of text between two word boundaries (byte offsets); `word` when it holds letters
// or digits.
struct WordSegment {
  int32_t begin = 0, end = 0;
  bool word = false;
};
// The word boundaries of Unicode's UAX #29: ICU's word break iterator, and for plain ASCII text
// (most comments) a scanner that applies the same rules without the iterator's overhead.
// Tokenize uses the one that fits; tests hold the scanner to ICU on the same text.
std::vector<WordSegment> IcuWordSegments(std::string_view text);
std::vector<WordSegment> AsciiWordSegments(std::string_view ascii_text);
void IcuWordSegments(std::string_view text, std::vector<WordSegment>& out);
void AsciiWordSegments(std::string_view ascii_text, std::vector<WordSegment>& out);

// Fills Token::stem with the Snowball stemmer of `language` ("nl" or "en"; others: no stems).
// Each thread keeps its own stemmers, as libstemmer's are not thread-safe.
void Stem(std::vector<Token>& tokens, std::string_view language);

}  // namespace peakend::text
