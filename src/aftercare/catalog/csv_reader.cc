#include "aftercare/catalog/csv_reader.h"

#include <fmt/format.h>

namespace aftercare::catalog {

CsvReader::CsvReader(ByteSource* source, const Options& options) : source_(source), options_(options) {}

Result<bool> CsvReader::Fill() {
  if (eof_) return false;
  // Drop what earlier records used; keep the current one.
  if (record_start_ > 0 && (record_start_ >= buf_.size() / 2 || pos_ == buf_.size())) {
    buf_.erase(0, record_start_);
    pos_ -= record_start_;
    record_start_ = 0;
  }
  chunk_.resize(options_.chunk_bytes);  // once: the size does not change
  Result<size_t> got = source_->Read(chunk_.data(), chunk_.size());
  if (!got.ok()) {
    eof_ = true;
    return got.status();
  }
  buf_.append(chunk_.data(), *got);
  if (*got == 0) {
    eof_ = true;
    return false;
  }
  return true;
}

Result<bool> CsvReader::Next(CsvRow* row) {
  row->fields.clear();
  row->error.clear();
  if (!started_) {
    started_ = true;
    while (buf_.size() - pos_ < 3) {
      ASSIGN_OR_RETURN(bool more, Fill());
      if (!more) break;
    }
    if (buf_.compare(pos_, 3, "\xEF\xBB\xBF") == 0) pos_ += 3;
  }
  const char sep = options_.separator;
  while (true) {  // one iteration per record; blank lines are skipped
    record_start_ = pos_;
    row->line = line_;
    row->fields.clear();
    row->error.clear();
    std::string field;
    bool in_quotes = false, quoted = false, after_quote = false, any_content = false;
    size_t quote_pos = 0;   // offset of the opening quote, relative to record_start_
    int64_t quote_line = 0;
    bool ended = false;     // the record ended at a line end
    while (true) {
      if (pos_ >= buf_.size()) {
        ASSIGN_OR_RETURN(bool more, Fill());
        if (!more) break;
      }
      if (in_quotes && pos_ - record_start_ > options_.max_record_bytes) break;
      char c = buf_[pos_++];
      if (in_quotes) {
        if (c == '"') {
          if (pos_ >= buf_.size()) {
            ASSIGN_OR_RETURN(bool more, Fill());
            (void)more;
          }
          if (pos_ < buf_.size() && buf_[pos_] == '"') {
            field += '"';
            ++pos_;
          } else {
            in_quotes = false;
            after_quote = true;
          }
        } else {
          if (c == '\n') ++line_;
          field += c;
        }
        continue;
      }
      if (c == sep) {
        row->fields.push_back(std::move(field));
        field.clear();
        quoted = after_quote = false;
        any_content = true;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r') {
          if (pos_ >= buf_.size()) {
            ASSIGN_OR_RETURN(bool more, Fill());
            (void)more;
          }
          if (pos_ < buf_.size() && buf_[pos_] == '\n') ++pos_;
        }
        ++line_;
        ended = true;
        break;
      } else if (c == '"' && field.empty() && !quoted) {
        in_quotes = quoted = any_content = true;
        quote_pos = pos_ - 1 - record_start_;
        quote_line = line_;
      } else {
        if (after_quote && row->error.empty()) {
          row->error = fmt::format("unexpected character '{}' after the closing quote of field {}",
                                   c >= 0x20 && c < 0x7f ? std::string(1, c) : fmt::format("\\x{:02x}", static_cast<unsigned char>(c)),
                                   row->fields.size() + 1);
        }
        field += c;
        any_content = true;
      }
    }
    if (in_quotes) {
      // Unterminated quote: the record is bad up to the end of the line where
      // the quote opened; read on from the next line.
      bool too_long = pos_ - record_start_ > options_.max_record_bytes;
      size_t q = record_start_ + quote_pos;
      size_t nl = buf_.find_first_of("\r\n", q);
      row->fields.clear();
      row->error = too_long ? fmt::format("quoted field opened on line {} is longer than {} MiB (an unterminated quote?)",
                                          quote_line, options_.max_record_bytes >> 20)
                            : fmt::format("unterminated quoted field (opened on line {}, still open at the end of the data)",
                                          quote_line);
      if (nl == std::string::npos || (!too_long && nl >= pos_)) {
        pos_ = buf_.size();
        if (!too_long) {
          line_ = quote_line;  // nothing after it
        }
      } else {
        pos_ = nl + 1;
        if (buf_[nl] == '\r' && pos_ < buf_.size() && buf_[pos_] == '\n') ++pos_;
        line_ = quote_line + 1;
      }
      if (too_long && nl == std::string::npos) {
        // No line end in the whole window: skip to the next line end in the data.
        while (true) {
          size_t k = buf_.find_first_of("\r\n", pos_);
          if (k != std::string::npos) {
            pos_ = k + 1;
            line_ = quote_line + 1;
            break;
          }
          pos_ = buf_.size();
          record_start_ = pos_;
          ASSIGN_OR_RETURN(bool more, Fill());
          if (!more) break;
        }
      }
      record_start_ = pos_;
      return true;
    }
    if (!ended && !any_content && field.empty() && row->fields.empty()) {
      return false;  // end of data
    }
    if (!any_content && field.empty() && row->fields.empty()) continue;  // blank line
    row->fields.push_back(std::move(field));
    record_start_ = pos_;
    return true;
  }
}

}  // namespace aftercare::catalog
