// Section markers (text stage): where a line of a label says what follows.
// A heading ("Ingredients:", "INCI:", "Zutaten:", "Składniki:"), a Drug Facts
// section ("Drug Facts", "Active ingredient (in each ml):", "Inactive
// ingredients:", "Other ingredients:"), Drug Facts prose ("Directions:",
// "Warnings:") or a may-contain block ("May contain (+/-):", "Peut contenir",
// "+/-"). A marker's pattern runs only where one pass over the line finds a
// word it needs: most lines hold none. Thread-safe after construction.
#ifndef AFTERCARE_TEXT_SECTION_MARKERS_H_
#define AFTERCARE_TEXT_SECTION_MARKERS_H_

#include <re2/re2.h>

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "aftercare/base/status.h"

namespace aftercare::text {

struct Marker {
  size_t begin, end;  // within the line
  enum Kind { kHeading, kActive, kInactive, kMayContain, kDrugProse } kind;
};

class SectionMarkers {
 public:
  static Result<std::unique_ptr<SectionMarkers>> Create();

  // Appends the markers of `line`, sorted by where they start; they may
  // overlap (the caller keeps the first). Drug Facts prose ("Uses:") is a
  // marker only on a label already in Drug Facts (`drug_facts`) or on a line
  // with another marker: elsewhere "Uses:" may head a product's own text.
  void Find(std::string_view line, bool drug_facts, std::vector<Marker>* out) const;

  // Find() without its prefilter and bounds: every pattern over the whole
  // line. The reference the prefilter is tested against; slower.
  void FindEverywhere(std::string_view line, bool drug_facts, std::vector<Marker>* out) const;

  // Does `s` hold a heading, a Drug Facts section or a may-contain marker
  // anywhere, or Drug Facts prose when `with_prose`? (Then it names no
  // sub-product of a kit.)
  bool Mentions(std::string_view s, bool with_prose) const;

  // "+/- 0.5%": the text after a "+/-" marker starts with a percentage, a
  // tolerance, not a may-contain block.
  bool IsTolerance(std::string_view after) const;

 private:
  SectionMarkers() = default;
  // Appends the matches of `re` in line[start, end), left to right, none overlapping.
  void Scan(const RE2& re, Marker::Kind kind, std::string_view line, size_t start, size_t end,
            std::vector<Marker>* out) const;
  RE2 heading_{
      R"((?i)\b((?:full\s+)?(?:(?:[il1]ngr[eé]dient(?:s|es|i)?|inci|composition|zutaten|inhaltsstoffe|sk[łl]adniki|bestanddelen|ainesosat)(?:\s+list)?\s*/\s*)*(?:[il1]ngr[eé]dient(?:s|es|i)?(?:\s+list)?|inci(?:\s+list)?|composition|zutaten|inhaltsstoffe|sk[łl]adniki|bestanddelen|ainesosat)\s*:))"};
  RE2 active_{R"((?i)(\bdrug\s+facts\b\s*:?|\bactive\s+ingredients?\b(?:\s*\([^)]*\))?\s*:?|\bactives?\s*:))"};
  RE2 inactive_{R"((?i)(inactive\s+ingredients?\b\s*:?|\binactives?\s*:|\bother\s+ingredients?\s*:))"};
  RE2 may_contain_{
      R"((?i)((?:may\s+contain|peut\s+contenir|puede\s+contener|kann\s+enthalten|pu[oò]\s+contenere|pode\s+conter)\s*(?:\(\s*\+/-\s*\)|\[\s*\+/-\s*\])?\s*:?|\+\s*/\s*-\s*:?))"};
  RE2 drug_prose_{
      R"((?i)(\b(?:uses|warnings?|directions|other\s+information|questions(?:\s+or\s+comments)?\??|keep\s+out\s+of\s+reach)\s*:))"};
  RE2 tolerance_{R"(^\s*[0-9]+(?:[.,][0-9]+)?\s*%)"};
};

}  // namespace aftercare::text

#endif  // AFTERCARE_TEXT_SECTION_MARKERS_H_
