// Word-level tests of pack text (text stage): does a stretch of a label read
// like a sentence of prose (a claim, a direction, a disclaimer) rather than a
// run of ingredient names? Counts the words between spaces and commas and
// the function words among them ("the", "your", "helps", "pour"). Pure.
#ifndef AFTERCARE_TEXT_PROSE_WORDS_H_
#define AFTERCARE_TEXT_PROSE_WORDS_H_

#include <cstddef>
#include <string_view>

namespace aftercare::text {

// Is `lowered` (lower-case ASCII letters and apostrophes) a function word of
// pack text: an article, pronoun, preposition or a verb of claims, in the
// languages of the data?
bool IsFunctionWord(std::string_view lowered);

// Words, how many of them are function words, and spaces (' ' only).
struct WordCount {
  int words = 0;
  int stop = 0;
  int spaces = 0;
};

// The words of `s`, split at spaces and commas. A word's ASCII letters and
// apostrophes, lowered, say whether it is a function word ("(the" is "the").
WordCount CountWords(std::string_view s);

// Does a text of these words and spaces read like a sentence? True only when
// there are enough of them, so a longer text never reads less like prose than
// its start.
bool ReadsAsProse(const WordCount& c);

// ReadsAsProse() of `s`, decided at the first word that makes it true: a long
// run of names is read only as far as its first words.
bool LooksLikeProse(std::string_view s);

}  // namespace aftercare::text

#endif  // AFTERCARE_TEXT_PROSE_WORDS_H_
