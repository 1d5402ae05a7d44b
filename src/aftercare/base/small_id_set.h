// A set of small non-negative ids (a category's, a pattern's) in a fixed
// number of bits: a plain value, trivially copyable, never allocates, and
// iterates in ascending id order. The DB refuses tables with more rows than
// the sets that index them hold (db/ingredient_db.h). Not synchronised: a
// value, copied rather than shared.
#ifndef AFTERCARE_BASE_SMALL_ID_SET_H_
#define AFTERCARE_BASE_SMALL_ID_SET_H_

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <iterator>

namespace aftercare {

template <size_t kBits>
class SmallIdSet {
  static_assert(kBits > 0 && kBits % 64 == 0, "a whole number of 64-bit words");

 public:
  static constexpr int kCapacity = static_cast<int>(kBits);

  // REQUIRES: 0 <= id < kCapacity.
  void Insert(int id) { words_[Word(id)] |= Bit(id); }
  // False for an id outside [0, kCapacity).
  bool Contains(int id) const { return id >= 0 && id < kCapacity && (words_[Word(id)] & Bit(id)) != 0; }
  bool empty() const {
    for (uint64_t w : words_) {
      if (w != 0) return false;
    }
    return true;
  }
  size_t size() const {
    size_t n = 0;
    for (uint64_t w : words_) n += static_cast<size_t>(std::popcount(w));
    return n;
  }
  // The smallest id in the set, -1 when empty.
  int front() const { return Next(0); }

  // The ids in ascending order.
  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = int;
    using difference_type = std::ptrdiff_t;
    using pointer = const int*;
    using reference = int;
    Iterator() = default;
    int operator*() const { return id_; }
    Iterator& operator++() {
      id_ = set_->Next(id_ + 1);
      return *this;
    }
    Iterator operator++(int) {
      Iterator before = *this;
      ++*this;
      return before;
    }
    bool operator==(const Iterator& o) const { return id_ == o.id_; }

   private:
    friend class SmallIdSet;
    Iterator(const SmallIdSet* set, int id) : set_(set), id_(id) {}
    const SmallIdSet* set_ = nullptr;
    int id_ = -1;  // -1 at the end
  };
  Iterator begin() const { return Iterator(this, Next(0)); }
  Iterator end() const { return Iterator(this, -1); }

  bool operator==(const SmallIdSet&) const = default;

 private:
  static size_t Word(int id) { return static_cast<size_t>(id) / 64; }
  static uint64_t Bit(int id) { return uint64_t{1} << (static_cast<unsigned>(id) % 64); }
  // The smallest id >= from in the set, -1 when none.
  int Next(int from) const {
    if (from >= kCapacity) return -1;
    size_t w = Word(from);
    uint64_t bits = words_[w] & (~uint64_t{0} << (static_cast<unsigned>(from) % 64));
    while (bits == 0) {
      if (++w == words_.size()) return -1;
      bits = words_[w];
    }
    return static_cast<int>(w * 64 + static_cast<size_t>(std::countr_zero(bits)));
  }

  std::array<uint64_t, kBits / 64> words_{};
};

}  // namespace aftercare

#endif  // AFTERCARE_BASE_SMALL_ID_SET_H_
