// The name readers, each alone (NameReader::ReadWith): what it makes of a
// name of its kind, and that it leaves other names to the readers after it.
// Then the table: its order, and Read() taking the first reader that reads.
#include "aftercare/match/name_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "../test_analyzer.h"

namespace aftercare::match {
namespace {

using ::aftercare::testing::RealAnalyzer;

const NameReader& Reader() {
  static const NameReader reader(&RealAnalyzer().matcher());
  return reader;
}

// The parts as "written = INCI [how]; ...": "(whole)" for the name itself,
// the match kind for a reading with no ingredient, "?" for none.
std::string Show(const std::vector<NamePart>& parts) {
  std::string out;
  for (const NamePart& p : parts) {
    if (!out.empty()) out += "; ";
    out += p.name.empty() ? "(whole)" : p.name;
    out += " = ";
    if (p.match.ingredient >= 0) {
      out += RealAnalyzer().db().ingredient(p.match.ingredient).inci;
    } else {
      out += p.match.ok() ? std::string(MatchKindName(p.match.kind)) : "?";
    }
    if (p.how != ReadAs::kDirect) out += " [" + std::string(ReadAsName(p.how)) + "]";
    if (!p.limit.empty()) out += " (limit)";
  }
  return out;
}

// What reader `reader` alone makes of `name`; "declined" when it does not read it.
std::string ReadWith(std::string_view reader, std::string_view name, bool allow_fuzzy = true) {
  std::vector<NamePart> parts;
  if (!Reader().ReadWith(reader, name, &parts, allow_fuzzy)) {
    return parts.empty() ? "declined" : "declined, but appended " + Show(parts);
  }
  return Show(parts);
}

std::string Read(std::string_view name) {
  std::vector<NamePart> parts;
  Reader().Read(name, true, &parts);
  return Show(parts);
}

TEST(NameReaders, AreTriedInThisOrder) {
  std::vector<std::string_view> names;
  for (const auto& r : NameReader::Readers()) names.push_back(r.name);
  const std::vector<std::string_view> expected{
      "whole name",     "all one bracket",    "leading qualifier", "slash group",    "and blend",
      "missing commas", "bracketed sub-list", "run of names",      "family pattern", "species",
      "cut short",      "glued words",        "close spelling"};
  EXPECT_EQ(names, expected);
  std::vector<NamePart> parts;
  EXPECT_FALSE(Reader().ReadWith("no such reader", "Glycerin", &parts));
  EXPECT_TRUE(parts.empty());
}

TEST(NameReaders, WholeName) {
  EXPECT_EQ(ReadWith("whole name", "Glycerin"), "(whole) = GLYCERIN");
  EXPECT_EQ(ReadWith("whole name", "Glycerin Dimethicone"), "declined");
}

TEST(NameReaders, AllOneBracket) {
  EXPECT_EQ(ReadWith("all one bracket", "(Glycerin)"), "Glycerin = GLYCERIN");
  EXPECT_EQ(ReadWith("all one bracket", "(Glycerin, Dimethicone)"),
            "Glycerin = GLYCERIN [bracketed sub-list]; Dimethicone = DIMETHICONE [bracketed sub-list]");
  EXPECT_EQ(ReadWith("all one bracket", "Glycerin (Dimethicone)"), "declined");
}

TEST(NameReaders, LeadingQualifier) {
  EXPECT_EQ(ReadWith("leading qualifier", "Organic Glycerin"), "(whole) = GLYCERIN");
  EXPECT_EQ(ReadWith("leading qualifier", "Glycerin"), "declined");
  EXPECT_EQ(ReadWith("leading qualifier", "Organic Unknownium"), "declined");
}

TEST(NameReaders, SlashGroup) {
  EXPECT_EQ(ReadWith("slash group", "Aqua/Water/Eau"), "(whole) = WATER [slash synonyms]");
  EXPECT_EQ(ReadWith("slash group", "Glycerin/Dimethicone"),
            "Glycerin = GLYCERIN [split at '/']; Dimethicone = DIMETHICONE [split at '/']");
  EXPECT_EQ(ReadWith("slash group", "Glycerin"), "declined");
  EXPECT_EQ(ReadWith("slash group", "Unknownium/Otherium"), "declined");
}

TEST(NameReaders, AndBlend) {
  EXPECT_EQ(ReadWith("and blend", "Glycerin and Dimethicone"),
            "Glycerin = GLYCERIN [split at 'and']; Dimethicone = DIMETHICONE [split at 'and']");
  EXPECT_EQ(ReadWith("and blend", "Glycerin & Dimethicone"),
            "Glycerin = GLYCERIN [split at 'and']; Dimethicone = DIMETHICONE [split at 'and']");
  EXPECT_EQ(ReadWith("and blend", "Glycerin Dimethicone"), "declined");
}

TEST(NameReaders, MissingCommas) {
  EXPECT_EQ(ReadWith("missing commas", "Glycerin Dimethicone"),
            "Glycerin = GLYCERIN [missing comma]; Dimethicone = DIMETHICONE [missing comma]");
  EXPECT_EQ(ReadWith("missing commas", "Glycerin Unknownium"), "declined");
}

TEST(NameReaders, BracketedSubList) {
  // A head that only names the group is no part of its own.
  EXPECT_EQ(ReadWith("bracketed sub-list", "Colorants (Glycerin, Dimethicone)"),
            "Glycerin = GLYCERIN [bracketed sub-list]; Dimethicone = DIMETHICONE [bracketed sub-list]");
  // A head the database does not know may be an ingredient itself: a part, not recognized.
  EXPECT_EQ(ReadWith("bracketed sub-list", "Unknownium Complex (Glycerin, Dimethicone)", false),
            "Unknownium Complex = ?; Glycerin = GLYCERIN [bracketed sub-list]; "
            "Dimethicone = DIMETHICONE [bracketed sub-list]");
  EXPECT_EQ(ReadWith("bracketed sub-list", "Glycerin (Dimethicone)"), "declined");
}

TEST(NameReaders, RunOfNames) {
  EXPECT_EQ(ReadWith("run of names", "Talc Mica Glycerin Dimethicone"),
            "Talc = TALC [missing comma]; Mica = MICA [missing comma]; Glycerin = GLYCERIN [missing comma]; "
            "Dimethicone = DIMETHICONE [missing comma]");
  EXPECT_EQ(ReadWith("run of names", "Talc Mica Glycerin"), "declined");  // three words: missing commas reads it
  EXPECT_EQ(ReadWith("run of names", "Unknownium Otherium Thirdium Glycerin"), "declined");
}

TEST(NameReaders, FamilyPattern) {
  EXPECT_EQ(ReadWith("family pattern", "SD Alcohol 99"), "(whole) = pattern");
  EXPECT_EQ(ReadWith("family pattern", "Glycerin"), "declined");
}

TEST(NameReaders, Species) {
  EXPECT_EQ(ReadWith("species", "Rosa Damascena"), "(whole) = pattern");
  EXPECT_EQ(ReadWith("species", "Glycerin"), "declined");
}

TEST(NameReaders, CutShort) {
  EXPECT_EQ(ReadWith("cut short", "Acrylates/C10-30 Alkyl"), "(whole) = pattern");
  EXPECT_EQ(ReadWith("cut short", "Glycerin"), "declined");
}

TEST(NameReaders, GluedWords) {
  EXPECT_EQ(ReadWith("glued words", "GlycerinDimethicone"),
            "Glycerin = GLYCERIN [glued words separated]; Dimethicone = DIMETHICONE [glued words separated]");
  EXPECT_EQ(ReadWith("glued words", "Glycerin"), "declined");
}

TEST(NameReaders, CloseSpellingAlwaysReads) {
  EXPECT_EQ(ReadWith("close spelling", "Glycerinn"), "(whole) = GLYCERIN");
  EXPECT_EQ(ReadWith("close spelling", "Glycerinn", false), "(whole) = ?");
  EXPECT_EQ(ReadWith("close spelling", "Xqzvwkjplm"), "(whole) = ?");
}

TEST(NameReaders, ReadTakesTheFirstReaderThatReads) {
  // "Glycerin Dimethicone" is read by missing commas before the run of names
  // or a close spelling could try it.
  EXPECT_EQ(Read("Glycerin Dimethicone"), ReadWith("missing commas", "Glycerin Dimethicone"));
  EXPECT_EQ(Read("Aqua/Water/Eau"), ReadWith("slash group", "Aqua/Water/Eau"));
  EXPECT_EQ(Read("Xqzvwkjplm"), "(whole) = ?");
}

TEST(NameReaders, PastTheDepthLimitNothingIsTried) {
  std::vector<NamePart> parts;
  Reader().Read("Glycerin", true, &parts, nullptr, kMaxReadDepth + 1);
  EXPECT_EQ(Show(parts), "(whole) = ? (limit)");
}

}  // namespace
}  // namespace aftercare::match
