#include "aftercare/rules/explain.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "../test_analyzer.h"

namespace aftercare::rules {
namespace {

using ::aftercare::testing::RealAnalyzer;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::testing::Not;

std::vector<std::string> CategoryIds(const Explanation& ex) {
  std::vector<std::string> out;
  for (const auto& c : ex.categories) out.push_back(c.id);
  return out;
}

// The window of `protocol` for `category`, or nullptr.
const Window* WindowOf(const Explanation& ex, std::string_view protocol, std::string_view category) {
  for (const auto& w : ex.windows) {
    if (w.protocol == protocol && w.category == category) return &w;
  }
  return nullptr;
}

Explanation MustExplain(std::string_view name) {
  auto ex = Explain(RealAnalyzer(), name);
  EXPECT_TRUE(ex.ok()) << name << ": " << ex.status().ToString();
  return ex.ok() ? *ex : Explanation{};
}

TEST(Explain, AvobenzoneIsAChemicalFilterByItsUsDrugName) {
  Explanation ex = MustExplain("avobenzone");
  EXPECT_EQ(ex.inci, "BUTYL METHOXYDIBENZOYLMETHANE");
  EXPECT_EQ(ex.match, match::MatchKind::kSynonym);
  EXPECT_EQ(ex.synonym_kind, "us_drug");
  EXPECT_THAT(CategoryIds(ex), IsSupersetOf({"uv_filter", "uv_filter_chemical"}));
  EXPECT_THAT(CategoryIds(ex), Not(Contains("uv_filter_mineral")));
  const Window* mn = WindowOf(ex, "microneedling", "uv_filter_chemical");
  ASSERT_NE(mn, nullptr);
  EXPECT_EQ(mn->avoid_until_day, 2);
  EXPECT_EQ(mn->caution_until_day, 13);
  // Every protocol has its own window, tied to its own event where it has one.
  const Window* ablative = WindowOf(ex, "laser-ablative", "uv_filter_chemical");
  ASSERT_NE(ablative, nullptr);
  EXPECT_EQ(ablative->avoid_until_day, 9);
  EXPECT_EQ(ablative->caution_until_day, 59);
  EXPECT_THAT(ablative->until_event, HasSubstr("re-epithelialised"));
  EXPECT_THAT(ablative->rationale, HasSubstr("or later if " + ablative->until_event));
  const Window* dermaplaning = WindowOf(ex, "dermaplaning", "uv_filter_chemical");
  ASSERT_NE(dermaplaning, nullptr);
  EXPECT_FALSE(dermaplaning->avoid_until_day.has_value());
  EXPECT_FALSE(dermaplaning->caution_until_day.has_value());
}

TEST(Explain, Parsol1789IsTheSameIngredientByTradeName) {
  Explanation ex = MustExplain("Parsol 1789");
  EXPECT_EQ(ex.inci, "BUTYL METHOXYDIBENZOYLMETHANE");
  EXPECT_EQ(ex.synonym_kind, "trade");
}

TEST(Explain, AquaAndEauAreWater) {
  EXPECT_EQ(MustExplain("AQUA").inci, "WATER");
  EXPECT_EQ(MustExplain("AQUA").equivalent_written, "Aqua");
  EXPECT_EQ(MustExplain("eau").inci, "WATER");
  EXPECT_TRUE(MustExplain("eau").categories.empty());
}

TEST(Explain, LavenderOilWithCommonNameInBracketsIsAnEssentialOilAndAllergen) {
  Explanation ex = MustExplain("Lavandula Angustifolia (Lavender) Oil");
  EXPECT_EQ(ex.inci, "LAVANDULA ANGUSTIFOLIA OIL");
  EXPECT_THAT(CategoryIds(ex), IsSupersetOf({"essential_oil", "fragrance", "fragrance_allergen"}));
}

TEST(Explain, SodiumHyaluronateIsHyaluronicAcidRecommendedFromDayZero) {
  Explanation ex = MustExplain("sodium hyaluronate");
  EXPECT_EQ(ex.inci, "SODIUM HYALURONATE");
  EXPECT_THAT(CategoryIds(ex), IsSupersetOf({"helpful", "hyaluronic_acid"}));
  // One window per protocol, none of them an avoid: hyaluronic acid is what the guidance recommends.
  EXPECT_EQ(ex.windows.size(), RealAnalyzer().db().protocols().size());
  for (const auto& w : ex.windows) EXPECT_FALSE(w.avoid_until_day.has_value()) << w.protocol;
  const Window* mn = WindowOf(ex, "microneedling", "hyaluronic_acid");
  ASSERT_NE(mn, nullptr);
  EXPECT_TRUE(mn->recommended);
  EXPECT_EQ(mn->ok_from_day, 0);
}

TEST(Explain, CetearylAlcoholIsNotADryingAlcohol) {
  Explanation ex = MustExplain("Cetearyl Alcohol");
  EXPECT_THAT(CategoryIds(ex), Not(Contains("drying_alcohol")));
  ASSERT_FALSE(ex.not_in.empty());
  EXPECT_EQ(ex.not_in[0].id, "drying_alcohol");
}

TEST(Explain, AlcoholDenatIsADryingAlcohol) {
  EXPECT_THAT(CategoryIds(MustExplain("Alcohol Denat.")), Contains("drying_alcohol"));
  EXPECT_THAT(CategoryIds(MustExplain("SD Alcohol 40-B")), Contains("drying_alcohol"));
}

TEST(Explain, JojobaSeedOilIsNotAnEssentialOil) {
  Explanation ex = MustExplain("Jojoba Seed Oil");
  EXPECT_EQ(ex.inci, "SIMMONDSIA CHINENSIS SEED OIL");
  EXPECT_THAT(CategoryIds(ex), Not(Contains("essential_oil")));
  EXPECT_THAT(CategoryIds(ex), Not(Contains("fragrance")));
}

TEST(Explain, AccentsAndCaseDoNotMatter) {
  EXPECT_EQ(MustExplain("GLYCÉRINE").inci, "GLYCERIN");
  EXPECT_EQ(MustExplain("  glycerin  ").inci, "GLYCERIN");
  EXPECT_EQ(MustExplain("Cire d'Abeille").inci, "CERA ALBA");
  EXPECT_EQ(MustExplain("Cire d’Abeille").inci, "CERA ALBA");
}

TEST(Explain, FragranceIsParfum) {
  Explanation ex = MustExplain("Fragrance");
  EXPECT_EQ(ex.inci, "PARFUM");
  EXPECT_THAT(CategoryIds(ex), IsSupersetOf({"fragrance", "fragrance_declared"}));
}

TEST(Explain, TretinoinIsAPrescriptionRetinoid) {
  Explanation ex = MustExplain("Tretinoin");
  EXPECT_EQ(ex.inci, "RETINOIC ACID");
  EXPECT_THAT(CategoryIds(ex), IsSupersetOf({"retinoid", "retinoid_rx"}));
}

TEST(Explain, ZincOxideIsMineralButTinosorbMIsNot) {
  EXPECT_THAT(CategoryIds(MustExplain("Zinc Oxide")), Contains("uv_filter_mineral"));
  Explanation tinosorb = MustExplain("Tinosorb M");
  EXPECT_THAT(CategoryIds(tinosorb), Contains("uv_filter_chemical"));
  EXPECT_THAT(CategoryIds(tinosorb), Not(Contains("uv_filter_mineral")));
}

TEST(Explain, EveryRequiredCategoryHasAMember) {
  const auto& db = RealAnalyzer().db();
  for (const char* id :
       {"uv_filter_chemical", "uv_filter_mineral", "exfoliant", "retinoid", "fragrance", "fragrance_allergen",
        "drying_alcohol", "vitamin_c", "benzoyl_peroxide", "hyaluronic_acid", "ceramide"}) {
    auto cat = db.FindCategory(id);
    ASSERT_TRUE(cat.has_value()) << id;
    bool has_member = std::any_of(db.ingredients().begin(), db.ingredients().end(), [&](const db::Ingredient& ing) {
      auto cats = db.CategoriesOf(static_cast<db::IngredientId>(&ing - db.ingredients().data()));
      return std::find(cats.begin(), cats.end(), *cat) != cats.end();
    });
    EXPECT_TRUE(has_member) << id;
  }
}

TEST(Explain, FragranceAllergenIsNotAChildOfFragrance) {
  const auto& db = RealAnalyzer().db();
  EXPECT_EQ(db.category(*db.FindCategory("fragrance_allergen")).parent, -1);
}

// Issue 15: explain says which member of an avoid-list family matched, and why.
TEST(Explain, SaysWhichAvoidListFamilyCatchesAnIngredient) {
  auto file = ParseProtocolFile(R"({"aftercare_protocol": 1, "base": "microneedling",
                                    "avoid_ingredients": [{"name": "Lanolin", "why": "patient allergy"}]})",
                                "lanolin.json", RealAnalyzer());
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  auto ex = ExplainOnDay(RealAnalyzer(), "Wool Alcohols", file->protocol, 30, &file->policy);
  ASSERT_TRUE(ex.ok()) << ex.status().ToString();
  ASSERT_EQ(ex->avoided.size(), 1u);
  EXPECT_THAT(ex->avoided[0],
              HasSubstr("in the 'Lanolin' family of the avoid list: 'Lanolin Alcohol' holds 'Lanolin'"));
  ASSERT_TRUE(ex->on_day.has_value());
  EXPECT_EQ(ex->on_day->status, "avoid");
  EXPECT_THAT(ex->on_day->by, ElementsAre("avoided"));
  auto glycerin = ExplainOnDay(RealAnalyzer(), "Glycerin", file->protocol, 30, &file->policy);
  ASSERT_TRUE(glycerin.ok());
  EXPECT_TRUE(glycerin->avoided.empty());
  EXPECT_EQ(glycerin->on_day->status, "safe");
}

TEST(Explain, AbrasiveDataRowsKeepTheirSourceAndSayWhenTheyCount) {
  auto walnut = ExplainOnDay(RealAnalyzer(), "Juglans Regia (Walnut) Shell Powder", "microneedling", 0);
  ASSERT_TRUE(walnut.ok());
  EXPECT_EQ(walnut->on_day->status, "avoid");
  EXPECT_THAT(walnut->on_day->context, Contains(HasSubstr("counts in every product")));
  auto silica = ExplainOnDay(RealAnalyzer(), "Silica", "microneedling", 0);
  ASSERT_TRUE(silica.ok());
  EXPECT_THAT(silica->on_day->context, Contains(HasSubstr("among the first five")));
  for (const auto& c : silica->categories) {
    if (c.id == "physical_abrasive") {
      EXPECT_EQ(c.source, "research_3b");
    }
  }
}

TEST(Explain, MicroneedlingProtocolHasAllTableRows) {
  const db::Protocol* p = RealAnalyzer().db().FindProtocol("microneedling");
  ASSERT_NE(p, nullptr);
  std::vector<int> rows;
  for (const auto& r : p->rules) {
    if (std::find(rows.begin(), rows.end(), r.row) == rows.end()) rows.push_back(r.row);
  }
  // Research note 4.1 rows 1-32, and 33 (wipes) and 34 (clay and peel-off masks) of its December 2026 revisions.
  EXPECT_EQ(rows.size(), 34u);
  EXPECT_FALSE(p->advice.empty());
}

TEST(Explain, SpeciesWithoutPlantPartGetsTheWorstCaseCategories) {
  Explanation ex = MustExplain("rosa damascena");
  EXPECT_TRUE(ex.recognized_by_pattern_only);
  EXPECT_THAT(CategoryIds(ex), IsSupersetOf({"essential_oil", "fragrance", "fragrance_allergen"}));
  EXPECT_FALSE(ex.windows.empty());
}

TEST(Explain, UnknownNameIsNotFoundWithSuggestions) {
  auto ex = Explain(RealAnalyzer(), "Glyerin");
  ASSERT_FALSE(ex.ok());
  EXPECT_EQ(ex.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(ex.status().message(), HasSubstr("unknown ingredient 'Glyerin' (did you mean 'Glycerin'"));
}

TEST(Explain, EmptyNameIsInvalid) {
  auto ex = Explain(RealAnalyzer(), "   ");
  ASSERT_FALSE(ex.ok());
  EXPECT_EQ(ex.status().code(), StatusCode::kInvalidArgument);
}

TEST(Explain, SubstringIsNeverAMatch) {
  // "Alcohol" in "Cetearyl Alcohol" is not alcohol; "Oil" alone is nothing.
  auto ex = Explain(RealAnalyzer(), "Cetearyl");
  EXPECT_FALSE(ex.ok());
}

TEST(Explain, OnDayGivesTheWorstWindowAndWhenItCounts) {
  auto ex = ExplainOnDay(RealAnalyzer(), "Parfum", "microneedling", 3);
  ASSERT_TRUE(ex.ok());
  ASSERT_TRUE(ex->on_day.has_value());
  EXPECT_EQ(ex->on_day->status, "avoid");
  EXPECT_THAT(ex->on_day->by, Contains("fragrance"));
  EXPECT_EQ(ExplainOnDay(RealAnalyzer(), "Parfum", "microneedling", 10)->on_day->status, "caution");
  EXPECT_EQ(ExplainOnDay(RealAnalyzer(), "Parfum", "microneedling", 14)->on_day->status, "safe");
  auto lactic = ExplainOnDay(RealAnalyzer(), "Lactic Acid", "microneedling", 3);
  ASSERT_TRUE(lactic.ok());
  ASSERT_FALSE(lactic->on_day->context.empty());
  EXPECT_THAT(lactic->on_day->context[0], HasSubstr("weak acid"));
  EXPECT_EQ(ExplainOnDay(RealAnalyzer(), "Parfum", "microneedling", -1).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ExplainOnDay(RealAnalyzer(), "Parfum", "laser", 1).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace aftercare::rules
