#include "aftercare/text/fold_table.h"

#include "aftercare/base/little_endian.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace aftercare::text {

Result<std::unique_ptr<IcuFolder>> IcuFolder::Create() {
  std::unique_ptr<IcuFolder> f(new IcuFolder());
  UErrorCode status = U_ZERO_ERROR;
  f->nfkc_ = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) return Internal(std::string("ICU NFKC: ") + u_errorName(status));
  UParseError parse_error;
  f->to_ascii_.reset(icu::Transliterator::createInstance(
      icu::UnicodeString::fromUTF8("NFD; [:Nonspacing Mark:] Remove; Latin-ASCII; NFC"), UTRANS_FORWARD, parse_error,
      status));
  if (U_FAILURE(status) || !f->to_ascii_) {
    return Internal(std::string("ICU transliterator to ASCII: ") + u_errorName(status));
  }
  return f;
}

IcuFolder::~IcuFolder() = default;

std::string IcuFolder::Fold(std::string_view utf8) const {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString n = nfkc_->normalize(u, status);
  if (U_FAILURE(status)) n = u;
  to_ascii_->transliterate(n);
  n.toUpper();
  std::string out;
  n.toUTF8String(out);
  return out;
}

std::string PackFoldings(const std::vector<std::pair<uint32_t, std::string>>& folds) {
  std::string blob;
  AppendU32(&blob, static_cast<uint32_t>(folds.size()));
  for (const auto& [cp, fold] : folds) AppendU32(&blob, cp);
  uint32_t offset = 0;
  for (const auto& [cp, fold] : folds) {
    AppendU32(&blob, offset);
    offset += static_cast<uint32_t>(fold.size());
  }
  AppendU32(&blob, offset);
  for (const auto& [cp, fold] : folds) blob += fold;
  return blob;
}

std::string PackFoldTable(const IcuFolder& folder) {
  std::vector<std::pair<uint32_t, std::string>> folds;
  for (UChar32 cp = 0x80; cp <= 0x10FFFF; ++cp) {
    // Characters NFKC never leaves in a text are never looked up; unassigned
    // and private-use ones fold to themselves.
    const int8_t type = u_charType(cp);
    if (U_IS_SURROGATE(cp) || type == U_UNASSIGNED || type == U_PRIVATE_USE_CHAR ||
        u_getIntPropertyValue(cp, UCHAR_NFKC_QUICK_CHECK) == UNORM_NO) {
      continue;
    }
    char buf[4];
    int32_t len = 0;
    U8_APPEND_UNSAFE(buf, len, cp);
    const std::string_view self(buf, static_cast<size_t>(len));
    std::string fold = folder.Fold(self);
    if (fold != self) folds.emplace_back(static_cast<uint32_t>(cp), std::move(fold));
  }
  return PackFoldings(folds);
}

Result<std::string> PackFoldTable() {
  ASSIGN_OR_RETURN(std::unique_ptr<IcuFolder> folder, IcuFolder::Create());
  return PackFoldTable(*folder);
}

std::optional<FoldTable> FoldTable::View(std::string_view blob) {
  if (blob.size() < 8) return std::nullopt;
  const uint64_t count = LoadU32(blob.data());
  const uint64_t head = 4 + 4 * count + 4 * (count + 1);
  if (head > blob.size()) return std::nullopt;
  FoldTable t;
  t.blob_ = blob;
  t.count_ = static_cast<size_t>(count);
  const char* offsets = blob.data() + 4 + 4 * count;
  for (size_t i = 0; i < t.count_; ++i) {
    if (i > 0 && t.CodePoint(i) <= t.CodePoint(i - 1)) return std::nullopt;
    if (LoadU32(offsets + 4 * i) > LoadU32(offsets + 4 * (i + 1))) return std::nullopt;
  }
  if (LoadU32(offsets) != 0 || head + LoadU32(offsets + 4 * count) != blob.size()) return std::nullopt;
  return t;
}

uint32_t FoldTable::CodePoint(size_t i) const { return LoadU32(blob_.data() + 4 + 4 * i); }

std::optional<std::string_view> FoldTable::Find(char32_t cp) const {
  size_t lo = 0, hi = count_;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (CodePoint(mid) < cp) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo == count_ || CodePoint(lo) != cp) return std::nullopt;
  const char* offsets = blob_.data() + 4 + 4 * count_;
  const uint32_t b = LoadU32(offsets + 4 * lo), e = LoadU32(offsets + 4 * (lo + 1));
  const size_t bytes = 4 + 8 * count_ + 4;
  return blob_.substr(bytes + b, e - b);
}

}  // namespace aftercare::text
