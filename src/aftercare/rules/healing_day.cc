#include "aftercare/rules/healing_day.h"

#include <chrono>

#include <fmt/format.h>
#include <re2/re2.h>

namespace aftercare::rules {
namespace {

std::chrono::sys_days ToDays(const CivilDate& d) {
  return std::chrono::sys_days(std::chrono::year(d.year) / std::chrono::month(static_cast<unsigned>(d.month)) /
                               std::chrono::day(static_cast<unsigned>(d.day)));
}

}  // namespace

CivilDate AddDays(const CivilDate& date, int days) {
  const std::chrono::year_month_day ymd(ToDays(date) + std::chrono::days(days));
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

std::string IsoDate(const CivilDate& d) { return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day); }

std::string ShortDate(const CivilDate& d) {
  static constexpr const char* kWeekday[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonth[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::chrono::weekday wd(ToDays(d));
  return fmt::format("{} {} {}", kWeekday[wd.c_encoding()], d.day, kMonth[d.month - 1]);
}

Result<CivilDate> ParseDate(std::string_view text, std::string_view what) {
  static const re2::RE2 kDate(R"(\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*)");
  CivilDate d;
  std::string hh, mm, ss;
  if (!re2::RE2::FullMatch(re2::StringPiece(text.data(), text.size()), kDate, &d.year, &d.month, &d.day, &hh, &mm,
                           &ss)) {
    return InvalidArgument(fmt::format("{} '{}' is not a date: expected {}", what, text, kDateForms));
  }
  auto ymd = std::chrono::year(d.year) / std::chrono::month(static_cast<unsigned>(d.month)) /
             std::chrono::day(static_cast<unsigned>(d.day));
  if (!ymd.ok() || d.year < 1900) return InvalidArgument(fmt::format("{} '{}' is not a valid date", what, text));
  if (!hh.empty() && (std::stoi(hh) > 23 || std::stoi(mm) > 59 || (!ss.empty() && std::stoi(ss) > 59))) {
    return InvalidArgument(fmt::format("{} '{}' has an invalid time of day", what, text));
  }
  return d;
}

Result<int> HealingDay(const CivilDate& treated, const CivilDate& today) {
  auto days = (ToDays(today) - ToDays(treated)).count();
  if (days < 0) {
    return InvalidArgument(fmt::format("the treatment date {} is after today ({})", IsoDate(treated), IsoDate(today)));
  }
  return static_cast<int>(days);
}

}  // namespace aftercare::rules
