// Little-endian u32 fields of the tables the DB build packs into blobs:
// key_index, the lead tokens, the deletion index (db stage) and the fold
// table (text stage). Plain functions.
#ifndef AFTERCARE_BASE_LITTLE_ENDIAN_H_
#define AFTERCARE_BASE_LITTLE_ENDIAN_H_

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>

namespace aftercare {

// The 4-byte little-endian unsigned integer at p (any alignment).
inline uint32_t LoadU32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap32(v);
  return v;
}

inline void AppendU32(std::string* out, uint32_t v) {
  for (int shift = 0; shift < 32; shift += 8) out->push_back(static_cast<char>((v >> shift) & 0xff));
}

}  // namespace aftercare

#endif  // AFTERCARE_BASE_LITTLE_ENDIAN_H_
