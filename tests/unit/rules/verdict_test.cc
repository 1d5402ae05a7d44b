#include "aftercare/rules/verdict.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "check_helpers.h"

namespace aftercare::rules {
namespace {

using ::aftercare::testing::RealAnalyzer;
using ::aftercare::testing::RealChecker;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

// Kiehl's Ultra Pure Hyaluronic Acid 1.5% Serum (Sephora product_info row 4161).
constexpr const char* kHaSerum =
    "Aqua/Water, Glycerin, Sodium Hyaluronate, Phenoxyethanol, Chlorphenesin, Tetrasodium Glutamate Diacetate, "
    "Citric Acid.";

TEST(Verdict, HyaluronicSerumIsSafeFromDayZero) {
  auto label = RealAnalyzer().ParseLabel(kHaSerum);
  Assessment a = Check(label, 0, "Ultra Pure Hyaluronic Acid 1.5% Serum");
  EXPECT_EQ(a.verdict, Verdict::kSafe);
  EXPECT_EQ(a.safe_from_day, 0);
  EXPECT_EQ(a.type.type, ProductType::kSerum);
  // Citric acid last in the list is a pH adjuster, shown as not counted.
  EXPECT_THAT(NotCountedCategories(a), Contains("aha"));
  bool ha =
      std::any_of(a.helpful.begin(), a.helpful.end(), [](const Helpful& h) { return h.category == "hyaluronic_acid"; });
  EXPECT_TRUE(ha);
}

TEST(Verdict, HelpfulActivesNeverUpgradeAFragrancedProduct) {
  auto label = RealAnalyzer().ParseLabel("Aqua, Sodium Hyaluronate, Glycerin, Panthenol, Parfum");
  Assessment a = Check(label, 3, "Hydrating Serum");
  EXPECT_EQ(a.verdict, Verdict::kAvoid);
  EXPECT_EQ(a.safe_from_day, 14);
  EXPECT_THAT(ReasonCategories(a), Contains("fragrance"));
  EXPECT_EQ(Check(label, 7, "Hydrating Serum").verdict, Verdict::kCaution);
  EXPECT_EQ(Check(label, 14, "Hydrating Serum").verdict, Verdict::kSafe);
}

TEST(Verdict, WeakAcidCountsWhenDeclaredHighInTheListOrInAPeel) {
  auto low =
      RealAnalyzer().ParseLabel("Water, Glycerin, Squalane, Cetearyl Alcohol, Dimethicone, Xanthan Gum, Lactic Acid");
  EXPECT_THAT(ReasonCategories(Check(low, 3, "Daily Moisturizer")), Not(Contains("aha")));
  EXPECT_THAT(ReasonCategories(Check(low, 3, "Lactic Acid Peel")), Contains("aha"));
  auto high = RealAnalyzer().ParseLabel("Water, Lactic Acid, Glycerin, Squalane, Cetearyl Alcohol, Dimethicone");
  EXPECT_THAT(ReasonCategories(Check(high, 3, "Daily Moisturizer")), Contains("aha"));
  auto declared = RealAnalyzer().ParseLabel(
      "Water, Glycerin, Squalane, Cetearyl Alcohol, Dimethicone, Xanthan Gum, Lactic Acid 5%");
  EXPECT_THAT(ReasonCategories(Check(declared, 3, "Daily Moisturizer")), Contains("aha"));
}

TEST(Verdict, GlycolicAcidAlwaysCounts) {
  auto label = RealAnalyzer().ParseLabel("Water, Glycerin, Squalane, Cetearyl Alcohol, Dimethicone, Glycolic Acid");
  Assessment a = Check(label, 3, "Night Cream");
  EXPECT_EQ(a.verdict, Verdict::kAvoid);
  EXPECT_THAT(ReasonCategories(a), Contains("aha"));
}

TEST(Verdict, DryingAlcoholCountsHighInTheListOrInAToner) {
  auto low = RealAnalyzer().ParseLabel(
      "Water, Glycerin, Squalane, Cetearyl Alcohol, Dimethicone, Xanthan Gum, Alcohol Denat.");
  EXPECT_THAT(ReasonCategories(Check(low, 3, "Face Cream")), Not(Contains("drying_alcohol")));
  EXPECT_THAT(ReasonCategories(Check(low, 3, "Clarifying Toner")), Contains("drying_alcohol"));
  auto high = RealAnalyzer().ParseLabel("Alcohol Denat., Water, Glycerin");
  EXPECT_THAT(ReasonCategories(Check(high, 3, "Face Serum")), Contains("drying_alcohol"));
  // A fatty alcohol is never a drying alcohol.
  auto fatty = RealAnalyzer().ParseLabel("Cetearyl Alcohol, Water");
  EXPECT_THAT(ReasonCategories(Check(fatty, 3, "Toner")), Not(Contains("drying_alcohol")));
}

// Issue 15: the label is the evidence, not the product's name.
TEST(Verdict, AbrasiveOnlyParticlesCountWhateverTheName) {
  auto label = RealAnalyzer().ParseLabel(
      "Water, Sodium Cocoyl Isethionate, Glycerin, Cocamidopropyl Hydroxysultaine, "
      "Juglans Regia (Walnut) Shell Powder");
  for (const std::string& name : {std::string("Daily Face Wash"), std::string(""), std::string("Body Lotion")}) {
    Assessment a = Check(label, 0, name);
    EXPECT_EQ(a.verdict, Verdict::kAvoid) << name;
    EXPECT_THAT(ReasonCategories(a), Contains("physical_abrasive")) << name;
    EXPECT_THAT(NotCountedCategories(a), Not(Contains("physical_abrasive"))) << name;
  }
  // The common label name reads as the INCI name.
  auto common = RealAnalyzer().ParseLabel("Water, Glycerin, Walnut Shell Powder");
  EXPECT_THAT(ReasonCategories(Check(common, 0)), Contains("physical_abrasive"));
}

TEST(Verdict, AmbiguousParticlesCountInScrubsMasksAndCleansersOrHighInTheList) {
  // Silica last in a toner: a texturiser, not counted.
  auto toner = RealAnalyzer().ParseLabel(
      "Water, Glycerin, Butylene Glycol, Sodium Hyaluronate, Panthenol, Allantoin, Phenoxyethanol, Silica");
  Assessment t = Check(toner, 0, "Hydrating Toner");
  EXPECT_THAT(ReasonCategories(t), Not(Contains("physical_abrasive")));
  EXPECT_THAT(NotCountedCategories(t), Contains("physical_abrasive"));
  // Silica high in a cleanser counts, and in a cleanser it counts wherever it stands.
  auto high = RealAnalyzer().ParseLabel("Water, Silica, Sodium Cocoyl Glycinate, Glycerin, Coco-Glucoside");
  EXPECT_THAT(ReasonCategories(Check(high, 0, "Gentle Cleanser")), Contains("physical_abrasive"));
  EXPECT_THAT(ReasonCategories(Check(high, 0, "")), Contains("physical_abrasive"));  // high in the list: any product
  EXPECT_THAT(ReasonCategories(Check(toner, 0, "Gentle Cleanser")), Contains("physical_abrasive"));
  // Alumina in a product named for nothing, low in the list: counts when the label itself says "exfoliating".
  auto alumina = RealAnalyzer().ParseLabel(
      "Water, Glycerin, Cetearyl Alcohol, Squalane, Dimethicone, Alumina. Exfoliating crystals polish the skin.");
  EXPECT_THAT(ReasonCategories(Check(alumina, 0)), Contains("physical_abrasive"));
  // Cellulose in a "Peeling Gel" (an exfoliant by its name).
  auto gel = RealAnalyzer().ParseLabel("Water, Glycerin, Carbomer, Acrylates Copolymer, Xanthan Gum, Cellulose");
  EXPECT_THAT(ReasonCategories(Check(gel, 0, "Peeling Gel")), Contains("physical_abrasive"));
  // Jojoba esters, the old scrub-only case, still count in scrubs and not in a lotion.
  auto jojoba = RealAnalyzer().ParseLabel("Water, Glycerin, Cetearyl Alcohol, Squalane, Dimethicone, Jojoba Esters");
  EXPECT_THAT(ReasonCategories(Check(jojoba, 3, "Exfoliating Face Scrub")), Contains("physical_abrasive"));
  EXPECT_THAT(NotCountedCategories(Check(jojoba, 3, "Body Lotion")), Contains("physical_abrasive"));
}

TEST(Verdict, ParticlesInAColourCosmeticByItsLabelAreTexturisers) {
  // Silica second in a powder whose label has colourants in a makeup base (mica, talc): a texturiser.
  auto powder = RealAnalyzer().ParseLabel("Talc, Silica, Mica, Dimethicone, Iron Oxides (CI 77491, CI 77492)");
  for (const std::string& name : {std::string("Pressed Powder"), std::string("")}) {
    Assessment a = Check(powder, 7, name);
    EXPECT_THAT(ReasonCategories(a), Not(Contains("physical_abrasive"))) << name;
    EXPECT_THAT(NotCountedCategories(a), Contains("physical_abrasive")) << name;
  }
  // Without colourants the label does not show a colour cosmetic: high in the list of a product of
  // no known type, it counts; in a leave-on kind the name gives (a powder is makeup), it is a texturiser.
  auto plain = RealAnalyzer().ParseLabel("Talc, Silica, Dimethicone, Tocopherol");
  EXPECT_THAT(ReasonCategories(Check(plain, 7, "")), Contains("physical_abrasive"));
  EXPECT_THAT(NotCountedCategories(Check(plain, 7, "Pressed Powder")), Contains("physical_abrasive"));
  // A colour cosmetic that says it exfoliates is rubbed on: it counts.
  EXPECT_THAT(ReasonCategories(Check(powder, 7, "Exfoliating Powder")), Contains("physical_abrasive"));
}

TEST(Verdict, SaltAndSugarCountOnlyUndissolved) {
  // Sucrose first: a sugar scrub, whatever its name.
  auto scrub = RealAnalyzer().ParseLabel("Sucrose, Prunus Amygdalus Dulcis (Sweet Almond) Oil, Glycerin, Tocopherol");
  EXPECT_THAT(ReasonCategories(Check(scrub, 0)), Contains("physical_abrasive"));
  // Sodium chloride thickening a water-based cleanser is dissolved.
  auto gel = RealAnalyzer().ParseLabel(
      "Water, Sodium Laureth Sulfate, Cocamidopropyl Betaine, Glycerin, Panthenol, Citric Acid, Sodium Chloride");
  Assessment a = Check(gel, 0, "Gentle Cleanser");
  EXPECT_THAT(ReasonCategories(a), Not(Contains("physical_abrasive")));
  bool dissolved = std::any_of(a.not_counted.begin(), a.not_counted.end(), [](const NotCounted& n) {
    return n.category == "physical_abrasive" && n.why.find("dissolved") != std::string::npos;
  });
  EXPECT_TRUE(dissolved);
  // High in a liquid soap's list with water it is dissolved too: a thickener, not a particle.
  auto soap = RealAnalyzer().ParseLabel("Water, Sodium Laureth Sulfate, Sodium Chloride, Glycerin, Citric Acid");
  EXPECT_THAT(ReasonCategories(Check(soap, 0, "Liquid Facial Soap")), Not(Contains("physical_abrasive")));
  // Before the water there is more salt than water dissolves: a salt paste scrubs.
  auto paste = RealAnalyzer().ParseLabel("Maris Sal, Water, Glycerin, Sodium Cocoyl Isethionate");
  EXPECT_THAT(ReasonCategories(Check(paste, 0, "Exfoliating Glove")), Contains("physical_abrasive"));
  // Salt in an oil cleanser (no water) stays whole.
  auto oil = RealAnalyzer().ParseLabel(
      "Helianthus Annuus Seed Oil, Caprylic/Capric Triglyceride, Polyglyceryl-4 Oleate, Tocopherol, Squalane, "
      "Maris Sal");
  EXPECT_THAT(ReasonCategories(Check(oil, 0, "Cleansing Oil")), Contains("physical_abrasive"));
}

// Issue 15: a towelette is rubbed over the skin and left on it, not rinsed off.
TEST(Verdict, ATowletteIsNeverRinseOff) {
  auto label = RealAnalyzer().ParseLabel(
      "Water, Isopropyl Myristate, Glycerin, PEG-6 Caprylic/Capric Glycerides, Phenoxyethanol");
  Assessment a = Check(label, 0, "Micellar Cleansing Towelettes");
  EXPECT_EQ(a.type.type, ProductType::kWipe);
  EXPECT_EQ(a.verdict, Verdict::kAvoid);
  EXPECT_THAT(ReasonCategories(a), Contains("comedogenic_high"));  // the rated-4 ester stays on the skin
  EXPECT_THAT(ReasonCategories(a), Contains("wipe_friction"));     // rubbed over the open channels
  EXPECT_EQ(a.safe_from_day, 14);
  // The same list in a cleanser that is rinsed off: the rating does not apply.
  EXPECT_THAT(ReasonCategories(Check(label, 0, "Micellar Cleanser")), Not(Contains("comedogenic_high")));
  // Acid pads stay exfoliants, and are rubbed on the skin too.
  Assessment pads = Check(label, 0, "Glycolic Peel Pads");
  EXPECT_EQ(pads.type.type, ProductType::kExfoliant);
  EXPECT_THAT(ReasonCategories(pads), Contains("wipe_friction"));
}

TEST(Verdict, AClayMaskIsRestricted) {
  auto label = RealAnalyzer().ParseLabel("Water, Kaolin, Bentonite, Glycerin, Phenoxyethanol");
  Assessment a = Check(label, 3, "Pore Purifying Clay Mask");
  EXPECT_EQ(a.type.type, ProductType::kClayMask);
  EXPECT_EQ(a.verdict, Verdict::kAvoid);
  EXPECT_THAT(ReasonCategories(a), Contains("mask_drying"));
  EXPECT_EQ(a.safe_from_day, 14);
  bool extrapolated = std::any_of(a.triggers.begin(), a.triggers.end(), [](const Trigger& t) {
    return t.category == "mask_drying" && t.extrapolated && !t.sources.empty();
  });
  EXPECT_TRUE(extrapolated);
  // The label is the evidence: a mask named for nothing, or a product with no name, with clay high in the list.
  EXPECT_EQ(Check(label, 3, "Detox Mask").type.type, ProductType::kClayMask);
  Assessment unnamed = Check(label, 3);
  EXPECT_EQ(unnamed.type.type, ProductType::kClayMask);
  EXPECT_THAT(unnamed.type.how, HasSubstr("clay high in the list"));
  // A peel-off mask dries and lifts the skin too; a sheet mask has no such rule of its own.
  auto film = RealAnalyzer().ParseLabel("Water, Polyvinyl Alcohol, Glycerin, Phenoxyethanol");
  EXPECT_THAT(ReasonCategories(Check(film, 3, "Charcoal Peel-Off Mask")), Contains("mask_drying"));
  Assessment sheet = Check(film, 3, "Hydrating Sheet Mask");
  EXPECT_EQ(sheet.type.type, ProductType::kSheetMask);
  EXPECT_THAT(ReasonCategories(sheet), Not(Contains("mask_drying")));
}

TEST(Verdict, ComedogenicRatingsApplyToLeaveOnProductsOnly) {
  auto label = RealAnalyzer().ParseLabel("Water, Cocos Nucifera (Coconut) Oil, Glycerin");
  EXPECT_THAT(ReasonCategories(Check(label, 3, "Face Cream")), Contains("comedogenic_high"));
  EXPECT_THAT(ReasonCategories(Check(label, 3, "Gentle Cleanser")), Not(Contains("comedogenic_high")));
}

// Biossance Squalane + Zinc Sheer Mineral Sunscreen SPF 30 PA+++ (product_info row 620), shortened.
constexpr const char* kMineralSpf =
    "Zinc Oxide, Water, Caprylic/Capric Triglyceride, Squalane, Glycerin, Cetearyl Alcohol, Sorbitan Olivate, "
    "Xanthan Gum, Phenoxyethanol";

TEST(Verdict, MineralSunscreenIsRecommendedFromDayOne) {
  auto label = RealAnalyzer().ParseLabel(kMineralSpf);
  const std::string name = "Squalane + Zinc Sheer Mineral Sunscreen SPF 30 PA +++";
  Assessment d0 = Check(label, 0, name);
  EXPECT_EQ(d0.verdict, Verdict::kCaution);  // day 0: only if going outdoors
  Assessment d1 = Check(label, 1, name);
  EXPECT_EQ(d1.verdict, Verdict::kSafe);
  EXPECT_EQ(d1.safe_from_day, 1);
  bool recommended = std::any_of(d1.helpful.begin(), d1.helpful.end(),
                                 [](const Helpful& h) { return h.category == "uv_filter_mineral" && h.recommended; });
  EXPECT_TRUE(recommended);
}

TEST(Verdict, ZincOxideInALotionIsNotASunscreenFilter) {
  auto label = RealAnalyzer().ParseLabel("Water, Glycerin, Zinc Oxide, Dimethicone");
  Assessment a = Check(label, 0, "Diaper Cream", ProductType::kMoisturizer);
  EXPECT_THAT(ReasonCategories(a), Not(Contains("uv_filter_mineral")));
  EXPECT_THAT(NotCountedCategories(a), Contains("uv_filter_mineral"));
}

TEST(Verdict, ChemicalFiltersAreAvoidedThenCautioned) {
  auto label = RealAnalyzer().ParseLabel(
      "Active Ingredients: Avobenzone 3%, Homosalate 10%, Octisalate 5%. Inactive Ingredients: Water, Glycerin");
  Assessment d2 = Check(label, 2);
  EXPECT_EQ(d2.type.type, ProductType::kSunscreen);  // from its UV-filter actives
  EXPECT_EQ(d2.verdict, Verdict::kAvoid);
  EXPECT_EQ(Check(label, 3).verdict, Verdict::kCaution);
  EXPECT_EQ(Check(label, 14).verdict, Verdict::kSafe);
}

TEST(Verdict, LowSpfAndMissingFiltersAreCautionReasons) {
  auto label = RealAnalyzer().ParseLabel(kMineralSpf);
  Assessment low = Check(label, 5, "Mineral Sunscreen SPF 15");
  EXPECT_EQ(low.verdict, Verdict::kCaution);
  bool spf = std::any_of(low.triggers.begin(), low.triggers.end(),
                         [](const Trigger& t) { return t.why.find("SPF 15") != std::string::npos; });
  EXPECT_TRUE(spf);
  auto no_filter = RealAnalyzer().ParseLabel("Water, Glycerin, Squalane");
  Assessment missing = Check(no_filter, 5, "Daily Sunscreen SPF 50");
  EXPECT_EQ(missing.verdict, Verdict::kCaution);
  ASSERT_FALSE(missing.notes.empty());
  EXPECT_THAT(missing.notes[0], HasSubstr("no UV filter"));
}

TEST(Verdict, MakeupHasItsWindowAndMineralMakeupItsException) {
  auto mineral = RealAnalyzer().ParseLabel("Mica, Zinc Oxide, Titanium Dioxide, Iron Oxides (CI 77491, CI 77492)");
  Assessment m1 = Check(mineral, 1, "Loose Powder Foundation");
  EXPECT_EQ(m1.type.type, ProductType::kMakeup);
  EXPECT_THAT(ReasonCategories(m1), Contains("makeup_mineral"));
  EXPECT_EQ(m1.verdict, Verdict::kCaution);
  auto organic = RealAnalyzer().ParseLabel("Talc, Mica, Dimethicone, Red 7 Lake (CI 15850), Parfum");
  Assessment o1 = Check(organic, 1, "Blush");
  EXPECT_THAT(ReasonCategories(o1), Contains("makeup"));
  EXPECT_EQ(o1.verdict, Verdict::kAvoid);
  // Without a name, colourants in a makeup base read as makeup.
  Assessment inferred = Check(organic, 1);
  EXPECT_EQ(inferred.type.type, ProductType::kMakeup);
  EXPECT_THAT(inferred.type.how, HasSubstr("colourants"));
}

TEST(Verdict, UnrecognizedIngredientIsCautionWhileAnyRuleIsActive) {
  auto label = RealAnalyzer().ParseLabel("Water, Glycerin, Zorblex Complex");
  Assessment a = Check(label, 0, "Serum");
  EXPECT_EQ(a.verdict, Verdict::kCaution);
  ASSERT_EQ(a.unrecognized.size(), 1u);
  EXPECT_EQ(a.safe_from_day, 14);
  EXPECT_EQ(Check(label, 13, "Serum").verdict, Verdict::kCaution);
  EXPECT_EQ(Check(label, 14, "Serum").verdict, Verdict::kSafe);
}

TEST(Verdict, ALabelWithNoIngredientIsAnError) {
  auto empty = RealAnalyzer().ParseLabel("   ");
  auto a = RealChecker().Assess(empty, ProductInfo{}, Microneedling(), 3);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(a.status().message(), HasSubstr("empty"));
  auto prose = RealAnalyzer().ParseLabel("Visit the FENTY BEAUTY by Rihanna boutique");
  auto p = RealChecker().Assess(prose, ProductInfo{}, Microneedling(), 3);
  ASSERT_FALSE(p.ok());
  EXPECT_THAT(p.status().message(), HasSubstr("no ingredient list found"));
}

TEST(Verdict, NegativeDayIsAnError) {
  auto label = RealAnalyzer().ParseLabel(kHaSerum);
  auto a = RealChecker().Assess(label, ProductInfo{}, Microneedling(), -1);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), StatusCode::kInvalidArgument);
}

TEST(Verdict, PoweredDeviceNeedsNoIngredientList) {
  auto empty = RealAnalyzer().ParseLabel("");
  Assessment a = Check(empty, 5, "LUNA mini 3 Facial Cleansing Device");
  EXPECT_EQ(a.type.type, ProductType::kDevice);
  EXPECT_EQ(a.verdict, Verdict::kAvoid);
  EXPECT_THAT(ReasonCategories(a), Contains("device_powered"));
  EXPECT_EQ(a.safe_from_day, 14);
}

TEST(Verdict, MildSurfactantIsCautionNotAvoid) {
  auto label = RealAnalyzer().ParseLabel("Water, Sodium Laureth Sulfate, Cocamidopropyl Hydroxysultaine, Glycerin");
  Assessment a = Check(label, 1, "Body Wash");
  for (const Trigger* t : a.Reasons()) {
    if (t->category == "harsh_surfactant") {
      EXPECT_EQ(t->On(1), Verdict::kCaution);
    }
  }
  EXPECT_THAT(ReasonCategories(a), Contains("harsh_surfactant"));
}

TEST(Verdict, SafeFromDayIsTheFirstDayOfLastingSafety) {
  auto label = RealAnalyzer().ParseLabel("Water, Niacinamide, Glycerin, Retinol");
  Assessment a = Check(label, 0, "Night Serum");
  EXPECT_EQ(a.safe_from_day, 14);  // retinol: caution through day 13
  for (int d = 0; d < 14; ++d) EXPECT_NE(Check(label, d, "Night Serum").verdict, Verdict::kSafe) << d;
}

TEST(Verdict, EveryIngredientGetsAStatusAndCategoriesIncludeAncestors) {
  auto label = RealAnalyzer().ParseLabel("Water, Parfum, Linalool");
  Assessment a = Check(label, 3, "Cream");
  ASSERT_EQ(a.status.size(), 3u);
  EXPECT_EQ(a.status[0], Verdict::kSafe);
  EXPECT_EQ(a.status[1], Verdict::kAvoid);
  EXPECT_EQ(a.status[2], Verdict::kCaution);
  EXPECT_THAT(a.categories, Contains("fragrance"));
  EXPECT_THAT(a.categories, Contains("fragrance_declared"));
  EXPECT_TRUE(std::is_sorted(a.categories.begin(), a.categories.end()));
}

TEST(Verdict, AdviceIsTheDaysAdvice) {
  auto label = RealAnalyzer().ParseLabel(kHaSerum);
  Assessment d1 = Check(label, 1);
  bool exercise =
      std::any_of(d1.advice.begin(), d1.advice.end(), [](const DayAdvice& a) { return a.topic == "exercise"; });
  EXPECT_TRUE(exercise);
  Assessment d20 = Check(label, 20);
  EXPECT_TRUE(
      std::none_of(d20.advice.begin(), d20.advice.end(), [](const DayAdvice& a) { return a.topic == "exercise"; }));
}

TEST(Verdict, UnknownProtocolSuggests) {
  auto p = RealChecker().FindProtocol("microneedlin");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(p.status().message(), HasSubstr("did you mean 'microneedling'"));
}

}  // namespace
}  // namespace aftercare::rules
