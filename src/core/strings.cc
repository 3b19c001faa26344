#include "core/strings.h"

namespace peakend {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

// The UTF-8 forms of the characters that show as nothing or as a space: no-break space, Ogham
// space, Mongolian vowel separator, the spaces U+2000..U+200A, zero-width space, non-joiner and
// joiner, line and paragraph separators, narrow no-break space, medium mathematical space, word
// joiner, ideographic space and the byte order mark (zero-width no-break space).
constexpr std::array<std::string_view, 25> kUnicodeBlanks = {
    "\u00a0", "\u1680", "\u180e", "\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005",
    "\u2006", "\u2007", "\u2008", "\u2009", "\u200a", "\u200b", "\u200c", "\u200d", "\u2028",
    "\u2029", "\u202f", "\u205f", "\u2060", "\u3000", "\ufeff", "\u0085"};

}  // namespace

bool IsBlankText(std::string_view s) {
  while (!s.empty()) {
    if (IsSpace(s.front())) {
      s.remove_prefix(1);
      continue;
    }
    auto blank = std::find_if(kUnicodeBlanks.begin(), kUnicodeBlanks.end(),
                              [&](std::string_view b) { return s.starts_with(b); });
    if (blank == kUnicodeBlanks.end()) return false;
    s.remove_prefix(blank->size());
  }
  return true;
}

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string Shorten(std::string_view s, std::size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;  // continuation byte
  return std::string(s.substr(0, end)) + "...";
}

void AppendUtf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

}  // namespace peakend
