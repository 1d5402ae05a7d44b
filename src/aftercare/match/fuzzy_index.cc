#include "aftercare/match/fuzzy_index.h"

#include "aftercare/base/edit_distance.h"

#include <algorithm>
#include <cstdlib>

namespace aftercare::match {

std::string_view FuzzyIndex::EntryKey(uint32_t e) const {
  const size_t keys = db_->sorted_keys().size();
  return e < keys ? db_->sorted_keys()[e].first : db_->sorted_synonyms()[e - keys].first;
}

FuzzyIndex::Hit FuzzyIndex::HitOf(uint32_t e, int distance) const {
  const size_t keys = db_->sorted_keys().size();
  if (e >= keys) {
    const db::Synonym& syn = *db_->sorted_synonyms()[e - keys].second;
    return {syn.ingredient, syn.synonym, distance};
  }
  const db::IngredientId id = db_->sorted_keys()[e].second;
  const db::Ingredient& row = db_->ingredient(id);
  return {row.alias_of >= 0 ? row.alias_of : id, row.display, distance};
}

std::vector<FuzzyIndex::Hit> FuzzyIndex::Search(std::string_view key, int max_distance, size_t max_hits) const {
  std::vector<Hit> hits;
  if (key.empty() || max_distance < 1) return hits;
  const db::DeletionIndex& index = db_->deletion_index();
  // The query's hashes (the key, each one-byte deletion, with distance 2
  // each two-byte deletion), then those the index's filter passes (most it
  // does not: no entry has them); then their buckets prefetched and probed.
  // The filter, the buckets and the postings are each far larger than a
  // core's cache, and the tests and probes are independent: each is
  // prefetched ahead of its reading.
  const size_t n = key.size();
  std::vector<uint64_t> hashes;
  hashes.reserve(1 + n + (max_distance >= 2 ? n * (n - 1) / 2 : 0));
  db::DeletionHasher hk(key);
  hashes.push_back(hk.Whole());
  for (size_t i = 0; i < n; ++i) {
    if (i > 0 && key[i] == key[i - 1]) continue;
    hashes.push_back(hk.Without(i));
  }
  if (max_distance >= 2) {
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = i + 1; j < n; ++j) hashes.push_back(hk.Without(i, j));
    }
  }
  // Only those the filter passes are kept (about one in eight), in place.
  constexpr size_t kFilterAhead = 64;  // 16 was 2 % slower by wall clock (31 interleaved scans)
  const size_t all = hashes.size();
  for (size_t k = 0; k < std::min(kFilterAhead, all); ++k) __builtin_prefetch(index.FilterAddress(hashes[k]));
  size_t passed = 0;
  for (size_t k = 0; k < all; ++k) {
    if (k + kFilterAhead < all) __builtin_prefetch(index.FilterAddress(hashes[k + kFilterAhead]));
    if (index.MayHave(hashes[k])) hashes[passed++] = hashes[k];
  }
  hashes.resize(passed);
  // (entry, the query hash whose bucket named it), by entry.
  std::vector<std::pair<uint32_t, uint64_t>> candidates;
  std::vector<uint32_t> named;
  // Two stages ahead: a bucket's offset 16 hashes ahead, its postings 8 ahead.
  constexpr size_t kAhead = 8;
  for (size_t k = 0; k < std::min(2 * kAhead, hashes.size()); ++k) __builtin_prefetch(index.BucketAddress(hashes[k]));
  for (size_t k = 0; k < std::min(kAhead, hashes.size()); ++k) __builtin_prefetch(index.PostingsAddress(hashes[k]));
  for (size_t k = 0; k < hashes.size(); ++k) {
    if (k + 2 * kAhead < hashes.size()) __builtin_prefetch(index.BucketAddress(hashes[k + 2 * kAhead]));
    if (k + kAhead < hashes.size()) __builtin_prefetch(index.PostingsAddress(hashes[k + kAhead]));
    named.clear();
    index.AppendCandidates(hashes[k], &named);
    for (uint32_t e : named) candidates.emplace_back(e, hashes[k]);
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  // A posting keeps part of its hash: a name close enough stays when one of
  // its own hashes is one that named it, as the whole hash would have said.
  db::DeletionHasher entry_hasher;
  std::vector<std::pair<int, uint32_t>> found;
  for (size_t i = 0; i < candidates.size();) {
    const uint32_t e = candidates[i].first;
    size_t end = i;
    while (end < candidates.size() && candidates[end].first == e) ++end;
    const std::string_view name = EntryKey(e);
    const int d = BoundedEditDistance(key, name, max_distance);
    bool hashed = false;
    if (d <= max_distance) {
      db::ForEachEntryHash(name, &entry_hasher, [&](uint64_t h) {
        for (size_t c = i; c < end && !hashed; ++c) hashed = candidates[c].second == h;
      });
    }
    if (hashed) found.emplace_back(d, e);
    i = end;
  }
  // Closest first, then by key, an ingredient's before the same synonym key:
  // the same order every time.
  const size_t keys = db_->sorted_keys().size();
  std::sort(found.begin(), found.end(), [&](const std::pair<int, uint32_t>& x, const std::pair<int, uint32_t>& y) {
    if (x.first != y.first) return x.first < y.first;
    const std::string_view kx = EntryKey(x.second), ky = EntryKey(y.second);
    if (kx != ky) return kx < ky;
    return (x.second >= keys) < (y.second >= keys);
  });
  for (const auto& [d, e] : found) {
    Hit hit = HitOf(e, d);
    if (std::any_of(hits.begin(), hits.end(), [&](const Hit& h) { return h.ingredient == hit.ingredient; })) continue;
    hits.push_back(hit);
    if (hits.size() == max_hits) break;
  }
  return hits;
}

}  // namespace aftercare::match
