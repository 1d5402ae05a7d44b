#include "aftercare/text/prose_words.h"

#include <algorithm>
#include <array>
#include <vector>

#include "aftercare/base/ascii.h"

namespace aftercare::text {
namespace {

// clang-format off
constexpr std::string_view kFunctionWords[] = {
    "a",       "an",       "the",      "and",     "or",       "but",     "your",    "you",     "our",    "we",
    "us",      "it",       "its",      "this",    "that",     "these",   "those",   "is",      "are",    "was",
    "were",    "be",       "been",     "will",    "can",      "may",     "might",   "should",  "would",  "could",
    "to",      "for",      "of",       "in",      "on",       "at",      "by",      "with",    "from",   "as",
    "into",    "than",     "so",       "not",     "no",       "all",     "any",     "each",    "more",   "most",
    "very",    "just",     "also",     "only",    "such",     "which",   "who",     "what",    "when",   "where",
    "how",     "helps",    "help",     "helping", "skin",     "skin's",  "visibly", "look",    "looks",  "feel",
    "feels",   "leaves",   "provides", "gently",  "formulated", "please", "refer",  "package", "listings", "updated",
    "products", "product", "hydrates", "hydrating", "while",  "without", "made",    "contains", "free",  "reduce",
    "reduces", "improve",  "improves", "supports", "protects", "soothes", "smooth", "brightens", "appearance",
    "lines",   "wrinkles", "clinically", "proven", "up",      "time",    "receive", "out",    "about",
    // French, Spanish, German, Italian function words of pack text.
    "du",      "des",      "les",      "la",      "le",       "et",      "pour",    "avec",    "contient", "est",
    "el",      "los",      "con",      "para",    "y",        "contiene", "der",    "die",     "und",    "mit",
    "il",      "per",      "une",      "un",       "dans",    "ce",      "sur"};
// clang-format on

// The longest function word is shorter than this; a word whose letters fill
// the buffer is no function word.
constexpr size_t kMaxLetters = 16;

// What CountWords does with each byte.
enum class WordByte : uint8_t { kOther, kLetter, kSeparator };  // letters include the apostrophe
constexpr std::array<WordByte, 256> kWordByte = [] {
  std::array<WordByte, 256> t{};
  for (int b = 0; b < 256; ++b) {
    const char c = static_cast<char>(b);
    if (ascii::IsSpace(c) || c == ',') {
      t[static_cast<size_t>(b)] = WordByte::kSeparator;
    } else if (ascii::IsAlpha(c) || c == '\'') {
      t[static_cast<size_t>(b)] = WordByte::kLetter;
    }
  }
  return t;
}();

// Counts words as their bytes come: a word's letters are lowered into a
// buffer as it is read, and tested when it ends.
class WordCounter {
 public:
  // Reads one byte; true when it ended a word.
  bool Add(char ch) {
    const WordByte k = kWordByte[static_cast<unsigned char>(ch)];
    if (k == WordByte::kSeparator) {
      c_.spaces += ch == ' ' ? 1 : 0;
      if (!in_word_) return false;
      EndWord();
      return true;
    }
    in_word_ = true;
    if (k == WordByte::kLetter && n_ < kMaxLetters) buf_[n_++] = ascii::Lower(ch);
    return false;
  }
  const WordCount& count() const { return c_; }
  // The count, the word being read (if any) ended.
  const WordCount& Finish() {
    if (in_word_) EndWord();
    return c_;
  }

 private:
  void EndWord() {
    ++c_.words;
    c_.stop += n_ > 0 && IsFunctionWord(std::string_view(buf_, n_)) ? 1 : 0;
    n_ = 0;
    in_word_ = false;
  }

  WordCount c_;
  char buf_[kMaxLetters] = {};
  size_t n_ = 0;
  bool in_word_ = false;
};

}  // namespace

bool IsFunctionWord(std::string_view w) {
  // Bucketed by first letter and length: a lookup is a few compares, no hashing.
  struct Table {
    std::vector<std::string_view> bucket[27][kMaxLetters];
    Table() {
      for (std::string_view v : kFunctionWords) {
        if (v.size() < kMaxLetters) bucket[Index(v[0])][v.size()].push_back(v);
      }
    }
    static size_t Index(char c) { return c >= 'a' && c <= 'z' ? static_cast<size_t>(c - 'a') : 26; }
  };
  static const Table kTable;
  if (w.empty() || w.size() >= kMaxLetters) return false;
  const auto& bucket = kTable.bucket[Table::Index(w[0])][w.size()];
  return std::find(bucket.begin(), bucket.end(), w) != bucket.end();
}

WordCount CountWords(std::string_view s) {
  WordCounter counter;
  for (char ch : s) counter.Add(ch);
  return counter.Finish();
}

bool ReadsAsProse(const WordCount& c) {
  if (c.spaces < 3) return false;  // fewer than 4 words
  return (c.words >= 4 && c.stop >= 2) || (c.words >= 7 && c.stop >= 1) || c.words >= 14;
}

bool LooksLikeProse(std::string_view s) {
  // Spaces, words and function words only grow along the text, and
  // ReadsAsProse only asks for enough of them: the first prefix that reads as
  // prose decides for the whole (a claim's colon is tested against the rest of
  // its segment, once per colon).
  WordCounter counter;
  for (char ch : s) {
    if (counter.Add(ch) && ReadsAsProse(counter.count())) return true;
  }
  return ReadsAsProse(counter.Finish());
}

}  // namespace aftercare::text
