// Builds the SQLite ingredient database from the text sources in ingredient_db/
// (db stage; used by tools/build_db and by tests). The build is all or nothing:
// on any error the output file is not written.
#ifndef AFTERCARE_DB_BUILDER_H_
#define AFTERCARE_DB_BUILDER_H_

#include <string>
#include <vector>

#include "aftercare/base/status.h"

namespace aftercare::db {

struct BuildOptions {
  std::string source_dir;   // the ingredient_db/ folder (required)
  std::string output_path;  // where the .db goes (required); replaced atomically
};

struct BuildStats {
  int ingredients = 0;
  int synonyms = 0;
  int members = 0;          // direct memberships, curated + allergen list + pattern hits
  int pattern_members = 0;  // of which made by patterns
  int patterns = 0;
  int exclusions = 0;
  int categories = 0;
  int protocol_rules = 0;
  int annex_entries = 0;
};

// Builds the DB. On malformed or self-contradicting data returns kDataError whose
// message lists every problem found, one per line, as "file:line: what is wrong".
Result<BuildStats> BuildDatabase(const BuildOptions& options);

}  // namespace aftercare::db

#endif  // AFTERCARE_DB_BUILDER_H_
