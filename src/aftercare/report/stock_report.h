// Formats a clinic stock review (report stage): the products x days grid as
// CSV (one row per product), Markdown and versioned JSON for other tools, and
// a self-contained HTML report for the clinic (grid, day-by-day plan, gaps,
// protocol windows and sources, products not fully evaluated). Pure functions;
// thread-safe.
#ifndef AFTERCARE_REPORT_STOCK_REPORT_H_
#define AFTERCARE_REPORT_STOCK_REPORT_H_

#include <string>
#include <string_view>

#include "aftercare/catalog/stock_review.h"
#include "aftercare/db/ingredient_db.h"

namespace aftercare::report {

inline constexpr int kStockSchema = 1;

// A grid cell: "avoid", "caution", "safe", or "unchecked" for a product that
// could not be assessed.
std::string StockCell(const catalog::StockEntry& e, int day);

// The first safe day as shown: "3", "never" (a clinic protocol avoids one of its
// ingredients), or "" when the product could not be assessed.
std::string FirstSafeDay(const catalog::StockEntry& e);

// step,name,component,brand,sku,quantity,type,first_safe_day,day_0..day_N: one
// row per product (component empty), grouped by routine step; a kit's row is
// followed by one row per sub-product, named in `component` ("(unnamed)" when
// the label gives no name), with its own type, first safe day and days.
// RFC 4180 quoting.
std::string StockCsv(const catalog::StockReview& r);

// The grid per routine step (a kit's sub-products on rows of their own under
// it), the gaps, the day plan and what was not fully evaluated.
std::string StockMarkdown(const catalog::StockReview& r);

// One JSON object (schema 1) and a newline; documented in README.md.
std::string StockJson(const catalog::StockReview& r, const db::IngredientDb& db);

// `s` as HTML text or an attribute value: & < > " escaped.
std::string HtmlText(std::string_view s);

struct StockHtmlOptions {
  // Also the protocol's table of windows, reasons and sources (as many pages
  // again as the grid, printed). Default off: each note under the grid names
  // its reason's window and source ids; a clinic file's policy is always shown.
  bool sources = false;
};

// One self-contained HTML5 document (inline CSS, no script, no external
// asset) that prints on A4 and Letter, at least 15 products to a page.
// `title` heads the page.
std::string StockHtml(const catalog::StockReview& r, const db::IngredientDb& db, const std::string& title,
                      const StockHtmlOptions& options = {});

}  // namespace aftercare::report

#endif  // AFTERCARE_REPORT_STOCK_REPORT_H_
