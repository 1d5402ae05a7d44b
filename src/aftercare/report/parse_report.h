// Formats a parsed label (report stage): a table for a person, JSON for machines.
#ifndef AFTERCARE_REPORT_PARSE_REPORT_H_
#define AFTERCARE_REPORT_PARSE_REPORT_H_

#include <string>

#include "aftercare/db/ingredient_db.h"
#include "aftercare/match/label_matcher.h"
#include "aftercare/report/explain_report.h"

namespace aftercare::report {

// Category ids of one ingredient (rules::IngredientCategoryIds): ancestors
// included, sorted; none for an unrecognized or ambiguous-fuzzy ingredient.
std::vector<std::string> IngredientCategories(const match::LabelIngredient& ing, const db::IngredientDb& db);

std::string ParseText(const match::ParsedLabel& label, const db::IngredientDb& db, const TextStyle& style);

// {"ingredients": [{"label", "inci", "match", "categories", "span", "position", "percent",
//   "may_contain", "active", ...}], "unrecognized": [...], "diagnostics": [...]} and a newline.
std::string ParseJson(const match::ParsedLabel& label, const db::IngredientDb& db);

class JsonWriter;
// The ingredient objects, for reuse by other reports; `status` (the verdict for
// a day, from `check`) is written when not empty.
void WriteIngredientJson(const match::ParsedLabel& label, const match::LabelIngredient& ing, const db::IngredientDb& db,
                         JsonWriter* w, std::string_view status = {});
// The reader's diagnostics, then `product_notes` (check's product-level
// findings) as kind "product" with a null span.
void WriteDiagnosticsJson(const match::ParsedLabel& label, JsonWriter* w,
                          const std::vector<std::string>& product_notes = {});

}  // namespace aftercare::report

#endif  // AFTERCARE_REPORT_PARSE_REPORT_H_
