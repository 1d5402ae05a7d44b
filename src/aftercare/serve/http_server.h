// The HTTP front end of the Service (serve stage): HTTP/1.1 from Debian's
// cpp-httplib, no hand-written parsing. Localhost unless told otherwise;
// a bounded pool of workers and a bounded queue of connections (past it a
// connection is answered 503 by a thread of its own, so an overload costs no
// worker and the queue no memory beyond the open sockets); body, read and
// write limits; security headers on every response; one access-log line per
// request, without the label text (patients' data) unless asked for.
// POST /api/v1/scan streams: the catalog (a plain body, or the file of a
// multipart/form-data upload) is spooled to an unlinked temporary file, and
// the records are written as chunks while the scan runs, in constant memory.
#ifndef AFTERCARE_SERVE_HTTP_SERVER_H_
#define AFTERCARE_SERVE_HTTP_SERVER_H_

#include <cstdio>
#include <memory>
#include <string>

#include "aftercare/base/status.h"
#include "aftercare/serve/service.h"

namespace aftercare::serve {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                // 0: any free port (Bind() says which)
  int threads = 0;                // workers; 0: four per core, at least 8 (a keep-alive client holds one)
  int queue = 64;                 // connections waiting for a worker before the next ones get 503
  int read_timeout_seconds = 10;  // a request's headers and body
  int write_timeout_seconds = 10;
  bool log_requests = true;  // the access log on `log`
  bool log_query = false;    // also the query string (an ingredient name), never a body
  // A scan's catalog is spooled to an unlinked temporary file ($TMPDIR, else
  // /tmp), at most this many bytes, then scanned while the answer streams.
  uint64_t max_upload_bytes = uint64_t{1} << 30;
  int scans = 2;         // scans at once; past them a scan is answered 503
  int scan_threads = 0;  // workers of one scan; 0: one per core
};

class HttpServer {
 public:
  // REQUIRES: service outlives the server; `log` (may be null) stays open.
  HttpServer(const Service* service, ServerOptions options, std::FILE* log);
  ~HttpServer();

  // Binds the socket; the port bound. kIoError when it cannot bind.
  Result<int> Bind();
  // Serves until Stop(). REQUIRES: Bind() succeeded.
  void Run();
  // Thread-safe; returns at once, Run() returns when the workers are done.
  void Stop();

 private:
  void WidenBacklog();

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace aftercare::serve

#endif  // AFTERCARE_SERVE_HTTP_SERVER_H_
