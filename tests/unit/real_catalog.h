// The real catalogs under ../shared/data/products (text written by people:
// names, descriptions, claims, ingredient lists), read as CSV records for the
// tests that run over every one.
#ifndef AFTERCARE_TESTS_UNIT_REAL_CATALOG_H_
#define AFTERCARE_TESTS_UNIT_REAL_CATALOG_H_

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "aftercare/text/csv.h"

namespace aftercare::testing {

// The CSV catalogs under ../shared/data/products, every one.
inline constexpr const char* kRealCatalogs[] = {"lookfantastic_skincare_1138/skincare_products_clean.csv",
                                                "sephora_cosmetics_1472/cosmetics.csv",
                                                "sephora_product_info_8494/product_info.csv",
                                                "sephora_skincare_619/product_info.csv", "ulta_skincare_1293/ulta.csv"};

// The records of ../shared/data/products/`file`, its header first; a test
// fails when the file is missing or does not read as CSV.
inline std::vector<std::vector<std::string>> RealCatalogRecords(const std::string& file) {
  const std::string path = std::string(AFTERCARE_SOURCE_DIR "/../shared/data/products/") + file;
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  EXPECT_FALSE(text.empty()) << path;
  text::CsvParser csv(text, path);
  text::CsvRecord record;
  std::vector<std::vector<std::string>> records;
  for (;;) {
    Result<bool> more = csv.Next(&record);
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    records.push_back(record.fields);
  }
  return records;
}

}  // namespace aftercare::testing

#endif  // AFTERCARE_TESTS_UNIT_REAL_CATALOG_H_
