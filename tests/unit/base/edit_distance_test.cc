#include "aftercare/base/edit_distance.h"

#include <string>

#include <gtest/gtest.h>

namespace aftercare {
namespace {

TEST(BoundedEditDistance, CountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(BoundedEditDistance("glycerin", "glycerin", 2), 0);
  EXPECT_EQ(BoundedEditDistance("glycerin", "glycerine", 2), 1);
  EXPECT_EQ(BoundedEditDistance("glycerin", "glyserin", 2), 1);
  EXPECT_EQ(BoundedEditDistance("glycerin", "gylcerin", 2), 2);  // a swap is two edits
  EXPECT_EQ(BoundedEditDistance("", "abc", 3), 3);
}

TEST(BoundedEditDistance, StopsAtTheLimitPlusOne) {
  EXPECT_EQ(BoundedEditDistance("water", "glycerin", 2), 3);
  EXPECT_EQ(BoundedEditDistance("abcd", "wxyz", 3), 4);
  EXPECT_EQ(BoundedEditDistance("a", "abcdefgh", 2), 3);  // lengths alone decide
}

// Rows longer than the stack buffer take the heap path with the same answers.
TEST(BoundedEditDistance, LongNamesGiveTheSameAnswers) {
  const std::string a(300, 'a');
  std::string b = a;
  b[150] = 'b';
  EXPECT_EQ(BoundedEditDistance(a, b, 2), 1);
  EXPECT_EQ(BoundedEditDistance(a, a + "cc", 2), 2);
  EXPECT_EQ(BoundedEditDistance(a, std::string(300, 'z'), 2), 3);
}

}  // namespace
}  // namespace aftercare
