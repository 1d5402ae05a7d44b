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

std::string Format(const CivilDate& d) { return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day); }

}  // namespace

Result<CivilDate> ParseDate(std::string_view text, std::string_view what) {
  static const re2::RE2 kDate(R"(\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*)");
  CivilDate d;
  std::string hh, mm, ss;
  if (!re2::RE2::FullMatch(re2::StringPiece(text.data(), text.size()), kDate, &d.year, &d.month, &d.day, &hh, &mm,
                           &ss)) {
    return InvalidArgument(fmt::format("{} '{}' is not a date: expected YYYY-MM-DD, optionally with a time (YYYY-MM-DDTHH:MM)",
                                       what, text));
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
    return InvalidArgument(fmt::format("the treatment date {} is after today ({})", Format(treated), Format(today)));
  }
  return static_cast<int>(days);
}

}  // namespace aftercare::rules
