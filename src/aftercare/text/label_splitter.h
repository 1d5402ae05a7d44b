// Label splitting (text stage): turns an ingredient label as printed — pasted,
// typed or OCR'd — into ordered candidate ingredient tokens with their spans in
// the original text, and diagnostics for what is not an ingredient (headings,
// prose, footnotes, batch codes). It knows nothing of the database: decisions
// that need it (slashes, "and", missing commas) belong to the match stage.
// Thread-safe: Split() is const.
#ifndef AFTERCARE_TEXT_LABEL_SPLITTER_H_
#define AFTERCARE_TEXT_LABEL_SPLITTER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aftercare/base/status.h"

namespace aftercare::text {

class NameCleaner;
class SectionMarkers;

// Byte offsets [begin, end) into the original label text.
struct SourceSpan {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool operator==(const SourceSpan&) const = default;
};

enum class DiagnosticKind {
  kHeading,       // "Ingredients:", "INCI:", a bilingual heading: stripped
  kProse,         // marketing text, claims, disclaimers: not ingredients
  kFootnote,      // "*organic", "¹ certified organic": markers stripped, text dropped
  kMayContain,    // a may-contain / shade block
  kKit,           // several sub-products in one label
  kDrugFacts,     // US Drug Facts sections (active / inactive)
  kMissingComma,  // two known names with no separator between them
  kOcr,           // OCR damage repaired ("Cl 77491" -> "CI 77491")
  kBatchCode,     // a batch or lot code dropped
  kHtmlEntity,    // HTML entities decoded
  kBracket,       // an unbalanced bracket
  kEmpty,         // no text at all
  kQualifier,     // a lone qualifier ("Amorphous") attached to the ingredient before it
  kPercent,       // a percentage on its own ("Avobenzone: 2.5%", "100%")
  kLimit,         // a limit of the reader reached (nesting depth, work per piece): text not read, or read flat
};

std::string_view DiagnosticKindName(DiagnosticKind kind);

// How a prose note of what a label says the product is without begins
// ("Free of: parabens", "Formulated without: ..."): the names in it are not
// in the product, and the match stage leaves them unread.
inline constexpr std::string_view kFreeOfNote = "what the product is free of";

struct Diagnostic {
  DiagnosticKind kind;
  std::string message;
  SourceSpan span;
  bool operator==(const Diagnostic&) const = default;
};

// One candidate ingredient as the splitter sees it.
struct LabelToken {
  uint32_t name_begin = 0, name_end = 0;    // the name to match, in SplitLabel::names: noise stripped, original case
  SourceSpan span;                          // the whole token in the original text
  uint32_t clean_begin = 0, clean_end = 0;  // the token in SplitLabel::clean
  std::optional<double> percent;            // a declared concentration
  bool may_contain = false;
  bool active = false;         // from a Drug Facts "active ingredients" section
  bool nano = false;           // "(nano)" qualifier
  bool prose_suspect = false;  // reads like a sentence: prose unless the DB knows it
  bool colon_head = false;     // the words before a colon, not a heading word: a name, or a sub-product's name
  bool pack_text = false;      // from a sentence that reads as pack text as a whole (function words, few list pieces)
  bool soft_break_before = false;  // first on a line whose previous line ended without a separator
  int component = 0;               // index into SplitLabel::components (0 when there is one product)
  // Where the match stage keeps, with the cached segment this token came
  // from, which of its readings the name has (its index + 1; 0 until read):
  // the next time the segment is read, the name is not looked up again. Null
  // when the token was not cached. Valid until the next Split() with the cache.
  uint32_t* reading = nullptr;
};

struct SplitLabel {
  std::string clean;                    // the cleaned text the tokens point into
  std::vector<uint32_t> clean_to_orig;  // clean byte -> original byte (size clean.size() + 1); empty = identity
  std::string names;                    // the tokens' names, one after another
  std::vector<LabelToken> tokens;
  std::vector<Diagnostic> diagnostics;
  std::vector<std::string> components;  // kit sub-product names; one empty name for a plain label

  // The original span of clean bytes [b, e).
  SourceSpan Span(uint32_t b, uint32_t e) const {
    if (clean_to_orig.empty()) return {b, e};
    return {clean_to_orig[b], clean_to_orig[e]};
  }
  std::string_view Name(const LabelToken& t) const {
    return std::string_view(names).substr(t.name_begin, t.name_end - t.name_begin);
  }
};

// Remembers how separator-delimited segments of labels read, for batch use:
// catalogs repeat the same segments ("Water", "Parfum (Fragrance)") on
// thousands of labels, and a segment reads the same wherever it appears (its
// reading depends only on its text, the section it is in and whether its
// sentence is pack text). Owned by the caller, one per thread; bounded: it is
// emptied when it reaches `max_entries`.
class SplitCache {
 public:
  explicit SplitCache(size_t max_entries = 200000);
  ~SplitCache();
  SplitCache(const SplitCache&) = delete;
  SplitCache& operator=(const SplitCache&) = delete;

  void Clear();
  size_t size() const;

  struct Impl;  // defined in label_splitter.cc
  Impl* impl() const { return impl_.get(); }

 private:
  std::unique_ptr<Impl> impl_;
};

class LabelSplitter {
 public:
  // Compiles the splitter's patterns. kInternal if one does not compile (a bug).
  static Result<std::unique_ptr<LabelSplitter>> Create();
  ~LabelSplitter();

  // Splits `label` (any bytes; invalid UTF-8 is carried through). Never fails:
  // a messy label is data, and what could not be read becomes a diagnostic.
  // `cache` (optional, one per thread) makes repeated segments cheap; the
  // result is the same with or without it.
  SplitLabel Split(std::string_view label, SplitCache* cache = nullptr) const;
  // The same into `out`, whose buffers are reused: a batch that splits label
  // after label into one SplitLabel allocates its buffers once.
  void Split(std::string_view label, SplitCache* cache, SplitLabel* out) const;

 private:
  struct Patterns;
  LabelSplitter();
  std::unique_ptr<Patterns> re_;
  std::unique_ptr<SectionMarkers> markers_;
  std::unique_ptr<NameCleaner> names_;
};

}  // namespace aftercare::text

#endif  // AFTERCARE_TEXT_LABEL_SPLITTER_H_
