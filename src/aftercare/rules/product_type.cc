#include "aftercare/rules/product_type.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include <re2/re2.h>
#include <re2/set.h>

namespace aftercare::rules {
namespace {

struct TypeName {
  ProductType type;
  std::string_view name;
};

constexpr std::array kTypeNames = {
    TypeName{ProductType::kUnknown, "unknown"},     TypeName{ProductType::kCleanser, "cleanser"},
    TypeName{ProductType::kToner, "toner"},         TypeName{ProductType::kSerum, "serum"},
    TypeName{ProductType::kMoisturizer, "moisturizer"}, TypeName{ProductType::kSunscreen, "sunscreen"},
    TypeName{ProductType::kMakeup, "makeup"},       TypeName{ProductType::kMask, "mask"},
    TypeName{ProductType::kClayMask, "clay_mask"},  TypeName{ProductType::kPeelOffMask, "peel_off_mask"},
    TypeName{ProductType::kSheetMask, "sheet_mask"},
    TypeName{ProductType::kExfoliant, "exfoliant"}, TypeName{ProductType::kScrub, "scrub"},
    TypeName{ProductType::kDevice, "device"},       TypeName{ProductType::kWipe, "wipe"},
    TypeName{ProductType::kOil, "oil"},
    TypeName{ProductType::kMist, "mist"},           TypeName{ProductType::kLipCare, "lip_care"},
    TypeName{ProductType::kBodyCare, "body_care"},  TypeName{ProductType::kOther, "other"},
};

// Aliases --type accepts besides the names above.
constexpr std::array kTypeAliases = {
    TypeName{ProductType::kCleanser, "wash"},        TypeName{ProductType::kCleanser, "face_wash"},
    TypeName{ProductType::kToner, "astringent"},     TypeName{ProductType::kToner, "essence"},
    TypeName{ProductType::kMoisturizer, "moisturiser"}, TypeName{ProductType::kMoisturizer, "cream"},
    TypeName{ProductType::kMoisturizer, "lotion"},   TypeName{ProductType::kMoisturizer, "eye_cream"},
    TypeName{ProductType::kSunscreen, "spf"},        TypeName{ProductType::kMakeup, "foundation"},
    TypeName{ProductType::kMakeup, "make-up"},       TypeName{ProductType::kExfoliant, "peel"},
    TypeName{ProductType::kScrub, "polish"},         TypeName{ProductType::kDevice, "brush"},
    TypeName{ProductType::kLipCare, "lip"},          TypeName{ProductType::kBodyCare, "body"},
    TypeName{ProductType::kClayMask, "mud_mask"},    TypeName{ProductType::kPeelOffMask, "peel-off_mask"},
    TypeName{ProductType::kWipe, "wipes"},           TypeName{ProductType::kWipe, "towelette"},
    TypeName{ProductType::kWipe, "towelettes"},      TypeName{ProductType::kWipe, "pad"},
    TypeName{ProductType::kWipe, "pads"},            TypeName{ProductType::kWipe, "cloth"},
};

// Name patterns, in priority order: the first that matches decides. A makeup
// remover is a cleanser, a foundation with SPF is makeup, a tinted SPF is a
// sunscreen (research note 3g: a tinted mineral sunscreen is sun protection),
// an exfoliating toner is a toner (the exfoliation claim is kept apart).
// Masks of a known kind come before cleansers ("Clay Cleansing Mask") and
// peels ("Peel-Off Mask"); pads soaked in an acid are exfoliants, other wipes,
// towelettes, cloths and pads are wipes (also when they cleanse: "Cleansing
// Towelettes" are rubbed over the skin, not rinsed off).
struct TypeRule {
  ProductType type;
  const char* regex;
};
constexpr std::array kTypeRules = {
    TypeRule{ProductType::kDevice,
             R"(\b(?:cleansing (?:brush|device|tool)|facial (?:brush|device)|face brush|sonic (?:cleans\w*|brush)|)"
             R"(brush head|spin brush|foreo|clarisonic|luna (?:mini|play|[0-9]))\b)"},
    TypeRule{ProductType::kPeelOffMask, R"(\bpeel[- ]?off\b)"},
    TypeRule{ProductType::kClayMask,
             R"(\b(?:clay|mud|kaolin|bentonite|rhassoul)\b.*\b(?:masks?|masques?)\b|)"
             R"(\b(?:masks?|masques?)\b.*\b(?:clay|mud)\b)"},
    TypeRule{ProductType::kSheetMask, R"(\bsheet\b.*\b(?:masks?|masques?)\b|\b(?:masks?|masques?) ?sheets?\b)"},
    TypeRule{ProductType::kExfoliant,
             R"(\b(?:peel(?:ing)?|exfoliat\w*|resurfac\w*|(?:aha|bha|pha)s?|acids?|glycolic|salicylic|lactic)\b)"
             R"(.*\bpads?\b)"},
    TypeRule{ProductType::kWipe, R"(\b(?:wipes?|towelettes?|cloths?|pads?)\b)"},
    TypeRule{ProductType::kCleanser,
             R"(\b(?:cleanser|cleansing|face ?wash|facial wash|body wash|wash|soap|micellar|make-?up remover|)"
             R"(makeup-removing|foaming gel)\b)"},
    TypeRule{ProductType::kMakeup,
             R"(\b(?:foundation|concealer|bb cream|cc cream|mascara|lipstick|lip ?gloss|lip ?liner|lip colou?r|)"
             R"(lip stain|liquid lip|eye ?shadow|eye ?liner|brow (?:pencil|gel|powder|pomade)|blush|bronzer|highlighter|)"
             R"(contour|(?:setting|pressed|loose|face|finishing|bronzing|compact|translucent) powder|colou?r corrector|)"
             R"(cushion|skin tint|primer|palette|rouge)\b)"},
    TypeRule{ProductType::kSunscreen,
             R"(\b(?:spf|fps|lsf) ?:? ?[0-9]{1,3}\+?|\bsun ?screen|\bsun ?block|\bsun (?:cream|lotion|fluid|milk|stick|spray|gel|)"
             R"(protect\w*)|\buv (?:defen[cs]e|protect\w*|shield|clear|essence|fluid))"},
    TypeRule{ProductType::kMakeup, R"(\btint(?:ed)?\b)"},
    TypeRule{ProductType::kScrub, R"(\b(?:scrub|polish|microderm\w*|exfoliating (?:grains|powder|beads))\b)"},
    TypeRule{ProductType::kToner, R"(\b(?:toner|toning|tonic|astringent|clarifying lotion)\b)"},
    TypeRule{ProductType::kExfoliant,
             R"(\b(?:peel(?:ing)?|exfoliat\w*|resurfac\w*|(?:aha|bha|pha)s?|acid (?:toner|pads?|tonic|solution)|pads?)\b)"},
    TypeRule{ProductType::kMask, R"(\b(?:mask|masque)\b)"},
    TypeRule{ProductType::kLipCare, R"(\blip (?:balm|care|treatment|butter|oil|conditioner|serum)\b)"},
    TypeRule{ProductType::kSerum, R"(\b(?:serum|ampoule|ampule|booster|concentrate|essence|elixir|drops|solution)\b)"},
    TypeRule{ProductType::kMist, R"(\b(?:mist|facial spray|face spray|thermal water|spring water)\b)"},
    TypeRule{ProductType::kBodyCare, R"(\b(?:body|hand|foot|feet)\b)"},
    TypeRule{ProductType::kMoisturizer,
             R"(\b(?:moisturi[sz]\w*|cream|creme|crème|lotion|emulsion|balm|hydrator|gel-cream|sleeping|)"
             R"(hydrating gel|water gel)\b)"},
    TypeRule{ProductType::kOil, R"(\b(?:facial oil|face oil|oil serum|beauty oil|dry oil)\b|\boil$)"},
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

struct ProductNameReader::TypeSet {
  explicit TypeSet(const re2::RE2::Options& options) : set(options, re2::RE2::UNANCHORED) {}
  re2::RE2::Set set;
};

struct ProductNameReader::TypePattern {
  ProductType type;
  std::unique_ptr<re2::RE2> re;
};

std::string_view ProductTypeName(ProductType type) {
  for (const auto& t : kTypeNames) {
    if (t.type == type) return t.name;
  }
  return "unknown";
}

std::vector<std::string_view> ProductTypeNames() {
  std::vector<std::string_view> out;
  for (const auto& t : kTypeNames) {
    if (t.type != ProductType::kUnknown) out.push_back(t.name);
  }
  return out;
}

std::optional<ProductType> ParseProductType(std::string_view name) {
  std::string key = Lower(name);
  std::replace(key.begin(), key.end(), ' ', '_');
  for (const auto& t : kTypeNames) {
    if (t.name == key) return t.type;
  }
  for (const auto& t : kTypeAliases) {
    if (t.name == key) return t.type;
  }
  return std::nullopt;
}

bool IsRinseOff(ProductType type) { return type == ProductType::kCleanser || type == ProductType::kScrub; }

bool IsMask(ProductType type) {
  return type == ProductType::kMask || type == ProductType::kClayMask || type == ProductType::kPeelOffMask ||
         type == ProductType::kSheetMask;
}

ProductNameReader::ProductNameReader() = default;
ProductNameReader::~ProductNameReader() = default;

Result<std::unique_ptr<ProductNameReader>> ProductNameReader::Create() {
  std::unique_ptr<ProductNameReader> r(new ProductNameReader());
  re2::RE2::Options options;
  options.set_case_sensitive(false);
  options.set_log_errors(false);
  auto compile = [&](const std::string& regex) -> Result<std::unique_ptr<re2::RE2>> {
    auto re = std::make_unique<re2::RE2>("(" + regex + ")", options);
    if (!re->ok()) return Internal("product name pattern does not compile: " + regex + ": " + re->error());
    return re;
  };
  r->type_set_ = std::make_unique<TypeSet>(options);
  for (const auto& rule : kTypeRules) {
    ASSIGN_OR_RETURN(auto re, compile(rule.regex));
    r->types_.push_back({rule.type, std::move(re)});
    if (r->type_set_->set.Add(rule.regex, nullptr) < 0) return Internal(std::string("product type set: ") + rule.regex);
  }
  if (!r->type_set_->set.Compile()) return Internal("product type set does not compile");
  ASSIGN_OR_RETURN(r->spf_, compile(R"(\b(?:spf|fps|lsf) ?:? ?([0-9]{1,3})\b)"));
  ASSIGN_OR_RETURN(r->broad_, compile(R"(broad[- ]?spectrum|\buva\b|\bpa ?\+)"));
  ASSIGN_OR_RETURN(r->exfoliation_,
                   compile(R"(\b(?:exfoliat\w*|peel\w*|resurfac\w*|retextur\w*|ahas?|bhas?|phas?|fruit acids?|)"
                           R"(glycolic|lactic|mandelic|salicylic|malic|tartaric|azelaic|gluconolactone|lactobionic|)"
                           R"(enzyme\w*|scrub\w*|polish\w*|microderm\w*)\b)"));
  // Glitter ("Glass Beads") and nail polish are no claim: matched first, then skipped.
  ASSIGN_OR_RETURN(r->label_exfoliation_,
                   compile(R"(\b(?:(?:glass|nail) (?:beads?|polish\w*)|exfoliat\w*|scrub\w*|polish\w*|microderm\w*|)"
                           R"((?:micro)?beads?|granules?)\b)"));
  return r;
}

NameFacts ProductNameReader::Read(std::string_view name) const {
  NameFacts facts;
  if (name.empty()) return facts;
  re2::StringPiece text(name.data(), name.size());
  // One pass finds every type pattern that matches; the first in priority
  // order decides, and only it runs again to say which words matched.
  std::vector<int> hits;
  if (type_set_->set.Match(text, &hits)) {
    const auto& t = types_[static_cast<size_t>(*std::min_element(hits.begin(), hits.end()))];
    std::string evidence;
    if (re2::RE2::PartialMatch(text, *t.re, &evidence)) {
      facts.type = t.type;
      facts.type_evidence = evidence;
    }
  }
  std::string whole, digits;
  if (re2::RE2::PartialMatch(text, *spf_, &whole, &digits)) facts.spf = std::stoi(digits);
  facts.broad_spectrum = re2::RE2::PartialMatch(text, *broad_);
  facts.exfoliation_claim = re2::RE2::PartialMatch(text, *exfoliation_);
  // Rubbed on the skin whatever decided the type ("Glycolic Peel Pads"): the wipe rule matched.
  facts.wipe = std::any_of(hits.begin(), hits.end(),
                           [&](int h) { return types_[static_cast<size_t>(h)].type == ProductType::kWipe; });
  return facts;
}

std::string_view ProductNameReader::LabelExfoliationWord(std::string_view label_text) const {
  re2::StringPiece input(label_text.data(), label_text.size()), word;
  while (re2::RE2::FindAndConsume(&input, *label_exfoliation_, &word)) {
    if (word.find(' ') == re2::StringPiece::npos) return std::string_view(word.data(), word.size());
  }
  return {};
}

}  // namespace aftercare::rules
