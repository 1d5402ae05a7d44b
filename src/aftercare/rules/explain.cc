#include "aftercare/rules/explain.h"

#include <algorithm>

#include <fmt/format.h>

#include "aftercare/db/category_ids.h"
#include "aftercare/rules/verdict.h"

namespace aftercare::rules {

std::vector<std::string> SplitSources(std::string_view list) {
  std::vector<std::string> out;
  out.reserve(static_cast<size_t>(std::count(list.begin(), list.end(), ';')) + 1);
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = list.find(';', start);
    if (end == std::string_view::npos) end = list.size();
    std::string_view part = list.substr(start, end - start);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty()) out.emplace_back(part);
    start = end + 1;
  }
  return out;
}

Result<Explanation> Explain(const Analyzer& analyzer, std::string_view name) {
  const db::IngredientDb& db = analyzer.db();
  Explanation ex;
  ex.query = std::string(name);
  if (analyzer.normalizer().Key(name).empty()) return InvalidArgument("explain: the ingredient name is empty");
  match::Match m = analyzer.matcher().MatchName(name);
  // The label reader's family readings: a species without its plant part, a
  // name cut short (worst-case categories).
  if (!m.ok()) m = analyzer.matcher().MatchSpecies(name);
  if (!m.ok()) m = analyzer.matcher().MatchTruncated(name);
  if (!m.ok()) {
    auto suggestions = analyzer.matcher().Suggest(name);
    std::string hint;
    for (const auto& s : suggestions) hint += (hint.empty() ? "" : "', '") + s;
    return NotFound(hint.empty() ? fmt::format("unknown ingredient '{}'", name)
                                 : fmt::format("unknown ingredient '{}' (did you mean '{}'?)", name, hint));
  }
  ex.match = m.kind;
  if (m.synonym) {
    ex.matched = m.synonym->synonym;
    ex.synonym_kind = m.synonym->kind;
  } else if (m.ingredient >= 0) {
    ex.matched = db.ingredient(m.equivalent_of >= 0 ? m.equivalent_of : m.ingredient).inci;
  } else {
    ex.matched = analyzer.matcher().PatternKey(name, m);
  }
  ex.pattern_reading = m.reading;
  for (std::string_view id : match::PatternIds(m, db)) ex.pattern_ids.emplace_back(id);

  // Direct memberships: the ingredient's own, or the pattern's categories.
  struct Direct {
    db::CategoryId category;
    std::string source, pattern_id, note;
  };
  std::vector<Direct> direct;
  if (m.ingredient >= 0) {
    const db::Ingredient& ing = db.ingredient(m.ingredient);
    if (m.equivalent_of >= 0) ex.equivalent_written = db.ingredient(m.equivalent_of).display;
    ex.inci = ing.inci;
    ex.display = ing.display;
    ex.cas = ing.cas;
    ex.ec = ing.ec;
    ex.functions = ing.functions;
    for (const db::Synonym* s : db.SynonymsOf(m.ingredient)) ex.synonyms.push_back(s->synonym);
    for (db::IngredientId a : db.AliasesOf(m.ingredient)) ex.synonyms.push_back(db.ingredient(a).display);
    for (const auto& mem : ing.members) direct.push_back({mem.category, mem.source, mem.pattern_id, mem.note});
    for (const auto& e : ing.exclusions) {
      ex.not_in.push_back({db.category(e.category).id, db.category(e.category).name, e.reason, SplitSources(e.source)});
    }
    ex.annex = db.AnnexEntriesOf(m.ingredient);
  } else if (m.worst_case()) {
    ex.recognized_by_pattern_only = true;
    const char* why = m.reading == match::PatternReading::kTruncatedName
                          ? "worst case over the INCI names this name starts"
                          : "worst case over the plant parts of this species";
    const std::string reading(match::PatternReadingId(m.reading));
    // In the order the reading met them: an ancestor is implied by the first.
    for (db::CategoryId c : analyzer.matcher().PatternCategoriesInOrder(name, m)) {
      direct.push_back({c, "", reading, why});
    }
  } else {
    ex.recognized_by_pattern_only = true;
    // Each category once, from the first pattern (in id order) that gives it.
    for (db::PatternIndex k : m.patterns) {
      const db::Pattern& p = db.patterns()[static_cast<size_t>(k)];
      if (std::none_of(direct.begin(), direct.end(), [&](const Direct& d) { return d.category == p.category; })) {
        direct.push_back({p.category, p.source, p.id, p.note});
      }
    }
  }

  for (const auto& d : direct) {
    CategoryFact f;
    const db::Category& c = db.category(d.category);
    f.id = c.id;
    f.name = c.name;
    f.direct = true;
    f.source = d.source;
    f.pattern_id = d.pattern_id;
    f.note = d.note;
    ex.categories.push_back(f);
  }
  for (const auto& d : direct) {
    auto chain = db.WithAncestors(d.category);
    for (size_t i = 1; i < chain.size(); ++i) {
      const db::Category& c = db.category(chain[i]);
      bool present =
          std::any_of(ex.categories.begin(), ex.categories.end(), [&](const CategoryFact& f) { return f.id == c.id; });
      if (present) continue;
      CategoryFact f;
      f.id = c.id;
      f.name = c.name;
      f.implied_by = db.category(d.category).id;
      ex.categories.push_back(f);
    }
  }
  std::sort(ex.categories.begin(), ex.categories.end(),
            [](const CategoryFact& a, const CategoryFact& b) { return a.id < b.id; });

  for (const auto& protocol : db.protocols()) {
    for (const auto& rule : protocol.rules) {
      const std::string& cat = db.category(rule.category).id;
      bool applies =
          std::any_of(ex.categories.begin(), ex.categories.end(), [&](const CategoryFact& f) { return f.id == cat; });
      if (!applies) continue;
      ex.windows.push_back({protocol.id, cat, rule.row, rule.avoid_until_day, rule.caution_until_day, rule.ok_from_day,
                            rule.recommended, rule.extrapolated, rule.leave_on_only, rule.rationale,
                            SplitSources(rule.source), rule.until_event});
    }
  }
  return ex;
}

void ExplainAvoided(const Analyzer& analyzer, const ClinicPolicy& policy, Explanation* ex) {
  const db::IngredientDb& db = analyzer.db();
  // The explained ingredient, as Explain() matched it (-1: by a pattern only).
  std::optional<db::IngredientId> id;
  if (!ex->inci.empty()) id = db.FindIngredient(analyzer.normalizer().Key(ex->inci));
  for (const auto& av : policy.avoided) {
    std::string how;
    if (id && std::find(av.ingredients.begin(), av.ingredients.end(), *id) != av.ingredients.end()) {
      how = fmt::format("'{}' on the avoid list names it", av.name);
    }
    for (db::CategoryId c : av.categories) {
      const std::string& cat = db.category(c).id;
      bool in =
          std::any_of(ex->categories.begin(), ex->categories.end(), [&](const CategoryFact& f) { return f.id == cat; });
      if (in && how.empty()) how = fmt::format("in the category '{}' that the avoid list names ('{}')", cat, av.name);
    }
    if (how.empty() && id) {
      if (const FamilyMember* f = av.FamilyMemberOf(*id)) {
        how = fmt::format("in the '{}' family of the avoid list: '{}' holds '{}' as whole words", av.name, f->via,
                          f->words);
      }
    }
    if (how.empty() && !id) {
      if (std::string_view words = av.FamilyWordsIn(ex->query); !words.empty()) {
        how = fmt::format("in the '{}' family of the avoid list: the name holds '{}' as whole words", av.name, words);
      }
    }
    if (!how.empty()) {
      ex->avoided.push_back(fmt::format("{}: {}; avoided on every day by the clinic protocol ({}): {}", ex->query, how,
                                        policy.file, av.why));
    }
  }
}

Result<Explanation> ExplainOnDay(const Analyzer& analyzer, std::string_view name, std::string_view protocol, int day) {
  const db::Protocol* p = analyzer.db().FindProtocol(protocol);
  if (!p) return NotFound(fmt::format("unknown protocol '{}'", protocol));
  return ExplainOnDay(analyzer, name, *p, day, nullptr);
}

Result<Explanation> ExplainOnDay(const Analyzer& analyzer, std::string_view name, const db::Protocol& protocol, int day,
                                 const ClinicPolicy* policy) {
  if (day < 0) return InvalidArgument(fmt::format("day {} is before the treatment (day 0)", day));
  ASSIGN_OR_RETURN(Explanation ex, Explain(analyzer, name));
  DayStatus st{protocol.id, day, "safe", {}, {}};
  auto rank = [](std::string_view s) { return s == "avoid" ? 2 : s == "caution" ? 1 : 0; };
  for (const auto& rule : protocol.rules) {
    const std::string& cat = analyzer.db().category(rule.category).id;
    bool applies =
        std::any_of(ex.categories.begin(), ex.categories.end(), [&](const CategoryFact& f) { return f.id == cat; });
    if (!applies) continue;
    std::string s(VerdictName(RuleOn(rule, day)));
    if (s == "safe") continue;
    if (rank(s) > rank(st.status)) {
      st.status = s;
      st.by.clear();
    }
    if (rank(s) == rank(st.status)) st.by.push_back(cat);
  }
  if (policy) {
    ExplainAvoided(analyzer, *policy, &ex);
    if (!ex.avoided.empty()) st = DayStatus{protocol.id, day, "avoid", {"avoided"}, {}};
  }
  // The context markers the curated data carries (see rules/verdict.cc).
  static constexpr std::pair<std::string_view, std::string_view> kContext[] = {
      {"weak_acid",
       "a weak acid: counts as an exfoliant only high in the list, with a declared %, or in an exfoliating product"},
      {"claim_only", "counts as an exfoliant only in a product that claims exfoliation"},
      {"abrasive_only", "an abrasive used for nothing else: counts in every product, whatever its name"},
      {"particle",
       "also a texturiser or absorbent: counts as an abrasive in a scrub, exfoliant, mask, cleanser or wipe, when "
       "the label says exfoliating, scrub or beads, or among the first five"},
      {"soluble_particle",
       "salt or sugar, abrasive only as undissolved crystals: counts among the first five, else only in a list "
       "with no water (in a scrub, exfoliant, cleanser, wipe or mask, or when the label says exfoliating or scrub)"},
      {"top5_or_toner", "a drying alcohol: counts high in the list (first five), above 5 %, or in a toner"},
      {"high_level_only", "counts only at a high level (10 % or more, or among the first three)"},
      {"mild", "a milder surfactant: caution rather than avoid"},
  };
  for (const auto& c : ex.categories) {
    for (const auto& [marker, text] : kContext) {
      if (c.note.substr(0, marker.size()) == marker) st.context.push_back(fmt::format("{}: {}", c.id, text));
    }
    // A category with no window of its own that the rules read the product's type from.
    if (c.id == db::kClay) {
      st.context.push_back(
          fmt::format("{}: among the first five of a mask, or of a product of no known type, it "
                      "makes the product a clay mask (the {} window)",
                      db::kClay, db::kMaskDrying));
    }
  }
  ex.on_day = std::move(st);
  return ex;
}

}  // namespace aftercare::rules
