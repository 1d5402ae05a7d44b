// How each character folds into a lookup key (text stage): its marks
// removed, transliterated to ASCII where Latin-ASCII knows it, upper-cased.
// ICU defines the folding (IcuFolder), but building its transliterator costs
// some 150M instructions (ICU's registry), more than a whole `check`. So the
// DB build packs the folding of every character once into a table
// (PackFoldTable) and Normalizer reads it in place (FoldTable): a key is NFKC
// then this table, character by character. Only the build, `db check` and
// the tests build the transliterator.
//
// Layout of the blob, little-endian u32s then bytes:
//   count, code_points[count] (ascending), offsets[count + 1],
//   the foldings back to back (code point i folds to [offsets[i], offsets[i + 1])).
// It holds the characters that can stand in NFKC text and fold to something
// other than themselves; every other character folds to itself.
#ifndef AFTERCARE_TEXT_FOLD_TABLE_H_
#define AFTERCARE_TEXT_FOLD_TABLE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aftercare/base/status.h"

#include <unicode/uversion.h>

U_NAMESPACE_BEGIN
class Transliterator;
class Normalizer2;
U_NAMESPACE_END

namespace aftercare::text {

// ICU's folding of a text: NFKC, nonspacing marks removed, Latin-ASCII, NFC,
// upper case. The reference the table is packed from and checked against.
// Slow to create; not thread-safe (ICU transliterators are not).
class IcuFolder {
 public:
  // kInternal when ICU lacks NFKC or the transliterator's rules.
  static Result<std::unique_ptr<IcuFolder>> Create();
  ~IcuFolder();

  // Invalid UTF-8 becomes U+FFFD. Its time grows with the square of the
  // length of `utf8` (the transliterator rescans the text per mark removed):
  // for characters and names, not whole labels.
  std::string Fold(std::string_view utf8) const;

 private:
  IcuFolder() = default;
  const icu::Normalizer2* nfkc_ = nullptr;  // owned by ICU
  std::unique_ptr<icu::Transliterator> to_ascii_;
};

// The blob of `folds`: (code point, what it folds to), code points ascending.
std::string PackFoldings(const std::vector<std::pair<uint32_t, std::string>>& folds);
// The blob of every character's folding, computed with `folder`.
std::string PackFoldTable(const IcuFolder& folder);
// The same with an IcuFolder of its own. kInternal as IcuFolder::Create.
Result<std::string> PackFoldTable();

class FoldTable {
 public:
  FoldTable() = default;  // folds nothing: every character to itself
  // A view of a packed table; nullopt when `blob` is not one. REQUIRES: the
  // blob outlives the view.
  static std::optional<FoldTable> View(std::string_view blob);

  // What code point `cp` folds to, or nullopt when it folds to itself.
  std::optional<std::string_view> Find(char32_t cp) const;
  size_t size() const { return count_; }

 private:
  uint32_t CodePoint(size_t i) const;
  std::string_view blob_;
  size_t count_ = 0;
};

}  // namespace aftercare::text

#endif  // AFTERCARE_TEXT_FOLD_TABLE_H_
