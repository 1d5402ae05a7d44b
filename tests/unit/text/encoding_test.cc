#include "aftercare/text/encoding.h"

#include <random>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace aftercare::text {
namespace {

using ::testing::HasSubstr;
using namespace std::string_literals;

// "Eau, Glycérine, Rétinol, Parfum" as a French label saved in Windows-1252.
const std::string kCp1252Label = "Eau, Glyc\xE9rine, R\xE9tinol, Parfum";
const std::string kUtf8Label = "Eau, Glyc\xC3\xA9rine, R\xC3\xA9tinol, Parfum";

// ASCII text as UTF-16LE / UTF-16BE / UTF-32LE code units.
std::string Wide(std::string_view ascii, int width, bool little_endian) {
  std::string out;
  for (char c : ascii) {
    std::string unit(static_cast<size_t>(width), '\0');
    unit[little_endian ? 0 : unit.size() - 1] = c;
    out += unit;
  }
  return out;
}

std::string RandomBytes(size_t n) {
  std::mt19937 rng(15);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng() & 0xFF);
  return s;
}

TEST(DecodeText, KeepsValidUtf8AsAViewOfTheInput) {
  auto t = DecodeText(kUtf8Label);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_FALSE(t->converted.has_value());
  EXPECT_EQ(t->text().data(), kUtf8Label.data());
  EXPECT_EQ(t->note, "");
}

TEST(DecodeText, SkipsAUtf8ByteOrderMarkWithoutANote) {
  std::string in = "\xEF\xBB\xBFWater, Glycerin";
  auto t = DecodeText(in);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->text(), "Water, Glycerin");
  EXPECT_EQ(t->note, "");
}

TEST(DecodeText, ConvertsUtf16LeWithAByteOrderMark) {
  auto t = DecodeText("\xFF\xFE"s + Wide("Water, Retinol", 2, true));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->text(), "Water, Retinol");
  EXPECT_EQ(t->encoding, "UTF-16LE");
  EXPECT_EQ(t->note, "input was UTF-16LE (a byte-order mark); converted to UTF-8");
}

TEST(DecodeText, ConvertsUtf16BeWithoutAByteOrderMarkFromItsNulPattern) {
  auto t = DecodeText(Wide("Aqua, Parfum", 2, false));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->text(), "Aqua, Parfum");
  EXPECT_EQ(t->note, "input was UTF-16BE (its NUL-byte pattern); converted to UTF-8");
}

TEST(DecodeText, ConvertsUtf32LeFromItsNulPatternNotAsUtf16) {
  auto t = DecodeText(Wide("Aqua, Parfum", 4, true));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->text(), "Aqua, Parfum");
  EXPECT_EQ(t->encoding, "UTF-32LE");
}

TEST(DecodeText, ConvertsUtf16WithNonAsciiLetters) {
  // "Rétinol" in UTF-16LE with a BOM: é is E9 00.
  auto t = DecodeText("\xFF\xFER\0\xE9\0t\0i\0n\0o\0l\0"s);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->text(), "R\xC3\xA9tinol");
}

TEST(DecodeText, ConvertsAWindows1252LabelToldByIcu) {
  auto t = DecodeText(kCp1252Label);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->text(), kUtf8Label);
  EXPECT_EQ(t->encoding, "windows-1252");
  EXPECT_THAT(t->note, HasSubstr("input was windows-1252 (ICU charset detection, confidence"));
  EXPECT_THAT(t->note, HasSubstr("converted to UTF-8"));
}

TEST(DecodeText, ReadsInvalidBytesInOtherwiseUtf8TextAsReplacementCharacters) {
  auto t = DecodeText("Cr\xC3\xA8me, Glyc\xC3\xA9rine, Aqua \xFF Parfum");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->text(), "Cr\xC3\xA8me, Glyc\xC3\xA9rine, Aqua \xEF\xBF\xBD Parfum");
  EXPECT_EQ(t->note, "input had 1 byte that is not UTF-8 (the first at byte 26); read as U+FFFD");
}

TEST(DecodeText, RefusesRandomBytesAsNotText) {
  auto t = DecodeText(RandomBytes(200 << 10));
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kDataError);
  EXPECT_THAT(t.status().message(), HasSubstr("not text: "));
  EXPECT_THAT(t.status().message(), HasSubstr("control bytes"));
}

TEST(DecodeText, RefusesValidUtf8ThatIsMostlyControlBytes) {
  auto t = DecodeText("\x01\x02\x03\x04 Aqua \x05\x06");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kDataError);
  EXPECT_THAT(t.status().message(), HasSubstr("not text: 50% of the bytes are control bytes (the first at byte 1)"));
}

TEST(DecodeText, RefusesHighBytesWhoseEncodingIcuCannotTell) {
  std::string s;
  for (int i = 0; i < 64; ++i) s += static_cast<char>(0x80 + (i * 37) % 128);
  auto t = DecodeText(s);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kDataError);
  EXPECT_THAT(t.status().message(), HasSubstr("not UTF-8, and its encoding could not be told"));
  EXPECT_THAT(t.status().message(), HasSubstr("save it as UTF-8"));
}

TEST(DecodeText, KeepsLineBreaksAndTabsAsText) {
  auto t = DecodeText("Water,\tGlycerin,\r\nRetinol\f\n");
  ASSERT_TRUE(t.ok());
  EXPECT_FALSE(t->converted.has_value());
}

TEST(DetectEncoding, IgnoresACharacterCutAtTheEndOfAStreamSample) {
  // ASCII but for a lead byte at the end: cut off by the sample, or a stray byte.
  const std::string sample = "Water, Glycerin, Tocopherol, Parfum, R\xC3";
  auto cut = DetectEncoding(sample, /*cut=*/true);
  ASSERT_TRUE(cut.ok());
  EXPECT_EQ(cut->name, "UTF-8");
  auto whole = DetectEncoding(sample, /*cut=*/false);
  ASSERT_TRUE(whole.ok());
  EXPECT_NE(whole->name, "UTF-8");
}

TEST(DetectEncoding, AnEncodingTheDetectorCannotTellHasNoNameAndSaysItsBestGuess) {
  std::string s;
  for (int i = 0; i < 64; ++i) s += static_cast<char>(0x80 + (i * 37) % 128);
  auto e = DetectEncoding(s);
  ASSERT_TRUE(e.ok());
  EXPECT_FALSE(e->known());
  EXPECT_TRUE(e->guessed);
  EXPECT_THAT(e->evidence, ::testing::AnyOf(HasSubstr("best guess"), HasSubstr("no guess")));
}

TEST(DetectEncoding, AWindows1252GuessIsMarkedAsGuessedAndABomIsNot) {
  auto guess = DetectEncoding(kCp1252Label);
  ASSERT_TRUE(guess.ok());
  EXPECT_EQ(guess->name, "windows-1252");
  EXPECT_TRUE(guess->guessed);
  auto bom = DetectEncoding(
      "\xFF\xFE"
      "A\0"s);
  ASSERT_TRUE(bom.ok());
  EXPECT_FALSE(bom->guessed);
}

TEST(DetectEncoding, TellsUtf32LeByteOrderMarkFromUtf16Le) {
  // FF FE starts both marks: the longer one must be tried first.
  auto e = DetectEncoding(
      "\xFF\xFE\0\0"
      "A\0\0\0"s);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->name, "UTF-32LE");
  EXPECT_EQ(e->bom_bytes, 4u);
}

TEST(CheckText, AcceptsTextWithAFewStrayControlCharacters) {
  EXPECT_TRUE(CheckText("Water, Glycerin, Sodium Hyaluronate,\x01 Phenoxyethanol, Citric Acid").ok());
  EXPECT_TRUE(CheckText("").ok());
}

TEST(CheckText, RefusesReplacementCharactersAndC1Controls) {
  Status st = CheckText("\xEF\xBF\xBD\xEF\xBF\xBD\xC2\x85 ab");
  EXPECT_EQ(st.code(), StatusCode::kDataError);
  EXPECT_THAT(st.message(),
              HasSubstr("50% of the characters are control characters or undecodable (the first at byte 1)"));
}

TEST(Utf8Converter, CarriesACharacterCutBetweenTwoPieces) {
  auto c = Utf8Converter::Open("UTF-16LE");
  ASSERT_TRUE(c.ok());
  std::string in = "A\0\xE9\0B\0"s, out;
  ASSERT_TRUE(c->Append(in.substr(0, 3), false, &out).ok());
  ASSERT_TRUE(c->Append(in.substr(3), true, &out).ok());
  EXPECT_EQ(out,
            "A\xC3\xA9"
            "B");
}

TEST(Utf8Converter, RejectsAnUnknownEncodingName) {
  auto c = Utf8Converter::Open("no-such-charset");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(c.status().message(), HasSubstr("unknown encoding 'no-such-charset'"));
}

}  // namespace
}  // namespace aftercare::text
