// Integrity checks over a built ingredient database (db stage). The builder runs
// them before it commits; `aftercare db check` runs them on any built file.
// Each problem is one line "what is wrong (origin file:line)".
#ifndef AFTERCARE_DB_INTEGRITY_H_
#define AFTERCARE_DB_INTEGRITY_H_

#include <string>
#include <vector>

#include "aftercare/base/status.h"
#include "aftercare/db/sqlite.h"

namespace aftercare::db {

// Returns the problems found (empty when the DB is consistent), or an error
// Status when the DB cannot be queried at all.
Result<std::vector<std::string>> CheckIntegrity(Database& db);

}  // namespace aftercare::db

#endif  // AFTERCARE_DB_INTEGRITY_H_
