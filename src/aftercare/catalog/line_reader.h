// Streaming line reader for JSON Lines catalogs (catalog stage): one line at a
// time in constant memory (at most max_line_bytes), LF or CRLF, a UTF-8 BOM
// skipped. Not thread-safe; one reader per source.
#ifndef AFTERCARE_CATALOG_LINE_READER_H_
#define AFTERCARE_CATALOG_LINE_READER_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "aftercare/base/status.h"
#include "aftercare/catalog/byte_source.h"

namespace aftercare::catalog {

class LineReader {
 public:
  struct Options {
    size_t max_line_bytes = size_t{64} << 20;  // a longer line is reported, not kept
    size_t chunk_bytes = size_t{1} << 20;
  };
  // REQUIRES: `source` outlives the reader.
  LineReader(ByteSource* source, const Options& options);
  explicit LineReader(ByteSource* source) : LineReader(source, Options()) {}

  // The next line (without its line end) into *line and its 1-based number
  // into *number: true, or false at the end of the data. A line longer than
  // max_line_bytes comes back empty with *too_long set (its bytes are skipped).
  // Returns the source's error if it fails; the reader then stays at its end.
  Result<bool> Next(std::string* line, int64_t* number, bool* too_long);

 private:
  Result<bool> Fill();
  ByteSource* source_;
  Options options_;
  std::string buf_;
  std::string chunk_;  // what one Read() fills
  size_t pos_ = 0;
  bool eof_ = false, started_ = false;
  int64_t line_ = 0;
};

}  // namespace aftercare::catalog

#endif  // AFTERCARE_CATALOG_LINE_READER_H_
