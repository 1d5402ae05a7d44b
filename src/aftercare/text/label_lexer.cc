#include "aftercare/text/label_lexer.h"

#include <algorithm>
#include <array>

#include "aftercare/base/ascii.h"
#include "aftercare/base/byte_mask.h"

namespace aftercare::text {
namespace {

constexpr std::array<uint16_t, 256> kKind = [] {
  std::array<uint16_t, 256> t{};
  const auto set = [&](char c, uint16_t kind) { t[static_cast<unsigned char>(c)] = kind; };
  set(',', kComma);
  set('.', kFullStop);
  set('!', kSentenceEnd);
  set('?', kSentenceEnd);
  set(':', kColon);
  for (char c : {'(', '[', '{'}) set(c, kOpen);
  for (char c : {')', ']', '}'}) set(c, kClose);
  set('-', kDash);
  set('*', kStar);
  set('%', kPercent);
  set('<', kAngle);
  return t;
}();

// The bytes of a block of 16 that may be marks or keywords: every mark,
// '+', 'v' and 'V', and a few bytes that are none (the table tells them
// apart). With SSE2 the bytes are first folded by setting bit 0x20: '[' ']'
// become '{' '}', 'V' becomes 'v' and '\n' becomes '*', so nine compares and
// one range test ('(' to '.') find them all.
uint32_t MarkBytes(const char* p) {
#if defined(__SSE2__)
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i f = _mm_or_si128(v, _mm_set1_epi8(0x20));
  const auto is = [&](char c) { return _mm_cmpeq_epi8(f, _mm_set1_epi8(c)); };
  // f in ['(', '.']: a signed compare after shifting '(' to -128.
  const __m128i shifted = _mm_add_epi8(f, _mm_set1_epi8(static_cast<char>(0x80 - '(')));
  const __m128i range = _mm_cmplt_epi8(shifted, _mm_set1_epi8(static_cast<char>(-128 + ('.' - '(' + 1))));
  const __m128i m =
      _mm_or_si128(_mm_or_si128(_mm_or_si128(range, is('!')), _mm_or_si128(is('%'), is(':'))),
                   _mm_or_si128(_mm_or_si128(is('<'), is('?')), _mm_or_si128(_mm_or_si128(is('{'), is('}')), is('v'))));
  return static_cast<uint32_t>(_mm_movemask_epi8(m));
#else
  return bytemask::AnyOf<'\n', ',', '.', '!', '?', ':', '(', '[', '{', ')', ']', '}', '-', '*', '%', '<', '+', 'v',
                         'V'>(p);
#endif
}

// Not a kind: the word may be the second of "may contain" or a translation.
constexpr uint8_t kSecondWord = 1u << 5;
// Which section words may start with a word, by its first three bytes: each
// marker's first words, hashed into a table of the kinds they may start.
constexpr uint32_t TrigramHash(char a, char b, char c) {
  const uint32_t bytes = static_cast<unsigned char>(a) | static_cast<unsigned char>(b) << 8 |
                         static_cast<uint32_t>(static_cast<unsigned char>(c)) << 16;
  return (bytes * 0x9E3779B1u) >> 20;  // the top 12 bits of a Fibonacci hash
}
constexpr std::array<uint8_t, 4096> kFirstWords = [] {
  std::array<uint8_t, 4096> t{};
  const auto add = [&](std::string_view words, uint8_t kinds) {
    for (size_t at = 0; at < words.size(); at += 4) t[TrigramHash(words[at], words[at + 1], words[at + 2])] |= kinds;
  };
  add("ing lng 1ng inc inh ful com zut skl sk\xC5 bes ain ", kHeadingWord);
  add("dru act ", kActiveWord);
  add("ina oth ", kInactiveWord);
  add("may peu pue puo pu\xC3 kan pod ", kMayContainWord);
  add("use war dir oth que kee ", kDrugProseWord);
  add("con ent ", kSecondWord);
  return t;
}();

// The keywords a word start at text[i] finds (i + 2 < text.size()).
inline void KeywordsAt(std::string_view text, size_t i, std::vector<Keyword>* out) {
  const char a = ascii::Lower(text[i]), b = ascii::Lower(text[i + 1]), c = ascii::Lower(text[i + 2]);
  const auto at = static_cast<uint32_t>(i);
  const uint8_t may = kFirstWords[TrigramHash(a, b, c)];
  if (may == 0) return;
  if ((may & ~kSecondWord) != 0) out->push_back({at, static_cast<uint8_t>(may & ~kSecondWord)});
  // The second word of "may contain" and its translations ("contenir",
  // "enthalten", ...) after spaces: the word before it may end in "may",
  // inside a word too ("dismay contain").
  if ((may & kSecondWord) == 0 || !((a == 'c' && b == 'o' && c == 'n') || (a == 'e' && b == 'n' && c == 't'))) return;
  size_t k = i;
  while (k > 0 && ascii::IsRe2Space(text[k - 1])) --k;  // the space between the two words
  if (k == i) return;
  static constexpr std::string_view kFirstOfMayContain[] = {"may",  "peut", "puede",      "kann",
                                                            "pode", "puo",  "pu\xC3\xB2", "pu\xC3\x92"};
  for (std::string_view first : kFirstOfMayContain) {
    if (k >= first.size() && ascii::StartsWithLower(text.substr(k - first.size()), first)) {
      out->push_back({static_cast<uint32_t>(k - first.size()), kMayContainWord});
    }
  }
}

}  // namespace

uint8_t SectionWordsAt(char a, char b, char c) {
  return kFirstWords[TrigramHash(ascii::Lower(a), ascii::Lower(b), ascii::Lower(c))] & ~kSecondWord;
}

uint16_t MarkKindOf(char c) { return kKind[static_cast<unsigned char>(c)]; }

void Lex(std::string_view text, LabelLexemes* out) {
  std::vector<Keyword>& keywords = out->keywords;
  out->line_breaks.clear();
  keywords.clear();
  const size_t n = text.size();
  // One word of bits past the text's last byte: a scan may load it, and finds nothing.
  out->marks.assign((n / 64 + 1) * kMarkKinds, 0);
  uint64_t* const marks = out->marks.data();
  uint32_t carry = 0;  // the byte before the block is a word byte
  for (size_t block = 0; block < n; block += bytemask::kBlock) {
    const char* p = text.data() + block;
    const bool whole = n - block >= bytemask::kBlock;
    // Marks, line breaks, '+' and the 'v' of "inactiv".
    uint32_t mask = whole ? MarkBytes(p) : bytemask::Tail<MarkBytes>(p, n - block);
    for (; mask != 0; mask &= mask - 1) {
      const size_t at = block + static_cast<size_t>(__builtin_ctz(mask));
      const char c = text[at];
      if (const uint16_t kind = kKind[static_cast<unsigned char>(c)]; kind != 0) {
        marks[(at / 64) * kMarkKinds + static_cast<size_t>(__builtin_ctz(kind))] |= uint64_t{1} << (at % 64);
      } else if (c == '\n') {
        out->line_breaks.push_back(static_cast<uint32_t>(at));
      } else if (c == '+') {
        keywords.push_back({static_cast<uint32_t>(at), kMayContainWord});
      } else if ((c | 0x20) == 'v' && at >= 6 && ascii::StartsWithLower(text.substr(at - 6), "inactiv")) {
        keywords.push_back({static_cast<uint32_t>(at - 6), kInactiveWord});
      }
    }
    // Word starts (RE2's \w), each looked up by its first three bytes.
    const uint32_t word = whole ? bytemask::WordBytes(p) : bytemask::Tail<bytemask::WordBytes>(p, n - block);
    uint32_t starts = word & ~((word << 1) | carry);
    carry = (word >> (bytemask::kBlock - 1)) & 1;
    for (; starts != 0; starts &= starts - 1) {
      const size_t i = block + static_cast<size_t>(__builtin_ctz(starts));
      if (i + 2 >= n) break;  // every first word has three bytes or more
      KeywordsAt(text, i, &keywords);
    }
  }
  const auto by_at = [](const Keyword& x, const Keyword& y) { return x.at < y.at; };
  if (!std::is_sorted(keywords.begin(), keywords.end(), by_at)) {
    std::stable_sort(keywords.begin(), keywords.end(), by_at);
  }
}

}  // namespace aftercare::text
