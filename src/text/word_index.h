// WordIndex: a hash map from short words to values, built once when lexicons load and then
// read for every token of every comment. Open addressing in one flat array with the hash kept
// beside each key, so a lookup is one hash of the word and usually one cache line; a miss (most
// words of a comment) rarely compares a string at all.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace peakend::text {

template <typename Value>
class WordIndex {
 public:
  // The number of `word` among the keys, -1 when absent. Keys are never removed, so a number
  // stays valid: tokens and phrases keep it instead of the word.
  std::int32_t IndexOf(std::string_view word) const {
    if (slots_.empty()) return -1;
    std::uint64_t h = Hash(word);
    for (std::size_t at = h & mask_;; at = (at + 1) & mask_) {
      const Slot& slot = slots_[at];
      if (slot.entry == kEmpty) return -1;
      if (slot.hash == h && entries_[slot.entry].key == word) return static_cast<std::int32_t>(slot.entry);
    }
  }

  // The number of `word`, inserted with a default-constructed value when absent.
  std::int32_t Intern(std::string_view word) {
    if ((entries_.size() + 1) * kMaxLoadDenominator > slots_.size() * kMaxLoadNumerator) Grow();
    std::uint64_t h = Hash(word);
    std::size_t at = h & mask_;
    for (;; at = (at + 1) & mask_) {
      Slot& slot = slots_[at];
      if (slot.entry == kEmpty) break;
      if (slot.hash == h && entries_[slot.entry].key == word) return static_cast<std::int32_t>(slot.entry);
    }
    slots_[at] = {h, static_cast<std::uint32_t>(entries_.size())};
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

 private:
  static constexpr std::uint32_t kEmpty = UINT32_MAX;
  static constexpr std::size_t kInitialSlots = 64;
  // At most half full: short probe sequences matter more than the memory.
  static constexpr std::size_t kMaxLoadNumerator = 1, kMaxLoadDenominator = 2;

  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t entry = kEmpty;
  };
  struct Entry {
    std::string key;
    Value value;
  };

  // FNV-1a with a final mix so that the low bits, which pick the slot, depend on every byte.
  static std::uint64_t Hash(std::string_view word) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned char c : word) h = (h ^ c) * 0x100000001b3ull;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    return h ^ (h >> 32);
  }

  void Grow() {
    std::size_t size = slots_.empty() ? kInitialSlots : slots_.size() * 2;
    slots_.assign(size, Slot{});
    mask_ = size - 1;
    for (std::uint32_t i = 0; i < entries_.size(); ++i) {
      std::uint64_t h = Hash(entries_[i].key);
      std::size_t at = h & mask_;
      while (slots_[at].entry != kEmpty) at = (at + 1) & mask_;
      slots_[at] = {h, i};
    }
  }

  std::vector<Slot> slots_;
  std::vector<Entry> entries_;
  std::size_t mask_ = 0;
};

}  // namespace peakend::text
