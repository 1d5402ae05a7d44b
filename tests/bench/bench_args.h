// What the benchmark programs share to read their arguments.
#ifndef AFTERCARE_TESTS_BENCH_BENCH_ARGS_H_
#define AFTERCARE_TESTS_BENCH_BENCH_ARGS_H_

#include <string>
#include <vector>

namespace aftercare::bench {

// "0,1,3,7" -> {0, 1, 3, 7}: a comma-separated list of whole numbers
// (std::stoll's exception on anything else ends the benchmark).
template <typename T = int>
std::vector<T> ParseNumberList(const std::string& s) {
  std::vector<T> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find(',', i);
    if (j == std::string::npos) j = s.size();
    out.push_back(static_cast<T>(std::stoll(s.substr(i, j - i))));
    i = j + 1;
  }
  return out;
}

}  // namespace aftercare::bench

#endif  // AFTERCARE_TESTS_BENCH_BENCH_ARGS_H_
