// Formats a parsed label (report stage): a table for a person, JSON for machines.
#ifndef AFTERCARE_REPORT_PARSE_REPORT_H_
#define AFTERCARE_REPORT_PARSE_REPORT_H_

#include <string>

#include "aftercare/db/ingredient_db.h"
#include "aftercare/match/label_matcher.h"
#include "aftercare/report/explain_report.h"

namespace aftercare::report {

// Categories of one ingredient (ancestors included, sorted by id); none for an
// unrecognized or ambiguous-fuzzy ingredient.
std::vector<std::string> IngredientCategories(const match::LabelIngredient& ing, const db::IngredientDb& db);
std::vector<db::CategoryId> IngredientCategoryIds(const match::LabelIngredient& ing, const db::IngredientDb& db);

std::string ParseText(const match::ParsedLabel& label, const db::IngredientDb& db, const TextStyle& style);

// {"ingredients": [{"label", "inci", "match", "categories", "span", "position", "percent",
//   "may_contain", "active", ...}], "unrecognized": [...], "diagnostics": [...]} and a newline.
std::string ParseJson(const match::ParsedLabel& label, const db::IngredientDb& db);

class JsonWriter;
// The ingredient objects, for reuse by other reports.
void WriteIngredientJson(const match::ParsedLabel& label, const match::LabelIngredient& ing,
                         const db::IngredientDb& db, JsonWriter* w);
void WriteDiagnosticsJson(const match::ParsedLabel& label, JsonWriter* w);

}  // namespace aftercare::report

#endif  // AFTERCARE_REPORT_PARSE_REPORT_H_
