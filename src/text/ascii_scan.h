// AsciiScan: the word boundaries (UAX #29) of a comment written in plain ASCII, as most are,
// found sixteen bytes at a time. One pass folds the text to lower case and marks the class of
// every byte in bit masks; the segments are then read from the masks a run at a time instead
// of a byte at a time. Gives the same segments as ICU's word break iterator on ASCII text.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <string_view>
#include <vector>

namespace peakend::text {

class AsciiScan {
 public:
  // Folds `text` to lower case into `folded` (text.size() writable bytes) and marks its bytes.
  // Returns false when a byte is not ASCII; the masks and `folded` then mean nothing.
  bool Scan(std::string_view text, char* folded);

  // Calls emit(begin, end, word, capitals, has_small) for every segment of the text last
  // scanned but runs of spaces, in order: a word (letters, digits, '_' and '@', with "'" and "."
  // between letters and ".,;'" between digits) with its capitals (0, 1, or 2 for two or more)
  // and whether it has a small letter, CR LF, or any other single character.
  template <typename Emit>
  void ForEachSegment(std::string_view text, Emit&& emit) const {
    const auto n = static_cast<std::uint32_t>(text.size());
    std::uint32_t done = 0;  // segments end where the next may begin
    for (std::uint32_t b = 0; b < blocks_.size(); ++b) {
      for (std::uint64_t starts = blocks_[b].starts; starts != 0; starts &= starts - 1) {
        std::uint32_t begin = (b << 6) + static_cast<std::uint32_t>(std::countr_zero(starts));
        if (begin < done) continue;  // the LF of a CR LF
        if (!((blocks_[b].joined >> (begin & 63)) & 1)) {
          done = begin + (text[begin] == '\r' && begin + 1 < n && text[begin + 1] == '\n' ? 2 : 1);
          emit(static_cast<std::int32_t>(begin), static_cast<std::int32_t>(done), false, 0, false);
          continue;
        }
        // Most words end in the block they begin in: their letters are one shift away.
        const Block& block = blocks_[b];
        std::uint32_t offset = begin & 63;
        auto length = static_cast<std::uint32_t>(std::countr_zero(~(block.joined >> offset)));
        std::uint32_t end = begin + length;
        std::uint64_t capitals, small;
        if (offset + length < 64) {
          std::uint64_t keep = (std::uint64_t{1} << length) - 1;
          capitals = (block.upper >> offset) & keep;
          small = (block.lower >> offset) & keep;
        } else {
          end = RunEnd(b, begin);
          capitals = small = 0;
          Gather(begin, end, capitals, small);
        }
        bool capitals_two = (capitals & (capitals - 1)) != 0;
        bool word = end - begin > 1 || text[begin] != '_';  // a lone "_" is not a word
        emit(static_cast<std::int32_t>(begin), static_cast<std::int32_t>(end), word,
             capitals == 0 ? 0 : capitals_two ? 2 : 1, small != 0);
        done = end;
      }
    }
  }

 private:
  struct Block {  // 64 bytes of the text, a bit per byte
    std::uint64_t joined = 0;  // in a word: letters, digits, '_', '@' and the marks joining them
    std::uint64_t starts = 0;  // where a word or another segment but a run of spaces begins
    std::uint64_t upper = 0, lower = 0;
  };
  // Where the word that begins at `begin`, in block b, ends.
  std::uint32_t RunEnd(std::uint32_t b, std::uint32_t begin) const {
    std::uint64_t rest = ~(blocks_[b].joined >> (begin & 63));
    if (rest != 0 && (begin & 63) + static_cast<std::uint32_t>(std::countr_zero(rest)) < 64) {
      return begin + static_cast<std::uint32_t>(std::countr_zero(rest));
    }
    for (++b; b < blocks_.size(); ++b) {  // on into the next blocks
      if (~blocks_[b].joined != 0) return (b << 6) + static_cast<std::uint32_t>(std::countr_zero(~blocks_[b].joined));
    }
    return static_cast<std::uint32_t>(blocks_.size() << 6);
  }
  // The capital and small letters of [begin, end), OR-ed together block by block (enough to
  // tell none, one and more apart, as a word rarely crosses a block).
  void Gather(std::uint32_t begin, std::uint32_t end, std::uint64_t& capitals, std::uint64_t& small) const {
    for (std::uint32_t from = begin; from < end;) {
      std::uint32_t b = from >> 6, stop = std::min(end, (b + 1) << 6), width = stop - from;
      std::uint64_t keep = width < 64 ? (std::uint64_t{1} << width) - 1 : ~std::uint64_t{0};
      std::uint64_t upper = (blocks_[b].upper >> (from & 63)) & keep;
      capitals = capitals == 0 ? upper : capitals | (upper != 0 ? std::uint64_t{3} : 0);
      small |= (blocks_[b].lower >> (from & 63)) & keep;
      from = stop;
    }
  }

  std::vector<Block> blocks_;
};

}  // namespace peakend::text
