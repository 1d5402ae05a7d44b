#include "aftercare/text/normalizer.h"

#include <string>
#include <vector>

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

TEST_F(NormalizerTest, FoldsFullWidthForms) { EXPECT_EQ(norm_->Key("ＷＡＴＥＲ（ＡＱＵＡ）"), "WATER(AQUA)"); }

TEST_F(NormalizerTest, DropsSpacesAroundSlashesAndInsideBrackets) {
  EXPECT_EQ(norm_->Key("Styrene / Acrylates Copolymer"), "STYRENE/ACRYLATES COPOLYMER");
  EXPECT_EQ(norm_->Key("Titanium Dioxide ( nano )"), "TITANIUM DIOXIDE (NANO)");
}

TEST_F(NormalizerTest, DropsTrailingPeriods) {
  EXPECT_EQ(norm_->Key("Alcohol Denat."), "ALCOHOL DENAT");
  EXPECT_EQ(norm_->Key("Water."), "WATER");
}

TEST_F(NormalizerTest, KeepsLocantCommasAndDigits) { EXPECT_EQ(norm_->Key("1,2-Hexanediol"), "1,2-HEXANEDIOL"); }

TEST_F(NormalizerTest, InvalidUtf8DoesNotCrash) {
  std::string bad = "Glyc\xC3\x28rin \xFF";
  std::string key = norm_->Key(bad);
  EXPECT_FALSE(key.empty());
}

// The fast paths (Latin-1 table, typographic punctuation, characters folded
// alone) must give the key ICU gives for the whole name, in any context.
TEST_F(NormalizerTest, FastPathsAgreeWithIcuInContext) {
  auto utf8 = [](char32_t cp) {
    std::string s;
    if (cp < 0x800) {
      s += static_cast<char>(0xC0 | (cp >> 6));
    } else {
      s += static_cast<char>(0xE0 | (cp >> 12));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    }
    s += static_cast<char>(0x80 | (cp & 0x3F));
    return s;
  };
  std::vector<std::pair<char32_t, char32_t>>
      ranges = {{0xA0, 0x24F},    {0x370, 0x3FF},   {0x400, 0x4FF},   {0x2000, 0x206F},
                {0x2070, 0x20CF}, {0x2100, 0x218F}, {0x2200, 0x22FF}, {0xFB00, 0xFB06},
                {0xFF01, 0xFF5E}, {0xFFFD, 0xFFFD}, {0x1100, 0x1112}};  // Hangul leading consonants compose with a
                                                                        // following vowel
  int checked = 0;
  for (auto [lo, hi] : ranges) {
    for (char32_t cp = lo; cp <= hi; ++cp) {
      const std::string c = utf8(cp);
      for (const std::string& name :
           {"a" + c + "b", "E" + c + c + "e", "1 " + c + "\xcc\x81", c + "\xc3\xa9 x", c + "\xe1\x85\xa1"}) {
        ASSERT_EQ(norm_->Key(name), norm_->KeyByIcu(name)) << "U+" << std::hex << static_cast<uint32_t>(cp);
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 6000);
  // Characters seen on real labels.
  EXPECT_EQ(norm_->Key("Vitamin E\xe2\x84\xa2"), "VITAMIN ETM");  // ™
  EXPECT_EQ(norm_->Key("Aqua\xc2\xa0Water"), "AQUA WATER");       // no-break space
}

TEST(AsciiKey, MatchesTheIcuPathOnAscii) {
  EXPECT_EQ(AsciiKey("peg-40 Hydrogenated  castor oil"), "PEG-40 HYDROGENATED CASTOR OIL");
}

}  // namespace
}  // namespace aftercare::text
