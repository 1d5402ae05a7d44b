// Joining texts, as every report writer does (report stage).
#ifndef AFTERCARE_REPORT_JOIN_H_
#define AFTERCARE_REPORT_JOIN_H_

#include <string>
#include <string_view>
#include <vector>

namespace aftercare::report {

// The items with `sep` between them (none before an item while nothing is written yet).
inline std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

}  // namespace aftercare::report

#endif  // AFTERCARE_REPORT_JOIN_H_
