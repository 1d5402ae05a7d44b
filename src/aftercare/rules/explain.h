// What the database knows about one ingredient name, and the day windows every
// protocol applies to it (rules stage). Used by `aftercare explain`.
// Pure function of the Analyzer; thread-safe.
#ifndef AFTERCARE_RULES_EXPLAIN_H_
#define AFTERCARE_RULES_EXPLAIN_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aftercare/aftercare.h"
#include "aftercare/rules/protocol_file.h"

namespace aftercare::rules {

struct CategoryFact {
  std::string id, name;
  bool direct = false;     // a membership of its own, not implied by a child
  std::string implied_by;  // for an ancestor: the direct category that implies it
  std::string source;      // for a direct membership: sources.id list
  std::string pattern_id;  // for a direct membership made by a pattern
  std::string note;
  bool operator==(const CategoryFact&) const = default;
};

struct NotInCategory {
  std::string id, name, reason;
  std::vector<std::string> sources;
  bool operator==(const NotInCategory&) const = default;
};

struct Window {
  std::string protocol, category;
  int row = 0;
  std::optional<int> avoid_until_day, caution_until_day;
  int ok_from_day = 0;
  bool recommended = false, extrapolated = false;
  bool leave_on_only = false;  // not counted in rinse-off products
  std::string rationale;
  std::vector<std::string> sources;
  std::string until_event;  // the event the window's end stands for; empty for a fixed day
  bool operator==(const Window&) const = default;
};

// The ingredient's status on one healing day under one protocol: the worst of
// its windows there. A label can change it (a weak acid low in the list, an
// abrasive outside a scrub): `context` says when the ingredient counts.
struct DayStatus {
  std::string protocol;
  int day = 0;
  std::string status;                // "avoid", "caution" or "safe"
  std::vector<std::string> by;       // the categories whose window gives that status
  std::vector<std::string> context;  // when it counts only in some products
  bool operator==(const DayStatus&) const = default;
};

struct Explanation {
  std::string query;  // the name as asked
  match::MatchKind match = match::MatchKind::kNone;
  std::string matched;             // INCI or synonym that matched; for a pattern, the key it matched
  std::string synonym_kind;        // for a synonym match
  std::string equivalent_written;  // the CosIng name written, when reported as another
  bool recognized_by_pattern_only = false;
  match::PatternReading pattern_reading = match::PatternReading::kNone;  // for a pattern match: how
  std::vector<std::string> pattern_ids;  // match::PatternIds(): the reading's id, or the DB patterns'
  std::string inci, display, cas, ec;    // empty for a pattern-only match
  std::vector<std::string> synonyms;     // other names (synonyms and equivalent INCI)
  std::vector<std::string> functions;    // CosIng functions
  std::vector<CategoryFact> categories;  // sorted by id, ancestors included
  std::vector<NotInCategory> not_in;     // curated look-alike exclusions
  std::vector<Window> windows;           // by protocol, then table row
  std::vector<db::AnnexEntry> annex;
  std::optional<DayStatus> on_day;  // set by ExplainOnDay
  // Why a clinic protocol's avoid list catches it, one line per entry that
  // does ("in the 'Lanolin' family of the avoid list: ..."); set by
  // ExplainAvoided.
  std::vector<std::string> avoided;
};

// Explains `name`. kNotFound "unknown ingredient 'X'" (with "did you mean" when
// something is close) when nothing matches; kInvalidArgument for an empty name.
Result<Explanation> Explain(const Analyzer& analyzer, std::string_view name);

// Explain(), plus the status on `day` under `protocol`. kNotFound for an unknown
// protocol, kInvalidArgument for a negative day; else as Explain().
Result<Explanation> ExplainOnDay(const Analyzer& analyzer, std::string_view name, std::string_view protocol, int day);
// The same under a protocol given whole (a clinic protocol file's): its
// windows, and with `policy` (may be null) its avoid list (ExplainAvoided),
// which makes the ingredient "avoid" on every day.
Result<Explanation> ExplainOnDay(const Analyzer& analyzer, std::string_view name, const db::Protocol& protocol, int day,
                                 const ClinicPolicy* policy);
// Fills ex->avoided: the entries of `policy`'s avoid list that catch the
// explained ingredient (by name, synonym, category or family), and why.
void ExplainAvoided(const Analyzer& analyzer, const ClinicPolicy& policy, Explanation* ex);

// Splits a ';'-separated source list.
std::vector<std::string> SplitSources(std::string_view list);

}  // namespace aftercare::rules

#endif  // AFTERCARE_RULES_EXPLAIN_H_
