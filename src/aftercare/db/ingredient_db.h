// The ingredient database as an immutable in-memory index (db stage).
// Open() reads the small tables, the ingredient keys and the tables the build
// packed for lookups (key_index.h, lead_tokens.h), used in place: nothing is
// hashed or sorted at open. An ingredient's full row (names, memberships,
// exclusions, functions) is read from SQLite the first time it is asked for,
// all rows the first time ingredients() is called, the fuzzy deletion index
// the first time deletion_index() is. Lookups by key are hash lookups. Safe to
// share between threads: the lazy reads are serialised (std::call_once, one
// mutex) and what they return never changes or moves.
#ifndef AFTERCARE_DB_INGREDIENT_DB_H_
#define AFTERCARE_DB_INGREDIENT_DB_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "aftercare/base/small_id_set.h"
#include "aftercare/base/status.h"
#include "aftercare/base/string_hash.h"
#include "aftercare/db/deletion_index.h"
#include "aftercare/db/key_index.h"
#include "aftercare/db/lead_tokens.h"

namespace aftercare::db {

using IngredientId = int32_t;
using CategoryId = int32_t;
using PatternIndex = int32_t;  // into IngredientDb::patterns()

// A match keeps its categories and its patterns as fixed sets of bits
// (match/matcher.h): a DB may hold at most this many of each. The build's
// integrity check and Open() refuse more; raise these to hold more.
inline constexpr size_t kMaxCategories = 128;
inline constexpr size_t kMaxPatterns = 128;
using CategorySet = SmallIdSet<kMaxCategories>;  // by CategoryId, ascending (= category id order)
using PatternSet = SmallIdSet<kMaxPatterns>;     // by PatternIndex, ascending (= pattern id order)

struct Membership {
  CategoryId category = -1;
  std::string source;      // sources.id list, ';'-separated
  std::string pattern_id;  // set when a pattern made the membership
  std::string note;
  bool operator==(const Membership&) const = default;
};

// A curated statement that an ingredient is NOT in a category (a look-alike).
struct Exclusion {
  CategoryId category = -1;
  std::string source, reason;
  bool operator==(const Exclusion&) const = default;
};

struct Ingredient {
  std::string inci;     // CosIng spelling (upper case)
  std::string display;  // label case, e.g. "Sodium Hyaluronate"
  std::string key;      // normalised lookup key
  std::string cas, ec;
  IngredientId alias_of = -1;  // same substance as that ingredient
  std::string source;
  std::vector<std::string> functions;  // CosIng functions (empty unless loaded)
  std::vector<Membership> members;     // direct memberships (ancestors implied)
  std::vector<Exclusion> exclusions;   // categories it must never count in
};

struct Category {
  std::string id, name, description;
  CategoryId parent = -1;
};

struct Synonym {
  std::string synonym;  // as written in the source
  IngredientId ingredient = -1;
  std::string kind, source, note;
};

struct Pattern {
  std::string id, regex, source, note;
  CategoryId category = -1;
};

struct ProtocolRule {
  int row = 0;
  CategoryId category = -1;
  std::optional<int> avoid_until_day;    // inclusive; nullopt = no avoid window
  std::optional<int> caution_until_day;  // inclusive; nullopt = no caution window
  int ok_from_day = 0;
  bool recommended = false;
  bool extrapolated = false;
  bool leave_on_only = false;  // not counted in rinse-off products (cleansers, scrubs)
  std::string rationale, source;
  // The event that ends the avoid window (or, with none, the caution window) in
  // the sources: the day is a conservative stand-in and the rationale says "or
  // later if " this ("the skin has not re-epithelialised (your practitioner
  // checks)"). Empty for a fixed day.
  std::string until_event;
};

struct ProtocolAdvice {
  std::string topic;
  int from_day = 0;
  std::optional<int> until_day;  // inclusive; nullopt = open-ended
  std::string advice, source;
};

struct Protocol {
  std::string id, name, procedure, description, source;
  // The lowest SPF the procedure's guidance accepts while the skin heals, and its sources.
  int min_spf = 0;
  std::string min_spf_source;
  std::vector<ProtocolRule> rules;
  std::vector<ProtocolAdvice> advice;
};

struct SourceInfo {
  std::string id, kind, citation, url, date;
};

struct AnnexEntry {
  std::string annex, ref, name, max_concentration;
};

class IngredientDb {
 public:
  // Movable, not copyable: the lookup maps hold views into the owned tables.
  // Moving keeps every returned reference and view valid.
  IngredientDb(IngredientDb&&) noexcept;
  IngredientDb& operator=(IngredientDb&&) noexcept;
  IngredientDb(const IngredientDb&) = delete;
  IngredientDb& operator=(const IngredientDb&) = delete;
  ~IngredientDb();

  struct LoadOptions {
    bool functions = true;     // CosIng functions per ingredient (explain); 62k rows
    bool table_counts = true;  // row counts per table (db info)
  };

  // Opens the DB at `path` (it stays open, read-only, for the lazy row reads).
  // kNotFound when there is no file, kVersionMismatch when it was built for
  // another schema version, kIoError when unreadable, kDataError when its
  // ingredient ids are not dense, a packed table is missing or malformed, or
  // it holds more categories or patterns than kMaxCategories / kMaxPatterns.
  static Result<IngredientDb> Open(const std::string& path, const LoadOptions& options);
  static Result<IngredientDb> Open(const std::string& path) { return Open(path, LoadOptions()); }

  const std::string& path() const { return path_; }
  // Every ingredient, indexed by id. The first call reads them all (~30 ms).
  const std::vector<Ingredient>& ingredients() const;
  // REQUIRES: 0 <= id < ingredient_count(). The first call for an id reads its
  // row; the reference lives as long as the IngredientDb.
  const Ingredient& ingredient(IngredientId id) const {
    const Ingredient* row = rows_[static_cast<size_t>(id)].load(std::memory_order_acquire);
    return row ? *row : LoadIngredient(id);
  }
  size_t ingredient_count() const { return sorted_keys_.size(); }
  // Every ingredient key with its id, sorted by key (byte order): for prefix
  // searches. Views live as long as the IngredientDb.
  using KeyEntry = std::pair<std::string_view, IngredientId>;
  const std::vector<KeyEntry>& sorted_keys() const { return sorted_keys_; }
  const std::vector<Category>& categories() const { return categories_; }
  const Category& category(CategoryId id) const { return categories_[static_cast<size_t>(id)]; }
  const std::vector<Pattern>& patterns() const { return patterns_; }
  const std::vector<Protocol>& protocols() const { return protocols_; }
  const std::unordered_map<std::string, Synonym>& synonyms() const { return synonyms_; }
  // Every synonym key with its record, sorted by key (byte order). Views live
  // as long as the IngredientDb.
  using SynonymEntry = std::pair<std::string_view, const Synonym*>;
  const std::vector<SynonymEntry>& sorted_synonyms() const { return sorted_synonyms_; }
  // The lead tokens of the ingredient and synonym keys, as the build packed them.
  const LeadTokens& lead_tokens() const { return lead_tokens_; }
  // How each character folds into a key (text::PackFoldTable), as the build
  // packed it: what text::Normalizer::Create takes. Lives as long as the IngredientDb.
  std::string_view fold_table() const { return fold_table_; }
  // The fuzzy lookup's deletion index over sorted_keys() then
  // sorted_synonyms(), as the build packed it; read on the first call (some
  // 4 MB; most labels never need it). Empty (finds nothing) if the stored one
  // is malformed, which `db check` reports.
  const DeletionIndex& deletion_index() const;

  // Exact lookups by normalised key; nullopt / nullptr when absent.
  std::optional<IngredientId> FindIngredient(std::string_view key) const;
  const Synonym* FindSynonym(std::string_view key) const;
  std::optional<CategoryId> FindCategory(std::string_view id) const;
  const Protocol* FindProtocol(std::string_view id) const;
  const SourceInfo* FindSource(std::string_view id) const;

  // `id` and its ancestors, nearest first.
  std::vector<CategoryId> WithAncestors(CategoryId id) const;
  // Every category of an ingredient, ancestors included, sorted by id string.
  std::vector<CategoryId> CategoriesOf(IngredientId id) const;
  // The synonyms that name `id`.
  std::vector<const Synonym*> SynonymsOf(IngredientId id) const;
  // Other CosIng names declared to be the same substance as `id`.
  std::vector<IngredientId> AliasesOf(IngredientId id) const;
  // EU annex entries naming `id` (read on the first call).
  std::vector<AnnexEntry> AnnexEntriesOf(IngredientId id) const;

  // Row counts per table and the source dates, for `db info`.
  struct TableCount {
    std::string table;
    int64_t rows = 0;
  };
  const std::vector<TableCount>& table_counts() const { return table_counts_; }
  const std::vector<SourceInfo>& sources() const { return sources_; }
  int schema_version() const { return schema_version_; }

 private:
  struct Lazy;  // the open connection and what has been read through it
  IngredientDb();
  const Ingredient& LoadIngredient(IngredientId id) const;

  std::string path_;
  int schema_version_ = 0;
  LoadOptions options_;
  std::unique_ptr<Lazy> lazy_;
  std::unique_ptr<std::atomic<const Ingredient*>[]> rows_;  // per id; null until read
  std::vector<KeyEntry> sorted_keys_;                       // views into the key_index row, which lazy_ keeps read
  KeySlots key_slots_;                                      // key -> place in sorted_keys_, in the key_index row
  LeadTokens lead_tokens_;                                  // in the lead_tokens row, which lazy_ keeps read
  std::string_view fold_table_;                             // in the fold_table row, which lazy_ keeps read
  std::unordered_map<std::string, Synonym> synonyms_;
  std::vector<SynonymEntry> sorted_synonyms_;                                        // views into synonyms_
  std::unordered_map<std::string_view, const Synonym*, StringHash> synonym_by_key_;  // views into synonyms_ keys
  std::unordered_multimap<IngredientId, std::string> synonym_keys_by_ingredient_;
  std::vector<Category> categories_;
  std::unordered_map<std::string, CategoryId> category_by_id_;
  std::vector<Pattern> patterns_;
  std::vector<Protocol> protocols_;
  std::vector<SourceInfo> sources_;
  std::vector<TableCount> table_counts_;
};

}  // namespace aftercare::db

#endif  // AFTERCARE_DB_INGREDIENT_DB_H_
