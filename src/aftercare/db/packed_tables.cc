#include "aftercare/db/packed_tables.h"

#include <fmt/format.h>

#include "aftercare/db/deletion_index.h"
#include "aftercare/db/lead_tokens.h"
#include "aftercare/text/fold_table.h"

namespace aftercare::db {

Result<std::string> PackTable(Database& db, std::string_view name) {
  if (name == "lead_tokens") return PackLeadTokens(db);
  if (name == "deletion_index") return PackDeletionIndex(db);
  if (name == "fold_table") return text::PackFoldTable();
  return InvalidArgument(fmt::format("no packed table '{}'", name));
}

Status WritePackedTables(Database& db) {
  RETURN_IF_ERROR(db.Exec("DELETE FROM packed_tables"));
  ASSIGN_OR_RETURN(Statement st, db.Prepare("INSERT INTO packed_tables(name, data) VALUES(?, ?)"));
  for (const char* name : kPackedTables) {
    ASSIGN_OR_RETURN(std::string data, PackTable(db, name));
    st.Bind(1, std::string_view(name)).BindBlob(2, data);
    RETURN_IF_ERROR(st.Run());
  }
  return Status::Ok();
}

}  // namespace aftercare::db
