// corpus_export: writes the ingredient label of every real product under
// shared/data/products as JSON Lines, the corpus for tests and benchmarks.
//   build/corpus_export [--data DIR] [--distinct] [--skip-empty]
// stdout, one object per product, in source order then file order (schema 1):
//   {"source": "<data set folder>", "row": <1-based data row / record index in its file>,
//    "id": "", "name": "", "brand": "", "type": "", "ingredients": "<label text>"}
// stderr: per source the products read, non-empty, distinct. Exit 0 done, 2 error
// (`corpus_export: error: file:line: what`); a broken pipe exits quietly with 0.
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "aftercare/base/edit_distance.h"
#include "aftercare/base/status.h"
#include "aftercare/match/fuzzy_index.h"
#include "aftercare/report/json_writer.h"
#include "aftercare/text/csv.h"

namespace {

using aftercare::DataError;
using aftercare::IoError;
using aftercare::Result;
using aftercare::Status;

// ---------------------------------------------------------------------------
// Small text helpers.

bool IsBlank(std::string_view s) { return s.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos; }

std::string_view Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n\f\v");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r\n\f\v");
  return s.substr(b, e - b + 1);
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out.append(sep);
    out.append(parts[i]);
  }
  return out;
}

// Appends code point `cp` as UTF-8; surrogates and values past U+10FFFF become U+FFFD.
void AppendUtf8(uint32_t cp, std::string* out) {
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Copy of `s` with every byte that does not start a valid UTF-8 sequence replaced
// by U+FFFD (so that nlohmann::json, which rejects invalid UTF-8, can parse it).
std::string ReplaceInvalidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = byte(i);
    size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    bool ok = n > 0 && i + n <= s.size();
    uint32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t k = 1; ok && k < n; ++k) {
      ok = (byte(i + k) & 0xC0) == 0x80;
      cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    if (ok && ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
               (cp >= 0xD800 && cp <= 0xDFFF))) {
      ok = false;
    }
    if (ok) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out.append("\xEF\xBF\xBD");
      ++i;
    }
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// ---------------------------------------------------------------------------
// Python list-of-strings literals, as written by Python's repr():
//   ['Capri Eau de Parfum:', "Alcohol Denat., Parfum (Fragrance) ..."]
// Strings may be single-, double- or triple-quoted, prefixed r/u, and adjacent
// literals concatenate. Escapes follow Python 3 str literals: \\ \' \" \a \b \f
// \n \r \t \v, \ooo, \xHH, \uHHHH, \UHHHHHHHH, backslash-newline; unknown escapes
// keep their backslash. A surrogate pair written as two \u escapes is combined;
// a lone surrogate becomes U+FFFD. \N{name} is not supported (an error).
class PythonStringListParser {
 public:
  explicit PythonStringListParser(std::string_view text) : s_(text) {}

  // The decoded strings, or a DataError "<what> at byte N" (no file prefix).
  Result<std::vector<std::string>> Parse() {
    std::vector<std::string> items;
    SkipSpace();
    if (!Consume('[')) return Error("expected '[' to open a Python list literal");
    SkipSpace();
    if (Consume(']')) return Finish(std::move(items));
    while (true) {
      std::string item;
      if (!AtStringStart()) return Error("expected a quoted string");
      while (AtStringStart()) {
        RETURN_IF_ERROR(ParseString(&item));
        SkipSpace();
      }
      items.push_back(std::move(item));
      if (Consume(',')) {
        SkipSpace();
        if (Consume(']')) break;  // trailing comma
        continue;
      }
      if (Consume(']')) break;
      return Error("expected ',' or ']' after a list item");
    }
    return Finish(std::move(items));
  }

 private:
  Result<std::vector<std::string>> Finish(std::vector<std::string> items) {
    SkipSpace();
    if (pos_ != s_.size()) return Error("unexpected text after the closing ']'");
    return items;
  }

  Status Error(std::string_view what) const { return DataError(fmt::format("{} at byte {}", what, pos_ + 1)); }

  void SkipSpace() {
    while (pos_ < s_.size() && std::strchr(" \t\r\n\f\v", s_[pos_]) != nullptr && s_[pos_] != '\0') ++pos_;
  }
  bool Consume(char c) {
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool AtStringStart() const {
    size_t p = pos_;
    while (p < s_.size() && p < pos_ + 2 && std::strchr("rRuU", s_[p]) != nullptr && s_[p] != '\0') ++p;
    return p < s_.size() && (s_[p] == '\'' || s_[p] == '"');
  }

  // Reads `digits` hex digits after the escape letter into *cp.
  bool ReadHex(int digits, uint32_t* cp) {
    if (pos_ + digits > s_.size()) return false;
    uint32_t v = 0;
    for (int k = 0; k < digits; ++k) {
      int h = HexValue(s_[pos_ + k]);
      if (h < 0) return false;
      v = v * 16 + static_cast<uint32_t>(h);
    }
    pos_ += digits;
    *cp = v;
    return true;
  }

  // Appends a code point from an escape, combining a high surrogate with a
  // following low one.
  void AppendCodePoint(uint32_t cp, std::string* out) {
    if (pending_high_ != 0) {
      uint32_t high = pending_high_;
      pending_high_ = 0;
      if (cp >= 0xDC00 && cp <= 0xDFFF) {
        AppendUtf8(0x10000 + ((high - 0xD800) << 10) + (cp - 0xDC00), out);
        return;
      }
      AppendUtf8(0xFFFD, out);
    }
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      pending_high_ = cp;
      return;
    }
    AppendUtf8(cp, out);
  }
  void FlushSurrogate(std::string* out) {
    if (pending_high_ != 0) AppendUtf8(0xFFFD, out);
    pending_high_ = 0;
  }

  Status ParseString(std::string* out) {
    bool raw = false;
    while (s_[pos_] != '\'' && s_[pos_] != '"') {
      if (s_[pos_] == 'r' || s_[pos_] == 'R') raw = true;
      ++pos_;
    }
    const char quote = s_[pos_];
    const size_t open = pos_;
    const bool triple = pos_ + 2 < s_.size() && s_[pos_ + 1] == quote && s_[pos_ + 2] == quote;
    pos_ += triple ? 3 : 1;
    while (true) {
      if (pos_ >= s_.size()) {
        pos_ = open;
        return Error("unterminated string");
      }
      char c = s_[pos_];
      if (c == quote) {
        if (!triple) {
          ++pos_;
          break;
        }
        if (pos_ + 2 < s_.size() && s_[pos_ + 1] == quote && s_[pos_ + 2] == quote) {
          pos_ += 3;
          break;
        }
      }
      if (!triple && (c == '\n' || c == '\r')) return Error("line break inside a single-quoted string");
      if (c != '\\') {
        FlushSurrogate(out);
        out->push_back(c);
        ++pos_;
        continue;
      }
      if (pos_ + 1 >= s_.size()) {
        pos_ = open;
        return Error("unterminated string");
      }
      char e = s_[pos_ + 1];
      if (raw) {  // a raw string keeps the backslash; it only protects the next character
        FlushSurrogate(out);
        out->push_back('\\');
        out->push_back(e);
        pos_ += 2;
        continue;
      }
      pos_ += 2;
      uint32_t cp = 0;
      // clang-format off
      switch (e) {
        case '\n': FlushSurrogate(out); break;
        case '\r': FlushSurrogate(out); Consume('\n'); break;
        case '\\': FlushSurrogate(out); out->push_back('\\'); break;
        case '\'': FlushSurrogate(out); out->push_back('\''); break;
        case '"': FlushSurrogate(out); out->push_back('"'); break;
        case 'a': FlushSurrogate(out); out->push_back('\a'); break;
        case 'b': FlushSurrogate(out); out->push_back('\b'); break;
        case 'f': FlushSurrogate(out); out->push_back('\f'); break;
        case 'n': FlushSurrogate(out); out->push_back('\n'); break;
        case 'r': FlushSurrogate(out); out->push_back('\r'); break;
        case 't': FlushSurrogate(out); out->push_back('\t'); break;
        case 'v': FlushSurrogate(out); out->push_back('\v'); break;
        // clang-format on
        case 'x':
          if (!ReadHex(2, &cp)) return Error("\\x needs two hex digits");
          AppendCodePoint(cp, out);
          break;
        case 'u':
          if (!ReadHex(4, &cp)) return Error("\\u needs four hex digits");
          AppendCodePoint(cp, out);
          break;
        case 'U':
          if (!ReadHex(8, &cp) || cp > 0x10FFFF) return Error("\\U needs eight hex digits up to 0010FFFF");
          AppendCodePoint(cp, out);
          break;
        case 'N': return Error("named escape \\N{...} is not supported");
        default:
          if (e >= '0' && e <= '7') {
            cp = static_cast<uint32_t>(e - '0');
            for (int k = 0; k < 2 && pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '7'; ++k) {
              cp = cp * 8 + static_cast<uint32_t>(s_[pos_++] - '0');
            }
            AppendCodePoint(cp, out);
          } else {  // unknown escape: Python keeps the backslash
            FlushSurrogate(out);
            out->push_back('\\');
            out->push_back(e);
          }
      }
    }
    FlushSurrogate(out);
    return Status::Ok();
  }

  std::string_view s_;
  size_t pos_ = 0;
  uint32_t pending_high_ = 0;
};

// ---------------------------------------------------------------------------
// Files.

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return IoError(fmt::format("{}: read error", path));
  return std::move(buf).str();
}

Result<std::string> ReadGzipFile(const std::string& path) {
  gzFile gz = gzopen(path.c_str(), "rb");
  if (gz == nullptr) return IoError(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
  std::string out;
  char chunk[1 << 16];
  while (true) {
    int n = gzread(gz, chunk, sizeof chunk);
    if (n > 0) out.append(chunk, static_cast<size_t>(n));
    if (n < static_cast<int>(sizeof chunk)) break;
  }
  int err = Z_OK;
  const char* msg = gzerror(gz, &err);
  std::string_view what = msg != nullptr ? msg : "";
  if (what.starts_with(path + ": ")) what.remove_prefix(path.size() + 2);  // zlib prefixes the path
  gzclose(gz);
  if (err != Z_OK && err != Z_STREAM_END) {
    return IoError(fmt::format("{}: gzip: {}", path, err == Z_ERRNO ? std::strerror(errno) : what));
  }
  return out;
}

// 1-based line of byte offset `byte` in `text`.
int LineOfByte(std::string_view text, size_t byte) {
  int line = 1;
  for (size_t i = 0; i < byte && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

// ---------------------------------------------------------------------------
// The output side: counts, de-duplication and JSON Lines on stdout.

struct Product {
  int row = 0;       // 1-based data row (CSV) or record index (JSONL, JSON) in its file
  std::string id{};  // the {} let designated initializers leave fields out without -Wextra noise
  std::string name{};
  std::string brand{};
  std::string type{};
  std::string ingredients{};
};

struct SourceStats {
  std::string source;
  int64_t products = 0;
  int64_t non_empty = 0;
  int64_t distinct = 0;      // distinct non-empty texts within this source
  int64_t new_distinct = 0;  // of those, not seen in an earlier source
};

struct ExportOptions {
  bool distinct = false;    // emit each non-blank text once (first occurrence); skip blank ones
  bool skip_empty = false;  // skip products whose text is blank
};

class Exporter {
 public:
  explicit Exporter(ExportOptions options) : options_(options) {}

  void BeginSource(std::string source) {
    stats_.push_back({.source = std::move(source)});
    seen_in_source_.clear();
  }

  // Counts `p` and writes it unless the options filter it out. Returns an IoError
  // when stdout fails (broken_pipe() tells a closed reader from a real failure).
  Status Add(const Product& p) {
    SourceStats& st = stats_.back();
    ++st.products;
    bool blank = IsBlank(p.ingredients);
    bool first_anywhere = false;
    if (!blank) {
      ++st.non_empty;
      auto [it, inserted] = seen_.insert(p.ingredients);
      first_anywhere = inserted;
      st.new_distinct += inserted;
      st.distinct += seen_in_source_.insert(std::string_view(*it)).second;
    }
    if (options_.distinct && !first_anywhere) return Status::Ok();
    if (options_.skip_empty && blank) return Status::Ok();
    aftercare::report::JsonWriter w(&buffer_);
    w.BeginObject()
        .Key("source")
        .String(st.source)
        .Key("row")
        .Int(p.row)
        .Key("id")
        .String(p.id)
        .Key("name")
        .String(p.name)
        .Key("brand")
        .String(p.brand)
        .Key("type")
        .String(p.type)
        .Key("ingredients")
        .String(p.ingredients)
        .EndObject();
    buffer_.push_back('\n');
    ++written_;
    return buffer_.size() >= (1 << 20) ? Flush() : Status::Ok();
  }

  Status Flush() {
    if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), stdout) != buffer_.size()) {
      return StdoutError();
    }
    buffer_.clear();
    if (std::fflush(stdout) != 0) return StdoutError();
    return Status::Ok();
  }

  bool broken_pipe() const { return broken_pipe_; }
  const std::vector<SourceStats>& stats() const { return stats_; }
  size_t total_distinct() const { return seen_.size(); }
  int64_t written() const { return written_; }

 private:
  Status StdoutError() {
    broken_pipe_ = errno == EPIPE;
    return IoError(fmt::format("stdout: write failed: {}", std::strerror(errno)));
  }

  ExportOptions options_;
  std::vector<SourceStats> stats_;
  std::unordered_set<std::string> seen_;                 // every non-blank text so far
  std::unordered_set<std::string_view> seen_in_source_;  // views into seen_ (nodes are stable)
  std::string buffer_;
  int64_t written_ = 0;
  bool broken_pipe_ = false;
};

// ---------------------------------------------------------------------------
// CSV sets.

// A CSV file read through aftercare::text::CsvParser. Blank lines are skipped.
class CsvFile {
 public:
  static Result<CsvFile> Open(const std::string& path, bool has_header) {
    ASSIGN_OR_RETURN(std::string data, ReadFile(path));
    CsvFile f(path, std::move(data));
    if (has_header) {
      ASSIGN_OR_RETURN(bool got, f.Next());
      if (!got) return DataError(fmt::format("{}:1: empty file, expected a header", path));
      f.header_ = f.record_.fields;
      f.row_ = 0;  // rows count data records only
    }
    return f;
  }
  // Index of header column `name`, or a DataError.
  Result<size_t> Column(std::string_view name) const {
    for (size_t i = 0; i < header_.size(); ++i) {
      if (header_[i] == name) return i;
    }
    return DataError(fmt::format("{}:1: missing column '{}' (header: {})", path_, name, Join(header_, ",")));
  }

  // Moves to the next non-blank record: true on a record, false at the end.
  Result<bool> Next() {
    while (true) {
      ASSIGN_OR_RETURN(bool got, parser_.Next(&record_));
      if (!got) return false;
      if (record_.fields.size() == 1 && record_.fields[0].empty()) continue;
      ++row_;
      return true;
    }
  }

  // A DataError for the current record unless it has exactly header().size() fields.
  Status CheckWidth() const {
    if (record_.fields.size() == header_.size()) return Status::Ok();
    return Error(fmt::format("expected {} fields as in the header, found {}", header_.size(), record_.fields.size()));
  }
  Status Error(std::string_view what) const { return DataError(fmt::format("{}:{}: {}", path_, record_.line, what)); }

  const std::vector<std::string>& fields() const { return record_.fields; }
  int row() const { return row_; }  // 1-based index of the current data record

 private:
  CsvFile(std::string path, std::string data)
      : path_(std::move(path)), data_(std::make_unique<const std::string>(std::move(data))), parser_(*data_, path_) {}

  std::string path_;
  std::unique_ptr<const std::string> data_;  // on the heap: parser_ views it across moves
  aftercare::text::CsvParser parser_;
  std::vector<std::string> header_;
  aftercare::text::CsvRecord record_;
  int row_ = 0;
};

// Decodes a Python list literal field of the current record, or an error at its line.
Result<std::vector<std::string>> DecodeListField(const CsvFile& f, const std::string& field, std::string_view column) {
  auto items = PythonStringListParser(field).Parse();
  if (!items.ok()) return f.Error(fmt::format("column '{}': {}", column, items.status().message()));
  return items;
}

using Sink = std::function<Status(const Product&)>;

// sephora_product_info_8494: Kaggle product_info.csv; ingredients is a Python list of paragraphs.
Status ReadSephoraProductInfo(const std::string& path, const Sink& sink) {
  ASSIGN_OR_RETURN(CsvFile f, CsvFile::Open(path, /*has_header=*/true));
  ASSIGN_OR_RETURN(size_t id, f.Column("product_id"));
  ASSIGN_OR_RETURN(size_t name, f.Column("product_name"));
  ASSIGN_OR_RETURN(size_t brand, f.Column("brand_name"));
  ASSIGN_OR_RETURN(size_t ingredients, f.Column("ingredients"));
  ASSIGN_OR_RETURN(size_t primary, f.Column("primary_category"));
  ASSIGN_OR_RETURN(size_t secondary, f.Column("secondary_category"));
  ASSIGN_OR_RETURN(size_t tertiary, f.Column("tertiary_category"));
  while (true) {
    ASSIGN_OR_RETURN(bool got, f.Next());
    if (!got) return Status::Ok();
    RETURN_IF_ERROR(f.CheckWidth());
    const auto& r = f.fields();
    Product p{.row = f.row(), .id = r[id], .name = r[name], .brand = r[brand]};
    std::vector<std::string> categories;
    for (size_t c : {primary, secondary, tertiary}) {
      if (!IsBlank(r[c])) categories.push_back(r[c]);
    }
    p.type = Join(categories, " / ");
    if (!IsBlank(r[ingredients])) {
      ASSIGN_OR_RETURN(std::vector<std::string> paragraphs, DecodeListField(f, r[ingredients], "ingredients"));
      p.ingredients = Join(paragraphs, "\n");
    }
    RETURN_IF_ERROR(sink(p));
  }
}

// sephora_skincare_619: name,brand,price,size1,ingredients,url; plain text.
Status ReadSephoraSkincare(const std::string& path, const Sink& sink) {
  ASSIGN_OR_RETURN(CsvFile f, CsvFile::Open(path, true));
  ASSIGN_OR_RETURN(size_t name, f.Column("name"));
  ASSIGN_OR_RETURN(size_t brand, f.Column("brand"));
  ASSIGN_OR_RETURN(size_t ingredients, f.Column("ingredients"));
  while (true) {
    ASSIGN_OR_RETURN(bool got, f.Next());
    if (!got) return Status::Ok();
    RETURN_IF_ERROR(f.CheckWidth());
    const auto& r = f.fields();
    RETURN_IF_ERROR(sink({.row = f.row(), .name = r[name], .brand = r[brand], .ingredients = r[ingredients]}));
  }
}

// sephora_cosmetics_1472: Label,Brand,Name,Price,Rank,Ingredients,... (BOM, CRLF); plain text.
Status ReadSephoraCosmetics(const std::string& path, const Sink& sink) {
  ASSIGN_OR_RETURN(CsvFile f, CsvFile::Open(path, true));
  ASSIGN_OR_RETURN(size_t label, f.Column("Label"));
  ASSIGN_OR_RETURN(size_t brand, f.Column("Brand"));
  ASSIGN_OR_RETURN(size_t name, f.Column("Name"));
  ASSIGN_OR_RETURN(size_t ingredients, f.Column("Ingredients"));
  while (true) {
    ASSIGN_OR_RETURN(bool got, f.Next());
    if (!got) return Status::Ok();
    RETURN_IF_ERROR(f.CheckWidth());
    const auto& r = f.fields();
    RETURN_IF_ERROR(
        sink({.row = f.row(), .name = r[name], .brand = r[brand], .type = r[label], .ingredients = r[ingredients]}));
  }
}

// ulta_skincare_1293: no header; category, brand, name, price, rating text, ingredients.
// 21 rows have unquoted commas in the name ("Facial Spray With Aloe, Herbs and
// Rosewater"): the name is every field between brand and the last three, re-joined.
Status ReadUlta(const std::string& path, const Sink& sink) {
  ASSIGN_OR_RETURN(CsvFile f, CsvFile::Open(path, /*has_header=*/false));
  while (true) {
    ASSIGN_OR_RETURN(bool got, f.Next());
    if (!got) return Status::Ok();
    const auto& r = f.fields();
    if (r.size() < 6) return f.Error(fmt::format("expected at least 6 fields, found {}", r.size()));
    std::vector<std::string> name_parts(r.begin() + 2, r.end() - 3);
    RETURN_IF_ERROR(
        sink({.row = f.row(), .name = Join(name_parts, ","), .brand = r[1], .type = r[0], .ingredients = r.back()}));
  }
}

// lookfantastic_skincare_1138: clean_ingreds is a Python list of ingredient names.
Status ReadLookFantastic(const std::string& path, const Sink& sink) {
  ASSIGN_OR_RETURN(CsvFile f, CsvFile::Open(path, true));
  ASSIGN_OR_RETURN(size_t name, f.Column("product_name"));
  ASSIGN_OR_RETURN(size_t type, f.Column("product_type"));
  ASSIGN_OR_RETURN(size_t ingredients, f.Column("clean_ingreds"));
  while (true) {
    ASSIGN_OR_RETURN(bool got, f.Next());
    if (!got) return Status::Ok();
    RETURN_IF_ERROR(f.CheckWidth());
    const auto& r = f.fields();
    Product p{.row = f.row(), .name = r[name], .type = r[type]};
    if (!IsBlank(r[ingredients])) {
      ASSIGN_OR_RETURN(std::vector<std::string> names, DecodeListField(f, r[ingredients], "clean_ingreds"));
      p.ingredients = Join(names, ", ");
    }
    RETURN_IF_ERROR(sink(p));
  }
}

// ---------------------------------------------------------------------------
// JSON sets.

// The string at j[key]; numbers as written; anything else (absent, null, ...) empty.
std::string JsonText(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  return {};
}

// openbeautyfacts_sample_1000: gzip JSON Lines of full Open Beauty Facts records.
Status ReadOpenBeautyFacts(const std::string& path, const Sink& sink) {
  ASSIGN_OR_RETURN(std::string data, ReadGzipFile(path));
  std::string_view rest = data;
  int line = 0;
  int row = 0;
  while (!rest.empty()) {
    size_t nl = rest.find('\n');
    std::string_view text = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    ++line;
    if (IsBlank(text)) continue;
    nlohmann::json j = nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {  // nlohmann rejects invalid UTF-8; the label text is still data
      j = nlohmann::json::parse(ReplaceInvalidUtf8(text), nullptr, false);
    }
    if (j.is_discarded()) return DataError(fmt::format("{}:{}: not valid JSON", path, line));
    if (!j.is_object()) return DataError(fmt::format("{}:{}: expected a JSON object", path, line));
    Product p{
        .row = ++row, .id = JsonText(j, "code"), .name = JsonText(j, "product_name"), .brand = JsonText(j, "brands")};
    p.ingredients = JsonText(j, "ingredients_text");
    if (IsBlank(p.ingredients)) p.ingredients = JsonText(j, "ingredients_text_en");
    if (auto c = j.find("categories"); c != j.end()) {
      if (c->is_string()) {
        std::string_view all = c->get_ref<const std::string&>();
        p.type = std::string(Trim(all.substr(0, all.find(','))));
      } else if (c->is_array() && !c->empty() && c->front().is_string()) {
        p.type = std::string(Trim(c->front().get_ref<const std::string&>()));
      }
    }
    RETURN_IF_ERROR(sink(p));
  }
  return Status::Ok();
}

// findation_foundations_848: {brand: {product: [ingredient, ...] | "Ingredients not found"}}.
// Rows count products in file order (ordered_json keeps it).
Status ReadFindation(const std::string& path, const Sink& sink) {
  ASSIGN_OR_RETURN(std::string data, ReadFile(path));
  nlohmann::ordered_json doc;
  try {
    doc = nlohmann::ordered_json::parse(data);
  } catch (const nlohmann::json::parse_error&) {
    try {
      doc = nlohmann::ordered_json::parse(ReplaceInvalidUtf8(data));
    } catch (const nlohmann::json::parse_error& e) {
      std::string what = e.what();
      return DataError(fmt::format("{}:{}: not valid JSON: {}", path, LineOfByte(data, e.byte), what));
    }
  }
  if (!doc.is_object()) return DataError(fmt::format("{}:1: expected an object of brands", path));
  int row = 0;
  for (const auto& [brand, products] : doc.items()) {
    if (!products.is_object()) {
      return DataError(fmt::format("{}: brand '{}': expected an object of products", path, brand));
    }
    for (const auto& [name, list] : products.items()) {
      Product p{.row = ++row, .name = name, .brand = brand, .type = "foundation"};
      if (list.is_array()) {
        std::vector<std::string> names;
        for (const auto& item : list) {
          if (!item.is_string()) {
            return DataError(fmt::format("{}: brand '{}', product '{}': ingredient is not a string: {}", path, brand,
                                         name, item.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
          }
          names.push_back(item.get<std::string>());
        }
        p.ingredients = Join(names, ", ");
      } else if (list.is_string()) {
        if (list.get_ref<const std::string&>() != "Ingredients not found") p.ingredients = list.get<std::string>();
      } else if (!list.is_null()) {
        return DataError(
            fmt::format("{}: brand '{}', product '{}': expected a list of ingredients", path, brand, name));
      }
      RETURN_IF_ERROR(sink(p));
    }
  }
  return Status::Ok();
}

// ---------------------------------------------------------------------------
// The sources, in output order.

struct Source {
  const char* folder;  // also the "source" value
  const char* file;
  Status (*read)(const std::string& path, const Sink& sink);
};

constexpr Source kSources[] = {
    {"sephora_product_info_8494", "product_info.csv", ReadSephoraProductInfo},
    {"sephora_skincare_619", "product_info.csv", ReadSephoraSkincare},
    {"sephora_cosmetics_1472", "cosmetics.csv", ReadSephoraCosmetics},
    {"ulta_skincare_1293", "ulta.csv", ReadUlta},
    {"lookfantastic_skincare_1138", "skincare_products_clean.csv", ReadLookFantastic},
    {"openbeautyfacts_sample_1000", "openbeautyfacts-products-min.jsonl.gz", ReadOpenBeautyFacts},
    {"findation_foundations_848", "ingredients.json", ReadFindation},
};

// ---------------------------------------------------------------------------
// The command line: one flag table.

struct Flag {
  const char* name;
  const char* value;  // nullptr for a switch
  const char* help;
};

constexpr Flag kFlags[] = {
    {"--data", "DIR", "folder holding the product data sets (default: ../shared/data/products)"},
    {"--distinct", nullptr, "emit each distinct non-blank label text once, at its first occurrence"},
    {"--skip-empty", nullptr, "skip products without label text"},
    {"--help", nullptr, "show this help (also -h)"},
};

void PrintHelp() {
  fmt::print(
      "usage: corpus_export [--data DIR] [--distinct] [--skip-empty]\n"
      "Writes every product's ingredient label under DIR as JSON Lines on stdout:\n"
      "  {{\"source\",\"row\",\"id\",\"name\",\"brand\",\"type\",\"ingredients\"}}\n"
      "and per-source counts on stderr. Exit 0 done, 2 error.\n\noptions:\n");
  for (const Flag& f : kFlags) {
    std::string left = f.value ? fmt::format("{} {}", f.name, f.value) : f.name;
    fmt::print("  {:<14} {}\n", left, f.help);
  }
}

int Fail(std::string_view message) {
  fmt::print(stderr, "corpus_export: error: {}\n", message);
  return 2;
}

struct Args {
  std::string data_dir = "../shared/data/products";
  ExportOptions options;
  bool help = false;
};

// Parsed arguments, or an InvalidArgument message.
Result<Args> ParseArgs(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    std::string_view value;
    bool has_value = false;
    if (size_t eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      has_value = true;
    }
    if (arg == "-h" || arg == "--help") {
      args.help = true;
    } else if (arg == "--data") {
      if (!has_value) {
        if (i + 1 >= argc) return aftercare::InvalidArgument("--data needs a folder");
        value = argv[++i];
      }
      args.data_dir = std::string(value);
    } else if ((arg == "--distinct" || arg == "--skip-empty") && !has_value) {
      (arg == "--distinct" ? args.options.distinct : args.options.skip_empty) = true;
    } else if (arg == "--distinct" || arg == "--skip-empty") {
      return aftercare::InvalidArgument(fmt::format("{} takes no value", arg));
    } else {
      std::string hint;
      for (const Flag& f : kFlags) {
        if (aftercare::BoundedEditDistance(arg, f.name, 2) <= 2) hint = fmt::format("; did you mean {}?", f.name);
      }
      return aftercare::InvalidArgument(fmt::format("unknown argument '{}'{} (see --help)", arg, hint));
    }
  }
  return args;
}

int Run(int argc, char** argv) {
  auto args = ParseArgs(argc, argv);
  if (!args.ok()) return Fail(args.status().message());
  if (args->help) {
    PrintHelp();
    return 0;
  }
  Exporter exporter(args->options);
  Sink sink = [&exporter](const Product& p) { return exporter.Add(p); };
  for (const Source& source : kSources) {
    exporter.BeginSource(source.folder);
    std::string path = fmt::format("{}/{}/{}", args->data_dir, source.folder, source.file);
    Status st = source.read(path, sink);
    if (st.ok()) st = exporter.Flush();
    if (exporter.broken_pipe()) return 0;
    if (!st.ok()) return Fail(st.message());
  }
  fmt::print(stderr, "corpus_export: {:<28} {:>9} {:>9} {:>9} {:>9}\n", "source", "products", "non-empty", "distinct",
             "new");
  int64_t products = 0;
  int64_t non_empty = 0;
  for (const SourceStats& st : exporter.stats()) {
    fmt::print(stderr, "corpus_export: {:<28} {:>9} {:>9} {:>9} {:>9}\n", st.source, st.products, st.non_empty,
               st.distinct, st.new_distinct);
    products += st.products;
    non_empty += st.non_empty;
  }
  fmt::print(stderr, "corpus_export: {:<28} {:>9} {:>9} {:>9} {:>9}\n", "total", products, non_empty,
             exporter.total_distinct(), exporter.total_distinct());
  fmt::print(stderr,
             "corpus_export: wrote {} lines (distinct = distinct within the source; new = not in an "
             "earlier source)\n",
             exporter.written());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);  // a closed reader shows up as EPIPE and exits quietly
  try {
    return Run(argc, argv);
  } catch (const std::exception& e) {  // e.g. std::bad_alloc: report, never crash
    return Fail(fmt::format("internal: {}", e.what()));
  }
}
