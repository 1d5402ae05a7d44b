#include "aftercare/match/fuzzy_index.h"

#include "aftercare/base/edit_distance.h"

#include <algorithm>
#include <cstdlib>

namespace aftercare::match {
namespace {

// Deletions are hashed with a polynomial hash (mod 2^64), so that the hash of
// the key without one or two of its bytes comes from prefix hashes in O(1)
// instead of rehashing the key for each of the ~n^2/2 two-byte deletions.
// A bijective mixer spreads the bits before the value is used.
constexpr uint64_t kBase = 0x9E3779B97F4A7C15ull;  // odd

uint64_t Mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

// Prefix hashes of one key: p[k] is the hash of s[0, k); pw[k] is kBase^k.
class DeletionHasher {
 public:
  DeletionHasher() = default;
  explicit DeletionHasher(std::string_view s) { Reset(s); }
  void Reset(std::string_view s) {
    n_ = s.size();
    p_.resize(n_ + 1);
    pw_.resize(n_ + 1);
    p_[0] = 0;
    pw_[0] = 1;
    for (size_t k = 0; k < n_; ++k) {
      p_[k + 1] = p_[k] * kBase + static_cast<unsigned char>(s[k]);
      pw_[k + 1] = pw_[k] * kBase;
    }
  }
  // The whole key.
  uint64_t Whole() const { return Mix(p_[n_]); }
  // Without byte i.
  uint64_t Without(size_t i) const { return Mix(p_[i] * pw_[n_ - i - 1] + Suffix(i + 1)); }
  // Without bytes i < j.
  uint64_t Without(size_t i, size_t j) const {
    uint64_t mid = p_[j] - p_[i + 1] * pw_[j - i - 1];
    return Mix(p_[i] * pw_[n_ - i - 2] + mid * pw_[n_ - j - 1] + Suffix(j + 1));
  }

 private:
  uint64_t Suffix(size_t k) const { return p_[n_] - p_[k] * pw_[n_ - k]; }
  size_t n_ = 0;
  std::vector<uint64_t> p_, pw_;
};

}  // namespace

void FuzzyIndex::BuildEntries() const {
  // Every key in byte order: the DB keeps its ingredient keys sorted, the
  // synonyms are sorted here and merged in.
  std::vector<Entry> synonyms;
  synonyms.reserve(db_->synonyms().size());
  for (const auto& [key, syn] : db_->synonyms()) synonyms.push_back({key, -1, &syn});
  std::sort(synonyms.begin(), synonyms.end(), [](const Entry& x, const Entry& y) { return x.key < y.key; });
  const auto& keys = db_->sorted_keys();
  entries_.reserve(keys.size() + synonyms.size());
  size_t s = 0;
  for (const auto& [key, id] : keys) {
    while (s < synonyms.size() && synonyms[s].key < key) entries_.push_back(synonyms[s++]);
    entries_.push_back({key, id, nullptr});
  }
  while (s < synonyms.size()) entries_.push_back(synonyms[s++]);
}

void FuzzyIndex::Build() const {
  std::call_once(entries_built_, [this] { BuildEntries(); });

  size_t total = 0;
  for (const auto& e : entries_) total += e.key.size() + 1;
  std::vector<std::pair<uint64_t, uint32_t>> all;
  all.reserve(total);
  for (uint32_t e = 0; e < entries_.size(); ++e) {
    std::string_view k = entries_[e].key;
    DeletionHasher hk(k);
    all.emplace_back(hk.Whole(), e);
    for (size_t i = 0; i < k.size(); ++i) {
      if (i > 0 && k[i] == k[i - 1]) continue;  // same deletion as the one before
      all.emplace_back(hk.Without(i), e);
    }
  }
  // Sorted by (hash, entry): a counting sort on the hash's top 16 bits, then
  // each small bucket sorted (a full sort of ~1M pairs cost most of the build).
  std::vector<uint32_t> next(65537, 0);
  for (const auto& d : all) ++next[(d.first >> 48) + 1];
  for (size_t b = 1; b < next.size(); ++b) next[b] += next[b - 1];
  std::vector<uint32_t> bucket_begin(next.begin(), next.end());
  deletions_.resize(all.size());
  for (const auto& d : all) deletions_[next[d.first >> 48]++] = d;
  all = {};
  for (size_t b = 0; b + 1 < bucket_begin.size(); ++b) {
    std::sort(deletions_.begin() + bucket_begin[b], deletions_.begin() + bucket_begin[b + 1]);
  }
  size_t distinct = 0;
  for (size_t i = 0; i < deletions_.size(); ++i) {
    if (i == 0 || deletions_[i].first != deletions_[i - 1].first) ++distinct;
  }
  size_t size = 16;
  while (size < distinct * 2) size <<= 1;
  slots_.assign(size, Slot());
  mask_ = size - 1;
  for (size_t i = 0; i < deletions_.size();) {
    size_t j = i;
    while (j < deletions_.size() && deletions_[j].first == deletions_[i].first) ++j;
    uint64_t h = deletions_[i].first;
    size_t at = static_cast<size_t>((h ^ (h >> 29)) & mask_);
    while (slots_[at].count != 0) at = (at + 1) & mask_;
    slots_[at] = {h, static_cast<uint32_t>(i), static_cast<uint32_t>(j - i)};
    i = j;
  }
}

FuzzyIndex::Hit FuzzyIndex::HitOf(const Entry& e, int distance) const {
  if (e.synonym != nullptr) return {e.synonym->ingredient, e.synonym->synonym, distance};
  const db::Ingredient& row = db_->ingredient(e.id);
  return {row.alias_of >= 0 ? row.alias_of : e.id, row.display, distance};
}

std::vector<uint32_t> FuzzyIndex::ScanCandidates(const std::vector<uint64_t>& hashes, size_t key_size,
                                                 int max_distance) const {
  // An entry's hashes are of its key (length L) and of the key less one byte
  // (L - 1); the query's of strings of length n, n - 1 and, for distance 2,
  // n - 2. Equal strings have equal lengths, so only these lengths can meet.
  const size_t n = key_size;
  const size_t drop = max_distance >= 2 ? 2 : 1;  // Search hashes deletions of up to two bytes
  const size_t lo = n >= drop ? n - drop : 0;
  std::vector<uint32_t> out;
  DeletionHasher hk;
  auto in = [&](uint64_t h) { return std::binary_search(hashes.begin(), hashes.end(), h); };
  for (uint32_t e = 0; e < entries_.size(); ++e) {
    std::string_view k = entries_[e].key;
    if (k.size() < lo || k.size() > n + 1) continue;
    hk.Reset(k);
    bool hit = in(hk.Whole());
    for (size_t i = 0; i < k.size() && !hit; ++i) {
      if (i > 0 && k[i] == k[i - 1]) continue;
      hit = in(hk.Without(i));
    }
    if (hit) out.push_back(e);
  }
  return out;
}

std::vector<FuzzyIndex::Hit> FuzzyIndex::Search(std::string_view key, int max_distance, size_t max_hits) const {
  std::vector<Hit> hits;
  if (key.empty() || max_distance < 1) return hits;
  std::call_once(entries_built_, [this] { BuildEntries(); });
  const bool scan = searches_.fetch_add(1, std::memory_order_relaxed) < kScanSearches;
  if (!scan) std::call_once(built_, [this] { Build(); });
  // Every hash to look up first, then the slots prefetched, then probed: the
  // table is far larger than the cache and the probes are independent.
  thread_local std::vector<uint64_t> hashes;
  hashes.clear();
  DeletionHasher hk(key);
  hashes.push_back(hk.Whole());
  for (size_t i = 0; i < key.size(); ++i) {
    if (i > 0 && key[i] == key[i - 1]) continue;
    hashes.push_back(hk.Without(i));
  }
  if (max_distance >= 2) {
    for (size_t i = 0; i < key.size(); ++i) {
      for (size_t j = i + 1; j < key.size(); ++j) hashes.push_back(hk.Without(i, j));
    }
  }
  std::vector<uint32_t> candidates;
  if (scan) {
    std::vector<uint64_t> sorted = hashes;
    std::sort(sorted.begin(), sorted.end());
    candidates = ScanCandidates(sorted, key.size(), max_distance);
  }
  auto slot_of = [&](uint64_t h) { return static_cast<size_t>((h ^ (h >> 29)) & mask_); };
  constexpr size_t kAhead = 8;
  for (size_t k = 0; !scan && k < std::min(kAhead, hashes.size()); ++k) {
    __builtin_prefetch(&slots_[slot_of(hashes[k])]);
  }
  for (size_t k = 0; !scan && k < hashes.size(); ++k) {
    if (k + kAhead < hashes.size()) __builtin_prefetch(&slots_[slot_of(hashes[k + kAhead])]);
    uint64_t h = hashes[k];
    size_t at = slot_of(h);
    while (slots_[at].count != 0) {
      if (slots_[at].hash == h) {
        for (uint32_t c = 0; c < slots_[at].count; ++c) candidates.push_back(deletions_[slots_[at].begin + c].second);
        break;
      }
      at = (at + 1) & mask_;
    }
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  std::vector<std::pair<int, uint32_t>> found;
  for (uint32_t e : candidates) {
    int d = BoundedEditDistance(key, entries_[e].key, max_distance);
    if (d <= max_distance) found.emplace_back(d, e);
  }
  // Closest first, then by key; entries are in key order, so the entry index
  // breaks the remaining ties the same way every time.
  std::sort(found.begin(), found.end());
  for (const auto& [d, e] : found) {
    Hit hit = HitOf(entries_[e], d);
    if (std::any_of(hits.begin(), hits.end(), [&](const Hit& h) { return h.ingredient == hit.ingredient; })) continue;
    hits.push_back(std::move(hit));
    if (hits.size() == max_hits) break;
  }
  return hits;
}

}  // namespace aftercare::match
