// The clinical reference (issue 16): real products from ../shared/data with
// the verdicts a careful practitioner accepts on days 0, 1, 3, 7 and 14,
// written blind (tests/regression/clinical/README.md). aftercare is scored
// against it per product-day: agreement, false safe (aftercare says safe where
// the reference does not: must be none), over-caution (stricter than the
// reference) and under-caution (milder, but not safe). The table and every
// disagreement are printed, so a change's effect on accuracy shows in the log.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "../unit/test_analyzer.h"

namespace aftercare {
namespace {

constexpr int kDays[] = {0, 1, 3, 7, 14};

struct Case {
  std::string name, kind, ingredients, reason;
  bool recommended_kind = false;
  std::map<int, rules::Verdict> expect;
};

std::vector<Case> ReadReference() {
  const std::string path = std::string(AFTERCARE_SOURCE_DIR) + "/tests/regression/clinical/reference.jsonl";
  std::ifstream in(path);
  EXPECT_TRUE(in) << path;
  std::vector<Case> out;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) {
      ADD_FAILURE() << path << ":" << n << ": not JSON";
      continue;
    }
    Case c;
    c.name = j.value("name", "");
    c.kind = j.value("kind", "");
    c.ingredients = j.value("ingredients", "");
    c.reason = j.value("reason", "");
    c.recommended_kind = j.value("recommended_kind", false);
    for (int day : kDays) {
      auto v = rules::ParseVerdict(j["expect"].value(std::to_string(day), ""));
      if (!v) ADD_FAILURE() << path << ":" << n << ": no verdict for day " << day;
      c.expect[day] = v.value_or(rules::Verdict::kAvoid);
    }
    out.push_back(std::move(c));
  }
  return out;
}

struct Score {
  int days = 0, agree = 0, false_safe = 0, over = 0, under = 0;
  void Add(rules::Verdict got, rules::Verdict want) {
    ++days;
    if (got == want)
      ++agree;
    else if (got == rules::Verdict::kSafe)
      ++false_safe;
    else if (got > want)
      ++over;
    else
      ++under;
  }
  std::string Row(std::string_view what) const {
    return fmt::format("{:<28} {:>5} {:>6.1f} % {:>6} {:>6} {:>6}\n", what, days, days ? 100.0 * agree / days : 0.0,
                       false_safe, over, under);
  }
};

TEST(ClinicalReference, AgreesWithAPractitionerAndIsNeverFalselySafe) {
  const auto& checker = testing::RealChecker();
  auto protocol = checker.FindProtocol("microneedling");
  ASSERT_TRUE(protocol.ok());
  const std::vector<Case> cases = ReadReference();
  ASSERT_GE(cases.size(), 150u);

  Score all;
  std::map<std::string, Score> by_kind, by_day;
  int recommended = 0, recommended_safe_day1 = 0, reference_safe_day1 = 0;
  std::string disagreements;
  for (const Case& c : cases) {
    const auto parsed = testing::RealAnalyzer().ParseLabel(c.ingredients);
    std::string got_days, want_days;
    bool differs = false;
    for (int day : kDays) {
      auto a = checker.Assess(parsed, {.name = c.name}, **protocol, day);
      ASSERT_TRUE(a.ok()) << c.name << ": " << a.status().ToString();
      const rules::Verdict want = c.expect.at(day);
      all.Add(a->verdict, want);
      by_kind[c.kind].Add(a->verdict, want);
      by_day[fmt::format("day {}", day)].Add(a->verdict, want);
      EXPECT_FALSE(a->verdict == rules::Verdict::kSafe && want != rules::Verdict::kSafe)
          << "false safe: '" << c.name << "' on day " << day << " (reference: " << rules::VerdictName(want) << ", "
          << c.reason << ")";
      differs |= a->verdict != want;
      got_days += fmt::format(" {}", rules::VerdictName(a->verdict).substr(0, 1));
      want_days += fmt::format(" {}", rules::VerdictName(want).substr(0, 1));
      if (day == 1 && c.recommended_kind) {
        recommended_safe_day1 += a->verdict == rules::Verdict::kSafe;
        reference_safe_day1 += want == rules::Verdict::kSafe;
      }
      if (differs && day == 14) {
        std::string reasons;
        auto day0 = checker.Assess(parsed, {.name = c.name}, **protocol, 0);
        for (const auto* t : day0->Reasons()) reasons += fmt::format(" {}:{}", t->category, t->label);
        disagreements += fmt::format("  {} [{}]\n    aftercare{}  reference{}  ({})\n    day-0 reasons:{}\n", c.name,
                                     c.kind, got_days, want_days, c.reason, reasons);
      }
    }
    recommended += c.recommended_kind;
  }
  std::string table =
      fmt::format("{:<28} {:>5} {:>8} {:>6} {:>6} {:>6}\n", "", "days", "agree", "f.safe", "over", "under");
  table += all.Row("all");
  for (const auto& [day, s] : by_day) table += s.Row(day);
  for (const auto& [kind, s] : by_kind) table += s.Row(kind);
  fmt::print("clinical reference: {} products, {} product-days\n{}", cases.size(), all.days, table);
  fmt::print("recommended kinds: {} products; safe on day 1: aftercare {}, reference {}\n", recommended,
             recommended_safe_day1, reference_safe_day1);
  fmt::print("disagreements (days 0 1 3 7 14: s safe, c caution, a avoid):\n{}", disagreements);

  EXPECT_EQ(all.false_safe, 0);
  // A floor just under the agreement measured when issue 16 closed (88.9 %,
  // docs/verdicts.md): a change that loses accuracy fails here.
  EXPECT_GE(100.0 * all.agree / all.days, 88.0);
}

}  // namespace
}  // namespace aftercare
