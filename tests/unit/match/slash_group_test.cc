// Issue 19: a slash group's unknown piece is another name of its known one
// only when something says so (another language, the same form, the plant
// it comes from, a close spelling); otherwise it may be another ingredient,
// and it is read on its own, never hidden behind the known name.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../test_analyzer.h"

namespace aftercare::match {
namespace {

using ::aftercare::testing::RealAnalyzer;

// The ingredient whose span holds byte `at` of the label, or null.
const LabelIngredient* At(const ParsedLabel& p, size_t at) {
  for (const auto& ing : p.ingredients) {
    if (ing.span.begin <= at && at < ing.span.end) return &ing;
  }
  return nullptr;
}

std::string Inci(const LabelIngredient& ing) {
  return ing.match.ingredient >= 0 ? RealAnalyzer().db().ingredient(ing.match.ingredient).inci : "";
}

// The real label (ulta_skincare_1293, I'm Real Honey Sheet Mask) prints no
// commas: its "PEG/PPG-17/6 Copolymer" once made the whole list one slash
// group read as PPG-17, and the fragrance at its end went unseen.
TEST(SlashGroup, AGroupAcrossAListWithoutCommasHidesNothing) {
  const std::string label =
      "Water Glycerin Methylpropanediol Glycereth-26 PEG/PPG-17/6 Copolymer Honey Extract Propolis Extract "
      "Sodium Hyaluronate Hydrolyzed Collagen Allantoin Panthenol Carbomer Tromethamine PEG-60 Hydrogenated "
      "Castor Oil Hydroxyethylcellulose Hydroxyacetophenone Chlorphenesin Disodium EDTA Fragrance";
  const ParsedLabel p = RealAnalyzer().ParseLabel(label);
  const LabelIngredient* water = At(p, label.find("Water"));
  ASSERT_NE(water, nullptr);
  EXPECT_EQ(Inci(*water), "WATER");
  const LabelIngredient* fragrance = At(p, label.find("Fragrance"));
  ASSERT_NE(fragrance, nullptr);
  EXPECT_TRUE(fragrance->recognized());
  EXPECT_NE(Inci(*fragrance), "PPG-17");
  const db::IngredientDb& db = RealAnalyzer().db();
  std::vector<db::CategoryId> categories;
  for (db::CategoryId c : fragrance->match.pattern_categories) {
    for (db::CategoryId a : db.WithAncestors(c)) categories.push_back(a);
  }
  if (fragrance->match.ingredient >= 0) categories = db.CategoriesOf(fragrance->match.ingredient);
  bool fragrance_category = false;
  for (db::CategoryId c : categories) fragrance_category = fragrance_category || db.category(c).id == "fragrance";
  EXPECT_TRUE(fragrance_category);
}

TEST(SlashGroup, AnUnknownPieceThatMayBeAnotherIngredientIsReadOnItsOwn) {
  const std::string label = "Aloe Barbadensis Leaf Juice Powdre Blend/Water, Glycerin";
  const ParsedLabel p = RealAnalyzer().ParseLabel(label);
  const LabelIngredient* water = At(p, label.find("Water"));
  ASSERT_NE(water, nullptr);
  EXPECT_EQ(p.Label(*water), "Water");
  EXPECT_EQ(Inci(*water), "WATER");
  const LabelIngredient* aloe = At(p, 0);
  ASSERT_NE(aloe, nullptr);
  EXPECT_NE(Inci(*aloe), "WATER");         // the aloe piece is not water ...
  EXPECT_FALSE(p.Unrecognized().empty());  // ... and what is not read says so ("Powdre Blend")
}

TEST(SlashGroup, OtherNamesOfTheSameIngredientStayOne) {
  // Each from a real label: a French name, the same form in English, the
  // name's shared last word left out, a colour beside its CI number.
  for (const char* label :
       {"Beeswax/Cera Alba/Cire d\xE2\x80\x99"
        "abeille",
        "Butyrospermum Parkii Butter/Shea", "Simmondsia Chinensis Butter / Jojoba Butter", "CI 77492/Yellow",
        "Prunus Armeniaca Kernel Oil / Apricot Kernel", "Zinc Oxide/Oxyde De Zinc"}) {
    SCOPED_TRACE(label);
    const ParsedLabel p = RealAnalyzer().ParseLabel(label);
    ASSERT_EQ(p.ingredients.size(), 1u);
    EXPECT_TRUE(p.ingredients[0].recognized());
    EXPECT_EQ(p.ingredients[0].how, ReadAs::kSlashSynonyms);
  }
}

TEST(SlashGroup, APolymerOrFermentNameIsOneNameClosestSpellingFirst) {
  const ParsedLabel typo = RealAnalyzer().ParseLabel("Acrylamide/Sodium Acryloyldimethylaurate Copolymer");
  ASSERT_EQ(typo.ingredients.size(), 1u);
  EXPECT_EQ(typo.ingredients[0].match.kind, MatchKind::kFuzzy);
  EXPECT_EQ(Inci(typo.ingredients[0]), "ACRYLAMIDE/SODIUM ACRYLOYLDIMETHYLTAURATE COPOLYMER");
  const ParsedLabel ferment = RealAnalyzer().ParseLabel("Bacillus/Soybean/Folic Acid Ferment");
  ASSERT_EQ(ferment.ingredients.size(), 1u);
  EXPECT_FALSE(ferment.ingredients[0].recognized());  // one name the DB does not know, not "Bacillus"
  const ParsedLabel cut = RealAnalyzer().ParseLabel("acrylamide/sodium");
  ASSERT_EQ(cut.ingredients.size(), 1u);
  EXPECT_EQ(cut.ingredients[0].match.kind, MatchKind::kPattern);  // a name cut short, not Acrylamide
}

}  // namespace
}  // namespace aftercare::match
