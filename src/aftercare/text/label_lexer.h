// The label lexer (text stage): one pass over a label's cleaned text
// (label_cleaner.h) that finds and types every byte the splitter's walk
// stops at, as simdjson's first stage finds a document's structure: line
// breaks; marks (commas, full stops and the other sentence ends, colons,
// brackets, dashes, stars, percent signs, angle brackets); and keywords, the
// places a section marker may start. The walk (the parser, label_splitter.cc)
// and the marker readers (section_markers.h) read these instead of scanning
// the bytes again, phase after phase; what lies between marks is a name's
// text. Pure; a LabelLexemes is a caller-owned value whose buffers are reused.
#ifndef AFTERCARE_TEXT_LABEL_LEXER_H_
#define AFTERCARE_TEXT_LABEL_LEXER_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace aftercare::text {

// The kinds of mark, as bits: a scan asks for several at once.
constexpr uint16_t kComma = 1u << 0;        // ','
constexpr uint16_t kFullStop = 1u << 1;     // '.'
constexpr uint16_t kSentenceEnd = 1u << 2;  // '!' '?'
constexpr uint16_t kColon = 1u << 3;        // ':'
constexpr uint16_t kOpen = 1u << 4;         // '(' '[' '{'
constexpr uint16_t kClose = 1u << 5;        // ')' ']' '}'
constexpr uint16_t kDash = 1u << 6;         // '-'
constexpr uint16_t kStar = 1u << 7;         // '*'
constexpr uint16_t kPercent = 1u << 8;      // '%'
constexpr uint16_t kAngle = 1u << 9;        // '<'
constexpr uint16_t kAnyMark = (1u << 10) - 1;

// The kind of mark `c` is, or 0 when it is none.
uint16_t MarkKindOf(char c);

// Section words: the kinds of section marker (section_markers.h) whose first
// word may start at a place, as bits in the order of Marker::Kind.
constexpr uint8_t kHeadingWord = 1u << 0;     // "Ingredients", "INCI", "Zutaten", "Full"
constexpr uint8_t kActiveWord = 1u << 1;      // "Drug Facts", "Active"
constexpr uint8_t kInactiveWord = 1u << 2;    // "Inactive", "Other"
constexpr uint8_t kMayContainWord = 1u << 3;  // "May contain" and its translations, "+/-"
constexpr uint8_t kDrugProseWord = 1u << 4;   // "Uses", "Warnings", "Directions", ...

// A place a section marker may start, found by keyword lookup: a word whose
// first three bytes (ASCII case ignored) begin a marker's first word; the
// first word of "may contain" (or a translation) before its second, inside a
// word too ("dismay contain"); a '+' (of "+/-"); "inactiv" inside a word.
// The marker readers read from there.
struct Keyword {
  uint32_t at = 0;    // where the marker would start
  uint8_t kinds = 0;  // section word bits (kHeadingWord, ...)
};

constexpr int kMarkKinds = 10;

struct LabelLexemes {
  std::vector<uint32_t> line_breaks;  // where each '\n' is: the lines (a kit's paragraphs) end there
  // The marks as bitmaps, one per kind, word by word: bit i % 64 of
  // marks[(i / 64) * kMarkKinds + k] is set when byte i is a mark of kind
  // 1 << k. A scan ORs the words of the kinds it asks for.
  std::vector<uint64_t> marks;
  std::vector<Keyword> keywords;  // by `at`
};

// Lexes `text` (any bytes) into `out`, replacing what it held. `text` must be
// shorter than 4 GiB.
void Lex(std::string_view text, LabelLexemes* out);

// The section words whose first three bytes hash as `a` `b` `c` do (ASCII
// case ignored): the keyword lookup of a word start. A word that shares a
// hash with one is only tried for nothing.
uint8_t SectionWordsAt(char a, char b, char c);

// The positions of the marks of `kinds` in [b, e), in order, as
// bytemask::Scanner gives bytes:
//   for (size_t i = scan.Next(); i < e; i = scan.Next()) ...
// REQUIRES: e <= the length of the lexed text. Valid while the lexemes are
// not lexed again.
class MarkScanner {
 public:
  MarkScanner(const LabelLexemes& lex, size_t b, size_t e, uint16_t kinds)
      : marks_(lex.marks.data()), end_(e), kinds_(kinds), word_(b / 64), last_word_(e == 0 ? 0 : (e - 1) / 64) {
    bits_ = b < e ? Load(word_) & (~uint64_t{0} << (b % 64)) : 0;
  }

  // The next position, or e when there is none.
  size_t Next() {
    while (bits_ == 0) {
      if (word_ >= last_word_) return end_;
      bits_ = Load(++word_);
    }
    const size_t at = word_ * 64 + static_cast<size_t>(__builtin_ctzll(bits_));
    bits_ &= bits_ - 1;
    return at;
  }
  // Continue at `pos`, at or after the last position returned: the marks
  // before it are not reported.
  void SkipTo(size_t pos) {
    if (pos >= end_) {
      bits_ = 0;
      word_ = last_word_;
      return;
    }
    if (pos / 64 > word_) {
      word_ = pos / 64;
      bits_ = Load(word_);
    }
    bits_ &= ~uint64_t{0} << (pos % 64);
  }

 private:
  // The marks of `kinds_` in word w, none at or past end_.
  uint64_t Load(size_t w) const {
    uint64_t m = 0;
    for (unsigned k = kinds_; k != 0; k &= k - 1) m |= marks_[w * kMarkKinds + static_cast<size_t>(__builtin_ctz(k))];
    if (w == last_word_ && end_ % 64 != 0) m &= (uint64_t{1} << (end_ % 64)) - 1;
    return m;
  }

  const uint64_t* marks_;
  size_t end_;
  uint16_t kinds_;
  size_t word_;
  size_t last_word_;
  uint64_t bits_;
};

// Is there a mark of `kinds` in [b, e)?
inline bool HasMark(const LabelLexemes& lex, size_t b, size_t e, uint16_t kinds) {
  return MarkScanner(lex, b, e, kinds).Next() < e;
}

}  // namespace aftercare::text

#endif  // AFTERCARE_TEXT_LABEL_LEXER_H_
