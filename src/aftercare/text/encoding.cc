#include "aftercare/text/encoding.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include <algorithm>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>

#include "aftercare/base/utf8.h"

namespace aftercare::text {
namespace {

constexpr int kMinConfidence = 15;      // ICU's short Latin-1 labels score 20, random bytes 4
constexpr size_t kPatternBytes = 4096;  // bytes looked at for the NUL pattern
constexpr size_t kPivotChars = 4096;

unsigned char At(std::string_view s, size_t i) { return static_cast<unsigned char>(s[i]); }

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::optional<Encoding> FromBom(std::string_view s) {
  using namespace std::string_view_literals;
  if (StartsWith(s, "\xEF\xBB\xBF"sv)) return Encoding{"UTF-8", 3, "a byte-order mark"};
  if (StartsWith(s, "\xFF\xFE\0\0"sv)) return Encoding{"UTF-32LE", 4, "a byte-order mark"};
  if (StartsWith(s, "\0\0\xFE\xFF"sv)) return Encoding{"UTF-32BE", 4, "a byte-order mark"};
  if (StartsWith(s, "\xFF\xFE"sv)) return Encoding{"UTF-16LE", 2, "a byte-order mark"};
  if (StartsWith(s, "\xFE\xFF"sv)) return Encoding{"UTF-16BE", 2, "a byte-order mark"};
  return std::nullopt;
}

// UTF-16/32 of mostly-ASCII text without a BOM: NUL bytes in the high-order
// positions of (nearly) every unit, and (nearly) none in the low-order one.
std::optional<Encoding> FromNulPattern(std::string_view s) {
  s = s.substr(0, kPatternBytes);
  size_t zeros[4] = {0, 0, 0, 0};
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\0') ++zeros[i % 4];
  }
  const size_t quads = s.size() / 4, pairs = s.size() / 2;
  auto most = [](size_t z, size_t n) { return n > 0 && z * 10 >= n * 9; };  // >= 90%
  auto few = [](size_t z, size_t n) { return z * 20 <= n; };                // <= 5%
  if (quads > 0 && most(zeros[2], quads) && most(zeros[3], quads) && few(zeros[0], quads)) {
    return Encoding{"UTF-32LE", 0, "its NUL-byte pattern"};
  }
  if (quads > 0 && most(zeros[0], quads) && most(zeros[1], quads) && few(zeros[3], quads)) {
    return Encoding{"UTF-32BE", 0, "its NUL-byte pattern"};
  }
  const size_t even = zeros[0] + zeros[2], odd = zeros[1] + zeros[3];
  auto many = [](size_t z, size_t n) { return n > 0 && z * 10 >= n * 3; };  // >= 30%
  if (many(odd, pairs) && few(even, pairs)) return Encoding{"UTF-16LE", 0, "its NUL-byte pattern"};
  if (many(even, pairs) && few(odd, pairs)) return Encoding{"UTF-16BE", 0, "its NUL-byte pattern"};
  return std::nullopt;
}

bool IsControlByte(unsigned char c) { return (c < 0x20 && (c < '\t' || c > '\r')) || c == 0x7F; }

// "not text" when more than 5% of the bytes are control bytes.
Status CheckControlBytes(std::string_view s) {
  size_t count = 0, first = std::string_view::npos;
  for (size_t i = 0; i < s.size(); ++i) {
    if (!IsControlByte(At(s, i))) continue;
    if (count++ == 0) first = i;
  }
  if (count * 20 <= s.size()) return Status::Ok();
  return DataError(fmt::format("not text: {}% of the bytes are control bytes (the first at byte {})",
                               count * 100 / s.size(), first + 1));
}

// `s` less a multi-byte character cut at its end.
std::string_view TrimCutCharacter(std::string_view s) {
  for (size_t back = 1; back <= 3 && back <= s.size(); ++back) {
    unsigned char c = At(s, s.size() - back);
    if ((c & 0xC0) == 0x80) continue;  // a continuation byte: look further back
    size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
    return len > back ? s.substr(0, s.size() - back) : s;
  }
  return s;
}

// Valid multi-byte characters and invalid bytes of `s`.
struct Utf8Census {
  size_t multibyte = 0, invalid = 0, first_invalid = std::string_view::npos;
};
Utf8Census CountUtf8(std::string_view s) {
  Utf8Census c;
  size_t i = 0;
  while (i < s.size()) {
    std::string_view rest = s.substr(i);
    size_t bad = InvalidUtf8Offset(rest);
    size_t good = bad == std::string_view::npos ? rest.size() : bad;
    for (size_t k = 0; k < good; ++k) c.multibyte += At(rest, k) >= 0xC0;
    if (bad == std::string_view::npos) break;
    if (c.invalid++ == 0) c.first_invalid = i + bad;
    i += bad + 1;
  }
  return c;
}

struct DetectorCloser {
  void operator()(UCharsetDetector* d) const { ucsdet_close(d); }
};

Result<Encoding> FromDetector(std::string_view s) {
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, DetectorCloser> det(ucsdet_open(&err));
  if (U_FAILURE(err)) return Internal(fmt::format("cannot open ICU's charset detector: {}", u_errorName(err)));
  s = s.substr(0, kEncodingSampleBytes);
  ucsdet_setText(det.get(), s.data(), static_cast<int32_t>(s.size()), &err);
  int32_t n = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(det.get(), &n, &err);
  if (U_FAILURE(err)) n = 0;
  std::string best;
  for (int32_t i = 0; i < n; ++i) {
    UErrorCode e = U_ZERO_ERROR;
    std::string_view name = ucsdet_getName(matches[i], &e);
    int32_t confidence = ucsdet_getConfidence(matches[i], &e);
    if (U_FAILURE(e) || StartsWith(name, "UTF-")) continue;  // the BOM and NUL tests decide those
    if (confidence < kMinConfidence) {
      if (best.empty()) best = fmt::format("best guess {}, confidence {}%", name, confidence);
      continue;
    }
    std::string chosen = name == "ISO-8859-1" ? "windows-1252" : std::string(name);
    return Encoding{chosen, 0, fmt::format("ICU charset detection, confidence {}%", confidence), true};
  }
  return Encoding{"", 0, best.empty() ? "no guess" : best, true};
}

}  // namespace

Result<Encoding> DetectEncoding(std::string_view sample, bool cut) {
  if (auto e = FromBom(sample)) return *e;
  if (auto e = FromNulPattern(sample)) return *e;
  RETURN_IF_ERROR(CheckControlBytes(sample));
  std::string_view whole = cut ? TrimCutCharacter(sample) : sample;
  if (InvalidUtf8Offset(whole) == std::string_view::npos) return Encoding{"UTF-8", 0, ""};
  Utf8Census census = CountUtf8(whole);
  if (census.multibyte > 0 && census.multibyte >= census.invalid) return Encoding{"UTF-8", 0, ""};
  return FromDetector(sample);
}

Status CheckText(std::string_view s) {
  size_t chars = 0, bad = 0, first = std::string_view::npos;
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    if (i + 8 <= n) {  // 8 printable ASCII bytes at a time
      uint64_t w;
      std::memcpy(&w, s.data() + i, 8);
      constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
      uint64_t below_space = (w - kOnes * 0x20) & ~w & kHigh;
      uint64_t del = ((w ^ (kOnes * 0x7F)) - kOnes) & ~(w ^ (kOnes * 0x7F)) & kHigh;
      if (((w & kHigh) | below_space | del) == 0) {
        i += 8;
        chars += 8;
        continue;
      }
    }
    unsigned char c = At(s, i);
    size_t len = 1;
    bool not_text = false;
    if (c < 0x80) {
      not_text = IsControlByte(c);
    } else {
      size_t invalid = InvalidUtf8Offset(s.substr(i, std::min<size_t>(4, n - i)));
      len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
      if (invalid == 0 || (invalid != std::string_view::npos && invalid < len)) {
        len = 1;
        not_text = true;
      } else if ((c == 0xC2 && At(s, i + 1) < 0xA0) ||                           // a C1 control
                 (c == 0xEF && At(s, i + 1) == 0xBF && At(s, i + 2) == 0xBD)) {  // U+FFFD
        not_text = true;
      }
    }
    ++chars;
    if (not_text && bad++ == 0) first = i;
    i += len;
  }
  if (bad * 20 <= chars) return Status::Ok();
  return DataError(fmt::format("{}% of the characters are control characters or undecodable (the first at byte {})",
                               bad * 100 / chars, first + 1));
}

Result<Utf8Text> DecodeText(std::string_view bytes) {
  ASSIGN_OR_RETURN(Encoding enc, DetectEncoding(bytes));
  if (!enc.known()) {
    return DataError(fmt::format("not UTF-8, and its encoding could not be told ({}); save it as UTF-8", enc.evidence));
  }
  Utf8Text out;
  out.encoding = enc.name;
  std::string_view body = bytes.substr(enc.bom_bytes);
  size_t invalid = enc.utf8() ? InvalidUtf8Offset(body) : 0;
  if (enc.utf8() && invalid == std::string_view::npos) {
    out.view = body;
    return out;
  }
  ASSIGN_OR_RETURN(Utf8Converter conv, Utf8Converter::Open(enc.name));
  std::string converted;
  converted.reserve(body.size() + body.size() / 2);
  RETURN_IF_ERROR(conv.Append(body, true, &converted));
  if (enc.utf8()) {
    size_t count = CountUtf8(body).invalid;
    out.note = fmt::format("input had {} byte{} that {} not UTF-8 (the first at byte {}); read as U+FFFD", count,
                           count == 1 ? "" : "s", count == 1 ? "is" : "are", enc.bom_bytes + invalid + 1);
  } else {
    out.note = fmt::format("input was {} ({}); converted to UTF-8", enc.name, enc.evidence);
  }
  if (Status st = CheckText(converted); !st.ok()) return DataError("not text: " + st.message());
  out.converted = std::move(converted);
  return out;
}

Result<Utf8Converter> Utf8Converter::Open(const std::string& encoding) {
  Utf8Converter c;
  UErrorCode err = U_ZERO_ERROR;
  c.from_ = ucnv_open(encoding.c_str(), &err);
  if (U_FAILURE(err)) return InvalidArgument(fmt::format("unknown encoding '{}': {}", encoding, u_errorName(err)));
  c.to_ = ucnv_open("UTF-8", &err);
  if (U_FAILURE(err)) return Internal(fmt::format("cannot open ICU's UTF-8 converter: {}", u_errorName(err)));
  c.pivot_ = std::make_unique<char16_t[]>(kPivotChars);
  c.pivot_source_ = c.pivot_target_ = c.pivot_.get();
  return c;
}

Utf8Converter::Utf8Converter(Utf8Converter&& other) noexcept { *this = std::move(other); }

Utf8Converter& Utf8Converter::operator=(Utf8Converter&& other) noexcept {
  if (this != &other) {
    Close();
    from_ = std::exchange(other.from_, nullptr);
    to_ = std::exchange(other.to_, nullptr);
    pivot_ = std::move(other.pivot_);
    pivot_source_ = std::exchange(other.pivot_source_, nullptr);
    pivot_target_ = std::exchange(other.pivot_target_, nullptr);
  }
  return *this;
}

Utf8Converter::~Utf8Converter() { Close(); }

void Utf8Converter::Close() {
  if (from_) ucnv_close(from_);
  if (to_) ucnv_close(to_);
  from_ = to_ = nullptr;
}

Status Utf8Converter::Append(std::string_view in, bool flush, std::string* out) {
  const char* source = in.data();
  const char* source_limit = in.data() + in.size();
  char buf[16384];
  while (true) {
    char* target = buf;
    UErrorCode err = U_ZERO_ERROR;
    ucnv_convertEx(to_, from_, &target, buf + sizeof buf, &source, source_limit, pivot_.get(), &pivot_source_,
                   &pivot_target_, pivot_.get() + kPivotChars, /*reset=*/false, flush, &err);
    out->append(buf, static_cast<size_t>(target - buf));
    if (err == U_BUFFER_OVERFLOW_ERROR) continue;
    if (U_FAILURE(err)) return DataError(fmt::format("cannot convert to UTF-8: {}", u_errorName(err)));
    return Status::Ok();
  }
}

}  // namespace aftercare::text
