#include "aftercare/db/integrity.h"

#include <re2/re2.h>

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "aftercare/db/category_ids.h"
#include "aftercare/db/ingredient_db.h"
#include "aftercare/db/key_index.h"
#include "aftercare/db/packed_tables.h"
#include "aftercare/db/schema_version.h"

namespace aftercare::db {
namespace {

// Runs `sql` and calls `fn(statement)` for each row.
std::string Str(const Statement& st, int col) { return ColumnString(st, col); }

// The ids of a ';'-separated source list, trimmed.
std::vector<std::string> SplitList(const std::string& list) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = list.find(';', start);
    if (end == std::string::npos) end = list.size();
    std::string id = list.substr(start, end - start);
    while (!id.empty() && id.front() == ' ') id.erase(0, 1);
    while (!id.empty() && id.back() == ' ') id.pop_back();
    out.push_back(std::move(id));
    start = end + 1;
  }
  return out;
}

// The tables packed for lookups (key_index.slots, packed_tables) are the ones
// the ingredients and synonyms tables make: each is packed again and compared
// byte for byte. Appends one problem per table that differs or is missing.
Status CheckPackedTables(Database& db, std::vector<std::string>* problems) {
  ASSIGN_OR_RETURN(PackedKeys keys, PackIngredientKeys(db));
  bool same_slots = false;
  RETURN_IF_ERROR(ForEachRow(db, "SELECT slots FROM key_index",
                             [&](Statement& st) { same_slots = st.ColumnBlob(0) == keys.slots; }));
  if (!same_slots) {
    problems->push_back("key_index.slots does not match the ingredients table's keys; rebuild the database");
  }
  for (const char* name : kPackedTables) {
    ASSIGN_OR_RETURN(std::string want, PackTable(db, name));
    int rows = 0;
    bool same = false;
    ASSIGN_OR_RETURN(Statement st, db.Prepare("SELECT data FROM packed_tables WHERE name = ?"));
    st.Bind(1, std::string_view(name));
    while (true) {
      ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      ++rows;
      same = st.ColumnBlob(0) == want;
    }
    if (rows != 1 || !same) {
      problems->push_back(fmt::format(
          "packed_tables row '{}' does not match the ingredients and synonyms tables; rebuild the database", name));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<std::string>> CheckIntegrity(Database& db) {
  std::vector<std::string> problems;

  ASSIGN_OR_RETURN(int version, db.UserVersion());
  if (version != kSchemaVersion) {
    problems.push_back(fmt::format("schema version is {}, expected {}", version, kSchemaVersion));
    return problems;
  }

  // The packed key index (what IngredientDb::Open reads) is the ingredients table's.
  {
    ASSIGN_OR_RETURN(PackedKeys want, PackIngredientKeys(db));
    int rows = 0;
    bool same = false;
    RETURN_IF_ERROR(ForEachRow(db, "SELECT keys, ids FROM key_index", [&](Statement& st) {
      ++rows;
      same = st.ColumnBlob(0) == want.keys && st.ColumnBlob(1) == want.ids;
    }));
    if (rows != 1 || !same) {
      problems.push_back("key_index does not match the ingredients table's keys; rebuild the database");
    }
  }
  RETURN_IF_ERROR(CheckPackedTables(db, &problems));

  // Sources cited by every table exist.
  std::set<std::string> sources;
  RETURN_IF_ERROR(ForEachRow(db, "SELECT id FROM sources", [&](Statement& st) { sources.insert(Str(st, 0)); }));
  for (const char* table : {"ingredients", "synonyms", "patterns", "members", "exclusions", "protocols",
                            "protocol_rules", "protocol_advice"}) {
    RETURN_IF_ERROR(ForEachRow(db, fmt::format("SELECT source, origin FROM {}", table), [&](Statement& st) {
      for (const auto& id : SplitList(Str(st, 0))) {
        if (!sources.count(id)) {
          problems.push_back(fmt::format("{}: {} cites unknown source '{}'", Str(st, 1), table, id));
        }
      }
    }));
  }

  // The category tree: parents exist, no cycles, the ids the code names present.
  std::map<std::string, std::string> parent;
  std::map<std::string, std::string> cat_origin;
  RETURN_IF_ERROR(ForEachRow(db, "SELECT id, IFNULL(parent, ''), origin FROM categories", [&](Statement& st) {
    parent[Str(st, 0)] = Str(st, 1);
    cat_origin[Str(st, 0)] = Str(st, 2);
  }));
  for (const auto& [id, p] : parent) {
    if (!p.empty() && !parent.count(p)) {
      problems.push_back(fmt::format("{}: category '{}' has unknown parent '{}'", cat_origin[id], id, p));
    }
    std::set<std::string> seen = {id};
    for (std::string cur = p; !cur.empty() && parent.count(cur); cur = parent[cur]) {
      if (!seen.insert(cur).second) {
        problems.push_back(
            fmt::format("{}: category '{}' is its own ancestor (cycle through '{}')", cat_origin[id], id, cur));
        break;
      }
    }
  }
  if (parent.size() > kMaxCategories) {
    problems.push_back(
        fmt::format("categories.csv: {} categories, more than the {} a match can hold: raise kMaxCategories "
                    "(src/aftercare/db/ingredient_db.h)",
                    parent.size(), kMaxCategories));
  }
  for (std::string_view id : kNamedCategories) {
    if (!parent.count(std::string(id))) {
      problems.push_back(
          fmt::format("categories.csv: no category '{}', which the code names "
                      "(src/aftercare/db/category_ids.h): restore it, or rename it there too",
                      id));
    }
  }
  auto ancestors_of = [&](const std::string& cat) {
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (std::string cur = cat; !cur.empty() && seen.insert(cur).second; cur = parent.count(cur) ? parent[cur] : "") {
      out.push_back(cur);
    }
    return out;
  };

  // Exclusions: no member (direct or via a descendant category, curated or by pattern) is excluded.
  std::map<std::pair<int64_t, std::string>, std::pair<std::string, std::string>> excluded;  // -> (origin, inci)
  RETURN_IF_ERROR(ForEachRow(db,
                             "SELECT e.ingredient_id, e.category, e.origin, i.inci FROM exclusions e JOIN ingredients "
                             "i ON i.id = e.ingredient_id",
                             [&](Statement& st) {
                               excluded[{st.ColumnInt(0), Str(st, 1)}] = {Str(st, 2), Str(st, 3)};
                             }));
  RETURN_IF_ERROR(ForEachRow(
      db, "SELECT m.ingredient_id, m.category, m.origin, IFNULL(m.pattern_id, '') FROM members m", [&](Statement& st) {
        int64_t id = st.ColumnInt(0);
        for (const auto& cat : ancestors_of(Str(st, 1))) {
          auto it = excluded.find({id, cat});
          if (it == excluded.end()) continue;
          std::string how = Str(st, 3).empty() ? "a member row" : fmt::format("pattern '{}'", Str(st, 3));
          problems.push_back(fmt::format("{}: {} puts '{}' in '{}', but {} excludes it from '{}'", Str(st, 2), how,
                                         it->second.second, Str(st, 1), it->second.first, cat));
        }
      }));

  // Synonyms never shadow another ingredient's own name; aliases do not chain;
  // facts attach to the reported ingredient, not to an alias.
  RETURN_IF_ERROR(ForEachRow(db,
                             "SELECT s.origin, s.synonym, i.inci FROM synonyms s JOIN ingredients i ON i.key = s.key "
                             "WHERE i.id != s.ingredient_id",
                             [&](Statement& st) {
                               problems.push_back(
                                   fmt::format("{}: synonym '{}' is the INCI name of another ingredient ('{}')",
                                               Str(st, 0), Str(st, 1), Str(st, 2)));
                             }));
  RETURN_IF_ERROR(ForEachRow(
      db,
      "SELECT a.inci, b.inci FROM ingredients a JOIN ingredients b ON b.id = a.alias_of WHERE b.alias_of IS NOT NULL",
      [&](Statement& st) {
        problems.push_back(
            fmt::format("synonyms/equivalent_inci.csv: '{}' is equivalent to '{}', which is itself "
                        "equivalent to another name",
                        Str(st, 0), Str(st, 1)));
      }));
  RETURN_IF_ERROR(
      ForEachRow(db,
                 "SELECT m.origin, i.inci, t.inci FROM members m JOIN ingredients i ON i.id = m.ingredient_id "
                 "JOIN ingredients t ON t.id = i.alias_of WHERE m.pattern_id IS NULL",
                 [&](Statement& st) {
                   problems.push_back(fmt::format("{}: '{}' is declared equivalent to '{}'; put the membership on '{}'",
                                                  Str(st, 0), Str(st, 1), Str(st, 2), Str(st, 2)));
                 }));
  RETURN_IF_ERROR(
      ForEachRow(db,
                 "SELECT s.origin, i.inci, t.inci FROM synonyms s JOIN ingredients i ON i.id = s.ingredient_id "
                 "JOIN ingredients t ON t.id = i.alias_of",
                 [&](Statement& st) {
                   problems.push_back(fmt::format("{}: synonym target '{}' is declared equivalent to '{}'; target '{}'",
                                                  Str(st, 0), Str(st, 1), Str(st, 2), Str(st, 2)));
                 }));

  // Patterns are few enough for a match to hold, compile, and each matches at
  // least one ingredient name (a curated member row may already cover what it matches).
  RETURN_IF_ERROR(ForEachRow(db, "SELECT count(*) FROM patterns", [&](Statement& st) {
    if (static_cast<size_t>(st.ColumnInt(0)) > kMaxPatterns) {
      problems.push_back(
          fmt::format("patterns: {} patterns, more than the {} a match can hold: raise kMaxPatterns "
                      "(src/aftercare/db/ingredient_db.h)",
                      st.ColumnInt(0), kMaxPatterns));
    }
  }));
  std::vector<std::string> keys;
  RETURN_IF_ERROR(ForEachRow(db, "SELECT key FROM ingredients", [&](Statement& st) { keys.push_back(Str(st, 0)); }));
  RETURN_IF_ERROR(ForEachRow(db, "SELECT id, regex, origin FROM patterns", [&](Statement& st) {
    RE2 re(Str(st, 1), RE2::Quiet);
    if (!re.ok()) {
      problems.push_back(fmt::format("{}: pattern '{}' does not compile: {}", Str(st, 2), Str(st, 0), re.error()));
      return;
    }
    bool hit = false;
    for (const auto& k : keys) {
      if (RE2::FullMatch(k, re)) {
        hit = true;
        break;
      }
    }
    if (!hit) problems.push_back(fmt::format("{}: pattern '{}' matches no ingredient name", Str(st, 2), Str(st, 0)));
  }));

  // A protocol's min_spf is an SPF and cites known sources.
  RETURN_IF_ERROR(ForEachRow(db, "SELECT origin, id, min_spf, min_spf_source FROM protocols", [&](Statement& st) {
    if (st.ColumnInt(2) < 1 || st.ColumnInt(2) > 100) {
      problems.push_back(
          fmt::format("{}: protocol '{}': min_spf {} is not an SPF 1-100", Str(st, 0), Str(st, 1), st.ColumnInt(2)));
    }
    for (const auto& id : SplitList(Str(st, 3))) {
      if (!sources.count(id)) {
        problems.push_back(fmt::format("{}: protocols.min_spf_source cites unknown source '{}'", Str(st, 0), id));
      }
    }
  }));

  // Protocol windows are in order and ok_from_day is the day after the last window;
  // a window tied to an event has a window, and its rationale says "or later if" the event.
  RETURN_IF_ERROR(ForEachRow(
      db,
      "SELECT origin, category, avoid_until_day, caution_until_day, ok_from_day, "
      "avoid_until_day IS NULL, caution_until_day IS NULL, until_event, rationale FROM protocol_rules",
      [&](Statement& st) {
        bool has_avoid = st.ColumnInt(5) == 0, has_caution = st.ColumnInt(6) == 0;
        const std::string event = Str(st, 7);
        if (!event.empty() && !has_avoid && !has_caution) {
          problems.push_back(
              fmt::format("{}: '{}': until_event '{}' on a rule with no window", Str(st, 0), Str(st, 1), event));
        }
        if (!event.empty() && Str(st, 8).find("or later if " + event) == std::string::npos) {
          problems.push_back(
              fmt::format("{}: '{}': the rationale does not say \"or later if {}\"", Str(st, 0), Str(st, 1), event));
        }
        int64_t avoid = st.ColumnInt(2), caution = st.ColumnInt(3), ok_from = st.ColumnInt(4);
        if (has_avoid && has_caution && caution <= avoid) {
          problems.push_back(fmt::format("{}: '{}': caution_until_day {} must come after avoid_until_day {}",
                                         Str(st, 0), Str(st, 1), caution, avoid));
        }
        int64_t expected = has_caution ? caution + 1 : has_avoid ? avoid + 1 : 0;
        if (has_avoid && has_caution) expected = std::max(avoid, caution) + 1;
        if (ok_from != expected) {
          problems.push_back(fmt::format("{}: '{}': ok_from_day is {} but the windows end on day {}", Str(st, 0),
                                         Str(st, 1), ok_from, expected - 1));
        }
        if (!parent.count(Str(st, 1))) {
          problems.push_back(fmt::format("{}: rule for unknown category '{}'", Str(st, 0), Str(st, 1)));
        }
      }));

  // Cross-checks against the EU annexes: every Annex VI substance is a UV filter,
  // every Annex IV colourant that CosIng names is a colourant.
  std::map<int64_t, std::set<std::string>> cats_of;
  RETURN_IF_ERROR(ForEachRow(db, "SELECT ingredient_id, category FROM members", [&](Statement& st) {
    for (const auto& c : ancestors_of(Str(st, 1))) cats_of[st.ColumnInt(0)].insert(c);
  }));
  RETURN_IF_ERROR(
      ForEachRow(db,
                 "SELECT annex, ref, name, ingredient_id IS NULL, IFNULL(ingredient_id, -1) FROM annex_entries "
                 "WHERE annex IN ('IV', 'VI')",
                 [&](Statement& st) {
                   std::string annex = Str(st, 0);
                   bool unmatched = st.ColumnInt(3) != 0;
                   if (annex == "VI" && unmatched) {
                     problems.push_back(
                         fmt::format("sources/annex.VI.csv: ref {} '{}' matches no ingredient name; add it to "
                                     "extra_ingredients/ or a synonym",
                                     Str(st, 1), Str(st, 2)));
                     return;
                   }
                   if (unmatched) return;
                   const std::string want(annex == "VI" ? kUvFilter : kColorant);
                   if (!cats_of[st.ColumnInt(4)].count(want)) {
                     problems.push_back(fmt::format("sources/annex.{}.csv: ref {} '{}' is not in category '{}'", annex,
                                                    Str(st, 1), Str(st, 2), want));
                   }
                 }));
  return problems;
}

}  // namespace aftercare::db
