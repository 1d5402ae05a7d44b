// The key_index row (db stage): every ingredient key with its id, sorted by
// key and packed into two blobs, so that opening the DB reads one row instead
// of scanning 34k, and the key -> id hash table over them (string_slots.h), so
// that Open builds none. Written by the builder, compared with the ingredients
// table by the integrity checks, read in place by IngredientDb::Open. Plain
// functions.
#ifndef AFTERCARE_DB_KEY_INDEX_H_
#define AFTERCARE_DB_KEY_INDEX_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "aftercare/base/status.h"
#include "aftercare/db/sqlite.h"
#include "aftercare/db/string_slots.h"

namespace aftercare::db {

struct PackedKeys {
  std::string keys;  // every ingredients.key in byte order, joined by '\n'
  std::string ids;   // the matching ingredients.id, 4-byte little-endian each
  std::string slots;  // PackStringSlots of the keys: the index of a key in `keys`
  bool operator==(const PackedKeys&) const = default;
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
