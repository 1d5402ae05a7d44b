// shape_bench: reads each hostile shape of issue 20 (tests/regression/hostile_shapes.h)
// at growing sizes the way `check` and `parse` do (read, assess on day 3, the
// text and JSON reports of both) and prints the time and the peak memory per
// size, then the worst ratio time(1 MiB) / time(100 KB) and the slowest 1 MiB
// input. A benchmark program, not a test: it asserts nothing.
//   build/shape_bench [--db build/aftercare.db] [--sizes 10000,100000,1048576] [--only SHAPE] [--stages]
// --stages prints the time of each stage instead: read + assess + parse reports + check reports.
// Each measurement runs in a child process (fork): its peak RSS (wait4) is its
// own, and a crash is reported as such instead of ending the benchmark. The
// child repeats the work three times at least and until 0.2 s have passed, and
// reports the fastest run (the first pays for the pages it maps).
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "../regression/hostile_shapes.h"
#include "aftercare/aftercare.h"
#include "aftercare/report/check_report.h"
#include "aftercare/report/parse_report.h"
#include "aftercare/rules/verdict.h"
#include "bench_args.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Measure {
  bool ok = false;
  std::string failure;    // "signal 11", "exit 3"
  double seconds = 0;     // the fastest run
  long peak_kb = 0;       // the child's peak RSS
  double stages[4] = {};  // of the fastest run: read, assess, parse reports, check reports
};

// Seconds per stage of the last ReadOnce(): read, assess, parse reports, check reports.
double stage_seconds[4];

// The work of one `check` and one `parse` of `label`, every report included.
size_t ReadOnce(const aftercare::Analyzer& analyzer, const aftercare::rules::Checker& checker,
                const aftercare::db::Protocol& protocol, const std::string& label) {
  using namespace aftercare;
  auto t = Clock::now();
  const auto lap = [&](int stage) {
    const auto now = Clock::now();
    stage_seconds[stage] = std::chrono::duration<double>(now - t).count();
    t = now;
  };
  match::ParsedLabel parsed = analyzer.ParseLabel(label);
  lap(0);
  rules::ProductInfo product;
  Result<rules::Assessment> a = checker.Assess(parsed, product, protocol, 3, nullptr);
  lap(1);
  size_t sink = report::ParseText(parsed, analyzer.db(), {}).size() + report::ParseJson(parsed, analyzer.db()).size();
  lap(2);
  if (a.ok()) {
    report::CheckView view{&parsed, &product, &*a, &protocol};
    sink += report::CheckText(view, analyzer.db(), {}).size() + report::CheckJson(view, analyzer.db()).size();
  }
  lap(3);
  return sink;
}

Measure Run(const aftercare::Analyzer& analyzer, const aftercare::rules::Checker& checker,
            const aftercare::db::Protocol& protocol, const std::string& label) {
  Measure m;
  int fds[2];
  if (pipe(fds) != 0) {
    m.failure = "pipe";
    return m;
  }
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    double best = 1e9, stages[4] = {};
    const auto start = Clock::now();
    size_t sink = 0;
    int runs = 0;
    do {
      const auto t0 = Clock::now();
      sink += ReadOnce(analyzer, checker, protocol, label);
      const double took = std::chrono::duration<double>(Clock::now() - t0).count();
      if (took < best) {
        best = took;
        std::copy(std::begin(stage_seconds), std::end(stage_seconds), std::begin(stages));
      }
    } while (++runs < 3 || std::chrono::duration<double>(Clock::now() - start).count() < 0.2);
    double report[5] = {best, stages[0], stages[1], stages[2], stages[3]};
    const ssize_t w = write(fds[1], report, sizeof report);
    _exit(w == sizeof report && sink > 0 ? 0 : 1);
  }
  close(fds[1]);
  double report[5] = {};
  const ssize_t r = read(fds[0], report, sizeof report);
  close(fds[0]);
  int status = 0;
  struct rusage usage {};
  wait4(pid, &status, 0, &usage);
  m.peak_kb = usage.ru_maxrss;
  if (WIFSIGNALED(status)) {
    m.failure = fmt::format("signal {} ({})", WTERMSIG(status), strsignal(WTERMSIG(status)));
  } else if (WEXITSTATUS(status) != 0 || r != sizeof report) {
    m.failure = fmt::format("exit {}", WEXITSTATUS(status));
  } else {
    m.ok = true;
    m.seconds = report[0];
    std::copy(report + 1, report + 5, m.stages);
  }
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace aftercare;
  std::string db_path = "build/aftercare.db", only;
  bool show_stages = false;
  std::vector<size_t> sizes = {10000, 100000, 1048576};
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--db" && i + 1 < argc) {
      db_path = argv[++i];
    } else if (a == "--sizes" && i + 1 < argc) {
      sizes = aftercare::bench::ParseNumberList<size_t>(argv[++i]);
    } else if (a == "--only" && i + 1 < argc) {
      only = argv[++i];
    } else if (a == "--stages") {
      show_stages = true;
    } else {
      fmt::print(stderr, "usage: shape_bench [--db PATH] [--sizes 10000,100000,1048576] [--only SHAPE] [--stages]\n");
      return 2;
    }
  }
  auto analyzer = Analyzer::Open(db_path);
  if (!analyzer.ok()) {
    fmt::print(stderr, "shape_bench: error: {}\n", analyzer.status().ToString());
    return 2;
  }
  auto checker = rules::Checker::Create(&*analyzer);
  if (!checker.ok()) return 2;
  auto protocol = (*checker)->FindProtocol("microneedling");
  if (!protocol.ok()) return 2;
  // Warm what is read on first use (the fuzzy deletion index, ingredient
  // rows), so that no shape pays for it and every child shares it.
  for (int i = 0; i < 3; ++i) {
    ReadOnce(*analyzer, **checker, **protocol, "Watr, Glycerine, Nicinamide, Dimethicne, Tocopherl, Retinl, Panthenl");
  }
  struct rusage self {};
  getrusage(RUSAGE_SELF, &self);
  fmt::print("shape_bench: parse + check (day 3) + text and JSON reports; the fastest of 3 runs or more (0.2 s).\n");
  fmt::print("peak = the child's peak RSS; the analyzer alone holds {} MB of it.\n\n", self.ru_maxrss / 1024);
  fmt::print("{:<18}", "shape");
  for (size_t n : sizes) fmt::print(" | {:>9} B: {:>9} {:>7}", n, "ms", "peak MB");
  fmt::print("\n");

  double worst_ratio = 0, slowest = 0;
  std::string worst_ratio_shape, slowest_shape;
  int failures = 0;
  for (const auto& shape : testing::HostileShapes()) {
    if (!only.empty() && shape.name != only) continue;
    fmt::print("{:<18}", shape.name);
    std::vector<Measure> row;
    for (size_t n : sizes) {
      const Measure m = Run(*analyzer, **checker, **protocol, shape.make(n));
      row.push_back(m);
      if (m.ok && show_stages) {
        fmt::print(" | {:.1f}+{:.1f}+{:.1f}+{:.1f} ms", m.stages[0] * 1000, m.stages[1] * 1000, m.stages[2] * 1000,
                   m.stages[3] * 1000);
      } else if (m.ok) {
        fmt::print(" | {:>11} {:>9.3f} {:>7.1f}", "", m.seconds * 1000, static_cast<double>(m.peak_kb) / 1024);
      } else {
        ++failures;
        fmt::print(" | {:>11} {:>17}", "", m.failure);
      }
      std::fflush(stdout);
      if (m.ok && n == 1048576 && m.seconds > slowest) {
        slowest = m.seconds;
        slowest_shape = std::string(shape.name);
      }
    }
    fmt::print("\n");
    const auto at = [&](size_t n) -> const Measure* {
      auto it = std::find(sizes.begin(), sizes.end(), n);
      return it == sizes.end() ? nullptr : &row[static_cast<size_t>(it - sizes.begin())];
    };
    const Measure *big = at(1048576), *mid = at(100000);
    if (big && mid && big->ok && mid->ok && mid->seconds > 0) {
      const double ratio = big->seconds / mid->seconds;
      if (ratio > worst_ratio) {
        worst_ratio = ratio;
        worst_ratio_shape = std::string(shape.name);
      }
    }
  }
  fmt::print("\n");
  if (!worst_ratio_shape.empty()) {
    fmt::print("worst time(1 MiB) / time(100 KB): {:.1f} ({}); linear is 10.5, the bar 15\n", worst_ratio,
               worst_ratio_shape);
  }
  if (!slowest_shape.empty()) fmt::print("slowest 1 MiB input: {:.3f} s ({}); the bar 2 s\n", slowest, slowest_shape);
  if (failures > 0) fmt::print("{} measurements FAILED (crash or error)\n", failures);
  return failures > 0 ? 1 : 0;
}
