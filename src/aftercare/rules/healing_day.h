// The healing day from a treatment date (rules stage): day 0 is the treatment
// day, day 1 the next calendar day, whatever the time of day. Dates are inputs:
// only the CLI reads the clock. Pure functions; thread-safe.
#ifndef AFTERCARE_RULES_HEALING_DAY_H_
#define AFTERCARE_RULES_HEALING_DAY_H_

#include <string>
#include <string_view>

#include "aftercare/base/status.h"

namespace aftercare::rules {

struct CivilDate {
  int year = 0, month = 0, day = 0;
  bool operator==(const CivilDate&) const = default;
};

// The dates ParseDate reads, as its messages and the command line's help say.
inline constexpr std::string_view kDateForms = "YYYY-MM-DD, optionally with a time (YYYY-MM-DDTHH:MM)";

// Reads "2026-11-29", optionally followed by a time ("2026-11-29T14:30",
// "2026-11-29 14:30:00"; the time is checked, then ignored). kInvalidArgument
// naming `what` for anything else or a date that does not exist ("2026-02-30").
Result<CivilDate> ParseDate(std::string_view text, std::string_view what);

// The date `days` days after `date` (before it, for a negative count).
CivilDate AddDays(const CivilDate& date, int days);
// "2026-12-22".
std::string IsoDate(const CivilDate& date);
// "Tue 22 Dec": a date as a patient reads it on a handout (English names).
std::string ShortDate(const CivilDate& date);

// Days from `treated` to `today`. kInvalidArgument when today is before the treatment.
Result<int> HealingDay(const CivilDate& treated, const CivilDate& today);

}  // namespace aftercare::rules

#endif  // AFTERCARE_RULES_HEALING_DAY_H_
