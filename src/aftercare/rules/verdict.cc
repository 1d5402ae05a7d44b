#include "aftercare/rules/verdict.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bitset>
#include <cctype>
#include <functional>

#include "aftercare/base/edit_distance.h"
#include "aftercare/db/category_ids.h"
#include "aftercare/rules/explain.h"
#include "aftercare/rules/protocol_index.h"

namespace aftercare::rules {
namespace {

using match::LabelIngredient;

// Context markers a curated membership (or pattern) carries in its note
// (ingredient_db/data/members/*.csv): when the ingredient counts in that category.
constexpr std::string_view kWeakAcid = "weak_acid";          // pH adjuster low in the list
constexpr std::string_view kClaimOnly = "claim_only";        // botanical acid source: counts when the product claims it
constexpr std::string_view kAbrasiveOnly = "abrasive_only";  // shell, pit, seed powder: counts in every product
constexpr std::string_view kParticle = "particle";           // also a texturiser: counts in scrubs, masks, cleansers...
constexpr std::string_view kSolubleParticle = "soluble_particle";   // salt, sugar: abrasive only undissolved
constexpr std::string_view kTop5OrToner = "top5_or_toner";          // drying alcohol: high in the list or in a toner
constexpr std::string_view kHighLevelOnly = "high_level_only";      // urea, propylene glycol: at a high level
constexpr std::string_view kMild = "mild";                          // milder surfactant: caution, not avoid
constexpr std::string_view kAboveOnePercent = "above_one_percent";  // comedogenic rating: above the ~1 % line only
constexpr std::string_view kTraceCaution = "trace_caution";  // acid: caution below the ~1 % line of a non-exfoliant
constexpr std::string_view kDeclaredOnly = "declared_only";  // plant source: counts when declared (active or a %)
constexpr std::string_view kAntioxidant = "antioxidant";     // vitamin C ester: an antioxidant below the ~1 % line
constexpr std::string_view kRinseOffPreservative = "rinse_off_preservative";  // benzyl alcohol: rinsed off
// On a one_percent_marker membership: its maximum is 1 % or less in leave-on products only.
constexpr std::string_view kLeaveOnLine = "leave_on_line";

// Where the weak-acid and drying-alcohol signals draw the line: the first five
// ingredients are well above the ~1 % line (research note 3b, 3e).
constexpr int kHighInListPosition = 5;
// "High level" for urea (keratolytic at >= 10 %) and propylene glycol.
constexpr int kHighLevelPosition = 3;
constexpr double kHighLevelPercent = 10.0;
constexpr double kDryingAlcoholPercent = 5.0;
// A particle declared at this level or more stands above the ~1 % line.
constexpr double kOnePercentLine = 1.0;

// Categories are few (62 in the DB today; Open() refuses more than
// db::kMaxCategories): a set of them is a bitset by id.
using CategorySet = std::bitset<db::kMaxCategories>;

}  // namespace

// What the rules look up for every product, computed once per Checker (the
// DB is immutable): each category with its ancestors as a set, the categories
// in id order, the categories the rules name, and per ingredient its
// categories (ancestors included, in id order), read on first use.
class CategoryIndex {
 public:
  static Result<std::unique_ptr<CategoryIndex>> Create(const db::IngredientDb& db) {
    const size_t n = db.categories().size();
    if (n > db::kMaxCategories) {
      return Internal(fmt::format("the DB has {} categories; the rules handle at most {}", n, db::kMaxCategories));
    }
    std::unique_ptr<CategoryIndex> x(new CategoryIndex(db));
    x->self_and_ancestors_.resize(n);
    for (size_t c = 0; c < n; ++c) {
      for (db::CategoryId a : db.WithAncestors(static_cast<db::CategoryId>(c))) {
        x->self_and_ancestors_[c].set(static_cast<size_t>(a));
      }
      x->by_id_.push_back(static_cast<db::CategoryId>(c));
    }
    std::sort(x->by_id_.begin(), x->by_id_.end(),
              [&](db::CategoryId a, db::CategoryId b) { return db.category(a).id < db.category(b).id; });
    x->rank_.resize(n);
    for (size_t r = 0; r < n; ++r) x->rank_[static_cast<size_t>(x->by_id_[r])] = static_cast<uint16_t>(r);
    auto find = [&](std::string_view id) { return db.FindCategory(id).value_or(-1); };
    Ids& k = x->ids_;
    k.uv_filter = find(db::kUvFilter);
    k.uv_filter_chemical = find(db::kUvFilterChemical);
    k.uv_filter_mineral = find(db::kUvFilterMineral);
    k.uva_filter = find(db::kUvaFilter);
    k.uv_booster = find(db::kUvBooster);
    k.colorant = find(db::kColorant);
    k.colorant_organic = find(db::kColorantOrganic);
    k.makeup_base = find(db::kMakeupBase);
    k.makeup = find(db::kMakeup);
    k.makeup_mineral = find(db::kMakeupMineral);
    k.fragrance = find(db::kFragrance);
    k.drying_alcohol = find(db::kDryingAlcohol);
    k.helpful = find(db::kHelpful);
    k.humectant = find(db::kHumectant);
    k.comedogenic_high = find(db::kComedogenicHigh);
    k.comedogenic_moderate = find(db::kComedogenicModerate);
    k.device_powered = find(db::kDevicePowered);
    k.clay = find(db::kClay);
    k.mask_drying = find(db::kMaskDrying);
    k.wipe_friction = find(db::kWipeFriction);
    k.one_percent_marker = find(db::kOnePercentMarker);
    k.astringent = find(db::kAstringent);
    k.leave_on_cosmetic = find(db::kLeaveOnCosmetic);
    x->ingredients_.reset(new std::atomic<const std::vector<db::CategoryId>*>[db.ingredient_count()]());
    return x;
  }

  ~CategoryIndex() {
    for (size_t i = 0; i < db_.ingredient_count(); ++i) delete ingredients_[i].load(std::memory_order_relaxed);
  }

  // The category ids the rules name; -1 when the DB has no such category.
  struct Ids {
    db::CategoryId uv_filter, uv_filter_chemical, uv_filter_mineral, uva_filter, uv_booster, colorant, colorant_organic,
        makeup_base, makeup, makeup_mineral, fragrance, drying_alcohol, helpful, comedogenic_high, comedogenic_moderate,
        device_powered, clay, mask_drying, wipe_friction, one_percent_marker, astringent, humectant, leave_on_cosmetic;
  };
  const Ids& ids() const { return ids_; }

  // Whether `c` is `ancestor` or below it.
  bool Under(db::CategoryId c, db::CategoryId ancestor) const {
    return ancestor >= 0 && self_and_ancestors_[static_cast<size_t>(c)].test(static_cast<size_t>(ancestor));
  }
  const CategorySet& SelfAndAncestors(db::CategoryId c) const { return self_and_ancestors_[static_cast<size_t>(c)]; }
  // Every category, in id (string) order.
  const std::vector<db::CategoryId>& InIdOrder() const { return by_id_; }
  uint16_t Rank(db::CategoryId c) const { return rank_[static_cast<size_t>(c)]; }

  // db.CategoriesOf(id), computed once per ingredient. Thread-safe; the vector
  // lives as long as the index.
  const std::vector<db::CategoryId>& CategoriesOf(db::IngredientId id) const {
    auto& slot = ingredients_[static_cast<size_t>(id)];
    if (const auto* v = slot.load(std::memory_order_acquire)) return *v;
    auto* mine = new std::vector<db::CategoryId>(db_.CategoriesOf(id));
    const std::vector<db::CategoryId>* expected = nullptr;
    if (slot.compare_exchange_strong(expected, mine, std::memory_order_acq_rel)) return *mine;
    delete mine;  // another thread was first: the same value
    return *expected;
  }

 private:
  explicit CategoryIndex(const db::IngredientDb& db) : db_(db) {}
  const db::IngredientDb& db_;
  std::vector<CategorySet> self_and_ancestors_;  // per category id
  std::vector<db::CategoryId> by_id_;
  std::vector<uint16_t> rank_;  // per category id: its place in by_id_
  Ids ids_{};
  std::unique_ptr<std::atomic<const std::vector<db::CategoryId>*>[]> ingredients_;
};

namespace {

bool HasMarker(std::string_view note, std::string_view marker) {
  if (note.substr(0, marker.size()) != marker) return false;
  return note.size() == marker.size() || note[marker.size()] == ';' || note[marker.size()] == ' ' ||
         note[marker.size()] == ':';
}

// The context markers of `ing` for category `cat`, in the order first seen:
// from its direct memberships in `cat` or a descendant, or from the pattern
// that recognized it.
struct Markers {
  std::array<std::string_view, 13> m;
  size_t n = 0;
  const std::string_view* begin() const { return m.data(); }
  const std::string_view* end() const { return m.data() + n; }
};
Markers MarkersFor(const LabelIngredient& ing, const db::IngredientDb& db, const CategoryIndex& index,
                   db::CategoryId cat) {
  static constexpr std::string_view kAll[] = {
      kWeakAcid, kClaimOnly,       kAbrasiveOnly, kParticle,     kSolubleParticle, kTop5OrToner,         kHighLevelOnly,
      kMild,     kAboveOnePercent, kTraceCaution, kDeclaredOnly, kAntioxidant,     kRinseOffPreservative};
  Markers out;
  auto add_from = [&](std::string_view note) {
    for (std::string_view m : kAll) {
      if (HasMarker(note, m) && std::find(out.begin(), out.end(), m) == out.end()) out.m[out.n++] = m;
    }
  };
  if (ing.match.ingredient >= 0) {
    for (const auto& m : db.ingredient(ing.match.ingredient).members) {
      if (index.Under(m.category, cat)) add_from(m.note);
    }
  } else {
    for (db::PatternIndex k : ing.match.patterns) {
      const db::Pattern& p = db.patterns()[static_cast<size_t>(k)];
      if (index.Under(p.category, cat)) add_from(p.note);
    }
  }
  return out;
}

std::string PositionText(const LabelIngredient& ing) {
  if (ing.may_contain) return "in the may-contain list";
  return fmt::format("position {}", ing.position);
}

bool HighInList(const LabelIngredient& ing, int limit) { return ing.position > 0 && ing.position <= limit; }

// The canonical INCI name, "" for a pattern-only match; lives as long as the DB.
const std::string& Inci(const LabelIngredient& ing, const db::IngredientDb& db) {
  static const std::string kNone;
  return ing.match.ingredient >= 0 ? db.ingredient(ing.match.ingredient).inci : kNone;
}

}  // namespace

std::string TriggerCategoryTitle(const std::string& category, const db::IngredientDb& db) {
  if (category == "unrecognized") return "Not recognized";
  if (category == "avoided") return "Avoided by the clinic";
  if (category == "practitioner_supplied") return "Practitioner-supplied";
  if (category == "strict_day_0") return "Strict day 0 (clinic)";
  if (auto c = db.FindCategory(category)) return db.category(*c).name;
  return category;
}

std::string_view VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kSafe: return "safe";
    case Verdict::kCaution: return "caution";
    case Verdict::kAvoid: return "avoid";
  }
  return "safe";
}

std::optional<Verdict> ParseVerdict(std::string_view name) {
  for (Verdict v : {Verdict::kSafe, Verdict::kCaution, Verdict::kAvoid}) {
    if (VerdictName(v) == name) return v;
  }
  return std::nullopt;
}

std::vector<db::CategoryId> IngredientCategoryIds(const LabelIngredient& ing, const db::IngredientDb& db) {
  std::vector<db::CategoryId> out;
  if (!ing.recognized() || ing.ambiguous) return out;
  if (ing.match.ingredient >= 0) return db.CategoriesOf(ing.match.ingredient);
  for (db::CategoryId c : ing.match.pattern_categories) {
    for (db::CategoryId a : db.WithAncestors(c)) {
      if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
    }
  }
  std::sort(out.begin(), out.end(),
            [&](db::CategoryId a, db::CategoryId b) { return db.category(a).id < db.category(b).id; });
  return out;
}

Verdict RuleOn(const db::ProtocolRule& rule, int day) {
  if (rule.avoid_until_day && day <= *rule.avoid_until_day) return Verdict::kAvoid;
  if (rule.caution_until_day && day <= *rule.caution_until_day) return Verdict::kCaution;
  return Verdict::kSafe;
}

Verdict Trigger::On(int day) const {
  if (always) return Verdict::kAvoid;
  if (avoid_until_day && day <= *avoid_until_day) return Verdict::kAvoid;
  if (caution_always) return Verdict::kCaution;
  if (caution_until_day && day <= *caution_until_day) return Verdict::kCaution;
  return Verdict::kSafe;
}

int Trigger::SafeFrom() const {
  if (always || caution_always) return kNeverSafe;
  int last = -1;
  if (avoid_until_day) last = std::max(last, *avoid_until_day);
  if (caution_until_day) last = std::max(last, *caution_until_day);
  return last + 1;
}

std::vector<const Trigger*> Assessment::Reasons() const {
  std::vector<const Trigger*> out;
  for (const auto& t : triggers) {
    if (t.On(day) != Verdict::kSafe) out.push_back(&t);
  }
  std::stable_sort(out.begin(), out.end(), [&](const Trigger* a, const Trigger* b) { return a->On(day) > b->On(day); });
  return out;
}

std::vector<const Trigger*> Assessment::Reasons(const ComponentAssessment& c) const {
  std::vector<const Trigger*> out;
  for (size_t i = c.triggers_begin; i < c.triggers_end && i < triggers.size(); ++i) {
    if (triggers[i].On(day) != Verdict::kSafe) out.push_back(&triggers[i]);
  }
  std::stable_sort(out.begin(), out.end(), [&](const Trigger* a, const Trigger* b) { return a->On(day) > b->On(day); });
  return out;
}

const ComponentAssessment* Assessment::ComponentOf(const Trigger* t) const {
  std::less<const Trigger*> before;
  if (triggers.empty() || before(t, triggers.data()) || !before(t, triggers.data() + triggers.size())) return nullptr;
  const size_t i = static_cast<size_t>(t - triggers.data());
  for (const auto& c : components) {
    if (c.triggers_begin <= i && i < c.triggers_end) return &c;
  }
  return nullptr;
}

Checker::Checker(const Analyzer* analyzer) : analyzer_(analyzer) {}
Checker::~Checker() = default;

Result<std::unique_ptr<Checker>> Checker::Create(const Analyzer* analyzer) {
  std::unique_ptr<Checker> c(new Checker(analyzer));
  ASSIGN_OR_RETURN(c->names_, ProductNameReader::Create());
  ASSIGN_OR_RETURN(c->index_, CategoryIndex::Create(analyzer->db()));
  return c;
}

namespace {

// The words of a protocol id or of what a user typed ("chemical-peel" -> chemical, peel).
std::vector<std::string> IdWords(std::string_view id) {
  std::vector<std::string> words;
  std::string cur;
  for (char c : id) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      cur += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!cur.empty()) {
      words.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty()) words.push_back(std::move(cur));
  return words;
}

}  // namespace

Result<const db::Protocol*> Checker::FindProtocol(std::string_view id) const {
  if (const db::Protocol* p = analyzer_->db().FindProtocol(id)) return p;
  // Suggested: ids a short edit away ("microneedle"), or sharing a word of at
  // least 3 letters with what was typed ("chemical-peel" -> peel-medium, peel-superficial).
  std::string known, suggested;
  const std::vector<std::string> typed = IdWords(id);
  const int max_edits = std::min<int>(3, static_cast<int>(id.size()) / 3);
  for (const auto& p : analyzer_->db().protocols()) {
    known += (known.empty() ? "" : ", ") + p.id;
    bool close = BoundedEditDistance(id, p.id, max_edits) <= max_edits;
    for (const auto& w : IdWords(p.id)) {
      close = close || (w.size() >= 3 && std::find(typed.begin(), typed.end(), w) != typed.end());
    }
    if (close) suggested += fmt::format("{}'{}'", suggested.empty() ? "" : " or ", p.id);
  }
  if (!suggested.empty()) {
    return NotFound(fmt::format("unknown protocol '{}' (did you mean {}?; known: {})", id, suggested, known));
  }
  return NotFound(fmt::format("unknown protocol '{}' (known: {})", id, known));
}

namespace {

// Builds the triggers of one assessment; the steps follow the label's order.
class Assessor {
 public:
  Assessor(const db::IngredientDb& db, const CategoryIndex& index, NameFacts name_facts, const ProductNameReader& names,
           const match::ParsedLabel& label, const ProductInfo& product, const ProtocolIndex& protocol,
           const ClinicPolicy* policy)
      : db_(db),
        index_(index),
        ids_(index.ids()),
        label_(label),
        product_(product),
        rules_(protocol),
        protocol_(protocol.protocol()),
        policy_(policy),
        last_active_day_(protocol.last_active_day()),
        names_(names) {
    a_.protocol = protocol_.id;
    a_.name_facts = std::move(name_facts);
    static const std::vector<db::CategoryId> kNone;
    cats_.reserve(label.ingredients.size());
    // Reserved up front so that cats_ can point into it (and nothing is allocated when no ingredient needs it).
    pattern_cats_.reserve(
        static_cast<size_t>(std::count_if(label.ingredients.begin(), label.ingredients.end(), [](const auto& ing) {
          return ing.recognized() && !ing.ambiguous && ing.match.ingredient < 0;
        })));
    for (const auto& ing : label.ingredients) {
      if (!ing.recognized() || ing.ambiguous) {
        cats_.push_back(&kNone);
      } else if (ing.match.ingredient >= 0) {
        cats_.push_back(&index.CategoriesOf(ing.match.ingredient));
      } else {
        // Recognized by a pattern only: its categories with their ancestors, in id order.
        CategorySet set;
        for (db::CategoryId c : ing.match.pattern_categories) set |= index.SelfAndAncestors(c);
        auto& v = pattern_cats_.emplace_back();
        for (db::CategoryId c : index.InIdOrder()) {
          if (set.test(static_cast<size_t>(c))) v.push_back(c);
        }
        cats_.push_back(&v);
      }
      for (db::CategoryId c : *cats_.back()) all_.set(static_cast<size_t>(c));
      if (ing.position > 0 &&
          std::find(cats_.back()->begin(), cats_.back()->end(), ids_.one_percent_marker) != cats_.back()->end()) {
        // The first ingredient whose EU maximum is 1 % or less: all that follows is at 1 % or less.
        // Sodium benzoate's maximum is 0.5 % only in leave-on products (2.5 % rinse-off): it marks
        // the line of a leave-on product only (one_percent_line_[1]).
        const size_t c = static_cast<size_t>(ing.component);
        bool leave_on_only = false;
        if (ing.match.ingredient >= 0) {
          for (const auto& m : db.ingredient(ing.match.ingredient).members) {
            leave_on_only |= m.category == ids_.one_percent_marker && HasMarker(m.note, kLeaveOnLine);
          }
        }
        for (int k = leave_on_only ? 1 : 0; k < 2; ++k) {
          auto& line = one_percent_line_[static_cast<size_t>(k)];
          if (line.size() <= c) line.resize(c + 1, nullptr);
          if (!line[c] || ing.position < line[c]->position) line[c] = &ing;
        }
      }
      // A list led by a humectant (glycerin, butylene glycol) is a water-based gel or solution whose
      // water the retailer left out: LookFantastic prints 1,004 of its 1,138 lists without it.
      if (ing.position == 1 &&
          std::find(cats_.back()->begin(), cats_.back()->end(), ids_.humectant) != cats_.back()->end()) {
        led_by_humectant_ = true;
      }
      if (ing.recognized() && !ing.ambiguous && ing.match.ingredient >= 0 && IsWater(Inci(ing, db))) {
        has_water_ = true;
        if (ing.position > 0 && (water_position_ == 0 || ing.position < water_position_)) {
          water_position_ = ing.position;
        }
      }
    }
  }

  Assessment Run(int day) {
    a_.day = day;
    DecideType();
    for (size_t i = 0; i < label_.ingredients.size(); ++i) IngredientRules(static_cast<int>(i));
    ProductRules();
    if (policy_ && policy_->strict_day_0) StrictDay0();
    if (policy_) {
      if (const AllowedProduct* allowed = policy_->FindAllowed(product_.name, product_.sku)) Allow(*allowed);
    }
    Finish();
    return std::move(a_);
  }

  // All a kit takes of its label read as one product (Checker::AssessKit):
  // the type and the day's advice; no rule runs.
  Assessment RunKitHead(int day) {
    a_.day = day;
    DecideType();
    AddAdvice();
    return std::move(a_);
  }

 private:
  // Whether an ingredient of the label is in `c` (-1: a category the DB does not have).
  bool Has(db::CategoryId c) const { return c >= 0 && all_.test(static_cast<size_t>(c)); }
  bool IngredientHas(int i, db::CategoryId c) const {
    const auto& v = *cats_[static_cast<size_t>(i)];
    return std::find(v.begin(), v.end(), c) != v.end();
  }
  ProductType type() const { return a_.type.type; }
  // Rubbed over the skin: a wipe by type, or a pad or wipe by name ("Peel Pads", typed exfoliant).
  bool Wiped() const { return type() == ProductType::kWipe || a_.name_facts.wipe; }

  // Water or a plant water: salt and sugar dissolve in it.
  static bool IsWater(std::string_view inci) {
    constexpr std::string_view kWater = " WATER";
    return inci == "AQUA" || inci == "WATER" ||
           (inci.size() > kWater.size() && inci.substr(inci.size() - kWater.size()) == kWater);
  }

  // The ingredient that places the ~1 % line of ing's component, or nullptr
  // when the list has no such marker.
  const LabelIngredient* OnePercentLine(const LabelIngredient& ing) const {
    const size_t c = static_cast<size_t>(ing.component);
    const auto& line = one_percent_line_[IsRinseOff(type()) || Wiped() ? 0 : 1];
    return c < line.size() ? line[c] : nullptr;
  }
  // Why `ing` is at 1 % or less ("" when it may be above): declared below 1 %,
  // or at or after the line's marker.
  std::string BelowOnePercent(const LabelIngredient& ing) const {
    if (ing.percent) {
      return *ing.percent < kOnePercentLine ? fmt::format("declared at {}%", *ing.percent) : std::string();
    }
    const LabelIngredient* line = OnePercentLine(ing);
    if (!line || ing.position <= 0 || ing.position < line->position) return "";
    if (&ing == line) return fmt::format("{}, whose EU maximum is 1 % or less", PositionText(ing));
    return fmt::format("{}, after {} ({}), whose EU maximum is 1 % or less", PositionText(ing), label_.Label(*line),
                       PositionText(*line));
  }

  // The first clay among the first five ingredients, or nullptr.
  const LabelIngredient* ClayHighInList() const {
    for (size_t i = 0; ids_.clay >= 0 && i < label_.ingredients.size(); ++i) {
      const auto& ing = label_.ingredients[i];
      if (HighInList(ing, kHighInListPosition) && IngredientHas(static_cast<int>(i), ids_.clay)) return &ing;
    }
    return nullptr;
  }

  void DecideType() {
    DecideTypeFromNameOrLabel();
    // A clay among the first five makes a mask, or a product of no known
    // type, a clay mask: the label is the evidence, whatever the name says.
    if (a_.type.type == ProductType::kMask || a_.type.type == ProductType::kUnknown) {
      if (const LabelIngredient* clay = ClayHighInList()) {
        a_.type = {ProductType::kClayMask,
                   fmt::format("{} its clay high in the list: '{}', {}",
                               a_.type.type == ProductType::kMask ? a_.type.how + " and" : "from", label_.Label(*clay),
                               PositionText(*clay))};
      }
    }
  }

  // The type from the name and the label together. The name's own reading
  // decides unless it rests on a makeup word or an SPF claim: makeup needs
  // colourants on the label (a name's "Contour", "Blush" or "Primer" is also an
  // eye cream's, a perfume's or a hair product's word), and a sunscreen by its
  // SPF claim is one whatever its tint word once the list has UV filters. A
  // name that says nothing leaves the label to decide (UV-filter actives, or
  // colourants in a makeup base).
  void DecideTypeFromNameOrLabel() {
    if (product_.type) {
      a_.type = {*product_.type, "given"};
      return;
    }
    const NameFacts& nf = a_.name_facts;
    if (nf.type == ProductType::kMakeup) {
      if (DecideMakeupFromName()) return;
    } else if (nf.type == ProductType::kSunscreen) {
      DecideSunscreenFromName();
      return;
    } else if (nf.type != ProductType::kUnknown) {
      a_.type = {nf.type, fmt::format("from the name: '{}'", nf.type_evidence)};
      return;
    }
    DecideTypeFromLabel();
    if (nf.type == ProductType::kMakeup && a_.type.type != ProductType::kUnknown) {
      a_.type.how +=
          fmt::format(" (the name's '{}' is a makeup word, but the list has no colourant)", nf.makeup_evidence);
    }
  }

  // A name whose first type word is a makeup word. Makeup when the label
  // shows colour: a colourant other than a white pigment (CI 77891 alone is
  // an opacifier, research note 3g rule 3), or for a colour cosmetic's own
  // word ("Foundation", "Mascara") also a makeup base alone. Real labels need
  // the either-or: mascaras and concealers list iron oxides and no base
  // marker, and many foundations only the base (the shade list cut from the
  // text). A colour cosmetic's word stays makeup without colour on the label
  // too, SPF or not (its pigments are missing from the text, "Total Cover
  // Cream Foundation" is no moisturizer, a clear primer or brow gel is still
  // worn as makeup). A weaker word ("Blush", "Contour", "Tinted", "BB Cream")
  // needs the colour: else what the name says besides ("Eye and Lip Contour
  // Cream" -> moisturizer, "Blush Suede Body Crème" -> body care), or the
  // label (false).
  bool DecideMakeupFromName() {
    const NameFacts& nf = a_.name_facts;
    const std::vector<std::string_view> colour = LabelColourants(false);
    const std::vector<std::string_view> base = LabelMakeupBase();
    const bool colour_cosmetic = nf.makeup == MakeupWord::kColour;
    if (!colour.empty() || colour_cosmetic) {
      std::string how = fmt::format("from the name: '{}'", nf.makeup_evidence);
      if (!colour.empty()) {
        how += fmt::format(" and the list's colourants {}", Quoted(colour));
      } else if (!base.empty()) {
        how += fmt::format(" and the list's makeup base {}", Quoted(base));
      } else {
        how += " (the list shows no colourant)";
      }
      if (nf.sun_claim) how += "; with SPF still makeup: worn for its colour, too thin for its SPF";
      a_.type = {ProductType::kMakeup, std::move(how)};
      return true;
    }
    if (nf.other_type == ProductType::kUnknown) return false;
    if (nf.other_type == ProductType::kSunscreen) {
      DecideSunscreenFromName();
    } else {
      a_.type = {nf.other_type, fmt::format("from the name: '{}'", nf.other_evidence)};
    }
    a_.type.how += fmt::format(" ('{}' is a makeup word, but the list has no colourant)", nf.makeup_evidence);
    return true;
  }

  // A name that claims sun protection ("SPF 30", "Sunscreen"): a sunscreen.
  // With UV filters in the list, tinted or not ("Tinted Moisturizer SPF 30"
  // and "BB Cream SPF 30" with one list get one verdict); without, the
  // sunscreen rules say its filters are missing from the text.
  void DecideSunscreenFromName() {
    const NameFacts& nf = a_.name_facts;
    const std::string& claim = nf.type == ProductType::kSunscreen ? nf.type_evidence : nf.other_evidence;
    const std::vector<std::string_view> filters = LabelIngredientsIn(ids_.uv_filter);
    if (filters.empty()) {
      a_.type = {ProductType::kSunscreen, fmt::format("from the name: '{}'", claim)};
      return;
    }
    a_.type = {ProductType::kSunscreen,
               fmt::format("from the name: '{}' and the list's UV filters {}", claim, Quoted(filters))};
    if (nf.makeup == MakeupWord::kTint) {
      a_.type.how +=
          fmt::format("; tinted ('{}') or not, an SPF claim with UV filters is a sunscreen", nf.makeup_evidence);
    }
  }

  // The label alone: UV-filter actives make a sunscreen; colourants in a
  // makeup base (research note 3g) a colour cosmetic, when the colourant is
  // neither the base itself (mica is both: it cannot be the colour and the
  // base at once) nor a white pigment alone, and no chemical UV filter says
  // sunscreen.
  void DecideTypeFromLabel() {
    const db::CategoryId uv = ids_.uv_filter;
    for (size_t i = 0; uv >= 0 && i < label_.ingredients.size(); ++i) {
      if (label_.ingredients[i].active && IngredientHas(static_cast<int>(i), uv)) {
        a_.type = {ProductType::kSunscreen, "from its UV-filter active ingredients"};
        return;
      }
    }
    const std::vector<std::string_view> colour = LabelColourants(true);
    const std::vector<std::string_view> base = LabelMakeupBase();
    if (!colour.empty() && !base.empty() && !Has(ids_.uv_filter_chemical)) {
      a_.type = {ProductType::kMakeup,
                 fmt::format("from its colourants {} in a makeup base of {}", Quoted(colour), Quoted(base))};
    }
  }

  // The label's ingredients in category `c`, as written, in list order, each
  // once; views into the label.
  std::vector<std::string_view> LabelIngredientsIn(db::CategoryId c) const {
    std::vector<std::string_view> out;
    for (size_t i = 0; Has(c) && i < label_.ingredients.size(); ++i) {
      if (!IngredientHas(static_cast<int>(i), c)) continue;
      std::string_view label = label_.Label(label_.ingredients[i]);
      if (std::find(out.begin(), out.end(), label) == out.end()) out.push_back(label);
    }
    return out;
  }
  std::vector<std::string_view> LabelMakeupBase() const { return LabelIngredientsIn(ids_.makeup_base); }
  // Colourants that show colour: every colourant but the white ones
  // (titanium dioxide CI 77891, zinc oxide CI 77947: opacifiers, research
  // note 3g rule 3; tin oxide: the coating of pearl pigments).
  std::vector<std::string_view> LabelColourants(bool skip_base) const {
    std::vector<std::string_view> out;
    for (size_t i = 0; Has(ids_.colorant) && i < label_.ingredients.size(); ++i) {
      const int k = static_cast<int>(i);
      if (!IngredientHas(k, ids_.colorant) || (skip_base && IngredientHas(k, ids_.makeup_base))) continue;
      const std::string& inci = Inci(label_.ingredients[i], db_);
      if (inci == "CI 77891" || inci == "CI 77947" || inci == "TIN OXIDE") continue;
      std::string_view label = label_.Label(label_.ingredients[i]);
      if (std::find(out.begin(), out.end(), label) == out.end()) out.push_back(label);
    }
    return out;
  }
  // "'Mica'", "'Mica' and 'Talc'", "'Mica', 'Talc' and 3 more".
  static std::string Quoted(const std::vector<std::string_view>& names) {
    std::string out;
    for (size_t i = 0; i < names.size() && i < 2; ++i) {
      out += fmt::format("{}'{}'", i == 0 ? "" : names.size() == 2 ? " and " : ", ", names[i]);
    }
    if (names.size() > 2) out += fmt::format(" and {} more", names.size() - 2);
    return out;
  }

  Trigger FromRule(const db::ProtocolRule& r, int ingredient, const std::string& why_context) const {
    Trigger t;
    t.ingredient = ingredient;
    if (ingredient >= 0) {
      const auto& ing = label_.ingredients[static_cast<size_t>(ingredient)];
      t.label = std::string(label_.Label(ing));
      t.inci = Inci(ing, db_);
    } else {
      t.label = product_.name.empty() ? "this product" : product_.name;
    }
    t.category = db_.category(r.category).id;
    t.row = r.row;
    t.avoid_until_day = r.avoid_until_day;
    t.caution_until_day = r.caution_until_day;
    t.why = r.rationale;
    if (!why_context.empty()) t.why += " " + why_context;
    t.sources = rules_.RuleSources(r);
    t.extrapolated = r.extrapolated;
    t.until_event = r.until_event;
    return t;
  }

  // A rule's avoid window read as a caution, over both windows (a milder
  // form, or a reading that only could be this ingredient).
  static void AvoidAsCaution(Trigger* t) {
    if (!t->avoid_until_day) return;
    t->caution_until_day = std::max(t->caution_until_day.value_or(-1), *t->avoid_until_day);
    t->avoid_until_day.reset();
  }

  // Whether the context lets ingredient i count in rule category `cat`; when it
  // does not, *why says so. *context gets what armed it, when that matters.
  bool Armed(int i, db::CategoryId cat, std::string* why, std::string* context, bool* mild, bool* trace) const {
    const auto& ing = label_.ingredients[static_cast<size_t>(i)];
    const NameFacts& nf = a_.name_facts;
    const bool exfoliating_product =
        type() == ProductType::kExfoliant || type() == ProductType::kScrub || nf.exfoliation_claim;
    if (cat == ids_.uv_filter_mineral && type() != ProductType::kSunscreen) {
      *why = "not a sunscreen: zinc oxide or titanium dioxide is a pigment or opacifier here";
      return false;
    }
    for (std::string_view m : MarkersFor(ing, db_, index_, cat)) {
      if (m == kWeakAcid) {
        if (ing.percent) {
          *context = fmt::format("(declared at {}%)", *ing.percent);
        } else if (exfoliating_product) {
          *context = "(an exfoliating product)";
        } else if (HighInList(ing, kHighInListPosition)) {
          *context = fmt::format("(high in the list: {})", PositionText(ing));
        } else {
          *why = fmt::format("a weak acid low in the list ({}) acts as a pH adjuster, not an exfoliant",
                             PositionText(ing));
          return false;
        }
      } else if (m == kClaimOnly) {
        if (!exfoliating_product) {
          *why = "a botanical acid or enzyme source counts as an exfoliant only in a product that claims exfoliation";
          return false;
        }
        *context = "(the product claims exfoliation)";
      } else if (m == kAbrasiveOnly) {
        *context = "(used for nothing but abrasion: it counts whatever the product's name)";
      } else if (m == kParticle || m == kSolubleParticle) {
        bool texturiser = false;
        *context = ParticleContext(ing, m == kSolubleParticle, &texturiser);
        if (context->empty()) {
          *why =
              texturiser ? fmt::format(
                               "a texturiser in a colour cosmetic ({}): the label has colourants in a makeup "
                               "base and claims no exfoliation",
                               PositionText(ing))
              : m == kParticle
                  ? fmt::format(
                        "a texturiser or absorbent here ({} of a {} that claims no exfoliation); it "
                        "counts as an abrasive among the first {} of a product that is not a leave-on "
                        "kind, or in a scrub, exfoliant, mask, cleanser or wipe",
                        PositionText(ing), type() == ProductType::kUnknown ? "product" : ProductTypeName(type()),
                        kHighInListPosition)
              : WaterBased()
                  ? fmt::format(
                        "dissolved here ({}, in a list {}): salt and sugar scrub only as "
                        "undissolved crystals",
                        PositionText(ing), has_water_ ? "with water" : "led by a humectant, a water-based one")
                  : fmt::format("not a scrub particle here ({} of a {} that claims no exfoliation)", PositionText(ing),
                                type() == ProductType::kUnknown ? "product" : ProductTypeName(type()));
          return false;
        }
      } else if (m == kTop5OrToner) {
        if (type() == ProductType::kToner) {
          *context = "(in a toner)";
        } else if (ing.percent && *ing.percent >= kDryingAlcoholPercent) {
          *context = fmt::format("(declared at {}%)", *ing.percent);
        } else if (HighInList(ing, kHighInListPosition)) {
          *context = fmt::format("(high in the list: {})", PositionText(ing));
        } else {
          *why = fmt::format("{} low in the list ({}) of a product that is not a toner",
                             cat == ids_.astringent ? "an astringent" : "alcohol", PositionText(ing));
          return false;
        }
      } else if (m == kHighLevelOnly) {
        if (ing.percent && *ing.percent >= kHighLevelPercent) {
          *context = fmt::format("(declared at {}%)", *ing.percent);
        } else if (!ing.percent && HighInList(ing, kHighLevelPosition)) {
          *context = fmt::format("(high in the list: {})", PositionText(ing));
        } else {
          *why = fmt::format("counts only at a high level (10 % or more, or among the first {})", kHighLevelPosition);
          return false;
        }
      } else if (m == kMild) {
        *mild = true;
      } else if (m == kAboveOnePercent) {
        if (std::string below = BelowOnePercent(ing); !below.empty()) {
          *why = fmt::format("below the list's ~1 % line ({}): a rating counts only above it", below);
          return false;
        }
        if (ing.percent) {
          *context = fmt::format("(declared at {}%)", *ing.percent);
        } else if (!OnePercentLine(ing)) {
          *context = "(no preservative in the list marks its ~1 % line, so it counts wherever it stands)";
        } else {
          *context = fmt::format("(above the list's ~1 % line: {})", PositionText(ing));
        }
      } else if (m == kTraceCaution) {
        // A declared % or a declared active is the product's active, whatever its level (0.5 % salicylic acid
        // in an acne wash): only an undeclared acid below the ~1 % line is a trace.
        if (ing.percent) {
          *context = fmt::format("(declared at {}%)", *ing.percent);
        } else if (ing.active) {
          *context = "(declared as an active ingredient)";
        } else if (exfoliating_product) {
          *context = "(an exfoliating product)";
        } else if (std::string below = BelowOnePercent(ing); !below.empty()) {
          *context = fmt::format("(a trace: {}, in a product that is not an exfoliant)", below);
          *trace = true;
        } else if (!HighInList(ing, kHighInListPosition) && !OnePercentLine(ing)) {
          *context = fmt::format("({}; no preservative in the list marks its ~1 % line)", PositionText(ing));
        }
      } else if (m == kAntioxidant) {
        if (std::string below = BelowOnePercent(ing); !below.empty() && !ing.active) {
          *why = fmt::format("an antioxidant at this level ({}), not a vitamin C treatment", below);
          return false;
        }
      } else if (m == kRinseOffPreservative) {
        if (IsRinseOff(type()) && !Wiped()) {
          *why = fmt::format(
              "the preservative of a rinse-off {}, rinsed away (its EU allergen threshold in rinse-off "
              "products is ten times that of leave-on ones)",
              ProductTypeName(type()));
          return false;
        }
      } else if (m == kDeclaredOnly) {
        if (ing.percent) {
          *context = fmt::format("(declared at {}%)", *ing.percent);
        } else if (ing.active) {
          *context = "(declared as an active ingredient)";
        } else {
          *why =
              "a plant extract counts as a lightener only when the label declares it as a brightening active (a "
              "stated % or an active ingredient)";
          return false;
        }
      }
    }
    if (ing.may_contain && context->empty()) *context = "(listed as may contain)";
    return true;
  }

  // Colourants in a makeup base (mica, talc, silica...): the label reads as a
  // colour cosmetic (research note 3g), whatever the name.
  bool LabelReadsAsMakeup() const { return Has(ids_.colorant) && Has(ids_.makeup_base); }

  // Why an ambiguous particle counts as an abrasive in this product, as
  // "(...)"; "" when it does not (*texturiser: because the label reads as a
  // colour cosmetic). The label's own evidence (its place in the
  // list, a declared %, its words) first, then the product's type and name.
  // Salt and sugar (`soluble`) dissolve in water: they count only in a
  // product whose list has no water, or in a scrub.
  std::string ParticleContext(const LabelIngredient& ing, bool soluble, bool* texturiser) const {
    // A colour cosmetic by its own label (colourants in a makeup base of
    // mica, talc, silica...), not rubbed on and claiming no exfoliation: its
    // particles are texturisers, wherever they stand.
    const bool rubbed_or_claimed = !LabelExfoliationWord().empty() || type() == ProductType::kScrub ||
                                   type() == ProductType::kExfoliant || a_.name_facts.exfoliation_claim || Wiped() ||
                                   type() == ProductType::kCleanser || IsMask(type());
    if (!rubbed_or_claimed && LabelReadsAsMakeup()) {
      *texturiser = true;
      return "";
    }
    // Salt or sugar after the water of a list is dissolved wherever it
    // stands (a liquid cleanser's salt is its thickener), unless the product
    // is a scrub; before the water there is more of it than water can hold.
    const bool after_water = water_position_ > 0 && ing.position > water_position_;
    if (soluble && after_water && type() != ProductType::kScrub && LabelExfoliationWord().empty()) return "";
    // High in the list of a product that is neither rubbed on nor a leave-on
    // kind the name names: silica in a primer, alumina coating a sunscreen's
    // pigment and salt in a mist are texturisers, not scrubs.
    if (HighInList(ing, kHighInListPosition) && !IsLeaveOnKind(type())) {
      return fmt::format("(high in the list: {})", PositionText(ing));
    }
    if (ing.percent && *ing.percent >= kOnePercentLine) return fmt::format("(declared at {}%)", *ing.percent);
    if (soluble && WaterBased()) return "";
    const std::string dry = soluble ? " with no water: the crystals stay whole" : "";
    if (!LabelExfoliationWord().empty()) return fmt::format("(the label says '{}'{})", LabelExfoliationWord(), dry);
    if (type() == ProductType::kScrub) return fmt::format("(a scrub{})", dry);
    if (type() == ProductType::kExfoliant) return fmt::format("(an exfoliant{})", dry);
    if (a_.name_facts.exfoliation_claim) return fmt::format("(the name claims exfoliation{})", dry);
    if (Wiped()) return fmt::format("(a wipe{})", dry);
    if (type() == ProductType::kCleanser) return fmt::format("(a cleanser{})", dry);
    if (IsMask(type())) {
      std::string what(ProductTypeName(type()));
      std::replace(what.begin(), what.end(), '_', ' ');
      return fmt::format("(a {}{})", what, dry);
    }
    return "";
  }

  void IngredientRules(int i) {
    const auto& ing = label_.ingredients[static_cast<size_t>(i)];
    if (!ing.recognized() || ing.ambiguous) {
      if (policy_) Avoided(i);  // by the words of its name alone
      a_.unrecognized.push_back(i);
      Trigger t;
      t.ingredient = i;
      t.label = std::string(label_.Label(ing));
      t.category = "unrecognized";
      if (last_active_day_ >= 0) t.caution_until_day = last_active_day_;
      t.why = ing.ambiguous ? fmt::format("Close to several known names (fuzzy, distance {}): it could not be checked.",
                                          ing.match.distance)
              : ing.not_read ? "Text inside the ingredient list that aftercare could not read as a name, a heading "
                               "or a sentence: what it says was not checked."
                             : "Not in the ingredient database: it was not checked.";
      if (!ing.suggestions.empty()) {
        std::string s;
        for (const auto& x : ing.suggestions) s += (s.empty() ? "'" : ", '") + x + "'";
        t.why += " Did you mean " + s + "?";
      }
      if (policy_ && !policy_->avoided.empty()) {
        // The unchecked text might be the ingredient the clinic avoids.
        t.caution_always = true;
        std::string names;
        for (const auto& av : policy_->avoided) names += (names.empty() ? "'" : ", '") + av.name + "'";
        t.why += fmt::format(
            " The clinic protocol ({}) avoids {} on every day, and this name could be one of them: "
            "never safe under this protocol until it is checked.",
            policy_->file, names);
      } else {
        t.why += " Check it with your practitioner until the healing period ends.";
      }
      a_.triggers.push_back(std::move(t));
      return;
    }
    const auto& cats = *cats_[static_cast<size_t>(i)];
    if (policy_) Avoided(i);
    const db::CategoryId helpful = ids_.helpful;
    for (db::CategoryId c : cats) {
      // Helpful actives the protocol has a row for: listed, and their own windows
      // (e.g. ceramides on day 0 only if practitioner-supplied) still apply; they
      // never upgrade a verdict. (Occlusives are helpful only where a protocol
      // says so: the ablative ones.)
      const auto ruled = rules_.RulesFor(c);
      if (helpful >= 0 && c != helpful && index_.Under(c, helpful) && !ruled.empty()) {
        // Recommended from the day its own windows end (Finish() also drops it on
        // a day the ingredient is a reason of any rule).
        bool recommended = false;
        for (const db::ProtocolRule* r : ruled) recommended |= r->recommended && a_.day >= r->ok_from_day;
        a_.helpful.push_back({i, std::string(label_.Label(ing)), Inci(ing, db_), db_.category(c).id, recommended});
      }
      for (const db::ProtocolRule* rule : ruled) {
        const db::ProtocolRule& r = *rule;
        if (!r.avoid_until_day && !r.caution_until_day) continue;  // no window: nothing to arm (UV boosters)
        if (r.leave_on_only && IsRinseOff(type()) && !Wiped()) {
          a_.not_counted.push_back({i, std::string(label_.Label(ing)), Inci(ing, db_), db_.category(c).id,
                                    fmt::format("a rinse-off {}: protocol row {} applies to leave-on products only",
                                                ProductTypeName(type()), r.row)});
          continue;
        }
        std::string why, context;
        bool mild = false, trace = false;
        if (!Armed(i, c, &why, &context, &mild, &trace)) {
          a_.not_counted.push_back({i, std::string(label_.Label(ing)), Inci(ing, db_), db_.category(c).id, why});
          continue;
        }
        Trigger t = FromRule(r, i, context);
        if (mild && t.avoid_until_day) {
          AvoidAsCaution(&t);
          t.why += " A milder surfactant: caution rather than avoid.";
        }
        if (trace && t.avoid_until_day) {
          // At a trace level: caution while the full-strength ingredient is avoided, then safe.
          t.caution_until_day = *t.avoid_until_day;
          t.avoid_until_day.reset();
          t.why += fmt::format(
              " At a trace level, caution rather than avoid, and only while the full-strength "
              "ingredient is avoided (through day {}).",
              *t.caution_until_day);
        }
        if (ing.match.worst_case()) {
          // Only a reading that could be this category: a caution until it is
          // checked, not an avoid (the essential oil of a plant whose part the
          // label does not give is the worst case, not the likely one).
          AvoidAsCaution(&t);
          t.why += ing.match.reading == match::PatternReading::kTruncatedName
                       ? " (The name is cut short and could be one of the names it starts: caution until checked.)"
                       : " (The label does not say which part of the plant; it could be this: caution until "
                         "checked.)";
        }
        if (ing.match.kind == match::MatchKind::kFuzzy) {
          t.why += fmt::format(" (Read as '{}', a close spelling.)", ing.match.close_name);
        }
        a_.triggers.push_back(std::move(t));
      }
    }
  }

  // An ingredient the clinic protocol avoids (by name, synonym or category,
  // descendants included, or as a member of the name's family): avoided on
  // every day. A name the DB does not know is in a family when its own words
  // hold the family's.
  void Avoided(int i) {
    const auto& ing = label_.ingredients[static_cast<size_t>(i)];
    const bool known = ing.recognized() && !ing.ambiguous;
    const db::IngredientId id = known ? ing.match.ingredient : -1;
    for (const auto& av : policy_->avoided) {
      bool hit = id >= 0 && std::find(av.ingredients.begin(), av.ingredients.end(), id) != av.ingredients.end();
      for (db::CategoryId c : av.categories) hit = hit || IngredientHas(i, c);
      std::string family;
      if (!hit) {
        if (const FamilyMember* f = id >= 0 ? av.FamilyMemberOf(id) : nullptr) {
          family = fmt::format("in the '{}' family of the avoid list: '{}' holds '{}' as whole words", av.name, f->via,
                               f->words);
        } else if (std::string_view words = id >= 0 ? std::string_view() : av.FamilyWordsIn(label_.Name(ing));
                   !words.empty()) {
          family = fmt::format("in the '{}' family of the avoid list: the name on the label holds '{}' as whole words",
                               av.name, words);
        } else {
          continue;
        }
      }
      Trigger t;
      t.ingredient = i;
      t.label = std::string(label_.Label(ing));
      t.inci = Inci(ing, db_);
      t.category = "avoided";
      t.always = true;
      t.why = family.empty() ? fmt::format("Avoided on every day by the clinic protocol ({}): {} (listed as '{}').",
                                           policy_->file, av.why, av.name)
                             : fmt::format("Avoided on every day by the clinic protocol ({}): {}; {}.", policy_->file,
                                           family, av.why);
      t.sources = {policy_->file};
      a_.triggers.push_back(std::move(t));
      return;
    }
  }

  // "strict_day_0" in a clinic protocol (SkinPen style): nothing but
  // practitioner-supplied products on the treatment day. Every product gets this
  // day-0 avoid; Allow() then lifts it, with the category rules, for the
  // products the protocol allows.
  void StrictDay0() {
    Trigger t;
    t.label = product_.name.empty() ? "this product" : product_.name;
    t.category = "strict_day_0";
    t.avoid_until_day = 0;
    t.why = fmt::format(
        "Strict day 0 (\"strict_day_0\" in the clinic protocol {}): nothing but the "
        "practitioner-supplied products on the treatment day.",
        policy_->file);
    t.sources = {policy_->file};
    a_.triggers.push_back(std::move(t));
  }

  // A practitioner-supplied product the clinic protocol allows from a day: its
  // category rules (and unchecked names) give way; avoided ingredients, and
  // unchecked names that could be one of them, stay.
  void Allow(const AllowedProduct& allowed) {
    std::vector<Trigger> kept;
    for (auto& t : a_.triggers) {
      if (t.always || t.caution_always) {
        kept.push_back(std::move(t));
        continue;
      }
      a_.not_counted.push_back(
          {t.ingredient, t.label, t.inci, t.category,
           fmt::format("a practitioner-supplied product the clinic protocol allows from day {}", allowed.from_day)});
    }
    a_.triggers = std::move(kept);
    Trigger t;
    t.label = product_.name.empty() ? "this product" : product_.name;
    t.category = "practitioner_supplied";
    if (allowed.from_day > 0) t.avoid_until_day = allowed.from_day - 1;
    t.why = fmt::format(
        "Practitioner-supplied ({}): the clinic protocol ({}) allows it from day {} whatever its "
        "ingredients' categories.",
        allowed.why, policy_->file, allowed.from_day);
    t.sources = {policy_->file};
    a_.triggers.push_back(std::move(t));
  }

  const db::ProtocolRule* RuleFor(db::CategoryId c) const { return rules_.FirstRuleFor(c); }

  // A product-level rule of aftercare's own (no protocol row), cautioned while
  // the protocol keeps chemical filters at caution.
  void SunscreenCaution(std::string_view category, std::string why) {
    const db::ProtocolRule* chem = RuleFor(ids_.uv_filter_chemical);
    Trigger t;
    t.label = product_.name.empty() ? "this product" : product_.name;
    t.category = category;
    t.caution_until_day =
        chem && chem->caution_until_day ? chem->caution_until_day : std::optional<int>(last_active_day_);
    t.why = std::move(why);
    t.sources = rules_.MinSpfSources();
    a_.triggers.push_back(std::move(t));
  }

  // A leave-on product while a protocol allows no cosmetics (ablative laser:
  // "cosmetics only after re-epithelialisation"): counted unless its base, the
  // first ingredient of its list, is in a category the protocol recommends from
  // day 0 (an occlusive ointment, a thermal water spray). Rinse-off products and
  // devices are judged by their own rules.
  void LeaveOnCosmetic() {
    const db::ProtocolRule* r = RuleFor(ids_.leave_on_cosmetic);
    if (!r || type() == ProductType::kDevice || (IsRinseOff(type()) && !Wiped())) return;
    int base = -1;
    for (size_t i = 0; i < label_.ingredients.size(); ++i) {
      const auto& ing = label_.ingredients[i];
      if (ing.position > 0 && !ing.may_contain &&
          (base < 0 || ing.position < label_.ingredients[static_cast<size_t>(base)].position)) {
        base = static_cast<int>(i);
      }
    }
    std::string base_name = "its list";
    if (base >= 0) {
      const auto& ing = label_.ingredients[static_cast<size_t>(base)];
      base_name = fmt::format("'{}'", label_.Label(ing));
      for (db::CategoryId c : *cats_[static_cast<size_t>(base)]) {
        const db::ProtocolRule* own = RuleFor(c);
        if (own && own->recommended && own->ok_from_day == 0) {
          a_.not_counted.push_back(
              {base, std::string(label_.Label(ing)), Inci(ing, db_), db_.category(r->category).id,
               fmt::format("its base, {}, is in a category this protocol recommends from day 0 ({})", base_name,
                           db_.category(c).name)});
          return;
        }
      }
    }
    a_.triggers.push_back(FromRule(
        *r, -1,
        fmt::format("(A leave-on {}: its base, {}, is not what this protocol "
                    "recommends from day 0.)",
                    type() == ProductType::kUnknown ? std::string("product") : std::string(ProductTypeName(type())),
                    base_name)));
  }

  void ProductRules() {
    LeaveOnCosmetic();
    if (type() == ProductType::kDevice) {
      if (const auto* r = RuleFor(ids_.device_powered)) a_.triggers.push_back(FromRule(*r, -1, ""));
    }
    if (Wiped()) {
      if (const auto* r = RuleFor(ids_.wipe_friction)) {
        a_.triggers.push_back(FromRule(
            *r, -1, type() == ProductType::kWipe ? "" : "(The name says it is a pad or wipe, rubbed over the skin.)"));
      }
    }
    if (type() == ProductType::kClayMask || type() == ProductType::kPeelOffMask) {
      if (const auto* r = RuleFor(ids_.mask_drying)) {
        a_.triggers.push_back(
            FromRule(*r, -1, type() == ProductType::kClayMask ? "(A clay mask.)" : "(A peel-off mask.)"));
      }
    }
    if (type() == ProductType::kMakeup) {
      // Mineral makeup (research note 3g rule): every colourant inorganic, no
      // organic UV filter, no fragrance, no drying alcohol.
      bool mineral = !Has(ids_.colorant_organic) && !Has(ids_.uv_filter_chemical) && !Has(ids_.fragrance) &&
                     !Has(ids_.drying_alcohol);
      const auto* r = RuleFor(mineral ? ids_.makeup_mineral : ids_.makeup);
      if (!r) r = RuleFor(ids_.makeup);
      if (r) {
        a_.triggers.push_back(FromRule(*r, -1,
                                       mineral ? "(Mineral makeup: all colourants inorganic, no chemical UV filter, "
                                                 "fragrance or drying alcohol.)"
                                               : ""));
      }
    }
    const bool has_filter = Has(ids_.uv_filter);
    if (type() == ProductType::kSunscreen) {
      if (!has_filter) {
        a_.notes.push_back(
            "The product is a sunscreen but its list has no UV filter: the active ingredients are "
            "probably missing from the text, so mineral and chemical filters cannot be told apart.");
        SunscreenCaution(db::kUvFilter,
                         "Its UV filters are not in the list, so it cannot be confirmed as a mineral "
                         "(chemical-free) sunscreen.");
      } else {
        if (a_.name_facts.spf && *a_.name_facts.spf < protocol_.min_spf) {
          SunscreenCaution(db::kUvFilter, fmt::format("SPF {} is below the broad-spectrum SPF {}+ the clinic "
                                                      "guidance asks for while the skin heals.",
                                                      *a_.name_facts.spf, protocol_.min_spf));
        }
        if (!a_.name_facts.broad_spectrum && !Has(ids_.uva_filter)) {
          SunscreenCaution(db::kUvFilter,
                           "Not shown to be broad spectrum: the name makes no broad-spectrum claim "
                           "and the list has no UVA filter (zinc oxide, avobenzone, ...).");
        }
        if (!a_.name_facts.spf) {
          a_.notes.push_back(
              fmt::format("The name states no SPF: check that it is SPF {} or higher.", protocol_.min_spf));
        }
        // Recommended (protocol row 6): mineral filters only and no fragrance, tinted or not. UV boosters
        // and photostabilisers are not filters: a mineral sunscreen that holds one is still mineral
        // (research note, revisions Dec 2026). Not on a day the product is a reason (Finish()).
        if (!Has(ids_.uv_filter_chemical) && !Has(ids_.fragrance)) {
          if (const auto* r = RuleFor(ids_.uv_filter_mineral); r && r->recommended && a_.day >= r->ok_from_day) {
            a_.helpful.push_back({-1, product_.name.empty() ? "this product" : product_.name, "",
                                  std::string(db::kUvFilterMineral), true});
          }
        }
      }
    } else if (a_.name_facts.spf && !has_filter) {
      a_.notes.push_back(
          fmt::format("The name says SPF {} but the list has no UV filter: the active ingredients are "
                      "probably missing from the text.",
                      *a_.name_facts.spf));
    }
    size_t unknown = a_.unrecognized.size();
    if (unknown * 2 > label_.ingredients.size()) {
      a_.notes.push_back(fmt::format("{} of {} entries were not recognized: is this an ingredient list?", unknown,
                                     label_.ingredients.size()));
    }
  }

  void Finish() {
    a_.categories.reserve(all_.count());
    for (db::CategoryId c : index_.InIdOrder()) {
      if (all_.test(static_cast<size_t>(c))) a_.categories.push_back(db_.category(c).id);
    }
    a_.status.assign(label_.ingredients.size(), Verdict::kSafe);
    for (const auto& t : a_.triggers) {
      Verdict v = t.On(a_.day);
      a_.verdict = std::max(a_.verdict, v);
      a_.safe_from_day = std::max(a_.safe_from_day, t.SafeFrom());
      if (t.ingredient >= 0) {
        auto& s = a_.status[static_cast<size_t>(t.ingredient)];
        s = std::max(s, v);
      }
    }
    // Never a reason and "recommended" on the same day: an ingredient that is a
    // reason today, or a product the verdict avoids, is helpful but not recommended.
    // The product itself (a mineral sunscreen) is not recommended on a day a
    // rule about the product as a whole ("not shown to be broad spectrum") holds.
    const bool product_reason = std::any_of(a_.triggers.begin(), a_.triggers.end(), [&](const Trigger& t) {
      return t.ingredient < 0 && t.On(a_.day) != Verdict::kSafe;
    });
    for (auto& h : a_.helpful) {
      const bool reason = h.ingredient >= 0 ? a_.status[static_cast<size_t>(h.ingredient)] != Verdict::kSafe
                                            : a_.verdict == Verdict::kAvoid || product_reason;
      if (reason) h.recommended = false;
    }
    AddAdvice();
  }

  // The protocol's advice for the day.
  void AddAdvice() {
    for (size_t k = 0; k < protocol_.advice.size(); ++k) {
      const auto& adv = protocol_.advice[k];
      if (adv.from_day <= a_.day && (!adv.until_day || a_.day <= *adv.until_day)) {
        a_.advice.push_back({adv.topic, adv.advice, rules_.AdviceSources(k)});
      }
    }
  }

  const db::IngredientDb& db_;
  const CategoryIndex& index_;
  const CategoryIndex::Ids& ids_;
  const match::ParsedLabel& label_;
  const ProductInfo& product_;
  const ProtocolIndex& rules_;
  const db::Protocol& protocol_;
  const ClinicPolicy* policy_;
  const int last_active_day_;                              // the protocol's; -1 when no rule has a window
  std::vector<const std::vector<db::CategoryId>*> cats_;   // per label ingredient, in id order
  std::vector<std::vector<db::CategoryId>> pattern_cats_;  // those of pattern-only matches (never reallocated)
  CategorySet all_;  // every category of the label's ingredients, ancestors included
  const ProductNameReader& names_;
  // The label's own "exfoliating", "scrub", "beads" ("" when none): looked for
  // the first time a particle asks, since most labels have none.
  mutable std::optional<std::string_view> label_exfoliation_word_;
  std::string_view LabelExfoliationWord() const {
    if (!label_exfoliation_word_) label_exfoliation_word_ = names_.LabelExfoliationWord(label_.text);
    return *label_exfoliation_word_;
  }
  // Per component, the first ingredient whose EU maximum is 1 % or less (a
  // one_percent_marker); null when the list has none and the line is unknown.
  // [0]: markers for any product; [1]: also those for leave-on products only.
  std::array<std::vector<const LabelIngredient*>, 2> one_percent_line_;
  bool has_water_ = false;         // the list has water (or a plant water): salt and sugar dissolve
  bool led_by_humectant_ = false;  // its first ingredient is a humectant (glycerin...)
  bool WaterBased() const { return has_water_ || led_by_humectant_; }
  int water_position_ = 0;  // the first water's place in the list; 0 when unknown
  Assessment a_;
};

// Why no ingredient could be read, from the reader's diagnostics.
std::string NoIngredientsMessage(const match::ParsedLabel& label) {
  bool blank = std::all_of(label.text.begin(), label.text.end(),
                           [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
  if (blank) return "no ingredient list: the label is empty";
  std::string seen;
  for (const auto& d : label.diagnostics) {
    std::string_view kind = text::DiagnosticKindName(d.kind);
    if (seen.find(kind) == std::string::npos) seen += (seen.empty() ? "" : ", ") + std::string(kind);
  }
  return fmt::format("no ingredient list found in the text{}", seen.empty() ? "" : " (it reads as: " + seen + ")");
}

// One sub-product of a kit as a label of its own: its ingredients (their
// positions are already counted within it), with `index` mapping each back to
// the whole label. Spans keep pointing into a copy of the whole text, in which
// everything outside the sub-product's ingredients is blanked: the label's own
// words (an exfoliation claim) count only where they are written.
struct ComponentLabel {
  match::ParsedLabel label;
  std::vector<int> index;  // per ingredient of `label`: its index in the whole label
};

ComponentLabel ComponentLabelOf(const match::ParsedLabel& whole, int component) {
  ComponentLabel out;
  out.label.names = whole.names;
  out.label.components = {whole.components[static_cast<size_t>(component)]};
  size_t begin = whole.text.size(), end = 0;
  for (size_t i = 0; i < whole.ingredients.size(); ++i) {
    const LabelIngredient& ing = whole.ingredients[i];
    if (ing.component != component) continue;
    out.index.push_back(static_cast<int>(i));
    LabelIngredient& mine = out.label.ingredients.emplace_back(ing);
    mine.component = 0;
    begin = std::min<size_t>(begin, ing.span.begin);
    end = std::max<size_t>(end, ing.span.end);
  }
  out.label.text.assign(whole.text.size(), ' ');
  if (begin < end && end <= whole.text.size()) {
    out.label.text.replace(begin, end - begin, whole.text, begin, end - begin);
  }
  return out;
}

// A sub-product whose name tells no type ("Step 1", a brand) is described by
// the kit's name, with the claims of both.
void AddKitNameFacts(const NameFacts& kit, NameFacts* facts) {
  facts->type = kit.type;
  facts->type_evidence = kit.type_evidence;
  // How the kit's name says makeup ("Eyeshadow Palette": a colour cosmetic) and what else it says.
  facts->makeup = kit.makeup;
  facts->makeup_evidence = kit.makeup_evidence;
  facts->other_type = kit.other_type;
  facts->other_evidence = kit.other_evidence;
  facts->sun_claim = facts->sun_claim || kit.sun_claim;
  if (!facts->spf) facts->spf = kit.spf;
  facts->broad_spectrum = facts->broad_spectrum || kit.broad_spectrum;
  facts->exfoliation_claim = facts->exfoliation_claim || kit.exfoliation_claim;
  facts->wipe = facts->wipe || kit.wipe;
}

}  // namespace

std::vector<std::pair<int, NameFacts>> Checker::KitParts(const match::ParsedLabel& label) const {
  std::vector<std::pair<int, NameFacts>> parts;
  for (size_t c = 0; c < label.components.size(); ++c) {
    NameFacts facts = names_->Read(label.components[c]);
    const bool has_ingredients =
        std::any_of(label.ingredients.begin(), label.ingredients.end(),
                    [&](const LabelIngredient& i) { return i.component == static_cast<int>(c); });
    // A heading over nothing ("Kit includes:") is no product; a device needs no list.
    if (has_ingredients || facts.type == ProductType::kDevice) {
      parts.emplace_back(static_cast<int>(c), std::move(facts));
    }
  }
  return parts;
}

// The kit's verdict is derived from its components', never from `whole`: the
// whole label read as one product mixes what the rules must see apart (a
// rinse-off cleanser's comedogenic ratings, the toner's alcohol, positions
// high in one sub-product's list), so the two may disagree, and the
// components are the products a patient uses. So no rule runs over `whole`.
Assessment Checker::AssessKit(const match::ParsedLabel& label, const ProductInfo& product,
                              const ProtocolIndex& protocol, int day, const ClinicPolicy* policy,
                              std::vector<std::pair<int, NameFacts>>&& parts, Assessment whole) const {
  Assessment kit;
  kit.protocol = std::move(whole.protocol);
  kit.day = whole.day;
  kit.type = std::move(whole.type);
  kit.name_facts = std::move(whole.name_facts);
  kit.advice = std::move(whole.advice);
  kit.status.assign(label.ingredients.size(), Verdict::kSafe);
  const bool kit_allowed = policy && policy->FindAllowed(product.name, product.sku);
  for (auto& [c, facts] : parts) {
    const std::string& name = label.components[static_cast<size_t>(c)];
    ComponentLabel sub = ComponentLabelOf(label, c);
    ProductInfo part{name.empty() ? product.name : name, std::nullopt, product.sku};
    if (facts.type == ProductType::kUnknown) {
      AddKitNameFacts(kit.name_facts, &facts);
      part.type = product.type;  // a type given for the kit applies where the heading tells none
    }
    // A practitioner-supplied kit is allowed in every part.
    if (kit_allowed && !policy->FindAllowed(part.name, part.sku)) part.name = product.name;
    Assessor assessor(analyzer_->db(), *index_, std::move(facts), *names_, sub.label, part, protocol, policy);
    Assessment a = assessor.Run(day);
    auto whole_index = [&](int i) { return i >= 0 ? sub.index[static_cast<size_t>(i)] : i; };
    ComponentAssessment ca{c, name, std::move(a.type), a.verdict, a.safe_from_day, kit.triggers.size(), 0};
    for (auto& t : a.triggers) {
      t.ingredient = whole_index(t.ingredient);
      kit.triggers.push_back(std::move(t));
    }
    ca.triggers_end = kit.triggers.size();
    for (size_t i = 0; i < a.status.size(); ++i) kit.status[static_cast<size_t>(sub.index[i])] = a.status[i];
    for (auto& n : a.not_counted) {
      n.ingredient = whole_index(n.ingredient);
      kit.not_counted.push_back(std::move(n));
    }
    for (auto& h : a.helpful) {
      h.ingredient = whole_index(h.ingredient);
      kit.helpful.push_back(std::move(h));
    }
    for (int i : a.unrecognized) kit.unrecognized.push_back(whole_index(i));
    const std::string& shown = name.empty() ? product.name : name;
    for (auto& n : a.notes) kit.notes.push_back(fmt::format("{}: {}", shown.empty() ? "This product" : shown, n));
    kit.categories.insert(kit.categories.end(), a.categories.begin(), a.categories.end());
    kit.verdict = std::max(kit.verdict, ca.verdict);
    kit.safe_from_day = std::max(kit.safe_from_day, ca.safe_from_day);
    kit.components.push_back(std::move(ca));
  }
  std::sort(kit.categories.begin(), kit.categories.end());
  kit.categories.erase(std::unique(kit.categories.begin(), kit.categories.end()), kit.categories.end());
  std::sort(kit.unrecognized.begin(), kit.unrecognized.end());
  return kit;
}

Result<Assessment> Checker::Assess(const match::ParsedLabel& label, const ProductInfo& product,
                                   const db::Protocol& protocol, int day, const ClinicPolicy* policy) const {
  return Assess(label, product, ProtocolIndex(protocol), day, policy);
}

Result<Assessment> Checker::Assess(const match::ParsedLabel& label, const ProductInfo& product,
                                   const ProtocolIndex& rules, int day, const ClinicPolicy* policy) const {
  if (day < 0) return InvalidArgument(fmt::format("day {} is before the treatment (day 0)", day));
  NameFacts name_facts = names_->Read(product.name);  // once per product: RE2 over the name
  // A powered cleansing device has no ingredient list: its rule is its type.
  const bool device = product.type ? *product.type == ProductType::kDevice : name_facts.type == ProductType::kDevice;
  if (label.ingredients.empty() && !device) return InvalidArgument(NoIngredientsMessage(label));
  Assessor assessor(analyzer_->db(), *index_, std::move(name_facts), *names_, label, product, rules, policy);
  if (label.components.size() > 1) {
    if (auto parts = KitParts(label); parts.size() >= 2) {
      return AssessKit(label, product, rules, day, policy, std::move(parts), assessor.RunKitHead(day));
    }
  }
  return assessor.Run(day);
}

}  // namespace aftercare::rules
