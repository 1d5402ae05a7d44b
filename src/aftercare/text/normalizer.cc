#include "aftercare/text/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

namespace aftercare::text {
namespace {

bool IsAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

std::string AsciiKey(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  bool pending_space = false;
  for (char raw : in) {
    char c = raw;
    if (IsSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) continue;  // control bytes
    if (pending_space) {
      // No space after an opening bracket or '/', none before a closing bracket or '/'.
      char prev = out.back();
      bool drop = prev == '(' || prev == '[' || prev == '/' || c == ')' || c == ']' || c == '/';
      if (!drop) out += ' ';
      pending_space = false;
    }
    out += c;
  }
  while (!out.empty() && (out.back() == '.' || out.back() == ' ')) out.pop_back();
  return out;
}

Result<Normalizer> Normalizer::Create() {
  Normalizer n;
  UErrorCode status = U_ZERO_ERROR;
  n.nfkc_ = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) return Internal(std::string("ICU NFKC: ") + u_errorName(status));
  status = U_ZERO_ERROR;
  UParseError parse_error;
  n.to_ascii_.reset(icu::Transliterator::createInstance(
      icu::UnicodeString::fromUTF8("NFD; [:Nonspacing Mark:] Remove; Latin-ASCII; NFC"),
      UTRANS_FORWARD, parse_error, status));
  if (U_FAILURE(status) || !n.to_ascii_) {
    return Internal(std::string("ICU transliterator: ") + u_errorName(status));
  }
  n.mu_ = std::make_unique<std::mutex>();
  return n;
}

Normalizer::Normalizer(Normalizer&&) noexcept = default;
Normalizer& Normalizer::operator=(Normalizer&&) noexcept = default;
Normalizer::~Normalizer() = default;

std::string Normalizer::IcuFold(std::string_view utf8) const {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString n = nfkc_->normalize(u, status);
  if (U_FAILURE(status)) n = u;
  {
    std::lock_guard<std::mutex> lock(*mu_);
    to_ascii_->transliterate(n);
  }
  n.toUpper();
  std::string out;
  n.toUTF8String(out);
  return out;
}

std::string Normalizer::Key(std::string_view name) const {
  if (IsAscii(name)) return AsciiKey(name);
  std::string folded = IcuFold(name);
  // Anything still outside ASCII (non-Latin scripts, symbols) is kept: a key may
  // be non-ASCII, it just will not equal a CosIng name.
  return AsciiKey(folded);
}

}  // namespace aftercare::text
