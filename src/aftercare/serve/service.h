// The HTTP API (serve stage): each /api/v1/ endpoint as a pure function of a
// request, answered with exactly the JSON the CLI prints (the same report
// writers), or with {"error": {"code", "message"}} and the right status. No
// request reaches the file system: protocols are the DB's ids, or the one
// file the server was started with. Thread-safe: Handle() is const and the
// analyzer and checker are immutable.
#ifndef AFTERCARE_SERVE_SERVICE_H_
#define AFTERCARE_SERVE_SERVICE_H_

#include <map>
#include <string>
#include <string_view>

#include "aftercare/aftercare.h"
#include "aftercare/rules/protocol_file.h"
#include "aftercare/rules/verdict.h"

namespace aftercare::serve {

// The largest label a request may carry, as `check` reads one (1 MiB).
inline constexpr size_t kMaxLabelBytes = size_t{1} << 20;
// A request body: the label and its settings, JSON-escaped (a label of
// nothing but quotes doubles in size).
inline constexpr size_t kMaxBodyBytes = 2 * kMaxLabelBytes + 64 * 1024;

struct Request {
  std::string method;        // "GET", "POST", ...
  std::string path;          // "/api/v1/check"
  std::string content_type;  // the media type without parameters, lower case ("application/json")
  std::string body;
  std::map<std::string, std::string> query;  // decoded query parameters
  std::string today;         // YYYY-MM-DD: the date a "treated" date is counted to when the body gives none
};

// The page and the OpenAPI 3.1 document of the API, embedded at build time
// from page.html and openapi.json (tools/embed_text.cmake).
extern const char kPageHtml[];
extern const char kOpenApiJson[];

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

// {"error": {"code": CODE, "message": MESSAGE}} with `status`.
Response Error(int status, std::string_view code, std::string_view message);

class Service {
 public:
  // REQUIRES: analyzer, checker and protocol outlive the Service. `protocol`
  // is the default protocol of a request (the server's --protocol).
  Service(const Analyzer* analyzer, const rules::Checker* checker, const rules::ProtocolFile* protocol);

  // GET  /                              the page (text/html): paste a label, see the verdict, the days
  // GET  /api/v1/openapi.json         the API's OpenAPI 3.1 document
  // GET  /api/v1/health                 {"status": "ok", "version", "schema_version", "protocol"}
  // GET  /api/v1/protocols              {"default", "protocols": [{"id", "name", "procedure", "description", "source"}]}
  // POST /api/v1/check                  body {"label", "day" | "treated" [+ "today"], "name", "type", "protocol"}:
  //                                     what `check --format json` prints
  // POST /api/v1/parse                  body {"label"}: what `parse --format json` prints
  // GET  /api/v1/explain?name=N[&day=D] what `explain --format json` prints
  Response Handle(const Request& request) const;

 private:
  Response Page() const;
  Response OpenApi() const;
  Response Health() const;
  Response Protocols() const;
  Response Check(const Request& request) const;
  Response Parse(const Request& request) const;
  Response Explain(const Request& request) const;

  const Analyzer* analyzer_;
  const rules::Checker* checker_;
  const rules::ProtocolFile* protocol_;
};

}  // namespace aftercare::serve

#endif  // AFTERCARE_SERVE_SERVICE_H_
