// The label lexer: the marks it types, and that what the walk reads from
// them (a range's marks of some kinds, with skips) is what a scan of the
// bytes reads, on built edge cases and on every field of a real catalog.
#include "aftercare/text/label_lexer.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "../real_catalog.h"

namespace aftercare::text {
namespace {

// The positions in [b, e) of the bytes that are marks of `kinds`, read byte by byte.
std::vector<size_t> MarksByBytes(std::string_view text, size_t b, size_t e, uint16_t kinds) {
  std::vector<size_t> out;
  for (size_t i = b; i < e; ++i) {
    if ((MarkKindOf(text[i]) & kinds) != 0) out.push_back(i);
  }
  return out;
}

// The same from the lexemes, skipping `skip` bytes after every third mark.
std::vector<size_t> MarksByLexemes(const LabelLexemes& lex, size_t b, size_t e, uint16_t kinds, size_t skip) {
  std::vector<size_t> out;
  MarkScanner scan(lex, b, e, kinds);
  for (size_t i = scan.Next(); i < e; i = scan.Next()) {
    out.push_back(i);
    if (skip > 0 && out.size() % 3 == 0) scan.SkipTo(i + skip);
  }
  return out;
}

std::vector<size_t> Skipped(const std::vector<size_t>& all, size_t skip) {
  std::vector<size_t> out;
  size_t from = 0;
  for (size_t i : all) {
    if (i < from) continue;
    out.push_back(i);
    if (skip > 0 && out.size() % 3 == 0) from = i + skip;
  }
  return out;
}

void ExpectRangesAsTheBytes(std::string_view text, std::mt19937* rng, int ranges) {
  LabelLexemes lex;
  Lex(text, &lex);
  ASSERT_EQ(MarksByLexemes(lex, 0, text.size(), kAnyMark, 0), MarksByBytes(text, 0, text.size(), kAnyMark)) << text;
  std::vector<uint32_t> breaks;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') breaks.push_back(static_cast<uint32_t>(i));
  }
  ASSERT_EQ(lex.line_breaks, breaks) << text;
  std::uniform_int_distribution<size_t> at(0, text.size());
  for (int k = 0; k < ranges; ++k) {
    size_t b = at(*rng), e = at(*rng);
    if (b > e) std::swap(b, e);
    const uint16_t kinds = static_cast<uint16_t>((1u << (k % 10)) | (k % 2 == 0 ? kComma : kOpen | kClose));
    const size_t skip = static_cast<size_t>(k % 4) * 3;
    ASSERT_EQ(MarksByLexemes(lex, b, e, kinds, skip), Skipped(MarksByBytes(text, b, e, kinds), skip))
        << "[" << b << ", " << e << ") of " << text;
    ASSERT_EQ(HasMark(lex, b, e, kinds), !MarksByBytes(text, b, e, kinds).empty());
  }
}

TEST(LabelLexer, TypesEveryMarkTheWalkStopsAt) {
  const std::string text = "Ingredients: Water (Aqua), PEG-6*; 2% Oil.\nMay contain [+/- CI 77491]! <ILN36231>?{x}";
  LabelLexemes lex;
  Lex(text, &lex);
  std::string bytes;
  std::vector<uint16_t> kinds;
  MarkScanner scan(lex, 0, text.size(), kAnyMark);
  for (size_t i = scan.Next(); i < text.size(); i = scan.Next()) {
    bytes.push_back(text[i]);
    kinds.push_back(MarkKindOf(text[i]));
    EXPECT_EQ(MarkScanner(lex, 0, text.size(), kinds.back()).Next() <= i, true);  // a scan of one kind finds it
  }
  EXPECT_EQ(bytes, ":(),-*%.[-]!<?{}");
  EXPECT_EQ(kinds, (std::vector<uint16_t>{kColon, kOpen, kClose, kComma, kDash, kStar, kPercent, kFullStop, kOpen,
                                          kDash, kClose, kSentenceEnd, kAngle, kSentenceEnd, kOpen, kClose}));
  EXPECT_EQ(lex.line_breaks, std::vector<uint32_t>{42});
  // Words, spaces, line breaks, digits, '+', '/', ';' and bytes outside ASCII are no marks.
  for (char c : std::string("aZ09 \t\n+/;'\"&\x80\xC3\xFF")) EXPECT_EQ(MarkKindOf(c), 0) << c;
}

TEST(LabelLexer, LexingAgainReplacesTheMarks) {
  LabelLexemes lex;
  Lex("a, b, c (d)\ne", &lex);
  Lex("a b", &lex);
  EXPECT_FALSE(HasMark(lex, 0, 3, kAnyMark));
  EXPECT_TRUE(lex.line_breaks.empty());
  EXPECT_TRUE(lex.keywords.empty());
}

TEST(LabelLexer, RangesReadAsTheBytesOnBuiltEdges) {
  std::mt19937 rng(19);
  for (std::string_view s : std::initializer_list<std::string_view>{
           "", ",", "x", "0123456789abcde,", "0123456789abcdef,", "0123456789abcdef0,",
           ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,",
           // Marks on either side of a 64-byte word's edge.
           "012345678901234567890123456789012345678901234567890123456789012,.("
           ")]x-*%<:!?012345678901234567890123456789"
           "0123456789012345678901234567890123,",
           "Water, Glycerin, PEG-6, the, a, an, products, 1,2-Hexanediol.", "\xC3\xA9t\xC3\xA9 the caf\xC3\xA9 (x)",
           "...!!!???***%%%<<<(((]]]}}}:::---\n\n\n",
           // Bytes that share a folded form with a mark: control bytes, '+', ';', bytes from 0x80.
           "\t\r\x01\x05\x08\x0b\x0e\x1a\x1c\x1f+;[]{} \x7b\x7d\xa8\xab\xdb\xfb\xfd\x8a\xaa.x",
           std::string_view("a\0,b\0.", 6)}) {
    ExpectRangesAsTheBytes(s, &rng, 400);
  }
}

// Every field of a real catalog (names, descriptions, ingredients): the text
// people write, with every kind of mark.
TEST(LabelLexer, RangesReadAsTheBytesOnARealCatalog) {
  std::mt19937 rng(619);
  size_t fields = 0;
  for (const auto& record : testing::RealCatalogRecords("sephora_skincare_619/product_info.csv")) {
    for (const std::string& field : record) {
      ExpectRangesAsTheBytes(field, &rng, 8);
      ++fields;
      if (::testing::Test::HasFatalFailure()) return;  // the first difference is enough to read
    }
  }
  EXPECT_GT(fields, 3000u);
}

}  // namespace
}  // namespace aftercare::text
