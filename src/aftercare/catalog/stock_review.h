// Clinic stock review (catalog stage): a clinic's stock of products against the
// healing timeline — each product's verdict on every day 0..N, grouped by
// routine step, a day-by-day plan of which stock to use for each step, and
// the gaps in the shelf. Pure functions over an Analyzer and a Checker;
// thread-safe (nothing is shared or mutated).
#ifndef AFTERCARE_CATALOG_STOCK_REVIEW_H_
#define AFTERCARE_CATALOG_STOCK_REVIEW_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "aftercare/aftercare.h"
#include "aftercare/catalog/byte_source.h"
#include "aftercare/catalog/catalog_reader.h"
#include "aftercare/rules/protocol_file.h"
#include "aftercare/rules/verdict.h"

namespace aftercare::catalog {

// One row of a stock file, as written.
struct StockItem {
  int line = 0;  // where the record starts in the file (1-based)
  std::string name, brand, type, ingredients, sku, quantity;
  // "FILE:LINE: what is wrong" when the row could not be read (broken quoting,
  // a wrong field count, invalid UTF-8, no name, ...): such an item is never
  // assessed, and the fields it could read are kept.
  std::string error;
  bool operator==(const StockItem&) const = default;
};

// Reads a stock file with the catalog readers of `aftercare scan` (CSV, TSV or
// JSON Lines; `source` may be a MaybeGunzip source): a product needs a name and
// an ingredient list; brand, type, sku (else the id column) and quantity are
// optional; columns are found by their common names (ColumnChoice, whose
// `stock` is set here) or as `columns` names them. A bad row is an item with
// its `error`, in file order: never dropped. Errors: the source's Status
// (kIoError, kDataError for corrupt gzip data); kDataError "FILE:LINE: ..." for
// a CSV/TSV header without an ingredient or a name column (with the columns
// seen and "did you mean"); kInvalidArgument "FILE: no products" for a stock
// without a product row.
Result<std::vector<StockItem>> ReadStock(ByteSource* source, const std::string& file_name, InputFormat format,
                                         ColumnChoice columns);

// A stock quantity as a count of units: nullopt when none is given; -1 when it
// is not a whole number ("12 ml", "-2", "lots").
std::optional<long> StockUnits(std::string_view quantity);

// The routine steps a report groups by, in routine order.
enum class RoutineStep { kCleanser, kSerum, kMoisturizer, kSunscreen, kMakeup, kOther };
std::string_view RoutineStepName(RoutineStep step);  // "cleanser", "serum", ...
std::vector<RoutineStep> RoutineSteps();
// cleanser, scrub, wipe -> cleanser; serum, toner, exfoliant, oil, mist -> serum;
// moisturizer -> moisturizer; sunscreen; makeup; the rest (device, masks, ...) -> other.
RoutineStep StepOf(rules::ProductType type);
// The steps a patient needs every day: a gap in them is reported.
bool IsEssentialStep(RoutineStep step);

struct StockEntry {
  StockItem item;
  RoutineStep step = RoutineStep::kOther;
  // nullopt when the product could not be assessed (no ingredient list, an
  // unknown type); `error` says why, and every day counts as not checked.
  std::optional<rules::Assessment> assessment;
  std::string error;
  std::vector<rules::Verdict> days;  // the verdict on day 0..N (kCaution when not assessed)
  // A kit: per sub-product (assessment->components), its verdict on day 0..N;
  // `days` is the worst of them. Empty for a plain product.
  std::vector<std::vector<rules::Verdict>> component_days;
  bool mineral_sunscreen = false;  // a sunscreen with mineral filters and no chemical one
  // Quantity 0: shown in the grid, never planned as the product to use.
  bool out_of_stock = false;
  // Why the product was not fully evaluated: unrecognized names, a type that
  // could not be told, the checker's notes. Empty when fully evaluated.
  std::vector<std::string> limits;
  bool evaluated() const { return assessment.has_value(); }
};

// Days with no safe product for an essential step.
struct Gap {
  RoutineStep step = RoutineStep::kOther;
  int from_day = 0, until_day = 0;  // inclusive
  std::vector<int> caution;         // entries usable with care on those days (indexes into entries)
  std::vector<int> out_of_stock;    // entries that would be safe on one of those days, but quantity 0
  std::string message;              // "no safe sunscreen in stock for days 0-13 (no mineral sunscreen in stock)"
  bool operator==(const Gap&) const = default;
};

// Which stock to use for one step on one day: safe entries first (recommended
// helpful ones before the rest), then the caution ones. Out-of-stock entries
// are in neither list.
struct PlanStep {
  RoutineStep step = RoutineStep::kOther;
  std::vector<int> use;           // indexes into entries, safe on the day
  std::vector<int> caution;       // only with the practitioner's agreement
  std::vector<int> out_of_stock;  // safe or caution on the day, but quantity 0: not planned
  bool operator==(const PlanStep&) const = default;
};
struct DayPlan {
  int day = 0;
  std::vector<PlanStep> steps;  // every step that has stock
};

struct StockReview {
  db::Protocol protocol;
  rules::ClinicPolicy policy;
  int last_day = 14;
  std::vector<StockEntry> entries;  // in file order
  std::vector<int> grid_order;      // entries grouped by routine step, file order within a step
  std::vector<DayPlan> plan;        // days 0..last_day
  std::vector<Gap> gaps;            // by step, then day
};

// The days "N" (0-N) or "A-B" name, as {A, B}. `what` names the setting in
// messages ("--days"): kInvalidArgument "WHAT 'TEXT': ..." for anything else
// or A after B.
Result<std::pair<int, int>> ParseDayRange(std::string_view text, std::string_view what);
// The last day of a review's grid from "N" or "0-N" (the grid always starts on
// day 0). Errors as ParseDayRange's, and for a range that starts after day 0.
Result<int> ParseGridDays(std::string_view text, std::string_view what);

// Assesses every item on days 0..last_day under `protocol` (its policy
// applied). A product that cannot be assessed stays in the review with its
// error (it is data, not a failure). kInvalidArgument for a negative
// last_day or one above 60.
Result<StockReview> ReviewStock(const std::vector<StockItem>& items, const Analyzer& analyzer,
                                const rules::Checker& checker, const rules::ProtocolFile& protocol, int last_day);

}  // namespace aftercare::catalog

#endif  // AFTERCARE_CATALOG_STOCK_REVIEW_H_
