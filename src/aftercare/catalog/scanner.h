// Batch scan of product catalogs (catalog stage): every product of every
// catalog gets a healing-day verdict, in input order whatever the number of
// threads. One reader thread cuts the input into batches of rows, worker
// threads (each with its own MatchCache) decode, read and assess them, and the
// calling thread hands the finished batches to the sink in sequence order.
// Catalogs repeat a formula under many ids (sizes, shades): a bounded memo,
// shared by the workers, keeps the record of each product (label, name, type)
// and a repeat only gets its own row and id written around it.
// Queues are bounded: memory does not grow with the catalog. A bad row becomes
// an error record and the scan goes on.
// The records are written through the caller's ScanRecordFormatter (the report
// stage's report::ScanRecordWriter). Scan() may be called from any thread; the
// sink is only called from the calling thread.
#ifndef AFTERCARE_CATALOG_SCANNER_H_
#define AFTERCARE_CATALOG_SCANNER_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aftercare/aftercare.h"
#include "aftercare/base/status.h"
#include "aftercare/catalog/byte_source.h"
#include "aftercare/catalog/catalog_reader.h"
#include "aftercare/catalog/scan_record_formatter.h"
#include "aftercare/rules/verdict.h"

namespace aftercare::catalog {

struct ScanInput {
  std::string name;                    // shown in error texts and, for several inputs, in "file"
  std::unique_ptr<ByteSource> source;  // already decompressed (see MaybeGunzip)
  InputFormat format = InputFormat::kCsv;
};

struct ScanOptions {
  int day = 0;                                     // days since the treatment
  const db::Protocol* protocol = nullptr;          // REQUIRED
  const rules::ClinicPolicy* policy = nullptr;     // from a clinic protocol file (default: none)
  const ScanRecordFormatter* formatter = nullptr;  // REQUIRED: writes the records (format and detail are its)
  ColumnChoice columns;                            // default: found by common names
  std::optional<rules::Verdict> fail_on;           // default: none
  int threads = 1;                                 // worker threads (>= 1)
  bool suggestions = true;                         // "did you mean" for unrecognized names (default on, as check)
  // A longer label is an error row, not read: the longest real label is about
  // 16 KB, and a label's reading and record grow with its length (a 10 MB field
  // would take about 1 GB). Default 256 KiB.
  size_t max_label_bytes = size_t{256} << 10;
  // The memo of records by product (label text, name, type): at most this many
  // bytes (keys, records and bookkeeping), least recently used out first; 0 = no
  // memo. It never changes the output, only the time. Default 64 MiB.
  size_t memo_bytes = size_t{64} << 20;
  size_t batch_rows = 256;               // rows per batch, at most
  size_t batch_bytes = size_t{1} << 20;  // input bytes per batch, about (a longer row is a batch alone)
  int batches_in_flight = 0;             // read but not yet written; 0 = 4 per thread
};

struct ScanCounts {
  int64_t rows = 0;                   // records written (products and errors)
  int64_t errors = 0;                 // error records
  std::array<int64_t, 3> verdicts{};  // by rules::Verdict
  bool fail_on_reached = false;
  int64_t memo_hits = 0;        // products whose record came from the memo
  uint64_t bytes_consumed = 0;  // of the inputs, as ByteSource::consumed() (about; for progress)
};

class ScanSink {
 public:
  virtual ~ScanSink() = default;
  // Output records, in input order. A non-OK Status stops the scan (returned by Scan).
  virtual Status Write(std::string_view records) = 0;
  // One bad row's error text ("file:line: what"), in input order, after its record was written.
  virtual void RowError(std::string_view) {}
  // After each batch written.
  virtual void Progress(const ScanCounts&) {}
};

// Scans `inputs` in order. Returns the counts, or the sink's Status if a write
// failed (the scan stops; the worker threads are joined). A source that fails
// mid-way (kIoError, corrupt or truncated gzip) yields one error record after
// its last good row, and the scan goes on with the next input.
// kInvalidArgument, before anything is read, without a protocol or a
// formatter or with fewer than 1 thread.
// REQUIRES: the checker was made for this analyzer.
Result<ScanCounts> Scan(const Analyzer& analyzer, const rules::Checker& checker, std::vector<ScanInput>* inputs,
                        const ScanOptions& options, ScanSink* sink);

}  // namespace aftercare::catalog

#endif  // AFTERCARE_CATALOG_SCANNER_H_
