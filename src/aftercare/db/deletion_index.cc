#include "aftercare/db/deletion_index.h"

#include <bit>

namespace aftercare::db {

bool EntryHasAnyHash(std::string_view key, const std::vector<uint64_t>& sorted_hashes, DeletionHasher* hasher) {
  bool hit = false;
  ForEachEntryHash(key, hasher,
                   [&](uint64_t h) { hit = hit || std::binary_search(sorted_hashes.begin(), sorted_hashes.end(), h); });
  return hit;
}

std::string PackDeletionIndex(const std::vector<std::string_view>& keys,
                              const std::vector<std::string_view>& synonyms) {
  const auto entries = static_cast<uint32_t>(keys.size() + synonyms.size());
  const uint32_t entry_bits = std::max<uint32_t>(1, static_cast<uint32_t>(std::bit_width(entries)));
  const uint32_t check_bits = 32 - entry_bits;
  // (bucket << 32 | posting) per hash, sorted: a bucket's postings, in order.
  std::vector<uint64_t> all;
  DeletionHasher hasher;
  uint32_t bucket_bits = 4;
  auto add = [&](std::string_view key, uint32_t e) {
    ForEachEntryHash(key, &hasher, [&](uint64_t h) {
      all.push_back(h);
      all.push_back(e);
    });
  };
  for (uint32_t e = 0; e < keys.size(); ++e) add(keys[e], e);
  for (uint32_t s = 0; s < synonyms.size(); ++s) add(synonyms[s], static_cast<uint32_t>(keys.size()) + s);
  // About eight postings a bucket: a probe reads one or two cache lines.
  while ((uint64_t{1} << bucket_bits) * 8 < all.size() / 2 && bucket_bits < 28) ++bucket_bits;
  std::vector<uint64_t> keyed(all.size() / 2);
  for (size_t i = 0; i < keyed.size(); ++i) {
    const uint64_t h = all[2 * i];
    const uint64_t bucket = h >> (64 - bucket_bits);
    const uint64_t check = (h >> (64 - bucket_bits - check_bits)) & ((uint64_t{1} << check_bits) - 1);
    keyed[i] = bucket << 32 | all[2 * i + 1] << check_bits | check;
  }
  std::sort(keyed.begin(), keyed.end());
  keyed.erase(std::unique(keyed.begin(), keyed.end()), keyed.end());

  uint32_t filter_bits = 6;
  while ((uint64_t{1} << filter_bits) < 4 * keyed.size() && filter_bits < 32) ++filter_bits;
  std::string filter((size_t{1} << filter_bits) / 8, '\0');
  const uint64_t filter_mask = (uint64_t{1} << filter_bits) - 1;
  for (size_t i = 0; i < all.size(); i += 2) {
    filter[(all[i] & filter_mask) >> 3] |= static_cast<char>(1u << (all[i] & 7));
  }
  all = {};

  std::string out;
  const size_t buckets = size_t{1} << bucket_bits;
  out.reserve(4 * (6 + buckets + 1 + keyed.size()) + filter.size());
  for (uint32_t v : {bucket_bits, entry_bits, static_cast<uint32_t>(keys.size()),
                     static_cast<uint32_t>(synonyms.size()), static_cast<uint32_t>(keyed.size()), filter_bits}) {
    AppendU32(&out, v);
  }
  size_t p = 0;
  for (size_t b = 0; b <= buckets; ++b) {
    while (p < keyed.size() && (keyed[p] >> 32) < b) ++p;
    AppendU32(&out, static_cast<uint32_t>(p));
  }
  for (uint64_t k : keyed) AppendU32(&out, static_cast<uint32_t>(k));
  out += filter;
  return out;
}

Result<std::string> PackDeletionIndex(Database& db) {
  std::vector<std::string> keys, synonyms;
  RETURN_IF_ERROR(ForEachRow(db, "SELECT key FROM ingredients ORDER BY key",
                             [&](Statement& st) { keys.push_back(ColumnString(st, 0)); }));
  RETURN_IF_ERROR(ForEachRow(db, "SELECT key FROM synonyms ORDER BY key",
                             [&](Statement& st) { synonyms.push_back(ColumnString(st, 0)); }));
  return PackDeletionIndex(std::vector<std::string_view>(keys.begin(), keys.end()),
                           std::vector<std::string_view>(synonyms.begin(), synonyms.end()));
}

std::optional<DeletionIndex> DeletionIndex::View(std::string_view blob) {
  if (blob.size() < 24) return std::nullopt;
  DeletionIndex x;
  x.bucket_bits_ = LoadU32(blob.data());
  const uint32_t entry_bits = LoadU32(blob.data() + 4);
  x.key_count_ = LoadU32(blob.data() + 8);
  x.synonym_count_ = LoadU32(blob.data() + 12);
  const uint64_t postings = LoadU32(blob.data() + 16);
  const uint32_t filter_bits = LoadU32(blob.data() + 20);
  if (x.bucket_bits_ < 4 || x.bucket_bits_ > 28 || entry_bits < 1 || entry_bits > 24) return std::nullopt;
  if (filter_bits < 6 || filter_bits > 32) return std::nullopt;
  const uint64_t entries = uint64_t{x.key_count_} + x.synonym_count_;
  if (entries >= (uint64_t{1} << entry_bits)) return std::nullopt;
  const uint64_t buckets = uint64_t{1} << x.bucket_bits_;
  const uint64_t filter_bytes = (uint64_t{1} << filter_bits) / 8;
  if (blob.size() != 4 * (6 + buckets + 1 + postings) + filter_bytes) return std::nullopt;
  x.check_bits_ = 32 - entry_bits;
  x.check_mask_ = (uint32_t{1} << x.check_bits_) - 1;
  x.offsets_ = blob.data() + 24;
  x.postings_ = x.offsets_ + 4 * (buckets + 1);
  x.filter_ = x.postings_ + 4 * postings;
  x.filter_mask_ = (uint64_t{1} << filter_bits) - 1;
  // Offsets ascend to posting_count, and AppendCandidates skips a posting
  // naming no entry: a search never reads outside the blob.
  uint32_t prev = 0;
  for (uint64_t b = 0; b <= buckets; ++b) {
    const uint32_t o = x.Offset(b);
    if (o < prev || o > postings) return std::nullopt;
    prev = o;
  }
  if (prev != postings) return std::nullopt;
  x.entry_count_ = static_cast<uint32_t>(entries);
  return x;
}

}  // namespace aftercare::db
