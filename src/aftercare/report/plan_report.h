// Formats a patient's plan (report stage): text for a terminal, versioned
// JSON for other tools, a printable HTML handout (one or two A4 / Letter
// pages, large type, symbols as well as colours), and an RFC 5545 calendar
// with one event per day a product comes back. Pure functions; thread-safe.
#ifndef AFTERCARE_REPORT_PLAN_REPORT_H_
#define AFTERCARE_REPORT_PLAN_REPORT_H_

#include <string>
#include <vector>

#include "aftercare/catalog/patient_plan.h"
#include "aftercare/db/ingredient_db.h"

namespace aftercare::report {

inline constexpr int kPlanSchema = 1;

// Who the plan is for, as printed on it (both optional).
struct PlanHeading {
  std::string clinic, patient;
};

// Days whose plan for the products reads the same (what to use, what to keep
// away, what is missing) make one period, so a fortnight prints as a handful;
// the advice is printed apart, by its own days.
struct PlanPeriod {
  int from_day = 0, until_day = 0;  // inclusive
};
std::vector<PlanPeriod> PlanPeriods(const catalog::PatientPlan& plan);

std::string PlanText(const catalog::PatientPlan& plan, const PlanHeading& heading);

// One JSON object (schema 1) and a newline; documented in docs/plan.md.
std::string PlanJson(const catalog::PatientPlan& plan, const PlanHeading& heading);

// One self-contained HTML5 document (inline CSS, no script, no external asset).
std::string PlanHtml(const catalog::PatientPlan& plan, const PlanHeading& heading);

// An iCalendar (RFC 5545) with one all-day event per day on which one of the
// products comes back ("From today you can use ..."), each with a display
// reminder at 09:00. CRLF line ends, lines folded at 75 octets. DTSTAMP is
// the treatment date at midnight UTC, so the same plan is the same file.
std::string PlanIcs(const catalog::PatientPlan& plan, const PlanHeading& heading);

}  // namespace aftercare::report

#endif  // AFTERCARE_REPORT_PLAN_REPORT_H_
