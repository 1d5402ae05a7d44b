#include "aftercare/serve/http_server.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

namespace aftercare::serve {
namespace {

// Set on the thread that answers the connections past the queue: every
// request it reads is answered 503 at once.
thread_local bool t_overloaded = false;
// When the request being handled on this thread started (for the access log).
thread_local std::chrono::steady_clock::time_point t_started;

// Workers for the connections, with a bounded queue; past the queue a
// connection goes to one thread that answers 503 (the socket is inside the
// task, so a task is never dropped: it must be run to close its socket).
class BoundedPool : public httplib::TaskQueue {
 public:
  BoundedPool(int workers, int queue) : limit_(static_cast<size_t>(queue)) {
    for (int i = 0; i < workers; ++i) threads_.emplace_back([this] { Work(&queue_, false); });
    threads_.emplace_back([this] { Work(&overflow_, true); });
  }
  ~BoundedPool() override { shutdown(); }

  void enqueue(std::function<void()> fn) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      (queue_.size() < limit_ ? queue_ : overflow_).push_back(std::move(fn));
    }
    cv_.notify_all();
  }

  void shutdown() override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
      stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }

 private:
  void Work(std::deque<std::function<void()>>* q, bool overloaded) {
    t_overloaded = overloaded;
    for (;;) {
      std::function<void()> fn;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return stopping_ || !q->empty(); });
        if (q->empty()) return;  // stopping, and nothing left to close
        fn = std::move(q->front());
        q->pop_front();
      }
      fn();
    }
  }

  const size_t limit_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_, overflow_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

// The media type of a Content-Type header, without parameters, lower case.
std::string MediaType(const std::string& header) {
  std::string t = header.substr(0, header.find(';'));
  t.erase(std::remove_if(t.begin(), t.end(), [](char c) { return c == ' ' || c == '\t'; }), t.end());
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return t;
}

std::string LocalDate() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

// The Content-Security-Policy of the page: its one inline script and one
// inline style by their SHA-256, its API calls to this origin, and nothing
// else (no external load, no framing, no form posting anywhere).
std::string PageCsp() {
  const std::string_view page(kPageHtml);
  auto hash_of = [&](std::string_view open, std::string_view close) {
    const size_t b = page.find(open), e = page.find(close);
    if (b == std::string_view::npos || e == std::string_view::npos || e < b) return std::string("'none'");
    const std::string_view body = page.substr(b + open.size(), e - b - open.size());
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest);
    unsigned char b64[4 * ((SHA256_DIGEST_LENGTH + 2) / 3) + 1];
    EVP_EncodeBlock(b64, digest, SHA256_DIGEST_LENGTH);
    return fmt::format("'sha256-{}'", reinterpret_cast<const char*>(b64));
  };
  return fmt::format("default-src 'none'; script-src {}; style-src {}; connect-src 'self'; img-src 'self' data:; "
                     "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
                     hash_of("<script>", "</script>"), hash_of("<style>", "</style>"));
}

// The API's: loads nothing, is never framed.
constexpr const char* kApiCsp = "default-src 'none'; frame-ancestors 'none'";

void Send(const Response& from, httplib::Response* to) {
  to->status = from.status;
  to->set_content(from.body, from.content_type.c_str());
  static const std::string page_csp = PageCsp();
  const bool html = from.content_type.rfind("text/html", 0) == 0;
  to->set_header("Content-Security-Policy", html ? page_csp : kApiCsp);
}

}  // namespace

struct HttpServer::Impl {
  const Service* service;
  ServerOptions options;
  std::FILE* log;
  httplib::Server server;
  std::mutex log_mu;

  void Handle(const httplib::Request& req, httplib::Response& res) {
    Request r;
    r.method = req.method;
    r.path = req.path;
    r.content_type = MediaType(req.get_header_value("Content-Type"));
    r.body = req.body;
    for (const auto& [k, v] : req.params) r.query.emplace(k, v);
    r.today = LocalDate();
    Send(service->Handle(r), &res);
  }

  void Log(const httplib::Request& req, const httplib::Response& res) {
    if (!log || !options.log_requests) return;
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t_started).count();
    std::string query;
    if (options.log_query && !req.params.empty()) {
      for (const auto& [k, v] : req.params) query += (query.empty() ? "?" : "&") + k + "=" + v;
    }
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::lock_guard<std::mutex> lock(log_mu);
    fmt::print(log, "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z {} \"{} {}{}\" {} {} {:.1f}ms\n", tm.tm_year + 1900,
               tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, req.remote_addr, req.method, req.path,
               query, res.status, res.body.size(), ms);
    std::fflush(log);
  }
};

HttpServer::HttpServer(const Service* service, ServerOptions options, std::FILE* log)
    : impl_(new Impl{service, std::move(options), log, {}, {}}) {
  Impl* impl = impl_.get();
  httplib::Server& s = impl->server;
  // A keep-alive connection holds its worker between its requests (cpp-httplib
  // serves a connection on one thread): workers are cheap threads, the cores
  // are what the checks share.
  const int workers = impl->options.threads > 0
                          ? impl->options.threads
                          : std::max(8, 4 * static_cast<int>(std::thread::hardware_concurrency()));
  const int queue = std::max(1, impl->options.queue);
  s.new_task_queue = [workers, queue] { return new BoundedPool(workers, queue); };
  s.set_tcp_nodelay(true);  // an answer is one write: no waiting for the client's ACK
  s.set_payload_max_length(kMaxBodyBytes);
  s.set_read_timeout(impl->options.read_timeout_seconds, 0);
  s.set_write_timeout(impl->options.write_timeout_seconds, 0);
  s.set_keep_alive_max_count(100);
  s.set_keep_alive_timeout(5);
  // The Content-Security-Policy is set per response (Send()): the page's differs from the API's.
  s.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                         {"Referrer-Policy", "no-referrer"},
                         {"Cache-Control", "no-store"}});
  s.set_pre_routing_handler([](const httplib::Request&, httplib::Response& res) {
    t_started = std::chrono::steady_clock::now();
    if (!t_overloaded) return httplib::Server::HandlerResponse::Unhandled;
    Send(Error(503, "overloaded", "the server is busy: try again"), &res);
    res.set_header("Retry-After", "1");
    return httplib::Server::HandlerResponse::Handled;
  });
  auto handle = [impl](const httplib::Request& req, httplib::Response& res) { impl->Handle(req, res); };
  s.Get(".*", handle);
  s.Post(".*", handle);
  s.Put(".*", handle);
  s.Patch(".*", handle);
  s.Delete(".*", handle);
  s.Options(".*", handle);
  // What cpp-httplib answers itself (413 body too large, 400 bad request...) gets a JSON error too.
  s.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    std::string code = res.status == 413 ? "too_large" : res.status == 400 ? "bad_request" : "http_error";
    std::string message = res.status == 413 ? fmt::format("the body is over {} bytes", kMaxBodyBytes)
                                             : fmt::format("HTTP {}", res.status);
    const int status = res.status;
    Send(Error(status, code, message), &res);
  });
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    Send(Error(500, "internal", "the request could not be handled"), &res);
  });
  s.set_logger([impl](const httplib::Request& req, const httplib::Response& res) { impl->Log(req, res); });
}

HttpServer::~HttpServer() { Stop(); }

Result<int> HttpServer::Bind() {
  httplib::Server& s = impl_->server;
  const ServerOptions& o = impl_->options;
  if (o.port == 0) {
    const int port = s.bind_to_any_port(o.host);
    if (port < 0) return IoError(fmt::format("cannot listen on {} (any port)", o.host));
    return port;
  }
  if (!s.bind_to_port(o.host, o.port)) return IoError(fmt::format("cannot listen on {}:{}", o.host, o.port));
  return o.port;
}

void HttpServer::Run() { impl_->server.listen_after_bind(); }

void HttpServer::Stop() { impl_->server.stop(); }

}  // namespace aftercare::serve
