// Text encodings of input (text stage, before a label is split or a catalog
// cut into rows): tells UTF-8 from UTF-16/32 (a byte-order mark, or the
// NUL-byte pattern of mostly-ASCII text) and from legacy encodings (ICU's
// charset detector, ucsdet), converts to UTF-8 with ICU (ucnv), and refuses
// bytes that are not text. Valid UTF-8 is neither copied nor shown to the
// detector. Functions are pure and thread-safe; a Utf8Converter is used by one
// thread at a time.
#ifndef AFTERCARE_TEXT_ENCODING_H_
#define AFTERCARE_TEXT_ENCODING_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "aftercare/base/status.h"

struct UConverter;

namespace aftercare::text {

// At most this many bytes of a stream are looked at to tell its encoding.
inline constexpr size_t kEncodingSampleBytes = size_t{64} << 10;

struct Encoding {
  // ICU converter name: "UTF-8", "UTF-16LE", "UTF-32BE", "windows-1252", ...;
  // "" when the encoding could not be told.
  std::string name;
  size_t bom_bytes = 0;  // a byte-order mark at the start, to skip (never converted)
  // How it was told, for notes: "a byte-order mark", "its NUL-byte pattern",
  // "ICU charset detection, confidence 26%"; "" for UTF-8 without a BOM; for an
  // encoding not told, the detector's best guess ("best guess X, confidence 4%").
  std::string evidence;
  bool guessed = false;  // told by ICU's charset detector: a statistical guess, not a mark or a pattern
  bool known() const { return !name.empty(); }
  bool utf8() const { return name == "UTF-8"; }
};

// The encoding of `sample`: a whole input, or the first bytes of a stream when
// `cut` is set (a character cut at the end of the sample is then no error).
// In this order: a byte-order mark (UTF-8, UTF-16LE/BE, UTF-32LE/BE); the
// NUL-byte pattern of UTF-16/32 text without one; valid UTF-8; UTF-8 with some
// invalid bytes (no fewer valid multi-byte characters than invalid bytes:
// damaged UTF-8, not another encoding); else ICU's best guess that is not a
// Unicode encoding, when its confidence is at least 15% (ISO-8859-1 is read as
// windows-1252, its superset). The detector only runs on invalid UTF-8. When
// no guess is confident enough, the Encoding has no name (known() is false).
// Error: kDataError "not text: N% of the bytes are control bytes (the first
// at byte K)" when, UTF-16/32 ruled out, more than 5% of the bytes are C0
// controls other than whitespace, or DEL.
Result<Encoding> DetectEncoding(std::string_view sample, bool cut = false);

// Text as UTF-8, from DecodeText.
struct Utf8Text {
  // Valid UTF-8 input (a BOM skipped): a view into the bytes given to DecodeText,
  // which must outlive it. Unused when `converted` is set.
  std::string_view view;
  std::optional<std::string> converted;  // set when the input was converted
  std::string encoding;                  // Encoding::name of the input
  // "" for valid UTF-8; else for the user, e.g. "input was UTF-16LE (a
  // byte-order mark); converted to UTF-8".
  std::string note;
  std::string_view text() const { return converted ? std::string_view(*converted) : view; }
};

// `bytes` as UTF-8 text. Valid UTF-8 comes back as a view (no copy, no
// detector); other encodings (DetectEncoding) are converted, and damaged UTF-8
// gets U+FFFD for each invalid byte, with a note. Errors (kDataError):
// DetectEncoding's; "not UTF-8, and its encoding could not be told (...); save
// it as UTF-8"; "not text: ..." (CheckText) when the converted text is not text.
Result<Utf8Text> DecodeText(std::string_view bytes);

// Whether UTF-8 `s` reads as text: OK, or kDataError "N% of the characters are
// control characters or undecodable (the first at byte K)" when more than 5%
// of its characters are C0 controls other than whitespace, DEL, C1 controls,
// U+FFFD or U+001A (ICU's substitute). Invalid UTF-8 bytes count as
// undecodable. The empty string is text.
Status CheckText(std::string_view s);

// Converts a stream from one encoding to UTF-8 in pieces (ICU ucnv): a
// character cut between two pieces is carried over. Undecodable bytes become
// U+FFFD (or U+001A for some legacy encodings). Move-only.
class Utf8Converter {
 public:
  // kInvalidArgument for a name ICU does not know.
  static Result<Utf8Converter> Open(const std::string& encoding);
  Utf8Converter(Utf8Converter&& other) noexcept;
  Utf8Converter& operator=(Utf8Converter&& other) noexcept;
  Utf8Converter(const Utf8Converter&) = delete;
  Utf8Converter& operator=(const Utf8Converter&) = delete;
  ~Utf8Converter();

  // Appends the UTF-8 of `in` to *out; `flush` = `in` is the last piece.
  // kDataError if ICU fails (it substitutes rather than fails on bad input).
  Status Append(std::string_view in, bool flush, std::string* out);

 private:
  Utf8Converter() = default;
  void Close();
  UConverter* from_ = nullptr;
  UConverter* to_ = nullptr;
  std::unique_ptr<char16_t[]> pivot_;
  char16_t* pivot_source_ = nullptr;
  char16_t* pivot_target_ = nullptr;
};

}  // namespace aftercare::text

#endif  // AFTERCARE_TEXT_ENCODING_H_
