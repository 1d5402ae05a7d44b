#include "aftercare/catalog/line_reader.h"

#include <cstring>

namespace aftercare::catalog {

LineReader::LineReader(ByteSource* source, const Options& options) : source_(source), options_(options) {}

Result<bool> LineReader::Fill() {
  if (eof_) return false;
  if (pos_ > 0) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  chunk_.resize(options_.chunk_bytes);  // once: the size does not change
  Result<size_t> got = source_->Read(chunk_.data(), chunk_.size());
  if (!got.ok()) {
    eof_ = true;
    return got.status();
  }
  buf_.append(chunk_.data(), *got);
  if (*got == 0) eof_ = true;
  return *got > 0;
}

Result<bool> LineReader::Next(std::string* line, int64_t* number, bool* too_long) {
  line->clear();
  *too_long = false;
  if (!started_) {
    started_ = true;
    while (buf_.size() < 3) {
      ASSIGN_OR_RETURN(bool more, Fill());
      if (!more) break;
    }
    if (buf_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;
  }
  size_t scanned = pos_;  // no '\n' in [pos_, scanned)
  while (true) {
    // NOLINTNEXTLINE(bugprone-not-null-terminated-result): a search of bytes, not a C string
    const char* nl = static_cast<const char*>(std::memchr(buf_.data() + scanned, '\n', buf_.size() - scanned));
    if (nl) {
      size_t end = static_cast<size_t>(nl - buf_.data());
      ++line_;
      *number = line_;
      if (!*too_long) {
        size_t e = end;
        if (e > pos_ && buf_[e - 1] == '\r') --e;
        line->assign(buf_, pos_, e - pos_);
      }
      pos_ = end + 1;
      return true;
    }
    if (buf_.size() - pos_ > options_.max_line_bytes) {
      *too_long = true;  // drop what we have of this line and keep looking for its end
      pos_ = buf_.size();
    }
    size_t before = buf_.size() - pos_;
    ASSIGN_OR_RETURN(bool more, Fill());
    scanned = pos_ + before;
    if (!more) {
      if (buf_.size() == pos_ && !*too_long) return false;
      ++line_;
      *number = line_;
      if (!*too_long) {
        size_t e = buf_.size();
        if (e > pos_ && buf_[e - 1] == '\r') --e;
        line->assign(buf_, pos_, e - pos_);
      }
      pos_ = buf_.size();
      return true;
    }
  }
}

}  // namespace aftercare::catalog
