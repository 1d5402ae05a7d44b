#include "aftercare/serve/service.h"

#include <optional>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "aftercare/base/utf8.h"
#include "aftercare/report/check_report.h"
#include "aftercare/report/explain_report.h"
#include "aftercare/report/json_writer.h"
#include "aftercare/report/parse_report.h"
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
  if (body->is_discarded() || !body->is_object()) return Error(400, "invalid_argument", "the body is not a JSON object");
  auto it = body->find("label");
  if (it == body->end() || !it->is_string()) return Error(400, "invalid_argument", "give the label as \"label\": \"...\"");
  *label = it->get<std::string>();
  if (label->size() > kMaxLabelBytes) {
    return Error(413, "too_large",
                 fmt::format("the label is {} bytes; at most {} are read", label->size(), kMaxLabelBytes));
  }
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
      {"/api/v1/openapi.json", "GET", &Service::OpenApi, nullptr},
      {"/api/v1/health", "GET", &Service::Health, nullptr},
      {"/api/v1/protocols", "GET", &Service::Protocols, nullptr},
      {"/api/v1/check", "POST", nullptr, &Service::Check},
      {"/api/v1/parse", "POST", nullptr, &Service::Parse},
      {"/api/v1/explain", "GET", nullptr, &Service::Explain},
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
  int day = 0;
  auto day_it = body.find("day");
  const bool has_day = day_it != body.end() && !day_it->is_null();
  if (has_day == !treated->empty()) {
    return Error(400, "invalid_argument", "give either \"day\" (0 = treatment day) or \"treated\" (YYYY-MM-DD)");
  }
  if (has_day) {
    if (!day_it->is_number_integer()) return Error(400, "invalid_argument", "\"day\" must be a whole number");
    const int64_t d = day_it->get<int64_t>();
    if (d < 0 || d > 3650) return Error(400, "invalid_argument", fmt::format("day {} is not 0-3650", d));
    day = static_cast<int>(d);
  } else {
    Result<rules::CivilDate> t = rules::ParseDate(*treated, "\"treated\"");
    if (!t.ok()) return FromStatus(t.status());
    Result<rules::CivilDate> now = rules::ParseDate(today->empty() ? request.today : *today, "\"today\"");
    if (!now.ok()) return FromStatus(now.status());
    Result<int> d = rules::HealingDay(*t, *now);
    if (!d.ok()) return FromStatus(d.status());
    day = *d;
  }
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
  Result<rules::Assessment> a = checker_->Assess(label, product, *protocol, day, policy);
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

}  // namespace aftercare::serve
