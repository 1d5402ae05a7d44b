// An open-addressing hash table over n strings, packed by the DB build and
// read in place by IngredientDb::Open (db stage): the matcher's lead tokens
// (lead_tokens.h). The strings themselves live elsewhere (a sorted pool); the
// table holds their indexes. Plain functions and a view;
// a view is immutable and safe to share between threads.
//
// Layout, little-endian: slot_count slots of 8 bytes (slot_count a power of
// two, at least 16 and at least 1.5 n): the high 32 bits of HashBytes(s),
// then s's index + 1 (0: an empty slot). A string is placed at, and looked up
// from, HashBytes(s) & (slot_count - 1), probing forward. The hash is
// base/string_hash.h's: changing it changes the tables, and needs a schema
// version bump (Open and `db check` refuse tables built with another).
#ifndef AFTERCARE_DB_STRING_SLOTS_H_
#define AFTERCARE_DB_STRING_SLOTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aftercare/base/little_endian.h"
#include "aftercare/base/string_hash.h"

namespace aftercare::db {

// The table over strings[0..n) (REQUIRES: distinct, n < 2^31).
std::string PackStringSlots(const std::vector<std::string_view>& strings);

class StringSlots {
 public:
  StringSlots() = default;  // finds nothing
  // A view of a packed table; nullopt when `blob` is not one (its size is not
  // 8 times a power of two >= 16). REQUIRES: blob outlives the view.
  static std::optional<StringSlots> View(std::string_view blob) {
    const size_t n = blob.size() / 8;
    if (blob.size() % 8 != 0 || n < 16 || (n & (n - 1)) != 0) return std::nullopt;
    StringSlots s;
    s.slots_ = blob.data();
    s.mask_ = n - 1;
    return s;
  }

  // The index of `key`, or nullopt. string_at(i) returns string i.
  template <typename StringAt>
  std::optional<uint32_t> Find(std::string_view key, StringAt string_at) const {
    if (slots_ == nullptr) return std::nullopt;
    const uint64_t h = HashBytes(key);
    const auto tag = static_cast<uint32_t>(h >> 32);
    for (size_t at = h & mask_;; at = (at + 1) & mask_) {
      const char* slot = slots_ + 8 * at;
      const uint32_t index = LoadU32(slot + 4);
      if (index == 0) return std::nullopt;
      if (LoadU32(slot) == tag && string_at(index - 1) == key) return index - 1;
    }
  }

 private:
  const char* slots_ = nullptr;
  size_t mask_ = 0;
};

}  // namespace aftercare::db

#endif  // AFTERCARE_DB_STRING_SLOTS_H_
