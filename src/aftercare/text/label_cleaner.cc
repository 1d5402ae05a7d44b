#include "aftercare/text/label_cleaner.h"

#include <algorithm>
#include <cstdlib>

#include "aftercare/base/ascii.h"
#include "aftercare/base/byte_mask.h"

namespace aftercare::text {
namespace {

using ascii::IsAlpha;
using ascii::IsDigit;
using ascii::IsSpace;
using ascii::Lower;

void CleanPlain(std::string_view s, Cleaner* c);

// Appends the UTF-8 encoding of `cp`.
void AppendUtf8(uint32_t cp, Cleaner* c, uint32_t orig) {
  char buf[4];
  int n;
  if (cp < 0x80) {
    buf[0] = static_cast<char>(cp);
    n = 1;
  } else if (cp < 0x800) {
    buf[0] = static_cast<char>(0xC0 | (cp >> 6));
    buf[1] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    buf[0] = static_cast<char>(0xE0 | (cp >> 12));
    buf[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    buf[2] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 3;
  } else if (cp <= 0x10FFFF) {
    buf[0] = static_cast<char>(0xF0 | (cp >> 18));
    buf[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    buf[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    buf[3] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 4;
  } else {
    return;
  }
  c->PutStr(std::string_view(buf, static_cast<size_t>(n)), orig);
}

// Decodes an HTML entity at s[i] ('&'); returns its length, 0 when it is none.
size_t DecodeEntity(std::string_view s, size_t i, Cleaner* c) {
  size_t semi = s.find(';', i);
  if (semi == std::string_view::npos || semi - i > 10 || semi == i + 1) return 0;
  std::string_view name = s.substr(i + 1, semi - i - 1);
  uint32_t orig = static_cast<uint32_t>(i);
  uint32_t cp = 0;
  if (name[0] == '#') {
    bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
    std::string digits(name.substr(hex ? 2 : 1));
    if (digits.empty()) return 0;
    for (char d : digits) {
      if (!(IsDigit(d) || (hex && ((d >= 'a' && d <= 'f') || (d >= 'A' && d <= 'F'))))) return 0;
    }
    cp = static_cast<uint32_t>(std::strtoul(digits.c_str(), nullptr, hex ? 16 : 10));
    if (cp == 0 || cp > 0x10FFFF) return 0;
  } else {
    // clang-format off
    static const struct { const char* name; uint32_t cp; } kNamed[] = {
        {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}, {"nbsp", ' '},
        {"eacute", 0xE9}, {"egrave", 0xE8}, {"agrave", 0xE0}, {"ccedil", 0xE7}, {"ndash", '-'},
        {"mdash", '-'}, {"rsquo", 0x2019}, {"lsquo", 0x2018}, {"reg", 0xAE}, {"trade", 0x2122},
        {"middot", ','}, {"bull", ','}, {"deg", 0xB0}, {"plusmn", 0xB1}, {"micro", 0xB5}};
    // clang-format on
    bool found = false;
    std::string lower_name;
    for (char ch : name) lower_name.push_back(Lower(ch));
    for (const auto& e : kNamed) {
      if (lower_name == e.name) {
        cp = e.cp;
        found = true;
        break;
      }
    }
    if (!found) return 0;
  }
  c->had_entity = true;
  if (cp == ',' || cp == ';' || cp == '\t') {
    c->Put(',', orig);
  } else {
    AppendUtf8(cp, c, orig);
  }
  return semi - i + 1;
}

// Multi-byte punctuation that labels use as separators or brackets.
struct Replacement {
  std::string_view utf8;
  std::string_view ascii;
};
constexpr Replacement kReplacements[] = {
    {"\xEF\xBC\x8C", ","},   // ， full-width comma
    {"\xE3\x80\x81", ","},   // 、 ideographic comma
    {"\xEF\xBC\x9B", ","},   // ； full-width semicolon
    {"\xEF\xBC\x9A", ":"},   // ： full-width colon
    {"\xEF\xBC\x88", "("},   // （
    {"\xEF\xBC\x89", ")"},   // ）
    {"\xEF\xBC\xBB", "["},   // ［
    {"\xEF\xBC\xBD", "]"},   // ］
    {"\xE3\x80\x90", "["},   // 【
    {"\xE3\x80\x91", "]"},   // 】
    {"\xE3\x80\x82", "."},   // 。
    {"\xE2\x80\xA2", ","},   // • bullet
    {"\xE2\x80\xA7", ","},   // ‧
    {"\xE2\x88\x99", ","},   // ∙
    {"\xE2\x97\x8F", ","},   // ●
    {"\xE2\x97\xA6", ","},   // ◦
    {"\xE3\x83\xBB", ","},   // ・ katakana middle dot
    {"\xC2\xB7", ","},       // · middle dot
    {"\xC2\xA0", " "},       // no-break space
    {"\xE2\x80\xAF", " "},   // narrow no-break space
    {"\xE2\x80\x89", " "},   // thin space
    {"\xE3\x80\x80", " "},   // ideographic space
    {"\xE2\x80\x8B", ""},    // zero-width space
    {"\xEF\xBB\xBF", ""},    // BOM
    {"\xE2\x80\x90", "-"},   // ‐
    {"\xE2\x80\x91", "-"},   // ‑
    {"\xE2\x80\x93", "-"},   // – en dash
    {"\xE2\x80\x94", "-"},   // — em dash
    {"\xE2\x88\x92", "-"},   // − minus
    {"\xE2\x81\x84", "/"},   // ⁄ fraction slash
    {"\xE2\x88\x95", "/"},   // ∕ division slash
    {"\xC2\xB1", "+/-"},     // ±
    {"\xE2\x80\x9C", "\""},  // “
    {"\xE2\x80\x9D", "\""},  // ”
};

// A label pasted as a list of paragraphs — "['Bar:', 'Water, Glycerin']", as
// retailer exports store kits — becomes one paragraph per line. Returns false
// (and writes nothing) when `s` is not such a list.
bool DecodeListLiteral(std::string_view s, Cleaner* c) {
  size_t i = 0;
  while (i < s.size() && IsSpace(s[i])) ++i;
  if (i + 1 >= s.size() || s[i] != '[' || (s[i + 1] != '\'' && s[i + 1] != '"' && !IsSpace(s[i + 1]))) return false;
  size_t end = s.size();
  while (end > i && IsSpace(s[end - 1])) --end;
  if (end == 0 || s[end - 1] != ']') return false;
  ++i;
  Cleaner out;
  bool first = true;
  size_t last_close = i;
  while (true) {
    while (i < end && (IsSpace(s[i]) || s[i] == ',')) ++i;
    if (i >= end - 1) break;  // the closing ']'
    char quote = s[i];
    if (quote != '\'' && quote != '"') return false;
    ++i;
    if (!first) out.Put('\n', static_cast<uint32_t>(last_close));
    first = false;
    bool closed = false;
    while (i < end) {
      char ch = s[i];
      if (ch == quote) {
        last_close = i;
        ++i;
        closed = true;
        break;
      }
      if (ch == '\\' && i + 1 < end) {
        char n = s[i + 1];
        char put = n == 'n' ? '\n' : n == 't' ? ',' : n;
        if (n == 'x' || n == 'u') put = ' ';  // rare escapes: a space keeps the text readable
        out.Put(put, static_cast<uint32_t>(i));
        i += 2;
        continue;
      }
      out.Put(ch, static_cast<uint32_t>(i));
      ++i;
    }
    if (!closed) return false;
  }
  if (first) return false;
  // Clean the decoded text in its turn, composing the offset maps.
  Cleaner inner;
  std::string decoded = out.out;
  std::vector<uint32_t> outer_map = out.identity ? std::vector<uint32_t>() : out.map;
  if (out.identity) {
    outer_map.resize(decoded.size());
    for (uint32_t k = 0; k < decoded.size(); ++k) outer_map[k] = k;
  }
  outer_map.push_back(static_cast<uint32_t>(last_close));  // the end of the last paragraph
  CleanPlain(decoded, &inner);
  c->out = std::move(inner.out);
  c->had_entity = inner.had_entity;
  c->identity = false;
  c->map.resize(c->out.size() + 1);
  for (size_t k = 0; k <= c->out.size(); ++k) {
    uint32_t mid = inner.identity ? static_cast<uint32_t>(std::min(k, decoded.size())) : inner.map[k];
    c->map[k] = outer_map[std::min<size_t>(mid, outer_map.size() - 1)];
  }
  return true;
}

// The bytes cleaning does not copy as they are: control bytes, bytes outside
// ASCII and the separators and escapes it rewrites.
uint32_t NonPlainBytes(const char* p) { return bytemask::ControlOrHigh(p) | bytemask::AnyOf<'&', ';', '|', '\\'>(p); }

void CleanPlain(std::string_view s, Cleaner* c) {
  c->out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    // Plain bytes are copied in one run.
    const size_t run = bytemask::Find<NonPlainBytes>(s.data(), i, s.size());
    if (run > i) {
      if (c->identity && i != c->out.size()) c->Put(s[i], static_cast<uint32_t>(i)), ++i;  // leaves identity mode
      if (c->identity) {
        c->out.append(s.data() + i, run - i);
      } else {
        for (size_t k = i; k < run; ++k) c->Put(s[k], static_cast<uint32_t>(k));
      }
      i = run;
      continue;
    }
    char ch = s[i];
    uint32_t orig = static_cast<uint32_t>(i);
    unsigned char u = static_cast<unsigned char>(ch);
    if (u < 0x80) {
      if (ch == '&') {
        if (size_t n = DecodeEntity(s, i, c)) {
          i += n;
          continue;
        }
      }
      if (ch == '\r') {
        // CRLF -> " \n" and a lone CR -> "\n": same length, so offsets stay put.
        c->Put(i + 1 < s.size() && s[i + 1] == '\n' ? ' ' : '\n', orig);
      } else if (ch == ';' || ch == '|' || ch == '\t') {
        c->Put(',', orig);
      } else if (ch == '\\') {
        c->Put('/', orig);  // "Water\Aqua\Eau"
      } else if (u < 0x20 && ch != '\n') {
        c->Put(' ', orig);
      } else {
        c->Put(ch, orig);
      }
      ++i;
      continue;
    }
    bool replaced = false;
    if (u == 0xC2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xB7 && IsDigit(s[i + 2]) && i > 0 &&
        IsAlpha(s[i - 1])) {
      c->Put('-', orig);  // "Ceteareth·20": a middle dot inside a name
      c->had_dot_hyphen = true;
      i += 2;
      continue;
    }
    if (u == 0xC2 || u == 0xE2 || u == 0xE3 || u == 0xEF) {
      for (const auto& r : kReplacements) {
        if (s.compare(i, r.utf8.size(), r.utf8) == 0) {
          c->PutStr(r.ascii, orig);
          i += r.utf8.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) c->Put(s[i++], orig);
  }
  if (!c->identity) {
    c->map.push_back(static_cast<uint32_t>(s.size()));
  } else if (c->out.size() != s.size()) {
    // Bytes were dropped at the very end (a trailing BOM): make the map explicit.
    c->map.resize(c->out.size() + 1);
    for (uint32_t k = 0; k < c->out.size(); ++k) c->map[k] = k;
    c->map[c->out.size()] = static_cast<uint32_t>(s.size());
  }
}

}  // namespace

void CleanLabel(std::string_view label, Cleaner* c) {
  if (DecodeListLiteral(label, c)) return;
  CleanPlain(label, c);
}

}  // namespace aftercare::text
