// The decisions of issue 16 ("verdicts a clinic would sign"), each on a real
// label or a real label shortened: what the recommended products come out as,
// and the rules that stopped crying wolf without letting a hazard through.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "aftercare/rules/explain.h"
#include "aftercare/rules/verdict.h"
#include "check_helpers.h"

namespace aftercare::rules {
namespace {

using ::aftercare::testing::RealAnalyzer;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

const Trigger* TriggerOf(const Assessment& a, std::string_view category) {
  for (const auto& t : a.triggers) {
    if (t.category == category) return &t;
  }
  return nullptr;
}

const NotCounted* NotCountedOf(const Assessment& a, std::string_view category) {
  for (const auto& n : a.not_counted) {
    if (n.category == category) return &n;
  }
  return nullptr;
}

bool Recommended(const Assessment& a, std::string_view category) {
  return std::any_of(a.helpful.begin(), a.helpful.end(),
                     [&](const Helpful& h) { return h.category == category && h.recommended; });
}

// CeraVe Hydrating Cleanser (LookFantastic), as the retailer prints it: "sodium lauroyl" is cut short.
constexpr const char* kCeraVeCleanser =
    "glycerin, cetearyl alcohol, phenoxyethanol, stearyl alcohol, cetyl alcohol, peg-40 stearate, behentrimonium "
    "methosulfate, glyceryl stearate, polysorbate-20, ethylhexyl glycerin, disodium edta, dipotassium phosphate, "
    "sodium "
    "lauroyl, ceramide np, ceramide ap, phytosphingosine, cholesterol, sodium hyaluronate, xanthan gum, carbomer, "
    "tocopherol, ceramide eop";

TEST(ClinicDecisions, AGentleCeramideCleanserIsSafeOnTheTreatmentDay) {
  auto label = RealAnalyzer().ParseLabel(kCeraVeCleanser);
  Assessment a = Check(label, 0, "CeraVe Hydrating Cleanser");
  EXPECT_EQ(a.verdict, Verdict::kSafe) << ::testing::PrintToString(ReasonCategories(a));
  // Row 31 (ceramides on day 0 only if practitioner-supplied) is for leave-on products.
  const NotCounted* ceramide = NotCountedOf(a, "ceramide");
  ASSERT_NE(ceramide, nullptr);
  EXPECT_THAT(ceramide->why, HasSubstr("leave-on products only"));
  // The cut name is read as the names it starts, none of them restricted.
  EXPECT_TRUE(a.unrecognized.empty());
}

// Biossance Squalane + Zinc Sheer Mineral Sunscreen SPF 30, shortened, with a UV booster added.
constexpr const char* kMineralWithBooster =
    "Zinc Oxide 22.5%, Water, Caprylic/Capric Triglyceride, Butyloctyl Salicylate, Squalane, Glycerin, Cetearyl "
    "Alcohol, Xanthan Gum, Phenoxyethanol";

TEST(ClinicDecisions, AMineralSunscreenWithABoosterIsSafeAndRecommendedFromDayOne) {
  auto label = RealAnalyzer().ParseLabel(kMineralWithBooster);
  const std::string name = "Mineral Sunscreen Broad Spectrum SPF 30";
  Assessment d0 = Check(label, 0, name), d1 = Check(label, 1, name);
  EXPECT_EQ(d0.verdict, Verdict::kCaution);  // row 6: on day 0 only if going outdoors
  EXPECT_FALSE(Recommended(d0, "uv_filter_mineral"));
  EXPECT_EQ(d1.verdict, Verdict::kSafe) << ::testing::PrintToString(ReasonCategories(d1));
  EXPECT_TRUE(Recommended(d1, "uv_filter_mineral"));
  EXPECT_EQ(TriggerOf(d1, "uv_booster"), nullptr);
  // The same list with fragrance: avoided, and never listed as recommended.
  auto fragranced = RealAnalyzer().ParseLabel(std::string(kMineralWithBooster) + ", Fragrance");
  Assessment f1 = Check(fragranced, 1, name);
  EXPECT_EQ(f1.verdict, Verdict::kAvoid);
  EXPECT_FALSE(Recommended(f1, "uv_filter_mineral"));
}

TEST(ClinicDecisions, ARatingCountsOnlyAboveTheOnePercentLineOfALeaveOnProduct) {
  // Sodium chloride's rating is dropped (explain says so); isopropyl myristate (rated 5) counts by place.
  auto salt = RealAnalyzer().ParseLabel("Water, Glycerin, Sodium Chloride, Cetearyl Alcohol, Phenoxyethanol");
  EXPECT_THAT(ReasonCategories(Check(salt, 3, "Face Cream")), Not(Contains("comedogenic_high")));
  auto ex = Explain(RealAnalyzer(), "Sodium Chloride");
  ASSERT_TRUE(ex.ok());
  EXPECT_TRUE(
      std::any_of(ex->not_in.begin(), ex->not_in.end(), [](const NotInCategory& n) { return n.id == "comedogenic"; }));

  auto above = RealAnalyzer().ParseLabel("Water, Isopropyl Myristate, Glycerin, Phenoxyethanol, Tocopherol");
  const Assessment a = Check(above, 3, "Face Cream");
  const Trigger* t = TriggerOf(a, "comedogenic_high");
  ASSERT_NE(t, nullptr);
  EXPECT_THAT(t->why, HasSubstr("above the list's ~1 % line"));

  auto below = RealAnalyzer().ParseLabel("Water, Glycerin, Phenoxyethanol, Isopropyl Myristate, Tocopherol");
  Assessment b = Check(below, 3, "Face Cream");
  EXPECT_EQ(TriggerOf(b, "comedogenic_high"), nullptr);
  ASSERT_NE(NotCountedOf(b, "comedogenic_high"), nullptr);
  EXPECT_THAT(NotCountedOf(b, "comedogenic_high")->why, HasSubstr("after Phenoxyethanol"));

  // No preservative places the line: counted, and the reason says why.
  auto unknown = RealAnalyzer().ParseLabel("Water, Glycerin, Squalane, Tocopherol, Isopropyl Myristate");
  const Assessment ua = Check(unknown, 3, "Face Cream");
  const Trigger* u = TriggerOf(ua, "comedogenic_high");
  ASSERT_NE(u, nullptr);
  EXPECT_THAT(u->why, HasSubstr("no preservative in the list marks its ~1 % line"));

  // Sodium benzoate places the line of a leave-on product (0.5 % leave-on maximum).
  auto benzoate = RealAnalyzer().ParseLabel("Water, Glycerin, Sodium Benzoate, Isopropyl Myristate, Tocopherol");
  EXPECT_EQ(TriggerOf(Check(benzoate, 3, "Face Cream"), "comedogenic_high"), nullptr);

  // Rinse-off: not counted wherever it stands.
  EXPECT_EQ(TriggerOf(Check(above, 3, "Foaming Cleanser"), "comedogenic_high"), nullptr);
}

TEST(ClinicDecisions, NiacinamideIsACautionOnDaysZeroToTwoAndNotCountedInACleanser) {
  // The Ordinary Niacinamide 10% + Zinc 1%, shortened.
  auto label = RealAnalyzer().ParseLabel(
      "Aqua (Water), Niacinamide, Pentylene Glycol, Zinc PCA, Dimethyl Isosorbide, Tamarindus Indica Seed Gum, "
      "Xanthan Gum, Isoceteth-20, Ethoxydiglycol, Phenoxyethanol, Chlorphenesin");
  for (int day : {0, 1, 2}) EXPECT_EQ(Check(label, day, "Niacinamide Serum").verdict, Verdict::kCaution) << day;
  EXPECT_EQ(Check(label, 3, "Niacinamide Serum").verdict, Verdict::kSafe);
  EXPECT_EQ(Check(label, 0, "Gentle Foaming Cleanser").verdict, Verdict::kSafe);
}

TEST(ClinicDecisions, CocamidopropylBetaineIsMildAndNamedInItsReason) {
  auto label = RealAnalyzer().ParseLabel(
      "Water, Glycerin, Cocamidopropyl Betaine, Sodium Cocoyl Isethionate, Phenoxyethanol, Ethylhexylglycerin");
  Assessment cleanser = Check(label, 0, "Hydrating Face Wash");
  EXPECT_EQ(TriggerOf(cleanser, "mild_surfactant"), nullptr);
  EXPECT_EQ(TriggerOf(cleanser, "irritant_other"), nullptr);
  Assessment lotion = Check(label, 1, "Face Lotion");
  const Trigger* t = TriggerOf(lotion, "mild_surfactant");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->On(1), Verdict::kCaution);
  EXPECT_EQ(t->SafeFrom(), 3);
  EXPECT_THAT(t->why, HasSubstr("Cocamidopropyl betaine"));
  EXPECT_THAT(t->why, Not(HasSubstr("acetone")));
}

TEST(ClinicDecisions, LanolinIsACautionAndPetrolatumNothing) {
  // Aquaphor Healing Ointment.
  auto label = RealAnalyzer().ParseLabel(
      "Petrolatum (41%), Mineral Oil, Ceresin, Lanolin Alcohol, Panthenol, Glycerin, Bisabolol");
  Assessment a = Check(label, 1, "Healing Ointment");
  EXPECT_EQ(a.verdict, Verdict::kCaution);
  EXPECT_THAT(ReasonCategories(a), Contains("contact_allergen"));
  EXPECT_EQ(a.safe_from_day, 7);
  for (const Trigger* t : a.Reasons()) EXPECT_NE(t->label, "Petrolatum (41%)");
}

TEST(ClinicDecisions, LicoriceCountsOnlyWhenDeclared) {
  auto plain = RealAnalyzer().ParseLabel("Water, Glycerin, Glycyrrhiza Glabra (Licorice) Root Extract, Phenoxyethanol");
  Assessment a = Check(plain, 1, "Face Cream");
  EXPECT_EQ(TriggerOf(a, "lightener_gentle"), nullptr);
  ASSERT_NE(NotCountedOf(a, "lightener_gentle"), nullptr);
  auto declared = RealAnalyzer().ParseLabel("Water, Glycerin, Glycyrrhiza Glabra (Licorice) Root Extract 2%");
  EXPECT_NE(TriggerOf(Check(declared, 1, "Brightening Cream"), "lightener_gentle"), nullptr);
  // Glabridin, the brightening active, counts by itself.
  auto glabridin = RealAnalyzer().ParseLabel("Water, Glycerin, Glabridin, Phenoxyethanol");
  EXPECT_NE(TriggerOf(Check(glabridin, 1, "Brightening Cream"), "lightener_gentle"), nullptr);
}

TEST(ClinicDecisions, ATraceAcidIsACautionButADeclaredOrExfoliantOneIsAvoided) {
  auto trace = RealAnalyzer().ParseLabel("Water, Glycerin, Squalane, Phenoxyethanol, Salicylic Acid, Tocopherol");
  const Assessment a = Check(trace, 1, "Face Cream");
  const Trigger* t = TriggerOf(a, "bha");
  ASSERT_NE(t, nullptr);
  EXPECT_FALSE(t->avoid_until_day);
  EXPECT_EQ(t->caution_until_day, 6);
  // Declared (an acne wash's 0.5 %) or in an exfoliant: the full window.
  auto declared = RealAnalyzer().ParseLabel("Salicylic Acid 0.5%, Water, Glycerin, Phenoxyethanol");
  EXPECT_EQ(TriggerOf(Check(declared, 1, "Acne Face Wash"), "bha")->avoid_until_day, 6);
  EXPECT_EQ(TriggerOf(Check(trace, 1, "Exfoliating Toner"), "bha")->avoid_until_day, 6);
}

TEST(ClinicDecisions, AHelpfulIngredientIsNeverAReasonAndRecommendedOnTheSameDay) {
  auto label = RealAnalyzer().ParseLabel("Water, Squalane, Glycerin, Ceramide NP, Phenoxyethanol");
  Assessment d0 = Check(label, 0, "Barrier Cream"), d1 = Check(label, 1, "Barrier Cream");
  EXPECT_THAT(ReasonCategories(d0), Contains("ceramide"));
  EXPECT_FALSE(Recommended(d0, "ceramide"));
  EXPECT_FALSE(Recommended(d0, "soothing"));
  EXPECT_TRUE(Recommended(d0, "humectant"));  // glycerin: recommended from day 0
  EXPECT_EQ(d1.verdict, Verdict::kSafe);
  EXPECT_TRUE(Recommended(d1, "ceramide"));
}

TEST(ClinicDecisions, FragranceInPlainEnglishIsFragrance) {
  for (const char* words :
       {"Essential Oil Blend (for scent)", "Proprietary Essential Oil Blend", "Essential Oils", "Parfum of Lime"}) {
    auto label = RealAnalyzer().ParseLabel(std::string("Water, Glycerin, ") + words + ", Phenoxyethanol");
    Assessment a = Check(label, 3, "Face Lotion");
    EXPECT_THAT(ReasonCategories(a), Contains("fragrance")) << words;
    EXPECT_TRUE(a.unrecognized.empty()) << words;
  }
  // A rose flower water carries the rose's allergens: a caution, not the fragrance window.
  auto rose = RealAnalyzer().ParseLabel("Rosa Damascena Flower Water, Glycerin, Phenoxyethanol");
  EXPECT_THAT(ReasonCategories(Check(rose, 3, "Rose Mist")), Contains("fragrance_allergen"));
}

TEST(ClinicDecisions, APreservativeOrAnAntioxidantIsNotTheActiveItCouldBe) {
  // Benzyl alcohol preserves a rinse-off cleanser; in a leave-on product it is a declared allergen.
  auto label = RealAnalyzer().ParseLabel("Water, Decyl Glucoside, Glycerin, Benzyl Alcohol, Ascorbyl Palmitate");
  EXPECT_EQ(TriggerOf(Check(label, 1, "Gentle Cleanser"), "fragrance_allergen"), nullptr);
  EXPECT_NE(TriggerOf(Check(label, 1, "Face Lotion"), "fragrance_allergen"), nullptr);
  // Ascorbyl palmitate after benzyl alcohol (1 % maximum) is the formula's antioxidant.
  const Assessment lotion = Check(label, 1, "Face Lotion");
  const NotCounted* n = NotCountedOf(lotion, "vitamin_c_derivative");
  ASSERT_NE(n, nullptr);
  EXPECT_THAT(n->why, HasSubstr("an antioxidant"));
}

TEST(ClinicDecisions, AReadingThatOnlyCouldBeAHazardIsACaution) {
  // "Anthemis Nobilis (Chamomile)": the label does not say which part; the oil would be fragrance.
  auto label = RealAnalyzer().ParseLabel("Water, Glycerin, Anthemis Nobilis (Chamomile), Phenoxyethanol");
  const Assessment a = Check(label, 1, "Face Spray");
  const Trigger* t = TriggerOf(a, "fragrance");
  ASSERT_NE(t, nullptr);
  EXPECT_FALSE(t->avoid_until_day);
  EXPECT_EQ(t->On(1), Verdict::kCaution);
  EXPECT_THAT(t->why, HasSubstr("caution until checked"));
}

TEST(ClinicDecisions, AParticleInALeaveOnKindIsATexturiser) {
  // Alumina coats a tinted mineral sunscreen's pigments; high in the list of a sunscreen it scrubs nothing.
  auto label = RealAnalyzer().ParseLabel(
      "Titanium Dioxide 8%, Zinc Oxide 3.8%, Cyclopentasiloxane, Alumina, Dimethicone, Iron Oxides, Phenoxyethanol");
  Assessment a = Check(label, 1, "Tinted Mineral Sunscreen Broad Spectrum SPF 40");
  EXPECT_EQ(TriggerOf(a, "physical_abrasive"), nullptr);
  EXPECT_EQ(a.verdict, Verdict::kSafe);
  // The same particle high in a product of no known type still counts.
  EXPECT_NE(TriggerOf(Check(label, 1, ""), "physical_abrasive"), nullptr);
}

TEST(ClinicDecisions, SaltInAGlycerinLedListIsDissolved) {
  // La Roche-Posay Toleriane Foaming Gel Cleanser as LookFantastic prints it, without its water.
  auto label = RealAnalyzer().ParseLabel(
      "glycerin, disodium cocoamphodiacetate, peg-120 methyl glucose dioleate, poloxamer 184, butylene glycol, "
      "cocamidopropyl betaine, glycol distearate, sodium chloride, sodium laureth sulfate");
  Assessment a = Check(label, 1, "Toleriane Foaming Gel Cleanser");
  EXPECT_EQ(TriggerOf(a, "physical_abrasive"), nullptr);
  ASSERT_NE(NotCountedOf(a, "physical_abrasive"), nullptr);
  EXPECT_THAT(NotCountedOf(a, "physical_abrasive")->why, HasSubstr("led by a humectant"));
}

TEST(ClinicDecisions, AShadeOfAPaletteIsMakeupByThePalettesName) {
  // Two shades of a real palette (Rose Quartz Eyeshadow Palette, Sephora; the first shortened), the second
  // without colourants in its text: named by the palette, it is makeup, and its silica a texturiser.
  auto label = RealAnalyzer().ParseLabel(
      "Cosmic Love:\nMica, Talc, Dimethicone, Silica, Iron Oxides (CI 77491), Phenoxyethanol\n"
      "Radiate:\nTalc, Aluminum Starch Octenylsuccinate, Zea Mays (Corn) Starch, Silica, Magnesium Myristate, "
      "Cetearyl Ethylhexanoate, Dimethicone, Decylene Glycol");
  Assessment a = Check(label, 3, "Rose Quartz Eyeshadow Palette");
  ASSERT_EQ(a.components.size(), 2u);
  for (const auto& c : a.components) EXPECT_EQ(c.type.type, ProductType::kMakeup) << c.name;
  EXPECT_EQ(TriggerOf(a, "physical_abrasive"), nullptr);
  EXPECT_EQ(a.verdict, Verdict::kSafe);
}

}  // namespace
}  // namespace aftercare::rules
