#include "aftercare/catalog/csv_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace aftercare::catalog {
namespace {

struct Read {
  std::vector<std::vector<std::string>> rows;
  std::vector<int64_t> lines;
  std::vector<std::string> errors;  // "" for a good record
};

// `header_fields`: told to the reader after the first record, as CatalogReader does.
Read ReadAll(std::string_view data, size_t max_read = SIZE_MAX, CsvReader::Options o = {}, bool header_fields = false) {
  StringSource src(data, max_read);
  CsvReader r(&src, o);
  Read out;
  CsvRow row;
  while (true) {
    auto more = r.Next(&row);
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    if (header_fields && out.rows.empty()) r.set_expected_fields(row.fields.size());
    out.rows.push_back(row.fields);
    out.lines.push_back(row.line);
    out.errors.push_back(row.error);
  }
  return out;
}

TEST(CsvReader, ReadsQuotedFieldsWithSeparatorsNewlinesAndQuotes) {
  auto r = ReadAll("a,\"b,c\",\"line1\nline2\",\"say \"\"hi\"\"\"\r\nx,y,z,w\n");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0], (std::vector<std::string>{"a", "b,c", "line1\nline2", "say \"hi\""}));
  EXPECT_EQ(r.rows[1], (std::vector<std::string>{"x", "y", "z", "w"}));
  EXPECT_EQ(r.lines, (std::vector<int64_t>{1, 3}));
}

TEST(CsvReader, GivesTheSameRecordsWhateverTheReadSize) {
  std::string data = "\xEF\xBB\xBFid,ingredients\r\n1,\"Aqua, \"\"Glycerin\"\"\r\nParfum\"\r\n\r\n2,Water\r3,\"\"\n";
  Read whole = ReadAll(data);
  ASSERT_EQ(whole.rows.size(), 4u);
  EXPECT_EQ(whole.rows[0][0], "id");
  EXPECT_EQ(whole.rows[1][1], "Aqua, \"Glycerin\"\r\nParfum");
  EXPECT_EQ(whole.rows[3], (std::vector<std::string>{"3", ""}));
  for (size_t n : {1, 2, 3, 5, 7}) {
    CsvReader::Options o;
    o.chunk_bytes = n;
    Read part = ReadAll(data, n, o);
    EXPECT_EQ(part.rows, whole.rows) << "read size " << n;
    EXPECT_EQ(part.lines, whole.lines) << "read size " << n;
  }
}

TEST(CsvReader, EmptyInputHasNoRecords) {
  EXPECT_TRUE(ReadAll("").rows.empty());
  EXPECT_TRUE(ReadAll("\xEF\xBB\xBF").rows.empty());
  EXPECT_TRUE(ReadAll("\n\r\n\n").rows.empty());
}

TEST(CsvReader, UnterminatedQuoteAtTheEndIsAnErrorRecordAndTheLinesAfterItAreKept) {
  auto r = ReadAll("id,ingredients\n1,Water\n2,\"Aqua, Glycerin\n3,Water\n4,Parfum");
  ASSERT_EQ(r.rows.size(), 5u);
  EXPECT_EQ(r.errors[2], "unterminated quoted field (opened on line 3, still open at the end of the data)");
  EXPECT_EQ(r.rows[2], (std::vector<std::string>{"2"}));  // the fields before the broken one
  EXPECT_EQ(r.rows[3], (std::vector<std::string>{"3", "Water"}));
  EXPECT_EQ(r.rows[4], (std::vector<std::string>{"4", "Parfum"}));
  EXPECT_EQ(r.lines, (std::vector<int64_t>{1, 2, 3, 4, 5}));
}

TEST(CsvReader, UnterminatedQuoteOnTheLastLineIsOneErrorRecord) {
  auto r = ReadAll("id,ingredients\n1,\"Aqua");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_THAT(r.errors[1], ::testing::HasSubstr("unterminated quoted field (opened on line 2"));
}

TEST(CsvReader, ReadsATenMegabyteField) {
  std::string big(10u << 20, 'x');
  for (size_t i = 1000; i < big.size(); i += 1000) big[i] = ',';
  auto r = ReadAll("id,ingredients\n1,\"" + big + "\"\n2,Water\n");
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.errors[1], "");
  EXPECT_EQ(r.rows[1][1], big);
  EXPECT_EQ(r.rows[2][1], "Water");
}

TEST(CsvReader, AQuotedFieldLongerThanTheCapIsAnErrorAndReadingGoesOn) {
  CsvReader::Options o;
  o.max_record_bytes = 64;
  o.chunk_bytes = 16;
  std::string data = "1,\"" + std::string(200, 'x') + "\n2,Water\n";
  auto r = ReadAll(data, SIZE_MAX, o);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_THAT(r.errors[0], ::testing::HasSubstr("longer than"));
  EXPECT_EQ(r.rows[1], (std::vector<std::string>{"2", "Water"}));
  EXPECT_EQ(r.lines[1], 2);
}

TEST(CsvReader, TextAfterAClosingQuoteIsAnErrorRecord) {
  auto r = ReadAll("1,\"Aqua\"x,3\n2,Water\n");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.errors[0], "unexpected character 'x' after the closing quote of field 2");
  EXPECT_EQ(r.errors[1], "");
}

TEST(CsvReader, KeepsNulBytesAndAQuoteInsideAnUnquotedField) {
  auto r = ReadAll(std::string("1,5\" brush,a\0b\n", 15));
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_EQ(r.rows[0][1], "5\" brush");
  EXPECT_EQ(r.rows[0][2], std::string("a\0b", 3));
}

TEST(CsvReader, ReadsTabSeparatedValues) {
  CsvReader::Options o;
  o.separator = '\t';
  auto r = ReadAll("id\tingredients\n1\tAqua, Glycerin\n", SIZE_MAX, o);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[1], (std::vector<std::string>{"1", "Aqua, Glycerin"}));
}

TEST(SniffSeparator, TakesTheMostFrequentSeparatorOutsideQuotes) {
  EXPECT_EQ(SniffSeparator("id,name,ingredients", ','), ',');
  EXPECT_EQ(SniffSeparator("id;name;\"ingredients, INCI\"", ','), ';');
  EXPECT_EQ(SniffSeparator("id\tname\tingredients", ','), '\t');
  EXPECT_EQ(SniffSeparator("id|name|ingredients", ','), '|');
  EXPECT_EQ(SniffSeparator("ingredients", ','), ',');
  EXPECT_EQ(SniffSeparator("a;b,c", ','), ',');  // a tie goes to the first of , ; tab |
}

TEST(LooksLikeRecord, NeedsTheFieldCountAndCleanQuotes) {
  EXPECT_TRUE(LooksLikeRecord("B2,Toner,\"Aqua, Glycolic Acid\"", ',', 3));
  EXPECT_TRUE(LooksLikeRecord("B2,\"say \"\"hi\"\"\",x", ',', 3));
  EXPECT_FALSE(LooksLikeRecord("B2,Toner", ',', 3));
  EXPECT_FALSE(LooksLikeRecord("B2,Toner,\"Aqua", ',', 3));     // a quote left open
  EXPECT_FALSE(LooksLikeRecord("B2,Toner,Aqua\"", ',', 3));     // a quote inside an unquoted field
  EXPECT_FALSE(LooksLikeRecord("B2,\"Toner\"x,Aqua", ',', 3));  // text after a closing quote
  EXPECT_FALSE(LooksLikeRecord("", ',', 1));
}

TEST(CsvReader, SniffsTheSeparatorFromTheHeaderLine) {
  CsvReader::Options o;
  o.sniff_separator = true;
  StringSource src("\xEF\xBB\xBFid;name;ingredients\n1;Cream;\"Water, Glycerin\"\n");
  CsvReader r(&src, o);
  CsvRow row;
  ASSERT_TRUE(*r.Next(&row));
  EXPECT_EQ(r.separator(), ';');
  EXPECT_EQ(row.fields, (std::vector<std::string>{"id", "name", "ingredients"}));
  ASSERT_TRUE(*r.Next(&row));
  EXPECT_EQ(row.fields, (std::vector<std::string>{"1", "Cream", "Water, Glycerin"}));
}

TEST(CsvReader, AQuoteThatRunsIntoARowOfItsOwnIsCutThereAndThatRowIsRead) {
  auto r =
      ReadAll("sku,name,ingredients\nB1,Serum,\"Water, Retinol\nB2,Toner,\"Aqua, Glycolic Acid\"\nB3,Cream,Water\n",
              SIZE_MAX, {}, /*header_fields=*/true);
  ASSERT_EQ(r.rows.size(), 4u);
  EXPECT_EQ(
      r.errors[1],
      "unterminated quote (the quoted field opened on line 2 runs on into line 3, which reads as a row of its own)");
  EXPECT_EQ(r.rows[1], (std::vector<std::string>{"B1", "Serum"}));
  EXPECT_EQ(r.rows[2], (std::vector<std::string>{"B2", "Toner", "Aqua, Glycolic Acid"}));
  EXPECT_EQ(r.errors[2], "");
  EXPECT_EQ(r.rows[3], (std::vector<std::string>{"B3", "Cream", "Water"}));
  EXPECT_EQ(r.lines, (std::vector<int64_t>{1, 2, 3, 4}));
}

TEST(CsvReader, ABrokenQuoteKeepsTheLinesBeforeTheNextRowAndResumesThere) {
  // Line 3 continues the broken cell; line 4 is the next product.
  auto r = ReadAll("sku,name,ingredients\nB1,Serum,\"Water,\nRetinol\nB2,Toner,Aqua\nB3,Cream,\"Water\"\n", SIZE_MAX,
                   {}, true);
  ASSERT_EQ(r.rows.size(), 4u);
  EXPECT_THAT(r.errors[1], ::testing::HasSubstr("opened on line 2 runs on into line 4"));
  EXPECT_EQ(r.rows[2], (std::vector<std::string>{"B2", "Toner", "Aqua"}));
  EXPECT_EQ(r.rows[3], (std::vector<std::string>{"B3", "Cream", "Water"}));
  EXPECT_EQ(r.lines, (std::vector<int64_t>{1, 2, 4, 5}));
}

TEST(CsvReader, KeepsAGoodMultiLineCellEvenWhenALineInsideLooksLikeARow) {
  auto r = ReadAll("sku,name,ingredients\nB1,Serum,\"Water,\nGlycerin, Retinol, Parfum\nTocopherol\"\nB2,Toner,Aqua\n",
                   SIZE_MAX, {}, true);
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.errors[1], "");
  EXPECT_EQ(r.rows[1][2], "Water,\nGlycerin, Retinol, Parfum\nTocopherol");
  EXPECT_EQ(r.rows[2], (std::vector<std::string>{"B2", "Toner", "Aqua"}));
}

TEST(CsvReader, WithoutAKnownFieldCountAMalformedMultiLineRecordStaysOne) {
  auto r = ReadAll("B1,Serum,\"Water, Retinol\nB2,Toner,\"Aqua\"\n");
  ASSERT_EQ(r.rows.size(), 1u);
  EXPECT_THAT(r.errors[0], ::testing::HasSubstr("after the closing quote"));
}

}  // namespace
}  // namespace aftercare::catalog
