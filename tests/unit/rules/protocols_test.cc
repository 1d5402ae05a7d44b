// The built-in protocols of issue 18 on real labels: what a clinician expects
// under each procedure (written down from the protocols' sources before the
// first run), and the properties every protocol's data must keep.
// Labels: examples/clinic-stock.csv (real products, sources there) and the
// Ulta listings of Aquaphor and CeraVe Healing Ointment (../shared/data/products,
// ulta_skincare_1293 rows 1237 and 1234, as build/corpus_export writes them).
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "aftercare/rules/protocol_file.h"
#include "check_helpers.h"

namespace aftercare::rules {
namespace {

using ::aftercare::testing::RealAnalyzer;
using ::aftercare::testing::RealChecker;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kAquaphor =
    "Petrolatum (41%), Mineral Oil, Ceresin, Lanolin Alcohol, Panthenol, Glycerin, Bisabolol.";
constexpr const char* kCeraVeHealingOintment =
    "Petrolatum, Mineral Oil, Paraffin, Ozokerite, Dimethicone, Ceramide Np, Ceramide Ap, Ceramide Eop, Carbomer, "
    "Water, "
    "Sodium Lauroyl Lactylate, Proline, Cholesterol, Phenoxyethanol, Tocopheryl Acetate, Tocopherol, Hydrolyzed "
    "Hyaluronic Acid, Panthenol, Pantolactone, Phytosphingosine, Xanthan Gum, Ethylhexylglycerin.";
constexpr const char* kHaSerum =  // Ultra Pure Hyaluronic Acid 1.5% Serum (SE-301)
    "Aqua/Water, Glycerin, Sodium Hyaluronate, Phenoxyethanol, Chlorphenesin, Tetrasodium Glutamate Diacetate, Citric "
    "Acid.";
constexpr const char* kMineralSpf30 =  // Squalane + Zinc Sheer Mineral Sunscreen SPF 30 PA +++ (SU-501)
    "Zinc Oxide, Water, Caprylic/Capric Triglyceride, Squalane, Glycerin, Cetearyl Alcohol, Methyl Dihydroabietate, "
    "Sorbitan Olivate, Coco-Glucoside, Cetyl Palmitate, Polyglyceryl-3 Polyricinoleate, Caprylyl/Capryl Glucoside, "
    "Nymphaea Alba Flower Extract, Acacia Senegal Gum, Ethyl Ferulate, Xanthan Gum, Sodium Gluconate, Lecithin, Sodium "
    "Palmitoyl Proline, Polyhydroxystearic Acid, Ethylhexylglycerin, Phenoxyethanol, Isostearic Acid.";
constexpr const char* kRetinolSerum =  // Squalane + Retinol Night Serum (RE-601)
    "Water/Aqua/Eau, Squalane, Glycerin, Caprylic/Capric Triglyceride, Cetearyl Olivate, Sorbitan Olivate, Retinol, "
    "Retinal, Allantoin, Crocus Sativus Stigma Extract, Tocopherol, Rosmarinus Officinalis (Rosemary) Leaf Extract, "
    "Cetearyl Alcohol, Hydroxyapatite, Dextrin, Carbomer, Sodium Gluconate, Phenoxyethanol, Ethylhexylglycerin, Sodium "
    "Hydroxide.";
constexpr const char* kCetaphil =  // Gentle Skin Cleanser (CL-103), the cleanser the CO2 sheet names
    "Water, Cetyl Alcohol, Propylene Glycol, Sodium Lauryl Sulfate, Stearyl Alcohol, Methylparaben, Propylparaben, "
    "Butylparaben.";

const db::Protocol& ProtocolOf(std::string_view id) {
  auto p = RealChecker().FindProtocol(id);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  return **p;
}

Assessment CheckUnder(std::string_view protocol, const char* text, int day, std::string name = "") {
  static std::vector<std::unique_ptr<match::ParsedLabel>> keep;  // labels outlive the assessments
  keep.push_back(std::make_unique<match::ParsedLabel>(RealAnalyzer().ParseLabel(text)));
  auto a = RealChecker().Assess(*keep.back(), ProductInfo{std::move(name), std::nullopt}, ProtocolOf(protocol), day);
  EXPECT_TRUE(a.ok()) << a.status().ToString();
  return a.ok() ? *a : Assessment{};
}

const char* const kNewProtocols[] = {"rf-microneedling", "peel-superficial", "peel-medium", "laser-nonablative",
                                     "laser-ablative",   "dermaplaning",     "ipl"};

TEST(Protocols, AllEightAreBuiltIn) {
  for (const char* id : kNewProtocols) EXPECT_TRUE(RealChecker().FindProtocol(id).ok()) << id;
  EXPECT_TRUE(RealChecker().FindProtocol("microneedling").ok());
}

TEST(Protocols, AblativeLaserWantsTheOcclusiveOintmentFromDayZero) {
  Assessment a = CheckUnder("laser-ablative", kAquaphor, 0, "Aquaphor Healing Ointment");
  EXPECT_EQ(a.verdict, Verdict::kSafe) << ::testing::PrintToString(ReasonCategories(a));
  bool petrolatum_recommended = false;
  for (const auto& h : a.helpful) petrolatum_recommended |= h.category == "occlusive" && h.recommended;
  EXPECT_TRUE(petrolatum_recommended);
  // Its base is what the protocol recommends: the leave-on cosmetic rule is listed as not counted.
  EXPECT_THAT(NotCountedCategories(a), Contains("leave_on_cosmetic"));
}

TEST(Protocols, AblativeLaserKeepsWaterBasedCosmeticsOffUntilReEpithelialisation) {
  for (int day : {0, 3, 9}) {
    Assessment a = CheckUnder("laser-ablative", kHaSerum, day, "Ultra Pure Hyaluronic Acid 1.5% Serum");
    EXPECT_EQ(a.verdict, Verdict::kAvoid) << day;
    EXPECT_THAT(ReasonCategories(a), Contains("leave_on_cosmetic")) << day;
  }
  Assessment d10 = CheckUnder("laser-ablative", kHaSerum, 10, "Ultra Pure Hyaluronic Acid 1.5% Serum");
  EXPECT_EQ(d10.verdict, Verdict::kSafe);
  // The day is a conservative stand-in for an event, and the reason says so.
  Assessment d3 = CheckUnder("laser-ablative", kHaSerum, 3, "Ultra Pure Hyaluronic Acid 1.5% Serum");
  for (const Trigger* t : d3.Reasons()) {
    if (t->category != "leave_on_cosmetic") continue;
    EXPECT_THAT(t->until_event, HasSubstr("re-epithelialised"));
    EXPECT_THAT(t->why, HasSubstr("or later if " + t->until_event));
  }
}

TEST(Protocols, AblativeLaserCeramideOintmentIsACautionUntilReEpithelialisation) {
  // Sources differ (no ceramides for 7 days after laser vs a moisturiser after CO2): the conservative reading.
  Assessment d3 = CheckUnder("laser-ablative", kCeraVeHealingOintment, 3, "CeraVe Healing Ointment");
  EXPECT_EQ(d3.verdict, Verdict::kCaution);
  EXPECT_THAT(ReasonCategories(d3), Contains("ceramide"));
  EXPECT_EQ(CheckUnder("laser-ablative", kCeraVeHealingOintment, 10, "CeraVe Healing Ointment").verdict,
            Verdict::kSafe);
}

TEST(Protocols, AblativeLaserNamedCleanserIsACautionNotAnAvoid) {
  Assessment a = CheckUnder("laser-ablative", kCetaphil, 1, "Gentle Skin Cleanser");
  EXPECT_EQ(a.verdict, Verdict::kCaution) << ::testing::PrintToString(ReasonCategories(a));
  EXPECT_THAT(ReasonCategories(a), Not(Contains("leave_on_cosmetic")));  // rinse-off
}

TEST(Protocols, MineralSunscreenIsNeverAnAvoidOutsideTheAblativeWoundPhase) {
  for (const char* id : kNewProtocols) {
    for (int day : {0, 1, 3, 7, 14}) {
      Assessment a = CheckUnder(id, kMineralSpf30, day, "Squalane + Zinc Sheer Mineral Sunscreen SPF 30");
      if (std::string_view(id) == "laser-ablative" && day < 10) {
        EXPECT_EQ(a.verdict, Verdict::kAvoid) << id << " day " << day;  // no cosmetics before re-epithelialisation
      } else {
        EXPECT_NE(a.verdict, Verdict::kAvoid) << id << " day " << day;
      }
    }
  }
  // Peels, dermaplaning, IPL and non-ablative laser recommend it from the treatment day.
  for (const char* id : {"peel-superficial", "laser-nonablative", "dermaplaning", "ipl"}) {
    EXPECT_EQ(CheckUnder(id, kMineralSpf30, 0, "Squalane + Zinc Sheer Mineral Sunscreen SPF 30").verdict,
              Verdict::kSafe)
        << id;
  }
}

TEST(Protocols, HyaluronicSerumIsSafeFromDayZeroWhereNoChannelsOpen) {
  for (const char* id : {"peel-superficial", "peel-medium", "laser-nonablative", "dermaplaning", "ipl"}) {
    Assessment a = CheckUnder(id, kHaSerum, 0, "Ultra Pure Hyaluronic Acid 1.5% Serum");
    EXPECT_EQ(a.verdict, Verdict::kSafe) << id << ": " << ::testing::PrintToString(ReasonCategories(a));
  }
}

TEST(Protocols, RetinolWaitsLongestAfterAblativeLaserAndLeastAfterIpl) {
  auto safe_from = [](std::string_view id) {
    return CheckUnder(id, kRetinolSerum, 0, "Squalane + Retinol Night Serum").safe_from_day;
  };
  EXPECT_EQ(safe_from("ipl"), 7);
  EXPECT_EQ(safe_from("dermaplaning"), 7);
  EXPECT_EQ(safe_from("laser-nonablative"), 7);
  EXPECT_EQ(safe_from("peel-superficial"), 14);
  EXPECT_EQ(safe_from("rf-microneedling"), 14);
  EXPECT_EQ(safe_from("laser-ablative"), 42);
  EXPECT_EQ(CheckUnder("ipl", kRetinolSerum, 1).verdict, Verdict::kAvoid);
  EXPECT_EQ(CheckUnder("ipl", kRetinolSerum, 2).verdict, Verdict::kCaution);
}

TEST(Protocols, SunscreenBelowTheProtocolsMinimumSpfIsACaution) {
  // The same SPF 30 mineral sunscreen: fine after a superficial peel (SPF 30+), short of the
  // SPF 45 a medium peel's guidance asks for.
  Assessment sup = CheckUnder("peel-superficial", kMineralSpf30, 7, "Mineral Sunscreen SPF 30");
  EXPECT_EQ(sup.verdict, Verdict::kSafe);
  Assessment med = CheckUnder("peel-medium", kMineralSpf30, 7, "Mineral Sunscreen SPF 30");
  EXPECT_EQ(med.verdict, Verdict::kCaution);
  bool spf_reason = false;
  for (const Trigger* t : med.Reasons()) spf_reason |= t->why.find("SPF 45+") != std::string::npos;
  EXPECT_TRUE(spf_reason);
}

// Properties of the data every protocol must keep (the build also checks sources and event texts).
TEST(Protocols, RecommendedCategoriesAreNeverAvoidedByTheirOwnRow) {
  for (const auto& p : RealAnalyzer().db().protocols()) {
    for (const auto& r : p.rules) {
      if (r.recommended) {
        EXPECT_FALSE(r.avoid_until_day.has_value()) << p.id << " / " << RealAnalyzer().db().category(r.category).id;
      }
    }
  }
}

TEST(Protocols, EveryRowHasSourcesAndEventRowsSayOrLaterIf) {
  for (const auto& p : RealAnalyzer().db().protocols()) {
    for (const auto& r : p.rules) {
      const std::string& cat = RealAnalyzer().db().category(r.category).id;
      EXPECT_FALSE(r.source.empty()) << p.id << " / " << cat;
      if (!r.until_event.empty()) {
        EXPECT_THAT(r.rationale, HasSubstr("or later if " + r.until_event)) << p.id;
      }
    }
    EXPECT_GE(p.min_spf, 25) << p.id;
  }
}

TEST(Protocols, ProtocolFileMayStartFromAnyBuiltIn) {
  for (const char* id : kNewProtocols) {
    std::string json = fmt::format(R"({{"aftercare_protocol": 1, "base": "{}", "id": "clinic-{}",
        "windows": {{"retinoid": {{"avoid_until_day": 2, "caution_until_day": null}}}}}})",
                                   id, id);
    auto file = ParseProtocolFile(json, "clinic.json", RealAnalyzer());
    ASSERT_TRUE(file.ok()) << id << ": " << file.status().ToString();
    Assessment a = [&] {
      static std::vector<std::unique_ptr<match::ParsedLabel>> keep;
      keep.push_back(std::make_unique<match::ParsedLabel>(RealAnalyzer().ParseLabel(kRetinolSerum)));
      auto r = RealChecker().Assess(*keep.back(), ProductInfo{"Retinol Serum", std::nullopt}, file->protocol, 3,
                                    &file->policy);
      EXPECT_TRUE(r.ok());
      return r.ok() ? *r : Assessment{};
    }();
    EXPECT_THAT(TriggerCategories(a), Contains("retinoid_cosmetic")) << id;
    for (const auto& t : a.triggers) {
      if (t.category == "retinoid_cosmetic") {
        EXPECT_EQ(t.avoid_until_day, 2) << id;
        EXPECT_TRUE(t.until_event.empty()) << id;  // the clinic's own day
      }
    }
  }
}

}  // namespace
}  // namespace aftercare::rules
