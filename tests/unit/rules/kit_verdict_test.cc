// Kits (several sub-products under their headings in one label): each
// sub-product gets a verdict of its own, and the kit the worst of them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "aftercare/rules/verdict.h"
#include "check_helpers.h"

namespace aftercare::rules {
namespace {

using ::aftercare::testing::RealAnalyzer;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;

// The labels of a component's reasons on the assessment's day.
std::vector<std::string> ReasonLabels(const Assessment& a, const ComponentAssessment& c) {
  std::vector<std::string> out;
  for (const Trigger* t : a.Reasons(c)) out.push_back(t->label);
  return out;
}

std::vector<std::string> ComponentNames(const Assessment& a) {
  std::vector<std::string> out;
  for (const auto& c : a.components) out.push_back(c.name);
  return out;
}

// The Ordinary, The Bright Set (sephora_product_info_8494, product P479861):
// a squalane cleanser, two serums and a glycolic acid toner in one label.
constexpr const char* kBrightSet =
    "Squalane Cleanser:\n"
    "Squalane, Aqua (Water), Coco-Caprylate/Caprate, Glycerin, Sucrose Stearate, Ethyl Macadamiate, "
    "Caprylic/Capric Triglyceride, Hydrogenated Starch Hydrolysate, Sucrose Laurate, Polyacrylate Crosspolymer-6, "
    "Isoceteth-20, Sodium Polyacrylate, Tocopherol, Hydroxymethoxyphenyl Decanone, Trisodium Ethylenediamine "
    "Disuccinate, Malic Acid, Ethylhexylglycerin, Chlorphenesin.\n"
    "Caffeine Solution 5% + EGCG:\n"
    "Aqua (Water), Caffeine, Maltodextrin, Glycerin, Propanediol, Epigallocatechin Gallatyl Glucoside, Gallyl "
    "Glucoside, Hyaluronic Acid, Oxidized Glutathione, Melanin, Glycine Soja (Soybean) Seed Extract, Pentylene Glycol, "
    "Hydroxyethylcellulose, Polyacrylate Crosspolymer-6, Xanthan Gum, Lactic Acid, Dehydroacetic Acid, Trisodium "
    "Ethylenediamine Disuccinate, Propyl Gallate, Dimethyl Isosorbide, Benzyl Alcohol, 1,2-Hexanediol, "
    "Ethylhexylglycerin, Phenoxyethanol, Caprylyl Glycol.\n"
    "Ethylated Ascorbic Acid 15% Solution:\n"
    "Propanediol, Ethyl Ascorbic Acid.\n"
    "Glycolic Acid 7% Toning Solution:\n"
    "Aqua (Water), Glycolic Acid, Rosa Damascena Flower Water, Centaurea Cyanus Flower Water, Aloe Barbadensis Leaf "
    "Water, Propanediol, Glycerin, Triethanolamine, Aminomethyl Propanol, Panax Ginseng Root Extract, Tasmannia "
    "Lanceolata Fruit/Leaf Extract, Aspartic Acid, Alanine, Glycine, Serine, Valine, Isoleucine, Proline, Threonine, "
    "Histidine, Phenylalanine, Glutamic Acid, Arginine, Pca, Sodium Pca, Sodium Lactate, Fructose, Glucose, Sucrose, "
    "Urea, Hexyl Nicotinate, Dextrin, Citric Acid, Polysorbate 20, Gellan Gum, Trisodium Ethylenediamine Disuccinate, "
    "Sodium Chloride, Hexylene Glycol, Potassium Sorbate, Sodium Benzoate, 1,2-Hexanediol, Caprylyl Glycol.";

TEST(KitVerdict, TheCleanserIsSafeWhileTheAcidTonerIsAvoidedAndTheKitTakesTheWorst) {
  auto label = RealAnalyzer().ParseLabel(kBrightSet);
  ASSERT_EQ(label.components.size(), 4u);
  Assessment a = Check(label, 3, "The Bright Set");
  EXPECT_EQ(a.verdict, Verdict::kAvoid);
  ASSERT_THAT(ComponentNames(a),
              ElementsAre("Squalane Cleanser", "Caffeine Solution 5% + EGCG", "Ethylated Ascorbic Acid 15% Solution",
                          "Glycolic Acid 7% Toning Solution"));
  const ComponentAssessment& cleanser = a.components[0];
  EXPECT_EQ(cleanser.type.type, ProductType::kCleanser);
  EXPECT_EQ(cleanser.verdict, Verdict::kSafe);
  EXPECT_THAT(ReasonLabels(a, cleanser), IsEmpty());
  const ComponentAssessment& toner = a.components[3];
  EXPECT_EQ(toner.type.type, ProductType::kToner);
  EXPECT_EQ(toner.verdict, Verdict::kAvoid);
  EXPECT_EQ(toner.safe_from_day, 14);
  EXPECT_THAT(ReasonLabels(a, toner), Contains("Glycolic Acid"));
  // The kit's own verdict and first safe day are the worst of its components'.
  Verdict worst = Verdict::kSafe;
  int last = 0;
  for (const auto& c : a.components) {
    worst = std::max(worst, c.verdict);
    last = std::max(last, c.safe_from_day);
  }
  EXPECT_EQ(a.verdict, worst);
  EXPECT_EQ(a.safe_from_day, last);
  // On day 14 every part is safe, so the kit is.
  Assessment later = Check(label, 14, "The Bright Set");
  EXPECT_EQ(later.verdict, Verdict::kSafe);
  for (const auto& c : later.components) EXPECT_EQ(c.verdict, Verdict::kSafe) << c.name;
}

TEST(KitVerdict, TriggersAndStatusIndexTheWholeLabel) {
  auto label = RealAnalyzer().ParseLabel(kBrightSet);
  Assessment a = Check(label, 3, "The Bright Set");
  ASSERT_EQ(a.status.size(), label.ingredients.size());
  size_t covered = 0;
  for (const auto& c : a.components) {
    for (size_t i = c.triggers_begin; i < c.triggers_end; ++i) {
      const Trigger& t = a.triggers[i];
      EXPECT_EQ(a.ComponentOf(&t), &c);
      if (t.ingredient < 0) continue;
      const auto& ing = label.ingredients[static_cast<size_t>(t.ingredient)];
      EXPECT_EQ(ing.component, c.component) << t.label;
      EXPECT_EQ(label.Label(ing), t.label);
    }
    covered += c.triggers_end - c.triggers_begin;
  }
  EXPECT_EQ(covered, a.triggers.size());
  // Glycolic acid is the toner's second ingredient, avoided on the day.
  auto glycolic = std::find_if(label.ingredients.begin(), label.ingredients.end(),
                               [&](const auto& ing) { return label.Label(ing) == "Glycolic Acid"; });
  ASSERT_NE(glycolic, label.ingredients.end());
  EXPECT_EQ(glycolic->component, 3);
  EXPECT_EQ(glycolic->position, 2);
  EXPECT_EQ(a.status[static_cast<size_t>(glycolic - label.ingredients.begin())], Verdict::kAvoid);
  // The malic acid low in the cleanser's list is a pH adjuster there.
  bool malic = std::any_of(a.not_counted.begin(), a.not_counted.end(), [&](const NotCounted& n) {
    return n.inci == "MALIC ACID" && label.ingredients[static_cast<size_t>(n.ingredient)].component == 0;
  });
  EXPECT_TRUE(malic);
}

TEST(KitVerdict, EachSubProductIsTypedByItsOwnName) {
  // Alcohol low in the list counts in a toner only: the kit's name tells no
  // type, the headings do.
  auto label = RealAnalyzer().ParseLabel(
      "Toner:\nWater, Glycerin, Aloe Barbadensis Leaf Juice, Panthenol, Allantoin, Alcohol Denat.\n"
      "Day Cream:\nWater, Glycerin, Squalane, Cetearyl Alcohol, Dimethicone, Alcohol Denat.\n");
  Assessment a = Check(label, 3, "Balance Duo");
  ASSERT_EQ(a.components.size(), 2u);
  EXPECT_EQ(a.type.type, ProductType::kUnknown);
  EXPECT_EQ(a.components[0].type.type, ProductType::kToner);
  EXPECT_EQ(a.components[0].verdict, Verdict::kAvoid);
  EXPECT_EQ(a.components[1].type.type, ProductType::kMoisturizer);
  EXPECT_EQ(a.components[1].verdict, Verdict::kSafe);
  EXPECT_EQ(a.verdict, Verdict::kAvoid);
}

TEST(KitVerdict, ALabelsExfoliationWordCountsOnlyInItsOwnSubProduct) {
  // Silica low in a cream's list is a texturiser; the scrub's "Polishing"
  // elsewhere on the label does not make it an abrasive.
  auto label = RealAnalyzer().ParseLabel(
      "Polishing Scrub:\nWater, Glycerin, Pumice\n"
      "Night Cream:\nWater, Glycerin, Squalane, Cetearyl Alcohol, Dimethicone, Caprylyl Glycol, Silica\n");
  Assessment a = Check(label, 3, "Smooth Duo");
  ASSERT_EQ(a.components.size(), 2u);
  EXPECT_EQ(a.components[0].verdict, Verdict::kAvoid);
  EXPECT_EQ(a.components[1].verdict, Verdict::kSafe);
  EXPECT_THAT(ReasonLabels(a, a.components[1]), Not(Contains("Silica")));
}

TEST(KitVerdict, AHeadingThatTellsNoTypeTakesTheKitsType) {
  auto label = RealAnalyzer().ParseLabel(
      "Day:\nWater, Glycerin, Sodium Laureth Sulfate\nNight:\nWater, Glycerin, Glycolic Acid\n");
  Assessment a = Check(label, 3, "Glow Cleanser Duo");
  ASSERT_EQ(a.components.size(), 2u);
  for (const auto& c : a.components) EXPECT_EQ(c.type.type, ProductType::kCleanser) << c.name;
  // A type given for the kit applies the same way.
  Assessment given = Check(label, 3, "Glow Duo", ProductType::kSerum);
  for (const auto& c : given.components) EXPECT_EQ(c.type.type, ProductType::kSerum) << c.name;
}

TEST(KitVerdict, APlainLabelAndAHeadingOverNothingHaveNoComponents) {
  auto plain = RealAnalyzer().ParseLabel("Water, Glycerin, Sodium Hyaluronate");
  EXPECT_THAT(Check(plain, 0, "Hydrating Serum").components, IsEmpty());
  // "Kit includes:" heads nothing: the one sub-product with a list is the product.
  auto one = RealAnalyzer().ParseLabel("Kit includes:\nCleanser:\nWater, Glycerin, Parfum\n");
  ASSERT_EQ(one.components.size(), 2u);
  Assessment a = Check(one, 3, "Cleanser Kit");
  EXPECT_THAT(a.components, IsEmpty());
  EXPECT_EQ(a.verdict, Verdict::kAvoid);
}

TEST(KitVerdict, APractitionerSuppliedKitIsAllowedInEveryPart) {
  auto label = RealAnalyzer().ParseLabel(kBrightSet);
  ClinicPolicy policy;
  policy.file = "clinic.json";
  policy.allowed.push_back({"The Bright Set", "", 2, "supplied by the clinic"});
  Assessment a = Check(label, 3, "The Bright Set", std::nullopt, &policy);
  ASSERT_EQ(a.components.size(), 4u);
  for (const auto& c : a.components) {
    EXPECT_EQ(c.verdict, Verdict::kSafe) << c.name;
    EXPECT_EQ(c.safe_from_day, 2) << c.name;
  }
  EXPECT_EQ(Check(label, 1, "The Bright Set", std::nullopt, &policy).verdict, Verdict::kAvoid);
  // Not the kit allowed: its toner stays avoided.
  EXPECT_EQ(Check(label, 3, "Another Set", std::nullopt, &policy).components[3].verdict, Verdict::kAvoid);
}

}  // namespace
}  // namespace aftercare::rules
