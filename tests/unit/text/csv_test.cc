#include "aftercare/text/csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace aftercare::text {
namespace {

std::vector<std::vector<std::string>> ParseAll(std::string_view data, char sep = ',') {
  CsvParser p(data, "t.csv", sep);
  CsvRecord rec;
  std::vector<std::vector<std::string>> out;
  while (true) {
    auto more = p.Next(&rec);
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    out.push_back(rec.fields);
  }
  return out;
}

TEST(CsvParser, ReadsQuotedFieldsWithSeparatorsNewlinesAndQuotes) {
  auto rows = ParseAll("a,\"b,c\",\"line1\nline2\",\"say \"\"hi\"\"\"\r\nx,y,z,w\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"a", "b,c", "line1\nline2", "say \"hi\""}));
  EXPECT_EQ(rows[1], (std::vector<std::string>{"x", "y", "z", "w"}));
}

TEST(CsvParser, SkipsBomAndHandlesMissingFinalNewline) {
  auto rows = ParseAll("\xEF\xBB\xBFLabel,Name\nMask,Pearl");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], "Label");
  EXPECT_EQ(rows[1][1], "Pearl");
}

TEST(CsvParser, KeepsEmptyFields) {
  auto rows = ParseAll(",,\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"", "", ""}));
}

TEST(CsvParser, ReadsTsv) {
  auto rows = ParseAll("a\tb\tc\n", '\t');
  EXPECT_EQ(rows[0], (std::vector<std::string>{"a", "b", "c"}));
}

TEST(CsvParser, RecordsTheLineARecordStartsOn) {
  CsvParser p("h\n\"a\nb\"\nc\n", "t.csv");
  CsvRecord rec;
  ASSERT_TRUE(*p.Next(&rec));
  ASSERT_TRUE(*p.Next(&rec));
  EXPECT_EQ(rec.line, 2);
  ASSERT_TRUE(*p.Next(&rec));
  EXPECT_EQ(rec.line, 4);
}

TEST(CsvParser, UnterminatedQuoteIsAnErrorWithItsLine) {
  CsvParser p("ok\n\"never closed,\nmore\n", "t.csv");
  CsvRecord rec;
  ASSERT_TRUE(*p.Next(&rec));
  auto r = p.Next(&rec);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataError);
  EXPECT_THAT(r.status().message(), ::testing::HasSubstr("t.csv:2: unterminated quoted field"));
}

}  // namespace
}  // namespace aftercare::text
