// Streaming RFC 4180 CSV / TSV reader (catalog stage): quoted fields with
// embedded separators, newlines and doubled quotes, a UTF-8 BOM, LF, CRLF or
// CR line ends, in constant memory (one record at a time, at most
// max_record_bytes). A malformed record becomes an error record and reading
// goes on: nothing after it is lost. Not thread-safe; one reader per source.
#ifndef AFTERCARE_CATALOG_CSV_READER_H_
#define AFTERCARE_CATALOG_CSV_READER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "aftercare/base/status.h"
#include "aftercare/catalog/byte_source.h"

namespace aftercare::catalog {

struct CsvRow {
  std::vector<std::string> fields;
  int64_t line = 0;   // 1-based line on which the record starts
  std::string error;  // empty, or what is wrong with this record (no file:line prefix)
};

class CsvReader {
 public:
  struct Options {
    char separator = ',';                          // '\t' for TSV
    size_t max_record_bytes = size_t{64} << 20;    // a longer record is an error record
    size_t chunk_bytes = size_t{1} << 20;          // bytes asked of the source per read
  };
  // REQUIRES: `source` outlives the reader.
  CsvReader(ByteSource* source, const Options& options);
  explicit CsvReader(ByteSource* source) : CsvReader(source, Options()) {}

  // The next record into *row: true on a record (possibly an error record, see
  // row->error), false at the end of the data. Blank lines are skipped. A
  // record with an unterminated quote (at the end of the data, or longer than
  // max_record_bytes) is reported as an error record for the lines up to the
  // line where the quote opened, and reading resumes on the next line.
  // Returns the source's error (kIoError, kDataError) if it fails; the reader
  // then stays at its end.
  Result<bool> Next(CsvRow* row);

 private:
  // Makes at least one more byte available at buf_[pos_], keeping the record
  // that starts at record_start_. False at the end of the data.
  Result<bool> Fill();

  ByteSource* source_;
  Options options_;
  std::string buf_;
  std::string chunk_;  // what one Read() fills
  size_t pos_ = 0;
  bool eof_ = false;
  bool started_ = false;
  int64_t line_ = 1;
  size_t record_start_ = 0;
};

}  // namespace aftercare::catalog

#endif  // AFTERCARE_CATALOG_CSV_READER_H_
