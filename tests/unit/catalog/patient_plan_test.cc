// A patient's plan from their own products: dates, what comes back when, what
// is missing and what the protocol says would fill it, days grouped by what
// they ask of the products.
#include "aftercare/catalog/patient_plan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../example_files.h"
#include "../test_analyzer.h"
#include "aftercare/report/plan_report.h"

namespace aftercare::catalog {
namespace {

using ::aftercare::testing::RealAnalyzer;
using ::aftercare::testing::RealChecker;
using rules::CivilDate;
using rules::Verdict;
using ::testing::HasSubstr;

rules::ProtocolFile Builtin() { return {*RealAnalyzer().db().FindProtocol("microneedling"), {}}; }

// The shipped routine: 8 real products (examples/patient-routine.csv).
std::vector<StockItem> Routine() {
  const std::string text = ::aftercare::testing::ExampleFile("patient-routine.csv");
  StringSource source(text);
  auto items = ReadStock(&source, "patient-routine.csv", InputFormat::kCsv, {});
  EXPECT_TRUE(items.ok()) << items.status().ToString();
  return items.ok() ? *items : std::vector<StockItem>{};
}

PatientPlan Plan(const std::vector<StockItem>& items, CivilDate treated = {2026, 12, 28}, int last_day = 14,
                 int first_day = 0) {
  auto p = PlanForPatient(items, RealAnalyzer(), RealChecker(), Builtin(), treated, first_day, last_day);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  return p.ok() ? *p : PatientPlan{};
}

int EntryNamed(const PatientPlan& p, std::string_view name) {
  for (size_t i = 0; i < p.review.entries.size(); ++i) {
    if (p.review.entries[i].item.name.find(name) != std::string::npos) return static_cast<int>(i);
  }
  ADD_FAILURE() << "no product named " << name;
  return -1;
}

TEST(Dates, AddDaysCrossesMonthsYearsAndLeapDays) {
  EXPECT_EQ(rules::AddDays({2026, 12, 28}, 14), (CivilDate{2027, 1, 11}));
  EXPECT_EQ(rules::AddDays({2028, 2, 28}, 1), (CivilDate{2028, 2, 29}));
  EXPECT_EQ(rules::AddDays({2027, 2, 28}, 1), (CivilDate{2027, 3, 1}));
  EXPECT_EQ(rules::AddDays({2027, 1, 1}, -1), (CivilDate{2026, 12, 31}));
  EXPECT_EQ(rules::ShortDate({2026, 12, 22}), "Tue 22 Dec");
  EXPECT_EQ(rules::ShortDate({2027, 1, 3}), "Sun 3 Jan");
  EXPECT_EQ(rules::IsoDate({2027, 1, 3}), "2027-01-03");
}

TEST(PatientPlan, EachDayHasItsDateAndTheProductsComeBackOnTheirFirstSafeDay) {
  const PatientPlan p = Plan(Routine());
  ASSERT_EQ(p.days.size(), 15u);
  EXPECT_EQ(p.days[4].date, (CivilDate{2027, 1, 1}));
  const int retinol = EntryNamed(p, "Retinol");
  // Kept away on day 0 with its reason and the day it is back.
  const auto& away = p.days[0].keep_away;
  auto it = std::find_if(away.begin(), away.end(), [&](const KeepAway& k) { return k.entry == retinol; });
  ASSERT_NE(it, away.end());
  EXPECT_EQ(it->back_day, p.review.entries[static_cast<size_t>(retinol)].assessment->safe_from_day);
  EXPECT_FALSE(it->why.empty());
  // A change is a day on which a product is better than the day before, and only then.
  for (const Change& c : p.changes) {
    const auto& days = p.review.entries[static_cast<size_t>(c.entry)].days;
    EXPECT_LT(days[static_cast<size_t>(c.day)], days[static_cast<size_t>(c.day - 1)]);
    EXPECT_EQ(days[static_cast<size_t>(c.day)], c.verdict);
  }
  const int lotion = EntryNamed(p, "PM Facial Moisturizing Lotion");  // niacinamide: caution days 0-2
  EXPECT_TRUE(std::any_of(p.changes.begin(), p.changes.end(), [&](const Change& c) {
    return c.entry == lotion && c.day == 3 && c.verdict == Verdict::kSafe;
  }));
}

TEST(PatientPlan, WhatIsMissingSaysWhatTheProtocolRecommendsForTheStep) {
  // A cleanser and a retinol serum: no moisturizer, no sunscreen.
  auto items = Routine();
  std::vector<StockItem> two;
  for (auto& i : items) {
    if (i.name.find("Hydrating Facial Cleanser") != std::string::npos || i.name.find("Retinol") != std::string::npos) {
      two.push_back(i);
    }
  }
  ASSERT_EQ(two.size(), 2u);
  const PatientPlan p = Plan(two, {2026, 12, 7}, 14);
  auto missing = [&](RoutineStep s) {
    auto m = std::find_if(p.missing.begin(), p.missing.end(), [&](const Missing& x) { return x.step == s; });
    return m == p.missing.end() ? std::string("(none)") : m->fill;
  };
  // The protocol recommends mineral filters from day 1 (caution on day 0): none fills day 0 itself.
  EXPECT_THAT(missing(RoutineStep::kSunscreen), HasSubstr("mineral UV filters"));
  EXPECT_THAT(missing(RoutineStep::kMoisturizer), HasSubstr("hyaluronic acid"));
  EXPECT_EQ(missing(RoutineStep::kCleanser), "(none)");  // the cleanser is safe every day
  for (const PlanDay& d : p.days) EXPECT_FALSE(d.missing.empty()) << "day " << d.day;
}

TEST(PatientPlan, WhileNoCosmeticIsAllowedOnlyARecommendedBaseFillsAStep) {
  // Ablative laser: leave-on products wait for re-epithelialisation unless
  // their base is what the protocol recommends from day 0 (an ointment).
  const rules::ProtocolFile ablative{*RealAnalyzer().db().FindProtocol("laser-ablative"), {}};
  std::vector<StockItem> cleanser;
  for (auto& i : Routine()) {
    if (i.name.find("Hydrating Facial Cleanser") != std::string::npos) cleanser.push_back(i);
  }
  auto p = PlanForPatient(cleanser, RealAnalyzer(), RealChecker(), ablative, {2026, 12, 7}, 0, 14);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  const auto first = std::find_if(p->missing.begin(), p->missing.end(), [](const Missing& m) {
    return m.step == RoutineStep::kMoisturizer && m.from_day == 0;
  });
  ASSERT_NE(first, p->missing.end());
  EXPECT_THAT(first->fill, HasSubstr("whose base"));
  EXPECT_THAT(first->fill, HasSubstr("occlusive"));
  const auto sun = std::find_if(p->missing.begin(), p->missing.end(),
                                [](const Missing& m) { return m.step == RoutineStep::kSunscreen && m.from_day == 0; });
  ASSERT_NE(sun, p->missing.end());
  EXPECT_THAT(sun->fill, ::testing::Not(HasSubstr("with mineral UV filters")));
}

TEST(PatientPlan, DaysThatAskTheSameOfTheProductsArePrintedOnce) {
  const PatientPlan p = Plan(Routine());
  const auto periods = report::PlanPeriods(p);
  ASSERT_FALSE(periods.empty());
  EXPECT_EQ(periods.front().from_day, 0);
  EXPECT_EQ(periods.back().until_day, 14);
  for (size_t i = 1; i < periods.size(); ++i) EXPECT_EQ(periods[i].from_day, periods[i - 1].until_day + 1);
  EXPECT_LT(periods.size(), 8u);  // a fortnight reads as a handful of periods
  // Every day of a period asks the same.
  for (const auto& period : periods) {
    for (int d = period.from_day + 1; d <= period.until_day; ++d) {
      EXPECT_EQ(p.days[static_cast<size_t>(d)].steps, p.days[static_cast<size_t>(period.from_day)].steps);
      EXPECT_EQ(p.days[static_cast<size_t>(d)].keep_away, p.days[static_cast<size_t>(period.from_day)].keep_away);
    }
  }
}

TEST(PatientPlan, APatientSeenLaterGetsTheRestOfTheDays) {
  const PatientPlan whole = Plan(Routine());
  const PatientPlan later = Plan(Routine(), {2026, 12, 28}, 14, 5);
  ASSERT_EQ(later.days.size(), 10u);
  EXPECT_EQ(later.day(5).date, whole.day(5).date);
  EXPECT_EQ(later.day(9).keep_away, whole.day(9).keep_away);
  for (const Change& c : later.changes) EXPECT_GT(c.day, 5);  // what is back by day 5 is no event
  for (const Missing& m : later.missing) EXPECT_GE(m.from_day, 5);
  const std::string text = report::PlanText(later, {});
  EXPECT_THAT(text, HasSubstr("days 5-14"));
  EXPECT_EQ(text.find("Day 0 ·"), std::string::npos);
  EXPECT_FALSE(PlanForPatient(Routine(), RealAnalyzer(), RealChecker(), Builtin(), {2026, 12, 28}, 9, 7).ok());
}

TEST(PatientPlan, ABadRowIsOnThePlanNotCheckedAndNeverPlanned) {
  auto items = Routine();
  StockItem bad;
  bad.name = "Mystery Cream";
  bad.error = "mine.csv:9: wrong number of fields";
  items.push_back(bad);
  const PatientPlan p = Plan(items);
  const int mystery = EntryNamed(p, "Mystery Cream");
  for (const PlanDay& d : p.days) {
    for (const auto& s : d.steps) {
      EXPECT_EQ(std::count(s.use.begin(), s.use.end(), mystery), 0);
      EXPECT_EQ(std::count(s.caution.begin(), s.caution.end(), mystery), 0);
    }
  }
  EXPECT_THAT(report::PlanText(p, {}), HasSubstr("not checked: mine.csv:9: wrong number of fields"));
}

}  // namespace
}  // namespace aftercare::catalog
