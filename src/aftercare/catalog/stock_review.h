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
#include <vector>

#include "aftercare/aftercare.h"
#include "aftercare/rules/protocol_file.h"
#include "aftercare/rules/verdict.h"

namespace aftercare::catalog {

// One row of a stock file, as written.
struct StockItem {
  int line = 0;  // where the record starts in the file (1-based)
  std::string name, brand, type, ingredients, sku, quantity, source;
  bool operator==(const StockItem&) const = default;
};

// Reads a stock CSV (RFC 4180) whose header names its columns: "name" and
// "ingredients" are required; "brand", "type", "sku", "quantity" and "source"
// are optional; other columns are ignored. Errors: kDataError "FILE:LINE: ..."
// for a malformed record, a header without name or ingredients, or a row
// without a name; kInvalidArgument "FILE: no products" for an empty stock.
Result<std::vector<StockItem>> ReadStockCsv(std::string_view data, const std::string& file_name);

// The routine steps a report groups by, in routine order.
enum class RoutineStep { kCleanser, kSerum, kMoisturizer, kSunscreen, kMakeup, kOther };
std::string_view RoutineStepName(RoutineStep step);  // "cleanser", "serum", ...
std::vector<RoutineStep> RoutineSteps();
// cleanser, scrub -> cleanser; serum, toner, exfoliant, oil, mist -> serum;
// moisturizer -> moisturizer; sunscreen; makeup; the rest (device, mask, ...) -> other.
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
  std::vector<rules::Verdict> days;    // the verdict on day 0..N (kCaution when not assessed)
  bool mineral_sunscreen = false;      // a sunscreen with mineral filters and no chemical one
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
  std::string message;              // "no safe sunscreen in stock for days 0-13 (no mineral sunscreen in stock)"
  bool operator==(const Gap&) const = default;
};

// Which stock to use for one step on one day: safe entries first (recommended
// helpful ones before the rest), then the caution ones.
struct PlanStep {
  RoutineStep step = RoutineStep::kOther;
  std::vector<int> use;      // indexes into entries, safe on the day
  std::vector<int> caution;  // only with the practitioner's agreement
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

// Assesses every item on days 0..last_day under `protocol` (its policy
// applied). A product that cannot be assessed stays in the review with its
// error (it is data, not a failure). kInvalidArgument for a negative
// last_day or one above 60.
Result<StockReview> ReviewStock(const std::vector<StockItem>& items, const Analyzer& analyzer,
                                const rules::Checker& checker, const rules::ProtocolFile& protocol, int last_day);

}  // namespace aftercare::catalog

#endif  // AFTERCARE_CATALOG_STOCK_REVIEW_H_
