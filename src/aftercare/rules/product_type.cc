#include "aftercare/rules/product_type.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <mutex>
#include <string>

#include <re2/re2.h>
#include <re2/set.h>

#include "aftercare/base/ascii.h"
#include "aftercare/base/byte_mask.h"

namespace aftercare::rules {
namespace {

// Every word the label-exfoliation pattern (Create()) can match holds one of
// these stems, ASCII case ignored: a label with none of them has no such word,
// and the pattern need not run over it. Keep the two together. Each stem is
// looked for from its anchor, a letter rarer in ingredient lists than most.
struct Stem {
  std::string_view lower;
  size_t anchor;  // the place of the anchor letter in `lower`
};
constexpr Stem kLabelExfoliationStems[] = {{"exfoliat", 1},  {"scrub", 4}, {"polish", 5},
                                           {"microderm", 5}, {"bead", 0},  {"granule", 0}};

// The stems' anchor letters, and the lead byte of U+017F (long s).
uint32_t StemAnchors(const char* p) {
  return bytemask::AnyOf<'x', 'X', 'b', 'B', 'h', 'H', 'd', 'D', 'g', 'G', '\xC5'>(p);
}

// Whether `text` may hold a label exfoliation word: it holds one of the stems,
// or U+017F (long s), which RE2's case folding reads as 's' (the only letter
// outside ASCII it folds to one of the stems' letters).
bool MayHoldLabelExfoliationWord(std::string_view text) {
  bytemask::Scanner<StemAnchors> anchors(text.data(), 0, text.size());
  for (size_t i = anchors.Next(); i < text.size(); i = anchors.Next()) {
    if (text[i] == '\xC5') {
      if (i + 1 < text.size() && text[i + 1] == '\xBF') return true;
      continue;
    }
    const char c = ascii::Lower(text[i]);
    for (const Stem& stem : kLabelExfoliationStems) {
      if (stem.lower[stem.anchor] == c && i >= stem.anchor &&
          ascii::StartsWithLower(text.substr(i - stem.anchor), stem.lower)) {
        return true;
      }
    }
  }
  return false;
}

struct TypeName {
  ProductType type;
  std::string_view name;
};

constexpr std::array kTypeNames = {
    TypeName{ProductType::kUnknown, "unknown"},
    TypeName{ProductType::kCleanser, "cleanser"},
    TypeName{ProductType::kToner, "toner"},
    TypeName{ProductType::kSerum, "serum"},
    TypeName{ProductType::kMoisturizer, "moisturizer"},
    TypeName{ProductType::kSunscreen, "sunscreen"},
    TypeName{ProductType::kMakeup, "makeup"},
    TypeName{ProductType::kMask, "mask"},
    TypeName{ProductType::kClayMask, "clay_mask"},
    TypeName{ProductType::kPeelOffMask, "peel_off_mask"},
    TypeName{ProductType::kSheetMask, "sheet_mask"},
    TypeName{ProductType::kExfoliant, "exfoliant"},
    TypeName{ProductType::kScrub, "scrub"},
    TypeName{ProductType::kDevice, "device"},
    TypeName{ProductType::kWipe, "wipe"},
    TypeName{ProductType::kOil, "oil"},
    TypeName{ProductType::kMist, "mist"},
    TypeName{ProductType::kLipCare, "lip_care"},
    TypeName{ProductType::kBodyCare, "body_care"},
    TypeName{ProductType::kOther, "other"},
};

// Aliases --type accepts besides the names above.
constexpr std::array kTypeAliases = {
    TypeName{ProductType::kCleanser, "wash"},
    TypeName{ProductType::kCleanser, "face_wash"},
    TypeName{ProductType::kToner, "astringent"},
    TypeName{ProductType::kToner, "essence"},
    TypeName{ProductType::kMoisturizer, "moisturiser"},
    TypeName{ProductType::kMoisturizer, "cream"},
    TypeName{ProductType::kMoisturizer, "lotion"},
    TypeName{ProductType::kMoisturizer, "eye_cream"},
    TypeName{ProductType::kSunscreen, "spf"},
    TypeName{ProductType::kMakeup, "foundation"},
    TypeName{ProductType::kMakeup, "make-up"},
    TypeName{ProductType::kExfoliant, "peel"},
    TypeName{ProductType::kScrub, "polish"},
    TypeName{ProductType::kDevice, "brush"},
    TypeName{ProductType::kLipCare, "lip"},
    TypeName{ProductType::kBodyCare, "body"},
    TypeName{ProductType::kClayMask, "mud_mask"},
    TypeName{ProductType::kPeelOffMask, "peel-off_mask"},
    TypeName{ProductType::kWipe, "wipes"},
    TypeName{ProductType::kWipe, "towelette"},
    TypeName{ProductType::kWipe, "towelettes"},
    TypeName{ProductType::kWipe, "pad"},
    TypeName{ProductType::kWipe, "pads"},
    TypeName{ProductType::kWipe, "cloth"},
};

// Name patterns, in priority order: the first that matches decides. A makeup
// remover is a cleanser; a colour cosmetic with SPF ("Foundation SPF 15") is
// makeup, but tinted skin care with SPF ("Tinted Moisturizer SPF 30", "BB
// Cream SPF 30", "Skin Tint SPF 30") is a sunscreen (research note 3g rule 1:
// a tinted mineral sunscreen is sun protection), so the tint words come after
// the sun claim; an exfoliating toner is a toner (the exfoliation claim is
// kept apart). Masks of a known kind come before cleansers ("Clay Cleansing
// Mask") and peels ("Peel-Off Mask"); pads soaked in an acid are exfoliants,
// other wipes, towelettes, cloths and pads are wipes (also when they cleanse:
// "Cleansing Towelettes" are rubbed over the skin, not rinsed off). Eye care
// ("Eye Gel", "Eye Contour Cream") and self-tanners silence the makeup words
// ("Contour", "Bronzing", "Tinted"): a name's makeup word is only a hint, and
// the Assessor makes makeup only with colourants on the label.
struct TypeRule {
  ProductType type;
  const char* regex;
  MakeupWord makeup = MakeupWord::kNone;  // for kMakeup rules: how strong a hint
  bool silences_makeup = false;           // when it matches, the makeup rules do not count
};
constexpr std::array kTypeRules = {
    TypeRule{ProductType::kDevice,
             R"(\b(?:cleansing (?:brush|device|tool)|facial (?:brush|device)|face brush|sonic (?:cleans\w*|brush)|)"
             R"(brush head|spin brush|foreo|clarisonic|luna (?:mini|play|[0-9]))\b)"},
    // A cleaner of makeup brushes and sponges is a cleanser, not makeup ("Makeup Brush Cleaner").
    TypeRule{ProductType::kCleanser, R"(\b(?:brush|sponge) (?:cleaner|shampoo)\b)"},
    TypeRule{ProductType::kPeelOffMask, R"(\bpeel[- ]?off\b)"},
    TypeRule{ProductType::kClayMask, R"(\b(?:clay|mud|kaolin|bentonite|rhassoul)\b.*\b(?:masks?|masques?)\b|)"
                                     R"(\b(?:masks?|masques?)\b.*\b(?:clay|mud)\b)"},
    TypeRule{ProductType::kSheetMask, R"(\bsheet\b.*\b(?:masks?|masques?)\b|\b(?:masks?|masques?) ?sheets?\b)"},
    TypeRule{ProductType::kExfoliant,
             R"(\b(?:peel(?:ing)?|exfoliat\w*|resurfac\w*|(?:aha|bha|pha)s?|acids?|glycolic|salicylic|lactic)\b)"
             R"(.*\bpads?\b)"},
    TypeRule{ProductType::kWipe, R"(\b(?:wipes?|towelettes?|cloths?|pads?)\b)"},
    // "Deep Cleansing Mask": "cleansing" describes the mask, the noun it qualifies (a clay among
    // its first five then makes it a clay mask).
    TypeRule{ProductType::kMask, R"(\bcleansing\b.*\b(?:masks?|masques?)\b)"},
    TypeRule{ProductType::kCleanser,
             R"(\b(?:cleanser|cleansing|face ?wash|facial wash|body wash|wash|soap|micellar|make-?up remover|)"
             R"(makeup-removing|foaming gel)\b)"},
    TypeRule{ProductType::kMakeup,
             R"(\b(?:foundation|concealer|mascara|lipstick|lip ?gloss|lip ?liner|lip colou?r|lip stain|liquid lip|)"
             R"(eye ?shadow|eye ?liner|brow (?:pencil|powder|pomade|gel)|bronzer|highlight(?:er)?s?|)"
             R"((?:face|cheek|eye) colou?r|)"
             R"((?:setting|pressed|loose|face|finishing|bronzing|compact|translucent) powder|colou?r corrector)\b)",
             MakeupWord::kColour},
    TypeRule{ProductType::kMakeup, R"(\b(?:blush|contour|palette|rouge|cushion|make-?up)\b)", MakeupWord::kWeak},
    TypeRule{
        ProductType::kSunscreen,
        R"(\b(?:spf|fps|lsf) ?:? ?[0-9]{1,3}\+?|\bsun ?screen|\bsun ?block|\bsun (?:cream|lotion|fluid|milk|stick|spray|gel|)"
        R"(protect\w*)|\buv (?:defen[cs]e|protect\w*|shield|clear|essence|fluid))"},
    // Eye care before the tint words and after the sun claim: "Eye Cream SPF 20" is a sunscreen.
    TypeRule{ProductType::kMoisturizer,
             R"(\b(?:under[- ]?eyes?|eyes?) (?:gels?|creams?|crème|creme|balm|treatment|repair|rescue|care|lift|)"
             R"(roll[- ]?on|concentrate|contour\w*)\b|\beye contour|\bcontour des yeux\b|\bcontorno (?:de )?ojos\b)",
             MakeupWord::kNone, true},
    TypeRule{ProductType::kMakeup, R"(\b(?:skin tint|tint(?:ed)?|bb cream|cc cream)\b)", MakeupWord::kTint},
    // A primer is worn under makeup: makeup even when clear, but a sunscreen when it claims SPF.
    TypeRule{ProductType::kMakeup, R"(\bprimer\b)", MakeupWord::kColour},
    TypeRule{ProductType::kScrub, R"(\b(?:scrub|polish|microderm\w*|exfoliating (?:grains|powder|beads))\b)"},
    TypeRule{ProductType::kToner, R"(\b(?:toner|toning|tonic|astringent|clarifying lotion)\b)"},
    TypeRule{
        ProductType::kExfoliant,
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
    // Last: a self-tanner of no other type is body care ("Self Tan Express Bronzing Mousse").
    TypeRule{ProductType::kBodyCare,
             R"(\b(?:self[- ]?tan\w*|sunless|(?:gradual|instant|spray) tan\w*|)"
             R"(tanning (?:water|mousse|oil|lotion|drops|gel|mist|foam|spray|serum|cream|butter)|)"
             R"(tan (?:drops|water|mousse|eraser))\b)",
             MakeupWord::kNone, true},
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

// The name's claims matched in the type set, after the types, in this order.
enum class ProductNameReader::Claim { kSpf, kBroadSpectrum, kExfoliation };

struct ProductNameReader::TypeSet {
  explicit TypeSet(const re2::RE2::Options& options) : set(options, re2::RE2::UNANCHORED) {}
  re2::RE2::Set set;
};

namespace {
re2::RE2::Options NameOptions() {
  re2::RE2::Options options;
  options.set_case_sensitive(false);
  options.set_log_errors(false);
  return options;
}
}  // namespace

struct ProductNameReader::TypePattern {
  ProductType type;
  MakeupWord makeup;
  bool silences_makeup;
  const char* regex;  // also in the type set, which Create() checked
  // The pattern alone, to say which words matched, compiled on first use:
  // a name asks it of the few patterns that decide it, and compiling all
  // of them was a fifth of a `check`'s instructions. Thread-safe.
  struct Compiled {
    std::once_flag once;
    std::unique_ptr<re2::RE2> re;
  };
  std::unique_ptr<Compiled> compiled = std::make_unique<Compiled>();
  const re2::RE2& Re() const {
    std::call_once(compiled->once,
                   [&] { compiled->re = std::make_unique<re2::RE2>(std::string("(") + regex + ")", NameOptions()); });
    return *compiled->re;
  }
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

bool IsLeaveOnKind(ProductType type) {
  return type == ProductType::kSerum || type == ProductType::kMoisturizer || type == ProductType::kSunscreen ||
         type == ProductType::kMakeup || type == ProductType::kOil || type == ProductType::kMist ||
         type == ProductType::kToner || type == ProductType::kLipCare;
}

bool IsMask(ProductType type) {
  return type == ProductType::kMask || type == ProductType::kClayMask || type == ProductType::kPeelOffMask ||
         type == ProductType::kSheetMask;
}

ProductNameReader::ProductNameReader() = default;
ProductNameReader::~ProductNameReader() = default;

Result<std::unique_ptr<ProductNameReader>> ProductNameReader::Create() {
  std::unique_ptr<ProductNameReader> r(new ProductNameReader());
  const re2::RE2::Options options = NameOptions();
  auto compile = [&](const std::string& regex) -> Result<std::unique_ptr<re2::RE2>> {
    auto re = std::make_unique<re2::RE2>("(" + regex + ")", options);
    if (!re->ok()) return Internal("product name pattern does not compile: " + regex + ": " + re->error());
    return re;
  };
  r->type_set_ = std::make_unique<TypeSet>(options);
  for (const auto& rule : kTypeRules) {
    r->types_.push_back({rule.type, rule.makeup, rule.silences_makeup, rule.regex});
    if (r->type_set_->set.Add(rule.regex, nullptr) < 0) return Internal(std::string("product type set: ") + rule.regex);
  }
  // The name's claims are matched in the same pass as its types: after them
  // in the set, in the order of Claim. Only the SPF runs again, for its number.
  const std::string spf = R"(\b(?:spf|fps|lsf) ?:? ?([0-9]{1,3})\b)";
  const std::string broad = R"(broad[- ]?spectrum|\buva\b|\bpa ?\+)";
  const std::string exfoliation =
      R"(\b(?:exfoliat\w*|peel\w*|resurfac\w*|retextur\w*|ahas?|bhas?|phas?|fruit acids?|)"
      R"(glycolic|lactic|mandelic|salicylic|malic|tartaric|azelaic|gluconolactone|lactobionic|)"
      R"(enzyme\w*|scrub\w*|polish\w*|microderm\w*)\b)";
  for (const std::string* claim : {&spf, &broad, &exfoliation}) {
    if (r->type_set_->set.Add(*claim, nullptr) < 0) return Internal("product claim set: " + *claim);
  }
  if (!r->type_set_->set.Compile()) return Internal("product type set does not compile");
  ASSIGN_OR_RETURN(r->spf_, compile(spf));
  // Glitter ("Glass Beads") and nail polish are no claim: matched first, then skipped.
  // Every word it matches holds one of kLabelExfoliationStems.
  ASSIGN_OR_RETURN(r->label_exfoliation_, compile(std::string(kLabelExfoliationPattern)));
  return r;
}

NameFacts ProductNameReader::Read(std::string_view name) const {
  NameFacts facts;
  if (name.empty()) return facts;
  re2::StringPiece text(name.data(), name.size());
  // One pass finds every type pattern that matches; in priority order the
  // first decides the type, the strongest makeup pattern the makeup word and
  // the first other pattern what the name says besides it. Only those run again
  // to say which words matched.
  std::vector<int> hits;
  type_set_->set.Match(text, &hits);
  std::sort(hits.begin(), hits.end());
  // The claims follow the types in the set (Create()).
  const auto claims = std::lower_bound(hits.begin(), hits.end(), static_cast<int>(types_.size()));
  auto claimed = [&](Claim c) {
    return std::binary_search(claims, hits.end(), static_cast<int>(types_.size()) + static_cast<int>(c));
  };
  const bool spf_claim = claimed(Claim::kSpf);
  facts.broad_spectrum = claimed(Claim::kBroadSpectrum);
  facts.exfoliation_claim = claimed(Claim::kExfoliation);
  hits.erase(claims, hits.end());
  const bool silenced =
      std::any_of(hits.begin(), hits.end(), [&](int h) { return types_[static_cast<size_t>(h)].silences_makeup; });
  auto evidence = [&](const TypePattern& t) {
    std::string words;
    re2::RE2::PartialMatch(text, t.Re(), &words);
    return words;
  };
  for (int h : hits) {
    const TypePattern& t = types_[static_cast<size_t>(h)];
    const bool makeup = t.makeup != MakeupWord::kNone;
    if (makeup && silenced) continue;
    facts.sun_claim = facts.sun_claim || t.type == ProductType::kSunscreen;
    const bool first = facts.type == ProductType::kUnknown;
    // A colour cosmetic's word outranks a weaker one ("Makeup Primer", "Tinted Foundation").
    const bool first_makeup = makeup && (facts.makeup == MakeupWord::kNone ||
                                         (t.makeup == MakeupWord::kColour && facts.makeup != MakeupWord::kColour));
    const bool first_other = !makeup && facts.other_type == ProductType::kUnknown;
    if (!first && !first_makeup && !first_other) continue;
    std::string words = evidence(t);
    if (first) {
      facts.type = t.type;
      facts.type_evidence = words;
    }
    if (first_makeup) {
      facts.makeup = t.makeup;
      facts.makeup_evidence = std::move(words);
    } else if (first_other) {
      facts.other_type = t.type;
      facts.other_evidence = std::move(words);
    }
  }
  std::string whole, digits;
  if (spf_claim && re2::RE2::PartialMatch(text, *spf_, &whole, &digits)) facts.spf = std::stoi(digits);
  // Rubbed on the skin whatever decided the type ("Glycolic Peel Pads"): the wipe rule matched.
  facts.wipe = std::any_of(hits.begin(), hits.end(),
                           [&](int h) { return types_[static_cast<size_t>(h)].type == ProductType::kWipe; });
  return facts;
}

std::string_view ProductNameReader::LabelExfoliationWord(std::string_view label_text) const {
  if (!MayHoldLabelExfoliationWord(label_text)) return {};  // most labels: no pass of the pattern
  re2::StringPiece input(label_text.data(), label_text.size()), word;
  while (re2::RE2::FindAndConsume(&input, *label_exfoliation_, &word)) {
    if (word.find(' ') == re2::StringPiece::npos) return std::string_view(word.data(), word.size());
  }
  return {};
}

}  // namespace aftercare::rules
