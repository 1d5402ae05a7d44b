#include "aftercare/report/check_report.h"

#include <algorithm>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "aftercare/report/json_writer.h"
#include "aftercare/report/parse_report.h"

namespace aftercare::report {
namespace {

using rules::Verdict;

std::string Paint(const std::string& s, const char* code, const TextStyle& st) {
  return st.color ? fmt::format("\033[{}m{}\033[0m", code, s) : s;
}

const char* VerdictColor(Verdict v) {
  switch (v) {
    case Verdict::kAvoid: return "1;31";
    case Verdict::kCaution: return "1;33";
    case Verdict::kSafe: return "1;32";
  }
  return "0";
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  return out;
}

// "Parfum (Fragrance) [PARFUM]": the INCI name when the label writes it differently.
std::string Named(const std::string& label, const std::string& inci) {
  if (inci.empty() || Upper(label) == inci) return label;
  return fmt::format("{} [{}]", label, inci);
}

std::string Headline(const rules::Assessment& a) {
  switch (a.verdict) {
    case Verdict::kAvoid: return fmt::format("AVOID on day {}: not safe to use today.", a.day);
    case Verdict::kCaution:
      return fmt::format("CAUTION on day {}: use only if your practitioner agrees, and reintroduce gradually.", a.day);
    case Verdict::kSafe:
      return a.unrecognized.empty() ? fmt::format("SAFE on day {}: nothing in this label is restricted today.", a.day)
                                    : fmt::format("SAFE on day {}: the healing-period rules no longer apply.", a.day);
  }
  return "";
}

// Wraps `text` at `width`; continuation lines get `hang` more spaces.
void WrapLine(const std::string& text, size_t indent, size_t width, std::string* out, size_t hang = 0) {
  *out += std::string(indent, ' ');
  size_t col = indent;
  bool line_empty = true;
  size_t i = 0;
  while (i <= text.size()) {
    size_t j = text.find(' ', i);
    if (j == std::string::npos) j = text.size();
    std::string_view word(text.data() + i, j - i);
    if (!line_empty && col + 1 + word.size() > width) {
      *out += "\n" + std::string(indent + hang, ' ');
      col = indent + hang;
      line_empty = true;
    }
    if (!line_empty) {
      *out += ' ';
      ++col;
    }
    *out += word;
    col += word.size();
    line_empty = false;
    i = j + 1;
  }
  *out += '\n';
}

std::string CategoryName(const rules::Trigger& t, const db::IngredientDb& db) {
  return rules::TriggerCategoryTitle(t.category, db);
}

// The name of the kit's sub-product ingredient i belongs to ("" when unnamed).
std::string_view ComponentOf(const match::ParsedLabel& label, int i) {
  size_t c = static_cast<size_t>(label.ingredients[static_cast<size_t>(i)].component);
  return c < label.components.size() ? std::string_view(label.components[c]) : std::string_view();
}

// " (in Face Cleanser)" after an ingredient of a kit; "" for a plain label or a product rule.
std::string InComponent(const match::ParsedLabel& label, int i) {
  if (i < 0 || label.components.size() <= 1) return "";
  std::string_view component = ComponentOf(label, i);
  return fmt::format(" (in {})", component.empty() ? "the unnamed product" : component);
}

// "safe from day 3", "never safe under this protocol".
std::string SafeFromText(int safe_from_day) {
  return safe_from_day == rules::kNeverSafe ? "never safe under this protocol"
                                            : fmt::format("safe from day {}", safe_from_day);
}

// A kit's sub-products, one entry each: its verdict, name, type and first
// safe day, then what restricts it on the day (ingredients by their label,
// product rules by their category).
std::string ComponentsText(const rules::Assessment& a, const db::IngredientDb& db, const TextStyle& style) {
  std::string out = "\nComponents\n";
  for (const auto& c : a.components) {
    std::string type =
        c.type.type == rules::ProductType::kUnknown ? "type unknown" : std::string(rules::ProductTypeName(c.type.type));
    std::string verdict = fmt::format("{:<8}", rules::VerdictName(c.verdict));
    out += fmt::format("  {} {} ({}) — {}\n", Paint(verdict, VerdictColor(c.verdict), style),
                       c.name.empty() ? "The unnamed product" : c.name, type, SafeFromText(c.safe_from_day));
    std::vector<std::string> why;
    for (const rules::Trigger* t : a.Reasons(c)) {
      std::string who = t->ingredient >= 0 ? t->label : rules::TriggerCategoryTitle(t->category, db);
      if (std::find(why.begin(), why.end(), who) == why.end()) why.push_back(std::move(who));
    }
    if (why.empty()) continue;
    std::string line;
    for (const auto& w : why) line += (line.empty() ? "" : ", ") + w;
    WrapLine(line, 11, 100, &out);
  }
  return out;
}

std::string TriggerWindow(const rules::Trigger& t) {
  if (t.always) return "avoid on every day (clinic protocol)";
  if (t.caution_always) return "caution on every day (the clinic protocol avoids ingredients)";
  return DayWindowText(t.avoid_until_day, t.caution_until_day, t.SafeFrom(), false);
}

}  // namespace

std::string CheckText(const CheckView& v, const db::IngredientDb& db, const TextStyle& style) {
  const auto& a = *v.assessment;
  const auto& label = *v.label;
  std::string out;
  std::string title = v.product->name.empty() ? "This product" : v.product->name;
  std::string type = a.type.type != rules::ProductType::kUnknown
                         ? fmt::format("{} ({})", rules::ProductTypeName(a.type.type), a.type.how)
                     : a.components.empty()
                         ? "type unknown (give --type to apply the product-type rules)"
                         : fmt::format("a kit of {} products, each typed below", a.components.size());
  out += fmt::format("{} — {}\n", Paint(title, "1", style), type);
  out += fmt::format("Day {} after treatment, protocol: {}\n\n", a.day, v.protocol->name);
  out += Paint(Headline(a), VerdictColor(a.verdict), style) + "\n";
  if (a.safe_from_day == rules::kNeverSafe) {
    const bool avoided =
        std::any_of(a.triggers.begin(), a.triggers.end(), [](const rules::Trigger& t) { return t.always; });
    out += avoided ? "Never safe under this protocol: it contains an ingredient the protocol avoids.\n"
                   : "Never safe under this protocol: a name in it could not be checked, and the protocol avoids "
                     "ingredients on every day.\n";
  } else if (a.safe_from_day <= a.day) {
    out += a.safe_from_day == 0 ? "Safe from day 0: every day of the healing period.\n"
                                : fmt::format("Safe from day {}.\n", a.safe_from_day);
  } else {
    out += fmt::format("Safe from day {}.\n", a.safe_from_day);
  }

  if (!a.components.empty()) out += ComponentsText(a, db, style);

  auto reasons = a.Reasons();
  if (!reasons.empty()) {
    out += "\nWhy\n";
    // One entry per ingredient (or product rule): its worst reason in full,
    // then its other categories on one line each.
    std::vector<bool> done(reasons.size(), false);
    // The reasons of each ingredient, in order: a label of 100,000 names is
    // grouped in one pass, not one pass over all reasons per name.
    std::unordered_map<int, std::vector<size_t>> of_ingredient;
    for (size_t j = 0; j < reasons.size(); ++j) {
      if (reasons[j]->ingredient >= 0) of_ingredient[reasons[j]->ingredient].push_back(j);
    }
    const std::vector<size_t> alone;
    for (size_t i = 0; i < reasons.size(); ++i) {
      if (done[i]) continue;
      const rules::Trigger* t = reasons[i];
      Verdict tv = t->On(a.day);
      std::string who = t->ingredient >= 0 ? Named(t->label, t->inci) : t->label;
      who += InComponent(label, t->ingredient);
      std::string verdict = fmt::format("{:<8}", rules::VerdictName(tv));
      out += fmt::format("  {} {}\n", Paint(verdict, VerdictColor(tv), style), who);
      const std::vector<size_t>& same = t->ingredient >= 0 ? of_ingredient[t->ingredient] : alone;
      for (size_t k = 0; k < std::max<size_t>(same.size(), 1); ++k) {
        const size_t j = same.empty() ? i : same[k];
        const rules::Trigger* u = reasons[j];
        if (j < i || done[j]) continue;
        done[j] = true;
        out += fmt::format("           {} · {}{}\n", CategoryName(*u, db), TriggerWindow(*u),
                           j == i ? "" : fmt::format(" ({})", rules::VerdictName(u->On(a.day))));
        if (j != i) continue;
        std::string why = u->why;
        if (u->extrapolated) why += " [extrapolated: no procedure-specific source]";
        WrapLine(why, 11, 100, &out);
      }
    }
  }
  if (!a.not_counted.empty()) {
    out += "\nNot counted\n";
    for (const auto& n : a.not_counted) {
      WrapLine(
          fmt::format("{}{} — {}: {}.", Named(n.label, n.inci), InComponent(label, n.ingredient), n.category, n.why), 2,
          100, &out, 2);
    }
  }
  if (!a.helpful.empty()) {
    out += "\nHelpful\n";
    for (const auto& h : a.helpful) {
      out += fmt::format("  {}{} — {}{}\n", Named(h.label, h.inci), InComponent(label, h.ingredient), h.category,
                         h.recommended ? ", recommended" : "");
    }
  }
  // A close spelling counts as the name it is close to: never silently, even
  // when that name restricts nothing.
  std::string fuzzy;
  for (const auto& ing : label.ingredients) {
    if (ing.match.kind != match::MatchKind::kFuzzy || ing.ambiguous || ing.match.ingredient < 0) continue;
    fuzzy +=
        fmt::format("  {} — read as {} ({} letter{} apart)\n", label.Label(ing),
                    db.ingredient(ing.match.ingredient).inci, ing.match.distance, ing.match.distance == 1 ? "" : "s");
  }
  if (!fuzzy.empty()) out += "\nRead by a close spelling: check it on the label\n" + fuzzy;
  std::string not_read, unknown;
  size_t not_read_count = 0;
  for (int i : a.unrecognized) {
    const auto& ing = label.ingredients[static_cast<size_t>(i)];
    std::string s;
    for (const auto& x : ing.suggestions) s += (s.empty() ? "" : ", ") + x;
    (ing.not_read ? not_read : unknown) +=
        fmt::format("  {}{}\n", label.Label(ing), s.empty() ? "" : " — did you mean " + s + "?");
    not_read_count += ing.not_read;
  }
  if (not_read_count > 0) {
    out += fmt::format("\nNot read ({}): text inside the list that aftercare could not read, so not checked\n",
                       not_read_count);
    out += not_read;
  }
  if (a.unrecognized.size() > not_read_count) {
    out += fmt::format("\nNot recognized ({}): these were not checked\n", a.unrecognized.size() - not_read_count);
    out += unknown;
  }
  if (!a.notes.empty()) {
    out += "\nNotes\n";
    for (const auto& n : a.notes) WrapLine(n, 2, 100, &out);
  }
  if (!a.advice.empty()) {
    out += fmt::format("\nAlso on day {}\n", a.day);
    for (const auto& adv : a.advice) WrapLine("- " + adv.advice, 2, 100, &out, 2);
  }
  out += "\nNot medical advice: follow your practitioner's instructions where they differ.\n";
  return out;
}

namespace {

// "components": [{"name", "type", "type_from", "verdict", "safe_from_day", "reasons": [indexes into "reasons"]}].
void WriteComponentsJson(const rules::Assessment& a, JsonWriter* w) {
  const std::vector<const rules::Trigger*> reasons = a.Reasons();
  w->Key("components").BeginArray();
  for (const auto& c : a.components) {
    w->BeginObject();
    w->Key("name").StringOrNull(c.name);
    w->Key("type").String(rules::ProductTypeName(c.type.type));
    w->Key("type_from").StringOrNull(c.type.how);
    w->Key("verdict").String(rules::VerdictName(c.verdict));
    if (c.safe_from_day == rules::kNeverSafe) {
      w->Key("safe_from_day").Null();
    } else {
      w->Key("safe_from_day").Int(c.safe_from_day);
    }
    w->Key("reasons").BeginArray();
    for (size_t i = 0; i < reasons.size(); ++i) {
      if (a.ComponentOf(reasons[i]) == &c) w->Int(static_cast<int64_t>(i));
    }
    w->EndArray();
    w->EndObject();
  }
  w->EndArray();
}

}  // namespace

void WriteCheckJsonMembers(const CheckView& v, const db::IngredientDb& db, bool full, JsonWriter* w) {
  const auto& a = *v.assessment;
  const auto& label = *v.label;
  w->Key("schema").Int(kCheckSchema);
  w->Key("name").StringOrNull(v.product->name);
  w->Key("type").String(rules::ProductTypeName(a.type.type));
  w->Key("type_from").StringOrNull(a.type.how);
  if (a.name_facts.spf) {
    w->Key("spf").Int(*a.name_facts.spf);
  } else {
    w->Key("spf").Null();
  }
  w->Key("day").Int(a.day);
  w->Key("protocol").String(a.protocol);
  w->Key("verdict").String(rules::VerdictName(a.verdict));
  if (a.safe_from_day == rules::kNeverSafe) {
    w->Key("safe_from_day").Null();  // a clinic protocol avoids an ingredient on every day
  } else {
    w->Key("safe_from_day").Int(a.safe_from_day);
  }
  if (!a.components.empty()) WriteComponentsJson(a, w);
  w->Key("categories").StringArray(a.categories);
  if (full) {
    w->Key("ingredients").BeginArray();
    for (size_t i = 0; i < label.ingredients.size(); ++i) {
      WriteIngredientJson(label, label.ingredients[i], db, w, rules::VerdictName(a.status[i]));
    }
    w->EndArray();
  }
  const bool kit = label.components.size() > 1;
  w->Key("reasons").BeginArray();
  for (const rules::Trigger* t : a.Reasons()) {
    w->BeginObject();
    w->Key("label").String(t->label);
    w->Key("inci").StringOrNull(t->inci);
    w->Key("category").String(t->category);
    w->Key("verdict").String(rules::VerdictName(t->On(a.day)));
    w->Key("avoid_until_day").OptInt(t->avoid_until_day);
    w->Key("caution_until_day").OptInt(t->caution_until_day);
    w->Key("why").String(t->why);
    w->Key("sources").StringArray(t->sources);
    w->Key("extrapolated").Bool(t->extrapolated);
    if (!t->until_event.empty()) w->Key("or_later_if").String(t->until_event);
    if (t->always) w->Key("always").Bool(true);
    if (t->caution_always) w->Key("caution_always").Bool(true);
    w->Key("row").Int(t->row);
    w->Key("position").Int(t->ingredient >= 0 ? label.ingredients[static_cast<size_t>(t->ingredient)].position : 0);
    // A kit repeats its reasons per sub-product: say which one (null: one with no name).
    if (const rules::ComponentAssessment* c = a.ComponentOf(t)) {
      w->Key("component").StringOrNull(c->name);
    } else if (kit && t->ingredient >= 0) {
      w->Key("component").StringOrNull(ComponentOf(label, t->ingredient));
    }
    w->EndObject();
  }
  w->EndArray();
  w->Key("helpful").BeginArray();
  for (const auto& h : a.helpful) {
    w->BeginObject().Key("label").String(h.label).Key("inci").StringOrNull(h.inci);
    w->Key("category").String(h.category).Key("recommended").Bool(h.recommended);
    if (kit && h.ingredient >= 0) w->Key("component").StringOrNull(ComponentOf(label, h.ingredient));
    w->EndObject();
  }
  w->EndArray();
  w->Key("not_counted").BeginArray();
  for (const auto& n : a.not_counted) {
    w->BeginObject().Key("label").String(n.label).Key("inci").StringOrNull(n.inci);
    w->Key("category").String(n.category).Key("why").String(n.why);
    if (kit && n.ingredient >= 0) w->Key("component").StringOrNull(ComponentOf(label, n.ingredient));
    w->EndObject();
  }
  w->EndArray();
  w->Key("unrecognized").BeginArray();
  for (int i : a.unrecognized) {
    const auto& ing = label.ingredients[static_cast<size_t>(i)];
    w->BeginObject().Key("label").String(label.Label(ing)).Key("position").Int(ing.position);
    w->Key("not_read").Bool(ing.not_read);
    w->Key("suggestions").StringArray(ing.suggestions).EndObject();
  }
  w->EndArray();
  if (full) {
    w->Key("advice").BeginArray();
    for (const auto& adv : a.advice) {
      w->BeginObject().Key("topic").String(adv.topic).Key("advice").String(adv.advice);
      w->Key("sources").StringArray(adv.sources).EndObject();
    }
    w->EndArray();
  }
  w->Key("diagnostics");
  WriteDiagnosticsJson(label, w, a.notes);
}

std::string CheckJson(const CheckView& v, const db::IngredientDb& db) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  WriteCheckJsonMembers(v, db, true, &w);
  w.EndObject();
  out += '\n';
  return out;
}

}  // namespace aftercare::report
