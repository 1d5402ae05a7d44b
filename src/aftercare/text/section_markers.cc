#include "aftercare/text/section_markers.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "aftercare/base/ascii.h"
#include "aftercare/text/label_lexer.h"

namespace aftercare::text {
namespace {

using ascii::IsAlnum;
using ascii::IsDigit;
using ascii::IsRe2Space;  // a space between marker words, as RE2's \s
using ascii::Lower;

constexpr size_t npos = std::string_view::npos;

// The markers are read by hand, as a parser reads keywords: at each place a
// marker's first word may start (the lexer's keywords), its words are
// compared in turn (ASCII case ignored), with the spaces, brackets and colons
// between them. The header writes the grammar out as regular expressions; the
// tests run those through RE2 and compare, line by line, over the real catalogs.

constexpr bool IsWordByte(char c) { return IsAlnum(c) || c == '_'; }
// A word starts or ends at s[i] (bytes outside ASCII are not word bytes).
bool AtWordEdge(std::string_view s, size_t i) {
  const bool before = i > 0 && IsWordByte(s[i - 1]);
  const bool after = i < s.size() && IsWordByte(s[i]);
  return before != after;
}

// One reading position over a line; npos once a step fails, and every step
// after a failure fails too.
class Cursor {
 public:
  Cursor(std::string_view s, size_t at) : s_(s), at_(at) {}
  size_t at() const { return at_; }
  bool ok() const { return at_ != npos; }

  // A lower-case ASCII word, any case in the text.
  Cursor& Word(std::string_view lower) {
    if (at_ == npos || s_.size() - at_ < lower.size()) return Fail();
    for (size_t k = 0; k < lower.size(); ++k) {
      if (Lower(s_[at_ + k]) != lower[k]) return Fail();
    }
    at_ += lower.size();
    return *this;
  }
  // One of two spellings of a letter: ASCII `ascii` (any case) or a two-byte
  // UTF-8 letter given by its lead byte and either case's second byte.
  Cursor& Letter(char ascii, char lead, char lower2, char upper2) {
    if (at_ == npos || at_ >= s_.size()) return Fail();
    if (Lower(s_[at_]) == ascii) {
      ++at_;
    } else if (at_ + 1 < s_.size() && s_[at_] == lead && (s_[at_ + 1] == lower2 || s_[at_ + 1] == upper2)) {
      at_ += 2;
    } else {
      return Fail();
    }
    return *this;
  }
  Cursor& Byte(char c) {
    if (at_ == npos || at_ >= s_.size() || s_[at_] != c) return Fail();
    ++at_;
    return *this;
  }
  // `c` (a lower-case letter in any case, or punctuation) next.
  bool Next(char c) const { return at_ != npos && at_ < s_.size() && Lower(s_[at_]) == c; }
  Cursor& Optional(char c) {
    if (Next(c)) ++at_;
    return *this;
  }
  Cursor& Spaces() {  // any, none included
    if (at_ != npos) {
      while (at_ < s_.size() && IsRe2Space(s_[at_])) ++at_;
    }
    return *this;
  }
  Cursor& Space() {  // one or more
    if (at_ == npos || at_ >= s_.size() || !IsRe2Space(s_[at_])) return Fail();
    return Spaces();
  }
  Cursor& WordEnds() {
    if (at_ != npos && !AtWordEdge(s_, at_)) Fail();
    return *this;
  }
  // ingredients?\b: "ingredient", an 's' or not, and there the word ends.
  Cursor& Ingredient() { return Word("ingredient").Optional('s').WordEnds(); }

 private:
  Cursor& Fail() {
    at_ = npos;
    return *this;
  }
  std::string_view s_;
  size_t at_;
};

// The end of `c` if it read, else npos.
size_t End(const Cursor& c) { return c.at(); }

// [il1]ngr[eé]dient(s|es|i)? at `at`: where it ends, npos if not there.
// The ending is taken only where what follows may follow it (a space, '/'
// or ':'): of the endings at most one ever can.
size_t HeadingWord(std::string_view s, size_t at) {
  if (at >= s.size()) return npos;
  const char c = Lower(s[at]);
  if (c == 'i' || c == 'l' || c == '1') {
    Cursor k = Cursor(s, at + 1).Word("ngr").Letter('e', '\xC3', '\xA9', '\x89').Word("dient");
    if (k.ok()) {
      static constexpr std::string_view kEndings[] = {"s", "es", "i"};
      for (std::string_view ending : kEndings) {
        Cursor e = k;
        if (e.Word(ending).ok()) {
          const size_t end = e.at();
          if (end == s.size() || IsRe2Space(s[end]) || s[end] == '/' || s[end] == ':') return end;
        }
      }
      return k.at();
    }
  }
  static constexpr std::string_view kWords[] = {"inci",          "composition",  "zutaten",
                                                "inhaltsstoffe", "bestanddelen", "ainesosat"};
  for (std::string_view w : kWords) {
    if (Cursor k = Cursor(s, at).Word(w); k.ok()) return k.at();
  }
  return End(Cursor(s, at).Word("sk").Letter('l', '\xC5', '\x82', '\x81').Word("adniki"));
}

// (?:\s+list)? after a heading word.
size_t ListAfter(std::string_view s, size_t at) {
  const size_t list = End(Cursor(s, at).Space().Word("list"));
  return list != npos ? list : at;
}

// Heading: \b (full\s+)? (W (\s+list)? \s* / \s*)* W' (\s+list)? \s* :
// where W is a heading word and W' one that "list" may follow only after
// "ingredient" or "inci". The slashed words are read as far as they go; the
// last word and its colon can only be the one after the last slash (before
// each other one a slash follows, not a colon). `*resume`: where to look next
// when there is none (a run of "W / W / ..." is read once, not once a word).
size_t HeadingAt(std::string_view s, size_t at, size_t* resume) {
  *resume = at + 1;
  if (!AtWordEdge(s, at)) return npos;
  const auto rest = [&](size_t p) {
    for (;;) {
      const size_t w = HeadingWord(s, p);
      if (w == npos) break;
      const size_t next = End(Cursor(s, ListAfter(s, w)).Spaces().Byte('/').Spaces());
      if (next == npos) break;
      p = next;
    }
    *resume = std::max(*resume, p);
    const size_t w = HeadingWord(s, p);
    if (w == npos) return npos;
    const char c = Lower(s[p]);
    const bool may_list =
        c == 'l' || c == '1' || (c == 'i' && (Lower(s[p + 2]) == 'g' || w - p == 4));  // "ingr...", "inci"
    return End(Cursor(s, may_list ? ListAfter(s, w) : w).Spaces().Byte(':'));
  };
  if (const size_t full = End(Cursor(s, at).Word("full").Space()); full != npos) {
    if (const size_t end = rest(full); end != npos) return end;
  }
  return rest(at);
}

// Active: \bdrug\s+facts\b\s*:? | \bactive\s+ingredients?\b(\s*\([^)]*\))?\s*:? | \bactives?\s*:
// `*closer`: the first ')' at or after some earlier place, npos when none; a
// later search starts there, so that a line of openers is not searched to its
// end once each.
size_t ActiveAt(std::string_view s, size_t at, size_t* closer) {
  if (!AtWordEdge(s, at)) return npos;
  if (Cursor c = Cursor(s, at).Word("drug").Space().Word("facts").WordEnds().Spaces().Optional(':'); c.ok()) {
    return c.at();
  }
  if (Cursor c = Cursor(s, at).Word("active").Space().Ingredient(); c.ok()) {
    // A bracket after it ("(in each ml)"), up to its first closer.
    Cursor bracket = c;
    bracket.Spaces().Byte('(');
    if (bracket.ok()) {
      if (*closer != npos && *closer < bracket.at()) *closer = s.find(')', bracket.at());
      if (*closer != npos) c = Cursor(s, *closer + 1);
    }
    return End(c.Spaces().Optional(':'));
  }
  static constexpr std::string_view kActives[] = {"actives", "active"};
  for (std::string_view w : kActives) {
    if (const size_t end = End(Cursor(s, at).Word(w).Spaces().Byte(':')); end != npos) return end;
  }
  return npos;
}

// Inactive: inactive\s+ingredients?\b\s*:? (inside a word too) | \binactives?\s*: |
// \bother\s+ingredients?\s*:
size_t InactiveAt(std::string_view s, size_t at) {
  if (Cursor c = Cursor(s, at).Word("inactive").Space().Ingredient().Spaces().Optional(':'); c.ok()) return c.at();
  if (!AtWordEdge(s, at)) return npos;
  static constexpr std::string_view kInactives[] = {"inactives", "inactive"};
  for (std::string_view w : kInactives) {
    if (const size_t end = End(Cursor(s, at).Word(w).Spaces().Byte(':')); end != npos) return end;
  }
  static constexpr std::string_view kIngredients[] = {"ingredients", "ingredient"};
  for (std::string_view w : kIngredients) {
    if (const size_t end = End(Cursor(s, at).Word("other").Space().Word(w).Spaces().Byte(':')); end != npos) {
      return end;
    }
  }
  return npos;
}

// May contain, in any of six languages and inside a word too ("may contain"
// ends "dismay contain"), with an optional "(+/-)" or "[+/-]" and colon; or
// "+/-" alone: \+\s*/\s*-\s*:?
size_t MayContainAt(std::string_view s, size_t at) {
  if (Cursor c = Cursor(s, at).Byte('+').Spaces().Byte('/').Spaces().Byte('-').Spaces().Optional(':'); c.ok()) {
    return c.at();
  }
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kPhrases = {{
      {"may", "contain"},
      {"peut", "contenir"},
      {"puede", "contener"},
      {"kann", "enthalten"},
      {"pode", "conter"},
  }};
  Cursor c(s, npos);
  for (const auto& [first, second] : kPhrases) {
    c = Cursor(s, at).Word(first).Space().Word(second);
    if (c.ok()) break;
  }
  if (!c.ok()) c = Cursor(s, at).Word("pu").Letter('o', '\xC3', '\xB2', '\x92').Space().Word("contenere");
  if (!c.ok()) return npos;
  c.Spaces();
  for (auto [open, close] : {std::pair{'(', ')'}, std::pair{'[', ']'}}) {
    Cursor b = c;
    if (b.Byte(open).Spaces().Byte('+').Byte('/').Byte('-').Spaces().Byte(close).ok()) {
      c = b;
      break;
    }
  }
  return End(c.Spaces().Optional(':'));
}

// Drug Facts prose: \b(uses|warnings?|directions|other\s+information|
// questions(\s+or\s+comments)?\??|keep\s+out\s+of\s+reach)\s*:
size_t DrugProseAt(std::string_view s, size_t at) {
  if (!AtWordEdge(s, at)) return npos;
  const auto colon = [](Cursor c) { return End(c.Spaces().Byte(':')); };
  static constexpr std::string_view kWords[] = {"uses", "warnings", "warning", "directions"};
  for (std::string_view w : kWords) {
    if (const size_t end = colon(Cursor(s, at).Word(w)); end != npos) return end;
  }
  if (const size_t end = colon(Cursor(s, at).Word("other").Space().Word("information")); end != npos) return end;
  const Cursor questions = Cursor(s, at).Word("questions");
  if (questions.ok()) {
    Cursor longer = questions;
    longer.Space().Word("or").Space().Word("comments").Optional('?');
    if (const size_t end = colon(longer); end != npos) return end;
    Cursor shorter = questions;
    if (const size_t end = colon(shorter.Optional('?')); end != npos) return end;
  }
  return colon(Cursor(s, at).Word("keep").Space().Word("out").Space().Word("of").Space().Word("reach"));
}

constexpr uint8_t Bit(Marker::Kind k) { return static_cast<uint8_t>(1u << k); }
static_assert(Bit(Marker::kHeading) == kHeadingWord && Bit(Marker::kActive) == kActiveWord &&
                  Bit(Marker::kInactive) == kInactiveWord && Bit(Marker::kMayContain) == kMayContainWord &&
                  Bit(Marker::kDrugProse) == kDrugProseWord,
              "the lexer's section words are the marker kinds, in order");

// Appends the markers of the kinds in `kinds` of text[b, e), each kind's left
// to right and none of one kind overlapping, at offsets from b. The places
// they may start are the lexer's keywords in the range, and the start of a
// word that b cuts. (A keyword found from bytes past e reads nothing: every
// marker needs three bytes or more of the range.)
void Scan(std::string_view text, size_t b, size_t e, const LabelLexemes& lex, uint8_t kinds, std::vector<Marker>* out) {
  const std::string_view line = text.substr(b, e - b);
  std::array<size_t, 5> from{};  // per kind: where its next marker may start
  size_t closer = 0;             // for ActiveAt: no ')' looked for yet
  const auto read = [&](size_t at, uint8_t may) {
    for (int k = 0; k < 5; ++k) {
      const auto kind = static_cast<Marker::Kind>(k);
      if (!(may & Bit(kind)) || at < from[static_cast<size_t>(k)]) continue;
      size_t resume = at + 1;
      size_t end = npos;
      switch (kind) {
        case Marker::kHeading: end = HeadingAt(line, at, &resume); break;
        case Marker::kActive: end = ActiveAt(line, at, &closer); break;
        case Marker::kInactive: end = InactiveAt(line, at); break;
        case Marker::kMayContain: end = MayContainAt(line, at); break;
        case Marker::kDrugProse: end = DrugProseAt(line, at); break;
      }
      if (end != npos) out->push_back({at, end, kind});
      from[static_cast<size_t>(k)] = end != npos ? end : resume;
    }
  };
  if (b > 0 && b + 2 < e && IsWordByte(text[b - 1]) && IsWordByte(text[b])) {
    read(0, SectionWordsAt(text[b], text[b + 1], text[b + 2]) & kinds);
  }
  auto it = std::lower_bound(lex.keywords.begin(), lex.keywords.end(), b,
                             [](const Keyword& k, size_t at) { return k.at < at; });
  for (; it != lex.keywords.end() && it->at < e; ++it) {
    if ((it->kinds & kinds) != 0) read(it->at - b, it->kinds & kinds);
  }
}

constexpr uint8_t kListMarkers =
    Bit(Marker::kHeading) | Bit(Marker::kActive) | Bit(Marker::kInactive) | Bit(Marker::kMayContain);

}  // namespace

Result<std::unique_ptr<SectionMarkers>> SectionMarkers::Create() {
  return std::unique_ptr<SectionMarkers>(new SectionMarkers());
}

void SectionMarkers::Find(std::string_view text, size_t b, size_t e, const LabelLexemes& lex, bool drug_facts,
                          std::vector<Marker>* out) const {
  const size_t found_before = out->size();
  Scan(text, b, e, lex, kListMarkers | Bit(Marker::kDrugProse), out);
  // "Uses:" heads Drug Facts prose only on a Drug Facts label or beside another marker.
  const auto begin = out->begin() + static_cast<std::ptrdiff_t>(found_before);
  if (!drug_facts && std::all_of(begin, out->end(), [](const Marker& m) { return m.kind == Marker::kDrugProse; })) {
    out->erase(begin, out->end());
    return;
  }
  std::sort(begin, out->end(), [](const Marker& x, const Marker& y) { return x.begin < y.begin; });
}

bool SectionMarkers::Mentions(std::string_view text, size_t b, size_t e, const LabelLexemes& lex,
                              bool with_prose) const {
  std::vector<Marker> found;
  Scan(text, b, e, lex, kListMarkers | (with_prose ? Bit(Marker::kDrugProse) : 0), &found);
  return !found.empty();
}

bool SectionMarkers::IsTolerance(std::string_view after) const {
  // ^\s*[0-9]+([.,][0-9]+)?\s*%
  size_t i = 0;
  while (i < after.size() && IsRe2Space(after[i])) ++i;
  const size_t digits = i;
  while (i < after.size() && IsDigit(after[i])) ++i;
  if (i == digits) return false;
  if (i + 1 < after.size() && (after[i] == '.' || after[i] == ',') && IsDigit(after[i + 1])) {
    i += 2;
    while (i < after.size() && IsDigit(after[i])) ++i;
  }
  while (i < after.size() && IsRe2Space(after[i])) ++i;
  return i < after.size() && after[i] == '%';
}

}  // namespace aftercare::text
