// Byte sources for catalog readers (catalog stage): where a catalog's bytes come
// from. The CLI opens files and standard input and hands them over as a
// ByteSource; the library only reads through this interface. GzipSource
// decompresses another source on the fly (zlib; concatenated members too).
// A source is used by one thread at a time.
#ifndef AFTERCARE_CATALOG_BYTE_SOURCE_H_
#define AFTERCARE_CATALOG_BYTE_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "aftercare/base/status.h"

namespace aftercare::catalog {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `n` bytes into `buf`. Returns the count read, 0 only at the end
  // of the data; kIoError (or kDataError for corrupt compressed data) otherwise.
  virtual Result<size_t> Read(char* buf, size_t n) = 0;
  // Bytes taken from the underlying medium so far (compressed bytes for a
  // GzipSource): what a progress line compares with the file size.
  virtual uint64_t consumed() const = 0;
};

// A source over bytes in memory (tests, fuzzers). `data` must outlive it.
class StringSource : public ByteSource {
 public:
  explicit StringSource(std::string_view data, size_t max_read = SIZE_MAX) : data_(data), max_read_(max_read) {}
  Result<size_t> Read(char* buf, size_t n) override;
  uint64_t consumed() const override { return pos_; }

 private:
  std::string_view data_;
  size_t max_read_;  // at most this many bytes per Read, to exercise refills
  size_t pos_ = 0;
};

// A file or standard input, read with read(2) (EINTR retried). Closes `fd`
// when it is not one of the standard streams. `name` is used in error messages.
class FdSource : public ByteSource {
 public:
  FdSource(int fd, std::string name) : fd_(fd), name_(std::move(name)) {}
  ~FdSource() override;
  FdSource(const FdSource&) = delete;
  FdSource& operator=(const FdSource&) = delete;
  Result<size_t> Read(char* buf, size_t n) override;
  uint64_t consumed() const override { return consumed_; }

 private:
  int fd_;
  std::string name_;
  uint64_t consumed_ = 0;
};

// Whether the first bytes are the gzip magic (1f 8b).
bool LooksGzipped(std::string_view first_bytes);

// Wraps `inner`, which starts with the bytes in `prefix` already read from it
// (the sniffed magic), and returns decompressed bytes when the data is gzip,
// the bytes unchanged otherwise. `name` is used in error messages.
std::unique_ptr<ByteSource> MaybeGunzip(std::unique_ptr<ByteSource> inner, std::string name);

// A source of UTF-8 and what was done to get it.
struct Utf8Source {
  std::unique_ptr<ByteSource> source;
  std::string note;  // "" for UTF-8; else e.g. "input was UTF-16LE (a byte-order mark); converted to UTF-8"
};

// Reads the first text::kEncodingSampleBytes of `inner` (already decompressed)
// and tells their encoding (text::DetectEncoding). UTF-8, even with some
// invalid bytes (each row reports its own), is replayed unchanged: no copy
// past the sample, no conversion. Any other encoding is converted to UTF-8 on
// the fly, its byte-order mark dropped, with a note. A sample whose encoding
// the detector cannot tell, or whose invalid UTF-8 lies on one line only, is
// replayed as UTF-8 too: its rows that are not UTF-8 are error records. Errors: the source's read error; kDataError
// "NAME: not text: ..." when more than 5% of the sample is control bytes, or
// the converted sample is not text (text::CheckText).
Result<Utf8Source> MaybeDecode(std::unique_ptr<ByteSource> inner, const std::string& name);

}  // namespace aftercare::catalog

#endif  // AFTERCARE_CATALOG_BYTE_SOURCE_H_
