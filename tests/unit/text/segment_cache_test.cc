#include "aftercare/text/segment_cache.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace aftercare::text {
namespace {

std::vector<SegmentToken> TokensOf(const std::string& text) {
  // One token a word, at its place in the text, named as written.
  std::vector<SegmentToken> out;
  for (size_t b = 0; b < text.size();) {
    size_t e = std::min(text.find(' ', b), text.size());
    SegmentToken t;
    t.begin = static_cast<uint32_t>(b);
    t.end = static_cast<uint32_t>(e);
    t.name = std::string_view(text).substr(b, e - b);
    if (t.name.size() % 3 == 0) t.percent = 0.5 * static_cast<double>(t.name.size());
    t.nano = t.name.size() % 2 == 0;
    t.prose_suspect = b == 0;
    t.colon_head = e == text.size();
    t.pack_text = t.name.size() > 5;
    out.push_back(t);
    b = e + 1;
  }
  return out;
}

void ExpectSame(const SegmentCache::Record& r, const std::vector<SegmentToken>& tokens,
                const std::vector<SegmentNote>& notes) {
  ASSERT_TRUE(r);
  std::vector<SegmentToken> kept_tokens;
  for (size_t k = 0; k < r.tokens(); ++k) kept_tokens.push_back(r.token(k));
  EXPECT_EQ(kept_tokens, tokens);
  std::vector<SegmentNote> kept_notes;
  for (size_t k = 0; k < r.notes(); ++k) kept_notes.push_back(r.note(k));
  EXPECT_EQ(kept_notes, notes);
}

TEST(SegmentCache, KeepsEachReadingByTextAndContext) {
  SegmentCache cache(100);
  const std::string text = "Aqua Glycerin Niacinamide";
  const std::vector<SegmentToken> tokens = TokensOf(text);
  const std::vector<SegmentNote> notes = {{3, "a note", 1, 4}, {7, "", 0, 0}};
  EXPECT_FALSE(cache.Find(0, text));
  SegmentCache::Record kept = cache.Insert(0, text, tokens, notes, true, 2);
  ExpectSame(kept, tokens, notes);
  EXPECT_TRUE(kept.takes_break());
  EXPECT_EQ(kept.break_token(), 2);
  ExpectSame(cache.Find(0, text), tokens, notes);
  // The same text in another context, and other texts, are other entries.
  EXPECT_FALSE(cache.Find(1, text));
  EXPECT_FALSE(cache.Find(0, text.substr(1)));
  EXPECT_FALSE(cache.Find(0, text + " "));
  SegmentCache::Record other = cache.Insert(1, text, {}, {}, false, -1);
  ASSERT_TRUE(other);
  EXPECT_EQ(other.tokens(), 0u);
  EXPECT_FALSE(other.takes_break());
  EXPECT_EQ(other.break_token(), -1);
  // Kept already: not kept twice.
  EXPECT_FALSE(cache.Insert(0, text, tokens, notes, false, -1));
  EXPECT_EQ(cache.size(), 2u);
  // The empty text is a text like any.
  EXPECT_TRUE(cache.Insert(0, "", {}, {}, false, -1));
  EXPECT_TRUE(cache.Find(0, ""));
}

// The matcher keeps a token's reading through a pointer into its record: the
// pointer stays good, and the record the same, however many readings come
// after (the slot table grows, new blocks are taken, one record exceeds a
// block), until Clear().
TEST(SegmentCache, ReadingsStayWhereTheyAreAsTheCacheGrows) {
  SegmentCache cache(1000000);
  std::vector<std::string> texts;
  for (int i = 0; i < 20000; ++i) texts.push_back("Name" + std::to_string(i) + " of " + std::string(i % 37, 'x'));
  texts.push_back(std::string(200000, 'y') + " big");  // larger than a block
  std::vector<uint32_t*> readings;
  for (size_t i = 0; i < texts.size(); ++i) {
    SegmentCache::Record r = cache.Insert(static_cast<uint8_t>(i % 10), texts[i], TokensOf(texts[i]), {}, false, -1);
    ASSERT_TRUE(r) << i;
    *r.reading(0) = static_cast<uint32_t>(i + 1);
    readings.push_back(r.reading(0));
  }
  EXPECT_EQ(cache.size(), texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    SegmentCache::Record r = cache.Find(static_cast<uint8_t>(i % 10), texts[i]);
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(r.reading(0), readings[i]);
    EXPECT_EQ(*readings[i], i + 1);
    ExpectSame(r, TokensOf(texts[i]), {});
    EXPECT_FALSE(cache.Find(static_cast<uint8_t>((i + 1) % 10), texts[i]));
  }
  cache.Clear();
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_FALSE(cache.Find(0, texts[0]));
  EXPECT_TRUE(cache.Insert(0, texts[0], TokensOf(texts[0]), {}, false, -1));
}

TEST(SegmentCache, SaysWhenFull) {
  SegmentCache cache(3);
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(cache.full());
    ASSERT_TRUE(cache.Insert(0, std::to_string(i), {}, {}, false, -1));
  }
  EXPECT_TRUE(cache.full());
  cache.Clear();
  EXPECT_FALSE(cache.full());
}

}  // namespace
}  // namespace aftercare::text
