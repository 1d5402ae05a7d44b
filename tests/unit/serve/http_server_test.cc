// The server over a real socket on 127.0.0.1: the API's answers, the limits,
// the security headers, and 503 when the workers and the queue are full.
#include "aftercare/serve/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <thread>

#include "../test_analyzer.h"

namespace aftercare::serve {
namespace {

using ::aftercare::testing::RealAnalyzer;
using ::aftercare::testing::RealChecker;
using ::testing::HasSubstr;

const rules::ProtocolFile& Protocol() {
  static const rules::ProtocolFile p{**RealChecker().FindProtocol("microneedling"), {}};
  return p;
}

// A server on a free port of 127.0.0.1, serving on a thread of its own, and
// its access log in memory.
class RunningServer {
 public:
  explicit RunningServer(ServerOptions options = {}) {
    log_ = open_memstream(&log_text_, &log_size_);
    options.port = 0;
    server_ = std::make_unique<HttpServer>(&service_, options, log_);
    auto port = server_->Bind();
    EXPECT_TRUE(port.ok()) << port.status().ToString();
    port_ = port.ok() ? *port : 0;
    thread_ = std::thread([this] { server_->Run(); });
  }
  ~RunningServer() {
    server_->Stop();
    thread_.join();
    server_.reset();
    std::fclose(log_);
    std::free(log_text_);
  }
  int port() const { return port_; }
  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(10, 0);
    return c;
  }
  // The access log once it holds `line` (the server logs a request after it
  // answered it), or as it is after 5 s.
  std::string LogWith(std::string_view line) {
    for (int i = 0; i < 500; ++i) {
      std::string log = Log();
      if (log.find(line) != std::string::npos) return log;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return Log();
  }

 private:
  std::string Log() {
    // The FILE's own lock: the server writes the log with stdio, which takes it.
    flockfile(log_);
    std::fflush(log_);
    std::string text(log_text_, log_size_);
    funlockfile(log_);
    return text;
  }

 public:

 private:
  Service service_{&RealAnalyzer(), &RealChecker(), &Protocol()};
  std::FILE* log_ = nullptr;
  char* log_text_ = nullptr;
  size_t log_size_ = 0;
  std::unique_ptr<HttpServer> server_;
  int port_ = 0;
  std::thread thread_;
};

// A raw TCP connection to the server.
int Connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  return fd;
}

TEST(HttpServer, AnswersTheApiOverARealSocketWithSecurityHeaders) {
  RunningServer server;
  auto c = server.Client();
  const std::string secret = "Water, Glycerin, Retinol, Patientname Serum Private Text";
  auto res = c.Post("/api/v1/check", nlohmann::json({{"label", secret}, {"day", 3}}).dump(), "application/json");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(nlohmann::json::parse(res->body)["verdict"], "avoid");
  EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_THAT(res->get_header_value("Content-Security-Policy"), HasSubstr("frame-ancestors 'none'"));
  EXPECT_THAT(res->get_header_value("Content-Type"), HasSubstr("application/json"));
  auto health = c.Get("/api/v1/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  // One log line per request, and never the label.
  const std::string log = server.LogWith("\"GET /api/v1/health\" 200");
  EXPECT_THAT(log, HasSubstr("\"POST /api/v1/check\" 200"));
  EXPECT_THAT(log, HasSubstr("\"GET /api/v1/health\" 200"));
  EXPECT_EQ(log.find("Patientname"), std::string::npos);
  EXPECT_EQ(log.find("Retinol"), std::string::npos);
}

TEST(HttpServer, ABodyOverTheLimitIsRefusedWithAJsonError) {
  RunningServer server;
  auto c = server.Client();
  auto res = c.Post("/api/v1/check", std::string(kMaxBodyBytes + 1, ' '), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(nlohmann::json::parse(res->body)["error"]["code"], "too_large");
}

TEST(HttpServer, PastTheWorkersAndTheQueueAConnectionGets503AndTheServerRecovers) {
  ServerOptions options;
  options.threads = 1;
  options.queue = 1;
  options.read_timeout_seconds = 3;
  RunningServer server(options);
  // A slow client holds the one worker; a second connection waits in the queue.
  int slow = Connect(server.port());
  const char partial[] = "POST /api/v1/check HTTP/1.1\r\nHost: x\r\n";
  ASSERT_GT(send(slow, partial, sizeof(partial) - 1, 0), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  int queued = Connect(server.port());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // The next one is answered at once, by the thread that answers the overflow.
  auto c = server.Client();
  auto t0 = std::chrono::steady_clock::now();
  auto res = c.Get("/api/v1/health");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_EQ(nlohmann::json::parse(res->body)["error"]["code"], "overloaded");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
  close(slow);
  close(queued);
  // Once the slow client is gone, the server serves again.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto again = server.Client().Get("/api/v1/health");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
}

}  // namespace
}  // namespace aftercare::serve
