// Approximate name lookup (match stage): a deletion index (SymSpell-style)
// over every INCI name and synonym — each name and each of its one-character
// deletions, hashed — verified with a bounded edit distance. Distance 1 is
// found exactly; distance 2 by deleting up to two characters of the query,
// which finds most but not all such names. The index is built with the
// database (db/deletion_index.h) and read from it on the first search (most
// labels never need it); nothing is built here. Thread-safe: a search's
// scratch is its own.
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
    std::string_view name;        // the INCI display name or synonym that was close; the DB's (lives as long as it)
    int distance;
    bool operator==(const Hit&) const = default;
  };

  // The names within `max_distance` edits of `key` (a normalised key), closest
  // first, at most `max_hits`, one per ingredient.
  std::vector<Hit> Search(std::string_view key, int max_distance, size_t max_hits) const;

 private:
  // Entry e of db_->deletion_index(): an ingredient key, then a synonym key.
  // The name shown and the ingredient reported are read only for a hit.
  std::string_view EntryKey(uint32_t e) const;
  Hit HitOf(uint32_t e, int distance) const;

  const db::IngredientDb* db_;
};

}  // namespace aftercare::match

#endif  // AFTERCARE_MATCH_FUZZY_INDEX_H_
