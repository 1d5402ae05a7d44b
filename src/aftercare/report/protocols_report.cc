#include "aftercare/report/protocols_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <vector>

#include "aftercare/report/join.h"
#include "aftercare/report/json_writer.h"
#include "aftercare/rules/explain.h"

namespace aftercare::report {
namespace {

// What one protocol cites: its own sources (in the order written), and every
// other id its rules and advice cite (sorted).
struct Cited {
  std::vector<std::string> own, min_spf, rows;
  int extrapolated = 0;
};

Cited CitedBy(const db::Protocol& p) {
  Cited c;
  c.own = rules::SplitSources(p.source);
  c.min_spf = rules::SplitSources(p.min_spf_source);
  std::set<std::string> rows;
  for (const auto& r : p.rules) {
    for (auto& id : rules::SplitSources(r.source)) rows.insert(std::move(id));
    c.extrapolated += r.extrapolated;
  }
  for (const auto& a : p.advice) {
    for (auto& id : rules::SplitSources(a.source)) rows.insert(std::move(id));
  }
  for (const auto& id : c.own) rows.erase(id);
  c.rows.assign(rows.begin(), rows.end());
  return c;
}

}  // namespace

std::string ProtocolsText(const db::IngredientDb& db) {
  std::string out;
  for (const auto& p : db.protocols()) {
    Cited c = CitedBy(p);
    out += fmt::format("{}  {}\n  {}\n", p.id, p.name, p.description);
    out += fmt::format("  {} rules ({} extrapolated), {} advice rows; sunscreen SPF {}+ ({})\n", p.rules.size(),
                       c.extrapolated, p.advice.size(), p.min_spf, Join(c.min_spf, ", "));
    out += "  sources\n";
    for (const auto& id : c.own) {
      const db::SourceInfo* s = db.FindSource(id);
      out += fmt::format("    {:<20} {}{}\n", id, s ? s->citation : "(unknown source)",
                         s && !s->url.empty() ? fmt::format(" <{}>", s->url) : "");
    }
    if (!c.rows.empty()) out += fmt::format("  its rows also cite: {}\n", Join(c.rows, ", "));
    out += "\n";
  }
  out +=
      "aftercare explain NAME shows an ingredient's windows under every protocol; aftercare protocols --format json "
      "gives every cited source with its citation.\n";
  return out;
}

std::string ProtocolsJson(const db::IngredientDb& db) {
  std::string out;
  JsonWriter w(&out);
  std::set<std::string> all;
  w.BeginObject().Key("protocols").BeginArray();
  for (const auto& p : db.protocols()) {
    Cited c = CitedBy(p);
    all.insert(c.own.begin(), c.own.end());
    all.insert(c.min_spf.begin(), c.min_spf.end());
    all.insert(c.rows.begin(), c.rows.end());
    w.BeginObject().Key("id").String(p.id).Key("name").String(p.name).Key("procedure").String(p.procedure);
    w.Key("description").String(p.description).Key("min_spf").Int(p.min_spf);
    w.Key("min_spf_sources").StringArray(c.min_spf).Key("sources").StringArray(c.own).Key("cites").StringArray(c.rows);
    w.Key("rules").Int(static_cast<int64_t>(p.rules.size())).Key("extrapolated").Int(c.extrapolated);
    w.Key("advice").Int(static_cast<int64_t>(p.advice.size())).EndObject();
  }
  w.EndArray().Key("sources").BeginArray();
  for (const auto& id : all) {
    const db::SourceInfo* s = db.FindSource(id);
    if (!s) continue;
    w.BeginObject().Key("id").String(s->id).Key("kind").String(s->kind).Key("citation").String(s->citation);
    w.Key("url").String(s->url).Key("date").String(s->date).EndObject();
  }
  w.EndArray().EndObject();
  out += '\n';
  return out;
}

}  // namespace aftercare::report
