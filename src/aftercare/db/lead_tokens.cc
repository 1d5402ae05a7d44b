#include "aftercare/db/lead_tokens.h"

#include <algorithm>

namespace aftercare::db {

size_t NameWords(std::string_view key) { return static_cast<size_t>(std::count(key.begin(), key.end(), ' ')) + 1; }

std::string PackLeadTokens(const std::vector<std::string_view>& names) {
  std::vector<std::string_view> tokens;
  size_t max_words = 0;
  for (std::string_view name : names) {
    tokens.push_back(LeadToken(name));
    max_words = std::max(max_words, NameWords(name));
  }
  std::sort(tokens.begin(), tokens.end());
  tokens.erase(std::unique(tokens.begin(), tokens.end()), tokens.end());
  std::string out;
  AppendU32(&out, static_cast<uint32_t>(max_words));
  AppendU32(&out, static_cast<uint32_t>(tokens.size()));
  uint32_t at = 0;
  AppendU32(&out, at);
  for (std::string_view t : tokens) AppendU32(&out, at += static_cast<uint32_t>(t.size()));
  for (std::string_view t : tokens) out += t;
  out += PackStringSlots(tokens);
  return out;
}

Result<std::string> PackLeadTokens(Database& db) {
  std::vector<std::string> names;
  RETURN_IF_ERROR(ForEachRow(db, "SELECT key FROM ingredients UNION ALL SELECT key FROM synonyms",
                             [&](Statement& st) { names.push_back(ColumnString(st, 0)); }));
  return PackLeadTokens(std::vector<std::string_view>(names.begin(), names.end()));
}

std::optional<LeadTokens> LeadTokens::View(std::string_view blob) {
  if (blob.size() < 12) return std::nullopt;
  LeadTokens x;
  x.max_name_words_ = LoadU32(blob.data());
  x.count_ = LoadU32(blob.data() + 4);
  const uint64_t offsets_end = 8 + 4 * (uint64_t{x.count_} + 1);
  if (offsets_end > blob.size()) return std::nullopt;
  x.offsets_ = blob.data() + 8;
  uint32_t prev = 0;
  for (uint32_t i = 0; i <= x.count_; ++i) {
    const uint32_t o = LoadU32(x.offsets_ + 4 * static_cast<size_t>(i));
    if (o < prev || (i == 0 && o != 0)) return std::nullopt;
    prev = o;
  }
  if (offsets_end + prev > blob.size()) return std::nullopt;
  x.pool_ = blob.data() + offsets_end;
  std::optional<StringSlots> slots = StringSlots::View(blob.substr(offsets_end + prev));
  if (!slots) return std::nullopt;
  x.slots_ = *slots;
  return x;
}

}  // namespace aftercare::db
