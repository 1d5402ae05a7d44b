// aftercare db info | db check | protocols: what is in the ingredient database
// (and its built-in protocols), and whether it is consistent.
#include <fmt/format.h>

#include "aftercare/db/integrity.h"
#include "aftercare/db/sqlite.h"
#include "cli.h"

namespace aftercare::cli {

int RunDbInfo(const GlobalOptions& global) {
  Result<std::string> path = ResolveDbPath(global);
  if (!path.ok()) return ReportError(path.status());
  Result<db::IngredientDb> db = db::IngredientDb::Open(*path);
  if (!db.ok()) return ReportError(db.status());
  WriteStdout(global.format == "json" ? report::DbInfoJson(*db) : report::DbInfoText(*db));
  return kExitOk;
}

int RunProtocols(const GlobalOptions& global) {
  Result<std::string> path = ResolveDbPath(global);
  if (!path.ok()) return ReportError(path.status());
  Result<db::IngredientDb> db = db::IngredientDb::Open(*path, {.functions = false, .table_counts = false});
  if (!db.ok()) return ReportError(db.status());
  WriteStdout(global.format == "json" ? report::ProtocolsJson(*db) : report::ProtocolsText(*db));
  return kExitOk;
}

int RunDbCheck(const GlobalOptions& global) {
  Result<std::string> path = ResolveDbPath(global);
  if (!path.ok()) return ReportError(path.status());
  // Loading the index checks the schema version and the references it needs.
  Result<db::IngredientDb> index = db::IngredientDb::Open(*path);
  if (!index.ok()) return ReportError(index.status());
  Result<db::Database> db = db::Database::Open(*path, db::Database::Mode::kReadOnly);
  if (!db.ok()) return ReportError(db.status());
  Result<std::vector<std::string>> problems = db::CheckIntegrity(*db);
  if (!problems.ok()) return ReportError(problems.status());
  if (!problems->empty()) {
    for (const auto& p : *problems) fmt::print(stderr, "{}: {}\n", *path, p);
    return ReportError(DataError(fmt::format("{}: {} integrity problem(s)", *path, problems->size())));
  }
  WriteStdout(fmt::format("{}: ok (schema version {}, {} ingredients, all integrity checks pass)\n", *path,
                          index->schema_version(), index->ingredients().size()));
  return kExitOk;
}

}  // namespace aftercare::cli
