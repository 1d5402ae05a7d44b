#include "aftercare/text/prose_words.h"

#include <gtest/gtest.h>

#include <string_view>

namespace aftercare::text {
namespace {

TEST(ProseWords, FunctionWordsAreWholeWordsOfLetters) {
  EXPECT_TRUE(IsFunctionWord("the"));
  EXPECT_TRUE(IsFunctionWord("skin's"));
  EXPECT_TRUE(IsFunctionWord("pour"));
  EXPECT_FALSE(IsFunctionWord("them"));
  EXPECT_FALSE(IsFunctionWord(""));
  EXPECT_FALSE(IsFunctionWord("glycerin"));
  EXPECT_FALSE(IsFunctionWord("theeeeeeeeeeeeeeeeeeeeeee"));
}

TEST(ProseWords, WordsRunBetweenSpacesAndCommas) {
  // "(skin's)" reads as "skin's", "for" as itself; "PEG-6", "L'Oreal" and "Aqua/Eau" are no function words.
  const WordCount c = CountWords("  The (skin's) PEG-6,for\tL'Oreal,,Aqua/Eau ");
  EXPECT_EQ(c.words, 6);
  EXPECT_EQ(c.stop, 3);
  EXPECT_EQ(c.spaces, 5);  // ' ' only: not the tab
  EXPECT_EQ(CountWords(" , ,\n").words, 0);
  // Only the first 16 letters are kept: a longer word is no function word.
  EXPECT_EQ(CountWords("theeeeeeeeeeeeeeeeeee the").stop, 1);
}

TEST(ProseWords, ProseWordsOfPackText) {
  EXPECT_TRUE(LooksLikeProse("Please refer to the ingredient list on the product package"));
  EXPECT_FALSE(LooksLikeProse("Behentrimonium Methosulfate and Cetearyl Alcohol"));
  EXPECT_FALSE(LooksLikeProse("Caprylic/Capric Triglyceride"));
  EXPECT_TRUE(LooksLikeProse("Apply to the skin daily, Water, Glycerin, Niacinamide"));
}

TEST(ProseWords, DecidingEarlyIsTheTestOfTheWhole) {
  // ReadsAsProse only grows along a text: LooksLikeProse, which stops at the
  // first word that makes it true, answers as the test of the whole text.
  for (std::string_view s :
       {"", "a b c", "a b c d", "the one and the other", "A B C D E F G H I J K L M N", "A B C D E F G H I J K L M",
        "Water, the, Glycerin, of", "x y z the", "Water Glycerin Niacinamide Squalane Panthenol Allantoin the"}) {
    EXPECT_EQ(LooksLikeProse(s), ReadsAsProse(CountWords(s))) << s;
  }
}

}  // namespace
}  // namespace aftercare::text
