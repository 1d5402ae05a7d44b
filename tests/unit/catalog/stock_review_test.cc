#include "aftercare/catalog/stock_review.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../test_analyzer.h"

namespace aftercare::catalog {
namespace {

using ::aftercare::testing::RealAnalyzer;
using ::aftercare::testing::RealChecker;
using rules::Verdict;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

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

// Every item of a stock file in memory (gzip undone as the CLI does).
Result<std::vector<StockItem>> Read(std::string_view data, InputFormat format, const std::string& name = "stock.csv",
                                    ColumnChoice columns = {}) {
  std::unique_ptr<ByteSource> in = MaybeGunzip(std::make_unique<StringSource>(data), name);
  return ReadStock(in.get(), name, format, std::move(columns));
}

std::string Fixture(const std::string& name) {
  std::ifstream f(std::string(AFTERCARE_SOURCE_DIR) + "/tests/unit/catalog/testdata/" + name, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

TEST(ReadStock, ReadsColumnsByHeaderInAnyOrder) {
  auto items = Read(
      "SKU, Ingredients ,Name,Notes,quantity,Brand\r\nSE-1,\"Water, Glycerin\", HA Serum "
      ",x,3,Acme\r\nSE-2,,Brush,,1,\r\n",
      InputFormat::kCsv);
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  ASSERT_EQ(items->size(), 2u);
  EXPECT_EQ((*items)[0].name, "HA Serum");
  EXPECT_EQ((*items)[0].ingredients, "Water, Glycerin");
  EXPECT_EQ((*items)[0].sku, "SE-1");
  EXPECT_EQ((*items)[0].quantity, "3");
  EXPECT_EQ((*items)[0].brand, "Acme");
  EXPECT_EQ((*items)[0].line, 2);
  EXPECT_EQ((*items)[0].error, "");
  EXPECT_EQ((*items)[1].ingredients, "");
}

TEST(ReadStock, ASkuColumnBesideAnIdColumnIsTheSku) {
  auto items = Read("id,sku,name,ingredients\n17,SE-1,Serum,Water\n18,,Toner,Water\n", InputFormat::kCsv);
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  EXPECT_EQ((*items)[0].sku, "SE-1");
  EXPECT_EQ((*items)[1].sku, "18");  // no sku: the id stands in
}

// The same three products (tests/unit/catalog/testdata/clinic_stock.*) read as
// TSV, JSON Lines, and gzip-compressed TSV.
TEST(ReadStock, ReadsTsvJsonLinesAndGzip) {
  auto tsv = Read(Fixture("clinic_stock.tsv"), InputFormat::kTsv, "clinic_stock.tsv");
  auto jsonl = Read(Fixture("clinic_stock.jsonl"), InputFormat::kJsonl, "clinic_stock.jsonl");
  auto gz = Read(Fixture("clinic_stock.tsv.gz"), InputFormat::kTsv, "clinic_stock.tsv.gz");
  ASSERT_TRUE(tsv.ok()) << tsv.status().ToString();
  ASSERT_TRUE(jsonl.ok()) << jsonl.status().ToString();
  ASSERT_TRUE(gz.ok()) << gz.status().ToString();
  ASSERT_EQ(tsv->size(), 3u);
  EXPECT_EQ((*tsv)[0].name, "Hydrating Facial Cleanser");
  EXPECT_EQ((*tsv)[0].brand, "CeraVe");
  EXPECT_EQ((*tsv)[0].sku, "CL-101");
  EXPECT_EQ((*tsv)[0].quantity, "6");
  EXPECT_EQ((*tsv)[2].quantity, "0");
  EXPECT_EQ((*tsv)[2].type, "sunscreen");
  for (size_t i = 0; i < tsv->size(); ++i) {
    EXPECT_EQ((*tsv)[i].error, "");
    StockItem j = (*jsonl)[i], g = (*gz)[i];
    EXPECT_EQ(j.line, (*tsv)[i].line - 1);  // the JSON file has no header line
    j.line = g.line = (*tsv)[i].line;
    EXPECT_EQ(j, (*tsv)[i]);
    EXPECT_EQ(g, (*tsv)[i]);
  }
}

TEST(ReadStock, AHeaderWithoutAnIngredientOrNameColumnIsAnErrorOfTheFile) {
  auto no_ingredients = Read("name,brand,ingedients\nA,B,Water\n", InputFormat::kCsv);
  ASSERT_FALSE(no_ingredients.ok());
  EXPECT_EQ(no_ingredients.status().code(), StatusCode::kDataError);
  EXPECT_THAT(no_ingredients.status().message(),
              HasSubstr("stock.csv:1: no ingredient column (columns: 'name', 'brand', 'ingedients') "
                        "(did you mean 'ingedients'?)"));
  auto no_name = Read("product,ingredients\nA,Water\n", InputFormat::kCsv);
  ASSERT_FALSE(no_name.ok());
  EXPECT_EQ(no_name.status().code(), StatusCode::kDataError);
  EXPECT_THAT(no_name.status().message(), HasSubstr("stock.csv:1: no name column (columns: 'product', 'ingredients')"));
}

TEST(ReadStock, BadRowsAreKeptInOrderWithWhereAndWhat) {
  auto items =
      Read("name,ingredients\nA,Water\nB,Water,extra\n,Glycerin\nC,\"Water\xff\"\nD,Water\n", InputFormat::kCsv);
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  ASSERT_EQ(items->size(), 5u);
  EXPECT_EQ((*items)[0].error, "");
  EXPECT_EQ((*items)[1].error, "stock.csv:3: 3 fields, the header has 2 (broken quoting?)");
  EXPECT_EQ((*items)[2].error, "stock.csv:4: no product name in column 'name'");
  EXPECT_THAT((*items)[3].error, HasSubstr("stock.csv:5: invalid UTF-8 in column 'ingredients'"));
  EXPECT_EQ((*items)[4].name, "D");
  EXPECT_EQ((*items)[4].error, "");
  auto jsonl = Read(
      "{\"name\": \"A\", \"ingredients\": \"Water\"}\n{\"name\": \"B\", \n"
      "{\"title\": \"C\", \"inci\": [\"Water\", \"Glycerin\"]}\n{\"ingredients\": \"Water\"}\n",
      InputFormat::kJsonl, "stock.jsonl");
  ASSERT_TRUE(jsonl.ok()) << jsonl.status().ToString();
  ASSERT_EQ(jsonl->size(), 4u);
  EXPECT_THAT((*jsonl)[1].error, HasSubstr("stock.jsonl:2: not valid JSON"));
  EXPECT_EQ((*jsonl)[2].name, "C");
  EXPECT_EQ((*jsonl)[2].ingredients, "Water, Glycerin");
  EXPECT_THAT((*jsonl)[3].error, HasSubstr("stock.jsonl:4: no product name (fields: 'ingredients')"));
}

TEST(ReadStock, AnEmptyStockIsAnError) {
  auto header_only = Read("name,ingredients\n", InputFormat::kCsv);
  ASSERT_FALSE(header_only.ok());
  EXPECT_EQ(header_only.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(header_only.status().message(), HasSubstr("stock.csv: no products"));
  EXPECT_FALSE(Read("", InputFormat::kCsv).ok());
  EXPECT_FALSE(Read("\n\n", InputFormat::kJsonl, "stock.jsonl").ok());
}

TEST(ReadStock, AnUnterminatedQuoteSpoilsOnlyItsRow) {
  auto items = Read("name,ingredients\nA,\"Water, Glycerin\n", InputFormat::kCsv);
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  ASSERT_EQ(items->size(), 1u);
  EXPECT_THAT((*items)[0].error, HasSubstr("stock.csv:2: unterminated quoted field"));
}

TEST(StockUnits, ReadsWholeUnitsOnly) {
  EXPECT_EQ(StockUnits(""), std::nullopt);
  EXPECT_EQ(StockUnits(" 0 "), 0);
  EXPECT_EQ(StockUnits("12"), 12);
  EXPECT_EQ(StockUnits("12.0"), 12);
  EXPECT_EQ(StockUnits("12.5"), -1);
  EXPECT_EQ(StockUnits("-2"), -1);
  EXPECT_EQ(StockUnits("50 ml"), -1);
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

TEST(StockReview, AKitHasARowOfDaysPerSubProduct) {
  // The kit of tests/unit/catalog/testdata/kit_stock.csv (The Ordinary, The Bright Set).
  auto items = Read(Fixture("kit_stock.csv"), InputFormat::kCsv, "kit_stock.csv");
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  auto kit = std::find_if(items->begin(), items->end(), [](const StockItem& i) { return i.name == "The Bright Set"; });
  ASSERT_NE(kit, items->end());
  StockReview r = Review({*kit}, 14);
  ASSERT_EQ(r.entries.size(), 1u);
  const StockEntry& e = r.entries[0];
  ASSERT_TRUE(e.evaluated());
  ASSERT_EQ(e.assessment->components.size(), 4u);
  ASSERT_EQ(e.component_days.size(), 4u);
  // Day 3: the squalane cleanser is safe, the glycolic acid toner is not; the kit takes the worst.
  EXPECT_EQ(e.assessment->components[0].name, "Squalane Cleanser");
  EXPECT_EQ(e.component_days[0][3], Verdict::kSafe);
  EXPECT_EQ(e.assessment->components[3].name, "Glycolic Acid 7% Toning Solution");
  EXPECT_EQ(e.component_days[3][3], Verdict::kAvoid);
  for (size_t d = 0; d < e.days.size(); ++d) {
    Verdict worst = Verdict::kSafe;
    for (const auto& days : e.component_days) {
      ASSERT_EQ(days.size(), e.days.size());
      worst = std::max(worst, days[d]);
    }
    EXPECT_EQ(e.days[d], worst) << "day " << d;
  }
  // Its parts are typed by their own names: no "type unknown" for the kit.
  for (const auto& l : e.limits) EXPECT_THAT(l, ::testing::Not(HasSubstr("type unknown"))) << l;
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
  EXPECT_THAT(r.entries[0].limits,
              ElementsAre("'Zorblax Extract' is not in the ingredient database: it was not checked"));
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

TEST(StockReview, ABadRowIsNotCheckedAndNeverPlanned) {
  StockItem bad = Item("Ultra Pure Hyaluronic Acid 1.5% Serum", kHaSerum);
  bad.line = 7;
  bad.error = "stock.csv:7: 3 fields, the header has 2 (broken quoting?)";
  StockReview r = Review({bad}, 2);
  const StockEntry& e = r.entries[0];
  EXPECT_FALSE(e.evaluated());
  EXPECT_EQ(e.error, bad.error);
  EXPECT_THAT(e.limits, ElementsAre(bad.error));
  EXPECT_EQ(e.step, RoutineStep::kSerum);  // from the name
  EXPECT_EQ(e.days, std::vector<Verdict>(3, Verdict::kCaution));
  for (const auto& day : r.plan) {
    for (const auto& s : day.steps) EXPECT_TRUE(s.use.empty() && s.caution.empty());
  }
}

TEST(StockReview, AnOutOfStockProductIsShownButNotPlanned) {
  StockItem gone = Item("Ultra Pure Hyaluronic Acid 1.5% Serum", kHaSerum);
  gone.quantity = "0";
  StockItem kept = Item("Ultra Pure Hyaluronic Acid 1.5% Serum Refill", kHaSerum);
  kept.quantity = "4";
  StockItem odd = Item("Hydrating Serum", kHaSerum);
  odd.quantity = "50 ml";
  StockReview r = Review({gone, kept, odd}, 3);
  EXPECT_TRUE(r.entries[0].out_of_stock);
  EXPECT_FALSE(r.entries[1].out_of_stock);
  EXPECT_FALSE(r.entries[2].out_of_stock);
  EXPECT_EQ(r.entries[0].days, std::vector<Verdict>(4, Verdict::kSafe));  // still judged
  EXPECT_THAT(r.entries[2].limits, ElementsAre("quantity '50 ml' is not a whole number of units: counted as in stock"));
  const PlanStep& serum = r.plan[0].steps[0];
  EXPECT_EQ(serum.step, RoutineStep::kSerum);
  EXPECT_THAT(serum.use, ElementsAre(1, 2));
  EXPECT_THAT(serum.out_of_stock, ElementsAre(0));
}

TEST(StockReview, AGapNamesTheSafeProductThatIsOutOfStock) {
  // CeraVe Hydrating Facial Cleanser (examples/clinic-stock.csv), out of stock.
  StockItem cleanser = Item("Hydrating Facial Cleanser",
                            "Purified Water, Glycerin, Ceramide 3, Ceramide 1, Hyaluronic Acid, Cholesterol, "
                            "Phenoxyethanol");
  cleanser.quantity = "0";
  StockReview r = Review({cleanser}, 2);
  ASSERT_EQ(r.entries[0].step, RoutineStep::kCleanser);
  // Ceramides are not counted in a rinse-off cleanser (row 31 is leave-on only): safe from day 0.
  ASSERT_THAT(r.entries[0].days, ElementsAre(Verdict::kSafe, Verdict::kSafe, Verdict::kSafe));
  ASSERT_FALSE(r.gaps.empty());
  EXPECT_EQ(r.gaps[0].step, RoutineStep::kCleanser);
  EXPECT_EQ(r.gaps[0].message, "no safe cleanser in stock for days 0-2 (out of stock: Hydrating Facial Cleanser)");
  EXPECT_THAT(r.gaps[0].out_of_stock, ElementsAre(0));
}

TEST(StockReview, StrictDayZeroAvoidsAllButTheAllowedProducts) {
  auto p = rules::ParseProtocolFile(R"({"aftercare_protocol": 1, "base": "microneedling", "strict_day_0": true,
      "allow_products": [{"sku": "KIT-1", "from_day": 0}]})",
                                    "clinic.json", RealAnalyzer());
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  StockItem serum = Item("Ultra Pure Hyaluronic Acid 1.5% Serum", kHaSerum);
  StockItem kit = Item("Kit Serum", kHaSerum);
  kit.sku = "KIT-1";
  StockItem cleanser = Item("Gentle Cleanser", "Aqua, Glycerin, Sodium Hyaluronate");
  StockReview r = Review({serum, kit, cleanser}, 2, *p);
  EXPECT_THAT(r.entries[0].days, ElementsAre(Verdict::kAvoid, Verdict::kSafe, Verdict::kSafe));
  EXPECT_THAT(r.entries[1].days, ElementsAre(Verdict::kSafe, Verdict::kSafe, Verdict::kSafe));
  ASSERT_EQ(r.plan[0].steps[1].step, RoutineStep::kSerum);
  EXPECT_THAT(r.plan[0].steps[1].use, ElementsAre(1));
  EXPECT_THAT(r.plan[1].steps[1].use, ElementsAre(0, 1));
  ASSERT_FALSE(r.gaps.empty());
  EXPECT_EQ(r.gaps[0].message,
            "no safe cleanser in stock for day 0 (strict day 0: practitioner-supplied products only)");
}

}  // namespace
}  // namespace aftercare::catalog
