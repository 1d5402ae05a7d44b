// Issue 15, "Nothing unread is ever safe": each reading hole the issue lists,
// as a test of what the reader makes of it and of the day-3 verdict.
#include <gtest/gtest.h>

#include "../unit/test_analyzer.h"

namespace aftercare {
namespace {

struct Read {
  std::vector<std::string> incis;  // "?" for an entry that matched nothing, "?not read" for one not read
  rules::Verdict day3 = rules::Verdict::kSafe;
};

Read ReadLabel(std::string_view text) {
  const Analyzer& a = testing::RealAnalyzer();
  const match::ParsedLabel label = a.ParseLabel(text);
  Read r;
  for (const auto& ing : label.ingredients) {
    r.incis.push_back(ing.not_read        ? "?not read"
                      : !ing.recognized() ? "?"
                                          : a.db().ingredient(ing.match.ingredient).inci);
  }
  const rules::Checker& checker = testing::RealChecker();
  auto protocol = checker.FindProtocol("microneedling");
  EXPECT_TRUE(protocol.ok());
  auto assessment = checker.Assess(label, {}, **protocol, 3);
  EXPECT_TRUE(assessment.ok()) << assessment.status().ToString();
  if (assessment.ok()) r.day3 = assessment->verdict;
  return r;
}

using V = std::vector<std::string>;

TEST(Issue15, DisclaimerGluedAfterABracketKeepsTheName) {
  const Read r = ReadLabel(
      "Water, Glycerin, Retinol (Vitamin A).Please be aware that ingredient lists may change or vary from time to "
      "time.");
  EXPECT_EQ(r.incis, (V{"WATER", "GLYCERIN", "RETINOL"}));
  EXPECT_NE(r.day3, rules::Verdict::kSafe);
}

TEST(Issue15, WordsBeforeAColonAreANameUnlessAHeadingWord) {
  EXPECT_EQ(ReadLabel("Aqua, Retinol : Glycerin").incis, (V{"WATER", "RETINOL", "GLYCERIN"}));
  EXPECT_EQ(ReadLabel("aqua; dimethicone : PEG-10 Dimethicone").incis,
            (V{"WATER", "DIMETHICONE", "PEG-10 DIMETHICONE"}));
  // "inneholder" (Norwegian: contains) is a heading word; the CI before it stays.
  const Read r = ReadLabel("Aqua, CI 77891. inneholder: natriumfluorid (1450ppm F)");
  ASSERT_GE(r.incis.size(), 2u);
  EXPECT_EQ(r.incis[1], "CI 77891");
}

TEST(Issue15, AnUnknownNameIsNeverDroppedAsProse) {
  const Read r =
      ReadLabel("Water, Glycerin, Flame Of The Forest (Butea Monosperma) Extract, Butyrospermum Parkii Butter");
  EXPECT_EQ(r.incis, (V{"WATER", "GLYCERIN", "?not read", "BUTYROSPERMUM PARKII BUTTER"}));
  EXPECT_EQ(r.day3, rules::Verdict::kCaution);  // not checked: never safe while the rules are active
}

TEST(Issue15, ABracketListAfterAnUnknownHeadIsAList) {
  EXPECT_EQ(ReadLabel("Water, Complex [Retinol, Tocopherol], Glycerin").incis,
            (V{"WATER", "?", "RETINOL", "TOCOPHEROL", "GLYCERIN"}));
  EXPECT_EQ(ReadLabel("Water | Glycerin & Aloe and Citric Acid").incis, (V{"WATER", "GLYCERIN", "?", "CITRIC ACID"}));
}

TEST(Issue15, ABarePlusMinusInBracketsOpensAMayContainBlock) {
  const match::ParsedLabel label = testing::RealAnalyzer().ParseLabel("CI 19140 [+/-] CI 77491, CI 75470");
  ASSERT_EQ(label.ingredients.size(), 3u);
  EXPECT_FALSE(label.ingredients[0].may_contain);
  EXPECT_TRUE(label.ingredients[1].may_contain);
  EXPECT_TRUE(label.ingredients[2].may_contain);
}

TEST(Issue15, AKnownNameInTextDroppedBeforeTheListIsRead) {
  EXPECT_EQ(ReadLabel("Retinol, Ingredients: Water, Glycerin").incis, (V{"RETINOL", "WATER", "GLYCERIN"}));
  // A list before the heading is a list ("Mask: Water, ... INGREDIENTS: ..." in a kit).
  EXPECT_EQ(ReadLabel("Water, Glycerin, Retinol, Tocopherol. INGREDIENTS: Water, Squalane").incis,
            (V{"WATER", "GLYCERIN", "RETINOL", "TOCOPHEROL", "WATER", "SQUALANE"}));
}

TEST(Issue15, ASubProductNamedByAKnownNameIsThatName) {
  EXPECT_EQ(ReadLabel("Avobenzone: 3%, Homosalate: 10%, Water, Glycerin").incis,
            (V{"BUTYL METHOXYDIBENZOYLMETHANE", "HOMOSALATE", "WATER", "GLYCERIN"}));
}

// The other direction: a name in a claim of what the product is without is
// not in the product ("Formulated without: ... fragrance"), and a product
// name that holds "Free" is no such claim.
TEST(Issue15, WhatAProductIsWithoutIsNotAnIngredient) {
  EXPECT_EQ(ReadLabel("Water, Glycerin. Formulated without: parabens, sulfates, fragrance, dyes.").incis,
            (V{"WATER", "GLYCERIN"}));
  EXPECT_EQ(ReadLabel("Free of: parabens, fragrance. Ingredients: Water, Glycerin").incis, (V{"WATER", "GLYCERIN"}));
  EXPECT_EQ(ReadLabel("Fragrance Free 3.3 oz: Water, Glycerin, Retinol").incis, (V{"WATER", "GLYCERIN", "RETINOL"}));
}

}  // namespace
}  // namespace aftercare
