// Word-at-a-time byte tests ("SIMD within a register"): 8 bytes of text are
// loaded into a uint64_t and tested at once, for the scans that skip long runs
// of ordinary bytes (label cleaning, sentence ends, JSON escaping). Each test
// says exactly whether some byte qualifies, never which one: callers finish
// the last 8 bytes one at a time.
#ifndef AFTERCARE_BASE_SWAR_H_
#define AFTERCARE_BASE_SWAR_H_

#include <cstdint>
#include <cstring>

namespace aftercare::swar {

constexpr uint64_t kLow = 0x0101010101010101ull;
constexpr uint64_t kHigh = 0x8080808080808080ull;

inline uint64_t Load(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

// Some byte of `w` is zero.
constexpr bool HasZero(uint64_t w) { return ((w - kLow) & ~w & kHigh) != 0; }
// Some byte of `w` equals `c`.
constexpr bool Has(uint64_t w, unsigned char c) { return HasZero(w ^ (kLow * c)); }
// Some byte of `w` is below `n` (n <= 128).
constexpr bool HasBelow(uint64_t w, unsigned char n) { return ((w - kLow * n) & ~w & kHigh) != 0; }
// Some byte of `w` is 0x80 or above (not ASCII).
constexpr bool HasHigh(uint64_t w) { return (w & kHigh) != 0; }

// For a static_assert: `word_test` (true when some byte of a word is not
// ordinary) agrees with `ordinary(byte)` for every byte value at every
// position among ordinary bytes ('a').
constexpr bool AgreesWithByteTable(auto word_test, auto ordinary) {
  for (int pos = 0; pos < 8; ++pos) {
    for (int b = 0; b < 256; ++b) {
      uint64_t w = kLow * 'a';
      w = (w & ~(uint64_t{0xFF} << (8 * pos))) | (static_cast<uint64_t>(b) << (8 * pos));
      if (word_test(w) == ordinary(b)) return false;
    }
  }
  return true;
}

}  // namespace aftercare::swar

#endif  // AFTERCARE_BASE_SWAR_H_
