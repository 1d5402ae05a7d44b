// Section markers (text stage): where a line of a label says what follows.
// A heading ("Ingredients:", "INCI:", "Zutaten:", "Składniki:"), a Drug Facts
// section ("Drug Facts", "Active ingredient (in each ml):", "Inactive
// ingredients:", "Other ingredients:"), Drug Facts prose ("Directions:",
// "Warnings:") or a may-contain block ("May contain (+/-):", "Peut contenir",
// "+/-"). Read by hand, no regex: at each place the lexer's keyword lookup
// says a marker may start (label_lexer.h), its words, spaces, brackets and
// colons are compared in turn (ASCII case ignored). The grammar, as regular
// expressions (\s is ASCII whitespace but the vertical tab, \b an ASCII word
// edge):
//   heading     \b(full\s+)?(W(\s+list)?\s*/\s*)*W'\s*:   W: [il1]ngr[eé]dient(s|es|i)?, inci,
//               composition, zutaten, inhaltsstoffe, sk[łl]adniki, bestanddelen,
//               ainesosat; W': the same, "\s+list" only after ingredient and inci
//   active      \bdrug\s+facts\b\s*:? | \bactive\s+ingredients?\b(\s*\([^)]*\))?\s*:? | \bactives?\s*:
//   inactive    inactive\s+ingredients?\b\s*:? | \binactives?\s*: | \bother\s+ingredients?\s*:
//   may_contain (may\s+contain|peut\s+contenir|puede\s+contener|kann\s+enthalten|pu[oò]\s+contenere|
//               pode\s+conter)\s*(\(\s*\+/-\s*\)|\[\s*\+/-\s*\])?\s*:? | \+\s*/\s*-\s*:?
//   drug_prose  \b(uses|warnings?|directions|other\s+information|questions(\s+or\s+comments)?\??|
//               keep\s+out\s+of\s+reach)\s*:
// Each kind is found left to right, leftmost first, as RE2 finds those
// expressions (tests/unit/text/section_markers_test.cc holds them and checks
// every line of the real catalogs). Immutable: thread-safe.
#ifndef AFTERCARE_TEXT_SECTION_MARKERS_H_
#define AFTERCARE_TEXT_SECTION_MARKERS_H_

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "aftercare/base/status.h"

namespace aftercare::text {

struct LabelLexemes;

struct Marker {
  size_t begin, end;  // within the line
  enum Kind { kHeading, kActive, kInactive, kMayContain, kDrugProse } kind;
};

class SectionMarkers {
 public:
  static Result<std::unique_ptr<SectionMarkers>> Create();

  // Appends the markers of the line text[b, e), at offsets from b, sorted by
  // where they start; they may overlap (the caller keeps the first). `lex`
  // is Lex(text) (label_lexer.h): its keywords are the places a marker may
  // start. Drug Facts prose ("Uses:") is a marker only on a label already in
  // Drug Facts (`drug_facts`) or on a line with another marker: elsewhere
  // "Uses:" may head a product's own text.
  void Find(std::string_view text, size_t b, size_t e, const LabelLexemes& lex, bool drug_facts,
            std::vector<Marker>* out) const;

  // Does text[b, e) hold a heading, a Drug Facts section or a may-contain
  // marker anywhere, or Drug Facts prose when `with_prose`? (Then it names no
  // sub-product of a kit.)
  bool Mentions(std::string_view text, size_t b, size_t e, const LabelLexemes& lex, bool with_prose) const;

  // "+/- 0.5%": the text after a "+/-" marker starts with a percentage, a
  // tolerance, not a may-contain block.
  bool IsTolerance(std::string_view after) const;

 private:
  SectionMarkers() = default;
};

}  // namespace aftercare::text

#endif  // AFTERCARE_TEXT_SECTION_MARKERS_H_
