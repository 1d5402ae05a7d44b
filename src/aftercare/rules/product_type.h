// Product types and what a product's name says about it (rules stage): the
// type ("Foaming Cleanser" -> cleanser, "SPF 30" -> sunscreen, "Peel Pads" ->
// exfoliant, "Cleansing Towelettes" -> wipe, "Clay Mask" -> clay_mask), the
// SPF, a broad-spectrum claim and an exfoliation claim; and what a label's own
// words claim ("exfoliating", "scrub", "beads"). The context rules use them
// (weak acids count in peels, ambiguous particles in scrubs, masks and
// cleansers, comedogenic ratings only on leave-on products). Thread-safe after
// Create().
#ifndef AFTERCARE_RULES_PRODUCT_TYPE_H_
#define AFTERCARE_RULES_PRODUCT_TYPE_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aftercare/base/status.h"

namespace re2 {
class RE2;
}

namespace aftercare::rules {

enum class ProductType {
  kUnknown,
  kCleanser,
  kToner,
  kSerum,
  kMoisturizer,
  kSunscreen,
  kMakeup,
  kMask,         // a mask of no more precise kind (cream, gel, sleeping)
  kClayMask,     // clay or mud masks: they dry the skin and exfoliate
  kPeelOffMask,  // peel-off (film) masks: they lift the skin's surface as they come off
  kSheetMask,    // sheet masks: a serum-soaked sheet, left on the skin
  kExfoliant,    // chemical exfoliants: peels, acid pads, resurfacing treatments
  kScrub,        // physical exfoliants: scrubs, polishes
  kDevice,       // powered or mechanical cleansing devices
  kWipe,         // wipes, towelettes, cloths, pads: rubbed over the skin, never rinse-off
  kOil,
  kMist,
  kLipCare,
  kBodyCare,
  kOther,
};

// "unknown", "cleanser", ... (the names --type accepts).
std::string_view ProductTypeName(ProductType type);
// Every name --type accepts, in declaration order (without "unknown").
std::vector<std::string_view> ProductTypeNames();
// A type by name or a common alias ("peel" -> exfoliant, "cream" -> moisturizer,
// "foundation" -> makeup), any case. nullopt when unknown.
std::optional<ProductType> ParseProductType(std::string_view name);

// Rinsed off after use: comedogenic ratings (leave-on only) do not apply.
// A wipe is never rinse-off: its lotion stays on the skin.
bool IsRinseOff(ProductType type);
// Any kind of mask (mask, clay_mask, peel_off_mask, sheet_mask).
bool IsMask(ProductType type);
// Left on the skin and not rubbed: serum, moisturizer, sunscreen, makeup, oil,
// mist, toner, lip care (a particle high in their lists is a texturiser).
bool IsLeaveOnKind(ProductType type);

// How strongly a name's makeup word says "colour cosmetic". The name alone
// never makes makeup: the Assessor also asks the label for colourants.
enum class MakeupWord {
  kNone,
  kColour,  // a colour cosmetic even when its list shows no colour: foundation, concealer, mascara, primer, ...
  kWeak,    // also a perfume's, an eye cream's or a sponge's word: blush, rouge, contour, palette, cushion, makeup
  kTint,    // tinted skin care: tint(ed), skin tint, BB/CC cream; a sunscreen when the name claims SPF
};

// What a product's name says. Fields keep their defaults when the name is silent.
struct NameFacts {
  // The name's own reading: the first type pattern in priority order. A
  // colour-cosmetic word comes before an SPF claim ("Foundation SPF 15"), a
  // tint word after it ("BB Cream SPF 30", "Tinted Moisturizer SPF 30").
  // An eye-care word ("Eye Gel", "Eye Contour Cream") or a self-tan word
  // ("Self Tan Body Butter") silences the makeup words: eye creams and
  // self-tanners are not colour cosmetics (a self-tanner's DHA is its own
  // category).
  ProductType type = ProductType::kUnknown;
  std::string type_evidence;                       // the words of the name that decided the type
  MakeupWord makeup = MakeupWord::kNone;           // the first makeup word of the name, as kColour/kWeak/kTint
  std::string makeup_evidence;                     // its words ("Foundation", "BB Cream"); "" for kNone
  ProductType other_type = ProductType::kUnknown;  // what the name says besides its makeup words
  std::string other_evidence;                      // the words that say it
  bool sun_claim = false;                          // "SPF 30", "Sunscreen", "Sun Protection", "UV Defense"
  std::optional<int> spf;                          // "SPF 30", "SPF50+", "FPS 50", "LSF 30"
  bool broad_spectrum = false;                     // "Broad Spectrum", "UVA/UVB", "PA+++"
  bool exfoliation_claim = false;                  // "Exfoliating", "Peel", "AHA", "Fruit Acids", "Resurfacing"
  bool wipe = false;  // "Wipes", "Towelettes", "Cloths", "Pads" (also "Peel Pads", typed exfoliant)
  bool operator==(const NameFacts&) const = default;
};

class ProductNameReader {
 public:
  // Compiles the name patterns. kInternal if one does not compile (a bug).
  static Result<std::unique_ptr<ProductNameReader>> Create();
  ~ProductNameReader();

  NameFacts Read(std::string_view name) const;
  // The first word of a label's own text that claims physical exfoliation
  // ("Exfoliating", "Scrub", "Polishing", "Beads", "Microdermabrasion"), as
  // written; "" when there is none ("Glass Beads" is glitter and "Nail
  // Polish" a nail product: no claim). The view points into `label_text`.
  std::string_view LabelExfoliationWord(std::string_view label_text) const;

  // The pattern of those words (RE2, ASCII case ignored). Every word it can
  // match holds a stem the search looks for before it runs the pattern
  // (product_type.cc): the tests check the two against each other.
  static constexpr std::string_view kLabelExfoliationPattern =
      R"(\b(?:(?:glass|nail) (?:beads?|polish\w*)|exfoliat\w*|scrub\w*|polish\w*|microderm\w*|(?:micro)?beads?|granules?)\b)";

 private:
  struct TypePattern;
  ProductNameReader();
  std::vector<TypePattern> types_;  // in priority order: the first that matches decides
  struct TypeSet;
  enum class Claim;
  std::unique_ptr<TypeSet>
      type_set_;  // the same patterns, and the claims (SPF, broad spectrum, exfoliation), in one pass
  std::unique_ptr<re2::RE2> spf_, label_exfoliation_;
};

}  // namespace aftercare::rules

#endif  // AFTERCARE_RULES_PRODUCT_TYPE_H_
