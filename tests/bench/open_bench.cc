// open_bench: how long opening the ingredient DB and building the in-memory
// index takes, phase by phase (a benchmark program, not a test). Prints wall
// and process CPU time: on a shared machine the CPU column is the steadier one.
// Each run after the first finds ICU's data loaded; a whole process pays more.
//   build/open_bench [DB] [REPEATS] [--functions]
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
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
    auto norm = aftercare::text::Normalizer::Create();
    auto t2 = std::chrono::steady_clock::now();
    double c2 = CpuMs();
    if (!db.ok() || !norm.ok()) {
      fmt::print(stderr, "open_bench: {}\n", db.ok() ? norm.status().ToString() : db.status().ToString());
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
  return 0;
}
