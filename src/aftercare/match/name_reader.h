// Reads one name a label's splitter cut (a list piece: "Aqua/Water/Eau",
// "Citrus Oils (Orange, Lemon)", "Talc Mica Silica") into the ingredients it
// names (match stage). An ordered table of readers, each a small function
// that tries one reading and appends its parts only when the name reads that
// way; the first that does wins, and the last, a close spelling, always does
// (a name no reader reads is one part not recognized). Never a substring
// match. Thread-safe after construction: no state but the Matcher's.
#ifndef AFTERCARE_MATCH_NAME_READER_H_
#define AFTERCARE_MATCH_NAME_READER_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "aftercare/match/matcher.h"

namespace aftercare::match {

// How the reader got from the token to this ingredient, when not directly.
enum class ReadAs {
  kDirect,
  kSlashSynonyms,    // "Aqua/Water/Eau": one ingredient named several ways
  kSlashSplit,       // "Glycerin/Water": two known ingredients
  kAndSplit,         // "Behentrimonium Methosulfate and Cetearyl Alcohol"
  kMissingComma,     // "Parfum (Fragrance) D-Limonene"
  kSubList,          // "Citrus Oils (Orange, Lemon)"
  kLineJoined,       // a name wrapped across a line break
  kGlued,            // words run together: "PPG-10/1Dimethicone"
  kCommaJoined,      // a name broken by a stray comma: "Sodium, Isethionate"
  kStopJoined,       // ... by a stray full stop: "COCO.GLUCOSIDE", "CI 60730 (Ext. Violet 2)"
  kSeparatorJoined,  // ... by another separator: "Sodium; Isethionate"
};

std::string_view ReadAsName(ReadAs how);  // "", "slash synonyms", ...

// One ingredient a name reads as.
struct NamePart {
  std::string name;  // empty = the whole name read
  Match match;
  bool ambiguous = false;  // a close spelling of several names equally
  ReadAs how = ReadAs::kDirect;
  // Set when a limit of the reader stopped it (never matched): what was not
  // tried, for the note of a not-read entry. A literal: it outlives the part.
  std::string_view limit;
};

// How many readings one name may be nested in (brackets in brackets, a
// sub-list item inside a sub-list, ...). Real labels nest 6 deep at most (3
// in all but two); a name nested deeper is one entry not read, with a note: a
// bound on the reader's stack and time that hostile text cannot move.
inline constexpr int kMaxReadDepth = 16;

// How many entries one label is read into. The longest real list has 564;
// past this many, the rest of the text is one entry not read, with a note:
// what a label costs to check and report stays bounded whatever its length.
inline constexpr size_t kMaxLabelEntries = 4096;

// `s` trimmed of spaces and of the quotes around a list literal's item ("'Parfum'").
std::string_view TrimQuotes(std::string_view s);

// A word that qualifies an ingredient rather than names one: alone after a
// name ("Silica, Amorphous") or in front of one ("Organic Aloe ...").
bool IsQualifierWord(std::string_view w);

class NameReader {
 public:
  // REQUIRES: matcher outlives the NameReader.
  explicit NameReader(const Matcher* matcher) : matcher_(matcher) {}

  // Appends to *parts what `name` reads as: the first reader of Readers()
  // that reads it. `whole` is matcher->MatchName(name) when the caller has
  // it. `depth` counts the readings this one is inside (a bracket, a sub-list
  // item, a piece of an 'and' blend or a slash group): past kMaxReadDepth the
  // name is one part marked with a limit, not read. Fuzzy readings only when
  // `allow_fuzzy`.
  void Read(std::string_view name, bool allow_fuzzy, std::vector<NamePart>* parts, const Match* whole = nullptr,
            int depth = 0) const;

  // One name to read, as each reader sees it.
  struct Name {
    std::string_view text;
    bool allow_fuzzy;
    int depth;
    const Match& whole;  // matcher->MatchName(text)
  };
  // A reader appends the parts of its reading and returns true, or appends
  // nothing and returns false.
  using ReadFn = bool (NameReader::*)(const Name&, std::vector<NamePart>*) const;
  struct Reader {
    std::string_view name;  // "slash group", ... (what its tests and docs call it)
    ReadFn read;
  };
  // The readers in the order Read() tries them.
  static std::span<const Reader> Readers();
  // The reader called `reader` alone, at depth 0 (for its tests): false when
  // it does not read `name`, or no reader has that name.
  bool ReadWith(std::string_view reader, std::string_view name, std::vector<NamePart>* parts,
                bool allow_fuzzy = true) const;

  // An exact or synonym match of `name`, else kNone.
  Match ExactOrSynonym(std::string_view name) const;
  // True unless `side` of a joined name is all one bracket holding anything
  // but other names of the joined ingredient ("(Water, Eau)" for Aqua).
  bool BracketNames(std::string_view side, const Match& joined) const;

 private:
  static const Reader kReaders[];
  // The readers, in Readers() order.
  bool ReadWhole(const Name& n, std::vector<NamePart>* parts) const;
  bool ReadWhollyBracketed(const Name& n, std::vector<NamePart>* parts) const;
  bool ReadQualified(const Name& n, std::vector<NamePart>* parts) const;
  bool ReadSlashGroup(const Name& n, std::vector<NamePart>* parts) const;
  bool ReadAndBlend(const Name& n, std::vector<NamePart>* parts) const;
  bool ReadMissingCommas(const Name& n, std::vector<NamePart>* parts) const;
  bool ReadSubList(const Name& n, std::vector<NamePart>* parts) const;
  bool ReadRunOfNames(const Name& n, std::vector<NamePart>* parts) const;
  bool ReadPattern(const Name& n, std::vector<NamePart>* parts) const;
  bool ReadSpecies(const Name& n, std::vector<NamePart>* parts) const;
  bool ReadTruncated(const Name& n, std::vector<NamePart>* parts) const;
  bool ReadGlued(const Name& n, std::vector<NamePart>* parts) const;
  bool ReadCloseSpelling(const Name& n, std::vector<NamePart>* parts) const;

  // Two or more known names with no separator between them, the longest
  // known prefix first; every part a known name.
  bool ReadExactParts(std::string_view name, int depth, std::vector<NamePart>* parts) const;
  // A slash group whose first (or last) piece is unknown but begins (ends)
  // with a known name: that name is a separate ingredient missing its comma.
  // Appends the parts and returns true; false (nothing appended) otherwise.
  bool ReadGroupEdge(std::string_view name, std::string_view piece, bool first, bool allow_fuzzy,
                     std::vector<NamePart>* parts, int depth) const;
  // Is `piece`, a slash piece that is no known name, another name of the
  // group whose known pieces are `known` and read as ingredient `id`? Yes
  // when it is in another language, ends with the same form as a known piece
  // ("Simmondsia Chinensis Butter / Jojoba Butter"), is a shorter or longer
  // form of one, an abbreviation ("CI 60730/Ext"), or a close spelling of
  // the ingredient's names.
  bool OtherNameOfGroup(std::string_view piece, const std::vector<std::string_view>& known, db::IngredientId id) const;
  // A slash group some piece of which may be another ingredient: each run of
  // the group's names (`in_group`) is one part read as the group's ingredient
  // (ms holds each piece's match), each other piece is read on its own.
  void ReadSlashPieces(const std::vector<std::string_view>& pieces, const std::vector<Match>& ms,
                       const std::vector<bool>& in_group, bool allow_fuzzy, std::vector<NamePart>* parts,
                       int depth) const;
  void Fuzzy(std::string_view name, NamePart* p) const;

  const Matcher* matcher_;
};

}  // namespace aftercare::match

#endif  // AFTERCARE_MATCH_NAME_READER_H_
