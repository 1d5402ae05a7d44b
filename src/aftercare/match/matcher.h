// Matches one ingredient name, as a label writes it, to the database (match
// stage): exact INCI -> synonym -> the parts of a bracketed name -> pattern.
// Never a substring match. Never formats output. Thread-safe after construction.
#ifndef AFTERCARE_MATCH_MATCHER_H_
#define AFTERCARE_MATCH_MATCHER_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_set>
#include <vector>

#include "aftercare/base/string_hash.h"
#include "aftercare/db/ingredient_db.h"
#include "aftercare/match/fuzzy_index.h"
#include "aftercare/text/normalizer.h"

#include <re2/re2.h>
#include <re2/set.h>

namespace aftercare::match {

enum class MatchKind : uint8_t { kExact, kSynonym, kPattern, kFuzzy, kNone };

std::string_view MatchKindName(MatchKind kind);  // "exact", "synonym", ...

// How a kPattern match read the name.
enum class PatternReading : uint8_t {
  kNone,    // not a kPattern match
  kFamily,  // by the DB's family patterns ("CI 12345", "SD Alcohol 40-B"): Match::patterns
  // The worst case over several INCI names, the categories of them all:
  kSpeciesPartNotStated,  // a species written without its plant part (MatchSpecies)
  kTruncatedName,         // a name cut short (MatchTruncated)
};

// The id reports give a reader's own reading, as they give a DB pattern's:
// "species_part_not_stated", "truncated_name"; "" for kNone and kFamily.
std::string_view PatternReadingId(PatternReading reading);

// One name's match: a plain value, copied as cheaply as its bytes. What it
// points to lives in the DB, which outlives every Match.
struct Match {
  MatchKind kind = MatchKind::kNone;
  PatternReading reading = PatternReading::kNone;  // for kPattern: how
  int distance = 0;                                // for kFuzzy: edit distance
  // The ingredient reported (an equivalent CosIng name is resolved to its
  // target); -1 for a pattern-only match or no match.
  db::IngredientId ingredient = -1;
  db::IngredientId equivalent_of = -1;   // the CosIng name written, when resolved to another
  const db::Synonym* synonym = nullptr;  // for kSynonym: the DB's record
  std::string_view close_name;           // for kFuzzy: the INCI display name or synonym that was close (the DB's)
  // For kPattern: the categories the name counts in, directly (ancestors
  // implied); for a worst-case reading the union over its names'.
  db::CategorySet pattern_categories;
  db::PatternSet patterns;  // for PatternReading::kFamily: the DB patterns that matched

  bool ok() const { return kind != MatchKind::kNone; }
  // A species without its part or a name cut short: it could be any of
  // several names, so its categories are a caution until checked.
  bool worst_case() const {
    return reading == PatternReading::kSpeciesPartNotStated || reading == PatternReading::kTruncatedName;
  }
  bool operator==(const Match&) const = default;
};
static_assert(std::is_trivially_copyable_v<Match>, "a Match is copied with every ingredient: keep it plain");

// The ids of what recognised a kPattern match, as reports list them: the
// reader's own reading (PatternReadingId), else the DB patterns' ids in id
// order. Empty for other kinds. Views into `db` and static strings.
std::vector<std::string_view> PatternIds(const Match& m, const db::IngredientDb& db);

// An exact INCI name or a synonym: the name itself is known.
inline bool IsExactOrSynonym(const Match& m) { return m.kind == MatchKind::kExact || m.kind == MatchKind::kSynonym; }

class Matcher {
 public:
  // REQUIRES: db and normalizer outlive the Matcher.
  static Result<std::unique_ptr<Matcher>> Create(const db::IngredientDb* db, const text::Normalizer* normalizer);
  ~Matcher();

  // Matches `name` (any case, accents, spacing). kNone when nothing matches.
  Match MatchName(std::string_view name) const;
  // Matches a key that is already normalised.
  Match MatchKey(std::string_view key) const;
  // MatchName()/MatchKey() without the patterns: an exact or synonym match
  // (of the whole name, without its brackets, or of its last bracket; or of
  // the name spaced as CosIng spaces a number's hyphen: "Laureth 7",
  // "Steareth - 20"), else kNone. What the reader asks of the many pieces it
  // tries.
  Match MatchNameExact(std::string_view name) const;
  Match MatchKeyExact(std::string_view key) const;

  // Exact or synonym match of the whole name, or of the name without its
  // bracketed parts; never a bracket's content alone, never a pattern. For
  // names the reader assembles itself (joins across commas or lines).
  Match MatchStrict(std::string_view name) const;

  // A botanical species written without its plant part ("Rosa Damascena"):
  // when two or more INCI names are that species plus a part ("ROSA DAMASCENA
  // FLOWER OIL", "... FLOWER WATER"), a kPattern match read as
  // kSpeciesPartNotStated, whose categories are the union of theirs — the
  // worst case, since the label does not say which part. kNone otherwise.
  Match MatchSpecies(std::string_view name) const;

  // A name cut short ("Acrylates/C10-30 Alkyl" for "... Acrylate Crosspolymer"):
  // when the name is a word-boundary prefix of 1 to 40 INCI names, a kPattern
  // match read as kTruncatedName, with the union of their categories —
  // the worst case. Needs two words or more (a slash parts words too: "Acrylamide/Sodium"). kNone otherwise.
  Match MatchTruncated(std::string_view name) const;

  // What a kPattern match of `name` read, for those who show it as the
  // reader met it (explain, the corpus dump); the Match keeps neither, as
  // both are worked out again from the name. REQUIRES: `m` is what
  // MatchName(), MatchSpecies() or MatchTruncated() returned for `name`.
  //
  // The key the reading matched: the name's key; for a species without its
  // part, the species alone ("ROSA DAMASCENA" for "Rosa Damascena (Rose) Oil").
  std::string PatternKey(std::string_view name, const Match& m) const;
  // m.pattern_categories in the order the reading met them: for a family
  // pattern, each pattern's category in pattern id order; for a worst-case
  // reading, the categories of the INCI names it counts, those in key order
  // and each one's in category id order. Explain names, for an ancestor
  // implied by two of them, the first.
  std::vector<db::CategoryId> PatternCategoriesInOrder(std::string_view name, const Match& m) const;

  // False when no exact or synonym match can exist for any name that starts
  // with `word` and has no bracket: no known key (INCI or synonym) begins with
  // the word's lead token (its key up to the first space, hyphen, slash or bracket,
  // without trailing full stops). True when it may, and always for a word
  // outside ASCII or with a bracket in it. Lets the reader skip the word
  // windows of a run of names that cannot start at `word`; the caller checks
  // that the name it cuts windows from has no '(' or '['.
  bool MayStartName(std::string_view word) const;

  // The most words any known key (INCI or synonym) has: a span of more words
  // than a few times this is no known name, whatever its spacing.
  size_t max_name_words() const { return db_->lead_tokens().max_name_words(); }

  // Up to `max` known names (INCI or synonyms, display form) closest to `name`
  // by edit distance, best first, else known names that start with it; empty
  // when nothing is reasonably close.
  std::vector<std::string> Suggest(std::string_view name, size_t max = 3) const;

  const db::IngredientDb& db() const { return *db_; }
  const text::Normalizer& normalizer() const { return *norm_; }
  const FuzzyIndex& fuzzy() const { return fuzzy_; }

 private:
  Matcher(const db::IngredientDb* db, const text::Normalizer* normalizer);
  Match MatchWhole(std::string_view key) const;
  // Ingredient keys starting with `prefix`, as (key, id) sorted by key.
  using KeyEntry = db::IngredientDb::KeyEntry;
  std::pair<const KeyEntry*, const KeyEntry*> KeysWithPrefix(std::string_view prefix) const;
  // The keys of the INCI names `name` may be cut short from, or an empty range
  // when it is not read as a name cut short (one word, a bracket, too many).
  std::pair<const KeyEntry*, const KeyEntry*> TruncatedNames(std::string_view name) const;

  const db::IngredientDb* db_;
  const text::Normalizer* norm_;
  FuzzyIndex fuzzy_;
  std::unique_ptr<re2::RE2::Set> patterns_;
};

}  // namespace aftercare::match

#endif  // AFTERCARE_MATCH_MATCHER_H_
