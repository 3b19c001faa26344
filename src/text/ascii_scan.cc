#include "text/ascii_scan.h"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace peakend::text {
namespace {

constexpr std::size_t kBlockBytes = 64;  // one mask element
constexpr std::size_t kPartBytes = 16;   // one SSE2 register

// The classes of 64 bytes, a bit per byte.
struct BlockClasses {
  std::uint64_t letter = 0;  // a-z, A-Z and '@', which ICU counts among the letters
  std::uint64_t digit = 0, wordish = 0;  // wordish: letters, digits and '_'
  std::uint64_t upper = 0, lower = 0, space = 0;
  std::uint64_t mid_num_let = 0;  // ' and . (join letters and digits)
  std::uint64_t mid_num = 0;      // , and ; (join digits)
};

#if defined(__SSE2__)
inline std::uint64_t MaskOf(__m128i bytes) { return static_cast<std::uint16_t>(_mm_movemask_epi8(bytes)); }

inline __m128i Between(__m128i v, char low, char high) {  // low <= v <= high, for ASCII bytes
  return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(static_cast<char>(low - 1))),
                       _mm_cmplt_epi8(v, _mm_set1_epi8(static_cast<char>(high + 1))));
}

inline __m128i Is(__m128i v, char c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); }

// Classifies the first `parts` sixteen bytes of a block (the rest has no class) and writes them
// folded; returns whether they are all ASCII. The masks
// are gathered in locals: `out` may alias anything, so fields of `c` would be reloaded after
// every store.
bool ClassifyBlock(const char* in, char* out, int parts, BlockClasses& c) {
  __m128i high = _mm_setzero_si128();
  std::uint64_t letters = 0, digits = 0, wordish = 0, uppers = 0, lowers = 0, spaces = 0, mid_num_let = 0, mid_num = 0;
  for (int part = 0; part < parts; ++part) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + 16 * part));
    high = _mm_or_si128(high, v);
    int shift = 16 * part;
    __m128i upper = Between(v, 'A', 'Z'), lower = Between(v, 'a', 'z'), digit = Between(v, '0', '9');
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 16 * part),
                     _mm_or_si128(v, _mm_and_si128(upper, _mm_set1_epi8(0x20))));
    __m128i letter = _mm_or_si128(_mm_or_si128(upper, lower), Is(v, '@'));
    letters |= MaskOf(letter) << shift;
    digits |= MaskOf(digit) << shift;
    wordish |= MaskOf(_mm_or_si128(_mm_or_si128(letter, digit), Is(v, '_'))) << shift;
    uppers |= MaskOf(upper) << shift;
    lowers |= MaskOf(lower) << shift;
    spaces |= MaskOf(Is(v, ' ')) << shift;
    mid_num_let |= MaskOf(_mm_or_si128(Is(v, '\''), Is(v, '.'))) << shift;
    mid_num |= MaskOf(_mm_or_si128(Is(v, ','), Is(v, ';'))) << shift;
  }
  c = {letters, digits, wordish, uppers, lowers, spaces, mid_num_let, mid_num};
  return _mm_movemask_epi8(high) == 0;
}
#else
bool ClassifyBlock(const char* in, char* out, int parts, BlockClasses& c) {
  bool ascii = true;
  c = BlockClasses{};
  for (std::size_t k = 0; k < static_cast<std::size_t>(parts) * kPartBytes; ++k) {
    auto b = static_cast<unsigned char>(in[k]);
    std::uint64_t bit = std::uint64_t{1} << k;
    bool upper = b >= 'A' && b <= 'Z', lower = b >= 'a' && b <= 'z', digit = b >= '0' && b <= '9';
    bool letter = upper || lower || b == '@';
    out[k] = static_cast<char>(upper ? b | 0x20 : b);
    ascii = ascii && b < 0x80;
    c.letter |= letter ? bit : 0;
    c.digit |= digit ? bit : 0;
    c.wordish |= letter || digit || b == '_' ? bit : 0;
    c.upper |= upper ? bit : 0;
    c.lower |= lower ? bit : 0;
    c.space |= b == ' ' ? bit : 0;
    c.mid_num_let |= b == '\'' || b == '.' ? bit : 0;
    c.mid_num |= b == ',' || b == ';' ? bit : 0;
  }
  return ascii;
}
#endif

}  // namespace

bool AsciiScan::Scan(std::string_view text, char* folded) {
  std::size_t blocks = (text.size() + kBlockBytes - 1) / kBlockBytes;
  blocks_.resize(blocks);
  // Per block, what the joining rules need from the neighbours (each block's are written before
  // they are read, so the vector is only grown).
  thread_local std::vector<BlockClasses> classes;
  if (classes.size() < blocks) classes.resize(blocks);
  for (std::size_t b = 0; b < blocks; ++b) {
    std::size_t at = b * kBlockBytes, left = text.size() - at;
    bool ascii;
    if (left >= kBlockBytes) {
      ascii = ClassifyBlock(text.data() + at, folded + at, kBlockBytes / kPartBytes, classes[b]);
    } else {  // the tail, padded with bytes of no class to whole registers
      char in[kBlockBytes] = {}, out[kBlockBytes];
      std::memcpy(in, text.data() + at, left);
      ascii = ClassifyBlock(in, out, static_cast<int>((left + kPartBytes - 1) / kPartBytes), classes[b]);
      std::memcpy(folded + at, out, left);
    }
    if (!ascii) return false;
  }
  for (std::size_t b = 0; b < blocks; ++b) {
    const BlockClasses& c = classes[b];
    auto before = [&](std::uint64_t BlockClasses::*field) {  // bit k: byte k - 1 has the class
      return (c.*field << 1) | (b > 0 ? classes[b - 1].*field >> 63 : 0);
    };
    auto after = [&](std::uint64_t BlockClasses::*field) {  // bit k: byte k + 1 has the class
      return (c.*field >> 1) | (b + 1 < blocks ? classes[b + 1].*field << 63 : 0);
    };
    // WB6/WB7: ' and . between letters; WB11/WB12: ' . , ; between digits.
    std::uint64_t joins = (c.mid_num_let & before(&BlockClasses::letter) & after(&BlockClasses::letter)) |
                          ((c.mid_num_let | c.mid_num) & before(&BlockClasses::digit) & after(&BlockClasses::digit));
    std::uint64_t joined = c.wordish | joins;
    std::uint64_t joined_before = (joined << 1) | (b > 0 ? blocks_[b - 1].joined >> 63 : 0);
    std::size_t left = text.size() - b * kBlockBytes;
    std::uint64_t in_text = left >= kBlockBytes ? ~std::uint64_t{0} : (std::uint64_t{1} << left) - 1;
    Block& block = blocks_[b];
    block.joined = joined;
    block.starts = (joined & ~joined_before) | (~joined & ~c.space & in_text);
    block.upper = c.upper;
    block.lower = c.lower;
  }
  return true;
}

}  // namespace peakend::text
