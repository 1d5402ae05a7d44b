#include "aftercare/db/ingredient_db.h"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "aftercare/db/schema_version.h"
#include "aftercare/db/sqlite.h"

namespace aftercare::db {
namespace {

std::string Str(const Statement& st, int col) { return ColumnString(st, col); }

std::optional<int> OptInt(const Statement& st, int col) {
  if (st.ColumnIsNull(col)) return std::nullopt;
  return static_cast<int>(st.ColumnInt(col));
}

}  // namespace

Result<IngredientDb> IngredientDb::Open(const std::string& path, const LoadOptions& options) {
  ASSIGN_OR_RETURN(Database db, Database::Open(path, Database::Mode::kReadOnly));
  IngredientDb out;
  out.path_ = path;
  ASSIGN_OR_RETURN(out.schema_version_, db.UserVersion());
  if (out.schema_version_ != kSchemaVersion) {
    return Status(StatusCode::kVersionMismatch,
                  fmt::format("{}: database schema version {} but this aftercare reads version {}; rebuild the "
                              "database (cmake --build build) or use the aftercare that built it",
                              path, out.schema_version_, kSchemaVersion));
  }

  RETURN_IF_ERROR(ForEachRow(db, "SELECT id, kind, citation, url, date FROM sources ORDER BY id", [&](Statement& st) {
    out.sources_.push_back({Str(st, 0), Str(st, 1), Str(st, 2), Str(st, 3), Str(st, 4)});
  }));

  // Categories first: memberships refer to them.
  std::vector<std::pair<std::string, std::string>> parents;
  RETURN_IF_ERROR(ForEachRow(db, "SELECT id, IFNULL(parent, ''), name, description FROM categories ORDER BY id",
                             [&](Statement& st) {
                               Category c;
                               c.id = Str(st, 0);
                               c.name = Str(st, 2);
                               c.description = Str(st, 3);
                               out.category_by_id_[c.id] = static_cast<CategoryId>(out.categories_.size());
                               parents.emplace_back(c.id, Str(st, 1));
                               out.categories_.push_back(std::move(c));
                             }));
  for (const auto& [id, parent] : parents) {
    if (parent.empty()) continue;
    auto it = out.category_by_id_.find(parent);
    if (it == out.category_by_id_.end()) return DataError(fmt::format("{}: category '{}' has unknown parent '{}'", path, id, parent));
    out.categories_[static_cast<size_t>(out.category_by_id_[id])].parent = it->second;
  }

  ASSIGN_OR_RETURN(Statement count, db.Prepare("SELECT COUNT(*), IFNULL(MAX(id), -1) FROM ingredients"));
  ASSIGN_OR_RETURN(bool has_row, count.Step());
  if (!has_row || count.ColumnInt(1) + 1 != count.ColumnInt(0)) {
    return DataError(fmt::format("{}: ingredient ids are not dense 0..n-1; rebuild the database", path));
  }
  out.ingredients_.resize(static_cast<size_t>(count.ColumnInt(0)));
  RETURN_IF_ERROR(ForEachRow(db, "SELECT id, inci, key, display, cas, ec, IFNULL(alias_of, -1), source FROM ingredients",
                             [&](Statement& st) {
                               Ingredient& ing = out.ingredients_[static_cast<size_t>(st.ColumnInt(0))];
                               ing.inci = Str(st, 1);
                               ing.key = Str(st, 2);
                               ing.display = Str(st, 3);
                               ing.cas = Str(st, 4);
                               ing.ec = Str(st, 5);
                               ing.alias_of = static_cast<IngredientId>(st.ColumnInt(6));
                               ing.source = Str(st, 7);
                             }));
  out.by_key_.reserve(out.ingredients_.size());
  for (size_t i = 0; i < out.ingredients_.size(); ++i) {
    const Ingredient& ing = out.ingredients_[i];
    out.by_key_.emplace(ing.key, static_cast<IngredientId>(i));
    if (ing.alias_of >= 0) out.aliases_.emplace(ing.alias_of, static_cast<IngredientId>(i));
  }
  if (options.functions) {
    RETURN_IF_ERROR(ForEachRow(db, "SELECT ingredient_id, function FROM functions ORDER BY ingredient_id, function",
                               [&](Statement& st) {
                                 out.ingredients_[static_cast<size_t>(st.ColumnInt(0))].functions.push_back(Str(st, 1));
                               }));
  }
  RETURN_IF_ERROR(ForEachRow(db,
      "SELECT ingredient_id, category, source, IFNULL(pattern_id, ''), note FROM members ORDER BY ingredient_id, category",
      [&](Statement& st) {
        Membership m;
        m.category = out.category_by_id_.at(Str(st, 1));
        m.source = Str(st, 2);
        m.pattern_id = Str(st, 3);
        m.note = Str(st, 4);
        out.ingredients_[static_cast<size_t>(st.ColumnInt(0))].members.push_back(std::move(m));
      }));
  RETURN_IF_ERROR(ForEachRow(db,
      "SELECT ingredient_id, category, source, reason FROM exclusions ORDER BY ingredient_id, category",
      [&](Statement& st) {
        out.ingredients_[static_cast<size_t>(st.ColumnInt(0))].exclusions.push_back(
            {out.category_by_id_.at(Str(st, 1)), Str(st, 2), Str(st, 3)});
      }));
  RETURN_IF_ERROR(ForEachRow(db, "SELECT key, synonym, ingredient_id, kind, source, note FROM synonyms", [&](Statement& st) {
    Synonym s;
    s.synonym = Str(st, 1);
    s.ingredient = static_cast<IngredientId>(st.ColumnInt(2));
    s.kind = Str(st, 3);
    s.source = Str(st, 4);
    s.note = Str(st, 5);
    out.synonym_keys_by_ingredient_.emplace(s.ingredient, Str(st, 0));
    out.synonyms_.emplace(Str(st, 0), std::move(s));
  }));
  for (const auto& [k, syn] : out.synonyms_) out.synonym_by_key_.emplace(k, &syn);
  RETURN_IF_ERROR(ForEachRow(db, "SELECT id, category, regex, source, note FROM patterns ORDER BY id", [&](Statement& st) {
    Pattern p;
    p.id = Str(st, 0);
    p.category = out.category_by_id_.at(Str(st, 1));
    p.regex = Str(st, 2);
    p.source = Str(st, 3);
    p.note = Str(st, 4);
    out.patterns_.push_back(std::move(p));
  }));
  RETURN_IF_ERROR(ForEachRow(db,
      "SELECT annex, ref, name, ingredient_id, max_concentration FROM annex_entries WHERE ingredient_id IS NOT NULL",
      [&](Statement& st) {
        out.annex_.emplace(static_cast<IngredientId>(st.ColumnInt(3)),
                           AnnexEntry{Str(st, 0), Str(st, 1), Str(st, 2), Str(st, 4)});
      }));

  RETURN_IF_ERROR(ForEachRow(db, "SELECT id, name, procedure, description, source FROM protocols ORDER BY id",
                             [&](Statement& st) {
                               out.protocols_.push_back({Str(st, 0), Str(st, 1), Str(st, 2), Str(st, 3), Str(st, 4), {}, {}});
                             }));
  auto protocol_index = [&](const std::string& id) -> Protocol* {
    for (auto& p : out.protocols_) {
      if (p.id == id) return &p;
    }
    return nullptr;
  };
  Status bad;
  RETURN_IF_ERROR(ForEachRow(db,
      "SELECT protocol, row, category, avoid_until_day, caution_until_day, ok_from_day, recommended, extrapolated, "
      "rationale, source FROM protocol_rules ORDER BY protocol, row, category",
      [&](Statement& st) {
        Protocol* p = protocol_index(Str(st, 0));
        auto cat = out.category_by_id_.find(Str(st, 2));
        if (!p || cat == out.category_by_id_.end()) {
          bad = DataError(fmt::format("{}: protocol rule refers to unknown protocol or category", path));
          return;
        }
        ProtocolRule r;
        r.row = static_cast<int>(st.ColumnInt(1));
        r.category = cat->second;
        r.avoid_until_day = OptInt(st, 3);
        r.caution_until_day = OptInt(st, 4);
        r.ok_from_day = static_cast<int>(st.ColumnInt(5));
        r.recommended = st.ColumnInt(6) != 0;
        r.extrapolated = st.ColumnInt(7) != 0;
        r.rationale = Str(st, 8);
        r.source = Str(st, 9);
        p->rules.push_back(std::move(r));
      }));
  RETURN_IF_ERROR(bad);
  RETURN_IF_ERROR(ForEachRow(db,
      "SELECT protocol, topic, from_day, until_day, advice, source FROM protocol_advice ORDER BY protocol, from_day, topic",
      [&](Statement& st) {
        if (Protocol* p = protocol_index(Str(st, 0))) {
          p->advice.push_back({Str(st, 1), static_cast<int>(st.ColumnInt(2)), OptInt(st, 3), Str(st, 4), Str(st, 5)});
        }
      }));

  if (!options.table_counts) return out;
  for (const char* table : {"ingredients", "functions", "synonyms", "categories", "members", "patterns", "exclusions",
                            "annex_entries", "protocols", "protocol_rules", "protocol_advice", "sources"}) {
    ASSIGN_OR_RETURN(Statement st, db.Prepare(fmt::format("SELECT COUNT(*) FROM {}", table)));
    ASSIGN_OR_RETURN(bool row, st.Step());
    out.table_counts_.push_back({table, row ? st.ColumnInt(0) : 0});
  }
  return out;
}

std::optional<IngredientId> IngredientDb::FindIngredient(std::string_view key) const {
  auto it = by_key_.find(key);
  if (it == by_key_.end()) return std::nullopt;
  return it->second;
}

const Synonym* IngredientDb::FindSynonym(std::string_view key) const {
  auto it = synonym_by_key_.find(key);
  return it == synonym_by_key_.end() ? nullptr : it->second;
}

std::optional<CategoryId> IngredientDb::FindCategory(std::string_view id) const {
  auto it = category_by_id_.find(std::string(id));
  if (it == category_by_id_.end()) return std::nullopt;
  return it->second;
}

const Protocol* IngredientDb::FindProtocol(std::string_view id) const {
  for (const auto& p : protocols_) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

const SourceInfo* IngredientDb::FindSource(std::string_view id) const {
  for (const auto& s : sources_) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

std::vector<CategoryId> IngredientDb::WithAncestors(CategoryId id) const {
  std::vector<CategoryId> out;
  for (CategoryId cur = id; cur >= 0 && out.size() <= categories_.size(); cur = categories_[static_cast<size_t>(cur)].parent) {
    out.push_back(cur);
  }
  return out;
}

std::vector<CategoryId> IngredientDb::CategoriesOf(IngredientId id) const {
  std::vector<CategoryId> out;
  for (const auto& m : ingredient(id).members) {
    for (CategoryId c : WithAncestors(m.category)) {
      if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    }
  }
  std::sort(out.begin(), out.end(), [&](CategoryId a, CategoryId b) { return category(a).id < category(b).id; });
  return out;
}

std::vector<const Synonym*> IngredientDb::SynonymsOf(IngredientId id) const {
  std::vector<const Synonym*> out;
  auto [b, e] = synonym_keys_by_ingredient_.equal_range(id);
  for (auto it = b; it != e; ++it) out.push_back(&synonyms_.at(it->second));
  std::sort(out.begin(), out.end(), [](const Synonym* x, const Synonym* y) { return x->synonym < y->synonym; });
  return out;
}

std::vector<IngredientId> IngredientDb::AliasesOf(IngredientId id) const {
  std::vector<IngredientId> out;
  auto [b, e] = aliases_.equal_range(id);
  for (auto it = b; it != e; ++it) out.push_back(it->second);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<AnnexEntry> IngredientDb::AnnexEntriesOf(IngredientId id) const {
  std::vector<AnnexEntry> out;
  auto [b, e] = annex_.equal_range(id);
  for (auto it = b; it != e; ++it) out.push_back(it->second);
  std::sort(out.begin(), out.end(), [](const AnnexEntry& x, const AnnexEntry& y) {
    return std::tie(x.annex, x.ref) < std::tie(y.annex, y.ref);
  });
  return out;
}

}  // namespace aftercare::db
