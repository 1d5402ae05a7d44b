#include "aftercare/base/byte_mask.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace aftercare::bytemask {
namespace {

uint32_t Commas(const char* p) { return AnyOf<',', '(', '%'>(p); }

bool IsWordByte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

// Every byte value at every position of a block: the 16-at-a-time masks agree
// with a test of one byte (the SSE2 range trick has edges at '/' ':' '@' '['
// '`' '{' and 0x80).
TEST(ByteMask, AgreesWithOneByteTestsForEveryByteAndPosition) {
  for (size_t pos = 0; pos < kBlock; ++pos) {
    for (int b = 0; b < 256; ++b) {
      std::string block(kBlock, ' ');
      block[pos] = static_cast<char>(b);
      const uint32_t bit = 1u << pos;
      EXPECT_EQ((WordBytes(block.data()) & bit) != 0, IsWordByte(static_cast<unsigned char>(b))) << "byte " << b;
      EXPECT_EQ(WordBytes(block.data()) & ~bit, 0u);
      EXPECT_EQ((ControlOrHigh(block.data()) & bit) != 0, b < 0x20 || b >= 0x80) << "byte " << b;
      EXPECT_EQ(ControlOrHigh(block.data()) & ~bit, 0u);
      EXPECT_EQ((Commas(block.data()) & bit) != 0, b == ',' || b == '(' || b == '%') << "byte " << b;
      EXPECT_EQ(Commas(block.data()) & ~bit, 0u);
    }
  }
}

std::vector<size_t> Expected(const std::string& s, size_t b, size_t e) {
  std::vector<size_t> v;
  for (size_t i = b; i < e; ++i) {
    if (s[i] == ',' || s[i] == '(' || s[i] == '%') v.push_back(i);
  }
  return v;
}

// Every range of a text that crosses several blocks, ending inside one or on
// a block's edge: the scanner reports each byte once, in order, and nothing
// outside the range.
TEST(ByteMask, ScannerReportsEachByteOfEveryRangeOnce) {
  const std::string s = "Aqua, Glycerin (Vegetable), Niacinamide 5%, Tocopherol, Parfum (Fragrance), Linalool,,";
  for (size_t b = 0; b <= s.size(); ++b) {
    for (size_t e = b; e <= s.size(); ++e) {
      std::vector<size_t> got;
      Scanner<Commas> scan(s.data(), b, e);
      for (size_t i = scan.Next(); i < e; i = scan.Next()) got.push_back(i);
      ASSERT_EQ(got, Expected(s, b, e)) << "range " << b << ".." << e;
    }
  }
}

// SkipTo() inside the current block and past it: what lies before the new
// position is never reported.
TEST(ByteMask, ScannerSkipsWhatTheCallerHandled) {
  const std::string s = "Water (Aqua, Eau), Citrus Oils (Orange, Lemon, Lime), Glycerin, Mica (CI 77019), Silica";
  for (size_t skip = 1; skip < 40; ++skip) {
    std::vector<size_t> got, want;
    Scanner<Commas> scan(s.data(), 0, s.size());
    // At each '(' jump `skip` bytes ahead.
    for (size_t i = scan.Next(); i < s.size(); i = scan.Next()) {
      got.push_back(i);
      if (s[i] == '(') scan.SkipTo(i + skip);
    }
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == ',' || s[i] == '(' || s[i] == '%') {
        want.push_back(i);
        if (s[i] == '(') i += skip - 1;
      }
    }
    EXPECT_EQ(got, want) << "skip " << skip;
  }
}

}  // namespace
}  // namespace aftercare::bytemask
