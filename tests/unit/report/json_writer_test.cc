#include "aftercare/report/json_writer.h"

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

}  // namespace
}  // namespace aftercare::report
