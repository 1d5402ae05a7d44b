// libFuzzer target for the catalog CSV / TSV reader and its row decoder: any
// bytes in, never a crash, a hang or a row lost (every record the reader cuts
// decodes to a product or an error text), whatever the read sizes. Size-capped.
// Run with tools/fuzz.sh csv_reader_fuzzer SECONDS.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "aftercare/catalog/catalog_reader.h"

namespace {
void Check(bool ok) {
  if (!ok) __builtin_trap();
}

// The largest input read: 64 KB, or AFTERCARE_FUZZ_MAX_BYTES (tools/fuzz.sh's
// third argument) for a dedicated run with rows up to 1 MiB.
size_t MaxBytes() {
  static const size_t max = [] {
    const char* v = std::getenv("AFTERCARE_FUZZ_MAX_BYTES");
    return v != nullptr ? static_cast<size_t>(std::strtoull(v, nullptr, 10)) : size_t{65536};
  }();
  return max;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1 || size > MaxBytes()) return 0;
  // The first byte picks the separator and the read size, to exercise refills.
  uint8_t knob = data[0];
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  using namespace aftercare::catalog;
  StringSource source(bytes, 1 + (knob >> 2) * 7);
  CatalogReader reader(&source, "f.csv", (knob & 1) ? InputFormat::kTsv : InputFormat::kCsv,
                       (knob & 2) ? ColumnChoice{.ingredients = "2"} : ColumnChoice{});
  RawRow row;
  DecodeScratch scratch;
  int64_t last_row = 0, last_line = 0;
  while (true) {
    auto more = reader.Next(&row);
    Check(more.ok());
    if (!*more) break;
    Check(row.row == last_row + 1);
    Check(row.line > last_line);
    last_row = row.row;
    last_line = row.line;
    DecodedRow d = reader.decoder()->Decode(row, &scratch);
    Check(d.error.empty() || d.error.rfind("f.csv:", 0) == 0);
    if (d.error.empty()) {
      Check(InvalidUtf8Offset(d.product.ingredients) == std::string_view::npos);
      Check(d.product.ingredients.find('\0') == std::string::npos);
    }
  }
  return 0;
}
