// Transparent hashing for unordered containers keyed by std::string: a lookup
// by std::string_view builds no temporary string. Use with std::equal_to<>.
#ifndef AFTERCARE_BASE_STRING_HASH_H_
#define AFTERCARE_BASE_STRING_HASH_H_

#include <cstddef>
#include <functional>
#include <string_view>

namespace aftercare {

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};

}  // namespace aftercare

#endif  // AFTERCARE_BASE_STRING_HASH_H_
