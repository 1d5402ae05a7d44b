#include "aftercare/text/normalizer.h"

#include "aftercare/base/ascii.h"
#include "aftercare/base/byte_mask.h"

#include <cstring>

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace aftercare::text {
namespace {

bool IsAscii(std::string_view s) {
  uint64_t high = 0;  // the top bits of every byte, ORed
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    high |= word;
  }
  for (; i < s.size(); ++i) high |= static_cast<unsigned char>(s[i]);
  return (high & 0x8080808080808080ull) == 0;
}

using ascii::IsSpace;

// What a block of 16 bytes holds that the key rules act on: bit k of each
// mask is byte k. Openers are '(' '[' '/', closers ')' ']' '/'; controls are
// the bytes below 0x20 (whitespace but the space among them) and 0x7f.
struct BlockMarks {
  uint32_t space, control, open, close;
};

// Writes the 16 bytes at `in` to `out` with 'a'-'z' upper-cased, and marks them.
BlockMarks UpperBlock(const char* in, char* out) {
#if defined(__SSE2__)
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in));
  // v in ['a', 'z']: a signed compare after shifting 'a' to -128.
  const __m128i lower = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(static_cast<char>(0x80 - 'a'))),
                                       _mm_set1_epi8(static_cast<char>(-128 + 26)));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out), _mm_sub_epi8(v, _mm_and_si128(lower, _mm_set1_epi8(0x20))));
  const auto is = [&](char c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); };
  const auto bits = [](__m128i m) { return static_cast<uint32_t>(_mm_movemask_epi8(m)); };
  // Signed, the bytes from 0x80 are below 0x20 too: those are not controls.
  const __m128i control =
      _mm_andnot_si128(_mm_cmplt_epi8(v, _mm_setzero_si128()), _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
  const __m128i slash = is('/');
  return {bits(is(' ')), bits(_mm_or_si128(control, is(0x7f))),
          bits(_mm_or_si128(_mm_or_si128(is('('), is('[')), slash)),
          bits(_mm_or_si128(_mm_or_si128(is(')'), is(']')), slash))};
#else
  BlockMarks m{};
  for (size_t k = 0; k < bytemask::kBlock; ++k) {
    const char c = in[k];
    out[k] = c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    const uint32_t bit = 1u << k;
    if (c == ' ') m.space |= bit;
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) m.control |= bit;
    if (c == '(' || c == '[' || c == '/') m.open |= bit;
    if (c == ')' || c == ']' || c == '/') m.close |= bit;
  }
  return m;
#endif
}

// Most names' keys are the names upper-cased: no control byte, no space
// first, last or after another, none just inside a bracket or beside a '/',
// no '.' last. For such a name, writes its key to out[0, in.size()) and
// returns true, 16 bytes at a time; else returns false (out holds junk).
bool KeyIsUpperCase(std::string_view in, char* out) {
  const size_t n = in.size();
  if (n == 0) return true;
  if (in.front() == ' ' || in.back() == ' ' || in.back() == '.') return false;
  uint32_t space_carry = 0, open_carry = 0;  // byte 15 of the block before
  for (size_t b = 0; b < n; b += bytemask::kBlock) {
    BlockMarks m;
    if (n - b >= bytemask::kBlock) {
      m = UpperBlock(in.data() + b, out + b);
    } else {
      char tail[bytemask::kBlock] = {}, upper[bytemask::kBlock];
      std::memcpy(tail, in.data() + b, n - b);
      m = UpperBlock(tail, upper);
      std::memcpy(out + b, upper, n - b);
      const uint32_t keep = (1u << (n - b)) - 1;
      m = {m.space & keep, m.control & keep, m.open & keep, m.close & keep};
    }
    const uint32_t after_space = (m.space << 1) | space_carry;  // bit k: byte k - 1 is a space
    const uint32_t after_open = (m.open << 1) | open_carry;
    if (m.control != 0 || (m.space & (after_space | after_open)) != 0 || (m.close & after_space) != 0) return false;
    space_carry = (m.space >> (bytemask::kBlock - 1)) & 1;
    open_carry = (m.open >> (bytemask::kBlock - 1)) & 1;
  }
  return true;
}

}  // namespace

std::string AsciiKey(std::string_view in) {
  std::string out;
  AsciiKeyInto(in, &out);
  return out;
}

size_t AsciiKeyTo(std::string_view in, char* out) {
  if (KeyIsUpperCase(in, out)) return in.size();
  char* const begin = out;
  char* o = begin;
  bool pending_space = false;
  for (char raw : in) {
    char c = raw;
    if (IsSpace(c)) {
      pending_space = o != begin;
      continue;
    }
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) continue;  // control bytes
    if (pending_space) {
      // No space after an opening bracket or '/', none before a closing bracket or '/'.
      char prev = o[-1];
      bool drop = prev == '(' || prev == '[' || prev == '/' || c == ')' || c == ']' || c == '/';
      if (!drop) *o++ = ' ';
      pending_space = false;
    }
    *o++ = c;
  }
  while (o != begin && (o[-1] == '.' || o[-1] == ' ')) --o;
  return static_cast<size_t>(o - begin);
}

void AsciiKeyInto(std::string_view in, std::string* out) {
  out->resize(in.size());  // one byte out per byte in at most
  out->resize(AsciiKeyTo(in, out->data()));
}

Result<Normalizer> Normalizer::Create(std::string_view fold_table) {
  Normalizer n;
  UErrorCode status = U_ZERO_ERROR;
  n.nfkc_ = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) return Internal(std::string("ICU NFKC: ") + u_errorName(status));
  n.nfc_ = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return Internal(std::string("ICU NFC: ") + u_errorName(status));
  std::optional<FoldTable> table = FoldTable::View(fold_table);
  if (!table) return DataError("the fold table is missing or malformed; rebuild the database");
  n.table_ = *table;
  return n;
}

void Normalizer::Fold(std::string_view utf8, std::string* out) const {
  // Well-formed first: each ill-formed sequence becomes U+FFFD, as ICU's
  // UnicodeString::fromUTF8 makes it (both replace the maximal subpart).
  std::string valid;
  bool replaced = false;
  for (int32_t i = 0, n = static_cast<int32_t>(utf8.size()); i < n;) {
    const int32_t at = i;
    UChar32 cp;
    U8_NEXT(utf8.data(), i, n, cp);
    if (cp < 0 && !replaced) {
      valid.assign(utf8.substr(0, static_cast<size_t>(at)));
      replaced = true;
    }
    if (cp < 0) {
      valid.append("\xEF\xBF\xBD");
    } else if (replaced) {
      valid.append(utf8.substr(static_cast<size_t>(at), static_cast<size_t>(i - at)));
    }
  }
  std::string_view text = replaced ? std::string_view(valid) : utf8;
  UErrorCode status = U_ZERO_ERROR;
  std::string nfkc;
  if (!nfkc_->isNormalizedUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())), status) &&
      U_SUCCESS(status)) {
    icu::StringByteSink<std::string> sink(&nfkc);
    nfkc_->normalizeUTF8(0, icu::StringPiece(text.data(), static_cast<int32_t>(text.size())), sink, nullptr, status);
    if (U_SUCCESS(status)) text = nfkc;
  }
  const size_t start = out->size();
  bool ascii = true;
  for (int32_t i = 0, n = static_cast<int32_t>(text.size()); i < n;) {
    const int32_t at = i;
    UChar32 cp;
    U8_NEXT_UNSAFE(text.data(), i, cp);
    const std::optional<std::string_view> fold = cp < 0x80 ? std::nullopt : table_.Find(static_cast<char32_t>(cp));
    const std::string_view piece = fold ? *fold : text.substr(static_cast<size_t>(at), static_cast<size_t>(i - at));
    out->append(piece);
    ascii = ascii && IsAscii(piece);
  }
  // ICU composes again once the marks are gone: a Hangul syllable and the
  // final consonant a mark stood between become one syllable. What is left
  // outside ASCII is composed the same way (Latin text never gets here).
  if (ascii) return;
  const std::string_view folded = std::string_view(*out).substr(start);
  const icu::StringPiece piece(folded.data(), static_cast<int32_t>(folded.size()));
  status = U_ZERO_ERROR;
  if (nfc_->isNormalizedUTF8(piece, status) || U_FAILURE(status)) return;
  std::string composed;
  icu::StringByteSink<std::string> sink(&composed);
  nfc_->normalizeUTF8(0, piece, sink, nullptr, status);
  if (U_FAILURE(status)) return;
  out->resize(start);
  out->append(composed);
}

std::string_view Normalizer::KeyInto(std::string_view name, KeyBuffer* buf) const {
  if (IsAscii(name)) {
    char* room = buf->Room(name.size());
    return {room, AsciiKeyTo(name, room)};
  }
  std::string folded;
  folded.reserve(name.size());
  Fold(name, &folded);
  char* room = buf->Room(folded.size());
  return {room, AsciiKeyTo(folded, room)};
}

std::string Normalizer::Key(std::string_view name) const {
  KeyBuffer buf;
  return std::string(KeyInto(name, &buf));
}

}  // namespace aftercare::text
