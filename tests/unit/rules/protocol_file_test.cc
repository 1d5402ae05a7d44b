#include "aftercare/rules/protocol_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "../test_analyzer.h"
#include "aftercare/rules/verdict.h"

namespace aftercare::rules {
namespace {

using ::aftercare::testing::RealAnalyzer;
using ::aftercare::testing::RealChecker;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

ProtocolFile Load(const std::string& json) {
  auto p = ParseProtocolFile(json, "clinic.json", RealAnalyzer());
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  return p.ok() ? *p : ProtocolFile{};
}

// The error message of a file that must not load (kInvalidArgument).
std::string LoadError(const std::string& json) {
  auto p = ParseProtocolFile(json, "clinic.json", RealAnalyzer());
  EXPECT_FALSE(p.ok());
  if (p.ok()) return "";
  EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument);
  return p.status().message();
}

const db::ProtocolRule* Rule(const db::Protocol& p, std::string_view category) {
  auto c = RealAnalyzer().db().FindCategory(category);
  for (const auto& r : p.rules) {
    if (c && r.category == *c) return &r;
  }
  return nullptr;
}

Assessment Check(const ProtocolFile& p, const std::string& label_text, int day, std::string name,
                 std::optional<ProductType> type = std::nullopt, std::string sku = "") {
  static std::vector<std::unique_ptr<match::ParsedLabel>> labels;  // kept alive for the assessments' views
  labels.push_back(std::make_unique<match::ParsedLabel>(RealAnalyzer().ParseLabel(label_text)));
  auto a = RealChecker().Assess(*labels.back(), ProductInfo{std::move(name), type, std::move(sku)}, p.protocol, day,
                                &p.policy);
  EXPECT_TRUE(a.ok()) << a.status().ToString();
  return a.ok() ? *a : Assessment{};
}

std::vector<std::string> ReasonCategories(const Assessment& a) {
  std::vector<std::string> out;
  for (const Trigger* t : a.Reasons()) out.push_back(t->category);
  return out;
}

constexpr const char* kHeader = R"("aftercare_protocol": 1, "base": "microneedling")";
std::string File(const std::string& rest) {
  return std::string("{") + kHeader + (rest.empty() ? "" : ", " + rest) + "}";
}

// A retinol-in-squalane serum (test input, not a product label).
constexpr const char* kRetinolSerum =
    "Squalane, Caprylic/Capric Triglyceride, Retinol, Solanum Lycopersicum Fruit Extract";

TEST(ProtocolFile, MinimalFileIsACopyOfTheBase) {
  ProtocolFile p = Load(File(""));
  const db::Protocol* base = RealAnalyzer().db().FindProtocol("microneedling");
  ASSERT_NE(base, nullptr);
  EXPECT_EQ(p.protocol.rules.size(), base->rules.size());
  EXPECT_EQ(p.protocol.id, "microneedling");
  EXPECT_THAT(p.protocol.name, HasSubstr("(clinic file clinic.json)"));
  EXPECT_TRUE(p.policy.empty());
}

TEST(ProtocolFile, WindowForAParentCategoryReplacesItsChildrenRows) {
  ProtocolFile p = Load(File(R"("id": "clinic-a", "name": "Clinic A", "source": "clinic_a_sheet",
      "windows": {"retinoid": {"avoid_until_day": 2, "caution_until_day": null, "why": "Vitamin A from day 3."}})"));
  EXPECT_EQ(p.protocol.id, "clinic-a");
  EXPECT_EQ(p.protocol.name, "Clinic A");
  for (const char* cat : {"retinoid_cosmetic", "retinoid_rx"}) {
    const db::ProtocolRule* r = Rule(p.protocol, cat);
    ASSERT_NE(r, nullptr) << cat;
    EXPECT_EQ(r->avoid_until_day, 2) << cat;
    EXPECT_EQ(r->caution_until_day, std::nullopt) << cat;
    EXPECT_EQ(r->ok_from_day, 3) << cat;
    EXPECT_EQ(r->rationale, "Vitamin A from day 3.");
    EXPECT_EQ(r->source, "clinic_a_sheet");
  }
  ASSERT_EQ(p.policy.overrides.size(), 1u);
  EXPECT_THAT(p.policy.overrides[0].replaced, ElementsAre("retinoid_cosmetic", "retinoid_rx"));
  // End to end: a retinol serum is back on day 3.
  EXPECT_EQ(Check(p, kRetinolSerum, 2, "Retinol Serum").verdict, Verdict::kAvoid);
  Assessment day3 = Check(p, kRetinolSerum, 3, "Retinol Serum");
  EXPECT_THAT(ReasonCategories(day3), Not(Contains("retinoid_cosmetic")));
}

TEST(ProtocolFile, TheNearestNamedCategoryWins) {
  ProtocolFile p = Load(File(R"("windows": {"retinoid": {"avoid_until_day": 2},
                                            "retinoid_rx": {"avoid_until_day": 9, "caution_until_day": 20}})"));
  EXPECT_EQ(Rule(p.protocol, "retinoid_cosmetic")->avoid_until_day, 2);
  EXPECT_EQ(Rule(p.protocol, "retinoid_cosmetic")->caution_until_day, std::nullopt);
  EXPECT_EQ(Rule(p.protocol, "retinoid_rx")->avoid_until_day, 9);
  EXPECT_EQ(Rule(p.protocol, "retinoid_rx")->caution_until_day, 20);
  EXPECT_EQ(Rule(p.protocol, "retinoid_rx")->ok_from_day, 21);
}

TEST(ProtocolFile, RecommendedOnAParentAppliesToItsRows) {
  ProtocolFile p = Load(File(R"("windows": {"helpful": {"caution_until_day": null, "recommended": false}})"));
  for (const char* cat : {"humectant", "hyaluronic_acid", "ceramide", "peptide"}) {
    const db::ProtocolRule* r = Rule(p.protocol, cat);
    ASSERT_NE(r, nullptr) << cat;
    EXPECT_FALSE(r->recommended) << cat;
    EXPECT_EQ(r->caution_until_day, std::nullopt) << cat;
    EXPECT_EQ(r->ok_from_day, 0) << cat;
  }
  // Unset, a replaced row keeps its own.
  ProtocolFile keep = Load(File(R"("windows": {"hyaluronic_acid": {"caution_until_day": 0}})"));
  EXPECT_TRUE(Rule(keep.protocol, "hyaluronic_acid")->recommended);
}

TEST(ProtocolFile, MineralOnlySunscreenForFourteenDays) {
  ProtocolFile p =
      Load(File(R"("windows": {"uv_filter_chemical": {"avoid_until_day": 13, "caution_until_day": null}})"));
  const char* chemical = "Avobenzone 3%, Homosalate 10%, Octisalate 5%, Water, Glycerin";
  EXPECT_EQ(Check(p, chemical, 10, "Sport Sunscreen SPF 50 Broad Spectrum").verdict, Verdict::kAvoid);
  EXPECT_EQ(Check(p, chemical, 14, "Sport Sunscreen SPF 50 Broad Spectrum").verdict, Verdict::kSafe);
}

TEST(ProtocolFile, WindowForACategoryWithoutARowAddsOne) {
  ProtocolFile p = Load(File(R"("windows": {"colorant_organic": {"caution_until_day": 6, "recommended": false}})"));
  const db::ProtocolRule* r = Rule(p.protocol, "colorant_organic");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->row, 0);
  EXPECT_EQ(r->avoid_until_day, std::nullopt);
  EXPECT_EQ(r->caution_until_day, 6);
  EXPECT_THAT(r->rationale, HasSubstr("Clinic protocol (clinic.json): caution through day 6"));
  EXPECT_TRUE(p.policy.overrides[0].replaced.empty());
}

TEST(ProtocolFile, AllowedProductIsJudgedByItsDayOnly) {
  ProtocolFile p = Load(File(R"("allow_products": [
      {"name": "Clinic  Retinol   serum", "from_day": 2, "why": "clinic kit"},
      {"sku": "HA-5", "from_day": 0}])"));
  ASSERT_EQ(p.policy.allowed.size(), 2u);
  EXPECT_EQ(p.policy.FindAllowed("clinic retinol serum", ""), &p.policy.allowed[0]);
  EXPECT_EQ(p.policy.FindAllowed("anything", "ha-5"), &p.policy.allowed[1]);
  EXPECT_EQ(p.policy.FindAllowed("Retinol Serum", "HA-6"), nullptr);
  Assessment day1 = Check(p, kRetinolSerum, 1, "Clinic Retinol Serum");
  EXPECT_EQ(day1.verdict, Verdict::kAvoid);
  EXPECT_THAT(ReasonCategories(day1), ElementsAre("practitioner_supplied"));
  std::vector<std::string> not_counted;
  for (const auto& n : day1.not_counted) not_counted.push_back(n.category);
  EXPECT_THAT(not_counted, Contains("retinoid_cosmetic"));
  Assessment day2 = Check(p, kRetinolSerum, 2, "Clinic Retinol Serum");
  EXPECT_EQ(day2.verdict, Verdict::kSafe);
  EXPECT_EQ(day2.safe_from_day, 2);
  // By sku, from day 0, unrecognized names included.
  Assessment by_sku = Check(p, "Aqua, Sodium Hyaluronate, Glyxxzerol Blend", 0, "HA Serum", std::nullopt, "HA-5");
  EXPECT_EQ(by_sku.verdict, Verdict::kSafe);
}

TEST(ProtocolFile, AvoidedCategoryIncludesItsChildrenOnEveryDay) {
  ProtocolFile p = Load(File(R"("avoid_ingredients": [{"name": "fragrance", "why": "patient allergy"}])"));
  ASSERT_EQ(p.policy.avoided.size(), 1u);
  // An essential oil is in a child of fragrance.
  const char* label = "Aqua, Glycerin, Lavandula Angustifolia (Lavender) Oil";
  for (int day : {0, 14, 60}) {
    Assessment a = Check(p, label, day, "Calming Face Cream");
    EXPECT_EQ(a.verdict, Verdict::kAvoid) << day;
    EXPECT_THAT(ReasonCategories(a), Contains("avoided")) << day;
    EXPECT_EQ(a.safe_from_day, kNeverSafe);
  }
  EXPECT_EQ(Check(p, "Aqua, Glycerin, Sodium Hyaluronate", 0, "Serum").verdict, Verdict::kSafe);
}

TEST(ProtocolFile, AvoidedIngredientByTradeNameMatchesItsInci) {
  ProtocolFile p = Load(File(R"("avoid_ingredients": [{"name": "Parsol 1789"}])"));
  ASSERT_EQ(p.policy.avoided.size(), 1u);
  EXPECT_FALSE(p.policy.avoided[0].ingredients.empty());
  Assessment a = Check(p, "Butyl Methoxydibenzoylmethane 3%, Water, Glycerin", 20, "Sunscreen SPF 30 Broad Spectrum");
  EXPECT_EQ(a.verdict, Verdict::kAvoid);
  EXPECT_THAT(a.Reasons()[0]->why, HasSubstr("listed as 'Parsol 1789'"));
}

TEST(ProtocolFile, AnAllowedProductKeepsItsAvoidedIngredients) {
  ProtocolFile p = Load(File(R"("allow_products": [{"name": "Kit Cream", "from_day": 0}],
                                "avoid_ingredients": [{"name": "Linalool", "why": "patient allergy"}])"));
  Assessment a = Check(p, "Aqua, Glycerin, Linalool", 0, "Kit Cream");
  EXPECT_EQ(a.verdict, Verdict::kAvoid);
  EXPECT_THAT(ReasonCategories(a), ElementsAre("avoided"));
}

TEST(ProtocolFile, StrictDayZeroAvoidsEveryProductButTheAllowedOnDayZero) {
  ProtocolFile p = Load(File(R"("strict_day_0": true, "allow_products": [{"sku": "HA-5", "from_day": 0}])"));
  EXPECT_TRUE(p.policy.strict_day_0);
  EXPECT_FALSE(p.policy.empty());
  const char* serum = "Aqua, Glycerin, Sodium Hyaluronate";
  Assessment day0 = Check(p, serum, 0, "Hydrating Serum");
  EXPECT_EQ(day0.verdict, Verdict::kAvoid);
  EXPECT_THAT(ReasonCategories(day0), ElementsAre("strict_day_0"));
  EXPECT_THAT(day0.Reasons()[0]->why, HasSubstr("\"strict_day_0\" in the clinic protocol clinic.json"));
  EXPECT_EQ(day0.safe_from_day, 1);
  EXPECT_EQ(Check(p, serum, 1, "Hydrating Serum").verdict, Verdict::kSafe);
  // The practitioner-supplied product is the one thing allowed on day 0.
  Assessment kit = Check(p, serum, 0, "Hydrating Serum", std::nullopt, "HA-5");
  EXPECT_EQ(kit.verdict, Verdict::kSafe);
  // Alone, the switch is a policy (not empty), and off it changes nothing.
  EXPECT_FALSE(Load(File(R"("strict_day_0": true)")).policy.empty());
  ProtocolFile off = Load(File(R"("strict_day_0": false)"));
  EXPECT_TRUE(off.policy.empty());
  EXPECT_EQ(Check(off, serum, 0, "Hydrating Serum").verdict, Verdict::kSafe);
}

TEST(ProtocolFile, AcneProneAvoidsComedogenicRatingThreeLikeFourToFive) {
  // Isopropyl Lanolate is rated 3 (comedogenic_moderate).
  const char* cream = "Aqua, Glycerin, Isopropyl Lanolate";
  ProtocolFile base = Load(File(""));
  EXPECT_EQ(Check(base, cream, 3, "Night Cream").verdict, Verdict::kCaution);
  ProtocolFile p = Load(File(R"("acne_prone": true)"));
  EXPECT_TRUE(p.policy.acne_prone);
  const db::ProtocolRule* moderate = Rule(p.protocol, "comedogenic_moderate");
  const db::ProtocolRule* high = Rule(p.protocol, "comedogenic_high");
  ASSERT_NE(moderate, nullptr);
  EXPECT_EQ(moderate->avoid_until_day, high->avoid_until_day);
  EXPECT_EQ(moderate->caution_until_day, high->caution_until_day);
  EXPECT_EQ(moderate->ok_from_day, high->ok_from_day);
  EXPECT_THAT(moderate->rationale, HasSubstr("Acne-prone patient (\"acne_prone\" in clinic.json)"));
  ASSERT_EQ(p.policy.overrides.size(), 1u);
  EXPECT_EQ(p.policy.overrides[0].category, "comedogenic_moderate");
  EXPECT_THAT(p.policy.overrides[0].replaced, ElementsAre("comedogenic_moderate"));
  Assessment day3 = Check(p, cream, 3, "Night Cream");
  EXPECT_EQ(day3.verdict, Verdict::kAvoid);
  EXPECT_THAT(ReasonCategories(day3), ElementsAre("comedogenic_moderate"));
  EXPECT_EQ(Check(p, cream, 7, "Night Cream").verdict, Verdict::kCaution);
  EXPECT_EQ(Check(p, cream, 14, "Night Cream").verdict, Verdict::kSafe);
  // Comedogenic ratings still count only on leave-on products.
  EXPECT_EQ(Check(p, cream, 3, "Foaming Cleanser").verdict, Verdict::kSafe);
  // It follows the rating 4-5 window as the file sets it.
  ProtocolFile longer = Load(File(R"("acne_prone": true, "windows": {"comedogenic_high": {"avoid_until_day": 9}})"));
  EXPECT_EQ(Rule(longer.protocol, "comedogenic_moderate")->avoid_until_day, 9);
  EXPECT_EQ(Rule(longer.protocol, "comedogenic_moderate")->caution_until_day, std::nullopt);
}

TEST(ProtocolFile, SwitchErrorsSayWhere) {
  EXPECT_THAT(LoadError("{\"aftercare_protocol\": 1,\n \"base\": \"microneedling\",\n  \"strict_day_0\": \"yes\"}"),
              HasSubstr("clinic.json:3:3: strict_day_0: expected true or false, got \"yes\""));
  EXPECT_THAT(LoadError(File(R"("acne_prone": 1)")), HasSubstr("acne_prone: expected true or false, got 1"));
  EXPECT_THAT(LoadError(File(R"("acne_prone": true, "windows": {"comedogenic_moderate": {"avoid_until_day": 3}})")),
              HasSubstr("acne_prone: windows.comedogenic_moderate sets the rating-3 window too: give one of the two"));
  EXPECT_THAT(LoadError(File(R"("strict_day0": true)")),
              HasSubstr("strict_day0: unknown key \"strict_day0\" (did you mean 'strict_day_0'?)"));
}

TEST(ProtocolFile, ErrorsGiveTheLineAndColumnOfTheKey) {
  const std::string text =
      "{\n"
      "  \"aftercare_protocol\": 1,\n"
      "  \"base\": \"microneedling\",\n"
      "  \"windows\": {\"aha\": {\"avoid_until_day\": 3}, \"retinoids\": {\"avoid_until_day\": 2}},\n"
      "  \"allow_products\": [{\"name\": \"Kit\", \"from_day\": 0},\n    {\"name\": \"Kit 2\"}]\n"
      "}\n";
  EXPECT_THAT(LoadError(text), HasSubstr("clinic.json:4:46: windows.retinoids: unknown category 'retinoids'"));
  std::string allowed = text;
  allowed.replace(allowed.find("\"retinoids\""), 11, "\"retinoid\"");
  EXPECT_THAT(LoadError(allowed), HasSubstr("clinic.json:6:5: allow_products[1]: missing from_day"));
}

TEST(ProtocolFile, MalformedJsonSaysWhere) {
  EXPECT_THAT(LoadError("{\"aftercare_protocol\": 1,\n \"base\": }"), HasSubstr("clinic.json:2:"));
  EXPECT_THAT(LoadError("{\"aftercare_protocol\": 1,\n \"base\": }"), HasSubstr("not valid JSON"));
  EXPECT_THAT(LoadError("[1, 2]"), HasSubstr("clinic.json: the file must hold one JSON object"));
}

TEST(ProtocolFile, VersionAndBaseAreRequired) {
  EXPECT_THAT(LoadError(R"({"base": "microneedling"})"), HasSubstr("missing \"aftercare_protocol\": 1"));
  EXPECT_THAT(LoadError(R"({"aftercare_protocol": 2, "base": "microneedling"})"),
              HasSubstr("aftercare_protocol: unsupported version 2 (this build reads 1)"));
  EXPECT_THAT(LoadError(R"({"aftercare_protocol": 1})"), HasSubstr("missing \"base\""));
  EXPECT_THAT(LoadError(R"({"aftercare_protocol": 1, "base": "microneedlin"})"),
              HasSubstr("base: unknown protocol 'microneedlin' (did you mean 'microneedling'?)"));
  EXPECT_THAT(LoadError(R"({"aftercare_protocol": 1, "base": 3})"), HasSubstr("base: expected a string, got 3"));
}

TEST(ProtocolFile, UnknownKeysSuggestTheKnownOne) {
  EXPECT_THAT(LoadError(File(R"("windwos": {})")),
              HasSubstr("windwos: unknown key \"windwos\" (did you mean 'windows'?)"));
  EXPECT_THAT(LoadError(File(R"("windows": {"retinoid": {"avoid_until": 2}})")),
              HasSubstr("windows.retinoid.avoid_until: unknown key \"avoid_until\" (did you mean 'avoid_until_day'?)"));
}

TEST(ProtocolFile, UnknownCategorySuggests) {
  EXPECT_THAT(LoadError(File(R"("windows": {"retinoids": {"avoid_until_day": 2}})")),
              HasSubstr("windows.retinoids: unknown category 'retinoids' (did you mean 'retinoid'?)"));
}

TEST(ProtocolFile, BadWindowsAreErrors) {
  EXPECT_THAT(LoadError(File(R"("windows": {"aha": {"avoid_until_day": 6, "caution_until_day": 3}})")),
              HasSubstr("windows.aha: caution_until_day 3 ends before avoid_until_day 6"));
  EXPECT_THAT(LoadError(File(R"("windows": {"aha": {"avoid_until_day": -1}})")),
              HasSubstr("windows.aha.avoid_until_day: day -1 is outside 0-365"));
  EXPECT_THAT(LoadError(File(R"("windows": {"aha": {"avoid_until_day": "3"}})")),
              HasSubstr("windows.aha.avoid_until_day: expected a day number or null, got \"3\""));
  EXPECT_THAT(LoadError(File(R"("windows": {"aha": {"why": "x"}})")),
              HasSubstr("windows.aha: give avoid_until_day and/or caution_until_day"));
  EXPECT_THAT(LoadError(File(R"("windows": {"aha": {"caution_until_day": 3, "recommended": "yes"}})")),
              HasSubstr("windows.aha.recommended: expected true or false"));
  EXPECT_THAT(LoadError(File(R"("windows": [1])")), HasSubstr("windows: expected an object keyed by category id"));
}

TEST(ProtocolFile, BadAllowedProductsAreErrors) {
  EXPECT_THAT(LoadError(File(R"("allow_products": [{"from_day": 0}])")),
              HasSubstr("allow_products[0]: give the product's name or sku"));
  EXPECT_THAT(LoadError(File(R"("allow_products": [{"name": "Kit Cream"}])")),
              HasSubstr("allow_products[0]: missing from_day"));
  EXPECT_THAT(LoadError(File(R"("allow_products": [{"name": "Kit", "from": 0}])")),
              HasSubstr("allow_products[0].from: unknown key \"from\" (did you mean 'from_day'?)"));
  EXPECT_THAT(LoadError(File(R"("allow_products": {})")), HasSubstr("allow_products: expected a list of products"));
}

// Issue 15: an avoid-list name covers its family, every ingredient whose name
// holds it as whole words, with their synonyms.
TEST(ProtocolFile, AvoidedNameCoversItsFamilyAndSaysWhichMemberMatched) {
  ProtocolFile p = Load(File(R"("avoid_ingredients": [{"name": "Lanolin", "why": "patient allergy"}])"));
  ASSERT_EQ(p.policy.avoided.size(), 1u);
  EXPECT_FALSE(p.policy.avoided[0].family.empty());  // computed once, on load
  struct Case {
    const char* label;  // as a label writes it
    const char* why;    // what the reason must say
  };
  for (const Case& c : {
           Case{"Lanolin Alcohol", "'Lanolin Alcohol' holds 'Lanolin' as whole words"},
           Case{"Lanolin Oil", "'Lanolin Oil' holds 'Lanolin'"},
           Case{"Hydrogenated Lanolin", "'Hydrogenated Lanolin' holds 'Lanolin'"},
           Case{"PEG-75 Lanolin", "'PEG-75 Lanolin' holds 'Lanolin'"},
           Case{"Wool Alcohols", "'Lanolin Alcohol' holds 'Lanolin'"},  // a synonym of a member
           Case{"Adeps Lanae", "listed as 'Lanolin'"},                  // a synonym of Lanolin itself
           Case{"Lanolin", "listed as 'Lanolin'"},
       }) {
    Assessment a = Check(p, std::string("Aqua, Glycerin, ") + c.label + ", Petrolatum", 30, "Barrier Balm");
    EXPECT_EQ(a.verdict, Verdict::kAvoid) << c.label;
    EXPECT_EQ(a.safe_from_day, kNeverSafe) << c.label;
    const Trigger* avoided = nullptr;
    for (const Trigger* t : a.Reasons()) {
      if (t->category == "avoided") avoided = t;
    }
    ASSERT_NE(avoided, nullptr) << c.label;
    EXPECT_EQ(avoided->label, c.label);
    EXPECT_THAT(avoided->why, HasSubstr(c.why)) << c.label;
    if (std::string_view(c.why).find("holds") != std::string_view::npos) {
      EXPECT_THAT(avoided->why, HasSubstr("in the 'Lanolin' family of the avoid list")) << c.label;
    }
  }
  // Whole words only: a name that merely starts with the letters is not in the family.
  EXPECT_EQ(Check(p, "Aqua, Glycerin, Isopropyl Lanolate", 30, "Barrier Balm").verdict, Verdict::kSafe);
}

TEST(ProtocolFile, AFamilyCatchesANameTheDatabaseDoesNotKnow) {
  ProtocolFile p = Load(File(R"("avoid_ingredients": [{"name": "Lanolin", "why": "patient allergy"}])"));
  Assessment a = Check(p, "Aqua, Glycerin, Lanolin Extract Blend", 30, "Barrier Balm");
  EXPECT_EQ(a.verdict, Verdict::kAvoid);
  ASSERT_THAT(ReasonCategories(a), Contains("avoided"));
  EXPECT_THAT(a.Reasons()[0]->why, HasSubstr("the name on the label holds 'Lanolin' as whole words"));
}

TEST(ProtocolFile, FamilyFalseAvoidsTheNamedIngredientOnly) {
  ProtocolFile p = Load(File(R"("avoid_ingredients": [{"name": "Lanolin", "family": false}])"));
  EXPECT_TRUE(p.policy.avoided[0].family.empty());
  EXPECT_THAT(ReasonCategories(Check(p, "Aqua, Glycerin, Hydrogenated Lanolin", 30, "Balm")), Not(Contains("avoided")));
  EXPECT_THAT(ReasonCategories(Check(p, "Aqua, Glycerin, Lanolin", 30, "Balm")), Contains("avoided"));
  EXPECT_THAT(LoadError(File(R"("avoid_ingredients": [{"name": "Lanolin", "family": "no"}])")),
              HasSubstr("avoid_ingredients[0].family: expected true or false"));
}

TEST(ProtocolFile, ACategoryOnTheAvoidListHasNoWordFamily) {
  ProtocolFile p = Load(File(R"("avoid_ingredients": [{"name": "fragrance"}])"));
  EXPECT_TRUE(p.policy.avoided[0].family.empty());  // the category covers its members
}

// Issue 15: with an avoid list, unchecked text might be the avoided
// ingredient, so an unrecognized name is never safe, on any day.
TEST(ProtocolFile, UnrecognizedIngredientIsNeverSafeWhileTheProtocolAvoidsIngredients) {
  ProtocolFile p = Load(File(R"("avoid_ingredients": [{"name": "Lanolin", "why": "patient allergy"}])"));
  const char* label = "Aqua, Glycerin, Zorblex Complex";
  for (int day : {0, 13, 14, 30, 365}) {
    Assessment a = Check(p, label, day, "Serum");
    EXPECT_EQ(a.verdict, Verdict::kCaution) << day;
    EXPECT_EQ(a.safe_from_day, kNeverSafe) << day;
  }
  Assessment a = Check(p, label, 14, "Serum");
  ASSERT_EQ(a.Reasons().size(), 1u);
  EXPECT_EQ(a.Reasons()[0]->category, "unrecognized");
  EXPECT_TRUE(a.Reasons()[0]->caution_always);
  EXPECT_THAT(a.Reasons()[0]->why, HasSubstr("avoids 'Lanolin' on every day, and this name could be one of them"));
  // Without an avoid list the healing window still ends.
  ProtocolFile none = Load(File(R"("strict_day_0": false)"));
  EXPECT_EQ(Check(none, label, 14, "Serum").verdict, Verdict::kSafe);
  // An allowed product keeps it too: the unchecked name could be the allergen.
  ProtocolFile allowed = Load(File(R"("allow_products": [{"name": "Kit Serum", "from_day": 0}],
                                      "avoid_ingredients": [{"name": "Lanolin"}])"));
  EXPECT_EQ(Check(allowed, label, 20, "Kit Serum").safe_from_day, kNeverSafe);
}

TEST(ProtocolFile, UnknownAvoidedIngredientSuggests) {
  EXPECT_THAT(
      LoadError(File(R"("avoid_ingredients": [{"name": "Glyerin"}])")),
      HasSubstr("avoid_ingredients[0].name: unknown ingredient or category 'Glyerin' (did you mean 'Glycerin'"));
  EXPECT_THAT(LoadError(File(R"("avoid_ingredients": [{"name": "fragrence"}])")),
              HasSubstr("unknown ingredient or category 'fragrence' (did you mean 'fragrance'?)"));
  EXPECT_THAT(LoadError(File(R"("avoid_ingredients": [{"why": "x"}])")),
              HasSubstr("avoid_ingredients[0]: missing name"));
}

TEST(ProtocolFile, FileArgumentsAreTold) {
  EXPECT_TRUE(IsProtocolFileArgument("clinic.json"));
  EXPECT_TRUE(IsProtocolFileArgument("protocols/clinic"));
  EXPECT_TRUE(IsProtocolFileArgument("CLINIC.JSON"));
  EXPECT_FALSE(IsProtocolFileArgument("microneedling"));
}

}  // namespace
}  // namespace aftercare::rules
