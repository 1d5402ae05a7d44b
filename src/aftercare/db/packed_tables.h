// The rows of the packed_tables table (db stage): lookup tables derived from
// the names (lead_tokens.h, deletion_index.h) or from ICU (text/fold_table.h),
// packed once by the build and read in place by IngredientDb. Written by the builder, recomputed and
// compared by the integrity checks. Plain functions.
#ifndef AFTERCARE_DB_PACKED_TABLES_H_
#define AFTERCARE_DB_PACKED_TABLES_H_

#include <string>
#include <string_view>

#include "aftercare/base/status.h"
#include "aftercare/db/sqlite.h"

namespace aftercare::db {

inline constexpr const char* kPackedTables[] = {"lead_tokens", "deletion_index", "fold_table"};

// Packs row `name` (one of kPackedTables) from the ingredients and synonyms
// tables (the fold table from ICU alone). kInvalidArgument for another name;
// errors as Statement::Step or text::PackFoldTable.
Result<std::string> PackTable(Database& db, std::string_view name);

// Writes every row of kPackedTables, replacing any.
Status WritePackedTables(Database& db);

}  // namespace aftercare::db

#endif  // AFTERCARE_DB_PACKED_TABLES_H_
