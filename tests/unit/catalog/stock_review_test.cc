#include "aftercare/catalog/stock_review.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../test_analyzer.h"

namespace aftercare::catalog {
namespace {

using ::aftercare::testing::RealAnalyzer;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using rules::Verdict;

const rules::Checker& RealChecker() {
  static const rules::Checker* checker = [] {
    auto c = rules::Checker::Create(&RealAnalyzer());
    EXPECT_TRUE(c.ok());
    return c.ok() ? c->release() : nullptr;
  }();
  return *checker;
}

rules::ProtocolFile Builtin() { return {*RealAnalyzer().db().FindProtocol("microneedling"), {}}; }

StockItem Item(std::string name, std::string ingredients, std::string type = "") {
  StockItem i;
  i.name = std::move(name);
  i.ingredients = std::move(ingredients);
  i.type = std::move(type);
  return i;
}

StockReview Review(const std::vector<StockItem>& items, int last_day = 14,
                   const rules::ProtocolFile& protocol = Builtin()) {
  auto r = ReviewStock(items, RealAnalyzer(), RealChecker(), protocol, last_day);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : StockReview{};
}

// Kiehl's Ultra Pure Hyaluronic Acid 1.5% Serum (sephora_product_info_8494 row 4161).
constexpr const char* kHaSerum =
    "Aqua/Water, Glycerin, Sodium Hyaluronate, Phenoxyethanol, Chlorphenesin, Tetrasodium Glutamate Diacetate, "
    "Citric Acid.";
// Supergoop! PLAY Everyday Sunscreen Lotion SPF 50 (sephora_product_info_8494 row 7260), its actives.
constexpr const char* kChemicalActives = "Avobenzone 3%, Homosalate 10%, Octisalate 5%, Octocrylene 7.5%, Water";

TEST(ReadStockCsv, ReadsColumnsByHeaderInAnyOrder) {
  auto items = ReadStockCsv(
      "SKU, Ingredients ,Name,Notes,quantity\r\nSE-1,\"Water, Glycerin\", HA Serum ,x,3\r\nSE-2,,Brush,,1\r\n",
      "stock.csv");
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  ASSERT_EQ(items->size(), 2u);
  EXPECT_EQ((*items)[0].name, "HA Serum");
  EXPECT_EQ((*items)[0].ingredients, "Water, Glycerin");
  EXPECT_EQ((*items)[0].sku, "SE-1");
  EXPECT_EQ((*items)[0].quantity, "3");
  EXPECT_EQ((*items)[0].brand, "");
  EXPECT_EQ((*items)[0].line, 2);
  EXPECT_EQ((*items)[1].ingredients, "");
}

TEST(ReadStockCsv, ErrorsSayWhere) {
  auto no_col = ReadStockCsv("name,inci\nA,Water\n", "stock.csv");
  ASSERT_FALSE(no_col.ok());
  EXPECT_EQ(no_col.status().code(), StatusCode::kDataError);
  EXPECT_THAT(no_col.status().message(), HasSubstr("stock.csv:1: the header needs the columns name and ingredients"));
  auto no_name = ReadStockCsv("name,ingredients\nA,Water\n,Glycerin\n", "stock.csv");
  ASSERT_FALSE(no_name.ok());
  EXPECT_THAT(no_name.status().message(), HasSubstr("stock.csv:3: a product without a name"));
  auto header_only = ReadStockCsv("name,ingredients\n", "stock.csv");
  ASSERT_FALSE(header_only.ok());
  EXPECT_EQ(header_only.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(header_only.status().message(), HasSubstr("stock.csv: no products (only a header)"));
  auto empty = ReadStockCsv("", "stock.csv");
  ASSERT_FALSE(empty.ok());
  EXPECT_THAT(empty.status().message(), HasSubstr("stock.csv: no products (the file is empty)"));
  auto open_quote = ReadStockCsv("name,ingredients\nA,\"Water, Glycerin\n", "stock.csv");
  ASSERT_FALSE(open_quote.ok());
  EXPECT_THAT(open_quote.status().message(), HasSubstr("stock.csv:2: unterminated quoted field"));
}

TEST(StockReview, RoutineStepsFollowTheProductType) {
  EXPECT_EQ(StepOf(rules::ProductType::kScrub), RoutineStep::kCleanser);
  EXPECT_EQ(StepOf(rules::ProductType::kToner), RoutineStep::kSerum);
  EXPECT_EQ(StepOf(rules::ProductType::kExfoliant), RoutineStep::kSerum);
  EXPECT_EQ(StepOf(rules::ProductType::kMoisturizer), RoutineStep::kMoisturizer);
  EXPECT_EQ(StepOf(rules::ProductType::kSunscreen), RoutineStep::kSunscreen);
  EXPECT_EQ(StepOf(rules::ProductType::kMakeup), RoutineStep::kMakeup);
  EXPECT_EQ(StepOf(rules::ProductType::kDevice), RoutineStep::kOther);
  EXPECT_EQ(StepOf(rules::ProductType::kUnknown), RoutineStep::kOther);
  EXPECT_TRUE(IsEssentialStep(RoutineStep::kSunscreen));
  EXPECT_FALSE(IsEssentialStep(RoutineStep::kMakeup));
}

TEST(StockReview, GridHasAVerdictPerProductAndDay) {
  StockReview r = Review({Item("Sport Sunscreen SPF 50 Broad Spectrum", kChemicalActives),
                          Item("Ultra Pure Hyaluronic Acid 1.5% Serum", kHaSerum)},
                         14);
  ASSERT_EQ(r.entries.size(), 2u);
  // Serum before sunscreen: grouped by routine step.
  EXPECT_THAT(r.grid_order, ElementsAre(1, 0));
  const StockEntry& spf = r.entries[0];
  ASSERT_EQ(spf.days.size(), 15u);
  EXPECT_EQ(spf.step, RoutineStep::kSunscreen);
  EXPECT_EQ(spf.days[0], Verdict::kAvoid);
  EXPECT_EQ(spf.days[2], Verdict::kAvoid);
  EXPECT_EQ(spf.days[3], Verdict::kCaution);
  EXPECT_EQ(spf.days[14], Verdict::kSafe);
  EXPECT_FALSE(spf.mineral_sunscreen);
  const StockEntry& serum = r.entries[1];
  EXPECT_EQ(serum.days, std::vector<Verdict>(15, Verdict::kSafe));
  EXPECT_TRUE(serum.limits.empty());
}

TEST(StockReview, GapsNameTheStepAndTheDays) {
  StockReview r = Review({Item("Sport Sunscreen SPF 50 Broad Spectrum", kChemicalActives),
                          Item("Ultra Pure Hyaluronic Acid 1.5% Serum", kHaSerum)},
                         14);
  std::vector<std::string> messages;
  for (const auto& g : r.gaps) messages.push_back(g.message);
  EXPECT_THAT(messages, ElementsAre("no cleanser in stock", "no moisturizer in stock",
                                    "no safe sunscreen in stock for days 0-13 (no mineral sunscreen in stock)"));
  // Days 3-13 the chemical sunscreen is a caution, but not on days 0-2: no caution-only entry
  // spans the whole gap.
  EXPECT_TRUE(r.gaps[2].caution.empty());
  EXPECT_EQ(r.gaps[2].from_day, 0);
  EXPECT_EQ(r.gaps[2].until_day, 13);
}

TEST(StockReview, PlanListsSafeThenCautionPerStep) {
  StockReview r = Review({Item("Sport Sunscreen SPF 50 Broad Spectrum", kChemicalActives),
                          Item("Ultra Pure Hyaluronic Acid 1.5% Serum", kHaSerum)},
                         14);
  ASSERT_EQ(r.plan.size(), 15u);
  const DayPlan& day5 = r.plan[5];
  ASSERT_EQ(day5.steps.size(), 2u);
  EXPECT_EQ(day5.steps[0].step, RoutineStep::kSerum);
  EXPECT_THAT(day5.steps[0].use, ElementsAre(1));
  EXPECT_EQ(day5.steps[1].step, RoutineStep::kSunscreen);
  EXPECT_TRUE(day5.steps[1].use.empty());
  EXPECT_THAT(day5.steps[1].caution, ElementsAre(0));
}

TEST(StockReview, AProductThatCannotBeAssessedIsNotCheckedNeverSafe) {
  StockReview r = Review({Item("Mystery Cream", ""), Item("LUNA 4 Facial Cleansing Device", "", "device")}, 3);
  const StockEntry& cream = r.entries[0];
  EXPECT_FALSE(cream.evaluated());
  EXPECT_THAT(cream.error, HasSubstr("no ingredient list"));
  EXPECT_EQ(cream.days, std::vector<Verdict>(4, Verdict::kCaution));
  EXPECT_THAT(cream.limits, ElementsAre(HasSubstr("no ingredient list")));
  for (const auto& day : r.plan) {
    for (const auto& s : day.steps) EXPECT_TRUE(s.use.empty() && s.caution.empty());
  }
  // A device needs no ingredients: judged by its type.
  const StockEntry& device = r.entries[1];
  EXPECT_TRUE(device.evaluated());
  EXPECT_EQ(device.step, RoutineStep::kOther);
  EXPECT_EQ(device.days[0], Verdict::kAvoid);
}

TEST(StockReview, UnrecognizedNamesAreLimits) {
  StockReview r = Review({Item("Face Serum", "Aqua, Glycerin, Zorblax Extract")}, 14);
  EXPECT_THAT(r.entries[0].limits, ElementsAre("'Zorblax Extract' is not in the ingredient database: it was not checked"));
  EXPECT_EQ(r.entries[0].days[13], Verdict::kCaution);
  EXPECT_EQ(r.entries[0].days[14], Verdict::kSafe);
}

TEST(StockReview, ProtocolFilePolicyApplies) {
  auto p = rules::ParseProtocolFile(R"({"aftercare_protocol": 1, "base": "microneedling",
      "allow_products": [{"sku": "SE-1", "from_day": 1}],
      "avoid_ingredients": [{"name": "Phenoxyethanol", "why": "patient allergy"}]})",
                                    "clinic.json", RealAnalyzer());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  StockItem serum = Item("Ultra Pure Hyaluronic Acid 1.5% Serum", kHaSerum);
  StockItem kit = Item("Sport Sunscreen SPF 50 Broad Spectrum", kChemicalActives);
  kit.sku = "se-1";
  StockReview r = Review({serum, kit}, 14, *p);
  EXPECT_EQ(r.entries[0].days, std::vector<Verdict>(15, Verdict::kAvoid));
  EXPECT_EQ(r.entries[0].assessment->safe_from_day, rules::kNeverSafe);
  EXPECT_EQ(r.entries[1].days[0], Verdict::kAvoid);
  EXPECT_EQ(r.entries[1].days[1], Verdict::kSafe);
  EXPECT_EQ(r.policy.file, "clinic.json");
}

TEST(StockReview, LastDayIsBounded) {
  auto r = ReviewStock({Item("Serum", kHaSerum)}, RealAnalyzer(), RealChecker(), Builtin(), 61);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status().message(), HasSubstr("--days 61 is outside 0-60"));
  EXPECT_FALSE(ReviewStock({Item("Serum", kHaSerum)}, RealAnalyzer(), RealChecker(), Builtin(), -1).ok());
}

}  // namespace
}  // namespace aftercare::catalog
