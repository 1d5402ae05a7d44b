// The API's endpoints as functions of a request: the same JSON as the CLI,
// and a JSON error with the right status for every kind of bad request.
#include "aftercare/serve/service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../test_analyzer.h"
#include "aftercare/report/check_report.h"
#include "aftercare/report/parse_report.h"

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

Response Call(std::string method, std::string path, std::string body = "", std::string type = "application/json") {
  static const Service service(&RealAnalyzer(), &RealChecker(), &Protocol());
  Request r{std::move(method), std::move(path), std::move(type), std::move(body), {}, "2026-12-07"};
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
  return service.Handle(r);
}

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
  Response r = Call("POST", "/api/v1/check",
                    Body({{"label", kCeraVePm}, {"treated", "2026-12-01"}, {"today", "2026-12-04"}}));
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
  EXPECT_EQ(Call("POST", "/api/v1/check", Body({{"day", 1}})).status, 400);                     // no label
  EXPECT_EQ(Call("POST", "/api/v1/check", Body({{"label", kCeraVePm}})).status, 400);           // no day
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

}  // namespace
}  // namespace aftercare::serve
