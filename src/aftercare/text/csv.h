// RFC 4180 CSV/TSV record parser over an in-memory buffer (text stage).
// Handles quoted fields with embedded separators, newlines and doubled quotes,
// a UTF-8 BOM, and LF or CRLF line ends. Not thread-safe; one parser per buffer.
#ifndef AFTERCARE_TEXT_CSV_H_
#define AFTERCARE_TEXT_CSV_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "aftercare/base/status.h"

namespace aftercare::text {

struct CsvRecord {
  std::vector<std::string> fields;
  int line = 0;  // 1-based line on which the record starts
};

class CsvParser {
 public:
  // `data` must outlive the parser. `file_name` is used only in error messages.
  CsvParser(std::string_view data, std::string file_name, char separator = ',');

  // Reads the next record into *record. Returns true on a record, false at the end
  // of the data. On malformed input (an unterminated quoted field) returns a
  // kDataError Status "file:line: ..." and stops; *record is then unspecified.
  Result<bool> Next(CsvRecord* record);

  const std::string& file_name() const { return file_name_; }

 private:
  std::string_view data_;
  std::string file_name_;
  char separator_;
  size_t pos_ = 0;
  int line_ = 1;
};

}  // namespace aftercare::text

#endif  // AFTERCARE_TEXT_CSV_H_
