// The category ids the code names (db stage), in one place: the rules, the
// patient plan, the stock review and the DB's own checks look categories up by
// these constants, never by a literal. The DB build and `aftercare db check`
// require every one of kNamedCategories in the categories table
// (CheckIntegrity), so that renaming a category in
// ingredient_db/data/categories.csv cannot silently turn a rule off.
// Constants only; thread-safe.
#ifndef AFTERCARE_DB_CATEGORY_IDS_H_
#define AFTERCARE_DB_CATEGORY_IDS_H_

#include <string_view>

namespace aftercare::db {

inline constexpr std::string_view kAstringent = "astringent";
inline constexpr std::string_view kBenzoylPeroxide = "benzoyl_peroxide";
inline constexpr std::string_view kCeramide = "ceramide";
inline constexpr std::string_view kClay = "clay";
inline constexpr std::string_view kColorant = "colorant";
inline constexpr std::string_view kColorantOrganic = "colorant_organic";
inline constexpr std::string_view kComedogenicHigh = "comedogenic_high";
inline constexpr std::string_view kComedogenicModerate = "comedogenic_moderate";
inline constexpr std::string_view kDevicePowered = "device_powered";
inline constexpr std::string_view kDryingAlcohol = "drying_alcohol";
inline constexpr std::string_view kExfoliant = "exfoliant";
inline constexpr std::string_view kFragrance = "fragrance";
inline constexpr std::string_view kFragranceAllergen = "fragrance_allergen";
inline constexpr std::string_view kHelpful = "helpful";
inline constexpr std::string_view kHumectant = "humectant";
inline constexpr std::string_view kHyaluronicAcid = "hyaluronic_acid";
inline constexpr std::string_view kLeaveOnCosmetic = "leave_on_cosmetic";
inline constexpr std::string_view kMakeup = "makeup";
inline constexpr std::string_view kMakeupBase = "makeup_base";
inline constexpr std::string_view kMakeupMineral = "makeup_mineral";
inline constexpr std::string_view kMaskDrying = "mask_drying";
inline constexpr std::string_view kOnePercentMarker = "one_percent_marker";
inline constexpr std::string_view kRetinoid = "retinoid";
inline constexpr std::string_view kUvBooster = "uv_booster";
inline constexpr std::string_view kUvFilter = "uv_filter";
inline constexpr std::string_view kUvFilterChemical = "uv_filter_chemical";
inline constexpr std::string_view kUvFilterMineral = "uv_filter_mineral";
inline constexpr std::string_view kUvaFilter = "uva_filter";
inline constexpr std::string_view kVitaminC = "vitamin_c";
inline constexpr std::string_view kWipeFriction = "wipe_friction";

// Every id above, sorted. Six are looked up by no code but have been required
// since the first DB: the families the protocols' windows are about
// (exfoliant, retinoid, vitamin_c) and the ones every protocol has a row for
// (benzoyl_peroxide, hyaluronic_acid, ceramide).
inline constexpr std::string_view kNamedCategories[] = {
    kAstringent,        kBenzoylPeroxide,  kCeramide,        kClay,
    kColorant,          kColorantOrganic,  kComedogenicHigh, kComedogenicModerate,
    kDevicePowered,     kDryingAlcohol,    kExfoliant,       kFragrance,
    kFragranceAllergen, kHelpful,          kHumectant,       kHyaluronicAcid,
    kLeaveOnCosmetic,   kMakeup,           kMakeupBase,      kMakeupMineral,
    kMaskDrying,        kOnePercentMarker, kRetinoid,        kUvBooster,
    kUvFilter,          kUvFilterChemical, kUvFilterMineral, kUvaFilter,
    kVitaminC,          kWipeFriction,
};

}  // namespace aftercare::db

#endif  // AFTERCARE_DB_CATEGORY_IDS_H_
