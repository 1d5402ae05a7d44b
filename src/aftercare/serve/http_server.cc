#include "aftercare/serve/http_server.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
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
// When the request being handled on this thread started, and the bytes it
// streamed (for the access log).
thread_local std::chrono::steady_clock::time_point t_started;
thread_local uint64_t t_streamed = 0;

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

// The Content-Security-Policy of an HTML document of ours (the page, a stock
// report): its inline script and style by their SHA-256, API calls and form
// posts to this origin, and nothing else (no external load, no framing).
std::string HtmlCsp(std::string_view html) {
  auto hash_of = [&](std::string_view open, std::string_view close) {
    const size_t b = html.find(open), e = html.find(close);
    if (b == std::string_view::npos || e == std::string_view::npos || e < b) return std::string("'none'");
    const std::string_view body = html.substr(b + open.size(), e - b - open.size());
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest);
    unsigned char b64[4 * ((SHA256_DIGEST_LENGTH + 2) / 3) + 1];
    EVP_EncodeBlock(b64, digest, SHA256_DIGEST_LENGTH);
    return fmt::format("'sha256-{}'", reinterpret_cast<const char*>(b64));
  };
  return fmt::format(
      "default-src 'none'; script-src {}; style-src {}; connect-src 'self'; img-src 'self' data:; "
      "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
      hash_of("<script>", "</script>"), hash_of("<style>", "</style>"));
}

// The API's: loads nothing, is never framed.
constexpr const char* kApiCsp = "default-src 'none'; frame-ancestors 'none'";

// The status and headers of `from`, with its Content-Security-Policy.
void SendHead(const Response& from, httplib::Response* to) {
  to->status = from.status;
  for (const auto& [k, v] : from.headers) to->set_header(k, v);
  static const std::string page_csp = HtmlCsp(kPageHtml);
  const bool html = from.content_type.rfind("text/html", 0) == 0;
  to->set_header("Content-Security-Policy", !html ? kApiCsp : from.body == kPageHtml ? page_csp : HtmlCsp(from.body));
}

void Send(const Response& from, httplib::Response* to) {
  SendHead(from, to);
  to->set_content(from.body, from.content_type.c_str());
}

// An answer sent before the request's body was read to its end: the
// connection closes after it (what is left of the body is not a request).
// cpp-httplib 0.11 lets a handler close a connection in one way: a content
// provider that fails. This one writes the whole answer, then fails.
void SendAndClose(const Response& from, httplib::Response* to) {
  SendHead(from, to);
  to->set_header("Connection", "close");
  to->set_content_provider(from.body.size(), from.content_type.c_str(),
                           [body = from.body](size_t offset, size_t length, httplib::DataSink& sink) {
                             sink.write(body.data() + offset, length);
                             return false;
                           });
}

// A scan's catalog on disk, in an unlinked temporary file: no name a request
// could reach, gone when the last reader closes it.
class Spool {
 public:
  static Result<std::shared_ptr<Spool>> Create() {
    const char* env = std::getenv("TMPDIR");
    const std::string dir = env && *env ? env : "/tmp";
    int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0) {  // a file system without O_TMPFILE: a named file, unlinked at once
      std::string path = dir + "/aftercare-upload-XXXXXX";
      fd = ::mkostemp(path.data(), O_CLOEXEC);
      if (fd >= 0) ::unlink(path.c_str());
    }
    if (fd < 0) return IoError(fmt::format("cannot store the upload in {}: {}", dir, std::strerror(errno)));
    return std::shared_ptr<Spool>(new Spool(fd));
  }
  ~Spool() { ::close(fd_); }
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  bool Write(const char* data, size_t n) {
    while (n > 0) {
      const ssize_t w = ::write(fd_, data, n);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) return false;
      data += w;
      n -= static_cast<size_t>(w);
      size_ += static_cast<uint64_t>(w);
    }
    return true;
  }
  uint64_t size() const { return size_; }

  // The spooled bytes from the start; each source reads at its own offset.
  static std::unique_ptr<catalog::ByteSource> Source(std::shared_ptr<const Spool> spool) {
    return std::make_unique<Reader>(std::move(spool));
  }

 private:
  explicit Spool(int fd) : fd_(fd) {}

  class Reader : public catalog::ByteSource {
   public:
    explicit Reader(std::shared_ptr<const Spool> spool) : spool_(std::move(spool)) {}
    Result<size_t> Read(char* buf, size_t n) override {
      for (;;) {
        const ssize_t r = ::pread(spool_->fd_, buf, n, static_cast<off_t>(offset_));
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) return IoError(fmt::format("the spooled upload: {}", std::strerror(errno)));
        offset_ += static_cast<uint64_t>(r);
        return static_cast<size_t>(r);
      }
    }
    uint64_t consumed() const override { return offset_; }

   private:
    std::shared_ptr<const Spool> spool_;
    uint64_t offset_ = 0;
  };

  int fd_;
  uint64_t size_ = 0;
};

// The records of a scan, as chunks of the answer. Stops the scan when the
// client is gone or the server stops.
class ChunkSink : public catalog::ScanSink {
 public:
  ChunkSink(httplib::DataSink* sink, const std::atomic<bool>* stopping) : sink_(sink), stopping_(stopping) {}
  Status Write(std::string_view records) override {
    if (stopping_->load()) return Status(StatusCode::kIoError, "the server is stopping");
    if (!sink_->write(records.data(), records.size())) return Status(StatusCode::kIoError, "the client is gone");
    t_streamed += records.size();
    return Status::Ok();
  }

 private:
  httplib::DataSink* sink_;
  const std::atomic<bool>* stopping_;
};

// The Content-Length a request announces; 0 when none.
uint64_t ContentLength(const httplib::Request& req) {
  return std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10);
}

enum class Upload { kRead, kTooLarge, kBadForm, kNotStored, kBroken };

struct UploadRead {
  Upload result = Upload::kRead;
  // Part of the body is still unread: the connection must close after the answer.
  bool body_left = false;
};

// A form's field values are settings: short, and few.
constexpr size_t kMaxFieldBytes = 4096;
constexpr int kMaxFields = 32;
// A body over its limit by at most this much is read to its end and dropped,
// so the client, which may still be sending, gets its 413; a longer one is
// cut off, and the connection closed.
constexpr uint64_t kMaxDrainBytes = uint64_t{64} << 20;

// Reads a request's body: the whole body as the file, or for a form upload
// (multipart/form-data) its fields into r->query and the bytes of its file
// (the part with a file name, or named "file") into `file`, at most `limit`
// bytes of them. Sets r->content_type and r->filename to the file's.
UploadRead ReadUpload(const httplib::Request& req, const httplib::ContentReader& reader, uint64_t limit, Request* r,
                      const std::function<bool(const char*, size_t)>& file) {
  UploadRead read;
  uint64_t total = 0;  // bytes of the body (for a form, of its file)
  auto to_file = [&](const char* data, size_t n) {
    total += n;
    if (total > limit) {
      read.result = Upload::kTooLarge;
      return total <= limit + kMaxDrainBytes;  // dropped
    }
    if (!file(data, n)) {
      read.result = Upload::kNotStored;
      return false;
    }
    return true;
  };
  bool ok = true;
  if (!req.is_multipart_form_data()) {
    if (ContentLength(req) > limit + kMaxDrainBytes) return {Upload::kTooLarge, true};
    ok = reader(to_file);
  } else {
    r->content_type = "multipart/form-data";
    bool in_file = false, file_seen = false;
    int fields = 0;
    std::string* field = nullptr;
    ok = reader(
        [&](const httplib::MultipartFormData& part) {
          in_file = !part.filename.empty() || part.name == "file";
          field = nullptr;
          if (in_file) {
            if (file_seen) {  // one file per upload
              read.result = Upload::kBadForm;
              return false;
            }
            file_seen = true;
            r->filename = part.filename;
            r->content_type = MediaType(part.content_type);
            return true;
          }
          if (++fields > kMaxFields) {
            read.result = Upload::kBadForm;
            return false;
          }
          field = &r->query[part.name];
          field->clear();
          return true;
        },
        [&](const char* data, size_t n) {
          if (in_file) return to_file(data, n);
          if (!field || field->size() + n > kMaxFieldBytes) {
            read.result = Upload::kBadForm;
            return false;
          }
          field->append(data, n);
          return true;
        });
    if (!ok && read.result == Upload::kRead) read.result = Upload::kBadForm;
  }
  if (!ok) {
    read.body_left = true;
    if (read.result == Upload::kRead) read.result = Upload::kBroken;
  }
  return read;
}

// The answer to an upload that could not be read.
Response UploadError(Upload u, uint64_t limit) {
  switch (u) {
    case Upload::kTooLarge: return Error(413, "too_large", fmt::format("the upload is over {} bytes", limit));
    case Upload::kBadForm:
      return Error(
          400, "bad_request",
          fmt::format("the form is not one file and at most {} short fields (multipart/form-data)", kMaxFields));
    case Upload::kNotStored:
      return Error(503, "cannot_store", "the server cannot store the upload (its disk is full?): try again later");
    case Upload::kBroken:
    case Upload::kRead: break;
  }
  return Error(400, "bad_request", "the body could not be read to its end");
}

}  // namespace

struct HttpServer::Impl {
  const Service* service;
  ServerOptions options;
  std::FILE* log;
  httplib::Server server;
  std::mutex log_mu;

  std::atomic<bool> stopping{false};
  std::atomic<bool> in_run{false};
  std::atomic<int> scans_running{0};
  int listen_fd = -1;  // the listening socket, once bound

  Request Basic(const httplib::Request& req) const {
    Request r;
    r.method = req.method;
    r.path = req.path;
    r.content_type = MediaType(req.get_header_value("Content-Type"));
    for (const auto& [k, v] : req.params) r.query.emplace(k, v);
    r.today = LocalDate();
    return r;
  }

  // `r` for a request with a body: for a form the page posted (a browser
  // that takes HTML), an error as a page; closing the connection when part of
  // the body is left unread.
  static void Answer(const httplib::Request& req, const Response& r, httplib::Response* res, bool close = false) {
    const bool page = r.status >= 400 && req.is_multipart_form_data() &&
                      req.get_header_value("Accept").find("text/html") != std::string::npos;
    const std::string back = req.path == "/api/v1/scan"   ? "/#catalog"
                             : req.path == "/api/v1/plan" ? "/#plan"
                                                          : "/#stock";
    const Response& out = page ? ErrorPage(r, back) : r;
    if (close) return SendAndClose(out, res);
    Send(out, res);
  }

  // A request without a body.
  void Handle(const httplib::Request& req, httplib::Response& res) {
    Request r = Basic(req);
    r.body = req.body;
    Send(service->Handle(r), &res);
  }

  // A request with a body, read here (cpp-httplib's own limit leaves chunked
  // bodies unbounded): into memory up to the path's limit, or for a scan to a
  // spool.
  void HandleWithBody(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
    Request r = Basic(req);
    if (r.path == "/api/v1/scan" && r.method == "POST") return HandleScan(req, res, reader, std::move(r));
    const size_t limit = MaxBodyBytes(r.path);
    std::string body;
    const UploadRead u = ReadUpload(req, reader, limit, &r, [&](const char* data, size_t n) {
      body.append(data, n);
      return true;
    });
    if (u.result != Upload::kRead) return Answer(req, UploadError(u.result, limit), &res, u.body_left);
    r.body = std::move(body);
    Answer(req, service->Handle(r), &res);
  }

  // POST /api/v1/scan: a slot, the catalog spooled, the settings and the
  // catalog's start checked (an error status is still possible), then 200 and
  // the records streamed while the scan runs.
  void HandleScan(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader,
                  Request r) {
    // Held until the answer is written: by the stream, once there is one.
    class Slot {
     public:
      explicit Slot(std::atomic<int>* running) : running_(running) {}
      ~Slot() { running_->fetch_sub(1); }
      Slot(const Slot&) = delete;
      Slot& operator=(const Slot&) = delete;

     private:
      std::atomic<int>* running_;
    };
    if (scans_running.fetch_add(1) >= std::max(1, options.scans)) {
      scans_running.fetch_sub(1);
      Response busy = Error(503, "overloaded", fmt::format("{} scans are running: try again", options.scans));
      busy.headers.emplace_back("Retry-After", "5");
      return Answer(req, busy, &res, true);
    }
    auto slot = std::make_shared<Slot>(&scans_running);
    Result<std::shared_ptr<Spool>> spool = Spool::Create();
    if (!spool.ok()) return Answer(req, Error(503, "cannot_store", spool.status().message()), &res, true);
    const UploadRead u = ReadUpload(req, reader, options.max_upload_bytes, &r,
                                    [&](const char* data, size_t n) { return (*spool)->Write(data, n); });
    if (u.result != Upload::kRead) {
      return Answer(req, UploadError(u.result, options.max_upload_bytes), &res, u.body_left);
    }
    auto plan = std::make_shared<ScanPlan>();
    if (auto error = service->PlanScan(r, plan.get())) return Answer(req, *error, &res);
    std::shared_ptr<const Spool> catalog = std::move(*spool);
    if (auto error = service->CheckCatalogStart(*plan, Spool::Source(catalog))) return Answer(req, *error, &res);
    SendHead(plan->head, &res);
    const int threads = options.scan_threads > 0 ? options.scan_threads
                                                 : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    res.set_chunked_content_provider(
        plan->head.content_type, [this, plan, catalog, slot, threads](size_t, httplib::DataSink& sink) {
          ChunkSink out(&sink, &stopping);
          Result<catalog::ScanCounts> counts = service->Scan(*plan, Spool::Source(catalog), threads, &out);
          if (!counts.ok()) return false;  // the answer ends without its last chunk: the client sees it cut short
          sink.done();
          return true;
        });
  }

  void Log(const httplib::Request& req, const httplib::Response& res) {
    if (!log || !options.log_requests) return;
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t_started).count();
    std::string query;
    if (options.log_query && !req.params.empty()) {
      for (const auto& [k, v] : req.params) query.append(query.empty() ? "?" : "&").append(k).append("=").append(v);
    }
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::lock_guard<std::mutex> lock(log_mu);
    fmt::print(log, "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z {} \"{} {}{}\" {} {} {:.1f}ms\n", tm.tm_year + 1900,
               tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, req.remote_addr, req.method, req.path,
               query, res.status, res.body.size() + t_streamed, ms);
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
  // cpp-httplib's default sets SO_REUSEPORT, with which a second server binds
  // the same port and takes half its connections: only SO_REUSEADDR (a restart
  // binds at once). The socket is kept to widen its backlog (see Bind()).
  s.set_socket_options([impl](int sock) {
    const int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    impl->listen_fd = sock;
  });
  // Every body is read by HandleWithBody, with the limit of its path; this is
  // cpp-httplib's own check of a Content-Length, set above all of them.
  s.set_payload_max_length(std::max<uint64_t>(impl->options.max_upload_bytes, kMaxStockBytes));
  s.set_read_timeout(impl->options.read_timeout_seconds, 0);
  s.set_write_timeout(impl->options.write_timeout_seconds, 0);
  s.set_keep_alive_max_count(100);
  s.set_keep_alive_timeout(5);
  // The Content-Security-Policy is set per response (Send()): the page's differs from the API's.
  s.set_default_headers(
      {{"X-Content-Type-Options", "nosniff"}, {"Referrer-Policy", "no-referrer"}, {"Cache-Control", "no-store"}});
  s.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    t_started = std::chrono::steady_clock::now();
    t_streamed = 0;
    const bool has_body = req.has_header("Transfer-Encoding") || ContentLength(req) > 0;
    if (t_overloaded) {
      SendAndClose(Error(503, "overloaded", "the server is busy: try again"), &res);
      res.set_header("Retry-After", "1");
      return httplib::Server::HandlerResponse::Handled;
    }
    // cpp-httplib would read such a body into memory, unbounded: no endpoint takes one.
    const bool reads_body =
        req.method == "POST" || req.method == "PUT" || req.method == "PATCH" || req.method == "DELETE";
    if (has_body && !reads_body) {
      SendAndClose(Error(400, "bad_request", fmt::format("{} takes no body", req.method)), &res);
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  auto handle = [impl](const httplib::Request& req, httplib::Response& res) { impl->Handle(req, res); };
  httplib::Server::HandlerWithContentReader with_body = [impl](const httplib::Request& req, httplib::Response& res,
                                                               const httplib::ContentReader& reader) {
    impl->HandleWithBody(req, res, reader);
  };
  s.Get(".*", handle);
  s.Options(".*", handle);
  s.Post(".*", handle).Post(".*", with_body);
  s.Put(".*", handle).Put(".*", with_body);
  s.Patch(".*", handle).Patch(".*", with_body);
  s.Delete(".*", handle).Delete(".*", with_body);
  // What cpp-httplib answers itself (413 body too large, 400 bad request...) gets a JSON error too.
  s.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty() || res.has_header("Content-Security-Policy")) return;  // an answer of ours
    std::string code = res.status == 413 ? "too_large" : res.status == 400 ? "bad_request" : "http_error";
    std::string message = res.status == 413 ? fmt::format("the body is over {} bytes", kMaxBodyBytes)
                                            : fmt::format("HTTP {}", res.status);
    const int status = res.status;
    Send(Error(status, code, message), &res);
  });
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, const std::exception_ptr&) {
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
    WidenBacklog();
    return port;
  }
  if (!s.bind_to_port(o.host, o.port)) return IoError(fmt::format("cannot listen on {}:{}", o.host, o.port));
  WidenBacklog();
  return o.port;
}

// cpp-httplib 0.11 listens with a backlog of 5 (built into Debian's library):
// 64 clients connecting at once overflow it, and a connection whose handshake
// the kernel dropped waits seconds for a retry (measured: "Read" errors after
// 5 s). listen(2) again on a listening socket sets its backlog.
void HttpServer::WidenBacklog() {
  if (impl_->listen_fd >= 0) ::listen(impl_->listen_fd, 1024);
}

void HttpServer::Run() {
  impl_->in_run.store(true);
  if (!impl_->stopping.load()) impl_->server.listen_after_bind();
  impl_->in_run.store(false);
}

// cpp-httplib's stop() does nothing until the server runs: a Stop() that
// comes while Run() is starting waits for it to run, then stops it.
void HttpServer::Stop() {
  impl_->stopping.store(true);
  for (;;) {
    if (impl_->server.is_running()) return impl_->server.stop();
    if (!impl_->in_run.load()) return;  // Run() has not begun (it will not serve), or has returned
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

}  // namespace aftercare::serve
