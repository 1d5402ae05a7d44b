// open_bench: how long opening the ingredient DB and building the in-memory
// index takes, phase by phase (a benchmark program, not a test).
//   build/open_bench [DB] [REPEATS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "aftercare/aftercare.h"

namespace {
double Ms(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
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
  std::vector<double> db_ms, norm_ms, matcher_ms, total_ms;
  for (int i = 0; i < repeats; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    auto db = aftercare::db::IngredientDb::Open(path, {.functions = with_functions, .table_counts = false});
    auto t1 = std::chrono::steady_clock::now();
    auto norm = aftercare::text::Normalizer::Create();
    auto t2 = std::chrono::steady_clock::now();
    if (!db.ok() || !norm.ok()) {
      fmt::print(stderr, "open_bench: {}\n", db.ok() ? norm.status().ToString() : db.status().ToString());
      return 2;
    }
    auto matcher = aftercare::match::Matcher::Create(&*db, &*norm);
    auto t3 = std::chrono::steady_clock::now();
    db_ms.push_back(Ms(t0, t1));
    norm_ms.push_back(Ms(t1, t2));
    matcher_ms.push_back(Ms(t2, t3));
    total_ms.push_back(Ms(t0, t3));
  }
  fmt::print("open_bench: {} ({} runs, median{})\n", path, repeats, with_functions ? ", with CosIng functions" : "");
  fmt::print("  load DB into the in-memory index  {:7.2f} ms\n", Median(db_ms));
  fmt::print("  ICU normaliser                    {:7.2f} ms\n", Median(norm_ms));
  fmt::print("  compile patterns (RE2::Set)       {:7.2f} ms\n", Median(matcher_ms));
  fmt::print("  total                             {:7.2f} ms\n", Median(total_ms));
  return 0;
}
