// Formats `scan` records (report stage): one per catalog product, as JSON Lines
// (the check object with "id" and "row" first), CSV for spreadsheets, or a text
// table for people; and the error record of a bad row. Pure functions;
// thread-safe.
#ifndef AFTERCARE_REPORT_SCAN_REPORT_H_
#define AFTERCARE_REPORT_SCAN_REPORT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "aftercare/db/ingredient_db.h"
#include "aftercare/report/check_report.h"

namespace aftercare::report {

enum class ScanFormat { kJsonl, kCsv, kText };
std::optional<ScanFormat> ParseScanFormat(std::string_view name);  // "jsonl", "csv", "text"

// Where a record comes from. `file` is written only when not empty (a scan of
// more than one catalog).
struct ScanRecordHead {
  int64_t row = 0;       // 1-based product row in its file
  std::string_view id;   // may be empty (null in JSON)
  std::string_view file;
  std::string_view brand;  // CSV only; may be empty (a catalog without a brand column)
  int day = 0;             // CSV only: the healing day of the verdict
};

// The first line of the output: the CSV header, the text table's header; ""
// for JSON Lines. `with_file` adds the file column.
std::string ScanHeader(ScanFormat format, bool with_file);

// Appends one record (with its newline) to *out.
// JSONL: {"id", "row", ["file",] <check members>}; `full` keeps the "ingredients" array.
// CSV: row, [file,] id, brand, day, name, type, verdict, safe_from_day,
// flagged_categories, flagged_ingredients, unrecognized (lists joined by "; "), error.
// The same as AppendScanRecordBody then AppendScanRecordWithBody.
void AppendScanRecord(ScanFormat format, const ScanRecordHead& head, const CheckView& v, const db::IngredientDb& db,
                      bool full, std::string* out);

// A record in two parts, so that a scan can keep the part that depends only on
// the product (label, name, type; protocol and day are fixed for a scan) and
// reuse it for every row that repeats the product under another id:
// the body, and the head (row, file, id) added to it for each row.
struct ScanRecordBody {
  // JSONL: the check object ({...}\n); CSV: from the name column on; text: the line without row and id.
  std::string text;
  size_t id_at = 0;  // text format: where the id column goes in `text`; 0 otherwise
};
// Sets *body (its previous capacity is reused) for the product of `v`.
void MakeScanRecordBody(ScanFormat format, const CheckView& v, const db::IngredientDb& db, bool full,
                        ScanRecordBody* body);
// Appends the record of `head` with `body` (from MakeScanRecordBody with the same format).
void AppendScanRecordWithBody(ScanFormat format, const ScanRecordHead& head, const ScanRecordBody& body,
                              std::string* out);

// Appends the record of a bad row: JSONL {"schema": 1, "row", ["file",] "id", "error"}.
void AppendScanError(ScanFormat format, const ScanRecordHead& head, std::string_view error, std::string* out);

}  // namespace aftercare::report

#endif  // AFTERCARE_REPORT_SCAN_REPORT_H_
