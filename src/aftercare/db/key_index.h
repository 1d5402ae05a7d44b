// The key_index row (db stage): every ingredient key with its id, sorted by
// key and packed into two blobs, so that opening the DB reads one row instead
// of scanning 34k, and the key -> id hash table over them (KeySlots), so that
// Open builds none. Written by the builder, compared with the ingredients
// table by the integrity checks, read in place by IngredientDb::Open. Plain
// functions.
#ifndef AFTERCARE_DB_KEY_INDEX_H_
#define AFTERCARE_DB_KEY_INDEX_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "aftercare/base/little_endian.h"
#include "aftercare/base/status.h"
#include "aftercare/base/string_hash.h"
#include "aftercare/db/sqlite.h"

namespace aftercare::db {

struct PackedKeys {
  std::string keys;   // every ingredients.key in byte order, joined by '\n'
  std::string ids;    // the matching ingredients.id, 4-byte little-endian each
  std::string slots;  // the KeySlots table over `keys`
  bool operator==(const PackedKeys&) const = default;
};

// The key -> id table of the key_index row, open addressing, little-endian:
// slot_count u32 slots (a power of two, at least 16 and at least twice the
// keys), each the key's place in `keys` (its line number) + 1, 0 for an empty
// slot. A key is placed at, and looked up from, HashBytes(key) &
// (slot_count - 1), probing forward. The same table Open used to build from
// the keys at every start, 512 KB for 34k keys: measured against 16-byte
// slots holding a tag, the id and the key's place (2 MB), a lookup that
// misses, the reader's common case, was a third slower in the larger table
// and one that hits no faster. The hash is base/string_hash.h's; Open refuses
// a table that does not find the first and last keys (one hashed otherwise).
class KeySlots {
 public:
  KeySlots() = default;  // finds nothing
  // A view of `slots`; nullopt when it is not such a table. REQUIRES: it
  // outlives the view.
  static std::optional<KeySlots> View(std::string_view slots) {
    const size_t n = slots.size() / 4;
    if (slots.size() % 4 != 0 || n < 16 || (n & (n - 1)) != 0) return std::nullopt;
    KeySlots k;
    k.slots_ = slots.data();
    k.mask_ = n - 1;
    return k;
  }
  // The place of `key` among the sorted keys, or nullopt. key_at(i) returns
  // the key at place i, or a string that is no key when i is out of range.
  template <typename KeyAt>
  std::optional<uint32_t> Find(std::string_view key, KeyAt key_at) const {
    if (slots_ == nullptr) return std::nullopt;
    for (size_t at = HashBytes(key) & mask_;; at = (at + 1) & mask_) {
      const uint32_t place = LoadU32(slots_ + 4 * at);
      if (place == 0) return std::nullopt;
      if (key_at(place - 1) == key) return place - 1;
    }
  }

 private:
  const char* slots_ = nullptr;
  size_t mask_ = 0;
};

// Packs the ingredients table's keys. Errors as Statement::Step (kIoError).
Result<PackedKeys> PackIngredientKeys(Database& db);

// Writes PackIngredientKeys(db) as the key_index row, replacing any.
Status WriteKeyIndex(Database& db);

// The id packed at `i` (REQUIRES: 4 * i + 4 <= ids.size()).
inline uint32_t PackedId(std::string_view ids, size_t i) {
  const auto* b = reinterpret_cast<const unsigned char*>(ids.data() + 4 * i);
  return static_cast<uint32_t>(b[0]) | static_cast<uint32_t>(b[1]) << 8 | static_cast<uint32_t>(b[2]) << 16 |
         static_cast<uint32_t>(b[3]) << 24;
}

}  // namespace aftercare::db

#endif  // AFTERCARE_DB_KEY_INDEX_H_
