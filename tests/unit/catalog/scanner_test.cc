#include "aftercare/catalog/scanner.h"

#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../test_analyzer.h"
#include "aftercare/report/scan_report.h"

namespace aftercare::catalog {
namespace {

using ::testing::HasSubstr;

std::string Fixture(const std::string& name) {
  std::ifstream f(std::string(AFTERCARE_SOURCE_DIR) + "/tests/unit/catalog/testdata/" + name, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

class StringSink : public ScanSink {
 public:
  Status Write(std::string_view s) override {
    if (fail_after_ >= 0 && writes_++ >= fail_after_) return IoError("disk full");
    out += s;
    return Status::Ok();
  }
  void RowError(std::string_view m) override { errors.emplace_back(m); }
  std::string out;
  std::vector<std::string> errors;
  int fail_after_ = -1, writes_ = 0;
};

struct ScanRun {
  ScanCounts counts;
  std::string out;
  std::vector<std::string> errors;
};

// Scans `files` into the records `scan --format out` writes (`full`: --detail full).
ScanRun ScanText(const std::vector<std::pair<std::string, std::string>>& files, InputFormat format, ScanOptions o,
                 report::ScanFormat out = report::ScanFormat::kJsonl, bool full = false) {
  const rules::Checker& checker = testing::RealChecker();
  o.protocol = *checker.FindProtocol("microneedling");
  const report::ScanRecordWriter writer(out, testing::RealAnalyzer().db(), full);
  o.formatter = &writer;
  std::vector<ScanInput> inputs;
  for (const auto& [name, data] : files) {
    inputs.push_back({name, MaybeGunzip(std::make_unique<StringSource>(data, 4096), name), format});
  }
  StringSink sink;
  auto counts = Scan(testing::RealAnalyzer(), checker, &inputs, o, &sink);
  EXPECT_TRUE(counts.ok()) << counts.status().ToString();
  return {counts.ok() ? *counts : ScanCounts{}, sink.out, sink.errors};
}

// A catalog of the real fixtures repeated, with bad rows among them.
std::string MixedCatalog() {
  std::string labels[] = {
      "Water, Glycerin, Sodium Hyaluronate, Phenoxyethanol",
      "Aqua, Glycolic Acid, Sodium Hydroxide, Parfum",
      "Zinc Oxide 20%, Caprylic/Capric Triglyceride, Tocopherol",
      "Aqua, Retinol, Glyerin, Linalool",
      "",  // no ingredients: an error row
      "Water, Alcohol Denat., Salicylic Acid",
  };
  std::string csv = "id,name,ingredients\n";
  for (int i = 0; i < 120; ++i) {
    csv += "p" + std::to_string(i) + ",Product " + std::to_string(i) + ",\"" + labels[i % 6] + "\"\n";
    if (i % 37 == 5) csv += "bad" + std::to_string(i) + ",only two fields\n";
    if (i % 41 == 7) csv += "u" + std::to_string(i) + ",Name,Aqua \xC3\n";
  }
  return csv;
}

TEST(Scanner, WritesOneRecordPerRowInInputOrderWhateverTheThreads) {
  std::string csv = MixedCatalog();
  ScanOptions o;
  o.day = 3;
  o.batch_rows = 3;
  o.threads = 1;
  ScanRun one = ScanText({{"m.csv", csv}}, InputFormat::kCsv, o);
  o.threads = 4;
  o.batches_in_flight = 3;
  ScanRun four = ScanText({{"m.csv", csv}}, InputFormat::kCsv, o);
  EXPECT_EQ(one.out, four.out);
  EXPECT_EQ(one.errors, four.errors);

  std::istringstream lines(one.out);
  std::string line;
  int64_t row = 0, errors = 0;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line);
    EXPECT_EQ(j["row"], ++row);
    EXPECT_EQ(j["schema"], 1);
    if (j.contains("error")) {
      ++errors;
    } else {
      EXPECT_FALSE(j.contains("ingredients"));  // summary detail
      EXPECT_EQ(j["day"], 3);
    }
  }
  // 120 products, 4 with two fields, 3 with invalid UTF-8.
  EXPECT_EQ(row, 127);
  EXPECT_EQ(one.counts.rows, 127);
  EXPECT_EQ(errors, one.counts.errors);
  EXPECT_EQ(one.counts.errors, 20 + 4 + 3);  // 20 empty labels
  EXPECT_EQ(one.counts.verdicts[0] + one.counts.verdicts[1] + one.counts.verdicts[2], 100);
  EXPECT_THAT(one.errors[0], HasSubstr("m.csv:6: no ingredient list: the label is empty"));
}

TEST(Scanner, KeepsTheIngredientsWithFullDetailAndNamesFilesWhenThereAreSeveral) {
  ScanOptions o;
  o.day = 1;
  ScanRun r = ScanText({{"a.jsonl", Fixture("findation.jsonl")}, {"b.jsonl.gz", Fixture("openbeautyfacts.jsonl.gz")}},
                       InputFormat::kJsonl, o, report::ScanFormat::kJsonl, /*full=*/true);
  std::istringstream lines(r.out);
  std::string line;
  std::vector<std::string> where;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line);
    where.push_back(j["file"].get<std::string>() + ":" + std::to_string(j["row"].get<int>()));
    if (!j.contains("error")) {
      EXPECT_TRUE(j.contains("ingredients"));
    }
  }
  EXPECT_EQ(where, (std::vector<std::string>{"a.jsonl:1", "a.jsonl:2", "b.jsonl.gz:1", "b.jsonl.gz:2", "b.jsonl.gz:3",
                                             "b.jsonl.gz:4"}));
  EXPECT_EQ(r.counts.errors, 1);  // the Open Beauty Facts product without a label
}

TEST(Scanner, ATruncatedGzipFileGivesAnErrorRecordAfterItsGoodRowsAndTheScanGoesOn) {
  std::string gz = Fixture("openbeautyfacts.jsonl.gz");
  ScanOptions o;
  o.day = 2;
  ScanRun r = ScanText({{"cut.jsonl.gz", gz.substr(0, gz.size() - 20)}, {"ok.jsonl", Fixture("findation.jsonl")}},
                       InputFormat::kJsonl, o);
  ASSERT_FALSE(r.errors.empty());
  EXPECT_THAT(r.errors.back(), HasSubstr("cannot read on: cut.jsonl.gz: truncated gzip data"));
  EXPECT_THAT(r.out, HasSubstr("\"file\":\"ok.jsonl\""));
}

TEST(Scanner, WritesCsvAndTextTables) {
  ScanOptions o;
  o.day = 3;
  ScanRun csv = ScanText({{"s.csv", "id,name,ingredients\nA1,Calm Serum,\"Water, Glycerin\"\nA2,Toner,\n"}},
                         InputFormat::kCsv, o, report::ScanFormat::kCsv);
  EXPECT_EQ(
      csv.out,
      "row,id,brand,day,name,type,verdict,safe_from_day,flagged_categories,flagged_ingredients,unrecognized,error\n"
      "1,A1,,3,Calm Serum,serum,safe,0,,,,\n"
      "2,A2,,3,,,error,,,,,s.csv:3: no ingredient list: the label is empty\n");
}

TEST(Scanner, ATenMegabyteLabelIsAnErrorRowAndTheRowsAfterItAreRead) {
  std::string big;
  while (big.size() < (10u << 20)) big += "Water, Glycerin, Parfum, ";
  ScanOptions o;
  o.day = 3;
  ScanRun r = ScanText({{"big.csv", "id,ingredients\nB1,\"" + big + "\"\nB2,\"Water, Glycerin\"\n"}}, InputFormat::kCsv,
                       o, report::ScanFormat::kCsv);
  EXPECT_EQ(
      r.out,
      "row,id,brand,day,name,type,verdict,safe_from_day,flagged_categories,flagged_ingredients,unrecognized,error\n"
      "1,B1,,3,,,error,,,,,\"big.csv:2: the label is 10485775 bytes, longer than the 256 KiB an ingredient list "
      "can be\"\n"
      "2,B2,,3,,unknown,safe,0,,,,\n");
}

// A catalog that repeats products under other ids (sizes, shades), as real
// ones do: the same label and name, or the same label under another name or
// type, and repeated labels with no ingredient list.
std::string RepeatingCatalog() {
  std::string labels[] = {
      "Water, Glycerin, Sodium Hyaluronate, Phenoxyethanol",
      "Aqua, Glycolic Acid, Sodium Hydroxide, Parfum",
      "Zinc Oxide 20%, Caprylic/Capric Triglyceride, Tocopherol",
      "Aqua, Retinol, Glyerin, Linalool",
      "",  // no ingredient list: an error row, the same each time
      "Kit A:\nWater, Alcohol Denat., Parfum\nKit B:\nWater, Alcohol Denat., Salicylic Acid",
  };
  std::string names[] = {"Calm Serum", "Glow Toner, 50 ml", "Mineral SPF 30", ""};
  std::string types[] = {"", "toner", "Skincare / Serums"};
  std::string csv = "sku,name,type,ingredients\n";
  for (int i = 0; i < 150; ++i) {
    csv += "s" + std::to_string(i) + ",\"" + names[(i / 6) % 4] + "\"," + types[i % 3] + ",\"" + labels[i % 6] + "\"\n";
  }
  return csv;
}

TEST(Scanner, TheMemoOfRepeatedProductsChangesNothingButTheWork) {
  const std::string csv = RepeatingCatalog();
  for (report::ScanFormat format : {report::ScanFormat::kJsonl, report::ScanFormat::kCsv, report::ScanFormat::kText}) {
    ScanOptions o;
    o.day = 3;
    o.batch_rows = 7;
    o.memo_bytes = 0;
    ScanRun plain = ScanText({{"r.csv", csv}}, InputFormat::kCsv, o, format);
    EXPECT_EQ(plain.counts.memo_hits, 0);
    o.memo_bytes = size_t{1} << 20;
    for (int threads : {1, 3}) {
      o.threads = threads;
      ScanRun memo = ScanText({{"r.csv", csv}}, InputFormat::kCsv, o, format);
      EXPECT_EQ(memo.out, plain.out) << "format " << static_cast<int>(format) << ", threads " << threads;
      EXPECT_EQ(memo.errors, plain.errors);
      EXPECT_EQ(memo.counts.verdicts, plain.counts.verdicts);
      EXPECT_EQ(memo.counts.errors, plain.counts.errors);
      // 150 rows of 6 labels x 4 names x 3 types = 72 products at most.
      if (threads == 1) {
        EXPECT_GE(memo.counts.memo_hits, 150 - 72);
      }
    }
    // A memo too small for most records: least recently used out, the same output.
    o.memo_bytes = 16 * 6000;
    o.threads = 2;
    ScanRun tiny = ScanText({{"r.csv", csv}}, InputFormat::kCsv, o, format);
    EXPECT_EQ(tiny.out, plain.out);
  }
  // The error of a repeated label says where each row is.
  ScanOptions o;
  o.day = 3;
  ScanRun r = ScanText({{"r.csv", csv}}, InputFormat::kCsv, o);
  ASSERT_GE(r.errors.size(), 2u);
  EXPECT_THAT(r.errors[0], HasSubstr("r.csv:6: no ingredient list: the label is empty"));
  EXPECT_THAT(r.errors[1], HasSubstr("r.csv:15: no ingredient list: the label is empty"));  // after a 4-line kit
}

TEST(Scanner, AKitsReasonsNameTheirSubProduct) {
  ScanOptions o;
  o.day = 3;
  ScanRun r = ScanText({{"k.csv",
                         "id,name,ingredients\nK1,Duo,\"Day Cream:\nWater, Parfum\nNight Serum:\nWater, "
                         "Retinol\"\nP1,Plain,\"Water, Parfum\"\n"}},
                       InputFormat::kCsv, o);
  std::istringstream lines(r.out);
  std::string line;
  ASSERT_TRUE(std::getline(lines, line));
  auto kit = nlohmann::json::parse(line);
  std::vector<std::string> where;
  for (const auto& reason : kit["reasons"]) {
    where.push_back(reason["inci"].get<std::string>() + " in " + reason["component"].get<std::string>());
  }
  EXPECT_THAT(where, ::testing::UnorderedElementsAre("PARFUM in Day Cream", "RETINOL in Night Serum"));
  ASSERT_TRUE(std::getline(lines, line));
  auto plain = nlohmann::json::parse(line);
  ASSERT_FALSE(plain["reasons"].empty());
  EXPECT_FALSE(plain["reasons"][0].contains("component"));  // not a kit: no component
}

TEST(Scanner, AFailedWriteStopsTheScan) {
  const rules::Checker& checker = testing::RealChecker();
  ScanOptions o;
  o.protocol = *checker.FindProtocol("microneedling");
  const report::ScanRecordWriter writer(report::ScanFormat::kJsonl, testing::RealAnalyzer().db(), false);
  o.formatter = &writer;
  o.threads = 2;
  o.batch_rows = 1;
  std::string csv = MixedCatalog();
  std::vector<ScanInput> inputs;
  inputs.push_back({"m.csv", std::make_unique<StringSource>(csv), InputFormat::kCsv});
  StringSink sink;
  sink.fail_after_ = 2;
  auto counts = Scan(testing::RealAnalyzer(), checker, &inputs, o, &sink);
  ASSERT_FALSE(counts.ok());
  EXPECT_EQ(counts.status().message(), "disk full");
}

TEST(Scanner, WithoutARecordFormatterNothingIsRead) {
  const rules::Checker& checker = testing::RealChecker();
  ScanOptions o;
  o.protocol = *checker.FindProtocol("microneedling");
  std::vector<ScanInput> inputs;
  inputs.push_back({"m.csv", std::make_unique<StringSource>(MixedCatalog()), InputFormat::kCsv});
  StringSink sink;
  auto counts = Scan(testing::RealAnalyzer(), checker, &inputs, o, &sink);
  ASSERT_FALSE(counts.ok());
  EXPECT_EQ(counts.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(counts.status().message(), "scan: no record formatter");
  EXPECT_EQ(sink.out, "");
  EXPECT_EQ(inputs[0].source->consumed(), 0u);
}

}  // namespace
}  // namespace aftercare::catalog
