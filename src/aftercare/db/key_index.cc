#include "aftercare/db/key_index.h"

namespace aftercare::db {

Result<PackedKeys> PackIngredientKeys(Database& db) {
  PackedKeys out;
  RETURN_IF_ERROR(ForEachRow(db, "SELECT key, id FROM ingredients ORDER BY key", [&](Statement& st) {
    if (!out.ids.empty()) out.keys += '\n';
    out.keys += st.ColumnText(0);
    auto id = static_cast<uint32_t>(st.ColumnInt(1));
    for (int shift = 0; shift < 32; shift += 8) out.ids += static_cast<char>((id >> shift) & 0xff);
  }));
  return out;
}

Status WriteKeyIndex(Database& db) {
  ASSIGN_OR_RETURN(PackedKeys packed, PackIngredientKeys(db));
  RETURN_IF_ERROR(db.Exec("DELETE FROM key_index"));
  ASSIGN_OR_RETURN(Statement st, db.Prepare("INSERT INTO key_index(id, keys, ids) VALUES(0, ?, ?)"));
  st.BindBlob(1, packed.keys).BindBlob(2, packed.ids);
  return st.Run();
}

}  // namespace aftercare::db
