#include "aftercare/text/normalizer.h"

#include "aftercare/base/ascii.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace aftercare::text {
namespace {

bool IsAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

using ascii::IsSpace;

}  // namespace

std::string AsciiKey(std::string_view in) {
  std::string out;
  AsciiKeyInto(in, &out);
  return out;
}

void AsciiKeyInto(std::string_view in, std::string* out_ptr) {
  // Written through a raw pointer into a buffer sized for the worst case (one
  // byte out per byte in), then cut to length: no capacity test per byte.
  std::string& out = *out_ptr;
  out.resize(in.size());
  char* const begin = out.data();
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
  out.resize(static_cast<size_t>(o - begin));
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

std::string Normalizer::Key(std::string_view name) const {
  std::string out;
  KeyInto(name, &out);
  return out;
}

void Normalizer::KeyInto(std::string_view name, std::string* out) const {
  if (IsAscii(name)) {
    AsciiKeyInto(name, out);
    return;
  }
  std::string folded;
  folded.reserve(name.size());
  Fold(name, &folded);
  // Anything still outside ASCII (non-Latin scripts, symbols) is kept: a key may
  // be non-ASCII, it just will not equal a CosIng name.
  AsciiKeyInto(folded, out);
}

}  // namespace aftercare::text
