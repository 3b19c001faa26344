#include "text/markup.h"

#include <algorithm>
#include <array>
#include <cctype>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/strings.h"

namespace peakend::text {
namespace {

constexpr std::size_t kMaxTagBytes = 200;    // "<span style=...>"; a longer '<' run is not a tag
constexpr std::size_t kMaxEntityBytes = 10;  // "&#x1F600;"
constexpr char32_t kMaxCodePoint = 0x10FFFF;

struct NamedEntity {
  std::string_view name;
  std::string_view text;
};
constexpr std::array<NamedEntity, 7> kEntities = {{{"amp", "&"},
                                                   {"lt", "<"},
                                                   {"gt", ">"},
                                                   {"quot", "\""},
                                                   {"apos", "'"},
                                                   {"nbsp", " "},
                                                   {"hellip", "..."}}};

constexpr std::array<std::string_view, 6> kLineTags = {"br", "p", "div", "li", "tr", "h"};
constexpr std::array<std::string_view, 9> kInlineTags = {"b", "i", "u", "em", "strong", "span", "font", "a", "small"};


// The tag's name in lower case: "<BR/>" -> "br", "</p>" -> "p", "<span class=x>" -> "span",
// "<h2>" -> "h"; "" when it does not look like a tag ("<3", "< 5 min").
std::string TagName(std::string_view tag) {
  std::size_t i = 1;
  if (i < tag.size() && tag[i] == '/') ++i;
  std::string name;
  while (i < tag.size() && std::isalpha(static_cast<unsigned char>(tag[i]))) {
    name += static_cast<char>(std::tolower(static_cast<unsigned char>(tag[i])));
    ++i;
  }
  if (name == "h" && i < tag.size() && std::isdigit(static_cast<unsigned char>(tag[i]))) ++i;  // h1..h6
  bool ends = i < tag.size() && (tag[i] == '>' || tag[i] == '/' || std::isspace(static_cast<unsigned char>(tag[i])));
  return ends ? name : "";
}

// The character `entity` ("&amp;", "&#39;") stands for, or nothing.
bool DecodeEntity(std::string_view entity, std::string& out) {
  std::string_view body = entity.substr(1, entity.size() - 2);
  if (body.size() >= 2 && body[0] == '#') {
    bool hex = body[1] == 'x' || body[1] == 'X';
    std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty()) return false;
    char32_t c = 0;
    for (char d : digits) {
      int v = std::isdigit(static_cast<unsigned char>(d)) ? d - '0'
              : hex && std::isxdigit(static_cast<unsigned char>(d)) ? std::tolower(static_cast<unsigned char>(d)) - 'a' + 10
                                                                     : -1;
      if (v < 0) return false;
      c = c * (hex ? 16 : 10) + static_cast<char32_t>(v);
      if (c > kMaxCodePoint) return false;
    }
    if (c == 0 || (c >= 0xD800 && c <= 0xDFFF)) return false;
    AppendUtf8(out, c == 0xA0 ? U' ' : c);
    return true;
  }
  for (const auto& e : kEntities) {
    if (body == e.name) {
      out += e.text;
      return true;
    }
  }
  return false;
}

}  // namespace

bool HasMarkup(std::string_view text) {
  // No early exit and no branch: the compiler checks many bytes at once.
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  unsigned char found = 0;
  for (std::size_t i = 0, n = text.size(); i < n; ++i) {
    found |= static_cast<unsigned char>((bytes[i] == '<') | (bytes[i] == '&') | (bytes[i] == '\\') | (bytes[i] == '\0'));
  }
  return found != 0;
}

bool IsPlainAscii(std::string_view text) {
  const char* s = text.data();
  std::size_t n = text.size(), i = 0;
#if defined(__SSE2__)
  constexpr std::size_t kRegisterBytes = 16;
  if (n >= kRegisterBytes) {
    // A byte with its high bit set is not ASCII; the comparisons set it for the marks of markup
    // and for a NUL.
    auto unplain = [](__m128i v) {
      __m128i marks = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('<')), _mm_cmpeq_epi8(v, _mm_set1_epi8('&'))),
                                   _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')), _mm_cmpeq_epi8(v, _mm_setzero_si128())));
      return _mm_or_si128(v, marks);
    };
    __m128i found = _mm_setzero_si128();
    for (; i + kRegisterBytes <= n; i += kRegisterBytes) {
      found = _mm_or_si128(found, unplain(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i))));
    }
    // The last bytes in one more register that overlaps the ones before.
    found = _mm_or_si128(found, unplain(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s + n - kRegisterBytes))));
    return _mm_movemask_epi8(found) == 0;
  }
#endif
  unsigned char found = 0;
  for (; i < n; ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    found |= static_cast<unsigned char>((c >= 0x80) | (c == '<') | (c == '&') | (c == '\\') | (c == '\0'));
  }
  return found == 0;
}

std::string PlainText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char c = text[i];
    if (c == '<') {
      std::size_t close = text.find('>', i + 1);
      if (close != std::string_view::npos && close - i <= kMaxTagBytes) {
        std::string name = TagName(text.substr(i, close - i + 1));
        if (IsOneOf(name, kLineTags)) {
          out += '\n';
          i = close + 1;
          continue;
        }
        if (IsOneOf(name, kInlineTags)) {
          i = close + 1;
          continue;
        }
      }
    } else if (c == '\\' && i + 1 < text.size() && (text[i + 1] == 'n' || text[i + 1] == 'r' || text[i + 1] == 't')) {
      // An escaped line break or tab written out ("Top!\nSnel geleverd"), as exports that
      // went through JSON leave them: without this the next word would read "nsnel".
      out += text[i + 1] == 't' ? ' ' : '\n';
      i += 2;
      continue;
    } else if (c == '\0') {
      // A NUL, as damaged exports and clients hold: no text a person writes has one.
      out += ' ';
      ++i;
      continue;
    } else if (c == '&') {
      std::size_t semicolon = text.find(';', i + 1);
      if (semicolon != std::string_view::npos && semicolon - i <= kMaxEntityBytes &&
          DecodeEntity(text.substr(i, semicolon - i + 1), out)) {
        i = semicolon + 1;
        continue;
      }
    }
    out += c;
    ++i;
  }
  return out;
}

namespace {

// Lines that open a quoted earlier message: a divider of dashes around words such as these,
// a reply header ending in one of the verbs ("On Tue 3 May, Jane wrote:", "Op 3 mei schreef
// Klantenservice:"), or a line opened by '>'.
constexpr std::array<std::string_view, 6> kQuotedDividers = {"original message", "oorspronkelijk bericht", "forwarded message",
                                                             "doorgestuurd bericht", "oorspronkelijk e-mailbericht", "reply above"};
constexpr std::size_t kMaxReplyHeaderBytes = 160;  // a reply header is one short line
// A phone's signature on a line of its own ("Verstuurd vanaf mijn iPhone", "Sent from my
// Galaxy"): the device's words, read as the customer's they would say what language they wrote.
constexpr std::array<std::string_view, 5> kDeviceSignatures = {"verstuurd vanaf mijn", "verzonden vanaf mijn", "sent from my",
                                                               "get outlook for", "verzonden met"};

bool HasLetter(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](unsigned char c) { return std::isalpha(c) || c >= 0x80; });
}

// What a line is to a quoted earlier message: none of it, a divider after which all is quoted,
// or a line not the customer's (opened by '>', a reply header, a phone's signature).
enum class QuotedLine { kNone, kDivider, kQuoted };

QuotedLine ClassifyLine(std::string_view line) {
  std::size_t first = line.find_first_not_of(" \t");
  if (first == std::string_view::npos) return QuotedLine::kNone;
  line = line.substr(first);
  if (line[0] == '>') return QuotedLine::kQuoted;
  std::string lower = AsciiLower(line.substr(0, std::min(line.size(), kMaxReplyHeaderBytes)));
  if (line.starts_with("---") || line.starts_with("___")) {
    bool divider = std::any_of(kQuotedDividers.begin(), kQuotedDividers.end(),
                               [&](std::string_view d) { return lower.find(d) != std::string::npos; });
    return divider ? QuotedLine::kDivider : QuotedLine::kNone;
  }
  if (line.size() > kMaxReplyHeaderBytes) return QuotedLine::kNone;
  if (std::any_of(kDeviceSignatures.begin(), kDeviceSignatures.end(), [&](std::string_view d) { return lower.starts_with(d); })) {
    return QuotedLine::kQuoted;
  }
  std::string_view trimmed = std::string_view(lower).substr(0, lower.find_last_not_of(" \t\r") + 1);
  if (!trimmed.ends_with(':')) return QuotedLine::kNone;
  bool header = (trimmed.starts_with("on ") && trimmed.find(" wrote") != std::string_view::npos) ||
                (trimmed.starts_with("op ") && trimmed.find(" schreef") != std::string_view::npos);
  return header ? QuotedLine::kQuoted : QuotedLine::kNone;
}

}  // namespace

bool WithoutQuotedReply(std::string_view text, std::string& out) {
  std::string kept;
  bool removed = false;
  for (std::size_t begin = 0; begin <= text.size();) {
    std::size_t end = std::min(text.find('\n', begin), text.size());
    std::string_view line = text.substr(begin, end - begin);
    QuotedLine kind = ClassifyLine(line);
    if (kind == QuotedLine::kDivider && HasLetter(kept)) {
      removed = true;
      break;
    }
    if (kind == QuotedLine::kQuoted) {
      removed = true;
    } else {
      kept.append(line);
      if (end < text.size()) kept += '\n';
    }
    begin = end + 1;
  }
  if (!removed || !HasLetter(kept)) return false;
  out = std::move(kept);
  return true;
}

}  // namespace peakend::text
