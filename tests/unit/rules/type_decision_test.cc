// Issue 16: the product type from the name and the label together. Makeup
// needs colour on the label; an SPF claim with UV filters is a sunscreen
// whatever its tint word; eye care and self-tanners are not makeup. Labels
// are real ones from ../shared/data/products (source and row named above each).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "aftercare/rules/verdict.h"
#include "check_helpers.h"

namespace aftercare::rules {
namespace {

using ::aftercare::testing::RealAnalyzer;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

// bareMinerals COMPLEXION RESCUE Tinted Moisturizer with Hyaluronic Acid and
// Mineral SPF 30 (sephora product_info row 436): titanium dioxide and iron
// oxides in its shade list.
constexpr const char* kComplexionRescue =
    "Water, Coconut Alkanes, Propanediol, Squalane, Trehalose, Isostearic Acid, Glycerin, Silica, Agar, "
    "Caprylic/Capric Triglyceride, Globularia Cordifolia Callus Culture Extract, Salicornia Herbacea Extract, "
    "Melilotus Officinalis Extract, Coco-Caprylate/Caprate, Butylene Glycol, Lauroyl Lysine, Sodium Hyaluronate, "
    "Succinoglycan, Polysorbate 60, Cellulose Gum, Polyglyceryl-4 Laurate/Succinate, Sorbitan Sesquiisostearate, "
    "Magnesium Stearate, Magnesium Hydroxide, Magnesium Chloride, Potassium Chloride, Calcium Chloride, Potassium "
    "Sorbate, Phenoxyethanol. May Contain (+/-): Titanium Dioxide, Iron Oxides.";

TEST(TypeDecision, TintedSkinCareWithSpfAndFiltersIsASunscreenWhateverTheTintWord) {
  auto label = RealAnalyzer().ParseLabel(kComplexionRescue);
  const Assessment tinted = Check(label, 1, "Tinted Moisturizer with Hyaluronic Acid and Mineral SPF 30");
  EXPECT_EQ(tinted.type.type, ProductType::kSunscreen);
  EXPECT_THAT(tinted.type.how, HasSubstr("'SPF 30'"));
  EXPECT_THAT(tinted.type.how, HasSubstr("UV filters 'Titanium Dioxide'"));
  EXPECT_THAT(tinted.type.how, HasSubstr("tinted ('Tinted') or not"));
  // The same claims but for the tint word ("Broad Spectrum" in one name would be a claim the others lack).
  for (const char* name : {"BB Cream SPF 30", "CC Cream SPF 30", "Skin Tint SPF 30"}) {
    for (int day : {0, 1, 3, 7, 14}) {
      const Assessment a = Check(label, day, name);
      EXPECT_EQ(a.type.type, ProductType::kSunscreen) << name;
      EXPECT_EQ(a.verdict, Check(label, day, "Tinted Moisturizer SPF 30").verdict) << name << " day " << day;
      EXPECT_EQ(a.safe_from_day, tinted.safe_from_day) << name;
      EXPECT_THAT(TriggerCategories(a), Not(Contains("makeup"))) << name;
    }
  }
}

// Biossance Squalane + Zinc Sheer Mineral Sunscreen SPF 30 (product_info row
// 620), shortened, in its tinted shade (iron oxides added as a tinted
// variant's shade list adds them).
constexpr const char* kTintedMineral =
    "Zinc Oxide, Water, Caprylic/Capric Triglyceride, Squalane, Glycerin, Cetearyl Alcohol, Sorbitan Olivate, "
    "Xanthan Gum, Phenoxyethanol. May Contain: Iron Oxides (CI 77491, CI 77492, CI 77499).";

TEST(TypeDecision, TintedMineralSunscreenIsSafeAndRecommendedFromDayOne) {
  auto label = RealAnalyzer().ParseLabel(kTintedMineral);
  for (const char* name : {"Tinted Mineral Sunscreen SPF 30", "BB Cream Broad Spectrum SPF 30"}) {
    const Assessment d1 = Check(label, 1, name);
    EXPECT_EQ(d1.type.type, ProductType::kSunscreen) << name;
    EXPECT_EQ(d1.verdict, Verdict::kSafe) << name;
    EXPECT_EQ(d1.safe_from_day, 1) << name;
    const bool recommended = std::any_of(d1.helpful.begin(), d1.helpful.end(), [](const Helpful& h) {
      return h.category == "uv_filter_mineral" && h.recommended;
    });
    EXPECT_TRUE(recommended) << name;
  }
}

TEST(TypeDecision, AFragrancedMineralSunscreenIsNotRecommended) {
  auto label = RealAnalyzer().ParseLabel(
      "Zinc Oxide, Water, Caprylic/Capric Triglyceride, Squalane, Glycerin, Cetearyl Alcohol, Parfum");
  const Assessment a = Check(label, 7, "Mineral Sunscreen SPF 30 PA+++");
  EXPECT_EQ(a.type.type, ProductType::kSunscreen);
  EXPECT_THAT(TriggerCategories(a), Contains("fragrance"));
  const bool recommended = std::any_of(a.helpful.begin(), a.helpful.end(),
                                       [](const Helpful& h) { return h.category == "uv_filter_mineral"; });
  EXPECT_FALSE(recommended);
}

TEST(TypeDecision, AColourCosmeticWithSpfStaysMakeup) {
  auto label = RealAnalyzer().ParseLabel(kComplexionRescue);
  const Assessment a = Check(label, 1, "Liquid Foundation Broad Spectrum SPF 30");
  EXPECT_EQ(a.type.type, ProductType::kMakeup);
  EXPECT_THAT(a.type.how, HasSubstr("from the name: 'Foundation' and the list's colourants 'Iron Oxides'"));
  EXPECT_THAT(a.type.how, HasSubstr("with SPF still makeup"));
  EXPECT_THAT(TriggerCategories(a), Contains("makeup_mineral"));
}

// Avène Soothing Eye Contour Cream (lookfantastic row 604).
constexpr const char* kAveneEyeContour =
    "paraffinum liquidum, capric triglyceride, cyclomethicone, glycerin, sucrose stearate, peg-12, sucrose "
    "distearate, triethanolamine, batyl alcohol, bisabolol, capric triglyceride, carbomer, dextran sulfate, "
    "disodium edta, sodium hyaluronate, tocopheryl glucoside";

TEST(TypeDecision, AColourCosmeticWordStaysMakeupWithoutColourOnTheLabel) {
  auto label = RealAnalyzer().ParseLabel(kAveneEyeContour);
  const Assessment a = Check(label, 1, "Total Cover Cream Foundation");
  EXPECT_EQ(a.type.type, ProductType::kMakeup);
  EXPECT_THAT(a.type.how, HasSubstr("the list shows no colourant"));
  EXPECT_THAT(TriggerCategories(a), Contains("makeup_mineral"));
}

TEST(TypeDecision, AWeakMakeupWordWithoutColourFallsBackToTheRestOfTheName) {
  auto label = RealAnalyzer().ParseLabel(kAveneEyeContour);
  const Assessment lip = Check(label, 1, "Orchidee Imperiale The Eye and Lip Contour Cream");
  EXPECT_EQ(lip.type.type, ProductType::kMoisturizer);
  const Assessment body = Check(label, 1, "Peony & Blush Suede Body Crème");
  EXPECT_EQ(body.type.type, ProductType::kBodyCare);
  EXPECT_THAT(body.type.how, HasSubstr("'Blush' is a makeup word, but the list has no colourant"));
  EXPECT_THAT(TriggerCategories(body), Not(Contains("makeup")));
  const Assessment tint = Check(label, 1, "Hydrating Tinted Moisturizer");
  EXPECT_EQ(tint.type.type, ProductType::kMoisturizer);
}

// Clarins Hydra Life Cooling Hydration Sorbet Eye Gel (sephora product_info row 1997).
constexpr const char* kEyeGel =
    "Aqua (Water), Glycerin, Centaurea Cyanus Flower Water, Butylene Glycol, Propanediol, Diglycerin, "
    "Polyglycerin-3, Boron Nitride, Alcohol, Albizia Julibrissin Bark Extract, Phenoxyethanol, Synthetic "
    "Fluorphlogopite, Carbomer, Acrylates/c10-30 Alkyl Acrylate Crosspolymer, Ci 77891 (Titanium Dioxide), "
    "Dipotassium Glycyrrhizate, Menthoxypropanediol, Sodium Hydroxide, Silica, Crambe Abyssinica Seed Oil, Parfum "
    "(Fragrance), Malva Sylvestris (Mallow) Extract, Tin Oxide, Haberlea Rhodopensis Leaf Extract, Benzyl Alcohol, "
    "Sodium Benzoate, Siegesbeckia Orientalis Extract, Paeonia Suffruticosa Root Extract, Dehydroacetic Acid, Bht, "
    "Ci 42090 (Blue 1), Tocopherol.";

TEST(TypeDecision, AnEyeGelIsEyeCareNotMakeup) {
  auto label = RealAnalyzer().ParseLabel(kEyeGel);
  const Assessment a = Check(label, 1, "Hydra Life Cooling Hydration Sorbet Eye Gel");
  EXPECT_EQ(a.type.type, ProductType::kMoisturizer);
  EXPECT_EQ(a.type.how, "from the name: 'Eye Gel'");
  EXPECT_THAT(TriggerCategories(a), Not(Contains("makeup")));
}

// Clinique For Men Anti-Fatigue Eye Gel (ulta row 194): mica and CI 77891 last.
constexpr const char* kCliniqueEyeGel =
    "Water / Aqua / Eau, Butylene Glycol, Glycerin, Caffeine, Polygonum Cuspidatum Root Extract, Humulus Lupulus "
    "(Hops) Extract, Panthenol, Vitis Vinifera (Grape) Seed Extract, Sodium Hyaluronate, Laureth-7, Glycine, "
    "Carbomer, Caprylyl Glycol, Xanthan Gum, Hexylene Glycol, Disodium EDTA, Phenoxyethanol, Titanium Dioxide "
    "(CI 77891), Mica.";

TEST(TypeDecision, MicaAndAWhitePigmentAloneAreNoMakeupLabel) {
  auto label = RealAnalyzer().ParseLabel(kCliniqueEyeGel);
  const Assessment a = Check(label, 1, "Energizing Formula");  // a name with no type word
  EXPECT_EQ(a.type.type, ProductType::kUnknown);
  EXPECT_THAT(TriggerCategories(a), Not(Contains("makeup")));
  // Real colour in a makeup base still reads as makeup without a name.
  auto blush = RealAnalyzer().ParseLabel("Talc, Mica, Dimethicone, Red 7 Lake (CI 15850), Parfum");
  const Assessment b = Check(blush, 1, "");
  EXPECT_EQ(b.type.type, ProductType::kMakeup);
  EXPECT_EQ(b.type.how, "from its colourants 'Red 7 Lake (CI 15850)' in a makeup base of 'Talc' and 'Mica'");
}

// Tan-Luxe THE BUTTER Illuminating Tanning Butter (sephora product_info row 7328), shortened.
constexpr const char* kTanningButter =
    "Water, Dihydroxyacetone, Ethylhexyl Stearate, Prunus Amygdalus Dulcis (Sweet Almond) Oil, Glycerin, "
    "Theobroma Cacao (Cocoa) Seed Butter, Dimethicone, Synthetic Fluorphlogopite, Phenoxyethanol, Parfum "
    "(Fragrance), Butyrospermum Parkii (Shea) Butter, Tin Oxide, Caramel, Citric Acid, CI 77891 (Titanium Dioxide).";
// Self Tanning Face & Body Tinted Gel (sephora product_info row 1356).
constexpr const char* kTintedTanGel =
    "Aqua/Water/Eau, Cyclomethicone, Butylene Glycol, Glycerin, Dihydroxyacetone, Peg/Ppg-20/15, Dimethicone, "
    "Cyclopentasiloxane, Sodium Chloride, Erythrulose, Parfum/Fragrance, Sodium Pca, Ethylhexylglycerin, Potassium "
    "Sorbate, Disodium Edta, Xanthan Gum, Larrea Divaricata Extract, Phenoxyethanol, Ascorbic Acid, Ci15985/Yellow 6 "
    "[S0372g].";

TEST(TypeDecision, ASelfTannerIsBodyCareAndItsDhaIsItsOwnReason) {
  auto butter = RealAnalyzer().ParseLabel(kTanningButter);
  const Assessment a = Check(butter, 1, "THE BUTTER Illuminating Tanning Butter");
  EXPECT_EQ(a.type.type, ProductType::kBodyCare);
  EXPECT_THAT(TriggerCategories(a), Contains("self_tanner"));
  EXPECT_THAT(TriggerCategories(a), Not(Contains("makeup")));
  auto gel = RealAnalyzer().ParseLabel(kTintedTanGel);
  const Assessment g = Check(gel, 1, "Self Tanning Face & Body Tinted Gel");
  EXPECT_EQ(g.type.type, ProductType::kBodyCare);
  EXPECT_THAT(TriggerCategories(g), Not(Contains("makeup")));
}

}  // namespace
}  // namespace aftercare::rules
