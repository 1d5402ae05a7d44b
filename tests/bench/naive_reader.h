// The naive reader the issue 19 bars are measured against (bench only): split
// a label at commas, trim spaces, upper-case ASCII, look each piece up in a
// hash set of the DB's keys. No headings, prose, brackets, slashes, synonyms
// or fuzzy matching: the floor to compare with. corpus_bench times it in
// process, naive_scan as a whole process; one copy so that both measure the same.
#ifndef AFTERCARE_TESTS_BENCH_NAIVE_READER_H_
#define AFTERCARE_TESTS_BENCH_NAIVE_READER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>

#include "aftercare/db/ingredient_db.h"

namespace aftercare::bench {

using NaiveKeys = std::unordered_set<std::string_view>;

// Every key of `db` (views into it: REQUIRES it outlives the set).
inline NaiveKeys MakeNaiveKeys(const db::IngredientDb& db) {
  NaiveKeys keys;
  for (const auto& [key, id] : db.sorted_keys()) keys.insert(key);
  return keys;
}

struct NaiveReading {
  size_t pieces = 0;
  size_t found = 0;
};

// Calls fn(begin, end, key) for each comma piece of `label`, spaces trimmed,
// its key the piece upper-cased (ASCII) in `piece`, the caller's scratch.
template <typename Fn>
inline void ForEachNaivePiece(std::string_view label, std::string* piece, Fn&& fn) {
  for (size_t p = 0; p <= label.size();) {
    size_t q = label.find(',', p);
    if (q == std::string_view::npos) q = label.size();
    size_t b = p, e = q;
    while (b < e && label[b] == ' ') ++b;
    while (e > b && label[e - 1] == ' ') --e;
    piece->assign(label.substr(b, e - b));
    for (char& c : *piece) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
    fn(b, e, std::string_view(*piece));
    p = q + 1;
  }
}

// Reads `label` the naive way; `piece` is the caller's scratch.
inline NaiveReading NaiveRead(const NaiveKeys& keys, std::string_view label, std::string* piece) {
  NaiveReading r;
  ForEachNaivePiece(label, piece, [&](size_t, size_t, std::string_view key) {
    ++r.pieces;
    r.found += keys.count(key);
  });
  return r;
}

}  // namespace aftercare::bench

#endif  // AFTERCARE_TESTS_BENCH_NAIVE_READER_H_
