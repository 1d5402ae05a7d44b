// open_bench: how long opening the ingredient DB and building the in-memory
// index takes, phase by phase (a benchmark program, not a test). Prints wall
// and process CPU time: on a shared machine the CPU column is the steadier one.
// Each run after the first finds ICU's data loaded; a whole process pays more.
// Then times the lookups the reader makes most, in a shuffled order:
// FindIngredient of every key (hits) and of every key with its last byte
// changed (mostly misses), and MayStartName of every key's first word; and the fuzzy index: the first
// search on a freshly opened DB (what a one-label `check` pays), the next 20
// together, and later ones.
//   build/open_bench [DB] [REPEATS] [--functions]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "aftercare/aftercare.h"

namespace {
double Ms(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}
double CpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}
double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}
}  // namespace

int main(int argc, char** argv) {
  std::string path = argc > 1 ? argv[1] : "build/aftercare.db";
  int repeats = argc > 2 ? std::stoi(argv[2]) : 20;
  bool with_functions = argc > 3 && std::string(argv[3]) == "--functions";
  std::vector<double> db_ms, norm_ms, matcher_ms, total_ms, db_cpu, norm_cpu, matcher_cpu, total_cpu;
  for (int i = 0; i < repeats; ++i) {
    double c0 = CpuMs();
    auto t0 = std::chrono::steady_clock::now();
    auto db = aftercare::db::IngredientDb::Open(path, {.functions = with_functions, .table_counts = false});
    auto t1 = std::chrono::steady_clock::now();
    double c1 = CpuMs();
    if (!db.ok()) {
      fmt::print(stderr, "open_bench: {}\n", db.status().ToString());
      return 2;
    }
    auto norm = aftercare::text::Normalizer::Create(db->fold_table());
    auto t2 = std::chrono::steady_clock::now();
    double c2 = CpuMs();
    if (!norm.ok()) {
      fmt::print(stderr, "open_bench: {}\n", norm.status().ToString());
      return 2;
    }
    auto matcher = aftercare::match::Matcher::Create(&*db, &*norm);
    auto t3 = std::chrono::steady_clock::now();
    double c3 = CpuMs();
    db_cpu.push_back(c1 - c0);
    norm_cpu.push_back(c2 - c1);
    matcher_cpu.push_back(c3 - c2);
    total_cpu.push_back(c3 - c0);
    db_ms.push_back(Ms(t0, t1));
    norm_ms.push_back(Ms(t1, t2));
    matcher_ms.push_back(Ms(t2, t3));
    total_ms.push_back(Ms(t0, t3));
  }
  fmt::print("open_bench: {} ({} runs, median{})\n", path, repeats, with_functions ? ", with CosIng functions" : "");
  fmt::print("                                       wall       cpu\n");
  fmt::print("  load DB into the in-memory index  {:7.2f} ms {:7.2f} ms\n", Median(db_ms), Median(db_cpu));
  fmt::print("  ICU normaliser                    {:7.2f} ms {:7.2f} ms\n", Median(norm_ms), Median(norm_cpu));
  fmt::print("  compile patterns (RE2::Set)       {:7.2f} ms {:7.2f} ms\n", Median(matcher_ms), Median(matcher_cpu));
  fmt::print("  total                             {:7.2f} ms {:7.2f} ms\n", Median(total_ms), Median(total_cpu));

  auto db = aftercare::db::IngredientDb::Open(path, {.functions = false, .table_counts = false});
  if (!db.ok()) return 2;
  auto norm = aftercare::text::Normalizer::Create(db->fold_table());
  if (!norm.ok()) return 2;
  std::vector<std::string> hits, misses, words;
  for (const auto& [key, id] : db->sorted_keys()) {
    hits.emplace_back(key);
    misses.emplace_back(key);
    misses.back().back() = misses.back().back() == 'Q' ? 'X' : 'Q';
    words.emplace_back(key.substr(0, key.find(' ')));
  }
  // In no particular order, as a label asks: not along the sorted key array.
  std::mt19937 shuffle_seed(19);
  std::shuffle(hits.begin(), hits.end(), shuffle_seed);
  std::shuffle(misses.begin(), misses.end(), shuffle_seed);
  std::shuffle(words.begin(), words.end(), shuffle_seed);
  const char* const kMisspelt[] = {"GLYERIN",        "SALICYLIC ACD",    "TOCOPHERYL ACETAT", "PHENOXYETHANO",
                                   "NIACINIMIDE",    "BUTYLENE GLYCOLE", "CETEARYL ALCHOL",   "XANTHAN GUN",
                                   "SODIUM BENZOAT", "PARFUME"};
  std::vector<double> hit_ns, miss_ns, start_ns, first_fuzzy_ms, warm_fuzzy_ms, fuzzy_us;
  size_t found = 0;
  for (int i = 0; i < repeats; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    for (const auto& k : hits) found += db->FindIngredient(k).has_value();
    auto t1 = std::chrono::steady_clock::now();
    for (const auto& k : misses) found += db->FindIngredient(k).has_value();
    auto t2 = std::chrono::steady_clock::now();
    hit_ns.push_back(Ms(t0, t1) * 1e6 / static_cast<double>(hits.size()));
    miss_ns.push_back(Ms(t1, t2) * 1e6 / static_cast<double>(misses.size()));
    auto matcher = aftercare::match::Matcher::Create(&*db, &*norm);
    if (!matcher.ok()) return 2;
    auto t3 = std::chrono::steady_clock::now();
    for (const auto& w : words) found += (*matcher)->MayStartName(w);
    auto t4 = std::chrono::steady_clock::now();
    start_ns.push_back(Ms(t3, t4) * 1e6 / static_cast<double>(words.size()));
    // The fuzzy searches of a process: a DB opened afresh, as `check` opens it.
    auto fresh_db = aftercare::db::IngredientDb::Open(path, {.functions = false, .table_counts = false});
    if (!fresh_db.ok()) return 2;
    auto fresh = aftercare::match::Matcher::Create(&*fresh_db, &*norm);
    if (!fresh.ok()) return 2;
    auto t5 = std::chrono::steady_clock::now();
    found += (*fresh)->fuzzy().Search(kMisspelt[0], 2, 3).size();
    auto t6 = std::chrono::steady_clock::now();
    for (int round = 0; round < 2; ++round) {
      for (const char* q : kMisspelt) found += (*fresh)->fuzzy().Search(q, 2, 3).size();
    }
    auto t7 = std::chrono::steady_clock::now();
    for (int round = 0; round < 3; ++round) {
      for (const char* q : kMisspelt) found += (*fresh)->fuzzy().Search(q, 2, 3).size();
    }
    auto t8 = std::chrono::steady_clock::now();
    first_fuzzy_ms.push_back(Ms(t5, t6));
    warm_fuzzy_ms.push_back(Ms(t6, t7));
    fuzzy_us.push_back(Ms(t7, t8) * 1e3 / (3.0 * std::size(kMisspelt)));
  }
  fmt::print("lookups (median of {} runs; {} keys)\n", repeats, hits.size());
  fmt::print("  FindIngredient, a key              {:7.1f} ns\n", Median(hit_ns));
  fmt::print("  FindIngredient, a key changed      {:7.1f} ns\n", Median(miss_ns));
  fmt::print("  MayStartName, a key's first word   {:7.1f} ns\n", Median(start_ns));
  fmt::print("  fuzzy search, first of a fresh DB  {:7.2f} ms\n", Median(first_fuzzy_ms));
  fmt::print("  fuzzy search, the next 20 together {:7.2f} ms\n", Median(warm_fuzzy_ms));
  fmt::print("  fuzzy search, later (distance 2)   {:7.1f} us\n", Median(fuzzy_us));
  fmt::print(stderr, "({} found)\n", found);
  return 0;
}
