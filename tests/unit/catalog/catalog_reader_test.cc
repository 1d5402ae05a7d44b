#include "aftercare/catalog/catalog_reader.h"

#include <zlib.h>

#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "aftercare/text/encoding.h"

namespace aftercare::catalog {
namespace {

using ::testing::HasSubstr;

std::string Fixture(const std::string& name) {
  std::ifstream f(std::string(AFTERCARE_SOURCE_DIR) + "/tests/unit/catalog/testdata/" + name, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Every row decoded: the product, or the error text.
std::vector<DecodedRow> DecodeAll(std::string_view data, InputFormat format, ColumnChoice columns = {},
                                  std::string name = "c") {
  StringSource src(data);
  std::unique_ptr<ByteSource> in = MaybeGunzip(std::make_unique<StringSource>(data), name);
  CatalogReader reader(in.get(), name, format, columns);
  std::vector<DecodedRow> out;
  RawRow row;
  DecodeScratch scratch;
  while (true) {
    auto more = reader.Next(&row);
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    EXPECT_EQ(row.row, static_cast<int64_t>(out.size() + 1));
    out.push_back(reader.decoder()->Decode(row, &scratch));
  }
  return out;
}

TEST(InputFormat, ComesFromTheExtension) {
  EXPECT_EQ(InputFormatFromPath("a/b.CSV"), InputFormat::kCsv);
  EXPECT_EQ(InputFormatFromPath("b.tsv.gz"), InputFormat::kTsv);
  EXPECT_EQ(InputFormatFromPath("b.ndjson"), InputFormat::kJsonl);
  EXPECT_EQ(InputFormatFromPath("b.jsonl.gz"), InputFormat::kJsonl);
  EXPECT_EQ(InputFormatFromPath("b.json"), std::nullopt);
  EXPECT_EQ(InputFormatFromPath(".gz"), std::nullopt);
}

TEST(CatalogReader, FindsSephoraColumnsAndKeepsTheListOfParagraphs) {
  auto rows = DecodeAll(Fixture("sephora_product_info.csv"), InputFormat::kCsv);
  ASSERT_EQ(rows.size(), 4u);
  for (const auto& r : rows) EXPECT_EQ(r.error, "");
  EXPECT_EQ(rows[0].product.id, "P473671");
  EXPECT_EQ(rows[0].product.name, "Fragrance Discovery Set");
  EXPECT_EQ(rows[0].product.ingredients.substr(0, 2), "['");
}

TEST(CatalogReader, FindsAnIngredientColumnByPartOfItsName) {
  auto rows = DecodeAll(Fixture("lookfantastic.csv"), InputFormat::kCsv);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].error, "");
  EXPECT_EQ(rows[0].product.name, "The Ordinary Natural Moisturising Factors + HA 30ml");
  EXPECT_EQ(rows[0].product.type, "Moisturiser");
  EXPECT_THAT(rows[0].product.ingredients, HasSubstr("'sodium hyaluronate'"));
}

TEST(CatalogReader, ColumnsByNumberReadAFileWithoutAHeader) {
  auto rows =
      DecodeAll(Fixture("ulta_no_header.csv"), InputFormat::kCsv, {.ingredients = "6", .name = "3", .type = "1"});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].error, "");
  EXPECT_EQ(rows[0].product.name, "Hydrating Facial Cleanser");
  EXPECT_EQ(rows[0].product.type, "Cleanser");
  EXPECT_THAT(rows[0].product.ingredients, HasSubstr("Purified Water, Glycerin"));
}

TEST(CatalogReader, AHeaderWithoutAnIngredientColumnMakesEveryRowAnErrorNamingTheColumns) {
  auto rows = DecodeAll("sku,name,INGRDIENTS\n1,Serum,Water\n2,Toner,Water\n", InputFormat::kCsv, {}, "shop.csv");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].error,
            "shop.csv:2: no ingredient column (columns: 'sku', 'name', 'INGRDIENTS') (did you mean 'INGRDIENTS'?); "
            "looked for ingredients, ingredients_text, inci (any case) or a name containing 'ingred'; give "
            "the ingredients column (header on line 1)");
  EXPECT_EQ(rows[0].product.id, "1");
  EXPECT_THAT(rows[1].error, HasSubstr("shop.csv:3: no ingredient column"));
}

TEST(CatalogReader, MessagesNameAColumnSettingAsTheCallerNamesIt) {
  ColumnChoice cli;  // as the command line's column flags give it
  cli.setting_names[static_cast<size_t>(ColumnRole::kIngredients)] = "--ingredients-column";
  cli.setting_names[static_cast<size_t>(ColumnRole::kId)] = "--id-column";
  auto csv = DecodeAll("sku,name,INGRDIENTS\n1,Serum,Water\n", InputFormat::kCsv, cli, "shop.csv");
  ASSERT_EQ(csv.size(), 1u);
  EXPECT_THAT(csv[0].error, HasSubstr("; give --ingredients-column (header on line 1)"));
  auto jsonl = DecodeAll(R"({"id": "1", "inky": "Water"})", InputFormat::kJsonl, cli, "s.jsonl");
  ASSERT_EQ(jsonl.size(), 1u);
  EXPECT_THAT(jsonl[0].error, HasSubstr("; give --ingredients-column"));
  auto library = DecodeAll(R"({"id": "1", "inky": "Water"})", InputFormat::kJsonl, {}, "s.jsonl");
  ASSERT_EQ(library.size(), 1u);
  EXPECT_THAT(library[0].error, HasSubstr("; give the ingredients field"));

  // Columns by number: the setting that is missing, or numbered 0.
  ColumnChoice by_number = cli;
  by_number.name = "2";
  auto missing = DecodeAll("x,Serum,Water\n", InputFormat::kCsv, by_number, "n.csv");
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_THAT(missing[0].error, HasSubstr("n.csv:1: --ingredients-column is needed when columns are given by number"));
  by_number.setting_names = {};
  missing = DecodeAll("x,Serum,Water\n", InputFormat::kCsv, by_number, "n.csv");
  ASSERT_EQ(missing.size(), 1u);
  EXPECT_THAT(missing[0].error,
              HasSubstr("n.csv:1: the ingredients column is needed when columns are given by number"));
  by_number = cli;
  by_number.ingredients = "3";
  by_number.id = "0";
  auto zero = DecodeAll("x,Serum,Water\n", InputFormat::kCsv, by_number, "n.csv");
  ASSERT_EQ(zero.size(), 1u);
  EXPECT_THAT(zero[0].error, HasSubstr("n.csv:1: --id-column 0: columns are numbered from 1"));
}

// A scan's worker keeps one DecodeScratch for every catalog it decodes rows
// of: the field roles it remembers for one decoder's column choice must never
// be taken for another's, nor a longer line's parse leave anything behind.
TEST(CatalogReader, OneScratchDecodesTheRowsOfSeveralCatalogs) {
  const std::string rows =
      R"({"id": "1", "ingredients": "Water", "inci": "Glycerin"})"
      "\n"
      R"({"id": "2", "ingredients": "Aqua, Parfum, Linalool, Limonene, Citral", "inci": "Alcohol"})"
      "\n";
  StringSource a_src(rows), b_src(rows);
  CatalogReader a(&a_src, "a.jsonl", InputFormat::kJsonl, {});
  CatalogReader b(&b_src, "b.jsonl", InputFormat::kJsonl, {.ingredients = "inci"});
  DecodeScratch scratch;
  std::vector<std::string> got;
  RawRow row;
  for (int i = 0; i < 2; ++i) {
    for (CatalogReader* r : {&a, &b}) {
      ASSERT_TRUE(*r->Next(&row));
      got.push_back(r->decoder()->Decode(row, &scratch).product.ingredients);
    }
  }
  EXPECT_EQ(got,
            (std::vector<std::string>{"Water", "Glycerin", "Aqua, Parfum, Linalool, Limonene, Citral", "Alcohol"}));
}

TEST(CatalogReader, DescribesTheNamesAColumnIsFoundBy) {
  EXPECT_EQ(ColumnRoleName(ColumnRole::kIngredients), "ingredients");
  EXPECT_EQ(DescribeCommonColumnNames(ColumnRole::kName), "name, product_name, title");
  EXPECT_EQ(DescribeCommonColumnNames(ColumnRole::kIngredients),
            "ingredients, ingredients_text, inci, ingredient_list, ingredient, or a name containing 'ingred' or "
            "'inci'");
  // What the description says is what the reader finds.
  for (const char* header : {"INGREDIENT_LIST", "Full Ingredients", "INCI names"}) {
    auto rows = DecodeAll(std::string("name,") + header + "\nSerum,Water\n", InputFormat::kCsv);
    ASSERT_EQ(rows.size(), 1u) << header;
    EXPECT_EQ(rows[0].product.ingredients, "Water") << header;
  }
}

TEST(CatalogReader, StockFieldsAreFoundOnlyForAStockAndTheBrandForEither) {
  const char* csv = "Brand,name,Qty,ingredients,SKU,product_id\nCeraVe,Cleanser,0,Water,CL-1,77\n";
  auto scan = DecodeAll(csv, InputFormat::kCsv);
  ASSERT_EQ(scan.size(), 1u);
  EXPECT_EQ(scan[0].product, (CatalogProduct{"CL-1", "Cleanser", "", "Water", "CeraVe", "", ""}));
  auto stock = DecodeAll(csv, InputFormat::kCsv, {.stock = true});
  ASSERT_EQ(stock.size(), 1u);
  EXPECT_EQ(stock[0].error, "");
  EXPECT_EQ(stock[0].product, (CatalogProduct{"CL-1", "Cleanser", "", "Water", "CeraVe", "0", "CL-1"}));
  auto jsonl = DecodeAll(R"({"brands": "CeraVe", "product_name": "Cleanser", "quantity": 3, "inci": ["Water"]})",
                         InputFormat::kJsonl, {.stock = true});
  ASSERT_EQ(jsonl.size(), 1u);
  EXPECT_EQ(jsonl[0].product, (CatalogProduct{"", "Cleanser", "", "Water", "CeraVe", "3", ""}));
}

TEST(CatalogReader, AStockNeedsANameColumn) {
  StringSource src("product,ingredients\nCleanser,Water\n");
  CatalogReader reader(&src, "stock.csv", InputFormat::kCsv, {.stock = true});
  RawRow row;
  DecodeScratch scratch;
  auto more = reader.Next(&row);
  ASSERT_TRUE(more.ok() && *more);
  EXPECT_EQ(reader.header_error(),
            "stock.csv:1: no name column (columns: 'product', 'ingredients'); looked for name, product_name, title "
            "(header on line 1)");
  EXPECT_THAT(reader.decoder()->Decode(row, &scratch).error, HasSubstr("stock.csv:2: no name column"));
  // A scan does not need one.
  StringSource again("product,ingredients\nCleanser,Water\n");
  CatalogReader scan(&again, "shop.csv", InputFormat::kCsv, {});
  ASSERT_TRUE(scan.Next(&row).ok());
  EXPECT_EQ(scan.header_error(), "");
  EXPECT_EQ(scan.decoder()->Decode(row, &scratch).error, "");
}

TEST(CatalogReader, AGivenColumnThatIsNotThereSuggestsTheClosest) {
  auto rows = DecodeAll("sku,label_text\n1,Water\n", InputFormat::kCsv, {.ingredients = "label_txt"}, "s.csv");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].error,
            "s.csv:2: no column 'label_txt' in the header (line 1; columns: 'sku', 'label_text') (did you mean "
            "'label_text'?)");
}

TEST(CatalogReader, ARowWithAnotherFieldCountIsAnError) {
  auto rows = DecodeAll("id,ingredients\n1,Water,extra\n2\n3,Aqua\n", InputFormat::kCsv, {}, "s.csv");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].error, "s.csv:2: 3 fields, the header has 2 (broken quoting?)");
  EXPECT_EQ(rows[1].error, "s.csv:3: 1 field, the header has 2 (broken quoting?)");
  EXPECT_EQ(rows[2].error, "");
}

TEST(CatalogReader, InvalidUtf8AndNulBytesAreRowErrors) {
  std::string data = std::string("id,ingredients\n1,Aqua \xC3\x28\n2,Aqua\0X\n3,Eau \xC3\xA9\n", 43);
  auto rows = DecodeAll(data, InputFormat::kCsv, {}, "s.csv");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].error, "s.csv:2: invalid UTF-8 in column 'ingredients' at byte 6");
  EXPECT_EQ(rows[1].error, "s.csv:3: NUL byte in column 'ingredients' at byte 5");
  EXPECT_EQ(rows[2].error, "");
  EXPECT_EQ(rows[2].product.ingredients, "Eau \xC3\xA9");
}

TEST(CatalogReader, ReadsAnExcelCsvWithABomSemicolonsAndLineBreaksInCells) {
  auto rows = DecodeAll(
      "\xEF\xBB\xBFsku;name;ingredients\r\nX1;Night Serum;\"Aqua,\r\nRetinol,\r\nParfum\"\r\nX2;Toner;\"Aqua; "
      "Glycerin\"\r\n",
      InputFormat::kCsv);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].error, "");
  EXPECT_EQ(rows[0].product.id, "X1");
  EXPECT_EQ(rows[0].product.ingredients, "Aqua,\r\nRetinol,\r\nParfum");
  EXPECT_EQ(rows[1].product, (CatalogProduct{"X2", "Toner", "", "Aqua; Glycerin", "", "", ""}));
}

TEST(CatalogReader, TakesTheGivenDelimiterOverTheSniffedOne) {
  // The header alone would say ',' (two commas, one '|').
  const char* csv = "id|ingredients, INCI, as printed\n1|Water, Glycerin\n";
  auto rows = DecodeAll(csv, InputFormat::kCsv, {.delimiter = '|'});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].error, "");
  EXPECT_EQ(rows[0].product.ingredients, "Water, Glycerin");
}

TEST(CatalogReader, AnUnterminatedQuoteCostsNoOtherRowItsRecord) {
  auto rows =
      DecodeAll("sku,name,ingredients\nB1,Serum,\"Water, Retinol\nB2,Toner,\"Aqua, Glycolic Acid\"\nB3,Cream,Water\n",
                InputFormat::kCsv);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].product.id, "B1");
  EXPECT_THAT(rows[0].error, HasSubstr("c:2: unterminated quote"));
  EXPECT_EQ(rows[1].error, "");
  EXPECT_EQ(rows[1].product, (CatalogProduct{"B2", "Toner", "", "Aqua, Glycolic Acid", "", "", ""}));
  EXPECT_EQ(rows[2].product.id, "B3");
}

// Next() until the end; the reader's header_error() then.
std::string HeaderErrorAfterReading(std::string_view data, InputFormat format,
                                    std::vector<DecodedRow>* rows = nullptr) {
  StringSource src(data);
  CatalogReader reader(&src, "c", format, {});
  RawRow row;
  DecodeScratch scratch;
  while (true) {
    auto more = reader.Next(&row);
    EXPECT_TRUE(more.ok());
    if (!more.ok() || !*more) break;
    if (rows) rows->push_back(reader.decoder()->Decode(row, &scratch));
  }
  return reader.header_error();
}

TEST(CatalogReader, AnEmptyFileIsAnEmptyCatalogError) {
  EXPECT_EQ(HeaderErrorAfterReading("", InputFormat::kCsv), "c: empty catalog");
  EXPECT_EQ(HeaderErrorAfterReading("\xEF\xBB\xBF\n\n", InputFormat::kCsv), "c: empty catalog");
  EXPECT_EQ(HeaderErrorAfterReading("", InputFormat::kTsv), "c: empty catalog");
  EXPECT_EQ(HeaderErrorAfterReading("\n  \n", InputFormat::kJsonl), "c: empty catalog");
  EXPECT_EQ(HeaderErrorAfterReading("id,ingredients\n", InputFormat::kCsv), "");  // a header: no products, no error
}

TEST(CatalogReader, ABlankFirstLineIsNoHeaderAndEveryLineAfterItIsAnErrorRow) {
  std::vector<DecodedRow> rows;
  EXPECT_EQ(HeaderErrorAfterReading("\nid,ingredients\n1,Water\n", InputFormat::kCsv, &rows),
            "c:1: no header (the first line is blank; it should name the columns)");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].error, "c:2: no header (line 1 should name the columns)");
  EXPECT_EQ(rows[1].error, "c:3: no header (line 1 should name the columns)");
}

TEST(CatalogReader, AHeaderOfEmptyNamesIsNoHeader) {
  EXPECT_EQ(HeaderErrorAfterReading(",,\n1,Cream,Water\n", InputFormat::kCsv),
            "c:1: no header (the first line names no column)");
}

TEST(CatalogReader, ARowOfControlBytesIsNotTextAndTheNextRowIsRead) {
  auto rows = DecodeAll("id,ingredients\n1,\x01\x02\x03\x04\x05\x06\x07\x08\n2,Water\n", InputFormat::kCsv);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].error,
            "c:2: column 'ingredients' is not text: 100% of the characters are control characters or undecodable (the "
            "first at byte 1)");
  EXPECT_EQ(rows[0].product.id, "1");
  EXPECT_EQ(rows[1].error, "");
  auto jsonl = DecodeAll("{\"id\": \"1\", \"ingredients\": \"\\u0001\\u0002\\u0003\"}\n", InputFormat::kJsonl);
  ASSERT_EQ(jsonl.size(), 1u);
  EXPECT_THAT(jsonl[0].error, HasSubstr("c:1: field 'ingredients' is not text: 100%"));
}

TEST(CatalogReader, ReadsAUtf16CatalogThroughMaybeDecode) {
  std::string utf8 = "sku,name,ingredients\nR1,Cr\xC3\xA8me,\"Aqua, R\xC3\xA9tinol\"\n", utf16 = "\xFF\xFE";
  for (unsigned char c : std::string("sku,name,ingredients\nR1,Cr\xE8me,\"Aqua, R\xE9tinol\"\n")) {
    utf16 += static_cast<char>(c);
    utf16 += '\0';
  }
  auto decoded = MaybeDecode(std::make_unique<StringSource>(utf16, 7), "u.csv");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->note, "input was UTF-16LE (a byte-order mark); converted to UTF-8");
  CatalogReader reader(decoded->source.get(), "u.csv", InputFormat::kCsv, {});
  RawRow row;
  DecodeScratch scratch;
  ASSERT_TRUE(*reader.Next(&row));
  DecodedRow d = reader.decoder()->Decode(row, &scratch);
  EXPECT_EQ(d.error, "");
  EXPECT_EQ(d.product, (CatalogProduct{"R1", "Cr\xC3\xA8me", "", "Aqua, R\xC3\xA9tinol", "", "", ""}));
  EXPECT_FALSE(*reader.Next(&row));
}

TEST(MaybeDecode, ReplaysUtf8UnchangedWithoutANote) {
  std::string csv = "id,ingredients\n1,Glyc\xC3\xA9rine\n";
  auto decoded = MaybeDecode(std::make_unique<StringSource>(csv), "c.csv");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->note, "");
  std::string out(64, '\0');
  auto n = decoded->source->Read(out.data(), out.size());
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(out.substr(0, *n), csv);
}

TEST(MaybeDecode, ConvertsAWindows1252CatalogWhoseRowsShowIt) {
  std::string csv =
      "id,name,ingredients\n1,Cr\xE8me de jour,\"Eau, Glyc\xE9rine, Beurre de karit\xE9\"\n"
      "2,S\xE9rum,\"Eau, R\xE9tinol, Parfum\"\n3,Lotion apr\xE8s-soleil,\"Eau, Ac\xE9tate de tocoph\xE9ryle\"\n";
  auto decoded = MaybeDecode(std::make_unique<StringSource>(csv), "fr.csv");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_THAT(decoded->note, HasSubstr("input was windows-1252 (ICU charset detection, confidence"));
  CatalogReader reader(decoded->source.get(), "fr.csv", InputFormat::kCsv, {});
  RawRow row;
  DecodeScratch scratch;
  ASSERT_TRUE(*reader.Next(&row));
  ASSERT_TRUE(*reader.Next(&row));
  DecodedRow d = reader.decoder()->Decode(row, &scratch);
  EXPECT_EQ(d.error, "");
  EXPECT_EQ(d.product.ingredients, "Eau, R\xC3\xA9tinol, Parfum");
}

TEST(MaybeDecode, LeavesOneBadRowAmongUtf8RowsToThatRow) {
  std::string csv = "id,ingredients\n1,Aqua \xC3\x28 Glycerin\n2,Water\n";
  auto decoded = MaybeDecode(std::make_unique<StringSource>(csv), "c.csv");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->note, "");
  auto rows = DecodeAll(csv, InputFormat::kCsv);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].error, "c:2: invalid UTF-8 in column 'ingredients' at byte 6");
}

// The first 64 KiB can end inside a character: that half character is no
// second bad row, and one stray Latin-1 row does not make the file windows-1252.
TEST(MaybeDecode, ACharacterCutByTheSampleIsNoBadRow) {
  std::string csv = "id,ingredients\n1,Aqua, Cr\xE8me base\n";
  for (int row = 2; csv.size() < aftercare::text::kEncodingSampleBytes + 4096; ++row) {
    csv += std::to_string(row) + ",Glycerin, Water, Parfum, Tocopherol\n";
  }
  // An "é" whose lead byte is the sample's last byte.
  const size_t cut = aftercare::text::kEncodingSampleBytes - 1;
  csv.replace(cut, 2, "\xC3\xA9");
  ASSERT_EQ(static_cast<unsigned char>(csv[cut]), 0xC3);
  auto decoded = MaybeDecode(std::make_unique<StringSource>(csv), "c.csv");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->note, "");
}

TEST(MaybeDecode, ReplaysACatalogWhoseEncodingCannotBeToldAsUtf8) {
  std::string csv = "id,ingredients\n";
  for (int row = 0; row < 3; ++row) {
    csv += std::to_string(row) + ",";
    for (int i = 0; i < 40; ++i) csv += static_cast<char>(0x80 + (i * 37 + row) % 128);
    csv += "\n";
  }
  auto decoded = MaybeDecode(std::make_unique<StringSource>(csv), "c.csv");
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->note, "");
  auto rows = DecodeAll(csv, InputFormat::kCsv);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_THAT(rows[0].error, HasSubstr("invalid UTF-8 in column 'ingredients'"));
}

TEST(MaybeDecode, RefusesAFileOfControlBytesAsNotText) {
  std::string bin;
  for (int i = 0; i < 4096; ++i) bin += static_cast<char>((i * 7) % 32);
  auto decoded = MaybeDecode(std::make_unique<StringSource>(bin), "b.csv");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().code(), StatusCode::kDataError);
  EXPECT_THAT(decoded.status().message(), HasSubstr("b.csv: not text: "));
}

TEST(CatalogReader, ReadsOpenBeautyFactsJsonLinesPlainOrGzipped) {
  auto plain = DecodeAll(Fixture("openbeautyfacts.jsonl"), InputFormat::kJsonl);
  auto gz = DecodeAll(Fixture("openbeautyfacts.jsonl.gz"), InputFormat::kJsonl);
  ASSERT_EQ(plain.size(), 4u);
  ASSERT_EQ(gz.size(), 4u);
  for (size_t i = 0; i < plain.size(); ++i) {
    EXPECT_EQ(plain[i].product, gz[i].product);
    EXPECT_EQ(plain[i].error, "");
  }
  EXPECT_EQ(plain[0].product.id, "00006860");
  EXPECT_EQ(plain[0].product.name, "Cèdre eau de toilette");
  EXPECT_EQ(plain[0].product.type, "Parfums, Eaux de toilette");
  EXPECT_EQ(plain[1].product.ingredients, "");  // no label: the checker makes it an error row
}

TEST(CatalogReader, JoinsAJsonListOfIngredients) {
  auto rows = DecodeAll(Fixture("findation.jsonl"), InputFormat::kJsonl);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].error, "");
  EXPECT_EQ(rows[0].product.id, "F1");
  EXPECT_EQ(rows[0].product.ingredients.substr(0, 40), "Titanium Dioxide (13%), Octinoxate (2%),");
}

TEST(CatalogReader, JsonLinesThatAreNotObjectsAreRowErrors) {
  auto rows = DecodeAll(
      "[1, 2]\n\"text\"\n42\n{\"ingredients\": \"Aqua\"\n\n{\"ingredients\": {\"a\": 1}}\n{\"inci\": [\"Aqua\", 3]}\n"
      "{\"sku\": 7, \"ingredient_text\": \"Aqua\"}\n{\"ingredients\": \"Aqua\", \"id\": \"ok\"}\n",
      InputFormat::kJsonl, {}, "s.jsonl");
  ASSERT_EQ(rows.size(), 8u);
  EXPECT_EQ(rows[0].error, "s.jsonl:1: expected a JSON object, found an array");
  EXPECT_EQ(rows[1].error, "s.jsonl:2: expected a JSON object, found a scalar");
  EXPECT_EQ(rows[2].error, "s.jsonl:3: expected a JSON object, found a scalar");
  EXPECT_THAT(rows[3].error, HasSubstr("s.jsonl:4: not valid JSON at column"));
  EXPECT_EQ(rows[4].error, "s.jsonl:6: field 'ingredients' is an object, not the label text or a list of texts");
  EXPECT_EQ(rows[5].error, "s.jsonl:7: field 'inci' is a list of non-texts, not the label text or a list of texts");
  EXPECT_EQ(rows[6].product.id, "7");
  EXPECT_EQ(rows[6].error, "");  // "ingredient_text" contains "ingred"
  EXPECT_EQ(rows[7].product.id, "ok");
}

TEST(CatalogReader, AJsonLineWithoutAnIngredientFieldNamesItsFields) {
  auto rows = DecodeAll("{\"id\": \"a\", \"nme\": \"x\", \"inki\": \"Aqua\"}\n", InputFormat::kJsonl, {}, "s.jsonl");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].product.id, "a");
  EXPECT_THAT(rows[0].error,
              HasSubstr("s.jsonl:1: no ingredient field (fields: 'id', 'nme', 'inki') (did you mean 'inki'?)"));
}

TEST(CatalogReader, InvalidUtf8InAJsonLineIsARowError) {
  auto rows =
      DecodeAll("{\"ingredients\": \"Aqua \xff\"}\n{\"ingredients\": \"Aqua\"}\n", InputFormat::kJsonl, {}, "s.jsonl");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].error, "s.jsonl:1: invalid UTF-8 at column 23");
  EXPECT_EQ(rows[1].error, "");
}

TEST(CatalogReader, ATruncatedGzipFileIsAnErrorAfterItsGoodRows) {
  std::string gz = Fixture("openbeautyfacts.jsonl.gz");
  std::string cut = gz.substr(0, gz.size() - 20);
  auto in = MaybeGunzip(std::make_unique<StringSource>(cut), "obf.jsonl.gz");
  CatalogReader reader(in.get(), "obf.jsonl.gz", InputFormat::kJsonl, {});
  RawRow row;
  Status last;
  int rows = 0;
  while (true) {
    auto more = reader.Next(&row);
    if (!more.ok()) {
      last = more.status();
      break;
    }
    if (!*more) break;
    ++rows;
  }
  EXPECT_EQ(last.code(), StatusCode::kDataError);
  EXPECT_EQ(last.message(), "obf.jsonl.gz: truncated gzip data");
}

TEST(Utf8, FindsTheFirstInvalidByte) {
  EXPECT_EQ(InvalidUtf8Offset("plain ascii text, long enough"), std::string_view::npos);
  EXPECT_EQ(InvalidUtf8Offset("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), std::string_view::npos);
  EXPECT_EQ(InvalidUtf8Offset("abcdefghij\x80"), 10u);
  EXPECT_EQ(InvalidUtf8Offset("\xC0\xAF"), 0u);       // overlong
  EXPECT_EQ(InvalidUtf8Offset("a\xED\xA0\x80"), 1u);  // surrogate
  EXPECT_EQ(InvalidUtf8Offset("ab\xE2\x82"), 2u);     // cut short
}

}  // namespace
}  // namespace aftercare::catalog

namespace aftercare::catalog {
namespace {

// A JSON line is read by simdjson when it can be and by the SAX parser when
// only that can say what the line holds (a number kept as written, an error
// message); both must give every field the same value.
TEST(CatalogReader, JsonValuesReadTheSameOnBothPaths) {
  auto rows = DecodeAll(
      "{\"id\": -0, \"name\": \"A\", \"ingredients\": [\"Water\", \"\", \"Glycerin\"]}\n"
      "{\"id\": 1.50, \"name\": \"B\", \"ingredients\": \"Water\"}\n"
      "{\"id\": 18446744073709551615, \"ingredients\": \"Water\"}\n"
      "{\"id\": 18446744073709551616, \"ingredients\": \"Water\"}\n"
      "{\"id\": true, \"name\": null, \"ingredients\": [\"Cleanser:\", \"Water, Glycerin, Parfum, Citral\"]}\n"
      "{\"id\": \"dup\", \"ingredients\": \"Water\", \"ingredients\": \"Retinol\"}\n"
      "{\"id\": \"esc\", \"name\": \"Caf\\u00e9 \\\"Q\\\"\", \"ingredients\": \"Aqua\"}\n"
      "{\"id\": 1e5, \"ingredients\": \"Water\"}\n"
      "{\"id\": \"deep\", \"ingredients\": \"Water\", \"x\": {\"y\": [1, {\"z\": tru}]}}\n",
      InputFormat::kJsonl, {}, "v.jsonl");
  ASSERT_EQ(rows.size(), 9u);
  EXPECT_EQ(rows[0].product.id, "0");
  EXPECT_EQ(rows[0].product.ingredients, "Water, Glycerin");
  EXPECT_EQ(rows[1].product.id, "1.50");  // as written
  EXPECT_EQ(rows[2].product.id, "18446744073709551615");
  EXPECT_EQ(rows[3].product.id, "18446744073709551616");
  EXPECT_EQ(rows[4].product.id, "true");
  EXPECT_EQ(rows[4].product.name, "");
  EXPECT_EQ(rows[4].product.ingredients, "Cleanser:\nWater, Glycerin, Parfum, Citral");
  EXPECT_EQ(rows[5].product.ingredients, "Water");  // the first of equally named fields
  EXPECT_EQ(rows[6].product.name, "Caf\xc3\xa9 \"Q\"");
  EXPECT_EQ(rows[7].product.id, "1e5");
  EXPECT_THAT(rows[8].error, HasSubstr("v.jsonl:9: not valid JSON at column"));  // an error deep inside
}

}  // namespace
}  // namespace aftercare::catalog
