// The Analyzer over the real built database, and the Checker over it, shared by
// the tests that need them (made once per test binary).
#ifndef AFTERCARE_TESTS_UNIT_TEST_ANALYZER_H_
#define AFTERCARE_TESTS_UNIT_TEST_ANALYZER_H_

#include <gtest/gtest.h>

#include "aftercare/aftercare.h"
#include "aftercare/rules/verdict.h"

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

inline const rules::Checker& RealChecker() {
  static const rules::Checker* checker = [] {
    auto c = rules::Checker::Create(&RealAnalyzer());
    if (!c.ok()) {
      ADD_FAILURE() << "cannot make the checker: " << c.status().ToString();
      std::abort();
    }
    return std::move(c).value().release();
  }();
  return *checker;
}

}  // namespace aftercare::testing

#endif  // AFTERCARE_TESTS_UNIT_TEST_ANALYZER_H_
