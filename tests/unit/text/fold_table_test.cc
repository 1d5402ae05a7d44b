#include "aftercare/text/fold_table.h"

#include <string>

#include <gtest/gtest.h>

namespace aftercare::text {
namespace {

TEST(FoldTable, FindsEachFoldingAndNothingElse) {
  const std::string blob = PackFoldings({{0xDF, "SS"}, {0xE9, "E"}, {0x2019, "'"}, {0x301, ""}});
  // Not sorted: refused. Sorted: read.
  EXPECT_FALSE(FoldTable::View(blob).has_value());
  const std::string sorted = PackFoldings({{0xDF, "SS"}, {0xE9, "E"}, {0x301, ""}, {0x2019, "'"}});
  std::optional<FoldTable> t = FoldTable::View(sorted);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->size(), 4u);
  EXPECT_EQ(t->Find(0xDF), "SS");
  EXPECT_EQ(t->Find(0xE9), "E");
  EXPECT_EQ(t->Find(0x301), "");  // a mark folds to nothing: found, empty
  EXPECT_EQ(t->Find(0x2019), "'");
  for (char32_t absent : {0x80u, 0xE8u, 0xEAu, 0x2018u, 0x10FFFFu}) EXPECT_FALSE(t->Find(absent).has_value());
  EXPECT_FALSE(FoldTable().Find(0xE9).has_value());
}

TEST(FoldTable, RefusesMalformedBlobs) {
  const std::string good = PackFoldings({{0xE9, "E"}, {0xF6, "O"}});
  ASSERT_TRUE(FoldTable::View(good).has_value());
  EXPECT_TRUE(FoldTable::View(PackFoldings({})).has_value());
  EXPECT_FALSE(FoldTable::View("").has_value());
  EXPECT_FALSE(FoldTable::View(good.substr(0, good.size() - 1)).has_value());  // a folding cut short
  EXPECT_FALSE(FoldTable::View(good + "X").has_value());                       // bytes after the last
  std::string huge = good;
  huge[3] = '\x7f';  // a count far beyond the blob
  EXPECT_FALSE(FoldTable::View(huge).has_value());
  EXPECT_FALSE(FoldTable::View(PackFoldings({{0xE9, "E"}, {0xE9, "E"}})).has_value());  // a code point twice
}

// The table ICU makes: the characters labels use fold as a key needs them.
TEST(FoldTable, PackedFromIcu) {
  Result<std::string> blob = PackFoldTable();
  ASSERT_TRUE(blob.ok()) << blob.status().ToString();
  std::optional<FoldTable> t = FoldTable::View(*blob);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->Find(0xE9), "E");          // é
  EXPECT_EQ(t->Find(0xDF), "SS");         // ß
  EXPECT_EQ(t->Find(0x153), "OE");        // œ
  EXPECT_EQ(t->Find(0x2019), "'");        // ’
  EXPECT_EQ(t->Find(0x301), "");          // a combining acute accent: removed
  EXPECT_EQ(t->Find(0x3B1), "\xce\x91");  // α: upper-cased, not transliterated
  // Compatibility characters never stand in NFKC text: not in the table.
  EXPECT_FALSE(t->Find(0xFB01).has_value());  // ﬁ
  EXPECT_FALSE(t->Find(0xFF21).has_value());  // fullwidth A
  EXPECT_FALSE(t->Find(0x4E00).has_value());  // 一 folds to itself
}

}  // namespace
}  // namespace aftercare::text
