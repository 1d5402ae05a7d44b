// A patient's own products against the healing days after one treatment
// (catalog stage): for each day 0..N, by routine step, which of them to use,
// which to keep away and the date each comes back, what is missing and what
// would fill it (from what the protocol recommends), and the day's advice;
// and the days on which a product comes back, the events of a calendar.
// Built on ReviewStock: the verdicts are those of `check`, `scan` and `stock`.
// Pure functions; thread-safe.
#ifndef AFTERCARE_CATALOG_PATIENT_PLAN_H_
#define AFTERCARE_CATALOG_PATIENT_PLAN_H_

#include <optional>
#include <string>
#include <vector>

#include "aftercare/aftercare.h"
#include "aftercare/catalog/stock_review.h"
#include "aftercare/rules/healing_day.h"
#include "aftercare/rules/protocol_file.h"
#include "aftercare/rules/verdict.h"

namespace aftercare::catalog {

// One of the patient's products kept away on a day.
struct KeepAway {
  int entry = -1;                // index into PatientPlan::review.entries
  std::vector<std::string> why;  // the category names that avoid it that day ("Retinoids")
  std::optional<int> back_day;   // the first day it is safe for good (may be after the plan); nullopt: never
  bool operator==(const KeepAway&) const = default;
};

// A routine step with no product of the patient's that is safe, over days.
struct Missing {
  RoutineStep step = RoutineStep::kOther;
  int from_day = 0, until_day = 0;  // inclusive
  // What would fill it, from the protocol's recommended categories for the
  // step and the categories it avoids on those days ("a sunscreen with
  // mineral UV filters, without fragrance"); "" when the protocol recommends
  // nothing for the step.
  std::string fill;
  std::vector<int> caution;  // the patient's products usable with care on those days
  bool operator==(const Missing&) const = default;
};

struct PlanDay {
  int day = 0;
  rules::CivilDate date;
  std::vector<PlanStep> steps;      // the review's plan for the day: what to use, per step
  std::vector<KeepAway> keep_away;  // products avoided on the day, in routine order
  std::vector<int> missing;         // indexes into PatientPlan::missing that cover the day
  std::vector<std::string> advice;  // the protocol's advice for the day
};

// A product comes back: on `day` it is `verdict` (safe, or caution) after a
// worse verdict the day before. Day 0 changes are not events: the plan starts there.
struct Change {
  int day = 0;
  int entry = -1;
  rules::Verdict verdict = rules::Verdict::kSafe;
  bool operator==(const Change&) const = default;
};

struct PatientPlan {
  StockReview review;         // the products, their verdicts on days 0..last_day, the review's gaps
  rules::CivilDate treated;   // day 0
  int first_day = 0;          // the first day planned (a patient seen on day 3 needs days 3..N)
  std::vector<PlanDay> days;  // first_day..review.last_day
  const PlanDay& day(int d) const { return days[static_cast<size_t>(d - first_day)]; }
  std::vector<Change> changes;   // by day (after first_day), then routine order
  std::vector<Missing> missing;  // by step, then day; within first_day..last_day
};

// Plans `items` (the patient's products; a bad row stays, never planned)
// under `protocol` for days first_day..last_day from `treated`. Errors:
// ReviewStock's; kInvalidArgument for a first_day after last_day.
Result<PatientPlan> PlanForPatient(const std::vector<StockItem>& items, const Analyzer& analyzer,
                                   const rules::Checker& checker, const rules::ProtocolFile& protocol,
                                   const rules::CivilDate& treated, int first_day, int last_day);

}  // namespace aftercare::catalog

#endif  // AFTERCARE_CATALOG_PATIENT_PLAN_H_
