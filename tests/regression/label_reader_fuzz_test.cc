// Inputs found by tools/fuzz.sh (label_fuzzer), kept as regressions. Each test
// names what broke; the invariants are the fuzzer's own.
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../unit/test_analyzer.h"
#include "aftercare/match/accounting.h"
#include "aftercare/report/parse_report.h"
#include "aftercare/text/label_splitter.h"

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
  const std::string input(
      "['Water\xe2\x81\x84"
      "AquaCitrus\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff['glycolic$aci['Water\x5c\x5c"
      "Aqace_allIN - SODIUm "
      "CHIR\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"
      "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff Aurantifolia (Lime) Oil, Lavandula Hybrida Oil, Citrus Nobilis "
      "(MTRISO\xef\xbf\xbd\xef\xbf\xbdUM EDTAelD",
      210);
  match::ParsedLabel parsed = testing::RealAnalyzer().ParseLabel(input);
  ExpectDensePositions(parsed);
}

// A segment after a line break whose first name came to nothing ("'**;***")
// took the break itself; replayed from the batch cache, the break went to the
// next name instead, and "joined across a comma" read "across a line break".
TEST(LabelReaderFuzz, CachedSegmentGivesTheLineBreakToTheSameName) {
  const std::string input(
      "Active Inate (1(.0&%), Octinoxate (7'glyceryl st\xe4"
      "eara'**;***************\n***.******************c09\xe2\x80\x90"
      "3050%),  cOch",
      114);
  const Analyzer& a = testing::RealAnalyzer();
  const std::string uncached = report::ParseJson(a.ParseLabel(input), a.db());
  match::MatchCache cache;
  match::ParseOptions options;
  options.cache = &cache;
  for (int pass = 0; pass < 2; ++pass) {
    EXPECT_EQ(report::ParseJson(a.ParseLabel(input, options), a.db()), uncached) << "pass " << pass;
  }
}

// An input the fuzzer found, kept in tests/regression/fuzz_inputs/ as its bytes.
std::string FuzzInput(const std::string& name) {
  const std::string path = std::string(AFTERCARE_SOURCE_DIR) + "/tests/regression/fuzz_inputs/" + name;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The spans of the accounting cover the input in order, and an entry stands
// for any text after the list's start that no rule read.
void ExpectAccounted(const match::ParsedLabel& parsed) {
  uint32_t at = 0;
  const uint32_t list_begin =
      parsed.ingredients.empty() ? static_cast<uint32_t>(parsed.text.size()) : parsed.ingredients.front().span.begin;
  for (const auto& s : match::Account(parsed)) {
    EXPECT_EQ(s.span.begin, at);
    EXPECT_FALSE(s.kind == match::SpanKind::kNotRead && s.index < 0 && s.span.begin >= list_begin);
    at = s.span.end;
  }
  EXPECT_EQ(at, parsed.text.size());
}

// A known name after control bytes ("\x04\0\0\0 GLYCERIN"): read, and the
// fuzzer's own check looked for it at the control byte.
TEST(LabelReaderFuzz, KnownNameAfterControlBytesIsRead) {
  const std::string input = FuzzInput("known_name_after_control_bytes.bin");
  const match::ParsedLabel parsed = testing::RealAnalyzer().ParseLabel(input);
  ExpectAccounted(parsed);
  bool glycerin = false;
  for (const auto& ing : parsed.ingredients)
    glycerin = glycerin || parsed.Name(ing).find("GLYCERIN") != std::string_view::npos;
  EXPECT_TRUE(glycerin);
}

// A list literal the reader could not split, with "A" among its words, was
// dropped whole as a sentence: Linalool and the rest went unread. A list is no
// sentence: it is one entry marked not read.
TEST(LabelReaderFuzz, UnsplitListIsNotASentence) {
  const std::string input = FuzzInput("unsplit_list_is_not_a_sentence.bin");
  const match::ParsedLabel parsed = testing::RealAnalyzer().ParseLabel(input);
  ExpectAccounted(parsed);
  bool not_read = false;
  for (const auto& ing : parsed.ingredients) not_read = not_read || ing.not_read;
  EXPECT_TRUE(not_read);
}

// A known name read out of text dropped before a heading was numbered after
// an entry not read (position 0), as the list's first again.
TEST(LabelReaderFuzz, NameReadAfterTextNotReadKeepsPositions) {
  const std::string input = FuzzInput("name_read_after_text_not_read.bin");
  const match::ParsedLabel parsed = testing::RealAnalyzer().ParseLabel(input);
  ExpectDensePositions(parsed);
  ExpectAccounted(parsed);
}

// Two tokens joined into one name across a stray separator ("... Methosulfate
// and Cetearyl Alcohol, Ceramide 3, ...") kept the first part's "not read"
// and its position 0, and the list was numbered from 1 again after it.
TEST(LabelReaderFuzz, JoinOverTextNotReadIsANameWithAPlace) {
  const match::ParsedLabel parsed = testing::RealAnalyzer().ParseLabel(FuzzInput("join_over_text_not_read.bin"));
  ExpectDensePositions(parsed);
  ExpectAccounted(parsed);
}

// A known name in text dropped before the heading was looked up only when
// the piece had at most 80 bytes; INCI names run to about 200.
TEST(LabelReaderFuzz, LongPieceBeforeTheHeadingIsLookedUp) {
  const match::ParsedLabel parsed = testing::RealAnalyzer().ParseLabel(FuzzInput("long_piece_before_the_heading.bin"));
  ExpectAccounted(parsed);
  bool resorcinol = false;
  for (const auto& ing : parsed.ingredients) {
    resorcinol = resorcinol || (ing.recognized() &&
                                testing::RealAnalyzer().db().ingredient(ing.match.ingredient).inci == "RESORCINOL");
  }
  EXPECT_TRUE(resorcinol);
}

// A piece of a pack-text sentence ("e, Polyvinyl Alcohol": a two-letter
// fragment is never cut off) was dropped whole with the known name in it. A
// piece holding a known name is never dropped: it is kept as not read.
TEST(LabelReaderFuzz, PackTextPieceWithAKnownNameIsKept) {
  const match::ParsedLabel parsed = testing::RealAnalyzer().ParseLabel(FuzzInput("known_name_in_pack_text_piece.bin"));
  ExpectAccounted(parsed);
  bool kept = false;
  for (const auto& ing : parsed.ingredients)
    kept = kept || parsed.Label(ing).find("Polyvinyl Alcohol") != std::string_view::npos;
  EXPECT_TRUE(kept);
}

// Found by the label fuzzer's fifth run up to 1 MiB (issue 20): 262 KB of
// "Water. Glycerin. ..." with a real label spliced in, whose 8,921 names the
// known-name net keeps; inserting them one at a time moved and renumbered the
// whole list each time (0.53 s for 262 KB; 0.04 s in one pass). The list must
// read as it did: every name kept, in text order, positions dense.
TEST(LabelReaderFuzz, ThousandsOfKnownNamesInSentencesAreKeptInOrder) {
  const std::string input = FuzzInput("known_names_as_sentences.bin");
  const match::ParsedLabel parsed = testing::RealAnalyzer().ParseLabel(input);
  size_t kept = 0;
  for (const auto& d : parsed.diagnostics) kept += d.message.find("a known name inside text") != std::string::npos;
  EXPECT_GT(kept, 8000u);
  ExpectDensePositions(parsed);
  for (size_t i = 1; i < parsed.ingredients.size(); ++i) {
    EXPECT_LE(parsed.ingredients[i - 1].span.begin, parsed.ingredients[i].span.begin) << i;
  }
  ExpectAccounted(parsed);
}

// A known name after "Formulated without:" is what the label says the
// product is without: the reader leaves it out of the list with a note that
// says so, as the match stage reads such a claim. The fuzzer's check that no
// known name is dropped did not know that claim, and stopped on this input
// (NUL bytes around the heading; the same without them).
TEST(LabelReaderFuzz, AKnownNameTheLabelSaysTheProductIsWithoutIsANoteNotADrop) {
  const std::string mangled = "Cetearyl Alcohol, Carbomer, Behentrimonium Me" + std::string(9, '\0') +
                              "Formulated without:" + std::string(65, '\0') +
                              "thosulphate, Sodium Hydroxide, Tocopherol\n";
  for (const std::string& input :
       {mangled, std::string("Cetearyl Alcohol, Carbomer. Formulated without: Sodium Hydroxide, Tocopherol")}) {
    const match::ParsedLabel parsed = testing::RealAnalyzer().ParseLabel(input);
    std::vector<std::string> names;
    for (const auto& ing : parsed.ingredients) names.emplace_back(parsed.Label(ing));
    EXPECT_EQ(names, (std::vector<std::string>{"Cetearyl Alcohol", "Carbomer"}));
    const size_t at = input.find("Sodium Hydroxide");
    bool noted = false;
    for (const auto& d : parsed.diagnostics) {
      noted = noted || (d.kind == text::DiagnosticKind::kProse && d.message.starts_with(text::kFreeOfNote) &&
                        d.span.begin <= at && at < d.span.end);
    }
    EXPECT_TRUE(noted) << report::ParseJson(parsed, testing::RealAnalyzer().db());
  }
}

}  // namespace
}  // namespace aftercare
