#include "aftercare/report/json_writer.h"

#include <cstdint>

#include <gtest/gtest.h>

namespace aftercare::report {
namespace {

TEST(JsonWriter, WritesNestedContainers) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject().Key("a").Int(1).Key("b").BeginArray().String("x").Null().Bool(true).EndArray();
  w.Key("c").OptInt(std::nullopt).Key("d").BeginObject().EndObject().EndObject();
  EXPECT_EQ(out, R"({"a":1,"b":["x",null,true],"c":null,"d":{}})");
}

TEST(JsonWriter, EscapesControlCharactersAndQuotes) {
  std::string out;
  AppendJsonString("a\"b\\c\n\t\x01", &out);
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\t\\u0001\"");
}

TEST(JsonWriter, KeepsValidUtf8AndReplacesInvalidBytes) {
  std::string out;
  AppendJsonString("Glycérine \xFF\xC3(", &out);
  EXPECT_EQ(out, "\"Glycérine \xEF\xBF\xBD\xEF\xBF\xBD(\"");
}

TEST(JsonWriter, CopiesPlainRunsAndEscapesWhatIsBetweenThem) {
  std::string out = "x";  // appends: what was there stays
  AppendJsonString("Water (Aqua), \"Parfum\"\x7f end\x1f\\", &out);
  EXPECT_EQ(out, "x\"Water (Aqua), \\\"Parfum\\\"\\u007f end\\u001f\\\\\"");
}

TEST(JsonWriter, WritesIntegersAndDeepNesting) {
  std::string out;
  JsonWriter w(&out);
  w.BeginArray().Int(0).Int(-42).Int(INT64_MIN).Int(INT64_MAX);
  for (int i = 0; i < 40; ++i) w.BeginArray();
  for (int i = 0; i < 40; ++i) w.EndArray();
  w.BeginObject().Key("k").Int(1).EndObject().EndArray();
  EXPECT_EQ(out, "[0,-42,-9223372036854775808,9223372036854775807," + std::string(40, '[') + std::string(40, ']') +
                     ",{\"k\":1}]");
}

}  // namespace
}  // namespace aftercare::report
