// Name normalisation for matching (text stage): turns any way a label writes an
// ingredient name into a lookup key. ICU does NFKC, Latin-ASCII transliteration
// and upper-casing for non-ASCII text; plain ASCII takes a fast path.
// Thread-safe: Key() may be called concurrently (the ICU path is serialised).
// The ICU transliterator is built on the first non-ASCII, non-Latin-1 name:
// building it costs ~150M instructions (ICU's registry), and most runs never need it.
#ifndef AFTERCARE_TEXT_NORMALIZER_H_
#define AFTERCARE_TEXT_NORMALIZER_H_

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "aftercare/base/status.h"

#include <unicode/uversion.h>

U_NAMESPACE_BEGIN
class Transliterator;
class Normalizer2;
U_NAMESPACE_END

namespace aftercare::text {

class Normalizer {
 public:
  // Gets ICU's NFKC normaliser; fails with kInternal if ICU lacks it. The
  // transliterator is built later, once, on first use; should ICU lack its
  // rules then, non-ASCII text is folded with NFKC and upper-casing only.
  static Result<Normalizer> Create();

  Normalizer(Normalizer&&) noexcept;
  Normalizer& operator=(Normalizer&&) noexcept;
  ~Normalizer();

  // The lookup key of a name: NFKC, accents removed (Latin-ASCII), upper case,
  // whitespace runs collapsed to one space, trimmed, no spaces just inside
  // brackets or around '/', trailing periods dropped.
  // "  Glycérine " -> "GLYCERINE"; "Styrene / Acrylates Copolymer" ->
  // "STYRENE/ACRYLATES COPOLYMER"; "Alcohol Denat." -> "ALCOHOL DENAT".
  // Invalid UTF-8 bytes are replaced by U+FFFD (then dropped by the key rules).
  std::string Key(std::string_view name) const;
  // The same, written into *out (its capacity is reused).
  void KeyInto(std::string_view name, std::string* out) const;
  // The same key computed by ICU alone, without the fast paths: what they
  // must agree with (for tests).
  std::string KeyByIcu(std::string_view name) const;

 private:
  Normalizer() = default;
  std::string IcuFold(std::string_view utf8) const;       // in pieces when long: linear time
  std::string IcuFoldPiece(std::string_view utf8) const;  // NFKC, marks removed, Latin-ASCII, upper case
  // Folds the character at s[*i] alone when it never combines with its
  // neighbours (so alone and in context fold the same), appends it to *out
  // and moves *i past it; false (nothing done) otherwise.
  bool FoldAlone(std::string_view s, size_t* i, std::string* out) const;

  struct Transliteration {
    std::once_flag built;
    std::unique_ptr<icu::Transliterator> to_ascii;  // null if ICU lacks the rules
    std::mutex mu;                                  // ICU transliterators are not thread-safe
    // FoldAlone's memory: code point -> its folding (nullopt: needs its context).
    std::mutex fold_mu;
    std::unordered_map<int32_t, std::optional<std::string>> fold;
  };
  const icu::Normalizer2* nfkc_ = nullptr;     // owned by ICU
  std::unique_ptr<Transliteration> translit_;  // on the heap: once_flag and mutex do not move
};

// The ASCII part of Key(): upper-case and tidy already-ASCII text.
std::string AsciiKey(std::string_view ascii);
void AsciiKeyInto(std::string_view ascii, std::string* out);

}  // namespace aftercare::text

#endif  // AFTERCARE_TEXT_NORMALIZER_H_
