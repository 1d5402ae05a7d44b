#include "aftercare/report/parse_report.h"

#include <algorithm>

#include <fmt/format.h>

#include "aftercare/match/accounting.h"
#include "aftercare/report/join.h"
#include "aftercare/report/json_writer.h"
#include "aftercare/rules/verdict.h"

namespace aftercare::report {

std::vector<std::string> IngredientCategories(const match::LabelIngredient& ing, const db::IngredientDb& db) {
  std::vector<std::string> out;
  for (db::CategoryId c : rules::IngredientCategoryIds(ing, db)) out.push_back(db.category(c).id);
  return out;
}

namespace {

std::string InciOf(const match::LabelIngredient& ing, const db::IngredientDb& db) {
  if (!ing.recognized() || ing.match.ingredient < 0) return "";
  return db.ingredient(ing.match.ingredient).inci;
}

std::string MatchNote(const match::LabelIngredient& ing, const db::IngredientDb& db) {
  switch (ing.match.kind) {
    case match::MatchKind::kExact: return ing.match.equivalent_of >= 0 ? "exact (equivalent name)" : "exact";
    case match::MatchKind::kSynonym:
      return fmt::format("synonym ({})", ing.match.synonym ? ing.match.synonym->kind : "");
    case match::MatchKind::kPattern: {
      const std::vector<std::string_view> ids = match::PatternIds(ing.match, db);
      return fmt::format("pattern {}", ids.empty() ? "" : ids.front());
    }
    case match::MatchKind::kFuzzy:
      return ing.ambiguous ? fmt::format("fuzzy, ambiguous (distance {})", ing.match.distance)
                           : fmt::format("fuzzy (distance {}, '{}')", ing.match.distance, ing.match.close_name);
    case match::MatchKind::kNone: return ing.not_read ? "NOT READ" : "UNRECOGNIZED";
  }
  return "";
}

}  // namespace

std::string ParseText(const match::ParsedLabel& label, const db::IngredientDb& db, const TextStyle& style) {
  std::string out;
  const bool kit = label.components.size() > 1;
  int current = -1;
  for (const auto& ing : label.ingredients) {
    if (kit && ing.component != current) {
      current = ing.component;
      const std::string& name = label.components[static_cast<size_t>(current)];
      out += fmt::format("{}\n", name.empty() ? "(unnamed product)" : name);
    }
    std::string pos = ing.may_contain ? "  mc" : fmt::format("{:>4}", ing.position);
    std::string inci = InciOf(ing, db);
    std::string flags;
    if (ing.percent) flags += fmt::format(" {}%", *ing.percent);
    if (ing.active) flags += " [active]";
    if (ing.may_contain) flags += " [may contain]";
    if (ing.nano) flags += " [nano]";
    if (ing.how != match::ReadAs::kDirect) flags += fmt::format(" [{}]", match::ReadAsName(ing.how));
    std::string cats = Join(IngredientCategories(ing, db), ", ");
    std::string name_col = !ing.recognized() ? "?"
                           : !inci.empty()   ? inci
                           : ing.match.reading == match::PatternReading::kSpeciesPartNotStated
                               ? "(species, part not stated)"
                           : ing.match.reading == match::PatternReading::kTruncatedName ? "(name cut short)"
                                                                                        : "(family pattern)";
    bool bad = !ing.recognized();
    std::string line = fmt::format("{} {:<40} {:<40} {}{}{}\n", pos, label.Label(ing), name_col, MatchNote(ing, db),
                                   cats.empty() ? "" : " — " + cats, flags);
    if (style.color && bad) line = "\033[1;33m" + line.substr(0, line.size() - 1) + "\033[0m\n";
    out += line;
  }
  auto unrec = label.Unrecognized();
  if (!unrec.empty()) {
    out += fmt::format("\nnot recognized ({}): these were not checked\n", unrec.size());
    for (const auto* u : unrec) {
      out += fmt::format("  '{}' at bytes {}-{}{}\n", label.Label(*u), u->span.begin, u->span.end,
                         u->suggestions.empty() ? "" : " — did you mean " + Join(u->suggestions, ", ") + "?");
    }
  }
  // Every byte of the label, in order: what the reader made of it.
  out += "\naccounting (every byte of the label)\n";
  for (const auto& s : match::Account(label)) {
    if (s.kind == match::SpanKind::kSeparator) continue;
    std::string what(match::SpanKindName(s.kind));
    if (s.kind == match::SpanKind::kNote && s.index >= 0) {
      what = fmt::format("note: {}", text::DiagnosticKindName(label.diagnostics[static_cast<size_t>(s.index)].kind));
    } else if (s.kind == match::SpanKind::kIngredient && s.index >= 0) {
      what = fmt::format("ingredient {}", s.index + 1);
    }
    std::string shown(std::string_view(label.text).substr(s.span.begin, s.span.end - s.span.begin));
    for (char& c : shown) c = (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    if (shown.size() > 60) shown = shown.substr(0, 57) + "...";
    out += fmt::format("  {:>5}-{:<5} {:<18} '{}'\n", s.span.begin, s.span.end, what, shown);
  }
  if (!label.diagnostics.empty()) {
    out += "\nnotes\n";
    for (const auto& d : label.diagnostics) {
      out += fmt::format("  {:<13} {} (bytes {}-{})\n", text::DiagnosticKindName(d.kind), d.message, d.span.begin,
                         d.span.end);
    }
  }
  return out;
}

void WriteIngredientJson(const match::ParsedLabel& label, const match::LabelIngredient& ing, const db::IngredientDb& db,
                         JsonWriter* w, std::string_view status) {
  w->BeginObject();
  w->Key("label").String(label.Label(ing));
  w->Key("name").String(label.Name(ing));
  w->Key("inci").StringOrNull(InciOf(ing, db));
  w->Key("match").String(match::MatchKindName(ing.match.kind));
  if (ing.match.kind == match::MatchKind::kSynonym && ing.match.synonym) {
    w->Key("synonym").String(ing.match.synonym->synonym).Key("synonym_kind").String(ing.match.synonym->kind);
  }
  if (ing.match.kind == match::MatchKind::kPattern) {
    w->Key("patterns").BeginArray();
    for (std::string_view id : match::PatternIds(ing.match, db)) w->String(id);
    w->EndArray();
  }
  if (ing.match.kind == match::MatchKind::kFuzzy) {
    w->Key("fuzzy").BeginObject().Key("distance").Int(ing.match.distance).Key("matched").String(ing.match.close_name);
    w->Key("ambiguous").Bool(ing.ambiguous).EndObject();
  }
  w->Key("categories").StringArray(IngredientCategories(ing, db));
  w->Key("span").BeginArray().Int(ing.span.begin).Int(ing.span.end).EndArray();
  w->Key("position").Int(ing.position);
  if (ing.percent) {
    w->Key("percent").Double(*ing.percent);
  } else {
    w->Key("percent").Null();
  }
  w->Key("may_contain").Bool(ing.may_contain);
  w->Key("active").Bool(ing.active);
  w->Key("nano").Bool(ing.nano);
  w->Key("component").Int(ing.component);
  if (ing.how != match::ReadAs::kDirect) w->Key("how").String(match::ReadAsName(ing.how));
  if (!ing.suggestions.empty()) w->Key("suggestions").StringArray(ing.suggestions);
  if (!status.empty()) w->Key("status").String(status);
  w->EndObject();
}

void WriteDiagnosticsJson(const match::ParsedLabel& label, JsonWriter* w,
                          const std::vector<std::string>& product_notes) {
  w->BeginArray();
  for (const auto& d : label.diagnostics) {
    w->BeginObject().Key("kind").String(text::DiagnosticKindName(d.kind)).Key("message").String(d.message);
    w->Key("span").BeginArray().Int(d.span.begin).Int(d.span.end).EndArray().EndObject();
  }
  for (const auto& n : product_notes) {
    w->BeginObject().Key("kind").String("product").Key("message").String(n).Key("span").Null().EndObject();
  }
  w->EndArray();
}

std::string ParseJson(const match::ParsedLabel& label, const db::IngredientDb& db) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("components").StringArray(label.components);
  w.Key("ingredients").BeginArray();
  for (const auto& ing : label.ingredients) WriteIngredientJson(label, ing, db, &w);
  w.EndArray();
  w.Key("unrecognized").BeginArray();
  for (const auto* u : label.Unrecognized()) {
    w.BeginObject().Key("label").String(label.Label(*u)).Key("position").Int(u->position);
    w.Key("not_read").Bool(u->not_read);
    w.Key("span").BeginArray().Int(u->span.begin).Int(u->span.end).EndArray();
    w.Key("suggestions").StringArray(u->suggestions).EndObject();
  }
  w.EndArray();
  w.Key("accounting").BeginArray();
  for (const auto& s : match::Account(label)) {
    w.BeginObject().Key("kind").String(match::SpanKindName(s.kind));
    w.Key("span").BeginArray().Int(s.span.begin).Int(s.span.end).EndArray();
    if (s.kind == match::SpanKind::kNote && s.index >= 0) {
      w.Key("note").String(text::DiagnosticKindName(label.diagnostics[static_cast<size_t>(s.index)].kind));
    } else if (s.index >= 0) {
      w.Key("ingredient").Int(s.index);
    }
    w.EndObject();
  }
  w.EndArray();
  w.Key("diagnostics");
  WriteDiagnosticsJson(label, &w);
  w.EndObject();
  out += '\n';
  return out;
}

}  // namespace aftercare::report
