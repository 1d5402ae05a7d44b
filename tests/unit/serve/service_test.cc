// The API's endpoints as functions of a request: the same JSON as the CLI,
// and a JSON error with the right status for every kind of bad request.
#include "aftercare/serve/service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "../example_files.h"
#include "../test_analyzer.h"
#include "aftercare/catalog/patient_plan.h"
#include "aftercare/catalog/stock_review.h"
#include "aftercare/report/check_report.h"
#include "aftercare/report/parse_report.h"
#include "aftercare/report/plan_report.h"
#include "aftercare/report/stock_report.h"

namespace aftercare::serve {
namespace {

using ::aftercare::testing::RealAnalyzer;
using ::aftercare::testing::RealChecker;
using ::testing::HasSubstr;

// CeraVe PM Facial Moisturizing Lotion (examples/labels).
constexpr const char* kCeraVePm =
    "Purified Water, Glycerin, Caprylic/Capric Triglyceride, Niacinamide, Cetearyl Alcohol, Ceramide 3, Ceramide 6-II, "
    "Ceramide 1, Hyaluronic Acid, Cholesterol, Phenoxyethanol";

const rules::ProtocolFile& Protocol() {
  static const rules::ProtocolFile p{**RealChecker().FindProtocol("microneedling"), {}};
  return p;
}

const Service& TheService() {
  static const Service service(&RealAnalyzer(), &RealChecker(), &Protocol());
  return service;
}

// The request as the server hands it over: the query parsed out of the path.
Request MakeRequest(std::string method, std::string path, std::string body, std::string type,
                    std::string filename = "") {
  Request r{std::move(method), std::move(path),    std::move(type), std::move(body), {},
            "2026-12-07",      std::move(filename)};
  const size_t q = r.path.find('?');
  if (q != std::string::npos) {
    std::string query = r.path.substr(q + 1);
    r.path.resize(q);
    for (size_t i = 0; i < query.size();) {
      size_t amp = query.find('&', i);
      if (amp == std::string::npos) amp = query.size();
      const std::string kv = query.substr(i, amp - i);
      const size_t eq = kv.find('=');
      r.query[kv.substr(0, eq)] = eq == std::string::npos ? "" : kv.substr(eq + 1);
      i = amp + 1;
    }
  }
  return r;
}

Response Call(std::string method, std::string path, std::string body = "", std::string type = "application/json",
              std::string filename = "") {
  return TheService().Handle(
      MakeRequest(std::move(method), std::move(path), std::move(body), std::move(type), std::move(filename)));
}

// A real clinic's stock, as shipped in examples/ (41 products).
std::string ClinicStock() { return ::aftercare::testing::ExampleFile("clinic-stock.csv"); }

std::string Header(const Response& r, std::string_view key) {
  for (const auto& [k, v] : r.headers) {
    if (k == key) return v;
  }
  return "";
}

class StringSink : public catalog::ScanSink {
 public:
  Status Write(std::string_view records) override {
    out += records;
    return Status::Ok();
  }
  std::string out;
};

std::string ErrorCode(const Response& r) {
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  return j.is_discarded() ? "not json" : j["error"].value("code", "");
}

std::string Body(const nlohmann::json& j) { return j.dump(); }

TEST(Service, CheckAnswersWhatTheCliPrints) {
  Response r = Call("POST", "/api/v1/check",
                    Body({{"label", kCeraVePm}, {"day", 1}, {"name", "CeraVe PM Facial Moisturizing Lotion"}}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "application/json");
  // The CLI's own writer over the same inputs.
  const auto label = RealAnalyzer().ParseLabel(kCeraVePm);
  const rules::ProductInfo product{"CeraVe PM Facial Moisturizing Lotion", std::nullopt};
  auto a = RealChecker().Assess(label, product, Protocol().protocol, 1);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(r.body, report::CheckJson({&label, &product, &*a, &Protocol().protocol}, RealAnalyzer().db()));
  EXPECT_EQ(nlohmann::json::parse(r.body)["verdict"], "caution");  // niacinamide, days 0-2
}

TEST(Service, CheckCountsTheDayFromTheTreatmentDate) {
  Response r =
      Call("POST", "/api/v1/check", Body({{"label", kCeraVePm}, {"treated", "2026-12-01"}, {"today", "2026-12-04"}}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(nlohmann::json::parse(r.body)["day"], 3);
  // Without "today" the server's date (here the request's) counts.
  Response server_day = Call("POST", "/api/v1/check", Body({{"label", kCeraVePm}, {"treated", "2026-12-05"}}));
  EXPECT_EQ(nlohmann::json::parse(server_day.body)["day"], 2);
}

TEST(Service, ParseAndExplainAnswerWhatTheCliPrints) {
  Response p = Call("POST", "/api/v1/parse", Body({{"label", kCeraVePm}}));
  ASSERT_EQ(p.status, 200);
  EXPECT_EQ(p.body, report::ParseJson(RealAnalyzer().ParseLabel(kCeraVePm), RealAnalyzer().db()));
  Response e = Call("GET", "/api/v1/explain?name=Niacinamide&day=1");
  ASSERT_EQ(e.status, 200) << e.body;
  EXPECT_EQ(nlohmann::json::parse(e.body)["inci"], "NIACINAMIDE");
  EXPECT_EQ(Call("GET", "/api/v1/explain?name=Notaningredientatall").status, 404);
}

TEST(Service, HealthAndProtocols) {
  Response h = Call("GET", "/api/v1/health");
  ASSERT_EQ(h.status, 200);
  EXPECT_EQ(nlohmann::json::parse(h.body)["status"], "ok");
  Response p = Call("GET", "/api/v1/protocols");
  ASSERT_EQ(p.status, 200);
  auto j = nlohmann::json::parse(p.body);
  EXPECT_EQ(j["default"], "microneedling");
  EXPECT_EQ(j["protocols"].size(), RealAnalyzer().db().protocols().size());
}

TEST(Service, EveryBadRequestGetsAJsonErrorWithItsStatus) {
  const std::string ok_label = Body({{"label", kCeraVePm}, {"day", 1}});
  EXPECT_EQ(Call("POST", "/api/v1/check", ok_label, "text/plain").status, 415);
  EXPECT_EQ(ErrorCode(Call("POST", "/api/v1/check", ok_label, "text/plain")), "unsupported_media_type");
  EXPECT_EQ(Call("POST", "/api/v1/check", "{not json").status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/check", "\"a string\"").status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/check", Body({{"day", 1}})).status, 400);            // no label
  EXPECT_EQ(Call("POST", "/api/v1/check", Body({{"label", kCeraVePm}})).status, 400);  // no day
  EXPECT_EQ(Call("POST", "/api/v1/check", Body({{"label", kCeraVePm}, {"day", -1}})).status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/check", Body({{"label", kCeraVePm}, {"day", "3"}})).status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/check", Body({{"label", kCeraVePm}, {"day", 1}, {"type", "lotionn"}})).status, 400);
  Response unknown = Call("POST", "/api/v1/check", Body({{"label", kCeraVePm}, {"day", 1}, {"protocol", "peel"}}));
  EXPECT_EQ(unknown.status, 400);
  EXPECT_THAT(unknown.body, HasSubstr("microneedling"));  // the known ids
  // A label with no ingredient list is unprocessable, never a verdict.
  Response empty = Call("POST", "/api/v1/check", Body({{"label", "   "}, {"day", 1}}));
  EXPECT_EQ(empty.status, 422);
  EXPECT_EQ(ErrorCode(empty), "no_ingredient_list");
  // Over 1 MiB of label: too large.
  Response big = Call("POST", "/api/v1/check", Body({{"label", std::string(kMaxLabelBytes + 1, ',')}, {"day", 1}}));
  EXPECT_EQ(big.status, 413);
  // Invalid UTF-8 in the body is no JSON.
  EXPECT_EQ(Call("POST", "/api/v1/parse", std::string("{\"label\": \"Water \xff\"}")).status, 400);
  EXPECT_EQ(Call("GET", "/api/v1/check").status, 405);
  EXPECT_EQ(Call("GET", "/api/v1/nothing").status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/explain").status, 400);
  EXPECT_EQ(Call("GET", "/api/v1/explain?name=Retinol&day=x").status, 400);
}

TEST(Service, StockAnswersTheReportTheCliWrites) {
  const std::string csv = ClinicStock();
  catalog::StringSource source(csv);
  auto items = catalog::ReadStock(&source, "clinic-stock.csv", catalog::InputFormat::kCsv, {});
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  auto review = catalog::ReviewStock(*items, RealAnalyzer(), RealChecker(), Protocol(), 7);
  ASSERT_TRUE(review.ok());
  // The uploaded file's name and type tell the format; the settings come as fields.
  Response html = Call("POST", "/api/v1/stock?days=7", csv, "text/csv", "clinic-stock.csv");
  ASSERT_EQ(html.status, 200) << html.body;
  EXPECT_EQ(html.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(html.body, report::StockHtml(*review, RealAnalyzer().db(), "Clinic stock review: clinic-stock.csv"));
  Response md = Call("POST", "/api/v1/stock?days=0-7&format=md", csv, "application/octet-stream", "clinic-stock.csv");
  ASSERT_EQ(md.status, 200) << md.body;
  EXPECT_EQ(md.body, report::StockMarkdown(*review));
  EXPECT_EQ(Header(md, "Content-Disposition"), "attachment; filename=\"clinic-stock-review.md\"");
  Response json = Call("POST", "/api/v1/stock?days=7&format=json", csv, "text/csv");
  ASSERT_EQ(json.status, 200);
  EXPECT_EQ(json.body, report::StockJson(*review, RealAnalyzer().db()));
}

TEST(Service, StockRefusesWhatItCannotReview) {
  const std::string csv = ClinicStock();
  EXPECT_EQ(Call("POST", "/api/v1/stock?days=3-9", csv, "text/csv").status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/stock?format=pdf", csv, "text/csv").status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/stock?protocol=peel", csv, "text/csv").status, 400);
  // No way to tell the format: no input=, no file name, an unknown media type.
  Response unknown = Call("POST", "/api/v1/stock", csv, "application/octet-stream");
  EXPECT_EQ(unknown.status, 415);
  EXPECT_EQ(Call("POST", "/api/v1/stock?input=csv", csv, "application/octet-stream").status, 200);
  // Nothing to review: an empty file, a header without an ingredient column.
  Response empty = Call("POST", "/api/v1/stock", "", "text/csv");
  EXPECT_EQ(empty.status, 422);
  EXPECT_EQ(ErrorCode(empty), "no_products");
  Response no_column = Call("POST", "/api/v1/stock", "name,brand\nSerum,Acme\n", "text/csv", "mine.csv");
  EXPECT_EQ(no_column.status, 422);
  EXPECT_THAT(no_column.body, HasSubstr("mine.csv:1"));
  EXPECT_EQ(Call("POST", "/api/v1/stock", std::string(200, '\x01'), "text/csv").status, 422);  // not text
}

TEST(Service, PlanAnswersWhatPlanWrites) {
  const std::string csv = ::aftercare::testing::ExampleFile("patient-routine.csv");
  catalog::StringSource source(csv);
  auto items = catalog::ReadStock(&source, "patient-routine.csv", catalog::InputFormat::kCsv, {});
  ASSERT_TRUE(items.ok());
  auto plan = catalog::PlanForPatient(*items, RealAnalyzer(), RealChecker(), Protocol(), {2026, 12, 7}, 3, 14);
  ASSERT_TRUE(plan.ok());
  const report::PlanHeading heading{"Example Clinic", "A. Patient"};
  Response html = Call("POST", "/api/v1/plan?treated=2026-12-07&days=3-14&clinic=Example Clinic&patient=A. Patient",
                       csv, "text/csv", "patient-routine.csv");
  ASSERT_EQ(html.status, 200) << html.body;
  EXPECT_EQ(html.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(html.body, report::PlanHtml(*plan, heading));
  Response ics =
      Call("POST", "/api/v1/plan?treated=2026-12-07&days=3-14&format=ics&clinic=Example Clinic&patient=A. Patient", csv,
           "text/csv", "patient-routine.csv");
  ASSERT_EQ(ics.status, 200);
  EXPECT_EQ(ics.content_type, "text/calendar; charset=utf-8");
  EXPECT_EQ(ics.body, report::PlanIcs(*plan, heading));
  EXPECT_EQ(Header(ics, "Content-Disposition"), "attachment; filename=\"patient-routine-plan.ics\"");
  EXPECT_EQ(Call("POST", "/api/v1/plan", csv, "text/csv").status, 400);  // no treatment date
  EXPECT_EQ(Call("POST", "/api/v1/plan?treated=2026-13-01", csv, "text/csv").status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/plan?treated=2026-12-07&days=9-3", csv, "text/csv").status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/plan?treated=2026-12-07&format=pdf", csv, "text/csv").status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/plan?treated=2026-12-07", csv, "application/octet-stream").status, 415);
  EXPECT_EQ(Call("POST", "/api/v1/plan?treated=2026-12-07", "", "text/csv").status, 422);
}

TEST(Service, AScanPlanTakesItsSettingsFromTheQueryOrTheForm) {
  ScanPlan plan;
  ASSERT_FALSE(TheService().PlanScan(MakeRequest("POST", "/api/v1/scan?day=3&format=csv", "", "text/csv"), &plan));
  EXPECT_EQ(plan.options.day, 3);
  EXPECT_EQ(plan.format, report::ScanFormat::kCsv);
  EXPECT_EQ(plan.input, catalog::InputFormat::kCsv);
  EXPECT_EQ(plan.name, "catalog");
  EXPECT_EQ(plan.head.content_type, "text/csv; charset=utf-8");
  EXPECT_EQ(Header(plan.head, "Content-Disposition"), "attachment; filename=\"catalog-day-3.csv\"");
  // A file's name wins over its media type; "treated" counts the day to the request's date.
  ASSERT_FALSE(TheService().PlanScan(
      MakeRequest("POST", "/api/v1/scan?treated=2026-12-01&detail=full", "", "application/gzip", "shop.jsonl.gz"),
      &plan));
  EXPECT_EQ(plan.options.day, 6);
  EXPECT_EQ(plan.input, catalog::InputFormat::kJsonl);
  EXPECT_TRUE(plan.full);
  EXPECT_EQ(Header(plan.head, "Content-Disposition"), "attachment; filename=\"shop-day-6.jsonl\"");
  // A name that would break the header is cut to its letters and digits.
  ASSERT_FALSE(TheService().PlanScan(
      MakeRequest("POST", "/api/v1/scan?day=1", "", "text/csv", "../\"evil\r\nSet-Cookie: x.csv"), &plan));
  EXPECT_EQ(Header(plan.head, "Content-Disposition"), "attachment; filename=\"evilSet-Cookiex-day-1.jsonl\"");
  auto error = [](std::string path, std::string type = "text/csv") {
    ScanPlan p;
    auto e = TheService().PlanScan(MakeRequest("POST", std::move(path), "", std::move(type)), &p);
    return e ? e->status : 200;
  };
  EXPECT_EQ(error("/api/v1/scan"), 400);  // no day
  EXPECT_EQ(error("/api/v1/scan?day=1&treated=2026-12-01"), 400);
  EXPECT_EQ(error("/api/v1/scan?day=-1"), 400);
  EXPECT_EQ(error("/api/v1/scan?day=1&format=xml"), 400);
  EXPECT_EQ(error("/api/v1/scan?day=1&format=csv&detail=full"), 400);
  EXPECT_EQ(error("/api/v1/scan?day=1&input=xlsx"), 400);
  EXPECT_EQ(error("/api/v1/scan?day=1&protocol=peel"), 400);
  EXPECT_EQ(error("/api/v1/scan?day=1", "application/json"), 415);
}

TEST(Service, AScanWritesTheRecordsOfAScanAndRefusesACatalogWithNoProduct) {
  const std::string csv = ClinicStock();
  ScanPlan plan;
  ASSERT_FALSE(TheService().PlanScan(MakeRequest("POST", "/api/v1/scan?day=2", "", "text/csv"), &plan));
  EXPECT_FALSE(TheService().CheckCatalogStart(plan, std::make_unique<catalog::StringSource>(csv)));
  StringSink sink;
  auto counts = TheService().Scan(plan, std::make_unique<catalog::StringSource>(csv), 2, &sink);
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(counts->rows, std::count(csv.begin(), csv.end(), '\n') - 1);  // one record per product row
  // The records catalog::Scan writes for the same catalog on the same day.
  std::vector<catalog::ScanInput> inputs;
  inputs.push_back({"catalog", std::make_unique<catalog::StringSource>(csv), catalog::InputFormat::kCsv});
  catalog::ScanOptions options;
  options.day = 2;
  options.protocol = &Protocol().protocol;
  const report::ScanRecordWriter writer(report::ScanFormat::kJsonl, RealAnalyzer().db(), false);
  options.formatter = &writer;
  StringSink direct;
  ASSERT_TRUE(catalog::Scan(RealAnalyzer(), RealChecker(), &inputs, options, &direct).ok());
  EXPECT_EQ(sink.out, direct.out);
  for (const std::string& bad : {std::string(), std::string("\n\n"), std::string("name,brand\nSerum,Acme\n")}) {
    auto e = TheService().CheckCatalogStart(plan, std::make_unique<catalog::StringSource>(bad));
    ASSERT_TRUE(e) << bad;
    EXPECT_EQ(e->status, 422);
    EXPECT_EQ(ErrorCode(*e), "no_products");
  }
}

}  // namespace
}  // namespace aftercare::serve
