#include "aftercare/db/string_slots.h"

namespace aftercare::db {

std::string PackStringSlots(const std::vector<std::string_view>& strings) {
  size_t size = 16;
  while (size < strings.size() + strings.size() / 2) size <<= 1;
  std::vector<uint32_t> tag(size, 0), index(size, 0);
  for (size_t i = 0; i < strings.size(); ++i) {
    const uint64_t h = HashBytes(strings[i]);
    size_t at = h & (size - 1);
    while (index[at] != 0) at = (at + 1) & (size - 1);
    tag[at] = static_cast<uint32_t>(h >> 32);
    index[at] = static_cast<uint32_t>(i + 1);
  }
  std::string out;
  out.reserve(8 * size);
  for (size_t at = 0; at < size; ++at) {
    AppendU32(&out, tag[at]);
    AppendU32(&out, index[at]);
  }
  return out;
}

}  // namespace aftercare::db
