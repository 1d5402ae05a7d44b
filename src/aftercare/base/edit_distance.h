// Bounded Levenshtein distance (base): the one copy that the fuzzy index, the
// "did you mean" of flags, protocol ids, product types and catalog columns
// share. Thread-safe: pure, no hidden scratch.
#ifndef AFTERCARE_BASE_EDIT_DISTANCE_H_
#define AFTERCARE_BASE_EDIT_DISTANCE_H_

#include <string_view>

namespace aftercare {

// The Levenshtein distance of a and b (bytes), or limit + 1 once it is
// certainly larger than `limit`. Names are short: rows up to 255 bytes live on
// the stack, longer ones on the heap.
int BoundedEditDistance(std::string_view a, std::string_view b, int limit);

}  // namespace aftercare

#endif  // AFTERCARE_BASE_EDIT_DISTANCE_H_
