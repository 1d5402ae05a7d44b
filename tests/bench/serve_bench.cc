// serve_bench: a load test of the HTTP API on loopback, bounded in time and
// count. An in-process server (the same HttpServer `aftercare serve` runs)
// answers POST /api/v1/check of real labels (the products of a stock or
// catalog file, in turn; else the CeraVe PM label) from C concurrent
// keep-alive clients for S seconds, for each C given, and prints requests/s,
// p50 / p99 latency, errors and the process's RSS before and after. Then a
// soak: N requests from 8 clients, RSS after the first tenth and at the end.
// A benchmark (a program that prints numbers), never a timed test; with
// --check it also exits 1 on any error, or when RSS grew by more than
// --rss-slack-mb over the soak (the suite runs it so; no time is checked).
//   build/serve_bench [--db build/aftercare.db] [--labels examples/clinic-stock.csv] [--clients 8,64]
//                     [--seconds 10] [--threads 0] [--soak 100000] [--check] [--rss-slack-mb 8]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "aftercare/aftercare.h"
#include "aftercare/catalog/stock_review.h"
#include "aftercare/serve/http_server.h"
#include "aftercare/serve/service.h"
#include "bench_args.h"

namespace {

// CeraVe PM Facial Moisturizing Lotion (examples/labels), as a check request.
constexpr const char* kBody =
    R"({"label": "Purified Water, Glycerin, Caprylic/Capric Triglyceride, Niacinamide, Cetearyl Alcohol, )"
    R"(Ceramide 3, Ceramide 6-II, Ceramide 1, Hyaluronic Acid, Cholesterol, Phenoxyethanol", "day": 1, )"
    R"("name": "CeraVe PM Facial Moisturizing Lotion"})";

long RssKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

// The check requests to send: one per product of `file` (a stock or catalog
// CSV) that has an ingredient list (a device has none: 422), else the CeraVe
// PM label alone.
std::vector<std::string> Bodies(const std::string& file) {
  if (file.empty()) return {kBody};
  std::ifstream in(file, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  aftercare::catalog::StringSource source(text);
  auto items = aftercare::catalog::ReadStock(&source, file, aftercare::catalog::InputFormat::kCsv, {});
  std::vector<std::string> out;
  if (items.ok()) {
    for (const auto& item : *items) {
      if (item.error.empty() && !item.ingredients.empty())
        out.push_back(nlohmann::json({{"label", item.ingredients}, {"day", 1}}).dump());
    }
  }
  if (out.empty()) fmt::print(stderr, "serve_bench: no product in {}\n", file);
  return out;
}

// C keep-alive clients posting `bodies` in turn until `stop` or until `total`
// requests in all (0: no count); their latencies in ms, sorted, and errors.
struct Run {
  std::vector<double> latencies;
  int64_t errors = 0;
  std::string error_kinds;  // " HTTP 503 x2 Read x1"
  double seconds = 0;
};

Run Drive(int port, int clients, const std::vector<std::string>& bodies, const std::atomic<bool>& stop, int64_t total,
          const std::function<void(int64_t)>& progress = nullptr) {
  std::vector<std::vector<double>> latencies(static_cast<size_t>(clients));
  std::vector<int64_t> errors(static_cast<size_t>(clients), 0);
  std::mutex kinds_mu;
  std::map<std::string, int64_t> kinds;
  std::atomic<int64_t> issued{0};
  std::vector<std::thread> pool;
  auto t0 = std::chrono::steady_clock::now();
  for (int k = 0; k < clients; ++k) {
    pool.emplace_back([&, k] {
      httplib::Client c("127.0.0.1", port);
      c.set_keep_alive(true);
      c.set_tcp_nodelay(true);
      auto& lat = latencies[static_cast<size_t>(k)];
      for (;;) {
        if (stop.load(std::memory_order_relaxed)) return;
        const int64_t n = issued.fetch_add(1);
        if (total > 0 && n >= total) return;
        if (progress) progress(n);
        const std::string& body = bodies[static_cast<size_t>(n) % bodies.size()];
        auto s = std::chrono::steady_clock::now();
        auto res = c.Post("/api/v1/check", body, "application/json");
        lat.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s).count());
        if (!res || res->status != 200) {
          ++errors[static_cast<size_t>(k)];
          std::lock_guard<std::mutex> lock(kinds_mu);
          ++kinds[res ? "HTTP " + std::to_string(res->status) : httplib::to_string(res.error())];
        }
      }
    });
  }
  for (auto& t : pool) t.join();
  Run run;
  for (const auto& [kind, n] : kinds) run.error_kinds += fmt::format(" {} x{}", kind, n);
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  for (size_t k = 0; k < latencies.size(); ++k) {
    run.latencies.insert(run.latencies.end(), latencies[k].begin(), latencies[k].end());
    run.errors += errors[k];
  }
  std::sort(run.latencies.begin(), run.latencies.end());
  return run;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace aftercare;
  std::string db_path = "build/aftercare.db", clients_arg = "8,64", labels;
  int seconds = 10, threads = 0;
  int64_t soak = 100000;
  long rss_slack_mb = 8;
  bool check = false;
  for (int i = 1; i < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--check") {
      check = true;
      --i;
      continue;
    }
    if (i + 1 >= argc) {
      fmt::print(stderr, "serve_bench: {} needs a value\n", a);
      return 2;
    }
    if (a == "--db")
      db_path = argv[i + 1];
    else if (a == "--clients")
      clients_arg = argv[i + 1];
    else if (a == "--seconds")
      seconds = std::stoi(argv[i + 1]);
    else if (a == "--threads")
      threads = std::stoi(argv[i + 1]);
    else if (a == "--labels")
      labels = argv[i + 1];
    else if (a == "--soak")
      soak = std::stoll(argv[i + 1]);
    else if (a == "--rss-slack-mb")
      rss_slack_mb = std::stol(argv[i + 1]);
    else {
      fmt::print(stderr, "serve_bench: unknown argument {}\n", a);
      return 2;
    }
  }
  const std::vector<std::string> bodies = Bodies(labels);
  if (bodies.empty()) return 2;
  auto analyzer = Analyzer::Open(db_path);
  if (!analyzer.ok()) {
    fmt::print(stderr, "serve_bench: error: {}\n", analyzer.status().ToString());
    return 2;
  }
  auto checker = rules::Checker::Create(&*analyzer);
  auto protocol = (*checker)->FindProtocol("microneedling");
  const rules::ProtocolFile file{**protocol, {}};
  serve::Service service(&*analyzer, checker->get(), &file);
  serve::ServerOptions options;
  options.port = 0;
  options.threads = threads;
  options.queue = 1024;
  options.log_requests = false;
  serve::HttpServer server(&service, options, nullptr);
  auto port = server.Bind();
  if (!port.ok()) return 2;
  std::thread serving([&] { server.Run(); });
  {  // warm up: the index and the caches fill on first use
    httplib::Client c("127.0.0.1", *port);
    for (size_t i = 0; i < std::max<size_t>(200, bodies.size()); ++i) {
      c.Post("/api/v1/check", bodies[i % bodies.size()], "application/json");
    }
  }
  fmt::print("serve_bench: POST /api/v1/check of {} real label{}, loopback, server workers {}, {} s per run\n",
             bodies.size(), bodies.size() == 1 ? "" : "s", threads > 0 ? std::to_string(threads) : "default", seconds);
  int64_t all_errors = 0;
  for (int clients : aftercare::bench::ParseNumberList(clients_arg)) {
    const long rss_before = RssKb();
    std::atomic<bool> stop{false};
    std::thread timer([&] {
      std::this_thread::sleep_for(std::chrono::seconds(seconds));
      stop = true;
    });
    Run run = Drive(*port, clients, bodies, stop, 0);
    timer.join();
    all_errors += run.errors;
    const auto& all = run.latencies;
    auto pct = [&](double p) { return all.empty() ? 0.0 : all[static_cast<size_t>(p * (all.size() - 1))]; };
    fmt::print(
        "clients {:>3}: {:>7} requests, {:>7.0f} req/s, p50 {:.2f} ms, p99 {:.2f} ms, errors {}{}, "
        "RSS {} -> {} MiB\n",
        clients, all.size(), all.size() / run.seconds, pct(0.5), pct(0.99), run.errors, run.error_kinds,
        rss_before / 1024, RssKb() / 1024);
  }
  bool grew = false;
  if (soak > 0) {
    // RSS once a tenth of the requests is done (the allocator's pools and the
    // threads' stacks are in place by then), and at the end.
    std::atomic<long> rss_warm{-1};
    const int64_t warm_at = soak / 10;
    std::atomic<bool> never{false};
    const long rss_start = RssKb();
    Run run = Drive(*port, 8, bodies, never, soak, [&](int64_t n) {
      if (n == warm_at) rss_warm = RssKb();
    });
    const long rss_end = RssKb();
    all_errors += run.errors;
    grew = rss_end - rss_warm.load() > rss_slack_mb * 1024;
    fmt::print(
        "soak: {} requests from 8 clients in {:.1f} s, errors {}{}, RSS {} MiB at start, {} MiB after {}, "
        "{} MiB after {} ({:+} KiB)\n",
        run.latencies.size(), run.seconds, run.errors, run.error_kinds, rss_start / 1024, rss_warm.load() / 1024,
        warm_at, rss_end / 1024, soak, rss_end - rss_warm.load());
  }
  server.Stop();
  serving.join();
  if (check && all_errors > 0) {
    fmt::print("serve_bench: FAIL: {} requests failed\n", all_errors);
    return 1;
  }
  if (check && grew) {
    fmt::print("serve_bench: FAIL: RSS grew by more than {} MiB over the soak\n", rss_slack_mb);
    return 1;
  }
  return 0;
}
