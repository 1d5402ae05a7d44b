// Transparent hashing for unordered containers keyed by std::string: a lookup
// by std::string_view builds no temporary string. Use with std::equal_to<>.
// The hash reads 8 or 16 bytes per step and mixes with one 64x64->128 multiply
// (the structure of wyhash): the caches hash every name of every label, and
// std::hash's byte-wise loop was 5% of a warm read. Not for untrusted keys in
// unbounded tables (no seed); the caches it serves are bounded.
#ifndef AFTERCARE_BASE_STRING_HASH_H_
#define AFTERCARE_BASE_STRING_HASH_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace aftercare {

__extension__ using Uint128 = unsigned __int128;  // GCC and Clang; __extension__ keeps -Wpedantic quiet

inline uint64_t HashBytes(std::string_view s) {
  constexpr uint64_t kP0 = 0xa0761d6478bd642full, kP1 = 0xe7037ed1a0b428dbull, kP2 = 0x8ebc6af09c88c6e3ull;
  const auto mix = [](uint64_t a, uint64_t b) {
    const Uint128 r = static_cast<Uint128>(a) * b;
    return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
  };
  const auto load64 = [](const char* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
  };
  const auto load32 = [](const char* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return static_cast<uint64_t>(v);
  };
  const char* p = s.data();
  const size_t n = s.size();
  uint64_t seed = kP0 ^ n;
  uint64_t a = 0, b = 0;
  if (n <= 16) {
    if (n >= 4) {
      const size_t q = (n >> 3) << 2;  // 0 or 4: two overlapping 4-byte reads at each end
      a = (load32(p) << 32) | load32(p + q);
      b = (load32(p + n - 4) << 32) | load32(p + n - 4 - q);
    } else if (n > 0) {
      a = (static_cast<uint64_t>(static_cast<unsigned char>(p[0])) << 16) |
          (static_cast<uint64_t>(static_cast<unsigned char>(p[n >> 1])) << 8) | static_cast<unsigned char>(p[n - 1]);
    }
  } else {
    size_t i = n;
    for (; i > 16; i -= 16, p += 16) seed = mix(load64(p) ^ kP1, load64(p + 8) ^ seed);
    a = load64(p + i - 16);  // the last 16 bytes, overlapping the loop's
    b = load64(p + i - 8);
  }
  return mix(kP2 ^ n, mix(a ^ kP1, b ^ seed));
}

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return static_cast<size_t>(HashBytes(s)); }
};

}  // namespace aftercare

#endif  // AFTERCARE_BASE_STRING_HASH_H_
