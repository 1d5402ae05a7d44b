#include "aftercare/rules/healing_day.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace aftercare::rules {
namespace {

using ::testing::HasSubstr;

TEST(HealingDay, CountsCalendarDaysFromTheTreatment) {
  auto treated = ParseDate("2026-11-20", "--treated");
  ASSERT_TRUE(treated.ok());
  EXPECT_EQ(*HealingDay(*treated, *ParseDate("2026-11-20", "--today")), 0);
  EXPECT_EQ(*HealingDay(*treated, *ParseDate("2026-11-21", "--today")), 1);
  EXPECT_EQ(*HealingDay(*treated, *ParseDate("2026-12-04", "--today")), 14);
  // Across a leap day and a year end.
  EXPECT_EQ(*HealingDay(*ParseDate("2028-02-28", "t"), *ParseDate("2028-03-01", "t")), 2);
  EXPECT_EQ(*HealingDay(*ParseDate("2026-12-31", "t"), *ParseDate("2027-01-01", "t")), 1);
}

TEST(HealingDay, ATimeOfDayDoesNotChangeTheDay) {
  auto late = ParseDate("2026-11-20T23:30", "--treated");
  ASSERT_TRUE(late.ok());
  EXPECT_EQ(*HealingDay(*late, *ParseDate("2026-11-21 00:10", "--today")), 1);
  EXPECT_TRUE(ParseDate("2026-11-20 09:05:59", "--treated").ok());
}

TEST(HealingDay, RejectsWhatIsNotADate) {
  for (const char* bad :
       {"2026-02-30", "2026-13-01", "20261120", "yesterday", "", "2026-11-20T25:00", "2026-11-20T10:61"}) {
    auto d = ParseDate(bad, "--treated");
    ASSERT_FALSE(d.ok()) << bad;
    EXPECT_EQ(d.status().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(d.status().message(), HasSubstr("--treated"));
  }
}

TEST(HealingDay, ATreatmentAfterTodayIsAnError) {
  auto d = HealingDay(*ParseDate("2026-12-01", "t"), *ParseDate("2026-11-29", "t"));
  ASSERT_FALSE(d.ok());
  EXPECT_THAT(d.status().message(), HasSubstr("after today"));
}

}  // namespace
}  // namespace aftercare::rules
