// The files shipped in examples/ (real labels and real products), as the tests
// that use them read them.
#ifndef AFTERCARE_TESTS_UNIT_EXAMPLE_FILES_H_
#define AFTERCARE_TESTS_UNIT_EXAMPLE_FILES_H_

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace aftercare::testing {

// examples/`name` whole ("clinic-stock.csv"); a test fails when it is missing or empty.
inline std::string ExampleFile(const std::string& name) {
  std::ifstream in(std::string(AFTERCARE_SOURCE_DIR "/examples/") + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_FALSE(ss.str().empty()) << "examples/" << name;
  return ss.str();
}

}  // namespace aftercare::testing

#endif  // AFTERCARE_TESTS_UNIT_EXAMPLE_FILES_H_
