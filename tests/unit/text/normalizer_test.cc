#include "aftercare/text/normalizer.h"

#include <gtest/gtest.h>

namespace aftercare::text {
namespace {

class NormalizerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto n = Normalizer::Create();
    ASSERT_TRUE(n.ok()) << n.status().ToString();
    norm_ = std::make_unique<Normalizer>(std::move(n).value());
  }
  std::unique_ptr<Normalizer> norm_;
};

TEST_F(NormalizerTest, UpperCasesAndCollapsesWhitespace) {
  EXPECT_EQ(norm_->Key("  sodium \t hyaluronate\n"), "SODIUM HYALURONATE");
}

TEST_F(NormalizerTest, RemovesAccents) {
  EXPECT_EQ(norm_->Key("Glycérine"), "GLYCERINE");
  EXPECT_EQ(norm_->Key("Cire d’Abeille"), "CIRE D'ABEILLE");
  EXPECT_EQ(norm_->Key("Huile Minérale"), "HUILE MINERALE");
}

TEST_F(NormalizerTest, FoldsFullWidthForms) {
  EXPECT_EQ(norm_->Key("ＷＡＴＥＲ（ＡＱＵＡ）"), "WATER(AQUA)");
}

TEST_F(NormalizerTest, DropsSpacesAroundSlashesAndInsideBrackets) {
  EXPECT_EQ(norm_->Key("Styrene / Acrylates Copolymer"), "STYRENE/ACRYLATES COPOLYMER");
  EXPECT_EQ(norm_->Key("Titanium Dioxide ( nano )"), "TITANIUM DIOXIDE (NANO)");
}

TEST_F(NormalizerTest, DropsTrailingPeriods) {
  EXPECT_EQ(norm_->Key("Alcohol Denat."), "ALCOHOL DENAT");
  EXPECT_EQ(norm_->Key("Water."), "WATER");
}

TEST_F(NormalizerTest, KeepsLocantCommasAndDigits) {
  EXPECT_EQ(norm_->Key("1,2-Hexanediol"), "1,2-HEXANEDIOL");
}

TEST_F(NormalizerTest, InvalidUtf8DoesNotCrash) {
  std::string bad = "Glyc\xC3\x28rin \xFF";
  std::string key = norm_->Key(bad);
  EXPECT_FALSE(key.empty());
}

TEST(AsciiKey, MatchesTheIcuPathOnAscii) { EXPECT_EQ(AsciiKey("peg-40 Hydrogenated  castor oil"), "PEG-40 HYDROGENATED CASTOR OIL"); }

}  // namespace
}  // namespace aftercare::text
