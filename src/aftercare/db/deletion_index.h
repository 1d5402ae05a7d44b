// The deletion index of the fuzzy lookup (db stage), packed by the DB build
// and read in place: for every known name (each ingredient key, then each
// synonym key, both in byte order) the hash of the name and of each of its
// one-byte deletions (SymSpell), so that a search finds the names one or two
// edits away by hashing deletions of the query. match::FuzzyIndex searches
// it; the builder writes it; `db check` compares it with the names. Plain
// functions and an immutable view, safe to share between threads.
//
// Layout of the blob, little-endian u32s, then bytes:
//   bucket_bits, entry_bits, key_count, synonym_count, posting_count,
//   filter_bits, offsets[2^bucket_bits + 1], postings[posting_count],
//   filter[2^filter_bits / 8].
// Entry e < key_count is the e-th ingredient key in byte order, else the
// (e - key_count)-th synonym key. A hash h falls in bucket
// h >> (64 - bucket_bits); the bucket's postings are
// postings[offsets[b], offsets[b + 1]), each (e << check_bits) | check with
// check_bits = 32 - entry_bits and check the next check_bits bits of h,
// sorted, no two equal. A posting whose check matches says that entry e may
// have the hash: the caller confirms with EntryHasAnyHash (the postings keep
// 32 + bucket_bits bits of a 64-bit hash), so a search finds exactly the
// entries one of whose hashes equals one of the query's.
//
// The filter, one bit for each of 2^filter_bits values of a hash's low bits
// (bit h mod 2^filter_bits is byte (h mod 2^filter_bits) / 8, bit value
// 1 << (h mod 8)), is set for every hash of every entry: a query hash whose
// bit is clear has no posting, and is not looked up. Four bits or more per
// posting: 1 MiB for the real DB, which stays in a core's cache where the
// postings (4.6 MB) do not, and passes about one query hash in eight that no
// entry has. Most searches are of names no entry is close to.
#ifndef AFTERCARE_DB_DELETION_INDEX_H_
#define AFTERCARE_DB_DELETION_INDEX_H_

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aftercare/base/little_endian.h"
#include "aftercare/base/status.h"
#include "aftercare/db/sqlite.h"

namespace aftercare::db {

// Hashes of a string and of the string without one or two of its bytes, from
// prefix hashes (a polynomial hash mod 2^64, then a bijective mixer), O(1)
// each. The vectors are scratch: keep one hasher and Reset it per string.
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
  // The whole string.
  uint64_t Whole() const { return Mix(p_[n_]); }
  // Without byte i.
  uint64_t Without(size_t i) const { return Mix(p_[i] * pw_[n_ - i - 1] + Suffix(i + 1)); }
  // Without bytes i < j.
  uint64_t Without(size_t i, size_t j) const {
    uint64_t mid = p_[j] - p_[i + 1] * pw_[j - i - 1];
    return Mix(p_[i] * pw_[n_ - i - 2] + mid * pw_[n_ - j - 1] + Suffix(j + 1));
  }

 private:
  static constexpr uint64_t kBase = 0x9E3779B97F4A7C15ull;  // odd
  static uint64_t Mix(uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
  }
  uint64_t Suffix(size_t k) const { return p_[n_] - p_[k] * pw_[n_ - k]; }
  size_t n_ = 0;
  std::vector<uint64_t> p_, pw_;
};

// Calls fn(hash) for an entry's hashes: the whole key, then the key without
// each byte (once per run of equal bytes: deleting any of them gives the same
// string). *hasher is scratch.
template <typename Fn>
void ForEachEntryHash(std::string_view key, DeletionHasher* hasher, Fn fn) {
  hasher->Reset(key);
  fn(hasher->Whole());
  for (size_t i = 0; i < key.size(); ++i) {
    if (i > 0 && key[i] == key[i - 1]) continue;
    fn(hasher->Without(i));
  }
}

// Whether one of the entry `key`'s hashes is in `sorted_hashes`.
bool EntryHasAnyHash(std::string_view key, const std::vector<uint64_t>& sorted_hashes, DeletionHasher* hasher);

// The index over `keys` (the ingredient keys in byte order) then `synonyms`
// (the synonym keys in byte order). REQUIRES: fewer than 2^24 names.
std::string PackDeletionIndex(const std::vector<std::string_view>& keys, const std::vector<std::string_view>& synonyms);

// PackDeletionIndex of the ingredients and synonyms tables. Errors as
// Statement::Step (kIoError).
Result<std::string> PackDeletionIndex(Database& db);

class DeletionIndex {
 public:
  DeletionIndex() = default;  // finds nothing
  // A view of a packed index; nullopt when `blob` is not one. REQUIRES: blob
  // outlives the view.
  static std::optional<DeletionIndex> View(std::string_view blob);

  // False when no entry has hash h; true when one may.
  bool MayHave(uint64_t h) const {
    if (filter_ == nullptr) return false;
    const uint64_t bit = h & filter_mask_;
    return (static_cast<unsigned char>(filter_[bit >> 3]) >> (bit & 7)) & 1;
  }
  // Where MayHave(h) reads: to prefetch it ahead of the test.
  const void* FilterAddress(uint64_t h) const {
    return filter_ == nullptr ? nullptr : filter_ + ((h & filter_mask_) >> 3);
  }
  // Appends to *out the entries whose posting may be for hash h (confirm each
  // with EntryHasAnyHash).
  void AppendCandidates(uint64_t h, std::vector<uint32_t>* out) const {
    if (offsets_ == nullptr) return;
    const size_t b = static_cast<size_t>(h >> (64 - bucket_bits_));
    const uint32_t check = static_cast<uint32_t>(h >> (64 - bucket_bits_ - check_bits_)) & check_mask_;
    const uint32_t end = Offset(b + 1);
    for (uint32_t p = Offset(b); p < end; ++p) {
      const uint32_t posting = Posting(p);
      if ((posting & check_mask_) == check && (posting >> check_bits_) < entry_count_) {
        out->push_back(posting >> check_bits_);
      }
    }
  }
  // Where hash h's bucket offset is, and (reading it) where its postings
  // are: to prefetch the one, then the other, ahead of AppendCandidates.
  const void* BucketAddress(uint64_t h) const {
    return offsets_ == nullptr ? nullptr : offsets_ + 4 * static_cast<size_t>(h >> (64 - bucket_bits_));
  }
  const void* PostingsAddress(uint64_t h) const {
    return offsets_ == nullptr ? nullptr : postings_ + 4 * static_cast<size_t>(Offset(h >> (64 - bucket_bits_)));
  }
  uint32_t key_count() const { return key_count_; }
  uint32_t synonym_count() const { return synonym_count_; }

 private:
  uint32_t Offset(size_t b) const { return LoadU32(offsets_ + 4 * b); }
  uint32_t Posting(uint32_t p) const { return LoadU32(postings_ + 4 * static_cast<size_t>(p)); }
  const char* offsets_ = nullptr;
  const char* postings_ = nullptr;
  const char* filter_ = nullptr;
  uint64_t filter_mask_ = 0;
  uint32_t bucket_bits_ = 0, check_bits_ = 0, check_mask_ = 0;
  uint32_t key_count_ = 0, synonym_count_ = 0, entry_count_ = 0;
};

}  // namespace aftercare::db

#endif  // AFTERCARE_DB_DELETION_INDEX_H_
