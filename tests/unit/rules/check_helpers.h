// What the rules tests share: the built-in microneedling protocol, a check of
// a parsed label on a day, and the categories of an assessment's reasons,
// triggers and not-counted ingredients.
#ifndef AFTERCARE_TESTS_UNIT_RULES_CHECK_HELPERS_H_
#define AFTERCARE_TESTS_UNIT_RULES_CHECK_HELPERS_H_

#include <optional>
#include <string>
#include <vector>

#include "../test_analyzer.h"
#include "aftercare/rules/verdict.h"

namespace aftercare::rules {

inline const db::Protocol& Microneedling() { return **testing::RealChecker().FindProtocol("microneedling"); }

// Checks `label` (kept alive by the caller) on `day` under microneedling.
inline Assessment Check(const match::ParsedLabel& label, int day, std::string name = "",
                        std::optional<ProductType> type = std::nullopt, const ClinicPolicy* policy = nullptr) {
  auto a = testing::RealChecker().Assess(label, ProductInfo{std::move(name), type}, Microneedling(), day, policy);
  EXPECT_TRUE(a.ok()) << a.status().ToString();
  return a.ok() ? *a : Assessment{};
}

// The categories of the reasons on the assessment's day, worst first.
inline std::vector<std::string> ReasonCategories(const Assessment& a) {
  std::vector<std::string> out;
  for (const Trigger* t : a.Reasons()) out.push_back(t->category);
  return out;
}

// The categories of every rule that applies, whatever the day.
inline std::vector<std::string> TriggerCategories(const Assessment& a) {
  std::vector<std::string> out;
  for (const auto& t : a.triggers) out.push_back(t.category);
  return out;
}

inline std::vector<std::string> NotCountedCategories(const Assessment& a) {
  std::vector<std::string> out;
  for (const auto& n : a.not_counted) out.push_back(n.category);
  return out;
}

}  // namespace aftercare::rules

#endif  // AFTERCARE_TESTS_UNIT_RULES_CHECK_HELPERS_H_
