// The key_index row (db stage): every ingredient key with its id, sorted by
// key and packed into two blobs, so that opening the DB reads one row instead
// of scanning 34k, and the key -> id hash table over them (KeySlots), so that
// Open builds none. Written by the builder, compared with the ingredients
// table by the integrity checks, read in place by IngredientDb::Open. Plain
// functions.
#ifndef AFTERCARE_DB_KEY_INDEX_H_
#define AFTERCARE_DB_KEY_INDEX_H_

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "aftercare/base/status.h"
#include "aftercare/db/sqlite.h"
#include "aftercare/base/string_hash.h"
#include "aftercare/db/little_endian.h"

namespace aftercare::db {

struct PackedKeys {
  std::string keys;  // every ingredients.key in byte order, joined by '\n'
  std::string ids;   // the matching ingredients.id, 4-byte little-endian each
  std::string slots;  // PackKeySlots of the keys: key -> id
  bool operator==(const PackedKeys&) const = default;
};

// The key -> id table of the key_index row, open addressing, little-endian:
// slot_count slots (a power of two, at least 16 and at least 1.5 times the
// keys) of four u32s: the high 32 bits of HashBytes(key), the id + 1 (0: an
// empty slot), the key's offset in `keys` and its length. A key is placed at,
// and looked up from, HashBytes(key) & (slot_count - 1), probing forward. A
// lookup reads the slot and, when the tag matches, the key's bytes: no other
// array. The hash is base/string_hash.h's; Open refuses a table that does not
// find the first and last keys (one hashed otherwise).
class KeySlots {
 public:
  KeySlots() = default;  // finds nothing
  // A view of `slots` over the packed keys `pool`; nullopt when `slots` is not
  // such a table. REQUIRES: both outlive the view.
  static std::optional<KeySlots> View(std::string_view slots, std::string_view pool) {
    const size_t n = slots.size() / 16;
    if (slots.size() % 16 != 0 || n < 16 || (n & (n - 1)) != 0) return std::nullopt;
    KeySlots k;
    k.slots_ = slots.data();
    k.mask_ = n - 1;
    k.pool_ = pool;
    return k;
  }
  // The id of `key`, or nullopt.
  std::optional<uint32_t> Find(std::string_view key) const {
    if (slots_ == nullptr) return std::nullopt;
    const uint64_t h = HashBytes(key);
    const auto tag = static_cast<uint32_t>(h >> 32);
    for (size_t at = h & mask_;; at = (at + 1) & mask_) {
      const char* slot = slots_ + 16 * at;
      const uint32_t id = LoadU32(slot + 4);
      if (id == 0) return std::nullopt;
      if (LoadU32(slot) != tag || LoadU32(slot + 12) != key.size()) continue;
      const uint32_t offset = LoadU32(slot + 8);
      if (offset <= pool_.size() && pool_.size() - offset >= key.size() &&
          std::memcmp(pool_.data() + offset, key.data(), key.size()) == 0) {
        return id - 1;
      }
    }
  }

 private:
  const char* slots_ = nullptr;
  size_t mask_ = 0;
  std::string_view pool_;
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
