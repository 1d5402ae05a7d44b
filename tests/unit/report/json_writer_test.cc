#include "aftercare/report/json_writer.h"

#include <cstdint>

#include <fmt/format.h>
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

// A literal key is written as it is, with the comma before it when one is due;
// a key known only at run time is escaped.
TEST(JsonWriter, WritesLiteralAndRunTimeKeys) {
  std::string out;
  JsonWriter w(&out);
  w.BeginArray().BeginObject().Key("first").Int(1).Key("second").BeginObject().Key("in").Null().EndObject();
  w.KeyText("say \"hi\"\n").String("x").EndObject().BeginObject().Key("alone").Bool(false).EndObject().EndArray();
  EXPECT_EQ(out, R"([{"first":1,"second":{"in":null},"say \"hi\"\n":"x"},{"alone":false}])");
  out.clear();
  JsonWriter w2(&out);
  w2.BeginObject().KeyText("").Int(0).Key("").Int(1).EndObject();
  EXPECT_EQ(out, R"({"":0,"":1})");
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

// The fast paths (a short plain string in one piece, plain runs 8 bytes a
// step) against a byte-at-a-time escaper: every length from 0 to 80, with one
// byte that needs care at every position.
TEST(JsonWriter, FastPathsEscapeLikeByteByByte) {
  auto reference = [](const std::string& s) {
    std::string r = "\"";
    for (unsigned char c : s) {
      if (c == '"')
        r += "\\\"";
      else if (c == '\\')
        r += "\\\\";
      else if (c == '\n')
        r += "\\n";
      else if (c < 0x20 || c == 0x7f)
        r += fmt::format("\\u{:04x}", c);
      else
        r += static_cast<char>(c);
    }
    return r + "\"";
  };
  for (size_t n = 0; n <= 80; ++n) {
    const std::string plain(n, 'a');
    std::string out;
    AppendJsonString(plain, &out);
    ASSERT_EQ(out, reference(plain)) << n;
    for (size_t i = 0; i < n; ++i) {
      for (char special : {'"', '\\', '\n', '\x01', '\x7f'}) {
        std::string s = plain;
        s[i] = special;
        out.clear();
        AppendJsonString(s, &out);
        ASSERT_EQ(out, reference(s)) << "length " << n << ", byte " << i;
      }
    }
  }
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
