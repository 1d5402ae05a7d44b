#include "aftercare/text/normalizer.h"

#include "aftercare/base/ascii.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
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

Result<Normalizer> Normalizer::Create() {
  Normalizer n;
  UErrorCode status = U_ZERO_ERROR;
  n.nfkc_ = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) return Internal(std::string("ICU NFKC: ") + u_errorName(status));
  n.translit_ = std::make_unique<Transliteration>();
  return n;
}

Normalizer::Normalizer(Normalizer&&) noexcept = default;
Normalizer& Normalizer::operator=(Normalizer&&) noexcept = default;
Normalizer::~Normalizer() = default;

std::string Normalizer::IcuFold(std::string_view utf8) const {
  // ICU's transliterator removes each mark from the whole string it holds, so
  // its time grows with the square of the length: a long text is folded in
  // pieces of about kFoldPiece bytes, each cut before an ASCII byte (a
  // character that starts a cluster and composes with nothing before it).
  // Every real name is shorter than one piece and folds whole, as before.
  constexpr size_t kFoldPiece = 1024;
  if (utf8.size() > 2 * kFoldPiece) {
    std::string out;
    for (size_t b = 0; b < utf8.size();) {
      size_t e = std::min(utf8.size(), b + kFoldPiece);
      while (e < utf8.size() && e < b + 4 * kFoldPiece && static_cast<unsigned char>(utf8[e]) >= 0x80) ++e;
      // No ASCII byte near: cut at a character's first byte (hostile text only).
      while (e < utf8.size() && (static_cast<unsigned char>(utf8[e]) & 0xC0) == 0x80) ++e;
      out += IcuFoldPiece(utf8.substr(b, e - b));
      b = e;
    }
    return out;
  }
  return IcuFoldPiece(utf8);
}

std::string Normalizer::IcuFoldPiece(std::string_view utf8) const {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString n = nfkc_->normalize(u, status);
  if (U_FAILURE(status)) n = u;
  Transliteration& t = *translit_;
  std::call_once(t.built, [&t] {
    UErrorCode st = U_ZERO_ERROR;
    UParseError parse_error;
    t.to_ascii.reset(icu::Transliterator::createInstance(
        icu::UnicodeString::fromUTF8("NFD; [:Nonspacing Mark:] Remove; Latin-ASCII; NFC"), UTRANS_FORWARD, parse_error,
        st));
    if (U_FAILURE(st)) t.to_ascii.reset();
  });
  if (t.to_ascii) {
    std::lock_guard<std::mutex> lock(t.mu);
    t.to_ascii->transliterate(n);
  }
  n.toUpper();
  std::string out;
  n.toUTF8String(out);
  return out;
}

// Latin-1 letters (U+00C0..U+00FF, as C3 80..C3 BF) without their accents, and
// the typographic punctuation labels use; nullptr when not handled here.
const char* FastFold(unsigned char lead, unsigned char next) {
  static const char* const kC3[64] = {"A", "A", "A", "A",     "A",  "A",  "AE", "C", "E", "E", "E",     "E", "I",
                                      "I", "I", "I", "D",     "N",  "O",  "O",  "O", "O", "O", nullptr, "O", "U",
                                      "U", "U", "U", "Y",     "TH", "SS", "a",  "a", "a", "a", "a",     "a", "ae",
                                      "c", "e", "e", "e",     "e",  "i",  "i",  "i", "i", "d", "n",     "o", "o",
                                      "o", "o", "o", nullptr, "o",  "u",  "u",  "u", "u", "y", "th",    "y"};
  if (lead == 0xC3 && next >= 0x80 && next <= 0xBF) return kC3[next - 0x80];
  return nullptr;
}

bool Normalizer::FoldAlone(std::string_view s, size_t* i, std::string* out) const {
  int32_t at = static_cast<int32_t>(*i);
  UChar32 cp;
  U8_NEXT(s.data(), at, static_cast<int32_t>(s.size()), cp);
  if (cp < 0) return false;  // invalid UTF-8: the ICU path replaces it
  Transliteration& t = *translit_;
  {
    std::lock_guard<std::mutex> lock(t.fold_mu);
    auto it = t.fold.find(cp);
    if (it != t.fold.end()) {
      if (!it->second) return false;
      *out += *it->second;
      *i = static_cast<size_t>(at);
      return true;
    }
  }
  std::optional<std::string> folded;
  if (u_getCombiningClass(cp) == 0 && nfkc_->hasBoundaryBefore(cp) && nfkc_->hasBoundaryAfter(cp)) {
    folded = IcuFold(s.substr(*i, static_cast<size_t>(at) - *i));
  }
  std::lock_guard<std::mutex> lock(t.fold_mu);
  if (t.fold.size() < 4096) t.fold.emplace(cp, folded);
  if (!folded) return false;
  *out += *folded;
  *i = static_cast<size_t>(at);
  return true;
}

std::string Normalizer::KeyByIcu(std::string_view name) const {
  std::string out;
  AsciiKeyInto(IcuFold(name), &out);
  return out;
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
  // Fast path: only Latin-1 letters and common punctuation outside ASCII.
  {
    std::string folded;
    folded.reserve(name.size());
    bool ok = true;
    for (size_t i = 0; i < name.size() && ok;) {
      unsigned char c = static_cast<unsigned char>(name[i]);
      if (c < 0x80) {
        folded.push_back(name[i++]);
        continue;
      }
      if (i + 1 < name.size()) {
        if (const char* f = FastFold(c, static_cast<unsigned char>(name[i + 1]))) {
          folded += f;
          i += 2;
          continue;
        }
      }
      if (i + 2 < name.size() && c == 0xE2 && static_cast<unsigned char>(name[i + 1]) == 0x80) {
        unsigned char t = static_cast<unsigned char>(name[i + 2]);
        if (t == 0x98 || t == 0x99) {
          folded.push_back('\'');
          i += 3;
          continue;
        }  // ‘ ’
        if (t == 0x9C || t == 0x9D) {
          folded.push_back('"');
          i += 3;
          continue;
        }  // “ ”
        if (t >= 0x90 && t <= 0x95) {
          folded.push_back('-');
          i += 3;
          continue;
        }  // dashes
      }
      // Any other character that never combines with its neighbours folds
      // the same alone as in the name: its folding is remembered.
      if (FoldAlone(name, &i, &folded)) continue;
      ok = false;
    }
    if (ok) {
      AsciiKeyInto(folded, out);
      return;
    }
  }
  std::string folded = IcuFold(name);
  // Anything still outside ASCII (non-Latin scripts, symbols) is kept: a key may
  // be non-ASCII, it just will not equal a CosIng name.
  AsciiKeyInto(folded, out);
}

}  // namespace aftercare::text
