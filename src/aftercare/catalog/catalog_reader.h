// Reads a product catalog (catalog stage): CSV, TSV or JSON Lines, one row per
// product, in input order. The reader (one thread) only cuts the input into
// rows; RowDecoder (immutable, shared by the scan's worker threads, each with a
// DecodeScratch of its own) finds the product's id, name, type and ingredient
// label in a row. Columns / fields are found by their common names or given by
// the caller. What is wrong with a row is data: an error text in the decoded
// row, never a stop.
#ifndef AFTERCARE_CATALOG_CATALOG_READER_H_
#define AFTERCARE_CATALOG_CATALOG_READER_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aftercare/base/status.h"
#include "aftercare/base/utf8.h"
#include "aftercare/catalog/byte_source.h"
#include "aftercare/catalog/csv_reader.h"
#include "aftercare/catalog/line_reader.h"

namespace aftercare::catalog {

enum class InputFormat { kCsv, kTsv, kJsonl };
std::string_view InputFormatName(InputFormat f);  // "csv", "tsv", "jsonl"
std::optional<InputFormat> ParseInputFormat(std::string_view name);
// From the file name's extension, a trailing ".gz" ignored: .csv; .tsv, .tab;
// .jsonl, .ndjson. nullopt for anything else.
std::optional<InputFormat> InputFormatFromPath(std::string_view path);

// What a column (CSV/TSV) or field (JSON Lines) of a catalog holds. The stock
// roles (kQuantity, kSku) are looked for only with ColumnChoice::stock.
enum class ColumnRole { kIngredients, kId, kName, kType, kBrand, kQuantity, kSku };
inline constexpr size_t kColumnRoles = 7;

// The role's own name: "ingredients", "id", "name", "type", "brand",
// "quantity", "sku". Messages say "the ingredients column" (or field).
std::string_view ColumnRoleName(ColumnRole role);
// What the role's column holds, for help texts: "the ingredient list", "the
// product id", ...
std::string_view ColumnRoleContents(ColumnRole role);
// The column / field names a role is found by when the caller chooses none,
// best first, compared in any case. A column of ingredients is also found by a
// name that contains "ingred" or "inci". The views are of static strings.
const std::vector<std::string_view>& CommonColumnNames(ColumnRole role);
// The same as a help text says it: "name, product_name, title"; for the
// ingredients, "ingredients, ..., ingredient, or a name containing 'ingred' or 'inci'".
std::string DescribeCommonColumnNames(ColumnRole role);

// Which column (CSV/TSV header name, or JSON key) holds each field; empty =
// found by the common names. For CSV/TSV, a number N means the N-th column
// (1-based) and that the file has no header row.
struct ColumnChoice {
  std::string ingredients{};  // ingredients, ingredients_text, inci (any case); else a name containing "ingred"
  std::string id{};           // id, sku, code, product_id
  std::string name{};         // name, product_name
  std::string type{};         // type, category, product_type
  std::string brand{};        // brand, brand_name, brands, manufacturer
  // The stock fields (aftercare stock), looked for only when `stock` is set:
  std::string quantity{};  // quantity, qty, on_hand, stock, units
  std::string sku{};       // sku (the id column may be the same one)
  // Default false (scan). True: also find quantity and sku, and a
  // product needs a name (a CSV/TSV header without a name column is an error of
  // every row, like one without an ingredient column; so is a row without a name).
  bool stock = false;
  // CSV/TSV: the field separator. Default 0: for CSV the one of , ; tab | the
  // header line holds most (CsvReader's sniff; ',' when none), for TSV a tab.
  char delimiter = 0;
  // How messages name the setting that chooses each role's column, indexed by
  // ColumnRole: the caller's own word for it (the CLI's flag,
  // "--ingredients-column"). Default "": the library's words ("the
  // ingredients column"). Views of strings that outlive the reader.
  std::array<std::string_view, kColumnRoles> setting_names{};
};

// One row as cut from the input, before decoding.
struct RawRow {
  int64_t row = 0;                  // 1-based product row in its file (header excluded)
  int64_t line = 0;                 // 1-based line on which it starts
  std::vector<std::string> fields;  // CSV / TSV
  std::string text;                 // JSON Lines
  std::string error;                // what the reader found wrong (no file:line prefix)
};

struct CatalogProduct {
  std::string id, name, type, ingredients;
  std::string brand;
  std::string quantity, sku;  // only with ColumnChoice::stock
  bool operator==(const CatalogProduct&) const = default;
};

// A decoded row: the product, or `error` ("file:line: what is wrong"); `id`
// (and, for a stock, `name`) is filled in when it could be read even from a
// bad CSV/TSV row.
struct DecodedRow {
  CatalogProduct product;
  std::string error;
};

// The working memory of RowDecoder::Decode(), kept from row to row so that it
// is neither allocated nor worked out again: a JSON parser's buffers and the
// roles of the field names seen. Owned by the caller, one per thread (a scan's
// worker keeps its own, as it keeps its MatchCache); any decoder may use it,
// one row at a time, and one that finds it made for another decoder starts it
// afresh. Holds nothing a decoded row depends on. Move-only; not synchronised.
class DecodeScratch {
 public:
  DecodeScratch();
  ~DecodeScratch();
  DecodeScratch(DecodeScratch&&) noexcept;
  DecodeScratch& operator=(DecodeScratch&&) noexcept;

  struct Impl;  // the decoders' own (catalog_reader.cc)
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

class RowDecoder {
 public:
  virtual ~RowDecoder() = default;
  // Thread-safe with a scratch of the calling thread's own: the decoder itself
  // is immutable. REQUIRES: `scratch` is not in use by another thread.
  virtual DecodedRow Decode(const RawRow& row, DecodeScratch* scratch) const = 0;
};

class CatalogReader {
 public:
  // REQUIRES: `source` outlives the reader. `file_name` prefixes error texts.
  CatalogReader(ByteSource* source, std::string file_name, InputFormat format, ColumnChoice columns);
  ~CatalogReader();
  CatalogReader(const CatalogReader&) = delete;
  CatalogReader& operator=(const CatalogReader&) = delete;

  // The next product row: true, or false at the end. The first call reads the
  // CSV/TSV header. Returns the source's error (kIoError, kDataError for corrupt
  // gzip data) as a Status: the catalog cannot be read on.
  Result<bool> Next(RawRow* row);

  // How to decode this reader's rows; set once Next() has been called.
  // Shared: it outlives the reader if a scan still holds rows.
  std::shared_ptr<const RowDecoder> decoder() const { return decoder_; }

  const std::string& file_name() const { return file_name_; }

  // Once Next() has been called: what is wrong with a CSV/TSV header (or the
  // column choice), which every row of the file then reports, as
  // "FILE:LINE: what" ("FILE: what" for a file without a header row); "" when
  // nothing is. Also, once Next() has returned false without a row, for any
  // format: "FILE: empty catalog" for a file with nothing but blank lines (or a
  // BOM); and for a CSV/TSV file with a header row, "FILE:1: no header (...)"
  // when its first line is blank or names no column.
  const std::string& header_error() const { return header_error_; }

 private:
  Status ReadHeader();
  std::string file_name_;
  InputFormat format_;
  ColumnChoice columns_;
  std::unique_ptr<CsvReader> csv_;
  std::unique_ptr<LineReader> lines_;
  std::shared_ptr<const RowDecoder> decoder_;
  std::string header_error_;
  std::optional<CsvRow> pending_;  // a first record that was no header, returned as a row
  bool header_read_ = false;
  int64_t row_ = 0;
};

// The check lives in base/ (shared with text/encoding); named here for the readers' callers.
using ::aftercare::InvalidUtf8Offset;

}  // namespace aftercare::catalog

#endif  // AFTERCARE_CATALOG_CATALOG_READER_H_
