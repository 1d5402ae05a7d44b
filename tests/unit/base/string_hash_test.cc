#include "aftercare/base/string_hash.h"

#include <set>
#include <string>
#include <unordered_map>

#include <gtest/gtest.h>

namespace aftercare {
namespace {

// Every length takes a different path (0, 1-3, 4-7, 8-16, 17+): each byte of
// each length must reach the hash, and equal text must hash equally.
TEST(StringHash, EveryByteOfEveryLengthCounts) {
  const std::string base = "Caprylic/Capric Triglyceride, Butyrospermum Parkii Butter";
  std::set<uint64_t> seen;
  size_t hashed = 0;
  for (size_t n = 0; n <= base.size(); ++n) {
    std::string s = base.substr(0, n);
    ASSERT_EQ(HashBytes(s), HashBytes(std::string_view(base).substr(0, n)));
    seen.insert(HashBytes(s));
    ++hashed;
    for (size_t i = 0; i < n; ++i) {
      std::string t = s;
      t[i] = static_cast<char>(t[i] ^ 0x01);
      EXPECT_NE(HashBytes(t), HashBytes(s)) << "length " << n << ", byte " << i;
      seen.insert(HashBytes(t));
      ++hashed;
    }
  }
  EXPECT_EQ(seen.size(), hashed);  // no collision among these near neighbours
}

TEST(StringHash, FindsByStringView) {
  std::unordered_map<std::string, int, StringHash, std::equal_to<>> map;
  map.emplace("Aqua", 1);
  map.emplace("Parfum (Fragrance)", 2);
  std::string_view key = "x Parfum (Fragrance)";
  auto it = map.find(key.substr(2));
  ASSERT_NE(it, map.end());
  EXPECT_EQ(it->second, 2);
  EXPECT_EQ(map.find(std::string_view("aqua")), map.end());
}

}  // namespace
}  // namespace aftercare
