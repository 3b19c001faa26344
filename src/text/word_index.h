// WordIndex: a hash map from short words to values, built once when lexicons load and then
// read for every token of every comment. Open addressing in one flat array whose slots hold the
// first eight bytes and the length of their key, so a lookup is one hash of the word, read
// eight bytes at a time, and usually one cache line; only keys longer than eight bytes are
// compared further.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace peakend::text {

template <typename Value>
class WordIndex {
 public:
  // The number of `word` among the keys, -1 when absent. Keys are never removed, so a number
  // stays valid: tokens and phrases keep it instead of the word.
  std::int32_t IndexOf(std::string_view word) const { return Probe(word, Hash(word), Chunk(word, 0), Chunk(word, 8)); }

  // The same for a word followed by at least 16 readable bytes (a TokenBuffer pads its folded
  // text for this): its first sixteen bytes are read and hashed without a branch on its length,
  // which in running text is anyone's guess.
  std::int32_t IndexOfPadded(std::string_view word) const {
    std::uint64_t head, second;
    std::memcpy(&head, word.data(), 8);
    std::memcpy(&second, word.data() + 8, 8);
    std::size_t n = word.size();
    head &= kKeepBytes[std::min<std::size_t>(n, 8)];
    second &= kKeepBytes[n < 8 ? 0 : std::min<std::size_t>(n - 8, 8)];
    std::uint64_t one = ((0x9e3779b97f4a7c15ull ^ n) ^ head) * kHashMultiplier;
    std::uint64_t two = (one ^ second) * kHashMultiplier;
    std::uint64_t h = n > 8 ? two : one;
    for (std::size_t at = 16; at < n; at += 8) h = (h ^ PaddedChunk(word, at)) * kHashMultiplier;
    return Probe(word, h ^ (h >> 31), head, second);
  }

  // The number of `word`, inserted with a default-constructed value when absent.
  std::int32_t Intern(std::string_view word) {
    if ((entries_.size() + 1) * kMaxLoadDenominator > slots_.size() * kMaxLoadNumerator) Grow();
    if (std::int32_t found = IndexOf(word); found >= 0) return found;
    std::size_t at = Hash(word) & mask_;
    while (slots_[at].entry != kEmpty) at = (at + 1) & mask_;
    slots_[at] = {Chunk(word, 0), Chunk(word, 8), static_cast<std::uint32_t>(entries_.size()), static_cast<std::uint32_t>(word.size())};
    entries_.push_back({std::string(word), Value{}});
    return static_cast<std::int32_t>(entries_.size() - 1);
  }

  const Value& value(std::int32_t index) const { return entries_[static_cast<std::size_t>(index)].value; }
  Value& value(std::int32_t index) { return entries_[static_cast<std::size_t>(index)].value; }

  const Value* Find(std::string_view word) const {
    std::int32_t index = IndexOf(word);
    return index < 0 ? nullptr : &value(index);
  }

  // The value for `word`, inserted default-constructed when absent.
  Value& operator[](std::string_view word) { return value(Intern(word)); }

  std::size_t size() const { return entries_.size(); }

  // Forgets every key; numbers handed out before mean nothing afterwards.
  void Clear() {
    slots_.clear();
    entries_.clear();
    mask_ = 0;
  }

 private:
  static constexpr std::uint32_t kEmpty = UINT32_MAX;
  static constexpr std::size_t kInitialSlots = 64;
  // At most half full: short probe sequences matter more than the memory.
  static constexpr std::size_t kMaxLoadNumerator = 1, kMaxLoadDenominator = 2;

  // The first sixteen bytes of the key (zero-padded) and its length: for nearly every word,
  // comparing the slot is comparing the word.
  static constexpr std::size_t kInlineBytes = 16;
  struct Slot {
    std::uint64_t head = 0, second = 0;
    std::uint32_t entry = kEmpty;
    std::uint32_t size = 0;
  };
  struct Entry {
    std::string key;
    Value value;
  };

  // Bytes [at, at + 8) of `word` as a number, zero past its end; the first byte is the lowest,
  // which is what an eight-byte load gives on the machines Peakend runs on.
  static_assert(std::endian::native == std::endian::little, "WordIndex reads words as little-endian numbers");
  static std::uint64_t Chunk(std::string_view word, std::size_t at) {
    std::uint64_t chunk = 0;
    std::size_t n = std::min<std::size_t>(8, word.size() - std::min(at, word.size()));
    if (n == 8) std::memcpy(&chunk, word.data() + at, 8);
    else for (std::size_t k = 0; k < n; ++k) chunk |= std::uint64_t{static_cast<unsigned char>(word[at + k])} << (8 * k);
    return chunk;
  }
  static std::uint64_t PaddedChunk(std::string_view word, std::size_t at) {
    std::uint64_t chunk;
    std::memcpy(&chunk, word.data() + at, 8);
    std::size_t n = word.size() - at;
    return n >= 8 ? chunk : chunk & ((std::uint64_t{1} << (8 * n)) - 1);
  }

  static constexpr std::uint64_t kHashMultiplier = 0xbf58476d1ce4e5b9ull;
  // The bytes of an eight-byte chunk to keep, by how many belong to the word (0 to 8).
  static constexpr std::uint64_t kKeepBytes[9] = {0, 0xff, 0xffff, 0xffffff, 0xffffffff, 0xffffffffffull,
                                                  0xffffffffffffull, 0xffffffffffffffull, ~std::uint64_t{0}};

  // Eight bytes at a time, each chunk multiplied in, then a final mix so that the low bits,
  // which pick the slot, depend on every byte.
  template <typename ChunkOf>
  static std::uint64_t HashChunks(std::string_view word, ChunkOf chunk_of) {
    std::uint64_t h = 0x9e3779b97f4a7c15ull ^ word.size();
    std::size_t at = 0;
    do {
      h = (h ^ chunk_of(word, at)) * kHashMultiplier;
      at += 8;
    } while (at < word.size());
    return h ^ (h >> 31);
  }
  static std::uint64_t Hash(std::string_view word) { return HashChunks(word, Chunk); }
  std::int32_t Probe(std::string_view word, std::uint64_t h, std::uint64_t head, std::uint64_t second) const {
    if (slots_.empty()) return -1;
    for (std::size_t at = h & mask_;; at = (at + 1) & mask_) {
      const Slot& slot = slots_[at];
      if (slot.entry == kEmpty) return -1;
      if (((slot.head ^ head) | (slot.second ^ second) | (slot.size ^ word.size())) == 0 &&
          (word.size() <= kInlineBytes || std::memcmp(entries_[slot.entry].key.data() + kInlineBytes,
                                                      word.data() + kInlineBytes, word.size() - kInlineBytes) == 0)) {
        return static_cast<std::int32_t>(slot.entry);
      }
    }
  }

  void Grow() {
    std::size_t size = slots_.empty() ? kInitialSlots : slots_.size() * 2;
    slots_.assign(size, Slot{});
    mask_ = size - 1;
    for (std::uint32_t i = 0; i < entries_.size(); ++i) {
      const std::string& key = entries_[i].key;
      std::size_t at = Hash(key) & mask_;
      while (slots_[at].entry != kEmpty) at = (at + 1) & mask_;
      slots_[at] = {Chunk(key, 0), Chunk(key, 8), i, static_cast<std::uint32_t>(key.size())};
    }
  }

  std::vector<Slot> slots_;
  std::vector<Entry> entries_;
  std::size_t mask_ = 0;
};

}  // namespace peakend::text
