// The Analyzer over the real built database, shared by the tests that need it
// (opened once per test binary).
#ifndef AFTERCARE_TESTS_UNIT_TEST_ANALYZER_H_
#define AFTERCARE_TESTS_UNIT_TEST_ANALYZER_H_

#include <gtest/gtest.h>

#include "aftercare/aftercare.h"

namespace aftercare::testing {

inline const Analyzer& RealAnalyzer() {
  static const Analyzer* analyzer = [] {
    auto a = Analyzer::Open(AFTERCARE_TEST_DB, {.functions = true, .table_counts = true});
    if (!a.ok()) {
      ADD_FAILURE() << "cannot open the real DB: " << a.status().ToString();
      std::abort();
    }
    return new Analyzer(std::move(a).value());
  }();
  return *analyzer;
}

}  // namespace aftercare::testing

#endif  // AFTERCARE_TESTS_UNIT_TEST_ANALYZER_H_
