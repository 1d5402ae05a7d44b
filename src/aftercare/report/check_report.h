// Formats a healing-day assessment (report stage): advice for a person, and
// the versioned JSON object (schema 1) that `check` prints and `scan` writes
// one per line. Pure functions; thread-safe.
#ifndef AFTERCARE_REPORT_CHECK_REPORT_H_
#define AFTERCARE_REPORT_CHECK_REPORT_H_

#include <string>

#include "aftercare/db/ingredient_db.h"
#include "aftercare/match/label_matcher.h"
#include "aftercare/report/explain_report.h"
#include "aftercare/rules/verdict.h"

namespace aftercare::report {

inline constexpr int kCheckSchema = 1;

// What one check produced, as the writers need it. Views: the caller keeps
// the label, product and assessment alive while writing.
struct CheckView {
  const match::ParsedLabel* label = nullptr;
  const rules::ProductInfo* product = nullptr;
  const rules::Assessment* assessment = nullptr;
  const db::Protocol* protocol = nullptr;
};

std::string CheckText(const CheckView& v, const db::IngredientDb& db, const TextStyle& style);

// The members of the JSON object (the caller opens and closes it, so that
// `scan` can put "id" and "row" first):
// {"schema": 1, "name", "type", "type_from", "day", "protocol", "verdict", "safe_from_day",
//  in a kit "components": [{"name" (null when unnamed), "type", "type_from", "verdict",
//  "safe_from_day" (null: never), "reasons": [indexes into "reasons"]}],
//  "categories": [...], "ingredients": [parse's ingredient objects + "status"] (when
//  `full`), "reasons": [{"label", "inci", "category", "verdict", "avoid_until_day",
//  "caution_until_day", "why", "sources", "extrapolated", "row", "position", and in a kit
//  "component" (the sub-product's name, null when unnamed)}],
//  "helpful": [...], "not_counted": [...] (in a kit each with its "component"),
//  "unrecognized": [...], "advice": [...] (when `full`: the day's advice is the same for
//  every product, so a scan summary leaves it out),
//  "diagnostics": [...]}.
class JsonWriter;
void WriteCheckJsonMembers(const CheckView& v, const db::IngredientDb& db, bool full, JsonWriter* w);
// One object and a newline, ingredients included: what `check --format json` prints.
std::string CheckJson(const CheckView& v, const db::IngredientDb& db);

}  // namespace aftercare::report

#endif  // AFTERCARE_REPORT_CHECK_REPORT_H_
