// UTF-8 validity (base): the one copy of the check the catalog readers and the
// encoding detector share. Pure functions; thread-safe.
#ifndef AFTERCARE_BASE_UTF8_H_
#define AFTERCARE_BASE_UTF8_H_

#include <cstddef>
#include <string_view>

namespace aftercare {

// Byte offset of the first invalid UTF-8 sequence in `s` (overlong forms,
// surrogates, code points past U+10FFFF and a sequence cut short by the end
// included), or npos when `s` is valid UTF-8.
size_t InvalidUtf8Offset(std::string_view s);

}  // namespace aftercare

#endif  // AFTERCARE_BASE_UTF8_H_
