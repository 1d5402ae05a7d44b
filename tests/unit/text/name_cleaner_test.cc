// The name cleaner alone: the name a piece's text becomes, what it notes on
// the way (a percentage, nano, a batch code, an OCR repair), and the codes it
// tells from names.
#include "aftercare/text/name_cleaner.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace aftercare::text {
namespace {

const NameCleaner& Cleaner() {
  static const NameCleaner* cleaner = [] {
    auto c = NameCleaner::Create();
    if (!c.ok()) std::abort();
    return std::move(c).value().release();
  }();
  return *cleaner;
}

struct Cleaned {
  bool named;
  std::string name;
  NameNotes notes;
};

Cleaned Clean(std::string_view raw) {
  Cleaned c;
  c.name = "before|";  // appended to, never replaced
  c.named = Cleaner().Clean(raw, &c.name, &c.notes);
  c.name.erase(0, 7);
  return c;
}

TEST(NameCleaner, APlainNameIsItsTidiedText) {
  EXPECT_EQ(Clean("Glycerin").name, "Glycerin");
  EXPECT_EQ(Clean("and Glycerin,").name, "Glycerin");
  EXPECT_EQ(Clean("& Sodium Chloride.").name, "Sodium Chloride");
  EXPECT_EQ(Clean("(Glycerin").name, "Glycerin");       // an unbalanced bracket at an end goes
  EXPECT_EQ(Clean("Water (Aqua").name, "Water (Aqua");  // only the ends change
  const Cleaned dash = Clean(" - ");
  EXPECT_FALSE(dash.named);
  EXPECT_EQ(dash.name, "");
}

TEST(NameCleaner, NoiseGluedToANameIsDropped) {
  EXPECT_EQ(Clean("Linalool 78-70-6").name, "Linalool");
  EXPECT_EQ(Clean("Stearic Acid USP").name, "Stearic Acid");
  EXPECT_EQ(Clean("Avobenzone (,)").name, "Avobenzone");
  EXPECT_EQ(Clean("Water*").name, "Water");
  EXPECT_EQ(Clean("Aloe Vera\xC2\xB9").name, "Aloe Vera");  // ¹
  const Cleaned lot = Clean("Glycerin (lot 12345)");
  EXPECT_EQ(lot.name, "Glycerin");
  EXPECT_TRUE(lot.notes.batch_code);
  EXPECT_FALSE(Clean("Glycerin").notes.batch_code);
}

TEST(NameCleaner, APercentageIsTakenOut) {
  Cleaned c = Clean("Niacinamide 10%");
  EXPECT_EQ(c.name, "Niacinamide");
  ASSERT_TRUE(c.notes.percent.has_value());
  EXPECT_DOUBLE_EQ(*c.notes.percent, 10.0);
  c = Clean("Titanium Dioxide (13,5%)");  // a decimal comma
  EXPECT_EQ(c.name, "Titanium Dioxide");
  EXPECT_DOUBLE_EQ(c.notes.percent.value_or(0), 13.5);
  c = Clean("Sodium Fluoride (1450 ppm)");
  EXPECT_EQ(c.name, "Sodium Fluoride");
  EXPECT_DOUBLE_EQ(c.notes.percent.value_or(0), 0.145);
  c = Clean("10%");  // a percentage on its own: no name
  EXPECT_FALSE(c.named);
  EXPECT_DOUBLE_EQ(c.notes.percent.value_or(0), 10.0);
  EXPECT_FALSE(Clean("Glycerin").notes.percent.has_value());
}

TEST(NameCleaner, AQualifierIsTakenOutAndNanoNoted) {
  Cleaned c = Clean("Zinc Oxide (Nano)");
  EXPECT_EQ(c.name, "Zinc Oxide");
  EXPECT_TRUE(c.notes.nano);
  c = Clean("Titanium Dioxide ( non-nano )");
  EXPECT_EQ(c.name, "Titanium Dioxide");
  EXPECT_FALSE(c.notes.nano);
  EXPECT_EQ(Clean("Aloe Barbadensis Leaf Juice (Organic)").name, "Aloe Barbadensis Leaf Juice");
  EXPECT_EQ(Clean("Parfum (Fragrance)").name, "Parfum (Fragrance)");  // a synonym is no qualifier
}

TEST(NameCleaner, AnOcrdColourNumberIsRepairedAndNoted) {
  Cleaned c = Clean("Cl 77491");
  EXPECT_EQ(c.name, "CI 77491");
  EXPECT_EQ(c.notes.ocr_before, "Cl 77491");
  c = Clean("CI 77491");
  EXPECT_EQ(c.name, "CI 77491");
  EXPECT_EQ(c.notes.ocr_before, "");
}

TEST(NameCleaner, CodesAreToldFromNames) {
  EXPECT_EQ(Cleaner().TrailingCode("Soybean Oil (CODE F.I.L.: B234540/1)"), "(CODE F.I.L.: B234540/1)");
  EXPECT_EQ(Cleaner().TrailingCode("Extract. [V1640i]"), "[V1640i]");
  EXPECT_EQ(Cleaner().TrailingCode("Iron Oxides (CI77491)"), "");  // a colour number is an ingredient
  EXPECT_EQ(Cleaner().TrailingCode("[V1640i]"), "");               // all code: IsCode's
  EXPECT_EQ(Cleaner().TrailingCode("Glycerin"), "");
  for (const char* code : {"740021 13", "D34877/1", "[V1640i]", "(F01)"}) EXPECT_TRUE(Cleaner().IsCode(code)) << code;
  for (const char* name : {"(CI77491)", "CI 77491", "PEG-100", "Glycerin", "1,2-Hexanediol"}) {
    EXPECT_FALSE(Cleaner().IsCode(name)) << name;
  }
}

}  // namespace
}  // namespace aftercare::text
