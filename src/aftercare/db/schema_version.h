// The ingredient database schema version this build reads and writes (db stage).
// Bump it with every change to ingredient_db/schema.sql.
#ifndef AFTERCARE_DB_SCHEMA_VERSION_H_
#define AFTERCARE_DB_SCHEMA_VERSION_H_

namespace aftercare::db {

// 2: key_index, ingredients_by_alias; 3: protocol_rules.leave_on_only;
// 4: protocols.min_spf and min_spf_source, protocol_rules.until_event;
// 5: key_index.slots, packed_tables (lead_tokens, deletion_index);
// 6: packed_tables fold_table; 7: the deletion index's filter
inline constexpr int kSchemaVersion = 7;

// The category ids the build and `db check` require: db/category_ids.h.

}  // namespace aftercare::db

#endif  // AFTERCARE_DB_SCHEMA_VERSION_H_
