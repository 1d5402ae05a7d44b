// What every byte of a label is (match stage), as a compiler's source map
// says it: an ingredient, a known kind of non-ingredient (a note of the
// reader), the rest of a list piece that was read (a group's head, "(and)"),
// separators, or text nobody read. Computed from a ParsedLabel; pure.
#ifndef AFTERCARE_MATCH_ACCOUNTING_H_
#define AFTERCARE_MATCH_ACCOUNTING_H_

#include <cstddef>
#include <string_view>
#include <vector>

#include "aftercare/match/label_matcher.h"

namespace aftercare::match {

enum class SpanKind {
  kIngredient,  // an ingredient's text (recognized or not)
  kNotRead,     // an entry the reader kept as not read, or text no one read
  kNote,        // a reader's note: heading, prose, footnote, code, ... (`diagnostic` says which)
  kPiece,       // the rest of a list piece read as ingredients ("Iron Oxides (" of a sub-list)
  kSeparator,   // separators, brackets, spaces: no letter or digit
};
std::string_view SpanKindName(SpanKind kind);

struct AccountedSpan {
  text::SourceSpan span;
  SpanKind kind = SpanKind::kSeparator;
  int index = -1;  // the ingredient (kIngredient, kNotRead entries) or diagnostic (kNote); -1 otherwise
  bool operator==(const AccountedSpan&) const = default;
};

// Spans that cover [0, label.text.size()) in order, without gap or overlap.
// Where several things cover a byte, an ingredient wins over a piece, and a
// piece over a note. Text covered by none, or by a piece alone, is kSeparator
// when it holds no ASCII letter or digit; text covered by none that holds one
// is kNotRead with index -1.
std::vector<AccountedSpan> Account(const ParsedLabel& label);

// The stretches of text with an ASCII letter or digit that nothing covers:
// Account()'s kNotRead spans of index -1, found in one pass over a byte map.
std::vector<text::SourceSpan> Unaccounted(const ParsedLabel& label);

// True when a diagnostic of this kind is about a stretch of the label's own
// text (a heading, a sentence, a code), not about the label as a whole or an
// ingredient (a kit, Drug Facts, a may-contain block, a join, an OCR repair).
bool CoversText(text::DiagnosticKind kind);

}  // namespace aftercare::match

#endif  // AFTERCARE_MATCH_ACCOUNTING_H_
