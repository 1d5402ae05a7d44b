#include "aftercare/report/plan_report.h"

#include <algorithm>

#include <fmt/format.h>

#include "aftercare/report/join.h"
#include "aftercare/report/json_writer.h"
#include "aftercare/report/stock_report.h"

namespace aftercare::report {
namespace {

using catalog::KeepAway;
using catalog::Missing;
using catalog::PatientPlan;
using catalog::PlanDay;
using catalog::PlanStep;
using catalog::RoutineStep;
using catalog::StockEntry;
using rules::Verdict;

constexpr std::string_view kNotAdvice =
    "Not medical advice: follow your practitioner's instructions where they differ.";

const StockEntry& Entry(const PatientPlan& p, int i) { return p.review.entries[static_cast<size_t>(i)]; }
const std::string& Name(const PatientPlan& p, int i) { return Entry(p, i).item.name; }

std::string DateOf(const PatientPlan& p, int day) { return rules::ShortDate(rules::AddDays(p.treated, day)); }

std::string DayRange(int from, int to) {
  return from == to ? fmt::format("day {}", from) : fmt::format("days {}-{}", from, to);
}

// "day 3 (Thu 10 Dec)" or "days 3-6 (Thu 10 Dec - Sun 13 Dec)".
std::string Period(const PatientPlan& p, int from, int to) {
  return from == to ? fmt::format("Day {} · {}", from, DateOf(p, from))
                    : fmt::format("Days {}-{} · {} - {}", from, to, DateOf(p, from), DateOf(p, to));
}

std::string Names(const PatientPlan& p, const std::vector<int>& entries) {
  std::string out;
  for (int i : entries) out += (out.empty() ? "" : "; ") + Name(p, i);
  return out;
}

std::string StepTitle(RoutineStep s) {
  std::string name(catalog::RoutineStepName(s));
  name[0] = static_cast<char>(name[0] - 'a' + 'A');
  return name;
}

// "Retinol Serum (Retinoids): back from Mon 21 Dec, day 14".
std::string KeepAwayText(const PatientPlan& p, const KeepAway& k) {
  std::string s = Name(p, k.entry);
  if (!k.why.empty()) s += " (" + Join(k.why, ", ") + ")";
  if (k.back_day) return s + fmt::format(": back from {}, day {}", DateOf(p, *k.back_day), *k.back_day);
  return s + ": never under your protocol";
}

// "no sunscreen you can use on days 1-13 (Tue 8 Dec - Sun 20 Dec): a sunscreen with ... fills it".
std::string MissingText(const PatientPlan& p, const Missing& m) {
  std::string s =
      fmt::format("no {} you can use on {} ({}{})", catalog::RoutineStepName(m.step), DayRange(m.from_day, m.until_day),
                  DateOf(p, m.from_day), m.from_day == m.until_day ? "" : " - " + DateOf(p, m.until_day));
  if (!m.fill.empty()) s += ": " + m.fill + " fills it";
  if (!m.caution.empty()) s += fmt::format("; with your practitioner's agreement: {}", Names(p, m.caution));
  return s;
}

// Whether two days ask the same of the patient's products (the advice is
// printed apart, by its own days).
bool SameDay(const PlanDay& a, const PlanDay& b) {
  return a.steps == b.steps && a.keep_away == b.keep_away && a.missing == b.missing;
}

// The symbol of a verdict on a handout: never colour alone.
std::string_view Mark(Verdict v) { return v == Verdict::kSafe ? "✓" : v == Verdict::kCaution ? "!" : "✗"; }
std::string_view Css(Verdict v) { return v == Verdict::kSafe ? "safe" : v == Verdict::kCaution ? "caution" : "avoid"; }

std::string FirstSafe(const PatientPlan& p, const StockEntry& e) {
  if (!e.evaluated()) return "not checked";
  const int from = e.assessment->safe_from_day;
  if (from == rules::kNeverSafe) return "never (your protocol)";
  return fmt::format("{}, day {}", DateOf(p, from), from);
}

// ICS text: backslash, semicolon, comma and line ends escaped (RFC 5545 3.3.11).
std::string IcsText(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == ';' || c == ',') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '\r') continue;
    out += c;
  }
  return out;
}

// One content line, folded at 75 octets (never inside a UTF-8 sequence), CRLF.
void IcsLine(std::string* out, std::string_view line) {
  size_t width = 75;
  while (line.size() > width) {
    size_t cut = width;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    out->append(line.substr(0, cut));
    out->append("\r\n ");
    line.remove_prefix(cut);
    width = 74;  // the leading space counts
  }
  out->append(line);
  out->append("\r\n");
}

// The protocol's advice rows within the plan, each with its days: in the order
// of their first day ("Days 0-2 · Mon 7 Dec - Wed 9 Dec", advice).
std::vector<std::pair<std::string, std::string>> AdviceByDays(const PatientPlan& p) {
  std::vector<const db::ProtocolAdvice*> rows;
  for (const auto& a : p.review.protocol.advice) {
    if (a.from_day <= p.review.last_day && (!a.until_day || *a.until_day >= p.first_day)) rows.push_back(&a);
  }
  std::stable_sort(rows.begin(), rows.end(), [](auto* a, auto* b) { return a->from_day < b->from_day; });
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto* a : rows) {
    const int from = std::max(a->from_day, p.first_day);
    const int until = a->until_day ? std::min(*a->until_day, p.review.last_day) : p.review.last_day;
    std::string when = Period(p, from, until);
    if (!a->until_day) when = fmt::format("From day {} · {}", from, DateOf(p, from));
    out.emplace_back(std::move(when), a->advice);
  }
  return out;
}

// The products that come back on each day: (day, safe ones, caution ones).
struct Return {
  int day = 0;
  std::vector<std::string> safe, caution;
};
std::vector<Return> Returns(const PatientPlan& p) {
  std::vector<Return> out;
  for (const auto& c : p.changes) {
    if (out.empty() || out.back().day != c.day) out.push_back({c.day, {}, {}});
    (c.verdict == Verdict::kSafe ? out.back().safe : out.back().caution).push_back(Name(p, c.entry));
  }
  return out;
}

std::string Compact(const rules::CivilDate& d) { return fmt::format("{:04}{:02}{:02}", d.year, d.month, d.day); }

}  // namespace

std::vector<PlanPeriod> PlanPeriods(const PatientPlan& plan) {
  std::vector<PlanPeriod> out;
  for (const PlanDay& d : plan.days) {
    if (!out.empty() && SameDay(plan.day(out.back().until_day), d)) {
      out.back().until_day = d.day;
    } else {
      out.push_back({d.day, d.day});
    }
  }
  return out;
}

std::string PlanText(const PatientPlan& p, const PlanHeading& h) {
  std::string out = fmt::format("Aftercare plan: {}, treated {} {} (day 0)\n", p.review.protocol.name,
                                rules::ShortDate(p.treated), p.treated.year);
  std::vector<std::string> who;
  if (!h.clinic.empty()) who.push_back("Clinic: " + h.clinic);
  if (!h.patient.empty()) who.push_back("Patient: " + h.patient);
  if (!who.empty()) out += Join(who, " · ") + "\n";
  out += "\nYour products (✓ use · ! only if your practitioner agrees · ✗ keep away)\n";
  for (int i : p.review.grid_order) {
    const StockEntry& e = Entry(p, i);
    std::string marks;
    if (e.evaluated()) {
      for (int d = p.first_day; d <= p.review.last_day; ++d) marks += std::string(Mark(e.days[static_cast<size_t>(d)]));
    }
    out += fmt::format("  {:<12} {}\n", catalog::RoutineStepName(e.step), e.item.name);
    out += e.evaluated() ? fmt::format("  {:<12} days {}-{} {}  safe from {}\n", "", p.first_day, p.review.last_day,
                                       marks, FirstSafe(p, e))
                         : fmt::format("  {:<12} not checked: {}\n", "", e.error.empty() ? "see below" : e.error);
    for (const auto& l : e.limits) out += fmt::format("  {:<12} note: {}\n", "", l);
  }
  for (const PlanPeriod& period : PlanPeriods(p)) {
    const PlanDay& d = p.day(period.from_day);
    out += "\n" + Period(p, period.from_day, period.until_day) + "\n";
    for (const PlanStep& s : d.steps) {
      if (s.use.empty() && s.caution.empty()) continue;
      out += fmt::format("  {:<12} ", StepTitle(s.step));
      out += s.use.empty() ? "" : "use " + Names(p, s.use);
      if (!s.caution.empty()) {
        out += (s.use.empty() ? "" : "; ") + std::string("only if your practitioner agrees: ") + Names(p, s.caution);
      }
      out += "\n";
    }
    for (const KeepAway& k : d.keep_away) out += fmt::format("  {:<12} {}\n", "Keep away", KeepAwayText(p, k));
    for (int m : d.missing) {
      out += fmt::format("  {:<12} {}\n", "Missing", MissingText(p, p.missing[static_cast<size_t>(m)]));
    }
  }
  if (!p.changes.empty()) {
    out += "\nComing back\n";
    for (const Return& r : Returns(p)) {
      out += fmt::format("  {} (day {})\n", DateOf(p, r.day), r.day);
      if (!r.safe.empty()) out += fmt::format("    you can use {}\n", Join(r.safe, "; "));
      if (!r.caution.empty()) out += fmt::format("    only if your practitioner agrees: {}\n", Join(r.caution, "; "));
    }
  }
  out += "\nAlso\n";
  for (const auto& [when, advice] : AdviceByDays(p)) out += fmt::format("  {}: {}\n", when, advice);
  out += "\n" + std::string(kNotAdvice) + "\n";
  return out;
}

std::string PlanJson(const PatientPlan& p, const PlanHeading& h) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject().Key("schema").Int(kPlanSchema).Key("protocol").String(p.review.protocol.id);
  w.Key("protocol_name").String(p.review.protocol.name).Key("treated").String(rules::IsoDate(p.treated));
  w.Key("first_day")
      .Int(p.first_day)
      .Key("last_day")
      .Int(p.review.last_day)
      .Key("clinic")
      .StringOrNull(h.clinic)
      .Key("patient")
      .StringOrNull(h.patient);
  w.Key("products").BeginArray();
  for (int i : p.review.grid_order) {
    const StockEntry& e = Entry(p, i);
    w.BeginObject().Key("name").String(e.item.name).Key("brand").StringOrNull(e.item.brand);
    w.Key("step").String(catalog::RoutineStepName(e.step));
    w.Key("type").String(e.evaluated() ? rules::ProductTypeName(e.assessment->type.type) : "unknown");
    w.Key("checked").Bool(e.evaluated());
    std::optional<int> from;
    if (e.evaluated() && e.assessment->safe_from_day != rules::kNeverSafe) from = e.assessment->safe_from_day;
    w.Key("safe_from_day").OptInt(from);
    w.Key("safe_from_date");
    if (from) {
      w.String(rules::IsoDate(rules::AddDays(p.treated, *from)));
    } else {
      w.Null();
    }
    w.Key("days").BeginArray();  // first_day..last_day
    if (e.evaluated()) {
      for (int d = p.first_day; d <= p.review.last_day; ++d) w.String(Css(e.days[static_cast<size_t>(d)]));
    }
    w.EndArray().Key("limits").StringArray(e.limits).Key("error").StringOrNull(e.error).EndObject();
  }
  w.EndArray().Key("days").BeginArray();
  for (const PlanDay& d : p.days) {
    w.BeginObject().Key("day").Int(d.day).Key("date").String(rules::IsoDate(d.date)).Key("steps").BeginArray();
    for (const PlanStep& s : d.steps) {
      std::vector<std::string> use, caution;
      for (int i : s.use) use.push_back(Name(p, i));
      for (int i : s.caution) caution.push_back(Name(p, i));
      w.BeginObject().Key("step").String(catalog::RoutineStepName(s.step)).Key("use").StringArray(use);
      w.Key("caution").StringArray(caution).EndObject();
    }
    w.EndArray().Key("keep_away").BeginArray();
    for (const KeepAway& k : d.keep_away) {
      w.BeginObject().Key("name").String(Name(p, k.entry)).Key("why").StringArray(k.why);
      w.Key("back_day").OptInt(k.back_day).Key("back_date");
      if (k.back_day) {
        w.String(rules::IsoDate(rules::AddDays(p.treated, *k.back_day)));
      } else {
        w.Null();
      }
      w.EndObject();
    }
    w.EndArray().Key("missing").BeginArray();
    for (int m : d.missing) w.Int(m);
    w.EndArray().Key("advice").StringArray(d.advice).EndObject();
  }
  w.EndArray().Key("changes").BeginArray();
  for (const auto& c : p.changes) {
    w.BeginObject().Key("day").Int(c.day).Key("date").String(rules::IsoDate(rules::AddDays(p.treated, c.day)));
    w.Key("name").String(Name(p, c.entry)).Key("verdict").String(Css(c.verdict)).EndObject();
  }
  w.EndArray().Key("missing").BeginArray();
  for (const Missing& m : p.missing) {
    std::vector<std::string> caution;
    for (int i : m.caution) caution.push_back(Name(p, i));
    w.BeginObject().Key("step").String(catalog::RoutineStepName(m.step)).Key("from_day").Int(m.from_day);
    w.Key("until_day").Int(m.until_day).Key("fill").StringOrNull(m.fill).Key("caution").StringArray(caution);
    w.EndObject();
  }
  w.EndArray().EndObject();
  out += '\n';
  return out;
}

namespace {

constexpr std::string_view kHandoutCss = R"(
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font: 15px/1.45 "DejaVu Sans", Arial, Helvetica, sans-serif; color: #111; margin: 16px; }
h1 { font-size: 22px; margin: 0 0 2px; } h2 { font-size: 17px; margin: 14px 0 4px; border-bottom: 2px solid #333; }
p.meta { margin: 0 0 6px; }
table { border-collapse: collapse; width: 100%; }
td, th { border: 1px solid #777; padding: 2px 4px; text-align: left; vertical-align: top; }
#grid td.m { text-align: center; font-weight: bold; width: 1.6em; padding: 2px 0; }
#grid th.d { text-align: center; font-size: 11px; padding: 1px 0; }
.safe { background: #a8dcaa; } .caution { background: #f7d774; } .avoid { background: #f0a39b; }
#periods h3 { font-size: 15px; margin: 6px 0 1px; }
#periods ul { margin: 0; padding-left: 1.1em; } #periods li { margin: 0; }
#advice td.when { width: 30%; font-weight: bold; white-space: nowrap; }
.k { font-weight: bold; }
p.legend span { display: inline-block; padding: 0 6px; border: 1px solid #777; margin-right: 4px; }
footer { margin-top: 10px; font-size: 12px; }
@page { size: auto; margin: 11mm; }
@media print {
  body { margin: 0; font-size: 12px; } h1 { font-size: 19px; } h2 { margin-top: 10px; } #periods h3 { font-size: 13px; }
  tr, #periods section { break-inside: avoid; } h2, h3 { break-after: avoid; }
}
)";

}  // namespace

std::string PlanHtml(const PatientPlan& p, const PlanHeading& h) {
  const std::string title = h.patient.empty() ? "Your aftercare plan" : "Aftercare plan for " + h.patient;
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += fmt::format("<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n", HtmlText(title), kHandoutCss);
  out += fmt::format("<h1>{}</h1>\n<p class=\"meta\">{}{}, treated <strong>{} {}</strong> (day 0).</p>\n",
                     HtmlText(title), h.clinic.empty() ? "" : HtmlText(h.clinic) + " · ",
                     HtmlText(p.review.protocol.name), rules::ShortDate(p.treated), p.treated.year);
  // The grid: every product on every day, a symbol in every cell.
  out +=
      "<h2>Your products, day by day</h2>\n<p class=\"legend\"><span class=\"safe\">✓ use</span>"
      "<span class=\"caution\">! only if your practitioner agrees</span><span class=\"avoid\">✗ keep away</span>"
      "</p>\n<table id=\"grid\">\n<tr><th>Product</th>";
  for (const PlanDay& d : p.days) out += fmt::format("<th class=\"d\">{}<br>{}</th>", d.day, d.date.day);
  out += "<th>Safe from</th></tr>\n";
  for (int i : p.review.grid_order) {
    const StockEntry& e = Entry(p, i);
    out += fmt::format("<tr><td>{} <small>({})</small></td>", HtmlText(e.item.name), catalog::RoutineStepName(e.step));
    if (e.evaluated()) {
      for (int d = p.first_day; d <= p.review.last_day; ++d) {
        const Verdict v = e.days[static_cast<size_t>(d)];
        out += fmt::format("<td class=\"m {}\">{}</td>", Css(v), Mark(v));
      }
    } else {
      out += fmt::format("<td colspan=\"{}\">not checked: ask your practitioner</td>", p.days.size());
    }
    out += fmt::format("<td>{}</td></tr>\n", HtmlText(FirstSafe(p, e)));
  }
  out += "</table>\n<h2>What to do</h2>\n<div id=\"periods\">\n";
  for (const PlanPeriod& period : PlanPeriods(p)) {
    const PlanDay& d = p.day(period.from_day);
    out += fmt::format("<section><h3>{}</h3><ul>", HtmlText(Period(p, period.from_day, period.until_day)));
    // One line per kind: what to use (by step), what only with agreement, what
    // to keep away (by the day it comes back), what is missing.
    std::vector<std::string> use, caution;
    for (const PlanStep& s : d.steps) {
      if (!s.use.empty()) {
        use.push_back(fmt::format("<em>{}</em> {}", catalog::RoutineStepName(s.step), HtmlText(Names(p, s.use))));
      }
      for (int i : s.caution) caution.push_back(HtmlText(Name(p, i)));
    }
    if (!use.empty()) out += "<li><span class=\"k\">✓ Use:</span> " + Join(use, " · ") + "</li>";
    if (!caution.empty()) {
      out += "<li><span class=\"k\">! Only if your practitioner agrees:</span> " + Join(caution, "; ") + "</li>";
    }
    for (size_t k = 0; k < d.keep_away.size();) {
      const std::optional<int> back = d.keep_away[k].back_day;
      std::vector<std::string> names;
      for (; k < d.keep_away.size() && d.keep_away[k].back_day == back; ++k) {
        const KeepAway& ka = d.keep_away[k];
        names.push_back(HtmlText(Name(p, ka.entry)) +
                        (ka.why.empty() ? "" : " <small>(" + HtmlText(Join(ka.why, ", ")) + ")</small>"));
      }
      const std::string until = back ? fmt::format("until {} (back on day {})", DateOf(p, *back), *back)
                                     : std::string("for good (your protocol)");
      out += fmt::format("<li><span class=\"k\">✗ Keep away {}:</span> {}</li>", until, Join(names, "; "));
    }
    for (int m : d.missing) {
      out += fmt::format("<li><span class=\"k\">Missing:</span> {}</li>",
                         HtmlText(MissingText(p, p.missing[static_cast<size_t>(m)])));
    }
    out += "</ul></section>\n";
  }
  out += "</div>\n<h2>Also</h2>\n<table id=\"advice\">\n";
  for (const auto& [when, advice] : AdviceByDays(p)) {
    out += fmt::format("<tr><td class=\"when\">{}</td><td>{}</td></tr>\n", HtmlText(when), HtmlText(advice));
  }
  out += "</table>\n";
  out += fmt::format("<footer>{} Made by aftercare from the ingredient lists of your products.</footer>\n",
                     HtmlText(kNotAdvice));
  out += "</body>\n</html>\n";
  return out;
}

std::string PlanIcs(const PatientPlan& p, const PlanHeading& h) {
  std::string out;
  IcsLine(&out, "BEGIN:VCALENDAR");
  IcsLine(&out, "VERSION:2.0");
  IcsLine(&out, "PRODID:-//aftercare//aftercare plan//EN");
  IcsLine(&out, "CALSCALE:GREGORIAN");
  IcsLine(&out, "METHOD:PUBLISH");
  IcsLine(&out, "X-WR-CALNAME:" + IcsText(h.patient.empty() ? "Aftercare plan" : "Aftercare plan for " + h.patient));
  const std::string stamp = Compact(p.treated) + "T000000Z";
  for (size_t i = 0; i < p.changes.size();) {
    // One event per day: every product that comes back on it.
    const int day = p.changes[i].day;
    std::vector<std::string> safe, caution;
    for (; i < p.changes.size() && p.changes[i].day == day; ++i) {
      (p.changes[i].verdict == Verdict::kSafe ? safe : caution).push_back(Name(p, p.changes[i].entry));
    }
    std::string summary = safe.empty() ? "Only if your practitioner agrees: " + Join(caution, ", ")
                                       : "From today you can use " + Join(safe, ", ");
    std::string description =
        fmt::format("Day {} after your treatment ({}, {}).", day, p.review.protocol.name, rules::ShortDate(p.treated));
    if (!safe.empty()) description += "\nFrom today you can use: " + Join(safe, "; ") + ".";
    if (!caution.empty()) description += "\nOnly if your practitioner agrees: " + Join(caution, "; ") + ".";
    for (const KeepAway& k : p.day(day).keep_away) description += "\nStill keep away: " + KeepAwayText(p, k) + ".";
    description += "\n" + std::string(kNotAdvice);
    const rules::CivilDate date = rules::AddDays(p.treated, day);
    IcsLine(&out, "BEGIN:VEVENT");
    IcsLine(&out, fmt::format("UID:aftercare-{}-{}-day-{}@aftercare", Compact(p.treated), p.review.protocol.id, day));
    IcsLine(&out, "DTSTAMP:" + stamp);
    IcsLine(&out, "DTSTART;VALUE=DATE:" + Compact(date));
    IcsLine(&out, "DTEND;VALUE=DATE:" + Compact(rules::AddDays(date, 1)));
    IcsLine(&out, "SUMMARY:" + IcsText(summary));
    IcsLine(&out, "DESCRIPTION:" + IcsText(description));
    IcsLine(&out, "TRANSP:TRANSPARENT");
    IcsLine(&out, "BEGIN:VALARM");
    IcsLine(&out, "ACTION:DISPLAY");
    IcsLine(&out, "DESCRIPTION:" + IcsText(summary));
    IcsLine(&out, "TRIGGER;RELATED=START:PT9H");
    IcsLine(&out, "END:VALARM");
    IcsLine(&out, "END:VEVENT");
  }
  IcsLine(&out, "END:VCALENDAR");
  return out;
}

}  // namespace aftercare::report
