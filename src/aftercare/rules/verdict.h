// Healing-day verdicts (rules stage): applies a protocol's day windows to a
// parsed label, with the context rules of the research note (weak acids low in
// the list are pH adjusters, drying alcohols count high in the list or in
// toners, ambiguous particles in scrubs, masks, cleansers and wipes or high in
// the list, comedogenic ratings on leave-on products, mineral-only sunscreen,
// makeup, wipes, clay and peel-off masks and powered devices by product type), and
// says why. Safety first: an unrecognized ingredient keeps a product at least
// `caution` while any rule of the protocol is active, and on every day while a
// clinic protocol avoids ingredients. Abrasives used for nothing else count in
// every product; ambiguous particles by the label's own evidence and the type.
// Checker is immutable after Create(): safe to share between threads.
#ifndef AFTERCARE_RULES_VERDICT_H_
#define AFTERCARE_RULES_VERDICT_H_

#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aftercare/aftercare.h"
#include "aftercare/rules/product_type.h"
#include "aftercare/rules/protocol_file.h"

namespace aftercare::rules {

class CategoryIndex;  // verdict.cc
class ProtocolIndex;  // protocol_index.h

// Ordered by severity: a product's verdict is the worst of its reasons.
enum class Verdict { kSafe = 0, kCaution = 1, kAvoid = 2 };
std::string_view VerdictName(Verdict v);  // "safe", "caution", "avoid"

// A protocol row's verdict on `day` from its windows alone (no product, no clinic policy).
Verdict RuleOn(const db::ProtocolRule& rule, int day);

// The title of a Trigger's category for people: the DB category's name, or the
// words for the rules' own ids ("unrecognized", "avoided", "strict_day_0",
// "practitioner_supplied"). Shared by every report.
std::string TriggerCategoryTitle(const std::string& category, const db::IngredientDb& db);
std::optional<Verdict> ParseVerdict(std::string_view name);

// Every category of a label ingredient, ancestors included, sorted by id; none
// for an unrecognized or ambiguous fuzzy match (it counts toward nothing).
std::vector<db::CategoryId> IngredientCategoryIds(const match::LabelIngredient& ing, const db::IngredientDb& db);

// What is known about the product besides its label.
struct ProductInfo {
  std::string name;                 // may be empty
  std::optional<ProductType> type;  // --type; else inferred from the name
  std::string sku = "";             // the clinic's stock code; may be empty
};

// safe_from_day of a product that a clinic protocol avoids on every day.
inline constexpr int kNeverSafe = std::numeric_limits<int>::max();

// How the product's type was decided, shown to the user.
struct TypeDecision {
  ProductType type = ProductType::kUnknown;
  std::string how;  // "given", "from the name: 'Foaming Cleanser'", "from its UV-filter actives", ""
};

// One rule that applies to the product, with its windows. The verdict for a
// day follows from the windows (inclusive): avoid through avoid_until_day,
// caution through caution_until_day, else safe.
struct Trigger {
  int ingredient = -1;   // index into ParsedLabel::ingredients; -1 for the product as a whole
  std::string label;     // as written on the label (or the product, for a product rule)
  std::string inci;      // canonical INCI name; empty for a pattern-only or product rule
  std::string category;  // category id ("unrecognized" for an ingredient that matched nothing)
  int row = 0;           // the protocol table row; 0 for a rule of aftercare's own
  std::optional<int> avoid_until_day, caution_until_day;
  std::string why;  // the rationale, with the context that armed it
  std::vector<std::string> sources;
  bool extrapolated = false;
  // The protocol row's until_event: its avoid (else caution) window ends "or later
  // if" this. Empty for a fixed day.
  std::string until_event;
  bool always = false;  // avoided on every day (a clinic protocol's avoid list)
  // Caution on every day after its avoid window: an unrecognized name while a
  // clinic protocol avoids ingredients (it could be one of them).
  bool caution_always = false;

  Verdict On(int day) const;
  // The first day from which this trigger is safe for good; kNeverSafe when
  // `always` or `caution_always`.
  int SafeFrom() const;
  bool operator==(const Trigger&) const = default;
};

// An ingredient in a rule's category that a context rule disarmed.
struct NotCounted {
  int ingredient = 0;
  std::string label, inci, category, why;
  bool operator==(const NotCounted&) const = default;
};

struct Helpful {
  int ingredient = 0;
  std::string label, inci, category;
  bool recommended = false;  // the protocol recommends it
  bool operator==(const Helpful&) const = default;
};

struct DayAdvice {
  std::string topic, advice;
  std::vector<std::string> sources;
  bool operator==(const DayAdvice&) const = default;
};

// One sub-product of a kit, assessed as a product of its own: its ingredients
// as their own list (positions are already per sub-product), its type read
// from its own name ("Cleanser:", "Peel Pads:"), else the kit's.
struct ComponentAssessment {
  int component = 0;  // index into ParsedLabel::components
  std::string name;   // the heading's name; "" for a sub-product the label does not name
  TypeDecision type;
  Verdict verdict = Verdict::kSafe;
  int safe_from_day = 0;  // kNeverSafe: no such day
  // Its triggers are Assessment::triggers[triggers_begin, triggers_end).
  size_t triggers_begin = 0, triggers_end = 0;
  bool operator==(const ComponentAssessment&) const = default;
};

struct Assessment {
  std::string protocol;
  int day = 0;
  TypeDecision type;
  NameFacts name_facts;
  Verdict verdict = Verdict::kSafe;
  int safe_from_day = 0;                        // safe on this day and every later one; kNeverSafe: no such day
  std::vector<std::string> categories;          // of every recognized ingredient, ancestors included, sorted
  std::vector<Verdict> status;                  // per ParsedLabel ingredient, for the day
  std::vector<Trigger> triggers;                // every rule that applies, whatever the day
  std::vector<const Trigger*> Reasons() const;  // those not safe on `day`, worst first (views into triggers)
  std::vector<NotCounted> not_counted;
  std::vector<Helpful> helpful;
  std::vector<int> unrecognized;   // indexes into ParsedLabel::ingredients
  std::vector<DayAdvice> advice;   // the protocol's advice for the day
  std::vector<std::string> notes;  // product-level findings ("the name says SPF 30 but ...")
  // A kit (several sub-products under their headings): each sub-product that
  // has ingredients, in label order. Empty for a plain label. In a kit, the
  // members above are those of the components put together (indexes still
  // into ParsedLabel::ingredients): the verdict and safe_from_day are the
  // worst of theirs; `type` and `name_facts` are the kit's own.
  std::vector<ComponentAssessment> components;
  // A component's reasons: its triggers not safe on `day`, worst first (views into triggers).
  std::vector<const Trigger*> Reasons(const ComponentAssessment& c) const;
  // The component a trigger (a view into `triggers`) belongs to; nullptr for a plain label.
  const ComponentAssessment* ComponentOf(const Trigger* t) const;
};

class Checker {
 public:
  // REQUIRES: analyzer outlives the Checker. kInternal if a pattern does not compile.
  static Result<std::unique_ptr<Checker>> Create(const Analyzer* analyzer);
  ~Checker();

  // The protocol `id`: kNotFound "unknown protocol 'X'" (with the known ids) when absent.
  Result<const db::Protocol*> FindProtocol(std::string_view id) const;

  // The verdict for `day` (0 = treatment day); a kit gets one per sub-product
  // (Assessment::components) and the worst of them as its own. kInvalidArgument
  // for a negative day, or for a label from which no ingredient could be read
  // ("no ingredient list found", with what was seen instead): that is an
  // error, never a verdict.
  // With a clinic `policy` (from a protocol file; may be null): an ingredient it
  // avoids is avoided on every day (category "avoided"), and a product it allows
  // (by sku or name) is judged only by its allowed-from day and those avoided
  // ingredients; the category rules it overrides are listed as not counted.
  // The protocol's index is made for the call (a few dozen rules: some
  // microseconds); a caller that assesses many products makes it once and
  // calls the overload below.
  Result<Assessment> Assess(const match::ParsedLabel& label, const ProductInfo& product, const db::Protocol& protocol,
                            int day, const ClinicPolicy* policy = nullptr) const;
  // The same under `protocol`'s index, which a caller that assesses many
  // products under one protocol (a scan) makes once.
  Result<Assessment> Assess(const match::ParsedLabel& label, const ProductInfo& product, const ProtocolIndex& protocol,
                            int day, const ClinicPolicy* policy = nullptr) const;

  const ProductNameReader& name_reader() const { return *names_; }

 private:
  explicit Checker(const Analyzer* analyzer);
  // The sub-products of a kit's label that are products (with ingredients, or
  // a device), in label order, with what their names say.
  std::vector<std::pair<int, NameFacts>> KitParts(const match::ParsedLabel& label) const;
  // A kit's assessment from its components' (see Assessment::components), the
  // `parts` (from KitParts, at least two); `whole` (the label read as one
  // product, with no rule run) gives the kit's type and advice.
  Assessment AssessKit(const match::ParsedLabel& label, const ProductInfo& product, const ProtocolIndex& protocol,
                       int day, const ClinicPolicy* policy, std::vector<std::pair<int, NameFacts>>&& parts,
                       Assessment whole) const;
  const Analyzer* analyzer_;
  std::unique_ptr<ProductNameReader> names_;
  std::unique_ptr<const CategoryIndex> index_;  // categories precomputed for the rules (verdict.cc)
};

}  // namespace aftercare::rules

#endif  // AFTERCARE_RULES_VERDICT_H_
