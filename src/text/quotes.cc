#include "text/quotes.h"

#include <array>
#include <cstring>

namespace peakend::text {
namespace {

enum class Mark { kNone, kOpening, kClosing, kEither };

constexpr std::string_view kOpeningMarks[] = {"\u201C", "\u2018", "\u201E"};  // “ ‘ „
constexpr std::string_view kClosingMarks[] = {"\u201D", "\u2019"};            // ” ’
constexpr char kLeadByteOfTypographicMarks = '\xE2';

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsBracket(char c) { return c == '(' || c == ')' || c == '[' || c == ']'; }

// The quotation mark at gap[p] (of `size` bytes), if any.
Mark MarkAt(std::string_view gap, std::size_t p, std::size_t& size) {
  size = 1;
  if (gap[p] == '\'' || gap[p] == '"') return Mark::kEither;
  for (std::string_view m : kOpeningMarks) {
    if (gap.substr(p).starts_with(m)) return size = m.size(), Mark::kOpening;
  }
  for (std::string_view m : kClosingMarks) {
    if (gap.substr(p).starts_with(m)) return size = m.size(), Mark::kClosing;
  }
  return Mark::kNone;
}

}  // namespace

bool MayQuote(std::string_view input) {
  if (std::memchr(input.data(), '"', input.size()) != nullptr ||
      std::memchr(input.data(), kLeadByteOfTypographicMarks, input.size()) != nullptr) {
    return true;
  }
  // A straight single mark opens a quotation only after a space or a bracket: the apostrophes of
  // "don't" and "it's", in most English comments, do not.
  for (const char* p = input.data(); (p = static_cast<const char*>(std::memchr(p, '\'', input.data() + input.size() - p)));
       ++p) {
    if (p == input.data() || IsSpace(p[-1]) || IsBracket(p[-1])) return true;
  }
  return false;
}

void MarkQuotedTokens(std::string_view input, const std::vector<TokenView>& tokens, std::vector<char>& quoted) {
  quoted.assign(tokens.size(), 0);
  std::size_t open_at = tokens.size();  // the first token after an opening mark; size(): none open
  for (std::size_t k = 0; k <= tokens.size(); ++k) {
    // The text between tokens[k - 1] and tokens[k] (or the start or end of the text).
    const char* from = k > 0 ? tokens[k - 1].text.data() + tokens[k - 1].text.size() : input.data();
    const char* to = k < tokens.size() ? tokens[k].text.data() : input.data() + input.size();
    // The tokens may view a normalised copy of `input`: then the text before the first token and
    // after the last is not theirs to read.
    auto in_input = [&](const char* p) { return p >= input.data() && p <= input.data() + input.size(); };
    if ((k == 0 && !in_input(to)) || (k == tokens.size() && !in_input(from))) continue;
    if (from >= to) continue;
    std::string_view gap(from, static_cast<std::size_t>(to - from));
    bool word_before = k > 0 && tokens[k - 1].kind != TokenKind::kPunctuation;
    bool word_after = k < tokens.size() && tokens[k].kind != TokenKind::kPunctuation;
    for (std::size_t p = 0, size = 1, next_size = 1; p < gap.size(); p += size) {
      Mark mark = MarkAt(gap, p, size);
      if (mark == Mark::kNone) continue;
      // An opening mark touches the next word and follows a space, a bracket, punctuation or the
      // start; a closing one touches what comes before it and is followed by the like or the end.
      bool touches_next = p + size == gap.size() && word_after;
      bool touches_previous = p == 0 && k > 0;
      bool free_before = p == 0 ? !word_before : IsSpace(gap[p - 1]) || IsBracket(gap[p - 1]);
      bool free_after = p + size == gap.size() ? !word_after : IsSpace(gap[p + size]) || IsBracket(gap[p + size]) ||
                                                               MarkAt(gap, p + size, next_size) != Mark::kNone;
      bool opens = (mark == Mark::kOpening || mark == Mark::kEither) && touches_next && free_before;
      bool closes = (mark == Mark::kClosing || mark == Mark::kEither) && touches_previous && free_after;
      if (closes && open_at < k) {
        for (std::size_t q = open_at; q < k; ++q) quoted[q] = 1;
        open_at = tokens.size();
      } else if (opens) {
        open_at = k;
      }
    }
  }
}

}  // namespace peakend::text
