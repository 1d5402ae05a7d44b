// ASCII character classes and case, the one copy every stage uses (base).
// Bytes outside ASCII are never letters, digits or spaces here, whatever the
// C locale says: a label's UTF-8 is left to ICU (text/normalizer.h). The
// tests are range compares the compiler keeps inline. Thread-safe: pure.
#ifndef AFTERCARE_BASE_ASCII_H_
#define AFTERCARE_BASE_ASCII_H_

#include <string>
#include <string_view>

namespace aftercare::ascii {

// ' ' or '\t' '\n' '\v' '\f' '\r'.
constexpr bool IsSpace(char c) { return c == ' ' || static_cast<unsigned char>(c - '\t') <= '\r' - '\t'; }
// RE2's \s: the same but the vertical tab.
constexpr bool IsRe2Space(char c) { return IsSpace(c) && c != '\v'; }
constexpr bool IsDigit(char c) { return static_cast<unsigned char>(c - '0') <= 9; }
constexpr bool IsUpper(char c) { return static_cast<unsigned char>(c - 'A') <= 'Z' - 'A'; }
constexpr bool IsLower(char c) { return static_cast<unsigned char>(c - 'a') <= 'z' - 'a'; }
constexpr bool IsAlpha(char c) { return IsUpper(static_cast<char>(c & ~0x20)); }
constexpr bool IsAlnum(char c) { return IsAlpha(c) || IsDigit(c); }
constexpr char Lower(char c) { return IsUpper(c) ? static_cast<char>(c | 0x20) : c; }
constexpr char Upper(char c) { return IsLower(c) ? static_cast<char>(c & ~0x20) : c; }

// `s` without the spaces at either end (a view into `s`).
constexpr std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// `s` begins with `lower` (lower case), ASCII case ignored.
constexpr bool StartsWithLower(std::string_view s, std::string_view lower) {
  if (s.size() < lower.size()) return false;
  for (size_t k = 0; k < lower.size(); ++k) {
    if (Lower(s[k]) != lower[k]) return false;
  }
  return true;
}

// `s` equals `lower` (lower case), ASCII case ignored.
constexpr bool EqualsLower(std::string_view s, std::string_view lower) {
  return s.size() == lower.size() && StartsWithLower(s, lower);
}

// `s` equals one of `words` (each lower case), ASCII case ignored.
template <typename Words>
constexpr bool EqualsLowerAny(std::string_view s, const Words& words) {
  for (std::string_view w : words) {
    if (EqualsLower(s, w)) return true;
  }
  return false;
}

// `s` contains `lower` (lower case), ASCII case ignored.
constexpr bool ContainsLower(std::string_view s, std::string_view lower) {
  for (size_t i = 0; i + lower.size() <= s.size(); ++i) {
    if (StartsWithLower(s.substr(i), lower)) return true;
  }
  return false;
}

// The first position at or after `from` of a byte of `set` in `s`, or npos.
// A loop over the bytes: std::string_view::find_first_of calls memchr over
// the set once for every byte of `s`, which costs more than the search.
constexpr size_t FindFirstOf(std::string_view s, std::string_view set, size_t from = 0) {
  for (size_t i = from; i < s.size(); ++i) {
    for (char c : set) {
      if (s[i] == c) return i;
    }
  }
  return std::string_view::npos;
}

// The first position at or after `from` of a byte not in `set`, or npos.
constexpr size_t FindFirstNotOf(std::string_view s, std::string_view set, size_t from = 0) {
  for (size_t i = from; i < s.size(); ++i) {
    bool in = false;
    for (char c : set) in = in || s[i] == c;
    if (!in) return i;
  }
  return std::string_view::npos;
}

inline std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

inline std::string ToUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Upper(c);
  return out;
}

}  // namespace aftercare::ascii

#endif  // AFTERCARE_BASE_ASCII_H_
