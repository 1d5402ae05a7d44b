#include "aftercare/rules/product_type.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <string>

#include "../real_catalog.h"

namespace aftercare::rules {
namespace {

const ProductNameReader& Reader() {
  static const ProductNameReader* r = [] {
    auto x = ProductNameReader::Create();
    EXPECT_TRUE(x.ok());
    return x->release();
  }();
  return *r;
}

ProductType TypeOf(std::string_view name) { return Reader().Read(name).type; }

TEST(ProductNameReader, ReadsTheTypeFromRealProductNames) {
  EXPECT_EQ(TypeOf("Hydrating Facial Cleanser"), ProductType::kCleanser);
  EXPECT_EQ(TypeOf("Acne Remedy Balancing Foam Cleanser"), ProductType::kCleanser);
  EXPECT_EQ(TypeOf("Micellar Cleansing Water"), ProductType::kCleanser);
  EXPECT_EQ(TypeOf("Makeup Remover Balm"), ProductType::kCleanser);  // not makeup
  EXPECT_EQ(TypeOf("Glycolic Acid 7% Toning Solution"),
            ProductType::kToner);  // glycolic still counts: an AHA always does
  EXPECT_EQ(TypeOf("Witch Hazel Toner"), ProductType::kToner);
  EXPECT_EQ(TypeOf("Glycolic Acid Exfoliating Toner"), ProductType::kToner);
  EXPECT_EQ(TypeOf("Ultra Pure Hyaluronic Acid 1.5% Serum"), ProductType::kSerum);
  EXPECT_EQ(TypeOf("Ethylated Ascorbic Acid 15% Solution"), ProductType::kSerum);
  EXPECT_EQ(TypeOf("PM Facial Moisturizing Lotion"), ProductType::kMoisturizer);
  EXPECT_EQ(TypeOf("Classic Face Sunscreen SPF 50 White Tea"), ProductType::kSunscreen);
  EXPECT_EQ(TypeOf("Tinted Moisturizer Broad Spectrum SPF 30"), ProductType::kSunscreen);  // tinted SPF: sun protection
  EXPECT_EQ(TypeOf("Tinted Moisturizer"), ProductType::kMakeup);
  EXPECT_EQ(TypeOf("Photo Finish Foundation Primer SPF 20"), ProductType::kMakeup);  // makeup with an SPF
  EXPECT_EQ(TypeOf("Daily Microfoliant Exfoliating Powder"), ProductType::kScrub);
  EXPECT_EQ(TypeOf("Dr. Dennis Gross Alpha Beta Universal Daily Peel Pads"), ProductType::kExfoliant);
  EXPECT_EQ(TypeOf("LUNA mini 3 Facial Cleansing Device"), ProductType::kDevice);
  EXPECT_EQ(TypeOf("Water Sleeping Mask"), ProductType::kMask);
  EXPECT_EQ(TypeOf("Lip Sleeping Mask"), ProductType::kMask);
  EXPECT_EQ(TypeOf("Oil-Free Moisturizer"), ProductType::kMoisturizer);  // "oil-free" is not an oil
  EXPECT_EQ(TypeOf("Rosehip Seed Oil"), ProductType::kOil);
  EXPECT_EQ(TypeOf("Take The Day Off Micellar Cleansing Towelettes for Face & Eyes"), ProductType::kWipe);
  EXPECT_EQ(TypeOf("Gentle Makeup Remover Wipes"), ProductType::kWipe);
  EXPECT_EQ(TypeOf("Purity Made Simple One-Step Facial Cleansing Cloths"), ProductType::kWipe);
  EXPECT_EQ(TypeOf("Balancing Act Purifying & pH Balancing Biodegradable Toner Pads"), ProductType::kWipe);
  EXPECT_EQ(TypeOf("10% Glycolic Acne Control Peel Pads"), ProductType::kExfoliant);
  EXPECT_EQ(TypeOf("Australian Pink Clay Porefining Face Mask"), ProductType::kClayMask);
  EXPECT_EQ(TypeOf("AHAVA Purifying Mud Mask 100ml"), ProductType::kClayMask);
  EXPECT_EQ(TypeOf("Active Clay Prebiotic Cleanser"), ProductType::kCleanser);  // no mask: a cleanser
  EXPECT_EQ(TypeOf("GinZing Peel-Off Mask to Refine and Refresh"), ProductType::kPeelOffMask);
  EXPECT_EQ(TypeOf("Clarifying Peel Off Mask"), ProductType::kPeelOffMask);
  EXPECT_EQ(TypeOf("Dear, Klairs Midnight Blue Calming Sheet Mask 25ml"), ProductType::kSheetMask);
  EXPECT_EQ(TypeOf("Holika Holika Pure Essence Mask Sheet - Lemon"), ProductType::kSheetMask);
  EXPECT_EQ(TypeOf("Amazonian Clay Finishing Powder"), ProductType::kMakeup);  // clay without a mask
  EXPECT_EQ(TypeOf(""), ProductType::kUnknown);
  EXPECT_EQ(TypeOf("Gift Set"), ProductType::kUnknown);
}

TEST(ProductNameReader, PadsAndWipesAreSaidApartFromTheType) {
  EXPECT_TRUE(Reader().Read("Alpha Beta Universal Daily Peel Pads").wipe);  // an exfoliant, rubbed on
  EXPECT_TRUE(Reader().Read("Cleansing Towelettes").wipe);
  EXPECT_FALSE(Reader().Read("Foaming Cleanser").wipe);
  EXPECT_FALSE(IsRinseOff(ProductType::kWipe));
  EXPECT_TRUE(IsMask(ProductType::kClayMask));
  EXPECT_EQ(ParseProductType("towelettes"), ProductType::kWipe);
  EXPECT_EQ(ParseProductType("clay mask"), ProductType::kClayMask);
  EXPECT_EQ(ParseProductType("peel-off mask"), ProductType::kPeelOffMask);
}

TEST(ProductNameReader, ReadsALabelsOwnExfoliationWords) {
  EXPECT_EQ(Reader().LabelExfoliationWord("Water, Jojoba Esters (Beads), Glycerin"), "Beads");
  EXPECT_EQ(Reader().LabelExfoliationWord("Gently exfoliating: Water, Silica"), "exfoliating");
  EXPECT_EQ(Reader().LabelExfoliationWord("Water, Glycerin, Silica"), "");
  EXPECT_EQ(Reader().LabelExfoliationWord("Mica, Silica, Glass Beads, Nail Polish Remover"), "");  // glitter, nails
  EXPECT_EQ(Reader().LabelExfoliationWord("Mica, Glass Beads. Polishing scrub: Silica"), "Polishing");
}

// The search looks for the words' stems before it runs the pattern: on every
// field of the real catalogs (names, descriptions, ingredient lists) it finds
// what the pattern alone finds. A word the pattern gains without a stem to
// find it by fails this test.
TEST(ProductNameReader, TheStemSearchMissesNoWordOfThePatternOnRealCatalogs) {
  re2::RE2::Options options;
  options.set_case_sensitive(false);
  const re2::RE2 pattern("(" + std::string(ProductNameReader::kLabelExfoliationPattern) + ")", options);
  ASSERT_TRUE(pattern.ok()) << pattern.error();
  const auto pattern_alone = [&](std::string_view text) -> std::string {
    re2::StringPiece input(text.data(), text.size()), word;
    while (re2::RE2::FindAndConsume(&input, pattern, &word)) {
      if (word.find(' ') == re2::StringPiece::npos) return std::string(word);
    }
    return "";
  };
  size_t fields = 0, with_word = 0;
  for (const char* file : testing::kRealCatalogs) {
    for (const auto& record : testing::RealCatalogRecords(file)) {
      for (const std::string& field : record) {
        const std::string expected = pattern_alone(field);
        ASSERT_EQ(Reader().LabelExfoliationWord(field), expected) << file << ": " << field;
        ++fields;
        with_word += !expected.empty();
      }
    }
  }
  EXPECT_GT(fields, 100000u);
  EXPECT_GT(with_word, 500u) << fields << " fields";
}

// The label's words are looked for only in a text that holds one of their
// stems; the words the pattern reads in other letters are still found.
TEST(ProductNameReader, FindsALabelsExfoliationWordsInAnyCase) {
  EXPECT_EQ(Reader().LabelExfoliationWord("WATER, MICRODERMABRASION CRYSTALS"), "MICRODERMABRASION");
  EXPECT_EQ(Reader().LabelExfoliationWord("Water, Cellulose Granules"), "Granules");
  EXPECT_EQ(Reader().LabelExfoliationWord("Water, Microbeads"), "Microbeads");
  EXPECT_EQ(Reader().LabelExfoliationWord("Water, Glycerin, Beeswax, Sorbitol, Polysorbate 20"), "");
  EXPECT_EQ(Reader().LabelExfoliationWord("Water, Scrubbing Sea Salt"), "Scrubbing");
  EXPECT_EQ(Reader().LabelExfoliationWord(""), "");
  // Wherever the word stands: at either end of the text, across the 16-byte blocks the search reads.
  for (size_t pad = 0; pad < 40; ++pad) {
    for (std::string word : {"Scrub", "Exfoliating", "Polish", "Microdermabrasion", "Beads", "Granules"}) {
      const std::string text = std::string(pad, 'a') + " " + word;
      EXPECT_EQ(Reader().LabelExfoliationWord(text), word) << text;
      EXPECT_EQ(Reader().LabelExfoliationWord(word + " " + std::string(pad, 'a')), word) << pad;
    }
    // A stem cut short is no word.
    for (std::string cut : {"Scru", "Exfolia", "Polis", "Microder", "Bea", "Granul"}) {
      EXPECT_EQ(Reader().LabelExfoliationWord(std::string(pad, 'a') + " " + cut), "") << cut;
    }
  }
  // RE2 folds U+017F (long s) to 's': "Poli\u017Fhed" is a polish word to the pattern, though it holds no stem.
  EXPECT_EQ(Reader().LabelExfoliationWord("Water, Poli\u017Fhed Pearl Powder"), "Poli\u017Fhed");
  EXPECT_EQ(Reader().LabelExfoliationWord("Water, \u017Filica"), "");
}

TEST(ProductNameReader, KeepsTheWordsThatDecided) {
  EXPECT_EQ(Reader().Read("CeraVe Foaming Facial Cleanser").type_evidence, "Cleanser");
}

TEST(ProductNameReader, ReadsSpfBroadSpectrumAndExfoliationClaims) {
  NameFacts f = Reader().Read("Super Fluid Daily UV Defense Sunscreen Broad Spectrum SPF 50+");
  EXPECT_EQ(f.spf, 50);
  EXPECT_TRUE(f.broad_spectrum);
  EXPECT_EQ(Reader().Read("Sun Fluid SPF50").spf, 50);
  EXPECT_EQ(Reader().Read("Crème solaire FPS 30").spf, 30);
  EXPECT_TRUE(Reader().Read("Mineral Sunscreen SPF 30 PA +++").broad_spectrum);
  EXPECT_FALSE(Reader().Read("Sunscreen SPF 30").broad_spectrum);
  EXPECT_FALSE(Reader().Read("Face Cream").spf.has_value());
  EXPECT_TRUE(Reader().Read("AHA 30% + BHA 2% Peeling Solution").exfoliation_claim);
  EXPECT_TRUE(Reader().Read("Fruit Acid Resurfacing Mask").exfoliation_claim);
  EXPECT_FALSE(Reader().Read("Hyaluronic Acid Serum").exfoliation_claim);  // "acid" alone is no claim
}

// Issue 16: the type's evidence for "SPF 50+" was 'SPF 5' (the sunscreen
// pattern matched one digit), shown as "from the name: 'SPF 5'" in check,
// scan --detail full and the stock grid.
TEST(ProductNameReader, Issue16SpfEvidenceKeepsTheWholeNumber) {
  EXPECT_EQ(Reader().Read("Sun SPF 50+ PA++++").type_evidence, "SPF 50+");
  EXPECT_EQ(Reader().Read("Ultrasun SPF30+ Eye Cream (15ml)").type_evidence, "SPF30+");
  EXPECT_EQ(Reader().Read("Clinique Superdefense SPF20 Age Defense Eye Cream 15ml").type_evidence, "SPF20");
  EXPECT_EQ(Reader().Read("Crème solaire FPS: 30").type_evidence, "FPS: 30");
  EXPECT_EQ(Reader().Read("Sun SPF 50+ PA++++").spf, 50);
}

// Issue 16: a name's makeup word is a hint with a strength; eye care and
// self-tan words silence it; tint words come after an SPF claim.
TEST(ProductNameReader, ReadsMakeupWordsWithTheirStrengthAndWhatElseTheNameSays) {
  NameFacts bb = Reader().Read("Age Defense BB Cream Broad Spectrum SPF 30");
  EXPECT_EQ(bb.type, ProductType::kSunscreen);  // as "Tinted Moisturizer SPF 30"
  EXPECT_EQ(bb.makeup, MakeupWord::kTint);
  EXPECT_EQ(bb.makeup_evidence, "BB Cream");
  EXPECT_TRUE(bb.sun_claim);
  NameFacts foundation = Reader().Read("Skin Foundation SPF 15");
  EXPECT_EQ(foundation.type, ProductType::kMakeup);  // a colour cosmetic before its SPF
  EXPECT_EQ(foundation.makeup, MakeupWord::kColour);
  EXPECT_EQ(foundation.other_type, ProductType::kSunscreen);
  EXPECT_TRUE(foundation.sun_claim);
  NameFacts blush = Reader().Read("Peony & Blush Suede Body Crème");
  EXPECT_EQ(blush.makeup, MakeupWord::kWeak);
  EXPECT_EQ(blush.other_type, ProductType::kBodyCare);
  EXPECT_EQ(blush.other_evidence, "Body");
  // The strongest makeup word of the name counts.
  EXPECT_EQ(Reader().Read("La Base Pro Perfecting and Smoothing Makeup Primer").makeup, MakeupWord::kColour);
  EXPECT_EQ(Reader().Read("Hydrating Face Cream").makeup, MakeupWord::kNone);
}

TEST(ProductNameReader, EyeCareAndSelfTanWordsSilenceMakeupWords) {
  EXPECT_EQ(TypeOf("Hydra Life Cooling Hydration Sorbet Eye Gel"), ProductType::kMoisturizer);
  NameFacts contour = Reader().Read("Avène Soothing Eye Contour Cream 10ml");
  EXPECT_EQ(contour.type, ProductType::kMoisturizer);
  EXPECT_EQ(contour.makeup, MakeupWord::kNone);  // 'Contour' here is the eye area
  EXPECT_EQ(TypeOf("Clinique Superdefense SPF20 Age Defense Eye Cream 15ml"), ProductType::kSunscreen);
  NameFacts tan = Reader().Read("Self Tan Express Bronzing Mousse");
  EXPECT_EQ(tan.type, ProductType::kBodyCare);
  EXPECT_EQ(tan.type_evidence, "Self Tan");
  EXPECT_EQ(tan.makeup, MakeupWord::kNone);
  EXPECT_EQ(TypeOf("Self Tanning Face & Body Tinted Gel"), ProductType::kBodyCare);
  EXPECT_EQ(TypeOf("Gradual Tan Tinted Daily Firming Lotion"), ProductType::kMoisturizer);
  EXPECT_EQ(TypeOf("Self Tan Purity Bronzing Water Face Mist"), ProductType::kMist);
  EXPECT_EQ(TypeOf("Powder Bronzer"), ProductType::kMakeup);  // no tan word: a bronzer is makeup
  EXPECT_EQ(TypeOf("Makeup Brush Cleaner"), ProductType::kCleanser);
}

TEST(ProductType, ParsesNamesAndAliases) {
  EXPECT_EQ(ParseProductType("cleanser"), ProductType::kCleanser);
  EXPECT_EQ(ParseProductType("Moisturiser"), ProductType::kMoisturizer);
  EXPECT_EQ(ParseProductType("peel"), ProductType::kExfoliant);
  EXPECT_EQ(ParseProductType("lip care"), ProductType::kLipCare);
  EXPECT_FALSE(ParseProductType("lotionn").has_value());
  for (auto name : ProductTypeNames()) EXPECT_EQ(ProductTypeName(*ParseProductType(name)), name);
}

}  // namespace
}  // namespace aftercare::rules
