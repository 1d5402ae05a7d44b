#include "aftercare/base/ascii.h"

#include <cctype>
#include <clocale>

#include <gtest/gtest.h>

namespace aftercare::ascii {
namespace {

// Every byte: the range tests agree with the C library in the "C" locale,
// and no byte outside ASCII is a letter, digit or space.
TEST(Ascii, ClassesAgreeWithTheCLocaleForEveryByte) {
  ASSERT_NE(std::setlocale(LC_CTYPE, "C"), nullptr);
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    SCOPED_TRACE(b);
    EXPECT_EQ(IsSpace(c), std::isspace(b) != 0);
    EXPECT_EQ(IsDigit(c), std::isdigit(b) != 0);
    EXPECT_EQ(IsUpper(c), std::isupper(b) != 0);
    EXPECT_EQ(IsLower(c), std::islower(b) != 0);
    EXPECT_EQ(IsAlpha(c), std::isalpha(b) != 0);
    EXPECT_EQ(IsAlnum(c), std::isalnum(b) != 0);
    EXPECT_EQ(Lower(c), static_cast<char>(std::tolower(b)));
    EXPECT_EQ(Upper(c), static_cast<char>(std::toupper(b)));
  }
}

TEST(Ascii, TrimsSpacesAtBothEndsOnly) {
  EXPECT_EQ(Trim(" \t Aqua  Water\r\n"), "Aqua  Water");
  EXPECT_EQ(Trim("   "), "");
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim("\xC2\xA0"
                 "Aqua"),
            "\xC2\xA0"
            "Aqua");  // a no-break space is not ASCII space
}

TEST(Ascii, ComparesIgnoringAsciiCase) {
  EXPECT_TRUE(StartsWithLower("INGREDIENTS: Water", "ingredients"));
  EXPECT_FALSE(StartsWithLower("Ingr", "ingredients"));
  EXPECT_TRUE(EqualsLower("Parfum", "parfum"));
  EXPECT_FALSE(EqualsLower("Parfums", "parfum"));
  EXPECT_TRUE(ContainsLower("Certified ORGANIC", "organic"));
  EXPECT_FALSE(ContainsLower("Organ", "organic"));
  EXPECT_EQ(ToLower("CI 77491 \xC3\x89"), "ci 77491 \xC3\x89");  // bytes outside ASCII kept
  EXPECT_EQ(ToUpper("Aqua/eau"), "AQUA/EAU");
}

}  // namespace
}  // namespace aftercare::ascii
