// The name cleaner (text stage): what a list piece's text becomes as the name
// that is matched. It drops the noise glued to a name: a CAS number
// ("Linalool 78-70-6"), a pharmacopoeia grade ("Stearic Acid USP"), an empty
// bracket, a batch or formula code ("(CODE F.I.L.: B234540/1)", "[V1640i]"),
// a footnote marker ("Water*", "Aloe Vera¹"). It takes out a declared
// percentage ("Niacinamide 10%", "(1450 ppm)") and a qualifier in brackets
// ("(nano)", "(organic)"), repairs an OCR'd colour number ("Cl 77491"), and
// tidies the ends (separators, bullets, a leading "and", unbalanced
// brackets). Cheap byte tests decide which patterns can match: most names
// take none. Thread-safe after construction.
#ifndef AFTERCARE_TEXT_NAME_CLEANER_H_
#define AFTERCARE_TEXT_NAME_CLEANER_H_

#include <re2/re2.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "aftercare/base/status.h"

namespace aftercare::text {

// What cleaning a name found, for the token and the reader's notes.
struct NameNotes {
  std::optional<double> percent;  // a declared percentage (ppm as a percentage)
  bool nano = false;              // "(nano)"
  bool batch_code = false;        // a batch code was dropped from inside the name
  std::string ocr_before;         // the name before an OCR'd colour number was repaired; empty when none was
};

class NameCleaner {
 public:
  static Result<std::unique_ptr<NameCleaner>> Create();

  // A production or formula code that ends `raw` after some text: "Soybean
  // Oil (CODE F.I.L.: B234540/1)", "Extract. [V1640i]" (a view into `raw`);
  // empty when none. A colour number in brackets is an ingredient, never a
  // code ("(CI77491)").
  std::string_view TrailingCode(std::string_view raw) const;
  // Is `raw` all a code ("740021 13", "D34877/1", "[V1640i]", "(F01)")?
  bool IsCode(std::string_view raw) const;

  // Appends the clean name of `raw` to *names and says what it found in
  // *notes; false (nothing appended) when no name is left.
  bool Clean(std::string_view raw, std::string* names, NameNotes* notes) const;

 private:
  NameCleaner() = default;
  RE2 percent_{
      R"((?i)\(\s*([0-9]+(?:[.,][0-9]+)*)\s*(%|ppm)[^)(]{0,12}\)|\s*([0-9]+(?:[.,][0-9]+)?)\s*(%|ppm)\s*(?:w/w|w/v)?)"};
  RE2 batch_{
      R"((?i)\(?\s*(?:code\s*(?:fil|f\.i\.l\.?)?|f\.i\.l\.?|fil|lot|batch)\s*(?:no\.?|n°|#)?\s*[:.]?\s*[A-Z]?[0-9][A-Z0-9/.\-]{2,}\s*\)?)"};
  RE2 formula_code_{R"([\[(][A-Z]{1,2}[0-9]{2,6}(?:[A-Za-z]|/[0-9]{1,2})?[\])])"};
  RE2 qualifier_{
      R"((?i)[\(\[]\s*(nano|non[\s-]?nano|organic|certified organic|natural|vegan|micronized|micronised|uncoated|coated|plant[\s-]derived|vegetable|synthetic|bio|fairtrade|fair trade)\s*[\)\]])"};
  RE2 ocr_ci_{R"(\b[Cc][lIi1|]\s?([0-9]{5})\b)"};
  // Noise glued to a name: a CAS number ("Linalool 78-70-6"), a pharmacopoeia grade
  // ("Stearic Acid USP"), an empty bracket ("Avobenzone (,)").
  RE2 name_noise_{
      R"((?:\s+[0-9]{2,7}-[0-9]{2}-[0-9]\b)|(?:\s+(?:USP|NF|BP|EP|Ph\.?\s?Eur\.?|FCC)\b\.?)|(?:\s*\(\s*[,;]?\s*\)))"};
  RE2 code_{R"([A-Z]?[0-9]{4,}(?:[ /.\-][0-9A-Z]{1,4})+)"};
};

// The length of the footnote marker at s[i] (* ^ # † ‡ ¹ ² ³ ⁴ ° ® ™ ©), 0 for none.
size_t FootnoteMarkerLength(std::string_view s, size_t i);
bool HasFootnoteMarker(std::string_view s);

}  // namespace aftercare::text

#endif  // AFTERCARE_TEXT_NAME_CLEANER_H_
