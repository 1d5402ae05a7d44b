#include "aftercare/report/explain_report.h"

#include <fmt/format.h>

#include "aftercare/report/join.h"
#include "aftercare/report/json_writer.h"

namespace aftercare::report {
namespace {

std::string Bold(const std::string& s, const TextStyle& st) { return st.color ? "\033[1m" + s + "\033[0m" : s; }

std::string DayRange(int from, int to) {
  return from == to ? fmt::format("day {}", from) : fmt::format("days {}-{}", from, to);
}

}  // namespace

std::string DayWindowText(std::optional<int> avoid_until_day, std::optional<int> caution_until_day, int ok_from_day,
                          bool recommended) {
  std::vector<std::string> parts;
  int next = 0;
  if (avoid_until_day) {
    parts.push_back("avoid " + DayRange(0, *avoid_until_day));
    next = *avoid_until_day + 1;
  }
  if (caution_until_day && *caution_until_day >= next) parts.push_back("caution " + DayRange(next, *caution_until_day));
  parts.push_back(recommended ? fmt::format("recommended from day {}", ok_from_day)
                              : fmt::format("fine from day {}", ok_from_day));
  return Join(parts, ", ");
}

std::string ExplainText(const rules::Explanation& ex, const TextStyle& style) {
  std::string out;
  if (ex.recognized_by_pattern_only) {
    std::string what = fmt::format("not a CosIng name, recognised by pattern {}", Join(ex.pattern_ids, ", "));
    if (ex.pattern_reading == match::PatternReading::kSpeciesPartNotStated) {
      what = "a plant species written without its part; counted as every part CosIng lists for it";
    } else if (ex.pattern_reading == match::PatternReading::kTruncatedName) {
      what = "a name cut short; counted as every INCI name it starts";
    }
    out += fmt::format("{}: {}\n", Bold(ex.query, style), what);
  } else {
    out += fmt::format("{}\n", Bold(ex.display, style));
    std::string how;
    switch (ex.match) {
      case match::MatchKind::kExact:
        how = ex.equivalent_written.empty()
                  ? "INCI name"
                  : fmt::format("'{}' is the same substance, reported as this INCI name", ex.equivalent_written);
        break;
      case match::MatchKind::kSynonym:
        how = fmt::format("'{}' is a {} name for it", ex.matched, ex.synonym_kind);
        break;
      default: how = std::string(match::MatchKindName(ex.match)); break;
    }
    out += fmt::format("  matched      {} ({})\n", ex.query, how);
    out += fmt::format("  INCI         {}\n", ex.inci);
    if (!ex.cas.empty()) out += fmt::format("  CAS / EC     {}{}\n", ex.cas, ex.ec.empty() ? "" : " / " + ex.ec);
    if (!ex.synonyms.empty()) out += fmt::format("  also called  {}\n", Join(ex.synonyms, "; "));
    if (!ex.functions.empty()) out += fmt::format("  functions    {} (EU CosIng)\n", Join(ex.functions, ", "));
    for (const auto& a : ex.annex) {
      out += fmt::format("  EU annex     {} ref {}{}\n", a.annex, a.ref,
                         a.max_concentration.empty() ? "" : fmt::format(", max {}", a.max_concentration));
    }
  }
  if (ex.on_day) {
    const auto& d = *ex.on_day;
    out += fmt::format(
        "  on day {:<5} {}{}\n", d.day, d.status,
        d.by.empty() ? fmt::format(" ({})", d.protocol) : fmt::format(" ({}: {})", d.protocol, Join(d.by, ", ")));
    for (const auto& c : d.context) out += fmt::format("               {}\n", c);
  }
  for (const auto& a : ex.avoided) out += fmt::format("  avoided      {}\n", a);
  if (ex.categories.empty()) {
    out += "  categories   none: no aftercare rule concerns this ingredient\n";
  } else {
    out += "  categories\n";
    for (const auto& c : ex.categories) {
      std::string why;
      if (c.direct) {
        std::vector<std::string> cites;
        for (const auto& s : rules::SplitSources(c.source)) cites.push_back(s);
        why = c.pattern_id.empty() ? fmt::format("source: {}", Join(cites, ", "))
              : cites.empty()      ? fmt::format("{}", c.pattern_id)
                                   : fmt::format("pattern {}; source: {}", c.pattern_id, Join(cites, ", "));
        if (!c.note.empty()) why += "; " + c.note;
      } else {
        why = fmt::format("implied by {}", c.implied_by);
      }
      out += fmt::format("    {:<22} {} ({})\n", c.id, c.name, why);
    }
  }
  for (const auto& n : ex.not_in) {
    out += fmt::format("  not {:<18} {} ({}; source: {})\n", n.id, n.name, n.reason, Join(n.sources, ", "));
  }
  if (!ex.windows.empty()) {
    out += "  windows\n";
    for (const auto& w : ex.windows) {
      out += fmt::format("    {} / {}: {}{}{}\n", w.protocol, w.category,
                         DayWindowText(w.avoid_until_day, w.caution_until_day, w.ok_from_day, w.recommended),
                         w.leave_on_only ? ", leave-on products only" : "", w.extrapolated ? " (extrapolated)" : "");
      out += fmt::format("      {} [{}]\n", w.rationale, Join(w.sources, ", "));
    }
  }
  return out;
}

std::string ExplainJson(const rules::Explanation& ex) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("query").String(ex.query);
  w.Key("match").String(match::MatchKindName(ex.match));
  w.Key("matched").String(ex.matched);
  if (!ex.synonym_kind.empty()) w.Key("synonym_kind").String(ex.synonym_kind);
  w.Key("inci").StringOrNull(ex.inci);
  w.Key("display").StringOrNull(ex.display);
  w.Key("cas").StringOrNull(ex.cas);
  w.Key("ec").StringOrNull(ex.ec);
  w.Key("synonyms").StringArray(ex.synonyms);
  w.Key("functions").StringArray(ex.functions);
  w.Key("categories").BeginArray();
  for (const auto& c : ex.categories) w.String(c.id);
  w.EndArray();
  w.Key("category_details").BeginArray();
  for (const auto& c : ex.categories) {
    w.BeginObject();
    w.Key("id").String(c.id).Key("name").String(c.name).Key("direct").Bool(c.direct);
    if (c.direct) {
      w.Key("sources").StringArray(rules::SplitSources(c.source));
      w.Key("pattern").StringOrNull(c.pattern_id);
      w.Key("note").String(c.note);
    } else {
      w.Key("implied_by").String(c.implied_by);
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("not_in").BeginArray();
  for (const auto& n : ex.not_in) {
    w.BeginObject().Key("category").String(n.id).Key("reason").String(n.reason).Key("sources").StringArray(n.sources);
    w.EndObject();
  }
  w.EndArray();
  if (ex.on_day) {
    w.Key("on_day").BeginObject().Key("protocol").String(ex.on_day->protocol).Key("day").Int(ex.on_day->day);
    w.Key("status").String(ex.on_day->status).Key("by").StringArray(ex.on_day->by);
    w.Key("context").StringArray(ex.on_day->context).EndObject();
  }
  if (!ex.avoided.empty()) w.Key("avoided").StringArray(ex.avoided);
  w.Key("windows").BeginArray();
  for (const auto& win : ex.windows) {
    w.BeginObject();
    w.Key("protocol").String(win.protocol).Key("category").String(win.category).Key("row").Int(win.row);
    w.Key("avoid_until_day").OptInt(win.avoid_until_day).Key("caution_until_day").OptInt(win.caution_until_day);
    w.Key("ok_from_day").Int(win.ok_from_day).Key("recommended").Bool(win.recommended);
    w.Key("extrapolated").Bool(win.extrapolated).Key("leave_on_only").Bool(win.leave_on_only);
    w.Key("why").String(win.rationale);
    w.Key("sources").StringArray(win.sources);
    if (!win.until_event.empty()) w.Key("or_later_if").String(win.until_event);
    w.EndObject();
  }
  w.EndArray();
  w.Key("annex").BeginArray();
  for (const auto& a : ex.annex) {
    w.BeginObject().Key("annex").String(a.annex).Key("ref").String(a.ref);
    w.Key("max_concentration").String(a.max_concentration).EndObject();
  }
  w.EndArray();
  w.EndObject();
  out += '\n';
  return out;
}

std::string DbInfoText(const db::IngredientDb& db) {
  std::string out =
      fmt::format("database        {}\nschema version  {}\n\nrows per table\n", db.path(), db.schema_version());
  for (const auto& t : db.table_counts()) out += fmt::format("  {:<16} {:>7}\n", t.table, t.rows);
  out += "\ndata sources\n";
  for (const auto& s : db.sources()) {
    if (s.kind != "dataset" && s.kind != "regulation") continue;
    out += fmt::format("  {:<22} {:<10} {}\n", s.id, s.date.empty() ? "-" : s.date, s.citation);
  }
  out += fmt::format("\n{} sources cited in all (aftercare db info --format json lists them)\n", db.sources().size());
  out += "\nprotocols\n";
  for (const auto& p : db.protocols()) {
    out += fmt::format("  {:<16} {} ({} rules, {} advice rows)\n", p.id, p.name, p.rules.size(), p.advice.size());
  }
  return out;
}

std::string DbInfoJson(const db::IngredientDb& db) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject().Key("path").String(db.path()).Key("schema_version").Int(db.schema_version());
  w.Key("tables").BeginObject();
  for (const auto& t : db.table_counts()) w.KeyText(t.table).Int(t.rows);
  w.EndObject();
  w.Key("sources").BeginArray();
  for (const auto& s : db.sources()) {
    w.BeginObject().Key("id").String(s.id).Key("kind").String(s.kind).Key("citation").String(s.citation);
    w.Key("url").String(s.url).Key("date").String(s.date).EndObject();
  }
  w.EndArray();
  w.Key("protocols").BeginArray();
  for (const auto& p : db.protocols()) {
    w.BeginObject().Key("id").String(p.id).Key("name").String(p.name);
    w.Key("rules").Int(static_cast<int64_t>(p.rules.size())).Key("advice").Int(static_cast<int64_t>(p.advice.size()));
    w.EndObject();
  }
  w.EndArray().EndObject();
  out += '\n';
  return out;
}

}  // namespace aftercare::report
