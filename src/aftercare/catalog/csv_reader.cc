#include "aftercare/catalog/csv_reader.h"

#include <fmt/format.h>

namespace aftercare::catalog {

CsvReader::CsvReader(ByteSource* source, const Options& options)
    : source_(source), options_(options), separator_(options.separator) {}

char SniffSeparator(std::string_view line, char fallback) {
  constexpr char kCandidates[] = {',', ';', '\t', '|'};
  size_t counts[4] = {0, 0, 0, 0};
  bool in_quotes = false;
  for (char c : line) {
    if (c == '"') in_quotes = !in_quotes;
    if (in_quotes) continue;
    for (size_t k = 0; k < 4; ++k) counts[k] += c == kCandidates[k];
  }
  size_t best = 0;
  for (size_t k = 1; k < 4; ++k) {
    if (counts[k] > counts[best]) best = k;
  }
  return counts[best] > 0 ? kCandidates[best] : fallback;
}

bool LooksLikeRecord(std::string_view line, char separator, size_t fields) {
  if (line.empty()) return false;
  size_t count = 1;
  bool in_quotes = false, after_quote = false, field_start = true;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (in_quotes) {
      if (c != '"') continue;
      if (i + 1 < line.size() && line[i + 1] == '"') {
        ++i;
      } else {
        in_quotes = false;
        after_quote = true;
      }
    } else if (c == separator) {
      ++count;
      field_start = true;
      after_quote = false;
    } else if (after_quote) {
      return false;  // text after a closing quote
    } else if (c == '"') {
      if (!field_start) return false;  // a quote inside an unquoted field
      in_quotes = true;
      field_start = false;
    } else {
      field_start = false;
    }
  }
  return !in_quotes && count == fields;
}

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
    if (options_.sniff_separator) {
      constexpr size_t kSniffBytes = size_t{1} << 20;  // a header is far shorter
      while (buf_.find('\n', pos_) == std::string::npos && buf_.size() - pos_ < kSniffBytes) {
        ASSIGN_OR_RETURN(bool more, Fill());
        if (!more) break;
      }
      size_t nl = buf_.find('\n', pos_);
      separator_ = SniffSeparator(
          std::string_view(buf_).substr(pos_, nl == std::string::npos ? kSniffBytes : nl - pos_), options_.separator);
    }
  }
  const char sep = separator_;
  while (true) {  // one iteration per record; blank lines are skipped
    record_start_ = pos_;
    row->line = line_;
    row->fields.clear();
    row->error.clear();
    std::string field;
    bool in_quotes = false, quoted = false, after_quote = false, any_content = false;
    size_t quote_pos = 0;  // offset of the opening quote, relative to record_start_
    int64_t quote_line = 0;
    size_t quote_fields = 0;  // fields before the quoted one
    // The first line end inside quotes: where it is (relative to
    // record_start_), the line it ends, and the quoted field's line and index.
    size_t spanning_nl = std::string::npos;
    int64_t spanning_nl_line = 0, spanning_quote_line = 0;
    size_t spanning_fields = 0;
    bool ended = false;  // the record ended at a line end
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
          if (c == '\n') {
            if (spanning_nl == std::string::npos) {
              spanning_nl = pos_ - 1 - record_start_;
              spanning_nl_line = line_;
              spanning_quote_line = quote_line;
              spanning_fields = quote_fields;
            }
            ++line_;
          }
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
        quote_fields = row->fields.size();
      } else {
        if (after_quote && row->error.empty()) {
          row->error = fmt::format(
              "unexpected character '{}' after the closing quote of field {}",
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
      row->fields.resize(quote_fields);  // the fields before the broken one (an id) stay
      row->error = too_long
                       ? fmt::format("quoted field opened on line {} is longer than {} MiB (an unterminated quote?)",
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
    bool malformed = !row->error.empty() || row->fields.size() != expected_fields_;
    if (malformed && expected_fields_ >= 2 && spanning_nl != std::string::npos) {
      CutAtNextRecord(row, record_start_ + spanning_nl + 1, spanning_nl_line + 1, spanning_quote_line, spanning_fields);
    }
    record_start_ = pos_;
    return true;
  }
}

void CsvReader::CutAtNextRecord(CsvRow* row, size_t from, int64_t from_line, int64_t quote_line, size_t fields_before) {
  int64_t line = from_line;
  for (size_t p = from; p < pos_; ++line) {
    size_t e = buf_.find('\n', p);
    if (e == std::string::npos || e > pos_) e = pos_;
    std::string_view text = std::string_view(buf_).substr(p, e - p);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (LooksLikeRecord(text, separator_, expected_fields_)) {
      row->fields.resize(fields_before);  // the fields before the broken one (an id) stay
      row->error = fmt::format(
          "unterminated quote (the quoted field opened on line {} runs on into line {}, "
          "which reads as a row of its own)",
          quote_line, line);
      pos_ = p;
      line_ = line;
      return;
    }
    p = e + 1;
  }
}

}  // namespace aftercare::catalog
