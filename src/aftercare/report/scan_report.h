// Formats `scan` records (report stage): one per catalog product, as JSON Lines
// (the check object with "id" and "row" first), CSV for spreadsheets, or a text
// table for people; and the error record of a bad row. Pure functions, and the
// scanner's formatter made of them (ScanRecordWriter); thread-safe.
#ifndef AFTERCARE_REPORT_SCAN_REPORT_H_
#define AFTERCARE_REPORT_SCAN_REPORT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "aftercare/catalog/scan_record_formatter.h"
#include "aftercare/db/ingredient_db.h"
#include "aftercare/report/check_report.h"

namespace aftercare::report {

enum class ScanFormat { kJsonl, kCsv, kText };
std::optional<ScanFormat> ParseScanFormat(std::string_view name);  // "jsonl", "csv", "text"

// A record's head and body are the scanner's (catalog/scan_record_formatter.h).
using catalog::ScanRecordBody;
using catalog::ScanRecordHead;

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
// the product and reuse it for every row that repeats the product under
// another id: the body (ScanRecordBody: JSONL, the check object ({...}\n);
// CSV, from the name column on; text, the line without row and id), and the
// head (row, file, id) added to it for each row.
//
// Sets *body (its previous capacity is reused) for the product of `v`.
void MakeScanRecordBody(ScanFormat format, const CheckView& v, const db::IngredientDb& db, bool full,
                        ScanRecordBody* body);
// Appends the record of `head` with `body` (from MakeScanRecordBody with the same format).
void AppendScanRecordWithBody(ScanFormat format, const ScanRecordHead& head, const ScanRecordBody& body,
                              std::string* out);

// Appends the record of a bad row: JSONL {"schema": 1, "row", ["file",] "id", "error"}.
void AppendScanError(ScanFormat format, const ScanRecordHead& head, std::string_view error, std::string* out);

// The scanner's formatter (catalog::Scan) for `format`: the functions above.
// REQUIRES: `db` outlives the writer.
class ScanRecordWriter final : public catalog::ScanRecordFormatter {
 public:
  // `full`: JSONL keeps the "ingredients" array.
  ScanRecordWriter(ScanFormat format, const db::IngredientDb& db, bool full) : format_(format), db_(db), full_(full) {}

  std::string Header(bool with_file) const override { return ScanHeader(format_, with_file); }
  void MakeBody(const match::ParsedLabel& label, const rules::ProductInfo& product, const rules::Assessment& assessment,
                const db::Protocol& protocol, ScanRecordBody* body) const override {
    MakeScanRecordBody(format_, {&label, &product, &assessment, &protocol}, db_, full_, body);
  }
  void AppendRecord(const ScanRecordHead& head, const ScanRecordBody& body, std::string* out) const override {
    AppendScanRecordWithBody(format_, head, body, out);
  }
  void AppendError(const ScanRecordHead& head, std::string_view error, std::string* out) const override {
    AppendScanError(format_, head, error, out);
  }

 private:
  ScanFormat format_;
  const db::IngredientDb& db_;
  bool full_;
};

}  // namespace aftercare::report

#endif  // AFTERCARE_REPORT_SCAN_REPORT_H_
