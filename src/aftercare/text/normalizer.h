// Name normalisation for matching (text stage): turns any way a label writes an
// ingredient name into a lookup key. Non-ASCII text is NFKC-normalised (ICU),
// then each character is folded by the table the DB build packed (marks
// removed, Latin-ASCII, upper case; fold_table.h); plain ASCII takes a fast
// path. Immutable once created: Key() may be called from any thread.
#ifndef AFTERCARE_TEXT_NORMALIZER_H_
#define AFTERCARE_TEXT_NORMALIZER_H_

#include <string>
#include <string_view>

#include "aftercare/base/status.h"
#include "aftercare/text/fold_table.h"

#include <unicode/uversion.h>

U_NAMESPACE_BEGIN
class Normalizer2;
U_NAMESPACE_END

namespace aftercare::text {

// Room for one key: inside the buffer for a name of up to kInline bytes
// (nearly every name), on the heap beyond, so that keying a name to look it
// up allocates nothing. Not copyable: a key is a view into it.
class KeyBuffer {
 public:
  static constexpr size_t kInline = 128;
  KeyBuffer() = default;
  KeyBuffer(const KeyBuffer&) = delete;
  KeyBuffer& operator=(const KeyBuffer&) = delete;

 private:
  friend class Normalizer;
  char* Room(size_t n) {
    if (n <= kInline) return inline_;
    heap_.resize(n);
    return heap_.data();
  }
  char inline_[kInline];
  std::string heap_;
};

class Normalizer {
 public:
  // A normaliser folding characters by `fold_table`, a PackFoldTable blob
  // (IngredientDb::fold_table() reads the DB's). kDataError when the blob is
  // not one; kInternal if ICU lacks NFKC. REQUIRES: the blob outlives it.
  static Result<Normalizer> Create(std::string_view fold_table);

  // The lookup key of a name: NFKC, accents removed (Latin-ASCII), upper case,
  // whitespace runs collapsed to one space, trimmed, no spaces just inside
  // brackets or around '/', trailing periods dropped.
  // "  Glycérine " -> "GLYCERINE"; "Styrene / Acrylates Copolymer" ->
  // "STYRENE/ACRYLATES COPOLYMER"; "Alcohol Denat." -> "ALCOHOL DENAT".
  // Invalid UTF-8 bytes are replaced by U+FFFD (then dropped by the key rules).
  // The same key as AsciiKey(IcuFolder::Fold(name)), in linear time.
  std::string Key(std::string_view name) const;
  // The same, written into *buf: valid until *buf is used again or goes.
  std::string_view KeyInto(std::string_view name, KeyBuffer* buf) const;

 private:
  Normalizer() = default;
  // NFKC, then each character by the table, then NFC; appended to *out.
  void Fold(std::string_view utf8, std::string* out) const;

  const icu::Normalizer2* nfkc_ = nullptr;  // owned by ICU
  const icu::Normalizer2* nfc_ = nullptr;   // owned by ICU
  FoldTable table_;
};

// The ASCII part of Key(): upper-case and tidy already-ASCII text.
std::string AsciiKey(std::string_view ascii);
void AsciiKeyInto(std::string_view ascii, std::string* out);
// The same into out[0, ascii.size()), which it writes no further; returns the
// key's length.
size_t AsciiKeyTo(std::string_view ascii, char* out);

}  // namespace aftercare::text

#endif  // AFTERCARE_TEXT_NORMALIZER_H_
