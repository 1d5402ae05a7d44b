// The server over a real socket on 127.0.0.1: the API's answers, the limits,
// the security headers, and 503 when the workers and the queue are full.
#include "aftercare/serve/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "../example_files.h"
#include "../test_analyzer.h"
#include "aftercare/catalog/scanner.h"

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

// Sends all of `text` on a raw connection.
void SendAll(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t n = send(fd, text.data(), text.size(), MSG_NOSIGNAL);
    if (n <= 0) return;
    text.remove_prefix(static_cast<size_t>(n));
  }
}

// What the server sends on a raw connection until it closes it (or 10 s pass).
std::string ReadUntilClosed(int fd) {
  timeval tv{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = recv(fd, buf, sizeof buf, 0)) > 0;) out.append(buf, static_cast<size_t>(n));
  return out;
}

// A real clinic's stock, as shipped in examples/ (41 products).
std::string ClinicStock() { return ::aftercare::testing::ExampleFile("clinic-stock.csv"); }

// The records `aftercare scan` writes for `catalog` (named "catalog") on `day`.
std::string ScanRecords(const std::string& catalog, int day, report::ScanFormat format) {
  struct Sink : catalog::ScanSink {
    Status Write(std::string_view records) override {
      out += records;
      return Status::Ok();
    }
    std::string out;
  } sink;
  std::vector<catalog::ScanInput> inputs;
  inputs.push_back({"catalog", std::make_unique<catalog::StringSource>(catalog), catalog::InputFormat::kCsv});
  catalog::ScanOptions options;
  options.day = day;
  const report::ScanRecordWriter writer(format, RealAnalyzer().db(), false);
  options.formatter = &writer;
  options.protocol = &Protocol().protocol;
  EXPECT_TRUE(catalog::Scan(RealAnalyzer(), RealChecker(), &inputs, options, &sink).ok());
  return sink.out;
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
  // One log line per request, and never the label. (Each request came on a
  // connection of its own: their lines may come in either order.)
  server.LogWith("\"POST /api/v1/check\" 200");
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

TEST(HttpServer, AScanStreamsTheRecordsScanWrites) {
  RunningServer server;
  auto c = server.Client();
  const std::string csv = ClinicStock();
  auto res = c.Post("/api/v1/scan?day=3&format=csv", csv, "text/csv");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->get_header_value("Transfer-Encoding"), "chunked");  // streamed, never held whole
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(res->get_header_value("Content-Disposition"), "attachment; filename=\"catalog-day-3.csv\"");
  EXPECT_EQ(res->body, ScanRecords(csv, 3, report::ScanFormat::kCsv));
  // The log counts the bytes streamed, and never holds the catalog.
  const std::string log = server.LogWith("\"POST /api/v1/scan\" 200");
  EXPECT_THAT(log, HasSubstr(fmt::format("\"POST /api/v1/scan\" 200 {} ", res->body.size())));
  EXPECT_EQ(log.find("Glycerin"), std::string::npos);
}

TEST(HttpServer, AFormUploadIsScannedAndItsDownloadNamedAfterTheFile) {
  RunningServer server;
  auto c = server.Client();
  const std::string csv = ClinicStock();
  httplib::MultipartFormDataItems form = {
      {"day", "2", "", ""}, {"format", "jsonl", "", ""}, {"file", csv, "clinic-stock.csv", "text/csv"}};
  auto res = c.Post("/api/v1/scan", form);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->get_header_value("Content-Disposition"), "attachment; filename=\"clinic-stock-day-2.jsonl\"");
  std::istringstream lines(res->body);
  int n = 0;
  for (std::string line; std::getline(lines, line); ++n) {
    auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["day"], 2);
    EXPECT_EQ(j["row"], n + 1);
  }
  EXPECT_EQ(n, std::count(csv.begin(), csv.end(), '\n') - 1);
  // The stock report from the same kind of form: HTML whose one style is allowed by its hash.
  httplib::MultipartFormDataItems stock = {{"days", "7", "", ""}, {"file", csv, "clinic-stock.csv", "text/csv"}};
  auto report = c.Post("/api/v1/stock", stock);
  ASSERT_TRUE(report);
  ASSERT_EQ(report->status, 200) << report->body;
  EXPECT_THAT(report->body, HasSubstr("Clinic stock review: clinic-stock.csv"));
  EXPECT_THAT(report->get_header_value("Content-Security-Policy"), HasSubstr("style-src 'sha256-"));
  EXPECT_THAT(report->get_header_value("Content-Security-Policy"), HasSubstr("script-src 'none'"));
}

TEST(HttpServer, AScanThatCannotBeReadIsRefusedBeforeAnyRecord) {
  ServerOptions options;
  options.max_upload_bytes = 4096;
  RunningServer server(options);
  auto c = server.Client();
  auto code = [](const httplib::Result& r) {
    return r ? nlohmann::json::parse(r->body, nullptr, false).value("error", nlohmann::json::object()).value("code", "")
             : "no answer";
  };
  auto empty = c.Post("/api/v1/scan?day=1", "", "text/csv");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->status, 422);
  auto no_column = c.Post("/api/v1/scan?day=1", "name,brand\nSerum,Acme\n", "text/csv");
  ASSERT_TRUE(no_column);
  EXPECT_EQ(no_column->status, 422);
  EXPECT_EQ(code(no_column), "no_products");
  auto too_big = c.Post("/api/v1/scan?day=1", ClinicStock(), "text/csv");  // over 4 KiB
  ASSERT_TRUE(too_big);
  EXPECT_EQ(too_big->status, 413);
  EXPECT_EQ(code(too_big), "too_large");
  auto json = server.Client().Post("/api/v1/scan?day=1", "{}", "application/json");
  ASSERT_TRUE(json);
  EXPECT_EQ(json->status, 415);
  auto no_day = server.Client().Post("/api/v1/scan", "name,ingredients\nA,Water\n", "text/csv");
  ASSERT_TRUE(no_day);
  EXPECT_EQ(no_day->status, 400);
  // A form with two files, or a field over 4 KiB, is no form of ours.
  httplib::MultipartFormDataItems two_files = {{"file", "a", "a.csv", "text/csv"}, {"file2", "b", "b.csv", "text/csv"}};
  auto two = server.Client().Post("/api/v1/scan", two_files);
  ASSERT_TRUE(two);
  EXPECT_EQ(two->status, 400);
  httplib::MultipartFormDataItems long_field = {{"day", std::string(5000, '1'), "", ""}};
  auto field = server.Client().Post("/api/v1/scan", long_field);
  ASSERT_TRUE(field);
  EXPECT_EQ(field->status, 400);
}

TEST(HttpServer, BodiesAreBoundedHoweverTheyAreSent) {
  RunningServer server;
  // A chunked body has no length to check up front: it is counted as it comes.
  auto c = server.Client();
  const std::string chunk(64 * 1024, ' ');
  size_t sent = 0;
  auto res = c.Post(
      "/api/v1/check",
      [&](size_t, httplib::DataSink& sink) {
        if (sent > kMaxBodyBytes + chunk.size()) {
          sink.done();
          return true;
        }
        sent += chunk.size();
        return sink.write(chunk.data(), chunk.size());
      },
      "application/json");
  if (res) {  // the server may close before the client has sent it all
    EXPECT_EQ(res->status, 413);
  }
  EXPECT_THAT(server.LogWith("\"POST /api/v1/check\" 413"), HasSubstr("\"POST /api/v1/check\" 413"));
  // A GET with a body would be read into memory whole: refused, the connection closed.
  int fd = Connect(server.port());
  SendAll(fd, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\nxxxx");
  const std::string answer = ReadUntilClosed(fd);
  close(fd);
  EXPECT_THAT(answer, HasSubstr("HTTP/1.1 400"));
  EXPECT_THAT(answer, HasSubstr("Connection: close"));
  // The server serves on.
  auto health = server.Client().Get("/api/v1/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

TEST(HttpServer, PastItsScansAScanGets503) {
  ServerOptions options;
  options.scans = 1;
  RunningServer server(options);
  // A client that uploads slowly holds the one scan.
  int slow = Connect(server.port());
  SendAll(slow,
          "POST /api/v1/scan?day=1 HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
          "Content-Length: 100000\r\n\r\nname,ingredients\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto busy = server.Client().Post("/api/v1/scan?day=1", "name,ingredients\nA,Water\n", "text/csv");
  ASSERT_TRUE(busy);
  EXPECT_EQ(busy->status, 503);
  EXPECT_EQ(busy->get_header_value("Retry-After"), "5");
  // Checks are not scans: they are answered meanwhile.
  auto check = server.Client().Post("/api/v1/check", R"({"label": "Water, Glycerin", "day": 1})", "application/json");
  ASSERT_TRUE(check);
  EXPECT_EQ(check->status, 200);
  close(slow);  // its upload fails, and its slot is free again
  for (int i = 0; i < 50; ++i) {
    auto again = server.Client().Post("/api/v1/scan?day=1", "name,ingredients\nA,Water\n", "text/csv");
    ASSERT_TRUE(again);
    if (again->status == 200) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ADD_FAILURE() << "the scan slot was not freed";
}

// Hostile labels, each at the 1 MiB limit where it has a size: every one gets
// an answer (a verdict, or a 4xx), and the server serves on.
TEST(HttpServer, HostileLabelsGetAnAnswerAndTheServerServesOn) {
  RunningServer server;
  const size_t n = kMaxLabelBytes;
  const std::vector<std::pair<std::string, std::string>> labels = {
      {"markup", "<script>alert(1)</script>\"><img src=x onerror=alert(2)>, Water, Retinol"},
      {"10,000 nested brackets", std::string(10000, '(') + "Water" + std::string(10000, ')')},
      {"nested to 1 MiB", std::string(n / 2 - 8, '[') + "Retinol" + std::string(n / 2 - 8, ']')},
      {"1 MiB of commas", std::string(n - 8, ',') + "Water"},
      {"1 MiB token", "Water, " + std::string(n - 16, 'x')},
      {"1 MiB of short lines",
       [&] {
         std::string t;
         while (t.size() + 8 < n) t += "Aqua\nX\n";
         return t;
       }()},
  };
  for (const auto& [what, label] : labels) {
    auto res = server.Client().Post("/api/v1/check", nlohmann::json({{"label", label}, {"day", 1}}).dump(),
                                    "application/json");
    ASSERT_TRUE(res) << what << ": " << httplib::to_string(res.error());
    EXPECT_TRUE(res->status == 200 || res->status == 422) << what << ": " << res->status;
    if (res->status == 200) {
      // Never safe when the reader gave up on part of it.
      auto j = nlohmann::json::parse(res->body);
      if (!j["unrecognized"].empty()) {
        EXPECT_NE(j["verdict"], "safe") << what;
      }
    }
  }
  // Invalid UTF-8 is no JSON string: 400, never a crash.
  auto bad = server.Client().Post("/api/v1/check", std::string("{\"label\": \"Water \xff\xfe\", \"day\": 1}"),
                                  "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  // A catalog with a hostile row: every row gets its record.
  const std::string catalog = "name,ingredients\nA,\"Water, Glycerin\"\nB," + std::string(5000, '(') + "Water" +
                              std::string(5000, ')') + "\nC,\"Water, Retinol\"\n";
  auto scan = server.Client().Post("/api/v1/scan?day=1", catalog, "text/csv");
  ASSERT_TRUE(scan);
  ASSERT_EQ(scan->status, 200);
  EXPECT_EQ(std::count(scan->body.begin(), scan->body.end(), '\n'), 3) << scan->body;
  auto health = server.Client().Get("/api/v1/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

TEST(HttpServer, APortInUseIsAnError) {
  RunningServer first;
  ServerOptions options;
  options.port = first.port();
  Service service(&RealAnalyzer(), &RealChecker(), &Protocol());
  HttpServer second(&service, options, nullptr);
  auto port = second.Bind();  // never shared with the first (SO_REUSEPORT would)
  EXPECT_FALSE(port.ok());
  EXPECT_THAT(port.status().message(), HasSubstr("cannot listen on 127.0.0.1:"));
}

TEST(HttpServer, ASlowClientStallsNoOne) {
  RunningServer server;
  // Headers one byte at a time: the client holds a worker, no more.
  int slow = Connect(server.port());
  std::thread drip([slow] {
    const std::string request = "POST /api/v1/check HTTP/1.1\r\nHost: x\r\n";
    for (char ch : request) {
      if (send(slow, &ch, 1, MSG_NOSIGNAL) != 1) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  for (int i = 0; i < 20; ++i) {
    auto res = server.Client().Post("/api/v1/check", R"({"label": "Water, Glycerin", "day": 1})", "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
  }
  shutdown(slow, SHUT_RDWR);
  drip.join();
  close(slow);
}

}  // namespace
}  // namespace aftercare::serve
