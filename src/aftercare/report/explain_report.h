// Formats an Explanation (report stage): text for a person, JSON for machines.
#ifndef AFTERCARE_REPORT_EXPLAIN_REPORT_H_
#define AFTERCARE_REPORT_EXPLAIN_REPORT_H_

#include <optional>
#include <string>

#include "aftercare/db/ingredient_db.h"
#include "aftercare/rules/explain.h"

namespace aftercare::report {

struct TextStyle {
  bool color = false;  // ANSI colour (the CLI decides: a terminal and no NO_COLOR)
};

// "avoid days 0-6, caution days 7-13, fine from day 14" (windows inclusive).
std::string DayWindowText(std::optional<int> avoid_until_day, std::optional<int> caution_until_day, int ok_from_day,
                          bool recommended);

std::string ExplainText(const rules::Explanation& ex, const TextStyle& style);

// One JSON object and a newline. Fields: query, match, matched, inci (null for a
// pattern-only match), display, cas, ec, synonyms, functions, categories (ids,
// ancestors included), category_details, windows, annex.
std::string ExplainJson(const rules::Explanation& ex);

// `db info` as text and JSON.
std::string DbInfoText(const db::IngredientDb& db);
std::string DbInfoJson(const db::IngredientDb& db);

}  // namespace aftercare::report

#endif  // AFTERCARE_REPORT_EXPLAIN_REPORT_H_
