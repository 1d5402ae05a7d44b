#include "aftercare/match/accounting.h"

#include <gtest/gtest.h>

#include "../real_catalog.h"
#include "../test_analyzer.h"

namespace aftercare::match {
namespace {

// The spans run from byte 0 to the end, each starting where the last ended.
void ExpectCovers(const ParsedLabel& label, const std::vector<AccountedSpan>& spans) {
  uint32_t at = 0;
  for (const auto& s : spans) {
    EXPECT_EQ(s.span.begin, at);
    EXPECT_LT(s.span.begin, s.span.end);
    at = s.span.end;
  }
  EXPECT_EQ(at, label.text.size());
}

std::string KindsOf(const ParsedLabel& label, const std::vector<AccountedSpan>& spans) {
  std::string out;
  for (const auto& s : spans) {
    if (s.kind == SpanKind::kSeparator) continue;
    out += std::string(SpanKindName(s.kind)) + ":" +
           std::string(label.text.substr(s.span.begin, s.span.end - s.span.begin)) + "|";
  }
  return out;
}

TEST(Accounting, EveryByteIsAnIngredientANoteOrASeparator) {
  const auto label = testing::RealAnalyzer().ParseLabel(
      "Ingredients: Water, Glycerin, Retinol (Vitamin A).Please be aware that ingredient lists may change.");
  const auto spans = Account(label);
  ExpectCovers(label, spans);
  EXPECT_EQ(KindsOf(label, spans),
            "note:Ingredients:|ingredient:Water|ingredient:Glycerin|ingredient:Retinol (Vitamin A)|"
            "note:Please be aware that ingredient lists may change|");
}

TEST(Accounting, AGroupHeadIsPartOfTheListPieceRead) {
  const auto label = testing::RealAnalyzer().ParseLabel("Water, Iron Oxides (CI 77491, CI 77492)");
  const auto spans = Account(label);
  ExpectCovers(label, spans);
  EXPECT_EQ(KindsOf(label, spans), "ingredient:Water|piece:Iron Oxides (|ingredient:CI 77491|ingredient:CI 77492|");
}

TEST(Accounting, TextNoRuleReadsIsNotRead) {
  // A hand-made reading that leaves "Retinol" to no one.
  ParsedLabel label;
  label.text = "Water, Retinol, Glycerin";
  label.ingredients.resize(2);
  label.ingredients[0].span = {0, 5};
  label.ingredients[1].span = {16, 24};
  const auto spans = Account(label);
  ExpectCovers(label, spans);
  EXPECT_EQ(KindsOf(label, spans), "ingredient:Water|not read:, Retinol, |ingredient:Glycerin|");
}

TEST(Accounting, UnaccountedIsWhatNoCoverReaches) {
  // Covers out of order, nested, overlapping and empty: the gaps are the same
  // as Account()'s text not read, and a gap of separators alone is none.
  ParsedLabel label;
  label.text = "Aqua, Glycerin (Retinol), Niacinamide, Tocopherol; Parfum";
  label.ingredients.resize(3);
  label.ingredients[0].span = {6, 24};   // "Glycerin (Retinol)"
  label.ingredients[1].span = {0, 4};    // "Aqua", after a later one
  label.ingredients[2].span = {16, 23};  // "Retinol", inside the first
  label.pieces = {{4, 6}, {40, 40}};     // ", " and an empty piece
  std::vector<text::SourceSpan> not_read;
  for (const auto& s : Account(label)) {
    if (s.kind == SpanKind::kNotRead && s.index < 0) not_read.push_back(s.span);
  }
  const std::vector<text::SourceSpan> expected{{24, 57}};
  EXPECT_EQ(Unaccounted(label), expected);
  EXPECT_EQ(not_read, expected);
  label.ingredients.push_back({});
  label.ingredients.back().span = {26, 37};  // "Niacinamide"
  label.ingredients.push_back({});
  label.ingredients.back().span = {51, 57};  // "Parfum"
  const std::vector<text::SourceSpan> tocopherol{{37, 51}};
  EXPECT_EQ(Unaccounted(label), tocopherol);
}

// On real labels, as the reader reads them: the check finds what the source
// map calls text not read, no more and no less.
TEST(Accounting, UnaccountedIsAccountsTextNotReadOnRealLabels) {
  const auto records = testing::RealCatalogRecords("sephora_skincare_619/product_info.csv");
  size_t labels = 0, with_gaps = 0;
  for (size_t r = 1; r < records.size(); ++r) {  // after the header
    if (records[r].size() < 5) continue;
    ++labels;
    const std::string& ingredients = records[r][4];
    ParsedLabel label = testing::RealAnalyzer().ParseLabel(ingredients);
    // Parse has kept what Unaccounted() found as entries not read, with a
    // note: a reading with gaps is made by dropping every third ingredient
    // and the pieces around them.
    size_t k = 0;
    std::erase_if(label.ingredients, [&](const LabelIngredient&) { return k++ % 3 == 1; });
    label.pieces.clear();
    std::vector<text::SourceSpan> not_read;
    for (const auto& s : Account(label)) {
      if (s.kind == SpanKind::kNotRead && s.index < 0) not_read.push_back(s.span);
    }
    ASSERT_EQ(Unaccounted(label), not_read) << ingredients;
    with_gaps += !not_read.empty();
  }
  EXPECT_GT(labels, 600u);
  EXPECT_GT(with_gaps, 500u);
}

TEST(Accounting, TheReaderKeepsUnaccountedTextAsNotRead) {
  // Whatever the reader's rules leave, Parse keeps as an entry marked not read:
  // the fuzzer checks it on every input; here on text no rule covers.
  const auto label = testing::RealAnalyzer().ParseLabel("Water, Glycerin, DIRECTIONS: apply, WARNINGS: Retinol");
  for (const auto& s : Account(label)) {
    if (s.kind == SpanKind::kNotRead) {
      EXPECT_GE(s.index, 0) << label.text.substr(s.span.begin, s.span.end - s.span.begin);
    }
  }
}

}  // namespace
}  // namespace aftercare::match
