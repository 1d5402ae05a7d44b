// How a scan's records are written (catalog stage): the interface the scanner
// formats through. The report stage implements it (report::ScanRecordWriter)
// and the caller passes it in, so that the catalog stage never includes the
// report stage. An implementation is immutable once made: the scanner calls it
// from its worker threads and from the calling thread at once.
#ifndef AFTERCARE_CATALOG_SCAN_RECORD_FORMATTER_H_
#define AFTERCARE_CATALOG_SCAN_RECORD_FORMATTER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "aftercare/db/ingredient_db.h"
#include "aftercare/match/label_matcher.h"
#include "aftercare/rules/verdict.h"

namespace aftercare::catalog {

// Where a record comes from. `file` is written only when not empty (a scan of
// more than one catalog). Views: valid during the call that takes the head.
struct ScanRecordHead {
  int64_t row = 0;      // 1-based product row in its file
  std::string_view id;  // may be empty (null in JSON)
  std::string_view file;
  std::string_view brand;  // may be empty (a catalog without a brand column)
  int day = 0;             // the healing day of the verdict
};

// The part of a record that depends only on the product (label, name, type;
// protocol and day are fixed for a scan). A scan keeps it and reuses it for
// every row that repeats the product under another id, adding the head.
struct ScanRecordBody {
  std::string text;  // the formatter's own: the record without its head
  size_t id_at = 0;  // the formatter's own: where the head's id goes in `text`; 0 when it goes elsewhere
};

class ScanRecordFormatter {
 public:
  virtual ~ScanRecordFormatter() = default;

  // The first bytes of the output (a header line, with its newline), or ""
  // for none. `with_file`: the records name their file.
  virtual std::string Header(bool with_file) const = 0;

  // Sets *body (its previous capacity is reused) for one assessed product.
  virtual void MakeBody(const match::ParsedLabel& label, const rules::ProductInfo& product,
                        const rules::Assessment& assessment, const db::Protocol& protocol,
                        ScanRecordBody* body) const = 0;

  // Appends the record of `head` with `body` (from MakeBody), newline included.
  virtual void AppendRecord(const ScanRecordHead& head, const ScanRecordBody& body, std::string* out) const = 0;

  // Appends the record of a row that could not be assessed; `error` is
  // "file:line: what is wrong".
  virtual void AppendError(const ScanRecordHead& head, std::string_view error, std::string* out) const = 0;
};

}  // namespace aftercare::catalog

#endif  // AFTERCARE_CATALOG_SCAN_RECORD_FORMATTER_H_
