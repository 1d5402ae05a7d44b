// aftercare serve: the page and the HTTP JSON API (src/aftercare/serve) on this machine.
// The database and index are loaded once; every request is served from
// memory. SIGINT and SIGTERM stop it cleanly: the listening socket closes,
// the requests in hand are answered, and it exits 0.
#include <pthread.h>
#include <csignal>
#include <thread>

#include <fmt/format.h>

#include "aftercare/serve/http_server.h"
#include "aftercare/serve/service.h"
#include "cli.h"

namespace aftercare::cli {

int RunServe(const GlobalOptions& global, const ServeOptions& options) {
  Result<CheckSetup> setup = OpenCheckSetup(global, options.protocol);
  if (!setup.ok()) return ReportError(setup.status());
  serve::Service service(setup->analyzer.get(), setup->checker.get(), &setup->protocol);
  serve::ServerOptions server_options;
  server_options.host = options.host;
  server_options.port = options.port;
  server_options.threads = options.threads;
  server_options.queue = options.queue;
  server_options.log_query = options.log_queries;
  server_options.max_upload_bytes = static_cast<uint64_t>(options.max_upload_mb) << 20;
  server_options.scans = options.scans;
  // The signals are waited for by one thread: blocked here, before any other thread starts.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  serve::HttpServer server(&service, server_options, stderr);
  Result<int> port = server.Bind();
  if (!port.ok()) return ReportError(port.status());
  fmt::print(stderr, "aftercare: serving http://{}:{}/ (protocol {}); Ctrl-C stops\n", options.host, *port,
             setup->protocol.protocol.id);
  std::thread waiter([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    fmt::print(stderr, "aftercare: {}: stopping\n", signal == SIGINT ? "SIGINT" : "SIGTERM");
    server.Stop();
  });
  server.Run();
  // Run() also returns when the server fails: wake the waiter with a signal of its own.
  // SIGTERM is blocked in every thread (above) and only taken by sigwait: it ends no one.
  pthread_kill(waiter.native_handle(), SIGTERM);  // NOLINT(bugprone-bad-signal-to-kill-thread)
  waiter.join();
  return kExitOk;
}

}  // namespace aftercare::cli
