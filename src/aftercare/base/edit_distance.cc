#include "aftercare/base/edit_distance.h"

#include <algorithm>
#include <cstdlib>
#include <vector>

namespace aftercare {

int BoundedEditDistance(std::string_view a, std::string_view b, int limit) {
  const int la = static_cast<int>(a.size()), lb = static_cast<int>(b.size());
  if (std::abs(la - lb) > limit) return limit + 1;
  // Two rows of the dynamic programme, one row apart.
  constexpr size_t kStackRow = 256;
  int stack[2 * kStackRow];
  std::vector<int> heap;
  int* prev = stack;
  int* cur = stack + kStackRow;
  if (static_cast<size_t>(lb) + 1 > kStackRow) {
    heap.resize(2 * (static_cast<size_t>(lb) + 1));
    prev = heap.data();
    cur = heap.data() + lb + 1;
  }
  for (int j = 0; j <= lb; ++j) prev[j] = j;
  for (int i = 1; i <= la; ++i) {
    cur[0] = i;
    int row_min = i;
    for (int j = 1; j <= lb; ++j) {
      const int cost = a[static_cast<size_t>(i - 1)] == b[static_cast<size_t>(j - 1)] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(prev, cur);
  }
  return prev[lb];
}

}  // namespace aftercare
