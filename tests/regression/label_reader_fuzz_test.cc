// Inputs found by tools/fuzz.sh (label_fuzzer), kept as regressions. Each test
// names what broke; the invariants are the fuzzer's own.
#include <gtest/gtest.h>

#include "../unit/test_analyzer.h"
#include "aftercare/report/parse_report.h"

namespace aftercare {
namespace {

// Positions run 1, 2, 3... within a product whatever the reader joins or drops.
void ExpectDensePositions(const match::ParsedLabel& parsed) {
  std::vector<int> last(parsed.components.size(), 0);
  for (const auto& ing : parsed.ingredients) {
    if (ing.may_contain || ing.not_read) {
      EXPECT_EQ(ing.position, 0);
      continue;
    }
    EXPECT_EQ(ing.position, last[static_cast<size_t>(ing.component)] + 1) << parsed.Label(ing);
    last[static_cast<size_t>(ing.component)] = ing.position;
  }
}

// A join across a stray comma inside a may-contain block reset the position
// counter to 0, so the next declared ingredient was numbered 1 again.
TEST(LabelReaderFuzz, JoinInMayContainBlockKeepsPositions) {
  const std::string input("It:r+/- Ci*77891 (/- Ci*77891 (,{\x19\xb9\xe2ox\nid,{\x19\xb9\xe2", 46);
  ExpectDensePositions(testing::RealAnalyzer().ParseLabel(input));
}

// A slash group whose edge piece held no word ("'/..."): the edge search
// counted down from words.size() - 1 and indexed an empty vector.
TEST(LabelReaderFuzz, SlashGroupEdgeWithoutWords) {
  const std::string input("['Water\xe2\x81\x84" "AquaCitrus\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff['glycolic$aci['Water\x5c\x5c" "Aqace_allIN - SODIUm CHIR\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff Aurantifolia (Lime) Oil, Lavandula Hybrida Oil, Citrus Nobilis (MTRISO\xef\xbf\xbd\xef\xbf\xbdUM EDTAelD", 210);
  match::ParsedLabel parsed = testing::RealAnalyzer().ParseLabel(input);
  ExpectDensePositions(parsed);
}

// A segment after a line break whose first name came to nothing ("'**;***")
// took the break itself; replayed from the batch cache, the break went to the
// next name instead, and "joined across a comma" read "across a line break".
TEST(LabelReaderFuzz, CachedSegmentGivesTheLineBreakToTheSameName) {
  const std::string input("Active Inate (1(.0&%), Octinoxate (7'glyceryl st\xe4" "eara'**;***************\n***.******************c09\xe2\x80\x90" "3050%),  cOch", 114);
  const Analyzer& a = testing::RealAnalyzer();
  const std::string uncached = report::ParseJson(a.ParseLabel(input), a.db());
  match::MatchCache cache;
  match::ParseOptions options;
  options.cache = &cache;
  for (int pass = 0; pass < 2; ++pass) {
    EXPECT_EQ(report::ParseJson(a.ParseLabel(input, options), a.db()), uncached) << "pass " << pass;
  }
}

}  // namespace
}  // namespace aftercare
