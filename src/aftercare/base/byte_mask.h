// Byte masks, 16 bytes at a time: bit k of a mask says whether byte k of a
// 16-byte block belongs to a set. The label splitter's and the JSON writer's
// scans use them to jump from one interesting byte to the next (a comma, a
// bracket, a word start, a byte to escape) instead of branching on every
// byte. SSE2 (every x86-64) when the compiler has it, a byte loop otherwise:
// the masks are the same either way.
#ifndef AFTERCARE_BASE_BYTE_MASK_H_
#define AFTERCARE_BASE_BYTE_MASK_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace aftercare::bytemask {

constexpr size_t kBlock = 16;

// The set of `Cs`: bit k set when p[k] is one of them.
template <char... Cs>
inline uint32_t AnyOf(const char* p) {
#if defined(__SSE2__)
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  __m128i m = _mm_setzero_si128();
  ((m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8(Cs)))), ...);
  return static_cast<uint32_t>(_mm_movemask_epi8(m));
#else
  uint32_t m = 0;
  for (size_t k = 0; k < kBlock; ++k) {
    if (((p[k] == Cs) || ...)) m |= 1u << k;
  }
  return m;
#endif
}

// RE2's \w for ASCII: [0-9A-Za-z_].
inline uint32_t WordBytes(const char* p) {
#if defined(__SSE2__)
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  // x in [lo, lo + n) <=> (int8)(x + 0x80 - lo) < (int8)(0x80 + n - 256): a signed compare after a shift.
  const auto in_range = [](__m128i x, char lo, int n) {
    const __m128i shifted = _mm_add_epi8(x, _mm_set1_epi8(static_cast<char>(0x80 - lo)));
    return _mm_cmplt_epi8(shifted, _mm_set1_epi8(static_cast<char>(-128 + n)));
  };
  const __m128i folded = _mm_or_si128(v, _mm_set1_epi8(0x20));  // 'A'-'Z' -> 'a'-'z'
  __m128i m = _mm_or_si128(in_range(folded, 'a', 26), in_range(v, '0', 10));
  m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('_')));
  return static_cast<uint32_t>(_mm_movemask_epi8(m));
#else
  uint32_t m = 0;
  for (size_t k = 0; k < kBlock; ++k) {
    const char c = p[k];
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') m |= 1u << k;
  }
  return m;
#endif
}

// Bytes below 0x20 (control) or from 0x80 (not ASCII).
inline uint32_t ControlOrHigh(const char* p) {
#if defined(__SSE2__)
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  return static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20))));  // signed: 0x80-0xFF < 0
#else
  uint32_t m = 0;
  for (size_t k = 0; k < kBlock; ++k) {
    if (static_cast<unsigned char>(p[k]) < 0x20 || static_cast<unsigned char>(p[k]) >= 0x80) m |= 1u << k;
  }
  return m;
#endif
}

// The mask of `p[0, n)` (n < 16): the block is copied into a zeroed buffer,
// so nothing past the end is read, and the bits past `n` are cleared. A zero
// byte must be in no set.
template <uint32_t (*Mask)(const char*)>
inline uint32_t Tail(const char* p, size_t n) {
  char buf[kBlock] = {};
  std::memcpy(buf, p, n);
  return Mask(buf) & ((1u << n) - 1);
}

// Positions of the bytes of s[b, e) whose mask bit is set, in order:
//   for (size_t i = scan.Next(); i < e; i = scan.Next()) ...
// SkipTo() moves on past a stretch the caller handled itself.
template <uint32_t (*Mask)(const char*)>
class Scanner {
 public:
  Scanner(const char* s, size_t b, size_t e) : s_(s), end_(e) { Load(b); }

  // The next position, or e when there is none.
  size_t Next() {
    while (mask_ == 0) {
      if (block_ + kBlock >= end_) return end_;
      Load(block_ + kBlock);
    }
    const size_t i = block_ + static_cast<size_t>(__builtin_ctz(mask_));
    mask_ &= mask_ - 1;
    return i;
  }
  // Continue at `pos`, at or after the last position returned: the bytes
  // before it are not reported.
  void SkipTo(size_t pos) {
    if (pos < block_ + kBlock) {
      if (pos > block_) mask_ &= ~((1u << (pos - block_)) - 1);
    } else {
      Load(pos);
    }
  }

 private:
  void Load(size_t pos) {
    block_ = pos;
    if (pos >= end_) {
      mask_ = 0;
    } else if (end_ - pos >= kBlock) {
      mask_ = Mask(s_ + pos);
    } else {
      mask_ = Tail<Mask>(s_ + pos, end_ - pos);
    }
  }

  const char* s_;
  size_t end_;
  size_t block_ = 0;
  uint32_t mask_ = 0;
};

// The first position of s[b, e) whose mask bit is set, or e.
template <uint32_t (*Mask)(const char*)>
inline size_t Find(const char* s, size_t b, size_t e) {
  return Scanner<Mask>(s, b, e).Next();
}

}  // namespace aftercare::bytemask

#endif  // AFTERCARE_BASE_BYTE_MASK_H_
