// Issue 16: text in a list that plainly is no ingredient becomes a note of the
// accounting, not an unrecognized ingredient that keeps a product at caution
// for two weeks; anything that could be a name stays one.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../test_analyzer.h"
#include "aftercare/match/accounting.h"

namespace aftercare::match {
namespace {

using ::aftercare::testing::RealAnalyzer;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> Names(const ParsedLabel& p) {
  std::vector<std::string> out;
  for (const auto& ing : p.ingredients) out.emplace_back(p.Label(ing));
  return out;
}

// The message of the note that covers `text`, "" when none does.
std::string NoteFor(const ParsedLabel& p, std::string_view text) {
  const size_t at = p.text.find(text);
  for (const auto& d : p.diagnostics) {
    if (at != std::string::npos && d.span.begin <= at && at < d.span.end) return d.message;
  }
  return "";
}

TEST(NotAnIngredient, ClaimsAreNotes) {
  auto p = RealAnalyzer().ParseLabel(
      "Water, Glycerin, Squalane, Phenoxyethanol. Smooths and boosts collagen. Paraben free, Vegan, Hypoallergenic, "
      "100% Naturally Derived, Cruelty-Free");
  EXPECT_THAT(Names(p), ElementsAre("Water", "Glycerin", "Squalane", "Phenoxyethanol"));
  for (const char* claim : {"Smooths and boosts collagen", "Paraben free", "Vegan", "Hypoallergenic",
                            "Naturally Derived", "Cruelty-Free"}) {
    EXPECT_THAT(NoteFor(p, claim), HasSubstr("a claim")) << claim;
  }
}

TEST(NotAnIngredient, WhatCouldBeANameStaysOne) {
  // A name the database does not know next to claim words, a known name, a 5-digit colour index cut
  // from its "CI": each stays in the list (unrecognized or read), never a note.
  auto p = RealAnalyzer().ParseLabel("Water, Retinol Free, Skin Conditioning Agent, Collagen, 77491, Fragrance");
  EXPECT_THAT(Names(p),
              ElementsAre("Water", "Retinol Free", "Skin Conditioning Agent", "Collagen", "77491", "Fragrance"));
}

TEST(NotAnIngredient, NumbersStrengthsMaterialsAndDrugFactsWordsAreNotes) {
  auto p = RealAnalyzer().ParseLabel(
      "Alcohol Denat., Parfum, Linalool. 80 % Vol.\nGlass, 100% Cotton Wick, Sunscreen, Visit the CLINIQUE boutique, "
      "Peut Contenir, CI 77491");
  EXPECT_THAT(Names(p), ElementsAre("Alcohol Denat", "Parfum", "Linalool", "Glass", "CI 77491"));
  EXPECT_THAT(NoteFor(p, "80 % Vol"), HasSubstr("alcohol strength"));
  EXPECT_FALSE(p.ingredients[2].percent.has_value());  // 80 % is not Linalool's
  EXPECT_THAT(NoteFor(p, "Cotton Wick"), HasSubstr("made of"));
  EXPECT_THAT(NoteFor(p, "Sunscreen"), HasSubstr("Drug Facts"));
  EXPECT_THAT(NoteFor(p, "Visit the"), HasSubstr("retailer"));
  EXPECT_TRUE(p.ingredients.back().may_contain);
  auto number = RealAnalyzer().ParseLabel("Water, Glycerin, 5");
  EXPECT_THAT(Names(number), ElementsAre("Water", "Glycerin"));
  EXPECT_THAT(NoteFor(number, "5"), HasSubstr("a number"));
}

TEST(NotAnIngredient, TheProductsNameAloneOnTheFirstLineIsANote) {
  auto p = RealAnalyzer().ParseLabel("Facial Spray with Aloe\nAqua, Glycerin, Aloe Barbadensis Leaf Juice");
  EXPECT_THAT(Names(p), ElementsAre("Aqua", "Glycerin", "Aloe Barbadensis Leaf Juice"));
  EXPECT_THAT(NoteFor(p, "Facial Spray"), HasSubstr("the product's name"));
  // Every byte is still accounted for.
  EXPECT_TRUE(Unaccounted(p).empty());
}

}  // namespace
}  // namespace aftercare::match
