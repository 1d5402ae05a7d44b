#include "aftercare/catalog/stock_review.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "aftercare/text/csv.h"

namespace aftercare::catalog {
namespace {

using rules::ProductType;
using rules::Verdict;

// The longest grid a report lays out: a month and a bit covers every protocol.
constexpr int kMaxLastDay = 60;

std::string Lower(std::string_view s) {
  std::string out;
  for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string DayRange(int from, int to) {
  return from == to ? fmt::format("day {}", from) : fmt::format("days {}-{}", from, to);
}

}  // namespace

// The one place that reads a stock file; it moves to the catalog readers
// (CSV / JSONL) when they land.
Result<std::vector<StockItem>> ReadStockCsv(std::string_view data, const std::string& file_name) {
  text::CsvParser parser(data, file_name);
  text::CsvRecord rec;
  ASSIGN_OR_RETURN(bool any, parser.Next(&rec));
  if (!any) return InvalidArgument(fmt::format("{}: no products (the file is empty)", file_name));
  enum Col { kName, kBrand, kType, kIngredients, kSku, kQuantity, kSource, kCols };
  static constexpr std::string_view kNames[kCols] = {"name", "brand", "type", "ingredients", "sku", "quantity",
                                                     "source"};
  int col[kCols];
  std::fill(std::begin(col), std::end(col), -1);
  for (size_t i = 0; i < rec.fields.size(); ++i) {
    std::string h = Lower(Trim(rec.fields[i]));
    for (int c = 0; c < kCols; ++c) {
      if (h == kNames[c] && col[c] < 0) col[c] = static_cast<int>(i);
    }
  }
  if (col[kName] < 0 || col[kIngredients] < 0) {
    return DataError(fmt::format("{}:{}: the header needs the columns name and ingredients (optional: brand, type, "
                                 "sku, quantity, source)",
                                 file_name, rec.line));
  }
  std::vector<StockItem> out;
  while (true) {
    ASSIGN_OR_RETURN(bool more, parser.Next(&rec));
    if (!more) break;
    if (rec.fields.size() == 1 && Trim(rec.fields[0]).empty()) continue;  // a blank line
    auto field = [&](Col c) {
      return col[c] >= 0 && static_cast<size_t>(col[c]) < rec.fields.size() ? Trim(rec.fields[static_cast<size_t>(col[c])])
                                                                            : std::string();
    };
    StockItem item{rec.line,        field(kName), field(kBrand),    field(kType),
                   field(kIngredients), field(kSku), field(kQuantity), field(kSource)};
    if (item.name.empty()) return DataError(fmt::format("{}:{}: a product without a name", file_name, rec.line));
    out.push_back(std::move(item));
  }
  if (out.empty()) return InvalidArgument(fmt::format("{}: no products (only a header)", file_name));
  return out;
}

std::string_view RoutineStepName(RoutineStep step) {
  switch (step) {
    case RoutineStep::kCleanser: return "cleanser";
    case RoutineStep::kSerum: return "serum";
    case RoutineStep::kMoisturizer: return "moisturizer";
    case RoutineStep::kSunscreen: return "sunscreen";
    case RoutineStep::kMakeup: return "makeup";
    case RoutineStep::kOther: return "other";
  }
  return "other";
}

std::vector<RoutineStep> RoutineSteps() {
  return {RoutineStep::kCleanser, RoutineStep::kSerum,  RoutineStep::kMoisturizer,
          RoutineStep::kSunscreen, RoutineStep::kMakeup, RoutineStep::kOther};
}

RoutineStep StepOf(ProductType type) {
  switch (type) {
    case ProductType::kCleanser:
    case ProductType::kScrub: return RoutineStep::kCleanser;
    case ProductType::kSerum:
    case ProductType::kToner:
    case ProductType::kExfoliant:
    case ProductType::kOil:
    case ProductType::kMist: return RoutineStep::kSerum;
    case ProductType::kMoisturizer: return RoutineStep::kMoisturizer;
    case ProductType::kSunscreen: return RoutineStep::kSunscreen;
    case ProductType::kMakeup: return RoutineStep::kMakeup;
    default: return RoutineStep::kOther;
  }
}

bool IsEssentialStep(RoutineStep step) {
  return step == RoutineStep::kCleanser || step == RoutineStep::kMoisturizer || step == RoutineStep::kSunscreen;
}

namespace {

StockEntry Assess(const StockItem& item, const Analyzer& analyzer, const rules::Checker& checker,
                  const rules::ProtocolFile& protocol, int last_day) {
  StockEntry e;
  e.item = item;
  rules::ProductInfo product{item.name, std::nullopt, item.sku};
  if (!item.type.empty()) {
    product.type = rules::ParseProductType(item.type);
    if (!product.type) e.limits.push_back(fmt::format("unknown type '{}': the type was read from the name", item.type));
  }
  const rules::ClinicPolicy* policy = protocol.policy.empty() ? nullptr : &protocol.policy;
  match::ParsedLabel label = analyzer.ParseLabel(item.ingredients);
  Result<rules::Assessment> a = checker.Assess(label, product, protocol.protocol, 0, policy);
  if (!a.ok()) {
    e.error = a.status().message();
    e.limits.push_back(e.error);
    e.step = StepOf(product.type.value_or(checker.name_reader().Read(item.name).type));
    e.days.assign(static_cast<size_t>(last_day) + 1, Verdict::kCaution);
    return e;
  }
  e.step = StepOf(a->type.type);
  for (int d = 0; d <= last_day; ++d) {
    Verdict v = Verdict::kSafe;
    for (const auto& t : a->triggers) v = std::max(v, t.On(d));
    e.days.push_back(v);
  }
  if (a->type.type == ProductType::kUnknown) {
    e.limits.push_back("type unknown: the product-type rules (makeup, sunscreen, device, toner) were not applied");
  }
  for (int i : a->unrecognized) {
    e.limits.push_back(fmt::format("'{}' is not in the ingredient database: it was not checked",
                                   label.Label(label.ingredients[static_cast<size_t>(i)])));
  }
  for (const auto& n : a->notes) e.limits.push_back(n);
  const auto& cats = a->categories;
  auto has = [&](std::string_view c) { return std::find(cats.begin(), cats.end(), c) != cats.end(); };
  e.mineral_sunscreen = a->type.type == ProductType::kSunscreen && has("uv_filter_mineral") &&
                        !has("uv_filter_chemical");
  e.assessment = std::move(*a);
  return e;
}

// Whether entry e is recommended by the protocol (a helpful active it recommends).
bool Recommended(const StockEntry& e) {
  if (!e.assessment) return false;
  return std::any_of(e.assessment->helpful.begin(), e.assessment->helpful.end(),
                     [](const rules::Helpful& h) { return h.recommended; });
}

}  // namespace

Result<StockReview> ReviewStock(const std::vector<StockItem>& items, const Analyzer& analyzer,
                                const rules::Checker& checker, const rules::ProtocolFile& protocol, int last_day) {
  if (last_day < 0 || last_day > kMaxLastDay) {
    return InvalidArgument(fmt::format("--days {} is outside 0-{}", last_day, kMaxLastDay));
  }
  StockReview r;
  r.protocol = protocol.protocol;
  r.policy = protocol.policy;
  r.last_day = last_day;
  for (const auto& item : items) r.entries.push_back(Assess(item, analyzer, checker, protocol, last_day));

  for (RoutineStep s : RoutineSteps()) {
    for (size_t i = 0; i < r.entries.size(); ++i) {
      if (r.entries[i].step == s) r.grid_order.push_back(static_cast<int>(i));
    }
  }

  for (int d = 0; d <= last_day; ++d) {
    DayPlan day{d, {}};
    for (RoutineStep s : RoutineSteps()) {
      PlanStep ps{s, {}, {}};
      bool any = false;
      for (int i : r.grid_order) {
        const StockEntry& e = r.entries[static_cast<size_t>(i)];
        if (e.step != s) continue;
        any = true;
        if (!e.evaluated()) continue;  // not checked: never planned
        Verdict v = e.days[static_cast<size_t>(d)];
        if (v == Verdict::kSafe) ps.use.push_back(i);
        if (v == Verdict::kCaution) ps.caution.push_back(i);
      }
      std::stable_partition(ps.use.begin(), ps.use.end(),
                            [&](int i) { return Recommended(r.entries[static_cast<size_t>(i)]); });
      if (any) day.steps.push_back(std::move(ps));
    }
    r.plan.push_back(std::move(day));
  }

  for (RoutineStep s : RoutineSteps()) {
    if (!IsEssentialStep(s)) continue;
    const bool stocked = std::any_of(r.entries.begin(), r.entries.end(), [&](const StockEntry& e) { return e.step == s; });
    const bool mineral = std::any_of(r.entries.begin(), r.entries.end(),
                                     [&](const StockEntry& e) { return e.mineral_sunscreen && e.evaluated(); });
    if (!stocked) {
      r.gaps.push_back({s, 0, last_day, {}, fmt::format("no {} in stock", RoutineStepName(s))});
      continue;
    }
    int d = 0;
    while (d <= last_day) {
      auto no_safe = [&](int day) {
        const auto& steps = r.plan[static_cast<size_t>(day)].steps;
        auto it = std::find_if(steps.begin(), steps.end(), [&](const PlanStep& p) { return p.step == s; });
        return it == steps.end() || it->use.empty();
      };
      if (!no_safe(d)) {
        ++d;
        continue;
      }
      int from = d;
      while (d + 1 <= last_day && no_safe(d + 1)) ++d;
      Gap g{s, from, d, {}, ""};
      for (int i : r.grid_order) {
        const StockEntry& e = r.entries[static_cast<size_t>(i)];
        if (e.step == s && e.evaluated() &&
            std::all_of(e.days.begin() + from, e.days.begin() + d + 1, [](Verdict v) { return v <= Verdict::kCaution; })) {
          g.caution.push_back(i);
        }
      }
      g.message = fmt::format("no safe {} in stock for {}", RoutineStepName(s), DayRange(from, d));
      if (s == RoutineStep::kSunscreen && !mineral) g.message += " (no mineral sunscreen in stock)";
      if (!g.caution.empty()) g.message += fmt::format(" ({} with caution only)", g.caution.size());
      r.gaps.push_back(std::move(g));
      ++d;
    }
  }
  return r;
}

}  // namespace aftercare::catalog
