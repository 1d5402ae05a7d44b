#include "aftercare/text/name_cleaner.h"

#include <algorithm>
#include <cstdlib>
#include <vector>

#include <fmt/format.h>

#include "aftercare/base/ascii.h"

namespace aftercare::text {
namespace {

using ascii::ContainsLower;
using ascii::IsDigit;
using ascii::IsSpace;
using ascii::IsUpper;
using ascii::Lower;
using ascii::StartsWithLower;

// Can the qualifier pattern match `s`? Some bracket must hold, spaces aside,
// 3 to 17 ASCII bytes starting with the first letter of a qualifier word.
bool MaybeQualifier(std::string_view s) {
  auto re2_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; };
  // Openers before the same closer share it: it is searched for once, and
  // only the first of them can find a byte outside ASCII (the others see
  // less of the same text). One pass, however many brackets.
  size_t close = 0, close_k = 0;  // the closer; where its content ends, spaces before it aside
  bool have_close = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '(' && s[i] != '[') continue;
    size_t j = i + 1;
    while (j < s.size() && re2_space(s[j])) ++j;
    bool first = false;
    if (!have_close || close < j) {
      close = ascii::FindFirstOf(s, ")]", j);
      if (close == std::string_view::npos) return false;
      have_close = first = true;
      close_k = close;
      while (close_k > j && re2_space(s[close_k - 1])) --close_k;
    }
    const size_t k = std::max(close_k, j);
    if (k - j < 3) continue;
    // Case folding outside ASCII ('ſ' for 's'): left to the pattern.
    if (first && std::any_of(s.begin() + static_cast<std::ptrdiff_t>(j), s.begin() + static_cast<std::ptrdiff_t>(k),
                             [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
      return true;
    }
    if (k - j > 17) continue;
    switch (Lower(s[j])) {
      case 'n':
      case 'o':
      case 'c':
      case 'v':
      case 'm':
      case 'u':
      case 'p':
      case 's':
      case 'b':
      case 'f': return true;
      default: break;
    }
  }
  return false;
}

// Does `s` contain "dd-dd-d", the least of a CAS number ("78-70-6")? The
// name-noise pattern cannot match a digit-and-hyphen token without it.
bool HasCasShape(std::string_view s) {
  for (size_t i = 0; i + 7 <= s.size(); ++i) {
    if (s[i + 2] == '-' && s[i + 5] == '-' && IsDigit(s[i]) && IsDigit(s[i + 1]) && IsDigit(s[i + 3]) &&
        IsDigit(s[i + 4]) && IsDigit(s[i + 6])) {
      return true;
    }
  }
  return false;
}

// Does `s` contain "USP", " NF", " BP", "Eur", "FCC", "()", "(," or "( "? One pass.
bool HasNoiseWord(std::string_view s) {
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    char a = s[i], b = s[i + 1], c = i + 2 < s.size() ? s[i + 2] : '\0';
    switch (a) {
      case 'U':
        if (b == 'S' && c == 'P') return true;
        break;
      case ' ':
        if ((b == 'N' && c == 'F') || (b == 'B' && c == 'P')) return true;
        break;
      case 'E':
        if (b == 'u' && c == 'r') return true;
        break;
      case 'F':
        if (b == 'C' && c == 'C') return true;
        break;
      case '(':
        if (b == ')' || b == ',' || b == ' ') return true;
        break;
      default: break;
    }
  }
  return false;
}

// TidyEnds for a token with no brackets and single spaces: trims junk
// characters and a leading "and " / "& " without copying.
std::string_view TidyEndsFast(std::string_view s) {
  auto junk = [](char c) {
    return IsSpace(c) || c == '-' || c == ':' || c == '.' || c == ',' || c == '"' || c == '\'' || c == '/' || c == '+';
  };
  while (true) {
    while (!s.empty() && junk(s.front())) s.remove_prefix(1);
    while (!s.empty() && junk(s.back())) s.remove_suffix(1);
    if (s.size() > 4 && (s.substr(0, 4) == "and " || s.substr(0, 4) == "And " || s.substr(0, 4) == "AND ")) {
      s.remove_prefix(4);
      continue;
    }
    if (s.size() > 2 && s.substr(0, 2) == "& ") {
      s.remove_prefix(2);
      continue;
    }
    return s;
  }
}

// Strips separators, bullets, "and" and unbalanced brackets from both ends.
// Only the ends ever change: the text is a window [f, l) of `s`, and the
// bracket state is kept as counts updated at each removal, so that a token
// of 100,000 stray brackets takes one pass, not one pass per bracket.
std::string TidyEnds(std::string_view s) {
  auto junk = [](char c) {
    return IsSpace(c) || c == '-' || c == ':' || c == '.' || c == ',' || c == '"' || c == '\'' || c == '/' || c == '+';
  };
  const auto opener = [](char c) { return c == '(' || c == '['; };
  const auto closer = [](char c) { return c == ')' || c == ']'; };
  // Each bracket's partner in `s` (one kind: '(' and '[' alike), or -1.
  // depth = openers - closers in the window; `unmatched` = closers of the
  // window whose opener is not in it: some prefix goes below depth 0 exactly
  // when there is one.
  std::vector<int32_t> partner;
  int64_t depth = 0, unmatched = 0;
  if (ascii::FindFirstOf(s, "()[]") != std::string_view::npos) {
    partner.assign(s.size(), -1);
    std::vector<int32_t> open;
    for (size_t i = 0; i < s.size(); ++i) {
      if (opener(s[i])) {
        open.push_back(static_cast<int32_t>(i));
        ++depth;
      } else if (closer(s[i])) {
        --depth;
        if (open.empty()) {
          ++unmatched;
        } else {
          partner[i] = open.back();
          partner[static_cast<size_t>(open.back())] = static_cast<int32_t>(i);
          open.pop_back();
        }
      }
    }
  }
  size_t f = 0, l = s.size();
  const auto pop_front = [&] {
    if (opener(s[f])) {
      --depth;
      if (partner[f] >= 0 && static_cast<size_t>(partner[f]) < l) ++unmatched;  // its closer loses it
    } else if (closer(s[f])) {
      ++depth;
      --unmatched;  // a closer first in the window never has its opener in it
    }
    ++f;
  };
  const auto pop_back = [&] {
    const size_t i = l - 1;
    if (opener(s[i])) {
      --depth;
    } else if (closer(s[i])) {
      ++depth;
      if (partner[i] < 0 || static_cast<size_t>(partner[i]) < f) --unmatched;
    }
    --l;
  };
  const auto starts = [&](std::string_view w) { return l - f > w.size() && s.compare(f, w.size(), w) == 0; };
  bool changed = true;
  while (changed && f < l) {
    changed = false;
    const size_t f0 = f, l0 = l;
    while (f < l && junk(s[f])) ++f;  // junk holds no bracket
    while (l > f && junk(s[l - 1])) --l;
    changed = f != f0 || l != l0;
    if (starts("and ") || starts("And ") || starts("AND ")) {
      f += 4;
      changed = true;
    }
    if (starts("& ")) {
      f += 2;
      changed = true;
    }
    // Unbalanced closing bracket at the end / opening at the start.
    if (l > f && opener(s[f]) && depth > 0 && !(closer(s[l - 1]) && unmatched > 0)) {
      pop_front();
      changed = true;
    } else if (l > f && ((closer(s[l - 1]) && unmatched > 0) || (opener(s[l - 1]) && depth > 0))) {
      pop_back();
      changed = true;
    }
  }
  // Collapse the spaces left by removals.
  std::string out;
  for (char c : s.substr(f, l - f)) {
    if (IsSpace(c)) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      if (c == ')' && !out.empty() && out.back() == ' ') out.pop_back();
      out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  // "()" left by a removed percentage, and the "()" that removing one leaves
  // ("(())"): every "()" erased until none is left, in one pass.
  if (out.find("()") != std::string::npos) {
    size_t w = 0;
    for (size_t r = 0; r < out.size(); ++r) {
      if (out[r] == ')' && w > 0 && out[w - 1] == '(') {
        --w;
      } else {
        out[w++] = out[r];
      }
    }
    out.resize(w);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

// Footnote markers glued to names: * ** † ‡ ¹ ² ³ ⁴ ° ® ™.
size_t FootnoteMarkerLength(std::string_view s, size_t i) {
  char c = s[i];
  if (c == '*' || c == '^' || c == '#') return 1;
  unsigned char u = static_cast<unsigned char>(c);
  if (u != 0xC2 && u != 0xE2) return 0;
  static constexpr std::string_view kMarks[] = {
      "\xE2\x80\xA0", "\xE2\x80\xA1", "\xC2\xB9", "\xC2\xB2", "\xC2\xB3",     "\xE2\x81\xB4", "\xE2\x81\xB5",
      "\xE2\x81\xB6", "\xE2\x81\xB0", "\xC2\xB0", "\xC2\xAE", "\xE2\x84\xA2", "\xC2\xA9"};
  for (std::string_view m : kMarks) {
    if (s.compare(i, m.size(), m) == 0) return m.size();
  }
  return 0;
}

bool HasFootnoteMarker(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (FootnoteMarkerLength(s, i)) return true;
  }
  return false;
}

Result<std::unique_ptr<NameCleaner>> NameCleaner::Create() {
  std::unique_ptr<NameCleaner> c(new NameCleaner());
  for (const RE2* re :
       {&c->percent_, &c->batch_, &c->formula_code_, &c->qualifier_, &c->ocr_ci_, &c->name_noise_, &c->code_}) {
    if (!re->ok()) return Internal(fmt::format("name cleaner pattern '{}': {}", re->pattern(), re->error()));
  }
  return c;
}

std::string_view NameCleaner::TrailingCode(std::string_view raw) const {
  // Every code pattern needs a digit: most names have none.
  if (std::none_of(raw.begin(), raw.end(), IsDigit)) return {};
  for (const RE2* code_re : {&batch_, &formula_code_}) {
    // The batch pattern needs one of its words, the formula code a bracket.
    if (code_re == &batch_ ? !(ContainsLower(raw, "code") || ContainsLower(raw, "fil") || ContainsLower(raw, "f.i.l") ||
                               ContainsLower(raw, "lot") || ContainsLower(raw, "batch"))
                           : ascii::FindFirstOf(raw, "([") == std::string_view::npos) {
      continue;
    }
    re2::StringPiece whole;
    re2::StringPiece input(raw.data(), raw.size());
    size_t start = 0;
    while (code_re->Match(input, start, raw.size(), RE2::UNANCHORED, &whole, 1)) {
      size_t mb = static_cast<size_t>(whole.data() - raw.data());
      size_t me = mb + whole.size();
      const bool colour_index = code_re == &formula_code_ && RE2::PartialMatch(whole, ocr_ci_);
      if (mb > 0 && me == raw.size() && !colour_index) return raw.substr(mb);
      start = std::max(me, mb + 1);
    }
  }
  return {};
}

bool NameCleaner::IsCode(std::string_view raw) const {
  if (std::none_of(raw.begin(), raw.end(), IsDigit)) return false;
  // A production code starts with a digit or a capital and a digit; a formula code with a bracket.
  const bool code_start = !raw.empty() && (IsDigit(raw[0]) || (raw.size() > 1 && IsUpper(raw[0]) && IsDigit(raw[1])));
  const bool formula_start = !raw.empty() && (raw[0] == '[' || raw[0] == '(');
  return (code_start && RE2::FullMatch(raw, code_)) ||
         (formula_start && RE2::FullMatch(raw, formula_code_) && !RE2::PartialMatch(raw, ocr_ci_));
}

bool NameCleaner::Clean(std::string_view raw, std::string* names, NameNotes* notes) const {
  // One scan decides which cleanups can apply at all.
  bool has_digit = false, has_bracket = false, has_pct = false, has_marker = false, has_double_space = false;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (IsDigit(c)) {
      has_digit = true;
    } else if (c == '(' || c == '[' || c == ')' || c == ']') {
      has_bracket = true;
    } else if (c == '%') {
      has_pct = true;
    } else if (c == '*' || c == '^' || c == '#' || static_cast<unsigned char>(c) >= 0x80) {
      has_marker = true;
    } else if (c == '\n' || (c == ' ' && i > 0 && (raw[i - 1] == ' ' || raw[i - 1] == '\n'))) {
      has_double_space = true;  // a line break, or a space after a space or a line break
    }
  }
  // One pass for the words the batch and ppm cleanups look for.
  bool batch_word = false, ppm_word = false;
  if (has_digit) {
    for (size_t i = 0; i < raw.size() && !(batch_word && ppm_word); ++i) {
      const auto at = [&](std::string_view needle) { return StartsWithLower(raw.substr(i), needle); };
      switch (Lower(raw[i])) {
        case 'c': batch_word = batch_word || at("code"); break;
        case 'f': batch_word = batch_word || at("f.i.l") || at("fil "); break;
        case 'l': batch_word = batch_word || at("lot"); break;
        case 'b': batch_word = batch_word || at("batch"); break;
        case 'p': ppm_word = ppm_word || at("ppm"); break;
        default: break;
      }
    }
  }
  const bool maybe_batch = batch_word;
  const bool maybe_ppm = ppm_word;
  const bool maybe_ocr =
      has_digit && (raw.find("Cl") != std::string_view::npos || raw.find("C1") != std::string_view::npos ||
                    raw.find("C|") != std::string_view::npos || raw.find("Ci") != std::string_view::npos ||
                    raw.find("ci") != std::string_view::npos || raw.find("CI1") != std::string_view::npos ||
                    raw.find("CI2") != std::string_view::npos || raw.find("CI4") != std::string_view::npos ||
                    raw.find("CI7") != std::string_view::npos);
  const bool maybe_noise = (has_digit && HasCasShape(raw)) || HasNoiseWord(raw);
  if (!has_bracket && !has_pct && !has_marker && !has_double_space && !maybe_batch && !maybe_ppm && !maybe_ocr &&
      !maybe_noise) {
    // Fast path: only the ends need tidying.
    std::string_view v = TidyEndsFast(raw);
    if (v.empty()) return false;
    names->append(v);
    return true;
  }
  {
    std::string name(raw);
    if (maybe_noise) RE2::GlobalReplace(&name, name_noise_, "");
    if (maybe_batch && RE2::GlobalReplace(&name, batch_, " ") > 0) notes->batch_code = true;
    // Declared percentages: "Niacinamide 10%", "Titanium Dioxide (13%)", "(1450 ppm)".
    std::string n1, u1, n2, u2;
    if ((has_pct || maybe_ppm) && RE2::PartialMatch(name, percent_, &n1, &u1, &n2, &u2)) {
      std::string number = n1.empty() ? n2 : n1, unit = n1.empty() ? u2 : u1;
      bool ppm = unit == "ppm" || unit == "PPM" || unit == "Ppm";
      // "100,000 ppm": thousands; "7,34 %": a decimal comma.
      if (ppm) {
        number.erase(std::remove(number.begin(), number.end(), ','), number.end());
      } else {
        std::replace(number.begin(), number.end(), ',', '.');
      }
      double v = std::strtod(number.c_str(), nullptr);
      notes->percent = ppm ? v / 10000.0 : v;
      RE2::GlobalReplace(&name, percent_, " ");
    }
    // Qualifiers: "(nano)", "(organic)".
    if (has_bracket && MaybeQualifier(name)) {
      std::string q;
      re2::StringPiece in(name);
      while (RE2::FindAndConsume(&in, qualifier_, &q)) {
        std::string lower;
        for (char c : q) lower.push_back(Lower(c));
        if (lower == "nano") notes->nano = true;
      }
      RE2::GlobalReplace(&name, qualifier_, " ");
    }
    // Footnote markers glued to names: "Water*", "Aloe Vera¹".
    if (has_marker && HasFootnoteMarker(name)) {
      std::string cleaned;
      for (size_t i = 0; i < name.size();) {
        size_t n = FootnoteMarkerLength(name, i);
        if (n > 0) {
          cleaned.push_back(' ');
          i += n;
        } else {
          cleaned.push_back(name[i++]);
        }
      }
      name.swap(cleaned);
    }
    // OCR: "Cl 77491" -> "CI 77491".
    if (maybe_ocr) {
      std::string before = name;
      if (RE2::GlobalReplace(&name, ocr_ci_, "CI \\1") > 0 && before.find("CI ") == std::string::npos &&
          (before.find("Cl") != std::string::npos || before.find("C1") != std::string::npos ||
           before.find("C|") != std::string::npos)) {
        notes->ocr_before = std::move(before);
      }
    }
    name = TidyEnds(name);
    if (name.empty()) return false;
    names->append(name);
    return true;
  }
}

}  // namespace aftercare::text
