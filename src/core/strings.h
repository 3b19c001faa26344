// String helpers shared by the parsers (configuration, CSV headers and values, lexicons): ASCII
// only and independent of the locale, so that UTF-8 text passes through untouched.
#pragma once

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

namespace peakend {

// `s` without leading and trailing whitespace (space, tab, CR, LF, vertical tab, form feed).
std::string_view TrimSpace(std::string_view s);
// Whether UTF-8 text `s` holds nothing but white space, Unicode's included (no-break, em and
// ideographic spaces, zero-width space and joiners, byte order marks): text pasted from a word
// processor or a web page that says nothing.
bool IsBlankText(std::string_view s);
// `s` with ASCII letters in lower case; every other byte as it was.
std::string AsciiLower(std::string_view s);
// Appends the UTF-8 bytes of `code_point`. A surrogate (U+D800..U+DFFF) gets its three-byte
// form, which is not valid UTF-8, so text made from a lone one is refused where it is checked.
void AppendUtf8(std::string& out, char32_t code_point);

// `s` cut to at most `max_bytes` (never inside a UTF-8 character) with "..." after it when it
// was longer: a name a client sent, echoed in an error message.
std::string Shorten(std::string_view s, std::size_t max_bytes);

// The items of `range` (anything a std::string can be appended from) as "a, b, c": the lists of
// accepted names in error messages.
template <typename Range>
std::string JoinWithCommas(const Range& range) {
  std::string out;
  for (const auto& item : range) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

// Whether `word` is one of `words`: the short fixed word lists of the text rules.
template <std::size_t N>
bool IsOneOf(std::string_view word, const std::array<std::string_view, N>& words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

}  // namespace peakend
