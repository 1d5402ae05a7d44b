#include "aftercare/base/small_id_set.h"

#include <type_traits>
#include <vector>

#include <gtest/gtest.h>

namespace aftercare {
namespace {

using Set = SmallIdSet<128>;

std::vector<int> Ids(const Set& s) { return std::vector<int>(s.begin(), s.end()); }

TEST(SmallIdSet, IsAPlainValue) {
  EXPECT_TRUE(std::is_trivially_copyable_v<Set>);
  EXPECT_EQ(sizeof(Set), 16u);
}

TEST(SmallIdSet, StartsEmpty) {
  Set s;
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(s.size(), 0u);
  EXPECT_EQ(s.front(), -1);
  EXPECT_TRUE(Ids(s).empty());
}

TEST(SmallIdSet, IteratesInAscendingOrderAcrossWords) {
  Set s;
  for (int id : {127, 64, 3, 63, 0, 65, 3}) s.Insert(id);
  EXPECT_EQ(Ids(s), (std::vector<int>{0, 3, 63, 64, 65, 127}));
  EXPECT_EQ(s.size(), 6u);
  EXPECT_EQ(s.front(), 0);
  EXPECT_FALSE(s.empty());
}

TEST(SmallIdSet, ContainsSaysNoOutsideItsRange) {
  Set s;
  s.Insert(64);
  EXPECT_TRUE(s.Contains(64));
  EXPECT_FALSE(s.Contains(63));
  EXPECT_FALSE(s.Contains(-1));
  EXPECT_FALSE(s.Contains(128));
}

TEST(SmallIdSet, EqualWhenTheSameIds) {
  Set a, b;
  a.Insert(5);
  a.Insert(100);
  b.Insert(100);
  EXPECT_NE(a, b);
  b.Insert(5);
  EXPECT_EQ(a, b);
}

TEST(SmallIdSet, OnlyTheLastWordSet) {
  Set s;
  s.Insert(127);
  EXPECT_EQ(s.front(), 127);
  EXPECT_EQ(Ids(s), std::vector<int>{127});
}

}  // namespace
}  // namespace aftercare
