#include "aftercare/report/stock_report.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "aftercare/report/explain_report.h"
#include "aftercare/report/json_writer.h"
#include "aftercare/rules/explain.h"

namespace aftercare::report {
namespace {

using catalog::RoutineStep;
using catalog::StockEntry;
using catalog::StockReview;
using rules::Verdict;

const StockEntry& Entry(const StockReview& r, int i) { return r.entries[static_cast<size_t>(i)]; }

// The triggers that make day `day` not safe, worst first: the product's, or
// those of its sub-product `c` (a kit's).
std::vector<const rules::Trigger*> DayReasons(const StockEntry& e, int day,
                                              const rules::ComponentAssessment* c = nullptr) {
  std::vector<const rules::Trigger*> out;
  if (!e.assessment) return out;
  const auto& triggers = e.assessment->triggers;
  for (size_t i = c ? c->triggers_begin : 0; i < (c ? c->triggers_end : triggers.size()); ++i) {
    if (triggers[i].On(day) != Verdict::kSafe) out.push_back(&triggers[i]);
  }
  std::stable_sort(out.begin(), out.end(),
                   [&](const rules::Trigger* a, const rules::Trigger* b) { return a->On(day) > b->On(day); });
  return out;
}

// The triggers that are not safe on some day of the grid, in assessment order.
std::vector<const rules::Trigger*> GridReasons(const StockEntry& e, int last_day) {
  std::vector<const rules::Trigger*> out;
  if (!e.assessment) return out;
  for (const auto& t : e.assessment->triggers) {
    // Windows start on day 0, so a trigger restricts some day of the grid iff it restricts day 0.
    if (t.On(0) != Verdict::kSafe && last_day >= 0) out.push_back(&t);
  }
  return out;
}

std::string TriggerWindow(const rules::Trigger& t) {
  if (t.always) return "avoid on every day";
  if (t.caution_always) return "caution on every day (the clinic protocol avoids ingredients)";
  return DayWindowText(t.avoid_until_day, t.caution_until_day, t.SafeFrom(), false);
}

// "Ceramide 3 [CERAMIDE NP]": the INCI name when the label writes it differently.
std::string TriggerWho(const rules::Trigger& t) {
  std::string who = t.label;
  if (!t.inci.empty() && t.inci != t.label) {
    std::string upper = t.label;
    for (char& c : upper) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    if (upper != t.inci) who += " [" + t.inci + "]";
  }
  return who;
}

// TriggerWho, and in a kit the sub-product of an ingredient: "Glycolic Acid (in Toning Solution)".
std::string KitTriggerWho(const StockEntry& e, const rules::Trigger& t) {
  std::string who = TriggerWho(t);
  const rules::ComponentAssessment* c = e.assessment ? e.assessment->ComponentOf(&t) : nullptr;
  if (c && t.ingredient >= 0) who += fmt::format(" (in {})", c->name.empty() ? "the unnamed product" : c->name);
  return who;
}

// "Retinol — Cosmetic retinoids: avoid days 0-6, caution days 7-13, fine from day 14"
std::string TriggerLine(const std::string& who, const rules::Trigger& t, const db::IngredientDb& db) {
  return fmt::format("{} — {}: {}", who, rules::TriggerCategoryTitle(t.category, db), TriggerWindow(t));
}

std::string Csv(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string HtmlText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

namespace {

// Markdown table cells: no pipes, no line breaks.
std::string Md(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

// The product's name; a row that could not be read may have none.
std::string NameOf(const StockEntry& e) {
  return e.item.name.empty() ? fmt::format("(unreadable row, line {})", e.item.line) : e.item.name;
}

std::string Named(const StockEntry& e) {
  return e.item.brand.empty() ? NameOf(e) : fmt::format("{} ({})", NameOf(e), e.item.brand);
}

std::string NameList(const StockReview& r, const std::vector<int>& idx) {
  std::string out;
  for (int i : idx) out += (out.empty() ? "" : "; ") + NameOf(Entry(r, i));
  return out;
}

// What the stock file says about the quantity: "6 in stock", "out of stock", "12 ml" or "".
std::string QuantityText(const StockEntry& e) {
  if (e.out_of_stock) return "out of stock";
  std::optional<long> units = catalog::StockUnits(e.item.quantity);
  if (!units) return "";
  if (*units < 0) return e.item.quantity;
  return fmt::format("{} in stock", *units);
}

// Out-of-stock products that the plan would otherwise list on some day.
std::vector<int> NotPlanned(const StockReview& r) {
  std::vector<int> out;
  for (const auto& day : r.plan) {
    for (const auto& ps : day.steps) {
      for (int i : ps.out_of_stock) {
        if (std::find(out.begin(), out.end(), i) == out.end()) out.push_back(i);
      }
    }
  }
  std::sort(out.begin(), out.end(), [&](int a, int b) {
    auto pos = [&](int i) { return std::find(r.grid_order.begin(), r.grid_order.end(), i) - r.grid_order.begin(); };
    return pos(a) < pos(b);
  });
  return out;
}

std::string StepTitle(RoutineStep s) {
  std::string n(catalog::RoutineStepName(s));
  n[0] = static_cast<char>(n[0] - 32);
  return n;
}

bool Overridden(const StockReview& r, const std::string& category) {
  for (const auto& o : r.policy.overrides) {
    if (std::find(o.replaced.begin(), o.replaced.end(), category) != o.replaced.end()) return true;
    if (o.replaced.empty() && o.category == category) return true;
  }
  return false;
}

// A kit's sub-products, as the grid shows them under the kit's row.
struct ComponentRow {
  const rules::ComponentAssessment* c;
  const std::vector<Verdict>* days;
  std::string Name() const { return c->name.empty() ? "(unnamed)" : c->name; }
  std::string Type() const { return std::string(rules::ProductTypeName(c->type.type)); }
  std::string FirstSafeDay() const {
    return c->safe_from_day == rules::kNeverSafe ? "never" : std::to_string(c->safe_from_day);
  }
  std::string Cell(int day) const { return std::string(rules::VerdictName((*days)[static_cast<size_t>(day)])); }
};
std::vector<ComponentRow> ComponentRows(const StockEntry& e) {
  std::vector<ComponentRow> out;
  if (!e.assessment) return out;
  for (size_t k = 0; k < e.assessment->components.size() && k < e.component_days.size(); ++k) {
    out.push_back({&e.assessment->components[k], &e.component_days[k]});
  }
  return out;
}

}  // namespace

std::string StockCell(const StockEntry& e, int day) {
  if (!e.evaluated()) return "unchecked";
  return std::string(rules::VerdictName(e.days[static_cast<size_t>(day)]));
}

std::string FirstSafeDay(const StockEntry& e) {
  if (!e.evaluated()) return "";
  if (e.assessment->safe_from_day == rules::kNeverSafe) return "never";
  return std::to_string(e.assessment->safe_from_day);
}

std::string StockCsv(const StockReview& r) {
  std::string out = "step,name,component,brand,sku,quantity,type,first_safe_day";
  for (int d = 0; d <= r.last_day; ++d) out += fmt::format(",day_{}", d);
  out += '\n';
  for (int i : r.grid_order) {
    const StockEntry& e = Entry(r, i);
    std::string type = e.assessment ? std::string(rules::ProductTypeName(e.assessment->type.type)) : e.item.type;
    out += fmt::format("{},{},,{},{},{},{},{}", catalog::RoutineStepName(e.step), Csv(NameOf(e)), Csv(e.item.brand),
                       Csv(e.item.sku), Csv(e.item.quantity), Csv(type), FirstSafeDay(e));
    for (int d = 0; d <= r.last_day; ++d) out += "," + StockCell(e, d);
    out += '\n';
    // A kit's sub-products follow its row, named in the component column (the quantity is the kit's).
    for (const ComponentRow& c : ComponentRows(e)) {
      out += fmt::format("{},{},{},{},{},,{},{}", catalog::RoutineStepName(e.step), Csv(NameOf(e)), Csv(c.Name()),
                         Csv(e.item.brand), Csv(e.item.sku), Csv(c.Type()), c.FirstSafeDay());
      for (int d = 0; d <= r.last_day; ++d) out += "," + c.Cell(d);
      out += '\n';
    }
  }
  return out;
}

std::string StockMarkdown(const StockReview& r) {
  static constexpr auto kMark = [](const std::string& cell) -> std::string_view {
    if (cell == "avoid") return "✗";
    if (cell == "caution") return "!";
    if (cell == "safe") return "✓";
    return "?";
  };
  std::string out = fmt::format(
      "# Stock review: {}\n\nDays 0-{} after treatment (day 0 = treatment day). "
      "✓ safe · ! caution · ✗ avoid · ? not checked.\n",
      r.protocol.name, r.last_day);
  if (r.policy.strict_day_0) {
    out += "\nStrict day 0: nothing but the practitioner-supplied products on the treatment day.\n";
  }
  if (r.policy.acne_prone) out += "\nAcne-prone patient: comedogenic rating 3 is avoided like rating 4-5.\n";
  for (RoutineStep s : catalog::RoutineSteps()) {
    std::vector<int> rows;
    for (int i : r.grid_order) {
      if (Entry(r, i).step == s) rows.push_back(i);
    }
    if (rows.empty()) continue;
    out += fmt::format("\n## {}\n\n| Product | Brand | Quantity | First safe day |", StepTitle(s));
    for (int d = 0; d <= r.last_day; ++d) out += fmt::format(" {} |", d);
    out += "\n|---|---|---|---|";
    for (int d = 0; d <= r.last_day; ++d) out += ":-:|";
    out += '\n';
    for (int i : rows) {
      const StockEntry& e = Entry(r, i);
      std::string first = FirstSafeDay(e);
      out += fmt::format("| {} | {} | {} | {} |", Md(NameOf(e)), Md(e.item.brand), Md(QuantityText(e)),
                         first.empty() ? "not checked" : first);
      for (int d = 0; d <= r.last_day; ++d) out += fmt::format(" {} |", kMark(StockCell(e, d)));
      out += '\n';
      for (const ComponentRow& c : ComponentRows(e)) {
        out += fmt::format("| ↳ {} ({}) | | | {} |", Md(c.Name()), c.Type(), c.FirstSafeDay());
        for (int d = 0; d <= r.last_day; ++d) out += fmt::format(" {} |", kMark(c.Cell(d)));
        out += '\n';
      }
    }
  }
  out += "\n## Gaps\n\n";
  if (r.gaps.empty()) out += "None: every essential step has a safe product on every day.\n";
  for (const auto& g : r.gaps) {
    out += "- " + g.message;
    if (!g.caution.empty()) out += ": with caution, " + NameList(r, g.caution);
    out += '\n';
  }
  out += "\n## Day-by-day plan\n\n| Day | Step | Use | Only with your practitioner's agreement |\n|---|---|---|---|\n";
  for (const auto& day : r.plan) {
    for (const auto& ps : day.steps) {
      out += fmt::format("| {} | {} | {} | {} |\n", day.day, catalog::RoutineStepName(ps.step),
                         ps.use.empty() ? "—" : Md(NameList(r, ps.use)), Md(NameList(r, ps.caution)));
    }
  }
  if (std::vector<int> oos = NotPlanned(r); !oos.empty()) {
    out += fmt::format("\nOut of stock (quantity 0), so not planned: {}.\n", Md(NameList(r, oos)));
  }
  out += "\n## Not fully evaluated\n\n";
  bool any = false;
  for (int i : r.grid_order) {
    const StockEntry& e = Entry(r, i);
    for (const auto& l : e.limits) {
      out += fmt::format("- {}: {}\n", Md(Named(e)), Md(l));
      any = true;
    }
  }
  if (!any) out += "Every product was fully evaluated.\n";
  return out;
}

std::string StockJson(const StockReview& r, const db::IngredientDb& db) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("schema").Int(kStockSchema);
  w.Key("protocol").String(r.protocol.id);
  w.Key("protocol_name").String(r.protocol.name);
  w.Key("protocol_file").StringOrNull(r.policy.file);
  w.Key("last_day").Int(r.last_day);
  w.Key("strict_day_0").Bool(r.policy.strict_day_0);
  w.Key("acne_prone").Bool(r.policy.acne_prone);
  w.Key("products").BeginArray();
  for (int i : r.grid_order) {
    const StockEntry& e = Entry(r, i);
    w.BeginObject();
    w.Key("line").Int(e.item.line);
    w.Key("name").StringOrNull(e.item.name);
    w.Key("brand").StringOrNull(e.item.brand);
    w.Key("sku").StringOrNull(e.item.sku);
    w.Key("quantity").StringOrNull(e.item.quantity);
    w.Key("out_of_stock").Bool(e.out_of_stock);
    w.Key("type").String(e.assessment ? rules::ProductTypeName(e.assessment->type.type) : "unknown");
    w.Key("type_from").StringOrNull(e.assessment ? e.assessment->type.how : "");
    w.Key("step").String(catalog::RoutineStepName(e.step));
    std::string first = FirstSafeDay(e);
    if (first.empty() || first == "never") {
      w.Key("first_safe_day").Null();
    } else {
      w.Key("first_safe_day").Int(e.assessment->safe_from_day);
    }
    w.Key("days").BeginArray();
    for (int d = 0; d <= r.last_day; ++d) w.String(StockCell(e, d));
    w.EndArray();
    if (std::vector<ComponentRow> components = ComponentRows(e); !components.empty()) {
      w.Key("components").BeginArray();
      for (const ComponentRow& c : components) {
        w.BeginObject().Key("name").StringOrNull(c.c->name).Key("type").String(c.Type());
        w.Key("type_from").StringOrNull(c.c->type.how);
        if (c.c->safe_from_day == rules::kNeverSafe) {
          w.Key("first_safe_day").Null();
        } else {
          w.Key("first_safe_day").Int(c.c->safe_from_day);
        }
        w.Key("days").BeginArray();
        for (int d = 0; d <= r.last_day; ++d) w.String(c.Cell(d));
        w.EndArray().EndObject();
      }
      w.EndArray();
    }
    w.Key("reasons").BeginArray();
    for (const rules::Trigger* t : GridReasons(e, r.last_day)) {
      w.BeginObject();
      w.Key("label").String(t->label);
      w.Key("inci").StringOrNull(t->inci);
      w.Key("category").String(t->category);
      w.Key("avoid_until_day").OptInt(t->avoid_until_day);
      w.Key("caution_until_day").OptInt(t->caution_until_day);
      w.Key("always").Bool(t->always);
      if (t->caution_always) w.Key("caution_always").Bool(true);
      w.Key("why").String(t->why);
      w.Key("sources").StringArray(t->sources);
      if (const rules::ComponentAssessment* c = e.assessment->ComponentOf(t)) w.Key("component").StringOrNull(c->name);
      w.EndObject();
    }
    w.EndArray();
    w.Key("limits").StringArray(e.limits);
    w.Key("error").StringOrNull(e.error);
    w.EndObject();
  }
  w.EndArray();
  w.Key("plan").BeginArray();
  for (const auto& day : r.plan) {
    w.BeginObject().Key("day").Int(day.day).Key("steps").BeginArray();
    for (const auto& ps : day.steps) {
      w.BeginObject().Key("step").String(catalog::RoutineStepName(ps.step));
      w.Key("use").BeginArray();
      for (int i : ps.use) w.String(Entry(r, i).item.name);
      w.EndArray().Key("caution").BeginArray();
      for (int i : ps.caution) w.String(Entry(r, i).item.name);
      w.EndArray().Key("out_of_stock").BeginArray();
      for (int i : ps.out_of_stock) w.String(Entry(r, i).item.name);
      w.EndArray().EndObject();
    }
    w.EndArray().EndObject();
  }
  w.EndArray();
  w.Key("gaps").BeginArray();
  for (const auto& g : r.gaps) {
    w.BeginObject().Key("step").String(catalog::RoutineStepName(g.step));
    w.Key("from_day").Int(g.from_day).Key("until_day").Int(g.until_day).Key("message").String(g.message);
    w.Key("caution").BeginArray();
    for (int i : g.caution) w.String(Entry(r, i).item.name);
    w.EndArray().Key("out_of_stock").BeginArray();
    for (int i : g.out_of_stock) w.String(Entry(r, i).item.name);
    w.EndArray().EndObject();
  }
  w.EndArray();
  w.Key("windows").BeginArray();
  for (const auto& rule : r.protocol.rules) {
    const std::string& cat = db.category(rule.category).id;
    w.BeginObject().Key("row").Int(rule.row).Key("category").String(cat);
    w.Key("avoid_until_day").OptInt(rule.avoid_until_day).Key("caution_until_day").OptInt(rule.caution_until_day);
    w.Key("ok_from_day").Int(rule.ok_from_day).Key("recommended").Bool(rule.recommended);
    w.Key("clinic_override").Bool(Overridden(r, cat));
    w.Key("why").String(rule.rationale).Key("sources").StringArray(rules::SplitSources(rule.source));
    w.EndObject();
  }
  w.EndArray();
  w.Key("allowed_products").BeginArray();
  for (const auto& a : r.policy.allowed) {
    w.BeginObject().Key("name").StringOrNull(a.name).Key("sku").StringOrNull(a.sku);
    w.Key("from_day").Int(a.from_day).Key("why").String(a.why).EndObject();
  }
  w.EndArray();
  w.Key("avoided_ingredients").BeginArray();
  for (const auto& a : r.policy.avoided) {
    w.BeginObject().Key("name").String(a.name).Key("why").String(a.why).EndObject();
  }
  w.EndArray();
  w.EndObject();
  out += '\n';
  return out;
}

namespace {

constexpr std::string_view kCss = R"(
:root { --avoid: #e4685d; --caution: #f5c542; --safe: #7cc47f; --unchecked: #b8b8b8; }
* { box-sizing: border-box; }
body { font: 13px/1.4 "DejaVu Sans", Arial, Helvetica, sans-serif; color: #1d1d1d; margin: 16px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 20px 0 6px; border-bottom: 1px solid #999; }
p.meta { margin: 0 0 8px; color: #444; }
.legend span { display: inline-block; padding: 1px 8px; margin-right: 6px; border: 1px solid #777; }
table { border-collapse: collapse; }
#grid { width: 100%; table-layout: fixed; }
#grid th, #grid td { border: 1px solid #888; padding: 2px 3px; }
#grid th.product { width: 30%; text-align: left; } #grid th.first { width: 5.5em; }
#grid td.name { font-size: 12px; overflow-wrap: anywhere; } #grid td.name small { color: #555; }
#grid td.first { text-align: center; font-weight: bold; }
#grid tr.step th { background: #e8e8e8; text-align: left; font-size: 13px; }
#grid tr.component td.name { padding-left: 1.2em; font-size: 11px; }
td.cell { text-align: center; font-size: 11px; font-weight: bold; }
.avoid { background: var(--avoid); } .caution { background: var(--caution); }
.safe { background: var(--safe); } .unchecked { background: var(--unchecked); }
sup.fn { display: none; font-weight: normal; color: #333; }
#grid .oos { color: #a11; font-weight: bold; } #grid tr.out-of-stock td.name { background: #f6e3e1; }
#not-planned { color: #a11; }
#plan td, #plan th, #windows td, #windows th { border: 1px solid #aaa; padding: 3px 5px; vertical-align: top; text-align: left; }
#plan td.day { text-align: center; font-weight: bold; }
#plan .care { color: #7a5a00; font-size: 11px; }
#windows { font-size: 12px; } #windows tr.override td { background: #fff3cd; }
ol.notes { font-size: 11px; padding-left: 2.2em; } ol.notes li { margin: 1px 0; }
li.gap { margin: 2px 0; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@page { size: landscape; margin: 10mm; }
@media print {
  body { margin: 0; font-size: 10px; }
  sup.fn { display: inline; font-size: 8px; }
  section { break-inside: auto; } #plan-section { break-before: page; }
  /* At least 15 products a page: a product's brand on its name's line, tight rows. */
  #grid td.name br { display: none; } #grid td.name small::before { content: " · "; }
  #grid th, #grid td { padding: 0 2px; line-height: 1.2; } #grid td.name { font-size: 9.5px; }
  td.cell { font-size: 9px; } #grid tr.step th { font-size: 10px; }
  tr { break-inside: avoid; } h2 { break-after: avoid; }
}
)";

std::string Mark(const std::string& cell) {
  if (cell == "avoid") return "✗";
  if (cell == "caution") return "!";
  if (cell == "safe") return "✓";
  return "?";
}

}  // namespace

std::string StockHtml(const StockReview& r, const db::IngredientDb& db, const std::string& title,
                      const StockHtmlOptions& options) {
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += fmt::format("<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n", HtmlText(title), kCss);
  out += fmt::format("<h1>{}</h1>\n", HtmlText(title));
  out += fmt::format(
      "<p class=\"meta\">Protocol: <strong>{}</strong>{} · days 0–{} after treatment (day 0 = the "
      "treatment day) · {} products</p>\n",
      HtmlText(r.protocol.name), r.policy.file.empty() ? "" : fmt::format(" (clinic file {})", HtmlText(r.policy.file)),
      r.last_day, r.entries.size());
  out +=
      "<p class=\"legend\"><span class=\"avoid\">✗ avoid</span><span class=\"caution\">! caution: only if your "
      "practitioner agrees</span><span class=\"safe\">✓ safe</span><span class=\"unchecked\">? not checked</span> "
      "Hover a cell for the reason; printed, each product names its notes under the grid.</p>\n";

  // The grid, with a footnote per reason.
  std::vector<std::string> notes;
  out +=
      "<section id=\"grid-section\">\n<h2>Stock by healing day</h2>\n<table id=\"grid\">\n<thead><tr>"
      "<th class=\"product\">Product</th><th class=\"first\">First safe day</th>";
  for (int d = 0; d <= r.last_day; ++d) out += fmt::format("<th class=\"day\">{}</th>", d);
  out += "</tr></thead>\n<tbody>\n";
  for (RoutineStep s : catalog::RoutineSteps()) {
    std::vector<int> rows;
    for (int i : r.grid_order) {
      if (Entry(r, i).step == s) rows.push_back(i);
    }
    if (rows.empty()) continue;
    out += fmt::format("<tr class=\"step\" data-step=\"{}\"><th colspan=\"{}\">{}</th></tr>\n",
                       catalog::RoutineStepName(s), r.last_day + 3, StepTitle(s));
    for (int i : rows) {
      const StockEntry& e = Entry(r, i);
      // One note per distinct rule: the ingredients a rule catches share it
      // ("Ceramide 3, Ceramide 1, Cholesterol — Ceramides and barrier lipids: ...").
      std::vector<const rules::Trigger*> reasons = GridReasons(e, r.last_day);
      std::vector<size_t> note_of;
      std::vector<std::pair<const rules::Trigger*, std::string>> groups;  // first trigger, labels
      for (const rules::Trigger* t : reasons) {
        auto same = [&](const auto& g) {
          const rules::Trigger& f = *g.first;
          return f.category == t->category && f.avoid_until_day == t->avoid_until_day &&
                 f.caution_until_day == t->caution_until_day && f.always == t->always &&
                 f.caution_always == t->caution_always && f.why == t->why;
        };
        auto it = std::find_if(groups.begin(), groups.end(), same);
        if (it == groups.end()) {
          groups.push_back({t, KitTriggerWho(e, *t)});
          notes.emplace_back();
          note_of.push_back(notes.size());
        } else {
          it->second += ", " + KitTriggerWho(e, *t);
          note_of.push_back(
              note_of[static_cast<size_t>(std::find(reasons.begin(), reasons.end(), it->first) - reasons.begin())]);
        }
      }
      for (size_t g = 0; g < groups.size(); ++g) {
        const rules::Trigger& t = *groups[g].first;
        size_t k = static_cast<size_t>(std::find(reasons.begin(), reasons.end(), &t) - reasons.begin());
        // Light on paper: the window and its sources; the reason's words are in the cell's tip (and,
        // with the sources table, in the protocol's row).
        std::string sources;
        for (const auto& id : t.sources) sources += (sources.empty() ? "" : ", ") + id;
        notes[note_of[k] - 1] =
            fmt::format("{}: {} — {}: {}{}", NameOf(e), groups[g].second, rules::TriggerCategoryTitle(t.category, db),
                        TriggerWindow(t), sources.empty() ? "" : " [" + sources + "]");
      }
      size_t error_note = 0;
      if (!e.evaluated()) {
        notes.push_back(fmt::format("{}: not checked — {}", NameOf(e), e.error));
        error_note = notes.size();
      }
      // In print, the row names its notes; each note gives its days, so a cell's
      // reason is the note whose window covers it (cells stay readable on paper).
      std::string refs;
      std::vector<size_t> seen;
      for (size_t n : note_of) {
        if (std::find(seen.begin(), seen.end(), n) != seen.end()) continue;
        seen.push_back(n);
        refs += (refs.empty() ? "" : ", ") + std::to_string(n);
      }
      if (error_note) refs = std::to_string(error_note);
      std::string first = FirstSafeDay(e);
      std::string sub = HtmlText(e.item.brand);
      if (std::string q = QuantityText(e); !q.empty()) {
        sub += (sub.empty() ? "" : " · ") + (e.out_of_stock ? "<span class=\"oos\">out of stock</span>"
                                                            : "<span class=\"qty\">" + HtmlText(q) + "</span>");
      }
      out += fmt::format(
          "<tr class=\"product{}\" data-line=\"{}\"><td class=\"name\">{}{}{}</td><td class=\"first\">{}</td>",
          e.out_of_stock ? " out-of-stock" : "", e.item.line, HtmlText(NameOf(e)),
          refs.empty() ? "" : fmt::format(" <sup class=\"fn\">{} {}</sup>", seen.size() > 1 ? "notes" : "note", refs),
          sub.empty() ? "" : "<br><small>" + sub + "</small>", first.empty() ? "?" : first);
      for (int d = 0; d <= r.last_day; ++d) {
        std::string cell = StockCell(e, d);
        std::string tip;
        if (!e.evaluated()) {
          tip = "Not checked: " + e.error;
        } else {
          for (const rules::Trigger* t : DayReasons(e, d)) {
            tip += (tip.empty() ? "" : "\n") + std::string(rules::VerdictName(t->On(d))) + ": " +
                   TriggerLine(KitTriggerWho(e, *t), *t, db);
          }
          if (tip.empty()) tip = fmt::format("Safe on day {}", d);
        }
        out += fmt::format("<td class=\"cell {}\" title=\"{}\">{}</td>", cell, HtmlText(tip), Mark(cell));
      }
      out += "</tr>\n";
      // A kit's sub-products, each on a row of its own under the kit's (its notes are the kit's).
      for (const ComponentRow& c : ComponentRows(e)) {
        out += fmt::format(
            "<tr class=\"component\" data-line=\"{}\"><td class=\"name\">↳ {} <small>{}</small></td>"
            "<td class=\"first\">{}</td>",
            e.item.line, HtmlText(c.Name()), c.Type(), c.FirstSafeDay());
        for (int d = 0; d <= r.last_day; ++d) {
          std::string cell = c.Cell(d), tip;
          for (const rules::Trigger* t : DayReasons(e, d, c.c)) {
            tip += (tip.empty() ? "" : "\n") + std::string(rules::VerdictName(t->On(d))) + ": " +
                   TriggerLine(TriggerWho(*t), *t, db);
          }
          if (tip.empty()) tip = fmt::format("Safe on day {}", d);
          out += fmt::format("<td class=\"cell {}\" title=\"{}\">{}</td>", cell, HtmlText(tip), Mark(cell));
        }
        out += "</tr>\n";
      }
    }
  }
  out += "</tbody>\n</table>\n<ol class=\"notes\" id=\"notes\">\n";
  for (const auto& n : notes) out += "<li>" + HtmlText(n) + "</li>\n";
  out += "</ol>\n";
  if (!options.sources) {
    out +=
        "<p class=\"meta\">Each note gives the window of a reason and the ids of its sources; the report made "
        "with the sources lists every window of the protocol with its reason and its sources.</p>\n";
  }
  out += "</section>\n";

  // Gaps.
  out += "<section id=\"gaps\">\n<h2>Gaps in the shelf</h2>\n<ul>\n";
  if (r.gaps.empty()) out += "<li class=\"none\">None: every essential step has a safe product on every day.</li>\n";
  for (const auto& g : r.gaps) {
    out += fmt::format("<li class=\"gap\" data-step=\"{}\" data-from=\"{}\" data-until=\"{}\">{}{}</li>\n",
                       catalog::RoutineStepName(g.step), g.from_day, g.until_day, HtmlText(g.message),
                       g.caution.empty() ? "" : HtmlText(": with caution, " + NameList(r, g.caution)));
  }
  out += "</ul>\n</section>\n";

  // The plan a patient can take home.
  out +=
      "<section id=\"plan-section\">\n<h2>Day-by-day plan</h2>\n<p>Use one product per step from the first list; "
      "the second list only if your practitioner agrees.</p>\n";
  if (std::vector<int> oos = NotPlanned(r); !oos.empty()) {
    out += fmt::format("<p id=\"not-planned\">Out of stock (quantity 0), so not planned: {}.</p>\n",
                       HtmlText(NameList(r, oos)));
  }
  out += "<table id=\"plan\">\n<thead><tr><th>Day</th>";
  std::vector<RoutineStep> steps;
  for (RoutineStep s : catalog::RoutineSteps()) {
    if (std::any_of(r.entries.begin(), r.entries.end(), [&](const StockEntry& e) { return e.step == s; })) {
      steps.push_back(s);
      out += "<th>" + StepTitle(s) + "</th>";
    }
  }
  out += "</tr></thead>\n<tbody>\n";
  // Consecutive days with the same plan share a row ("3–6"): shorter to hand to a patient.
  for (size_t d = 0; d < r.plan.size(); ++d) {
    const catalog::DayPlan& day = r.plan[d];
    size_t until = d;
    while (until + 1 < r.plan.size() && r.plan[until + 1].steps == day.steps) ++until;
    out += fmt::format("<tr class=\"plan-day\" data-from=\"{}\" data-until=\"{}\"><td class=\"day\">{}</td>", d, until,
                       until == d ? std::to_string(d) : fmt::format("{}–{}", d, until));
    d = until;
    for (RoutineStep s : steps) {
      auto it =
          std::find_if(day.steps.begin(), day.steps.end(), [&](const catalog::PlanStep& p) { return p.step == s; });
      out += "<td>";
      if (it != day.steps.end()) {
        out += it->use.empty() ? "—" : HtmlText(NameList(r, it->use));
        if (!it->caution.empty()) {
          out += "<div class=\"care\">with care: " + HtmlText(NameList(r, it->caution)) + "</div>";
        }
      }
      out += "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n</section>\n";

  // Windows and sources: the protocol's whole table on request (it prints on
  // as many pages as the grid); a clinic file's policy always.
  const bool policy =
      !r.policy.allowed.empty() || !r.policy.avoided.empty() || r.policy.strict_day_0 || r.policy.acne_prone;
  if (options.sources || policy) {
    out += fmt::format("<section id=\"windows-section\">\n<h2>{}</h2>\n",
                       options.sources ? "Protocol windows and sources" : "Clinic protocol");
  }
  if (options.sources) {
    out +=
        "<table id=\"windows\">\n<thead><tr><th>Row</th><th>Category</th><th>Window</th><th>Why</th><th>Sources</th>"
        "</tr></thead>\n<tbody>\n";
  }
  for (const auto& rule : options.sources ? r.protocol.rules : std::vector<db::ProtocolRule>{}) {
    const auto& cat = db.category(rule.category);
    bool over = Overridden(r, cat.id);
    std::string sources;
    for (const auto& id : rules::SplitSources(rule.source)) {
      const db::SourceInfo* src = db.FindSource(id);
      sources += (sources.empty() ? "" : "; ") + (src && !src->citation.empty() ? id + " (" + src->citation + ")" : id);
    }
    out += fmt::format(
        "<tr{}><td>{}</td><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td></tr>\n", over ? " class=\"override\"" : "",
        rule.row == 0 ? "clinic" : std::to_string(rule.row), HtmlText(cat.name),
        HtmlText(DayWindowText(rule.avoid_until_day, rule.caution_until_day, rule.ok_from_day, rule.recommended)),
        over ? " <strong>(clinic override)</strong>" : "", HtmlText(rule.rationale), HtmlText(sources));
  }
  if (options.sources) out += "</tbody>\n</table>\n";
  if (policy) {
    out += "<ul id=\"policy\">\n";
    if (r.policy.strict_day_0) {
      out +=
          "<li>Strict day 0: nothing but the practitioner-supplied products on the treatment day; every other "
          "product is avoided on day 0.</li>\n";
    }
    if (r.policy.acne_prone) {
      out += "<li>Acne-prone patient: comedogenic rating 3 is avoided like rating 4–5 (a clinic override).</li>\n";
    }
    for (const auto& a : r.policy.allowed) {
      out += fmt::format("<li>Allowed from day {}: {} ({})</li>\n", a.from_day,
                         HtmlText(a.name.empty() ? "sku " + a.sku : a.name), HtmlText(a.why));
    }
    for (const auto& a : r.policy.avoided) {
      out += fmt::format("<li>Avoided on every day: {} ({})</li>\n", HtmlText(a.name), HtmlText(a.why));
    }
    out += "</ul>\n";
  }
  if (options.sources || policy) out += "</section>\n";

  // What could not be fully evaluated.
  out += "<section id=\"limits\">\n<h2>Not fully evaluated</h2>\n<ul>\n";
  bool any = false;
  for (int i : r.grid_order) {
    const StockEntry& e = Entry(r, i);
    if (e.limits.empty()) continue;
    any = true;
    out += "<li class=\"limit\"><strong>" + HtmlText(Named(e)) + "</strong>: ";
    for (size_t k = 0; k < e.limits.size(); ++k) out += (k ? "; " : "") + HtmlText(e.limits[k]);
    out += "</li>\n";
  }
  if (!any) out += "<li class=\"none\">Every product was fully evaluated.</li>\n";
  out +=
      "</ul>\n</section>\n<p class=\"meta\">Not medical advice: the windows are consensus proposals from clinic "
      "aftercare sheets and papers; follow your practitioner.</p>\n</body>\n</html>\n";
  return out;
}

}  // namespace aftercare::report
