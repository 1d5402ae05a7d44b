// Approximate name lookup (match stage): a deletion index (SymSpell-style)
// over every INCI name and synonym — each name and each of its one-character
// deletions, hashed — verified with a bounded edit distance. Distance 1 is
// found exactly; distance 2 by deleting up to two characters of the query,
// which finds most but not all such names. Built once, lazily, on the first
// search that needs it (most labels never do). The first few searches of a
// process scan the names instead, with the same hashes and so the same
// results: a single `check` with one misspelling never pays for the index.
// Thread-safe.
#ifndef AFTERCARE_MATCH_FUZZY_INDEX_H_
#define AFTERCARE_MATCH_FUZZY_INDEX_H_

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "aftercare/db/ingredient_db.h"

namespace aftercare::match {

class FuzzyIndex {
 public:
  // REQUIRES: db outlives the index.
  explicit FuzzyIndex(const db::IngredientDb* db) : db_(db) {}

  struct Hit {
    db::IngredientId ingredient;  // the ingredient reported (equivalents resolved)
    std::string name;             // the INCI display name or synonym that was close
    int distance;
    bool operator==(const Hit&) const = default;
  };

  // The names within `max_distance` edits of `key` (a normalised key), closest
  // first, at most `max_hits`, one per ingredient.
  std::vector<Hit> Search(std::string_view key, int max_distance, size_t max_hits) const;

 private:
  // A name the index knows: an ingredient's key or a synonym's. The name
  // shown and the ingredient reported are read only for a hit, so that
  // building the index reads no ingredient row.
  struct Entry {
    std::string_view key;                // into the DB's key pool or synonym table
    db::IngredientId id = -1;            // the ingredient whose key this is; -1 for a synonym
    const db::Synonym* synonym = nullptr;
  };
  Hit HitOf(const Entry& e, int distance) const;
  void BuildEntries() const;
  void Build() const;
  // The entries one of whose hashes is in `hashes` (sorted), found without the index.
  std::vector<uint32_t> ScanCandidates(const std::vector<uint64_t>& hashes, size_t key_size, int max_distance) const;

  // Searches answered by a scan before the index is built: a scan costs about
  // 1/30 of a build.
  static constexpr int kScanSearches = 16;
  mutable std::atomic<int> searches_{0};
  mutable std::once_flag entries_built_;

  const db::IngredientDb* db_;
  mutable std::once_flag built_;
  mutable std::vector<Entry> entries_;
  mutable std::vector<std::pair<uint64_t, uint32_t>> deletions_;  // (hash of a name or a deletion, entry), sorted
  // Open-addressing table over deletions_: one probe per hash, mostly one cache miss.
  struct Slot {
    uint64_t hash = 0;
    uint32_t begin = 0;
    uint32_t count = 0;  // 0 = empty slot
  };
  mutable std::vector<Slot> slots_;
  mutable uint64_t mask_ = 0;
};

}  // namespace aftercare::match

#endif  // AFTERCARE_MATCH_FUZZY_INDEX_H_
