#include "aftercare/serve/service.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "aftercare/base/utf8.h"
#include "aftercare/catalog/patient_plan.h"
#include "aftercare/catalog/stock_review.h"
#include "aftercare/report/check_report.h"
#include "aftercare/report/explain_report.h"
#include "aftercare/report/json_writer.h"
#include "aftercare/report/parse_report.h"
#include "aftercare/report/plan_report.h"
#include "aftercare/report/stock_report.h"
#include "aftercare/rules/explain.h"
#include "aftercare/rules/healing_day.h"

namespace aftercare::serve {
namespace {

using nlohmann::json;
using report::JsonWriter;

// 400 for what the caller got wrong.
Response FromStatus(const Status& s) {
  if (s.code() == StatusCode::kNotFound) return Error(400, "not_found", s.message());
  if (s.code() == StatusCode::kInvalidArgument) return Error(400, "invalid_argument", s.message());
  return Error(500, "internal", s.message());
}

Response Json(std::string body) {
  Response r;
  r.body = std::move(body);
  return r;
}

// The body of a POST as a JSON object and its label (present, UTF-8, at most
// 1 MiB), or the error response that says why not: 415 for another media
// type, 400 for JSON that is not an object with a string "label", 413 for a
// label over the limit.
std::optional<Response> ReadBody(const Request& request, json* body, std::string* label) {
  if (request.content_type != "application/json") {
    return Error(415, "unsupported_media_type", "send the body as application/json");
  }
  *body = json::parse(request.body, nullptr, false);  // invalid UTF-8 is a parse error too
  if (body->is_discarded() || !body->is_object()) {
    return Error(400, "invalid_argument", "the body is not a JSON object");
  }
  auto it = body->find("label");
  if (it == body->end() || !it->is_string()) {
    return Error(400, "invalid_argument", "give the label as \"label\": \"...\"");
  }
  *label = it->get<std::string>();
  if (label->size() > kMaxLabelBytes) {
    return Error(413, "too_large",
                 fmt::format("the label is {} bytes; at most {} are read", label->size(), kMaxLabelBytes));
  }
  return std::nullopt;
}

// The healing day of a request: `day` (0 = the treatment day), or `treated`
// counted to `today`; exactly one of the two.
Result<int> DayOf(std::optional<int64_t> day, const std::string& treated, const std::string& today) {
  if (day.has_value() == !treated.empty()) {
    return InvalidArgument("give either \"day\" (0 = treatment day) or \"treated\" (YYYY-MM-DD)");
  }
  if (day) {
    if (*day < 0 || *day > 3650) return InvalidArgument(fmt::format("day {} is not 0-3650", *day));
    return static_cast<int>(*day);
  }
  ASSIGN_OR_RETURN(rules::CivilDate t, rules::ParseDate(treated, "\"treated\""));
  ASSIGN_OR_RETURN(rules::CivilDate now, rules::ParseDate(today, "\"today\""));
  return rules::HealingDay(t, now);
}

// A query parameter or form field; `fallback` when absent.
std::string Param(const Request& request, const char* key, std::string_view fallback = "") {
  auto it = request.query.find(key);
  return it == request.query.end() ? std::string(fallback) : it->second;
}

// The healing day of a scan's settings (query parameters or form fields).
Result<int> DayOfParams(const Request& request) {
  std::optional<int64_t> day;
  const std::string d = Param(request, "day");
  if (!d.empty()) {
    if (d.size() > 4 || d.find_first_not_of("0123456789") != std::string::npos) {
      return InvalidArgument(fmt::format("day '{}' is not a whole number 0-3650", d));
    }
    day = std::stoll(d);
  }
  const std::string today = Param(request, "today");
  return DayOf(day, Param(request, "treated"), today.empty() ? request.today : today);
}

// The format of an uploaded catalog or stock file: `input`, else its file
// name's extension, else its media type.
std::optional<catalog::InputFormat> UploadFormat(const Request& request) {
  if (const std::string input = Param(request, "input"); !input.empty()) return catalog::ParseInputFormat(input);
  if (auto f = catalog::InputFormatFromPath(request.filename)) return f;
  const std::string& t = request.content_type;
  if (t == "text/csv" || t == "application/csv") return catalog::InputFormat::kCsv;
  if (t == "text/tab-separated-values") return catalog::InputFormat::kTsv;
  if (t == "application/x-ndjson" || t == "application/jsonl" || t == "application/x-jsonlines" ||
      t == "application/jsonlines") {
    return catalog::InputFormat::kJsonl;
  }
  return std::nullopt;
}

Response UnknownUploadFormat(const Request& request) {
  return Error(415, "unsupported_media_type",
               fmt::format("cannot tell the format of the upload ({}): send text/csv, text/tab-separated-values or "
                           "application/x-ndjson, a file named .csv, .tsv or .jsonl (.gz of those), or say "
                           "input=csv|tsv|jsonl",
                           request.content_type.empty() ? "no media type" : request.content_type));
}

// A file name for a download made from the uploaded file's: its stem, with
// nothing but letters, digits, '-' and '_' (it goes into a header).
std::string DownloadName(const std::string& upload, std::string_view fallback, std::string_view suffix) {
  std::string_view base = upload;
  if (auto slash = base.find_last_of("/\\"); slash != std::string_view::npos) base.remove_prefix(slash + 1);
  base = base.substr(0, base.find('.'));
  std::string out;
  for (char c : base) {
    if (out.size() < 64 && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) out += c;
  }
  if (out.empty()) out = fallback;
  return fmt::format("attachment; filename=\"{}{}\"", out, suffix);
}

// The products of an uploaded stock file (CSV, TSV, JSON Lines; gzip or not;
// any text encoding), bad rows included, into *items; or the error response:
// 415 for a file whose format cannot be told, 422 for one that is not text or
// has no product row (or a header without a name or ingredient column).
std::optional<Response> ReadProducts(const Request& request, const std::string& name,
                                     std::vector<catalog::StockItem>* items) {
  std::optional<catalog::InputFormat> input = UploadFormat(request);
  if (!input) return UnknownUploadFormat(request);
  Result<catalog::Utf8Source> source =
      catalog::MaybeDecode(catalog::MaybeGunzip(std::make_unique<catalog::StringSource>(request.body), name), name);
  if (!source.ok()) return Error(422, "not_text", source.status().message());
  Result<std::vector<catalog::StockItem>> read = catalog::ReadStock(source->source.get(), name, *input, {});
  if (!read.ok()) return Error(422, "no_products", read.status().message());
  *items = std::move(*read);
  return std::nullopt;
}

// body[key] as a string: "" when absent; an error when of another type.
Result<std::string> StringField(const json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::string();
  if (!it->is_string()) return InvalidArgument(fmt::format("\"{}\" must be a string", key));
  return it->get<std::string>();
}

}  // namespace

Response Error(int status, std::string_view code, std::string_view message) {
  Response r;
  r.status = status;
  JsonWriter w(&r.body);
  w.BeginObject().Key("error").BeginObject().Key("code").String(code).Key("message").String(message);
  w.EndObject().EndObject();
  r.body += '\n';
  return r;
}

Response ErrorPage(const Response& error, std::string_view back) {
  const json j = json::parse(error.body, nullptr, false);
  const std::string message =
      j.is_object() && j.contains("error") ? j["error"].value("message", "") : fmt::format("HTTP {}", error.status);
  Response r;
  r.status = error.status;
  r.content_type = "text/html; charset=utf-8";
  r.headers = error.headers;
  r.body = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>aftercare: {}</title>\n"
      "</head>\n<body>\n<h1>The upload could not be used</h1>\n<p role=\"alert\">{}</p>\n"
      "<p><a href=\"{}\">Back</a></p>\n</body>\n</html>\n",
      report::HtmlText(message), report::HtmlText(message), report::HtmlText(back));
  return r;
}

size_t MaxBodyBytes(std::string_view path) {
  return path == "/api/v1/stock" || path == "/api/v1/plan" ? kMaxStockBytes : kMaxBodyBytes;
}

Service::Service(const Analyzer* analyzer, const rules::Checker* checker, const rules::ProtocolFile* protocol)
    : analyzer_(analyzer), checker_(checker), protocol_(protocol) {}

Response Service::Handle(const Request& request) const {
  struct Route {
    std::string_view path, method;
    Response (Service::*get)() const;
    Response (Service::*with)(const Request&) const;
  };
  static const Route kRoutes[] = {
      {"/", "GET", &Service::Page, nullptr},
      {"/favicon.ico", "GET", &Service::NoIcon, nullptr},
      {"/api/v1/openapi.json", "GET", &Service::OpenApi, nullptr},
      {"/api/v1/health", "GET", &Service::Health, nullptr},
      {"/api/v1/protocols", "GET", &Service::Protocols, nullptr},
      {"/api/v1/check", "POST", nullptr, &Service::Check},
      {"/api/v1/parse", "POST", nullptr, &Service::Parse},
      {"/api/v1/explain", "GET", nullptr, &Service::Explain},
      {"/api/v1/stock", "POST", nullptr, &Service::Stock},
      {"/api/v1/plan", "POST", nullptr, &Service::Plan},
  };
  for (const Route& route : kRoutes) {
    if (request.path != route.path) continue;
    if (request.method != route.method) {
      return Error(405, "method_not_allowed", fmt::format("{} takes {}", route.path, route.method));
    }
    return route.get ? (this->*route.get)() : (this->*route.with)(request);
  }
  return Error(404, "not_found", fmt::format("no such endpoint: {}", request.path));
}

Response Service::Page() const {
  Response r;
  r.content_type = "text/html; charset=utf-8";
  r.body = kPageHtml;
  return r;
}

Response Service::NoIcon() const {
  Response r;
  r.status = 204;  // the reports a browser opens ask for one: there is none, and that is no error
  r.content_type = "image/x-icon";
  return r;
}

Response Service::OpenApi() const {
  Response r;
  r.body = kOpenApiJson;
  return r;
}

Response Service::Health() const {
  Response r;
  JsonWriter w(&r.body);
  w.BeginObject().Key("status").String("ok").Key("version").String(AFTERCARE_VERSION);
  w.Key("schema_version").Int(analyzer_->db().schema_version()).Key("protocol").String(protocol_->protocol.id);
  w.EndObject();
  r.body += '\n';
  return r;
}

Response Service::Protocols() const {
  Response r;
  JsonWriter w(&r.body);
  w.BeginObject().Key("default").String(protocol_->protocol.id).Key("protocols").BeginArray();
  for (const auto& p : analyzer_->db().protocols()) {
    w.BeginObject().Key("id").String(p.id).Key("name").String(p.name).Key("procedure").String(p.procedure);
    w.Key("description").String(p.description).Key("source").String(p.source).EndObject();
  }
  // What the ids in a protocol's and a reason's sources cite.
  w.EndArray().Key("sources").BeginArray();
  for (const auto& s : analyzer_->db().sources()) {
    w.BeginObject().Key("id").String(s.id).Key("kind").String(s.kind).Key("citation").String(s.citation);
    w.Key("url").String(s.url).Key("date").String(s.date).EndObject();
  }
  w.EndArray().EndObject();
  r.body += '\n';
  return r;
}

Response Service::Check(const Request& request) const {
  json body;
  std::string label_text;
  if (auto error = ReadBody(request, &body, &label_text)) return *error;
  Result<std::string> name = StringField(body, "name"), type_name = StringField(body, "type");
  Result<std::string> protocol_id = StringField(body, "protocol"), treated = StringField(body, "treated");
  Result<std::string> today = StringField(body, "today");
  for (const auto* f : {&name, &type_name, &protocol_id, &treated, &today}) {
    if (!f->ok()) return FromStatus(f->status());
  }
  // The healing day: "day", or "treated" counted to "today" (else the server's date).
  std::optional<int64_t> day_given;
  if (auto it = body.find("day"); it != body.end() && !it->is_null()) {
    if (!it->is_number_integer()) return Error(400, "invalid_argument", "\"day\" must be a whole number");
    day_given = it->get<int64_t>();
  }
  Result<int> day = DayOf(day_given, *treated, today->empty() ? request.today : *today);
  if (!day.ok()) return FromStatus(day.status());
  std::optional<rules::ProductType> type;
  if (!type_name->empty()) {
    type = rules::ParseProductType(*type_name);
    if (!type) return Error(400, "invalid_argument", fmt::format("unknown product type '{}'", *type_name));
  }
  const db::Protocol* protocol = &protocol_->protocol;
  const rules::ClinicPolicy* policy = protocol_->policy.empty() ? nullptr : &protocol_->policy;
  if (!protocol_id->empty() && *protocol_id != protocol->id) {
    Result<const db::Protocol*> p = checker_->FindProtocol(*protocol_id);
    if (!p.ok()) return FromStatus(p.status());
    protocol = *p;
    policy = nullptr;
  }
  const match::ParsedLabel label = analyzer_->ParseLabel(label_text);
  const rules::ProductInfo product{*name, type};
  Result<rules::Assessment> a = checker_->Assess(label, product, *protocol, *day, policy);
  // A text the reader found no ingredient in is unprocessable: an error, never a verdict.
  if (!a.ok() && label.ingredients.empty()) return Error(422, "no_ingredient_list", a.status().message());
  if (!a.ok()) return FromStatus(a.status());
  return Json(report::CheckJson({&label, &product, &*a, protocol}, analyzer_->db()));
}

Response Service::Parse(const Request& request) const {
  json body;
  std::string label_text;
  if (auto error = ReadBody(request, &body, &label_text)) return *error;
  return Json(report::ParseJson(analyzer_->ParseLabel(label_text), analyzer_->db()));
}

Response Service::Explain(const Request& request) const {
  auto name = request.query.find("name");
  if (name == request.query.end() || name->second.empty()) {
    return Error(400, "invalid_argument", "give the ingredient as ?name=...");
  }
  if (name->second.size() > 1000 || InvalidUtf8Offset(name->second) != std::string_view::npos) {
    return Error(400, "invalid_argument", "the name is not a name (over 1,000 bytes, or not UTF-8)");
  }
  auto day = request.query.find("day");
  if (day != request.query.end()) {
    const std::string& s = day->second;
    if (s.empty() || s.size() > 4 || s.find_first_not_of("0123456789") != std::string::npos) {
      return Error(400, "invalid_argument", "day must be a whole number 0-3650");
    }
  }
  const rules::ClinicPolicy* policy = protocol_->policy.empty() ? nullptr : &protocol_->policy;
  Result<rules::Explanation> ex =
      day == request.query.end()
          ? rules::Explain(*analyzer_, name->second)
          : rules::ExplainOnDay(*analyzer_, name->second, protocol_->protocol, std::stoi(day->second), policy);
  if (!ex.ok()) {
    return ex.status().code() == StatusCode::kNotFound ? Error(404, "not_found", ex.status().message())
                                                       : FromStatus(ex.status());
  }
  return Json(report::ExplainJson(*ex));
}

Result<rules::ProtocolFile> Service::ProtocolFor(std::string_view id) const {
  if (id.empty() || id == protocol_->protocol.id) return *protocol_;
  ASSIGN_OR_RETURN(const db::Protocol* p, checker_->FindProtocol(id));
  return rules::ProtocolFile{*p, {}};
}

Response Service::Stock(const Request& request) const {
  Result<int> last_day = catalog::ParseGridDays(Param(request, "days", "14"), "days");
  if (!last_day.ok()) return FromStatus(last_day.status());
  const std::string format = Param(request, "format", "html");
  if (format != "html" && format != "csv" && format != "md" && format != "json") {
    return Error(400, "invalid_argument", fmt::format("format '{}': html, csv, md or json", format));
  }
  Result<rules::ProtocolFile> protocol = ProtocolFor(Param(request, "protocol"));
  if (!protocol.ok()) return FromStatus(protocol.status());
  const std::string name = request.filename.empty() ? "stock" : request.filename;
  std::vector<catalog::StockItem> items;
  if (auto error = ReadProducts(request, name, &items)) return *error;
  Result<catalog::StockReview> review = catalog::ReviewStock(items, *analyzer_, *checker_, *protocol, *last_day);
  if (!review.ok()) return FromStatus(review.status());
  Response r;
  if (format == "csv") {
    r.content_type = "text/csv; charset=utf-8";
    r.body = report::StockCsv(*review);
  } else if (format == "md") {
    r.content_type = "text/markdown; charset=utf-8";
    r.body = report::StockMarkdown(*review);
  } else if (format == "json") {
    r.body = report::StockJson(*review, analyzer_->db());
  } else {
    r.content_type = "text/html; charset=utf-8";
    const std::string sources = Param(request, "sources");
    r.body = report::StockHtml(*review, analyzer_->db(), fmt::format("Clinic stock review: {}", name),
                               {.sources = sources == "1" || sources == "true" || sources == "on"});
  }
  if (format == "csv" || format == "md") {
    r.headers.emplace_back("Content-Disposition", DownloadName(request.filename, "stock", "-review." + format));
  }
  return r;
}

Response Service::Plan(const Request& request) const {
  const std::string treated_text = Param(request, "treated");
  if (treated_text.empty()) return Error(400, "invalid_argument", "give the treatment date as treated=YYYY-MM-DD");
  Result<rules::CivilDate> treated = rules::ParseDate(treated_text, "treated");
  if (!treated.ok()) return FromStatus(treated.status());
  Result<std::pair<int, int>> days = catalog::ParseDayRange(Param(request, "days", "0-14"), "days");
  if (!days.ok()) return FromStatus(days.status());
  const std::string format = Param(request, "format", "html");
  if (format != "html" && format != "ics" && format != "json" && format != "text") {
    return Error(400, "invalid_argument", fmt::format("format '{}': html, ics, json or text", format));
  }
  Result<rules::ProtocolFile> protocol = ProtocolFor(Param(request, "protocol"));
  if (!protocol.ok()) return FromStatus(protocol.status());
  std::vector<catalog::StockItem> items;
  if (auto error = ReadProducts(request, request.filename.empty() ? "products" : request.filename, &items)) {
    return *error;
  }
  Result<catalog::PatientPlan> plan =
      catalog::PlanForPatient(items, *analyzer_, *checker_, *protocol, *treated, days->first, days->second);
  if (!plan.ok()) return FromStatus(plan.status());
  const report::PlanHeading heading{Param(request, "clinic"), Param(request, "patient")};
  Response r;
  if (format == "html") {
    r.content_type = "text/html; charset=utf-8";
    r.body = report::PlanHtml(*plan, heading);
  } else if (format == "ics") {
    r.content_type = "text/calendar; charset=utf-8";
    r.body = report::PlanIcs(*plan, heading);
    r.headers.emplace_back("Content-Disposition", DownloadName(request.filename, "aftercare", "-plan.ics"));
  } else if (format == "json") {
    r.body = report::PlanJson(*plan, heading);
  } else {
    r.content_type = "text/plain; charset=utf-8";
    r.body = report::PlanText(*plan, heading);
  }
  return r;
}

std::optional<Response> Service::PlanScan(const Request& request, ScanPlan* plan) const {
  Result<int> day = DayOfParams(request);
  if (!day.ok()) return FromStatus(day.status());
  const std::string format = Param(request, "format", "jsonl"), detail = Param(request, "detail", "summary");
  if (format != "jsonl" && format != "csv") {
    return Error(400, "invalid_argument", fmt::format("format '{}': jsonl or csv", format));
  }
  if (detail != "summary" && detail != "full") {
    return Error(400, "invalid_argument", fmt::format("detail '{}': summary or full", detail));
  }
  if (detail == "full" && format != "jsonl") {
    return Error(400, "invalid_argument", "detail=full lists the ingredients: only with format=jsonl");
  }
  const std::string input = Param(request, "input");
  if (!input.empty() && !catalog::ParseInputFormat(input)) {
    return Error(400, "invalid_argument", fmt::format("input '{}': csv, tsv or jsonl", input));
  }
  std::optional<catalog::InputFormat> in = UploadFormat(request);
  if (!in) return UnknownUploadFormat(request);
  Result<rules::ProtocolFile> protocol = ProtocolFor(Param(request, "protocol"));
  if (!protocol.ok()) return FromStatus(protocol.status());
  plan->protocol = std::move(*protocol);
  plan->input = *in;
  plan->name = request.filename.empty() ? "catalog" : request.filename;
  catalog::ScanOptions& o = plan->options;
  o = catalog::ScanOptions();
  o.day = *day;  // protocol and policy: set by Scan(), from plan->protocol
  plan->format = format == "csv" ? report::ScanFormat::kCsv : report::ScanFormat::kJsonl;
  plan->full = detail == "full";
  o.memo_bytes = size_t{16} << 20;  // per request: a server holds several
  plan->head = Response();
  plan->head.content_type = format == "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson";
  plan->head.headers.emplace_back("Content-Disposition",
                                  DownloadName(request.filename, "catalog", fmt::format("-day-{}.{}", *day, format)));
  return std::nullopt;
}

std::optional<Response> Service::CheckCatalogStart(const ScanPlan& plan,
                                                   std::unique_ptr<catalog::ByteSource> catalog) const {
  Result<catalog::Utf8Source> source =
      catalog::MaybeDecode(catalog::MaybeGunzip(std::move(catalog), plan.name), plan.name);
  if (!source.ok()) return Error(422, "not_text", source.status().message());
  catalog::CatalogReader reader(source->source.get(), plan.name, plan.input, plan.options.columns);
  catalog::RawRow row;
  Result<bool> more = reader.Next(&row);
  if (!more.ok()) return Error(422, "unreadable", more.status().message());
  if (!*more) {
    const std::string& why = reader.header_error();
    return Error(422, "no_products", why.empty() ? fmt::format("{}: no product row", plan.name) : why);
  }
  // A header every row would report (no ingredient column) is the catalog's error, not each row's.
  if (!reader.header_error().empty()) return Error(422, "no_products", reader.header_error());
  return std::nullopt;
}

Result<catalog::ScanCounts> Service::Scan(const ScanPlan& plan, std::unique_ptr<catalog::ByteSource> catalog,
                                          int threads, catalog::ScanSink* sink) const {
  ASSIGN_OR_RETURN(catalog::Utf8Source source,
                   catalog::MaybeDecode(catalog::MaybeGunzip(std::move(catalog), plan.name), plan.name));
  std::vector<catalog::ScanInput> inputs;
  inputs.push_back({plan.name, std::move(source.source), plan.input});
  catalog::ScanOptions options = plan.options;
  options.threads = std::max(1, threads);
  options.protocol = &plan.protocol.protocol;
  options.policy = plan.protocol.policy.empty() ? nullptr : &plan.protocol.policy;
  const report::ScanRecordWriter writer(plan.format, analyzer_->db(), plan.full);
  options.formatter = &writer;
  return catalog::Scan(*analyzer_, *checker_, &inputs, options, sink);
}

}  // namespace aftercare::serve
