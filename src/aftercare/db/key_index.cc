#include "aftercare/db/key_index.h"

#include <vector>

namespace aftercare::db {

Result<PackedKeys> PackIngredientKeys(Database& db) {
  PackedKeys out;
  std::vector<size_t> ends;
  RETURN_IF_ERROR(ForEachRow(db, "SELECT key, id FROM ingredients ORDER BY key", [&](Statement& st) {
    if (!out.ids.empty()) out.keys += '\n';
    out.keys += st.ColumnText(0);
    ends.push_back(out.keys.size());
    AppendU32(&out.ids, static_cast<uint32_t>(st.ColumnInt(1)));
  }));
  size_t size = 16;
  while (size < 2 * ends.size()) size <<= 1;
  std::vector<uint32_t> slots(size, 0);
  for (size_t i = 0, begin = 0; i < ends.size(); begin = ends[i++] + 1) {
    size_t at = HashBytes(std::string_view(out.keys).substr(begin, ends[i] - begin)) & (size - 1);
    while (slots[at] != 0) at = (at + 1) & (size - 1);
    slots[at] = static_cast<uint32_t>(i + 1);
  }
  out.slots.reserve(4 * slots.size());
  for (uint32_t v : slots) AppendU32(&out.slots, v);
  return out;
}

Status WriteKeyIndex(Database& db) {
  ASSIGN_OR_RETURN(PackedKeys packed, PackIngredientKeys(db));
  RETURN_IF_ERROR(db.Exec("DELETE FROM key_index"));
  ASSIGN_OR_RETURN(Statement st, db.Prepare("INSERT INTO key_index(id, keys, ids, slots) VALUES(0, ?, ?, ?)"));
  st.BindBlob(1, packed.keys).BindBlob(2, packed.ids).BindBlob(3, packed.slots);
  return st.Run();
}

}  // namespace aftercare::db
