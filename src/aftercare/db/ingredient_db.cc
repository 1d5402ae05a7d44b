#include "aftercare/db/ingredient_db.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <mutex>
#include <tuple>

#include <fmt/format.h>

#include "aftercare/db/key_index.h"
#include "aftercare/db/schema_version.h"
#include "aftercare/db/sqlite.h"
#include "aftercare/text/fold_table.h"

namespace aftercare::db {
namespace {

std::string Str(const Statement& st, int col) { return ColumnString(st, col); }

std::optional<int> OptInt(const Statement& st, int col) {
  if (st.ColumnIsNull(col)) return std::nullopt;
  return static_cast<int>(st.ColumnInt(col));
}

}  // namespace

// What is read after Open, through the connection Open leaves open. Guarded by
// `mu`; each once_flag guards the table it names.
struct IngredientDb::Lazy {
  explicit Lazy(Database d) : db(std::move(d)) {}
  Database db;
  // Statements left on their row: the packed tables are used where SQLite
  // read them (a column's blob lives until its statement steps again).
  std::optional<Statement> key_index, lead_tokens, fold_table;
  std::once_flag deletion_once;
  std::optional<Statement> deletion_row;
  DeletionIndex deletion_index;
  std::mutex mu;
  std::optional<Statement> row, members, exclusions, functions, aliases;  // prepared on first use
  std::deque<Ingredient> read;  // rows read one at a time; a deque never moves them
  std::once_flag all_once;
  std::vector<Ingredient> all;  // every row, read by ingredients()
  std::once_flag annex_once;
  std::unordered_multimap<IngredientId, AnnexEntry> annex;
};

IngredientDb::IngredientDb() = default;
IngredientDb::IngredientDb(IngredientDb&&) noexcept = default;
IngredientDb& IngredientDb::operator=(IngredientDb&&) noexcept = default;
IngredientDb::~IngredientDb() = default;

Result<IngredientDb> IngredientDb::Open(const std::string& path, const LoadOptions& options) {
  ASSIGN_OR_RETURN(Database opened, Database::Open(path, Database::Mode::kReadOnly));
  // The connection stays open for the lazy reads. Reads map the file rather
  // than pread it page by page, and the shared lock is taken once and kept
  // instead of per statement (the builder never rewrites a DB in place: it
  // removes the file and writes a new one). 1377 -> 187 system calls per parse.
  RETURN_IF_ERROR(opened.Exec("PRAGMA mmap_size = 268435456; PRAGMA locking_mode = EXCLUSIVE"));
  IngredientDb out;
  out.lazy_ = std::make_unique<Lazy>(std::move(opened));
  Database& db = out.lazy_->db;
  out.path_ = path;
  out.options_ = options;
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
  if (out.categories_.size() > kMaxCategories) {
    return DataError(fmt::format("{}: {} categories, more than the {} a match can hold (db::kMaxCategories)", path,
                                 out.categories_.size(), kMaxCategories));
  }
  for (const auto& [id, parent] : parents) {
    if (parent.empty()) continue;
    auto it = out.category_by_id_.find(parent);
    if (it == out.category_by_id_.end()) {
      return DataError(fmt::format("{}: category '{}' has unknown parent '{}'", path, id, parent));
    }
    out.categories_[static_cast<size_t>(out.category_by_id_[id])].parent = it->second;
  }

  // The ingredient keys, sorted, and the key -> id table, as the build packed
  // them: one row, used where SQLite read it, no allocation per key. The rest
  // of each row is read lazily.
  {
    ASSIGN_OR_RETURN(Statement prepared, db.Prepare("SELECT keys, ids, slots FROM key_index"));
    Statement& st = out.lazy_->key_index.emplace(std::move(prepared));
    ASSIGN_OR_RETURN(bool has_row, st.Step());
    std::string_view pool = has_row ? st.ColumnBlob(0) : std::string_view();
    std::string_view ids = has_row ? st.ColumnBlob(1) : std::string_view();
    std::optional<KeySlots> slots = KeySlots::View(has_row ? st.ColumnBlob(2) : std::string_view());
    size_t n = ids.size() / 4;
    auto malformed = [&] {
      return DataError(fmt::format("{}: the key index is missing or malformed; rebuild the database", path));
    };
    if (!has_row || ids.size() % 4 != 0 || !slots) return malformed();
    out.sorted_keys_.reserve(n);
    size_t begin = 0;
    for (size_t i = 0; i < n; ++i) {
      size_t end = pool.find('\n', begin);
      if ((end == std::string_view::npos) != (i + 1 == n)) return malformed();  // n keys, n - 1 separators
      if (end == std::string_view::npos) end = pool.size();
      uint32_t id = PackedId(ids, i);
      if (id >= n) return DataError(fmt::format("{}: ingredient ids are not dense 0..n-1; rebuild the database", path));
      out.sorted_keys_.emplace_back(pool.substr(begin, end - begin), static_cast<IngredientId>(id));
      begin = end + 1;
    }
    if (n == 0 && !pool.empty()) return malformed();
    out.key_slots_ = *slots;
    // A table hashed otherwise (another aftercare's HashBytes) would find nothing.
    if (n > 0 && (out.FindIngredient(out.sorted_keys_[0].first) != out.sorted_keys_[0].second ||
                  out.FindIngredient(out.sorted_keys_[n - 1].first) != out.sorted_keys_[n - 1].second)) {
      return malformed();
    }
    out.rows_ = std::make_unique<std::atomic<const Ingredient*>[]>(n);
  }
  {
    ASSIGN_OR_RETURN(Statement prepared, db.Prepare("SELECT data FROM packed_tables WHERE name = 'lead_tokens'"));
    Statement& st = out.lazy_->lead_tokens.emplace(std::move(prepared));
    ASSIGN_OR_RETURN(bool has_row, st.Step());
    std::optional<LeadTokens> tokens = LeadTokens::View(has_row ? st.ColumnBlob(0) : std::string_view());
    if (!tokens || (tokens->size() > 0 && !tokens->Contains(tokens->Token(0)))) {
      return DataError(fmt::format("{}: the lead token table is missing or malformed; rebuild the database", path));
    }
    out.lead_tokens_ = *tokens;
  }
  {
    ASSIGN_OR_RETURN(Statement prepared, db.Prepare("SELECT data FROM packed_tables WHERE name = 'fold_table'"));
    Statement& st = out.lazy_->fold_table.emplace(std::move(prepared));
    ASSIGN_OR_RETURN(bool has_row, st.Step());
    if (!has_row || !text::FoldTable::View(st.ColumnBlob(0))) {
      return DataError(fmt::format("{}: the fold table is missing or malformed; rebuild the database", path));
    }
    out.fold_table_ = st.ColumnBlob(0);
  }
  {
    ASSIGN_OR_RETURN(Statement st, db.Prepare("SELECT length(data) FROM packed_tables WHERE name = 'deletion_index'"));
    ASSIGN_OR_RETURN(bool has_row, st.Step());
    if (!has_row) {
      return DataError(fmt::format("{}: the deletion index is missing; rebuild the database", path));
    }
  }

  RETURN_IF_ERROR(ForEachRow(db, "SELECT key, synonym, ingredient_id, kind, source, note FROM synonyms ORDER BY key",
                             [&](Statement& st) {
                               Synonym s;
                               s.synonym = Str(st, 1);
                               s.ingredient = static_cast<IngredientId>(st.ColumnInt(2));
                               s.kind = Str(st, 3);
                               s.source = Str(st, 4);
                               s.note = Str(st, 5);
                               out.synonym_keys_by_ingredient_.emplace(s.ingredient, Str(st, 0));
                               auto [it, added] = out.synonyms_.emplace(Str(st, 0), std::move(s));
                               if (added)
                                 out.sorted_synonyms_.emplace_back(it->first, &it->second);  // a node never moves
                             }));
  for (const auto& [k, syn] : out.synonyms_) out.synonym_by_key_.emplace(k, &syn);
  RETURN_IF_ERROR(
      ForEachRow(db, "SELECT id, category, regex, source, note FROM patterns ORDER BY id", [&](Statement& st) {
        Pattern p;
        p.id = Str(st, 0);
        p.category = out.category_by_id_.at(Str(st, 1));
        p.regex = Str(st, 2);
        p.source = Str(st, 3);
        p.note = Str(st, 4);
        out.patterns_.push_back(std::move(p));
      }));
  if (out.patterns_.size() > kMaxPatterns) {
    return DataError(fmt::format("{}: {} patterns, more than the {} a match can hold (db::kMaxPatterns)", path,
                                 out.patterns_.size(), kMaxPatterns));
  }

  RETURN_IF_ERROR(ForEachRow(
      db, "SELECT id, name, procedure, description, source, min_spf, min_spf_source FROM protocols ORDER BY id",
      [&](Statement& st) {
        Protocol p;
        p.id = Str(st, 0);
        p.name = Str(st, 1);
        p.procedure = Str(st, 2);
        p.description = Str(st, 3);
        p.source = Str(st, 4);
        p.min_spf = static_cast<int>(st.ColumnInt(5));
        p.min_spf_source = Str(st, 6);
        out.protocols_.push_back(std::move(p));
      }));
  auto protocol_index = [&](const std::string& id) -> Protocol* {
    for (auto& p : out.protocols_) {
      if (p.id == id) return &p;
    }
    return nullptr;
  };
  Status bad;
  RETURN_IF_ERROR(ForEachRow(
      db,
      "SELECT protocol, row, category, avoid_until_day, caution_until_day, ok_from_day, recommended, extrapolated, "
      "rationale, source, leave_on_only, until_event FROM protocol_rules ORDER BY protocol, row, category",
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
        r.leave_on_only = st.ColumnInt(10) != 0;
        r.until_event = Str(st, 11);
        p->rules.push_back(std::move(r));
      }));
  RETURN_IF_ERROR(bad);
  RETURN_IF_ERROR(ForEachRow(
      db,
      "SELECT protocol, topic, from_day, until_day, advice, source FROM protocol_advice ORDER BY protocol, from_day, "
      "topic",
      [&](Statement& st) {
        if (Protocol* p = protocol_index(Str(st, 0))) {
          p->advice.push_back({Str(st, 1), static_cast<int>(st.ColumnInt(2)), OptInt(st, 3), Str(st, 4), Str(st, 5)});
        }
      }));

  if (options.table_counts) {
    for (const char* table : {"ingredients", "functions", "synonyms", "categories", "members", "patterns", "exclusions",
                              "annex_entries", "protocols", "protocol_rules", "protocol_advice", "sources"}) {
      ASSIGN_OR_RETURN(Statement st, db.Prepare(fmt::format("SELECT COUNT(*) FROM {}", table)));
      ASSIGN_OR_RETURN(bool row, st.Step());
      out.table_counts_.push_back({table, row ? st.ColumnInt(0) : 0});
    }
  }
  return out;
}

namespace {

// Runs the prepared statement `*st` (preparing `sql` on first use) with `id`
// bound to parameter 1, calling fn for each row. A read error ends the rows
// early: the DB was checked by Open and is read-only, so none is expected.
template <typename Fn>
void ForEachRowOf(Database& db, std::optional<Statement>* st, const char* sql, IngredientId id, Fn fn) {
  if (!st->has_value()) {
    Result<Statement> prepared = db.Prepare(sql);
    if (!prepared.ok()) return;
    st->emplace(std::move(prepared).value());
  }
  Statement& s = **st;
  s.Bind(1, static_cast<int64_t>(id));
  while (true) {
    Result<bool> row = s.Step();
    if (!row.ok() || !*row) break;
    fn(s);
  }
  s.Reset();
}

}  // namespace

const Ingredient& IngredientDb::LoadIngredient(IngredientId id) const {
  std::lock_guard<std::mutex> lock(lazy_->mu);
  std::atomic<const Ingredient*>& slot = rows_[static_cast<size_t>(id)];
  if (const Ingredient* row = slot.load(std::memory_order_acquire)) return *row;  // read meanwhile
  Lazy& lz = *lazy_;
  Ingredient& ing = lz.read.emplace_back();
  ForEachRowOf(lz.db, &lz.row,
               "SELECT inci, key, display, cas, ec, IFNULL(alias_of, -1), source FROM ingredients WHERE id = ?", id,
               [&](Statement& st) {
                 ing.inci = Str(st, 0);
                 ing.key = Str(st, 1);
                 ing.display = Str(st, 2);
                 ing.cas = Str(st, 3);
                 ing.ec = Str(st, 4);
                 ing.alias_of = static_cast<IngredientId>(st.ColumnInt(5));
                 ing.source = Str(st, 6);
               });
  if (options_.functions) {
    ForEachRowOf(lz.db, &lz.functions, "SELECT function FROM functions WHERE ingredient_id = ? ORDER BY function", id,
                 [&](Statement& st) { ing.functions.push_back(Str(st, 0)); });
  }
  ForEachRowOf(lz.db, &lz.members,
               "SELECT category, source, IFNULL(pattern_id, ''), note FROM members WHERE ingredient_id = ? "
               "ORDER BY category",
               id, [&](Statement& st) {
                 auto cat = category_by_id_.find(Str(st, 0));
                 if (cat == category_by_id_.end()) return;
                 ing.members.push_back({cat->second, Str(st, 1), Str(st, 2), Str(st, 3)});
               });
  ForEachRowOf(lz.db, &lz.exclusions,
               "SELECT category, source, reason FROM exclusions WHERE ingredient_id = ? ORDER BY category", id,
               [&](Statement& st) {
                 auto cat = category_by_id_.find(Str(st, 0));
                 if (cat == category_by_id_.end()) return;
                 ing.exclusions.push_back({cat->second, Str(st, 1), Str(st, 2)});
               });
  slot.store(&ing, std::memory_order_release);
  return ing;
}

const std::vector<Ingredient>& IngredientDb::ingredients() const {
  Lazy& lz = *lazy_;
  std::call_once(lz.all_once, [&] {
    std::lock_guard<std::mutex> lock(lz.mu);
    std::vector<Ingredient>& all = lz.all;
    all.resize(ingredient_count());
    auto at = [&](int64_t id) -> Ingredient* {
      return id >= 0 && static_cast<size_t>(id) < all.size() ? &all[static_cast<size_t>(id)] : nullptr;
    };
    // Read errors are not expected (see ForEachRowOf); rows stay as far as read.
    (void)ForEachRow(lz.db, "SELECT id, inci, key, display, cas, ec, IFNULL(alias_of, -1), source FROM ingredients",
                     [&](Statement& st) {
                       Ingredient* ing = at(st.ColumnInt(0));
                       if (!ing) return;
                       ing->inci = Str(st, 1);
                       ing->key = Str(st, 2);
                       ing->display = Str(st, 3);
                       ing->cas = Str(st, 4);
                       ing->ec = Str(st, 5);
                       ing->alias_of = static_cast<IngredientId>(st.ColumnInt(6));
                       ing->source = Str(st, 7);
                     });
    if (options_.functions) {
      (void)ForEachRow(lz.db, "SELECT ingredient_id, function FROM functions ORDER BY ingredient_id, function",
                       [&](Statement& st) {
                         if (Ingredient* ing = at(st.ColumnInt(0))) ing->functions.push_back(Str(st, 1));
                       });
    }
    (void)ForEachRow(lz.db,
                     "SELECT ingredient_id, category, source, IFNULL(pattern_id, ''), note FROM members ORDER BY "
                     "ingredient_id, category",
                     [&](Statement& st) {
                       Ingredient* ing = at(st.ColumnInt(0));
                       auto cat = category_by_id_.find(Str(st, 1));
                       if (!ing || cat == category_by_id_.end()) return;
                       ing->members.push_back({cat->second, Str(st, 2), Str(st, 3), Str(st, 4)});
                     });
    (void)ForEachRow(lz.db,
                     "SELECT ingredient_id, category, source, reason FROM exclusions ORDER BY ingredient_id, category",
                     [&](Statement& st) {
                       Ingredient* ing = at(st.ColumnInt(0));
                       auto cat = category_by_id_.find(Str(st, 1));
                       if (!ing || cat == category_by_id_.end()) return;
                       ing->exclusions.push_back({cat->second, Str(st, 2), Str(st, 3)});
                     });
    // Rows not read yet are served from here from now on.
    for (size_t i = 0; i < all.size(); ++i) {
      const Ingredient* expected = nullptr;
      rows_[i].compare_exchange_strong(expected, &all[i], std::memory_order_release);
    }
  });
  return lz.all;
}

std::optional<IngredientId> IngredientDb::FindIngredient(std::string_view key) const {
  std::optional<uint32_t> place = key_slots_.Find(key, [this](uint32_t i) {
    return i < sorted_keys_.size() ? sorted_keys_[i].first : std::string_view("\n");  // "\n": no key
  });
  if (!place) return std::nullopt;
  return sorted_keys_[*place].second;
}

const DeletionIndex& IngredientDb::deletion_index() const {
  Lazy& lz = *lazy_;
  std::call_once(lz.deletion_once, [&] {
    std::lock_guard<std::mutex> lock(lz.mu);
    Result<Statement> st = lz.db.Prepare("SELECT data FROM packed_tables WHERE name = 'deletion_index'");
    if (!st.ok()) return;
    Statement& row = lz.deletion_row.emplace(std::move(st).value());
    Result<bool> has_row = row.Step();
    if (!has_row.ok() || !*has_row) return;
    std::optional<DeletionIndex> view = DeletionIndex::View(row.ColumnBlob(0));
    if (view && view->key_count() == sorted_keys_.size() && view->synonym_count() == sorted_synonyms_.size()) {
      lz.deletion_index = *view;
    }
  });
  return lz.deletion_index;
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
  for (CategoryId cur = id; cur >= 0 && out.size() <= categories_.size();
       cur = categories_[static_cast<size_t>(cur)].parent) {
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
  Lazy& lz = *lazy_;
  std::lock_guard<std::mutex> lock(lz.mu);
  ForEachRowOf(lz.db, &lz.aliases, "SELECT id FROM ingredients WHERE alias_of = ? ORDER BY id", id,
               [&](Statement& st) { out.push_back(static_cast<IngredientId>(st.ColumnInt(0))); });
  return out;
}

std::vector<AnnexEntry> IngredientDb::AnnexEntriesOf(IngredientId id) const {
  Lazy& lz = *lazy_;
  std::call_once(lz.annex_once, [&] {
    std::lock_guard<std::mutex> lock(lz.mu);
    (void)ForEachRow(
        lz.db,
        "SELECT annex, ref, name, ingredient_id, max_concentration FROM annex_entries WHERE ingredient_id IS NOT NULL",
        [&](Statement& st) {
          lz.annex.emplace(static_cast<IngredientId>(st.ColumnInt(3)),
                           AnnexEntry{Str(st, 0), Str(st, 1), Str(st, 2), Str(st, 4)});
        });
  });
  std::vector<AnnexEntry> out;
  auto [b, e] = lz.annex.equal_range(id);
  for (auto it = b; it != e; ++it) out.push_back(it->second);
  std::sort(out.begin(), out.end(), [](const AnnexEntry& x, const AnnexEntry& y) {
    return std::tie(x.annex, x.ref) < std::tie(y.annex, y.ref);
  });
  return out;
}

}  // namespace aftercare::db
