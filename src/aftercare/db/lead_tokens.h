// The lead tokens of the known names (db stage), packed by the DB build and
// read in place: every distinct LeadToken of an ingredient key or a synonym
// key, and the most words any such key has. match::Matcher asks it whether a
// word can start a known name (MayStartName) and how long a name can be; the
// builder writes it; `db check` compares it with the names. Plain functions
// and an immutable view, safe to share between threads.
//
// Layout of the blob, little-endian u32s then bytes:
//   max_name_words, token_count, offsets[token_count + 1],
//   the tokens in byte order back to back (token i is [offsets[i], offsets[i + 1])),
//   then a string_slots.h table over the tokens.
#ifndef AFTERCARE_DB_LEAD_TOKENS_H_
#define AFTERCARE_DB_LEAD_TOKENS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aftercare/base/little_endian.h"
#include "aftercare/base/status.h"
#include "aftercare/db/sqlite.h"
#include "aftercare/db/string_slots.h"

namespace aftercare::db {

// A key's lead token: up to its first space, hyphen, slash or bracket,
// without the full stops that end it. A bracket-free name's key starts with
// the lead token of its first word's key (AsciiKeyInto works byte by byte,
// and only spaces, the brackets and '/' change how the bytes after them are
// written; the matcher's HyphenTidy only turns spaces into hyphens and drops
// spaces around them).
inline std::string_view LeadToken(std::string_view key) {
  key = key.substr(0, key.find_first_of(" -/()[]"));
  while (!key.empty() && key.back() == '.') key.remove_suffix(1);
  return key;
}

// The words of a key: its spaces + 1.
size_t NameWords(std::string_view key);

// The table of `names` (every ingredient key and synonym key, any order).
std::string PackLeadTokens(const std::vector<std::string_view>& names);

// PackLeadTokens of the ingredients and synonyms tables. Errors as
// Statement::Step (kIoError).
Result<std::string> PackLeadTokens(Database& db);

class LeadTokens {
 public:
  LeadTokens() = default;  // contains nothing
  // A view of a packed table; nullopt when `blob` is not one. REQUIRES: blob
  // outlives the view.
  static std::optional<LeadTokens> View(std::string_view blob);

  // Whether `token` is the lead token of a known name.
  bool Contains(std::string_view token) const {
    return slots_.Find(token, [this](uint32_t i) { return Token(i); }).has_value();
  }
  size_t max_name_words() const { return max_name_words_; }
  size_t size() const { return count_; }
  // Token i, in byte order (REQUIRES: i < size()).
  std::string_view Token(uint32_t i) const {
    const uint32_t b = LoadU32(offsets_ + 4 * static_cast<size_t>(i));
    return std::string_view(pool_ + b, LoadU32(offsets_ + 4 * (static_cast<size_t>(i) + 1)) - b);
  }

 private:
  StringSlots slots_;
  const char* offsets_ = nullptr;
  const char* pool_ = nullptr;
  uint32_t count_ = 0;
  size_t max_name_words_ = 0;
};

}  // namespace aftercare::db

#endif  // AFTERCARE_DB_LEAD_TOKENS_H_
