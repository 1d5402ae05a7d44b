// serve_bench: a load test of the HTTP API on loopback, bounded in time. An
// in-process server (the same HttpServer `aftercare serve` runs) answers
// POST /api/v1/check of a real label from C concurrent keep-alive clients for
// S seconds, for each C given; prints requests/s, p50 / p99 latency, errors,
// and the process's RSS before and after. A benchmark (a program that prints
// numbers), never a timed test.
//   build/serve_bench [--db build/aftercare.db] [--clients 8,64] [--seconds 10] [--threads 0]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <httplib.h>

#include "aftercare/aftercare.h"
#include "aftercare/serve/http_server.h"
#include "aftercare/serve/service.h"

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

std::vector<int> ParseList(const std::string& s) {
  std::vector<int> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find(',', i);
    if (j == std::string::npos) j = s.size();
    out.push_back(std::stoi(s.substr(i, j - i)));
    i = j + 1;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace aftercare;
  std::string db_path = "build/aftercare.db", clients_arg = "8,64";
  int seconds = 10, threads = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--db") db_path = argv[i + 1];
    else if (a == "--clients") clients_arg = argv[i + 1];
    else if (a == "--seconds") seconds = std::stoi(argv[i + 1]);
    else if (a == "--threads") threads = std::stoi(argv[i + 1]);
  }
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
  std::thread run([&] { server.Run(); });
  {  // warm up: the index and the caches fill on first use
    httplib::Client c("127.0.0.1", *port);
    for (int i = 0; i < 200; ++i) c.Post("/api/v1/check", kBody, "application/json");
  }
  fmt::print("serve_bench: POST /api/v1/check of a real label, loopback, server workers {}, {} s per run\n",
             threads > 0 ? std::to_string(threads) : "default", seconds);
  for (int clients : ParseList(clients_arg)) {
    const long rss_before = RssKb();
    std::atomic<bool> stop{false};
    std::vector<std::vector<double>> latencies(static_cast<size_t>(clients));
    std::vector<int64_t> errors(static_cast<size_t>(clients), 0);
    std::vector<std::thread> pool;
    auto t0 = std::chrono::steady_clock::now();
    for (int k = 0; k < clients; ++k) {
      pool.emplace_back([&, k] {
        httplib::Client c("127.0.0.1", *port);
        c.set_keep_alive(true);
        c.set_tcp_nodelay(true);
        auto& lat = latencies[static_cast<size_t>(k)];
        while (!stop.load(std::memory_order_relaxed)) {
          auto s = std::chrono::steady_clock::now();
          auto res = c.Post("/api/v1/check", kBody, "application/json");
          lat.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s).count());
          if (!res || res->status != 200) ++errors[static_cast<size_t>(k)];
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    stop = true;
    for (auto& t : pool) t.join();
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::vector<double> all;
    int64_t error_count = 0;
    for (size_t k = 0; k < latencies.size(); ++k) {
      all.insert(all.end(), latencies[k].begin(), latencies[k].end());
      error_count += errors[k];
    }
    std::sort(all.begin(), all.end());
    auto pct = [&](double p) { return all.empty() ? 0.0 : all[static_cast<size_t>(p * (all.size() - 1))]; };
    fmt::print("clients {:>3}: {:>7} requests, {:>7.0f} req/s, p50 {:.2f} ms, p99 {:.2f} ms, errors {}, "
               "RSS {} -> {} MiB\n",
               clients, all.size(), all.size() / elapsed, pct(0.5), pct(0.99), error_count, rss_before / 1024,
               RssKb() / 1024);
  }
  server.Stop();
  run.join();
  return 0;
}
