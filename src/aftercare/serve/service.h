// The HTTP API (serve stage): each /api/v1/ endpoint as a pure function of a
// request, answered with exactly the JSON the CLI prints (the same report
// writers), or with {"error": {"code", "message"}} and the right status. No
// request reaches the file system: protocols are the DB's ids, or the one
// file the server was started with. Thread-safe: Handle() is const and the
// analyzer and checker are immutable.
#ifndef AFTERCARE_SERVE_SERVICE_H_
#define AFTERCARE_SERVE_SERVICE_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aftercare/aftercare.h"
#include "aftercare/catalog/byte_source.h"
#include "aftercare/catalog/catalog_reader.h"
#include "aftercare/catalog/scanner.h"
#include "aftercare/report/scan_report.h"
#include "aftercare/rules/protocol_file.h"
#include "aftercare/rules/verdict.h"

namespace aftercare::serve {

// The largest label a request may carry, as `check` reads one (1 MiB).
inline constexpr size_t kMaxLabelBytes = size_t{1} << 20;
// A request body: the label and its settings, JSON-escaped (a label of
// nothing but quotes doubles in size).
inline constexpr size_t kMaxBodyBytes = 2 * kMaxLabelBytes + size_t{64} * 1024;
// A clinic's stock file (hundreds of products; a 10,000-product stock is about 5 MB).
inline constexpr size_t kMaxStockBytes = size_t{16} << 20;

// The most bytes a request to `path` may carry, read into memory. A scan's
// catalog is not read into memory: the server spools it (see HttpServer).
size_t MaxBodyBytes(std::string_view path);

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // "/api/v1/check"
  // The media type of the body without parameters, lower case ("application/json").
  // For a form upload (multipart/form-data): the uploaded file's.
  std::string content_type;
  std::string body;  // for a form upload: the uploaded file
  // Decoded query parameters; for a form upload, its other fields too.
  std::map<std::string, std::string> query;
  std::string today;     // YYYY-MM-DD: the date a "treated" date is counted to when the body gives none
  std::string filename;  // the uploaded file's name, as the browser sent it ("" when none)
};

// The page and the OpenAPI 3.1 document of the API, embedded at build time
// from page.html and openapi.json (tools/embed_text.cmake).
extern const char kPageHtml[];
extern const char kOpenApiJson[];

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // more headers (Content-Disposition)
};

// A catalog scan a request asks for (POST /api/v1/scan), settled before a byte
// of the catalog is read.
struct ScanPlan {
  catalog::ScanOptions options;  // day (the protocol is `protocol`, the formatter is made by Scan())
  report::ScanFormat format = report::ScanFormat::kJsonl;
  bool full = false;  // JSONL: keep the "ingredients" array
  catalog::InputFormat input = catalog::InputFormat::kCsv;
  std::string name;  // the catalog in error records: the uploaded file's name, or "catalog"
  Response head;     // status 200, the output's media type and Content-Disposition; no body
  rules::ProtocolFile protocol;
};

// {"error": {"code": CODE, "message": MESSAGE}} with `status`.
Response Error(int status, std::string_view code, std::string_view message);

// A JSON error as a small HTML page with a link back to `back`: the answer
// to a form the page posted, which the browser shows as a page.
Response ErrorPage(const Response& error, std::string_view back);

class Service {
 public:
  // REQUIRES: analyzer, checker and protocol outlive the Service. `protocol`
  // is the default protocol of a request (the server's --protocol).
  Service(const Analyzer* analyzer, const rules::Checker* checker, const rules::ProtocolFile* protocol);

  // GET  /                              the page (text/html): paste a label, see the verdict, the days
  // GET  /favicon.ico                  204: there is no icon
  // GET  /api/v1/openapi.json         the API's OpenAPI 3.1 document
  // GET  /api/v1/health                 {"status": "ok", "version", "schema_version", "protocol"}
  // GET  /api/v1/protocols              {"default", "protocols": [{"id", "name", "procedure", "description",
  // "source"}],
  //                                      "sources": [{"id", "kind", "citation", "url", "date"}]}
  // POST /api/v1/check                  body {"label", "day" | "treated" [+ "today"], "name", "type", "protocol"}:
  //                                     what `check --format json` prints
  // POST /api/v1/parse                  body {"label"}: what `parse --format json` prints
  // GET  /api/v1/explain?name=N[&day=D] what `explain --format json` prints
  // POST /api/v1/stock?days=N&format=F&protocol=P  body: a stock file (CSV, TSV, JSON Lines, gzip or not):
  //                                     the report `stock --format F` writes (html, csv, md, json)
  // POST /api/v1/plan?treated=DATE[&days=A-B][&format=html|ics|json|text][&protocol=P][&patient=N][&clinic=N]
  //                                     body: a patient's products as a stock file: what `plan` writes
  // POST /api/v1/scan is not answered here: see PlanScan and Scan.
  Response Handle(const Request& request) const;

  // POST /api/v1/scan?day=D|treated=T&protocol=P&format=jsonl|csv&detail=summary|full[&input=csv|tsv|jsonl]:
  // the scan the request's settings ask for (its body is not looked at), into
  // *plan; or the error response (400 a bad setting, 415 a catalog of no known
  // format). The input format is `input`, else the uploaded file's name, else
  // the media type (text/csv, text/tab-separated-values, application/x-ndjson).
  std::optional<Response> PlanScan(const Request& request, ScanPlan* plan) const;
  // Before a scan answers 200: the 422 response for a catalog with no product
  // row or no usable header (an empty upload, a CSV without an ingredient
  // column), read from its first rows; nullopt when it has a product row.
  std::optional<Response> CheckCatalogStart(const ScanPlan& plan, std::unique_ptr<catalog::ByteSource> catalog) const;
  // Scans `catalog` (gzip or not, any text encoding, as `aftercare scan`) into
  // `sink`: exactly the records `aftercare scan --format F` writes; a bad row
  // is an error record and the scan goes on. `threads` workers.
  Result<catalog::ScanCounts> Scan(const ScanPlan& plan, std::unique_ptr<catalog::ByteSource> catalog, int threads,
                                   catalog::ScanSink* sink) const;

 private:
  Response Page() const;
  Response NoIcon() const;
  Response OpenApi() const;
  Response Health() const;
  Response Protocols() const;
  Response Check(const Request& request) const;
  Response Parse(const Request& request) const;
  Response Explain(const Request& request) const;
  Response Stock(const Request& request) const;
  Response Plan(const Request& request) const;

  // The protocol a request names ("" = the server's), as a protocol file
  // (the server's own, with its clinic policy; a built-in one without).
  Result<rules::ProtocolFile> ProtocolFor(std::string_view id) const;

  const Analyzer* analyzer_;
  const rules::Checker* checker_;
  const rules::ProtocolFile* protocol_;
};

}  // namespace aftercare::serve

#endif  // AFTERCARE_SERVE_SERVICE_H_
