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
#include <string_view>
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
    char separator = ',';  // '\t' for TSV
    // Default false. True: the separator is the one of , ; tab | that the
    // first line holds most often outside quotes (SniffSeparator), `separator`
    // when it holds none of them.
    bool sniff_separator = false;
    size_t max_record_bytes = size_t{64} << 20;  // a longer record is an error record
    size_t chunk_bytes = size_t{1} << 20;        // bytes asked of the source per read
  };
  // REQUIRES: `source` outlives the reader.
  CsvReader(ByteSource* source, const Options& options);
  explicit CsvReader(ByteSource* source) : CsvReader(source, Options()) {}

  // The next record into *row: true on a record (possibly an error record, see
  // row->error), false at the end of the data. Blank lines are skipped. A
  // record with an unterminated quote (at the end of the data, or longer than
  // max_record_bytes) is reported as an error record for the lines up to the
  // line where the quote opened, and reading resumes on the next line. Once
  // set_expected_fields(n >= 2) was called, a quoted field that spans lines and
  // leaves its record malformed (another field count, text after a closing
  // quote) is cut before the first of those lines that reads on its own as a
  // clean record of n fields: the record up to there is an error record
  // ("unterminated quote ...", keeping the fields before the broken one), and
  // that line starts the next record. Every line belongs to one record.
  // Returns the source's error (kIoError, kDataError) if it fails; the reader
  // then stays at its end.
  Result<bool> Next(CsvRow* row);

  // The field count of a good record (the header's); 0 = unknown (default).
  void set_expected_fields(size_t n) { expected_fields_ = n; }

  // The separator in use: Options::separator, or the sniffed one once Next()
  // has been called.
  char separator() const { return separator_; }

 private:
  // Makes at least one more byte available at buf_[pos_], keeping the record
  // that starts at record_start_. False at the end of the data.
  Result<bool> Fill();
  // For a malformed record whose quoted field (opened on `quote_line`, after
  // `fields_before` fields) spans lines: finds the first line from buffer
  // offset `from` (line `from_line`) to pos_ that LooksLikeRecord, and if there
  // is one makes *row the error record of the lines before it and reads on there.
  void CutAtNextRecord(CsvRow* row, size_t from, int64_t from_line, int64_t quote_line, size_t fields_before);

  ByteSource* source_;
  Options options_;
  std::string buf_;
  std::string chunk_;  // what one Read() fills
  size_t pos_ = 0;
  bool eof_ = false;
  bool started_ = false;
  int64_t line_ = 1;
  size_t record_start_ = 0;
  size_t expected_fields_ = 0;
  char separator_;
};

// Which of , ; tab | `line` holds most often outside double quotes (ties in
// that order); `fallback` when it holds none.
char SniffSeparator(std::string_view line, char fallback);

// Whether `line` (no line end) reads on its own as a clean record of exactly
// `fields` fields: quotes closed, nothing after a closing quote, no quote
// inside an unquoted field.
bool LooksLikeRecord(std::string_view line, char separator, size_t fields);

}  // namespace aftercare::catalog

#endif  // AFTERCARE_CATALOG_CSV_READER_H_
