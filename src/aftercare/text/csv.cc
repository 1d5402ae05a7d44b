#include "aftercare/text/csv.h"

#include <fmt/format.h>

namespace aftercare::text {

CsvParser::CsvParser(std::string_view data, std::string file_name, char separator)
    : data_(data), file_name_(std::move(file_name)), separator_(separator) {
  if (data_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

Result<bool> CsvParser::Next(CsvRecord* record) {
  record->fields.clear();
  if (pos_ >= data_.size()) return false;
  record->line = line_;
  std::string field;
  bool in_quotes = false;
  bool field_was_quoted = false;
  int quote_line = 0;
  while (pos_ < data_.size()) {
    char c = data_[pos_++];
    if (in_quotes) {
      if (c == '"') {
        if (pos_ < data_.size() && data_[pos_] == '"') {
          field += '"';
          ++pos_;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line_;
        field += c;
      }
      continue;
    }
    if (c == '"' && field.empty() && !field_was_quoted) {
      in_quotes = true;
      field_was_quoted = true;
      quote_line = line_;
    } else if (c == separator_) {
      record->fields.push_back(std::move(field));
      field.clear();
      field_was_quoted = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && pos_ < data_.size() && data_[pos_] == '\n') ++pos_;
      ++line_;
      record->fields.push_back(std::move(field));
      return true;
    } else {
      field += c;
    }
  }
  if (in_quotes) {
    return DataError(fmt::format("{}:{}: unterminated quoted field (opened here, still open at end of file)",
                                 file_name_, quote_line));
  }
  record->fields.push_back(std::move(field));
  return true;
}

}  // namespace aftercare::text
