// The label cleaner alone: the text the splitter reads, and the map that
// takes every cleaned byte back to the label's own bytes (spans, notes and
// the accounting of every byte all go through it).
#include "aftercare/text/label_cleaner.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace aftercare::text {
namespace {

Cleaner Clean(std::string_view label) {
  Cleaner c;
  CleanLabel(label, &c);
  return c;
}

// The label's offset of cleaned byte `k` (the map may be empty: identity).
uint32_t Orig(const Cleaner& c, size_t k) { return c.identity ? static_cast<uint32_t>(k) : c.map[k]; }

TEST(LabelCleaner, PlainAsciiIsCopiedAsItIs) {
  const Cleaner c = Clean("Water, Glycerin (Vegetable), CI 77491");
  EXPECT_EQ(c.out, "Water, Glycerin (Vegetable), CI 77491");
  EXPECT_TRUE(c.identity);
  EXPECT_TRUE(c.map.empty());
  EXPECT_FALSE(c.had_entity);
}

TEST(LabelCleaner, SeparatorsBecomeCommasAndOffsetsStayPut) {
  // A CRLF keeps its length (" \n"); ';', '|' and a tab are commas; a backslash is a slash.
  const Cleaner c = Clean("Water;Glycerin|Aloe\tMica\\Talc\r\nSilica");
  EXPECT_EQ(c.out, "Water,Glycerin,Aloe,Mica/Talc \nSilica");
  EXPECT_TRUE(c.identity);
}

TEST(LabelCleaner, PunctuationOutsideAsciiIsAsciiAndTheMapPointsBack) {
  const std::string label =
      "Water\xEF\xBC\x8C"
      "Glycerin\xEF\xBC\x88"
      "Aloe\xEF\xBC\x89";  // ， （ ）
  const Cleaner c = Clean(label);
  EXPECT_EQ(c.out, "Water,Glycerin(Aloe)");
  ASSERT_FALSE(c.identity);
  ASSERT_EQ(c.map.size(), c.out.size() + 1);  // one past the end too
  EXPECT_EQ(Orig(c, c.out.find(',')), 5u);
  EXPECT_EQ(Orig(c, c.out.find('G')), 8u);
  EXPECT_EQ(Orig(c, c.out.find('A')), label.find("Aloe"));
  EXPECT_EQ(c.map.back(), label.size());
}

TEST(LabelCleaner, HtmlEntitiesAreDecodedAndSaidSo) {
  Cleaner c = Clean("Water &amp; Glycerin, Caf&eacute;ine, Aloe&#44; Mica");
  EXPECT_EQ(c.out, "Water & Glycerin, Caf\xC3\xA9ine, Aloe, Mica");
  EXPECT_TRUE(c.had_entity);
  // Not entities: a lone ampersand, an unknown name, a number that is no character.
  c = Clean("Salt & Pepper, &foo; &#0;");
  EXPECT_EQ(c.out, "Salt & Pepper, &foo, &#0,");
  EXPECT_FALSE(c.had_entity);
}

TEST(LabelCleaner, AMiddleDotInsideANameIsAHyphenElsewhereASeparator) {
  Cleaner c = Clean(
      "Ceteareth\xC2\xB7"
      "20");
  EXPECT_EQ(c.out, "Ceteareth-20");
  EXPECT_TRUE(c.had_dot_hyphen);
  c = Clean("Water \xC2\xB7 Glycerin");
  EXPECT_EQ(c.out, "Water , Glycerin");
  EXPECT_FALSE(c.had_dot_hyphen);
}

TEST(LabelCleaner, BytesDroppedAtTheEndStillMapTheEnd) {
  const Cleaner c = Clean("Water\xEF\xBB\xBF");  // a trailing byte-order mark
  EXPECT_EQ(c.out, "Water");
  ASSERT_EQ(c.map.size(), 6u);
  EXPECT_EQ(c.map[4], 4u);
  EXPECT_EQ(c.map[5], 8u);
}

TEST(LabelCleaner, AListLiteralIsOneParagraphPerLine) {
  const std::string label = "['Bar:', 'Water, Glycerin', \"Aloe\\nMica\"]";
  const Cleaner c = Clean(label);
  EXPECT_EQ(c.out, "Bar:\nWater, Glycerin\nAloe\nMica");
  ASSERT_FALSE(c.identity);
  EXPECT_EQ(Orig(c, c.out.find("Water")), label.find("Water"));
  EXPECT_EQ(Orig(c, c.out.find("Mica")), label.find("Mica"));
  EXPECT_EQ(c.map.back(), label.rfind('"'));  // the end of the last paragraph
  // Brackets that are no list literal stay text.
  EXPECT_EQ(Clean("[+/-] CI 77491, CI 77492").out, "[+/-] CI 77491, CI 77492");
  EXPECT_EQ(Clean("['unclosed, Water]").out, "['unclosed, Water]");
}

}  // namespace
}  // namespace aftercare::text
