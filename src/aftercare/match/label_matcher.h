// Reads a whole label (match stage): splits it with the text stage, reads
// each list piece with the name readers (match/name_reader.h: one name, slash
// synonyms, a blend joined by "and", names missing their comma, a bracketed
// sub-list, ...), joins a name wrapped across a line break or broken by a
// stray separator, and accounts for every byte of the text. Never a
// substring match. Thread-safe after construction (a MatchCache is not: give
// each thread its own).
#ifndef AFTERCARE_MATCH_LABEL_MATCHER_H_
#define AFTERCARE_MATCH_LABEL_MATCHER_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "aftercare/base/string_hash.h"
#include "aftercare/match/matcher.h"
#include "aftercare/match/name_reader.h"
#include "aftercare/text/label_splitter.h"

namespace aftercare::match {

struct LabelIngredient {
  LabelIngredient();  // every member has its initializer: defaulted below, so no zero fill first
  explicit LabelIngredient(const Match& m) : match(m) {}  // read as `m`, the rest to be filled in

  text::SourceSpan span;                  // in the original label: ParsedLabel::Label() gives the text
  uint32_t name_begin = 0, name_end = 0;  // the name matched (noise stripped): ParsedLabel::Name()
  int position = 0;                       // 1-based order within its product; 0 for may-contain and text not read
  std::optional<double> percent;
  bool may_contain = false;
  bool active = false;  // Drug Facts active ingredient
  bool nano = false;
  int component = 0;       // index into ParsedLabel::components
  Match match;             // kind, ingredient, pattern categories, fuzzy distance
  bool ambiguous = false;  // fuzzy with several equally close ingredients: counts toward no category
  ReadAs how = ReadAs::kDirect;
  // Text inside the list that reads as neither a name nor a known kind of
  // non-ingredient (a sentence, a product's name): never matched, it stands
  // for what it may hide, so that the product is not fully checked.
  bool not_read = false;
  std::vector<std::string> suggestions;  // "did you mean" for an unrecognized name

  bool recognized() const { return match.kind != MatchKind::kNone; }
};
// Defaulted after its declaration, the constructor is user-provided: value
// initialization (emplace_back()) runs the member initializers alone instead
// of first zeroing the whole struct.
inline LabelIngredient::LabelIngredient() = default;

struct ParsedLabel {
  std::string text;   // a copy of the label as given
  std::string names;  // the ingredients' matched names, one after another
  std::vector<LabelIngredient> ingredients;
  std::vector<text::Diagnostic> diagnostics;
  std::vector<std::string> components;  // one empty name for a plain label
  // The list pieces read as ingredients, whole: with the ingredients and the
  // notes they account for every byte of the text (match/accounting.h).
  std::vector<text::SourceSpan> pieces;

  // The ingredient as written on the label, and the name that was matched.
  // Views into this ParsedLabel: valid while it lives and is not modified.
  std::string_view Label(const LabelIngredient& i) const {
    return std::string_view(text).substr(i.span.begin, i.span.end - i.span.begin);
  }
  std::string_view Name(const LabelIngredient& i) const {
    return std::string_view(names).substr(i.name_begin, i.name_end - i.name_begin);
  }
  // Ingredients that matched nothing.
  std::vector<const LabelIngredient*> Unrecognized() const;
};

// Remembers how token names resolved, for batch use: catalogs repeat the same
// names on thousands of labels. Owned by the caller, one per thread; bounded.
class MatchCache {
 public:
  // The segment cache holds at most a third as many entries (each is larger): about 15 MB.
  explicit MatchCache(size_t max_entries = 200000);
  ~MatchCache();
  void Clear();
  size_t size() const { return map_.size(); }

 private:
  friend class LabelMatcher;
  using Part = NamePart;
  // Forgets the readings and the segments, whose tokens keep reading indices:
  // the two go together, so a kept index always names a reading there is.
  void ClearReadings();
  size_t max_entries_;
  // Token name -> its reading, an index into readings_. A token from a cached
  // segment also keeps that index + 1 in the segment (LabelToken::reading), so
  // the next time the segment is read the name is not looked up again.
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> map_;
  std::vector<std::vector<Part>> readings_;
  // Two neighbouring names -> the one name they join into ("" when none).
  std::unordered_map<std::string, std::pair<std::string, Match>, StringHash, std::equal_to<>> joins_;
  // Unrecognized name -> its "did you mean" list (a fuzzy search each).
  std::unordered_map<std::string, std::vector<std::string>, StringHash, std::equal_to<>> suggestions_;
  text::SplitCache split_;  // how label segments split
  // The working buffers of one Parse(), kept so that their capacity is reused.
  struct Scratch {
    text::SplitLabel split;      // the label being read
    std::vector<int> positions;  // per sub-product
    std::vector<Part> parts;     // a token's reading, before it is cached
    std::string join_key;        // two neighbouring names
  };
  Scratch scratch_;
};

// How many sub-products one label is read into (a kit; real kits have 24 at
// most): the text from the next sub-product on is one entry not read.
inline constexpr size_t kMaxLabelComponents = 64;

struct ParseOptions {
  bool suggestions = true;      // compute "did you mean" for unrecognized names
  MatchCache* cache = nullptr;  // optional, not shared between threads
};

class LabelMatcher {
 public:
  // REQUIRES: matcher and splitter outlive the LabelMatcher.
  LabelMatcher(const Matcher* matcher, const text::LabelSplitter* splitter);

  // REQUIRES: the Analyzer's DB outlives the result (Match points into it).
  ParsedLabel Parse(std::string_view label, const ParseOptions& options = {}) const;

 private:
  using Part = NamePart;
  // A sub-product named by a known ingredient name ("Avobenzone: 3%, ..."):
  // the name is read as the component's first ingredient.
  // Not those whose heading starts at or after `read_until`.
  void ReadNamedSubProducts(ParsedLabel* out, uint32_t read_until) const;
  // Text after the list's start that nothing accounts for (no ingredient,
  // piece or note covers it) becomes an entry marked not read: whatever a
  // rule of the reader missed is never passed over in silence.
  static void KeepUnaccountedText(ParsedLabel* out);
  // A known name standing alone as a piece of text dropped as a heading,
  // pack text or a footnote is read as an ingredient.
  // True when a comma or semicolon piece of `text` is a known name.
  bool HasKnownPiece(std::string_view text) const;
  // Only the splitter's notes, the first `split_diagnostics`, are looked at,
  // and only those before `read_until`.
  void KeepKnownNames(ParsedLabel* out, size_t split_diagnostics, uint32_t read_until) const;
  // Text [begin, end) past kMaxLabelEntries entries or kMaxLabelComponents
  // sub-products (`why`): one entry marked not read, after the others, with a note.
  static void KeepRestNotRead(ParsedLabel* out, uint32_t begin, uint32_t end, std::string_view why);

  const Matcher* matcher_;
  const text::LabelSplitter* splitter_;
  NameReader reader_;
};

}  // namespace aftercare::match

#endif  // AFTERCARE_MATCH_LABEL_MATCHER_H_
