#include "aftercare/catalog/patient_plan.h"

#include <algorithm>

#include <fmt/format.h>

#include "aftercare/db/category_ids.h"

namespace aftercare::catalog {
namespace {

using rules::RuleOn;
using rules::Verdict;

// Whether category `id` is `ancestor` or under it.
bool Under(const db::IngredientDb& db, db::CategoryId id, std::optional<db::CategoryId> ancestor) {
  if (!ancestor) return false;
  const auto chain = db.WithAncestors(id);
  return std::find(chain.begin(), chain.end(), *ancestor) != chain.end();
}

// A category's name inside a sentence: "Mineral UV filters" -> "mineral UV
// filters" (an acronym, "UV filters", stays).
std::string InText(std::string name) {
  if (name.size() > 1 && name[0] >= 'A' && name[0] <= 'Z' && !(name[1] >= 'A' && name[1] <= 'Z')) name[0] += 'a' - 'A';
  return name;
}

// What would fill a missing step on days [from, until]: a product of the step
// with one of the categories the protocol recommends for it and avoids on
// none of those days (a caution day stays a caution: the verdict says so). Sunscreens are filled by the recommended UV
// filters; serums and moisturizers by the other recommended categories;
// cleansers by none (the protocol recommends no cleansing category).
std::string Fill(const db::IngredientDb& db, const db::Protocol& protocol, RoutineStep step, int from, int until) {
  if (step != RoutineStep::kSunscreen && step != RoutineStep::kMoisturizer && step != RoutineStep::kSerum) return "";
  const std::optional<db::CategoryId> uv = db.FindCategory(db::kUvFilter);
  // While the protocol allows no leave-on cosmetics (ablative laser, before
  // re-epithelialisation), only a product whose base is a category it
  // recommends from day 0 counts (the checker's leave-on-cosmetic rule): that
  // is what fills any leave-on step then.
  const std::optional<db::CategoryId> cosmetics = db.FindCategory(db::kLeaveOnCosmetic);
  bool bases_only = false;
  for (const db::ProtocolRule& rule : protocol.rules) {
    if (!cosmetics || rule.category != *cosmetics) continue;
    for (int d = from; d <= until; ++d) bases_only = bases_only || RuleOn(rule, d) == Verdict::kAvoid;
  }
  std::vector<std::string> names;
  for (const db::ProtocolRule& rule : protocol.rules) {
    if (!rule.recommended || rule.category < 0) continue;
    if (bases_only ? rule.ok_from_day != 0 || Under(db, rule.category, uv)
                   : Under(db, rule.category, uv) != (step == RoutineStep::kSunscreen)) {
      continue;
    }
    bool allowed = true;
    for (int d = from; d <= until; ++d) allowed = allowed && RuleOn(rule, d) != Verdict::kAvoid;
    const std::string& name = db.category(rule.category).name;
    if (allowed && std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  if (names.empty()) return "";
  std::string with;
  for (size_t i = 0; i < names.size(); ++i) {
    with += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + InText(names[i]);
  }
  if (bases_only) {
    return fmt::format(
        "a {} whose base (its first ingredient) is one of {}, and nothing the protocol avoids on "
        "those days",
        RoutineStepName(step), with);
  }
  return fmt::format("a {} with {}, and nothing the protocol avoids on those days", RoutineStepName(step), with);
}

// The category names of the triggers that avoid entry `e` on `day`.
std::vector<std::string> AvoidedBy(const db::IngredientDb& db, const StockEntry& e, int day) {
  std::vector<std::string> out;
  if (!e.assessment) return out;
  for (const auto& t : e.assessment->triggers) {
    if (t.On(day) != Verdict::kAvoid) continue;
    std::optional<db::CategoryId> id = db.FindCategory(t.category);
    std::string name = id ? db.category(*id).name : t.category;
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
  }
  return out;
}

}  // namespace

Result<PatientPlan> PlanForPatient(const std::vector<StockItem>& items, const Analyzer& analyzer,
                                   const rules::Checker& checker, const rules::ProtocolFile& protocol,
                                   const rules::CivilDate& treated, int first_day, int last_day) {
  if (first_day < 0 || first_day > last_day) {
    return InvalidArgument(fmt::format("days {}-{}: the first day is after the last", first_day, last_day));
  }
  ASSIGN_OR_RETURN(StockReview review, ReviewStock(items, analyzer, checker, protocol, last_day));
  const db::IngredientDb& db = analyzer.db();
  PatientPlan plan;
  plan.treated = treated;
  plan.first_day = first_day;

  // What is missing: the review's gaps (every essential step, and a step the
  // patient has no product for at all), each with what would fill it.
  for (const Gap& g : review.gaps) {
    if (g.until_day < first_day) continue;
    const int from = std::max(g.from_day, first_day);
    plan.missing.push_back(
        {g.step, from, g.until_day, Fill(db, review.protocol, g.step, from, g.until_day), g.caution});
  }

  for (int d = first_day; d <= last_day; ++d) {
    PlanDay day;
    day.day = d;
    day.date = rules::AddDays(treated, d);
    day.steps = review.plan[static_cast<size_t>(d)].steps;
    for (int i : review.grid_order) {
      const StockEntry& e = review.entries[static_cast<size_t>(i)];
      if (!e.evaluated() || e.days[static_cast<size_t>(d)] != Verdict::kAvoid) continue;
      KeepAway k{i, AvoidedBy(db, e, d), std::nullopt};
      if (e.assessment->safe_from_day != rules::kNeverSafe) k.back_day = e.assessment->safe_from_day;
      day.keep_away.push_back(std::move(k));
    }
    for (size_t m = 0; m < plan.missing.size(); ++m) {
      if (plan.missing[m].from_day <= d && d <= plan.missing[m].until_day) day.missing.push_back(static_cast<int>(m));
    }
    for (const auto& a : review.protocol.advice) {
      if (a.from_day <= d && (!a.until_day || d <= *a.until_day)) day.advice.push_back(a.advice);
    }
    plan.days.push_back(std::move(day));
  }

  for (int d = first_day + 1; d <= last_day; ++d) {
    for (int i : review.grid_order) {
      const StockEntry& e = review.entries[static_cast<size_t>(i)];
      if (!e.evaluated()) continue;
      const Verdict before = e.days[static_cast<size_t>(d - 1)], now = e.days[static_cast<size_t>(d)];
      if (now < before) plan.changes.push_back({d, i, now});
    }
  }
  plan.review = std::move(review);
  return plan;
}

}  // namespace aftercare::catalog
