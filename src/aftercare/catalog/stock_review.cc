#include "aftercare/catalog/stock_review.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "aftercare/db/category_ids.h"
#include "aftercare/rules/protocol_index.h"

namespace aftercare::catalog {
namespace {

using rules::ProductType;
using rules::Verdict;

// The longest grid a report lays out: a month and a bit covers every protocol.
constexpr int kMaxLastDay = 60;

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

Result<std::vector<StockItem>> ReadStock(ByteSource* source, const std::string& file_name, InputFormat format,
                                         ColumnChoice columns) {
  columns.stock = true;
  CatalogReader reader(source, file_name, format, std::move(columns));
  std::vector<StockItem> out;
  RawRow row;
  DecodeScratch scratch;
  while (true) {
    ASSIGN_OR_RETURN(bool more, reader.Next(&row));
    // A header that every row would fail on is the file's problem, not each product's.
    if (!reader.header_error().empty()) return DataError(reader.header_error());
    if (!more) break;
    DecodedRow d = reader.decoder()->Decode(row, &scratch);
    CatalogProduct& p = d.product;
    StockItem item;
    item.line = static_cast<int>(row.line);
    item.name = std::move(p.name);
    item.brand = std::move(p.brand);
    item.type = std::move(p.type);
    item.ingredients = std::move(p.ingredients);
    item.sku = p.sku.empty() ? std::move(p.id) : std::move(p.sku);
    item.quantity = std::move(p.quantity);
    item.error = std::move(d.error);
    out.push_back(std::move(item));
  }
  if (out.empty()) return InvalidArgument(fmt::format("{}: no products (no product row in the file)", file_name));
  return out;
}

std::optional<long> StockUnits(std::string_view quantity) {
  std::string q = Trim(quantity);
  if (q.empty()) return std::nullopt;
  // "12", "12.0": whole units. Anything else is not a count.
  size_t dot = q.find('.');
  std::string whole = q.substr(0, dot);
  if (dot != std::string::npos && q.find_first_not_of('0', dot + 1) != std::string::npos) return -1;
  if (whole.empty() || whole.size() > 9 || whole.find_first_not_of("0123456789") != std::string::npos) return -1;
  return std::stol(whole);
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
  return {RoutineStep::kCleanser,  RoutineStep::kSerum,  RoutineStep::kMoisturizer,
          RoutineStep::kSunscreen, RoutineStep::kMakeup, RoutineStep::kOther};
}

RoutineStep StepOf(ProductType type) {
  switch (type) {
    case ProductType::kCleanser:
    case ProductType::kWipe:
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
                  const rules::ProtocolFile& protocol, const rules::ProtocolIndex& protocol_index, int last_day) {
  StockEntry e;
  e.item = item;
  std::optional<long> units = StockUnits(item.quantity);
  e.out_of_stock = units == 0;
  if (units == -1) {
    e.limits.push_back(fmt::format("quantity '{}' is not a whole number of units: counted as in stock", item.quantity));
  }
  if (!item.error.empty()) {
    // The row could not be read: nothing about it is checked.
    e.error = item.error;
    e.limits.insert(e.limits.begin(), item.error);
    e.step = StepOf(item.name.empty() ? ProductType::kUnknown : checker.name_reader().Read(item.name).type);
    e.days.assign(static_cast<size_t>(last_day) + 1, Verdict::kCaution);
    return e;
  }
  rules::ProductInfo product{item.name, std::nullopt, item.sku};
  if (!item.type.empty()) {
    product.type = rules::ParseProductType(item.type);
    if (!product.type) e.limits.push_back(fmt::format("unknown type '{}': the type was read from the name", item.type));
  }
  const rules::ClinicPolicy* policy = protocol.policy.empty() ? nullptr : &protocol.policy;
  match::ParsedLabel label = analyzer.ParseLabel(item.ingredients);
  Result<rules::Assessment> a = checker.Assess(label, product, protocol_index, 0, policy);
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
  for (const auto& c : a->components) {
    auto& days = e.component_days.emplace_back();
    for (int d = 0; d <= last_day; ++d) {
      Verdict v = Verdict::kSafe;
      for (size_t t = c.triggers_begin; t < c.triggers_end; ++t) v = std::max(v, a->triggers[t].On(d));
      days.push_back(v);
    }
  }
  if (a->components.empty() && a->type.type == ProductType::kUnknown) {
    e.limits.push_back("type unknown: the product-type rules (makeup, sunscreen, device, toner) were not applied");
  }
  // A kit's parts are typed one by one: the kit's own type rules nothing.
  for (const auto& c : a->components) {
    if (c.type.type != ProductType::kUnknown) continue;
    e.limits.push_back(
        fmt::format("'{}' in the kit: type unknown: the product-type rules (makeup, sunscreen, "
                    "device, toner) were not applied",
                    c.name.empty() ? "the unnamed product" : c.name));
  }
  for (int i : a->unrecognized) {
    const auto& ing = label.ingredients[static_cast<size_t>(i)];
    e.limits.push_back(
        ing.not_read
            ? fmt::format("'{}' in the ingredient list could not be read: it was not checked", label.Label(ing))
            : fmt::format("'{}' is not in the ingredient database: it was not checked", label.Label(ing)));
  }
  for (const auto& n : a->notes) e.limits.push_back(n);
  const auto& cats = a->categories;
  auto has = [&](std::string_view c) { return std::find(cats.begin(), cats.end(), c) != cats.end(); };
  e.mineral_sunscreen =
      a->type.type == ProductType::kSunscreen && has(db::kUvFilterMineral) && !has(db::kUvFilterChemical);
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

Result<std::pair<int, int>> ParseDayRange(std::string_view text, std::string_view what) {
  auto number = [](std::string_view n) -> std::optional<int> {
    if (n.empty() || n.size() > 3 || n.find_first_not_of("0123456789") != std::string_view::npos) return std::nullopt;
    int v = 0;
    for (char c : n) v = v * 10 + (c - '0');
    return v;
  };
  const size_t dash = text.find('-');
  std::optional<int> first = dash == std::string_view::npos ? 0 : number(text.substr(0, dash));
  std::optional<int> last = number(dash == std::string_view::npos ? text : text.substr(dash + 1));
  if (!first || !last) return InvalidArgument(fmt::format("{} '{}': expected N or A-B (e.g. 0-14)", what, text));
  if (*first > *last) return InvalidArgument(fmt::format("{} '{}': the first day is after the last", what, text));
  return std::make_pair(*first, *last);
}

Result<int> ParseGridDays(std::string_view text, std::string_view what) {
  ASSIGN_OR_RETURN(auto range, ParseDayRange(text, what));
  if (range.first != 0) {
    return InvalidArgument(fmt::format("{} '{}': the grid starts on day 0 (write 0-N or N)", what, text));
  }
  return range.second;
}

Result<StockReview> ReviewStock(const std::vector<StockItem>& items, const Analyzer& analyzer,
                                const rules::Checker& checker, const rules::ProtocolFile& protocol, int last_day) {
  if (last_day < 0 || last_day > kMaxLastDay) {
    return InvalidArgument(fmt::format("--days {} is outside 0-{}", last_day, kMaxLastDay));
  }
  StockReview r;
  r.protocol = protocol.protocol;
  r.policy = protocol.policy;
  r.last_day = last_day;
  const rules::ProtocolIndex protocol_index(protocol.protocol);  // once for the whole stock
  for (const auto& item : items) {
    r.entries.push_back(Assess(item, analyzer, checker, protocol, protocol_index, last_day));
  }

  for (RoutineStep s : RoutineSteps()) {
    for (size_t i = 0; i < r.entries.size(); ++i) {
      if (r.entries[i].step == s) r.grid_order.push_back(static_cast<int>(i));
    }
  }

  for (int d = 0; d <= last_day; ++d) {
    DayPlan day{d, {}};
    for (RoutineStep s : RoutineSteps()) {
      PlanStep ps{s, {}, {}, {}};
      bool any = false;
      for (int i : r.grid_order) {
        const StockEntry& e = r.entries[static_cast<size_t>(i)];
        if (e.step != s) continue;
        any = true;
        if (!e.evaluated()) continue;  // not checked: never planned
        Verdict v = e.days[static_cast<size_t>(d)];
        if (v != Verdict::kAvoid && e.out_of_stock) {
          ps.out_of_stock.push_back(i);  // usable, but not on the shelf
          continue;
        }
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
    const bool stocked =
        std::any_of(r.entries.begin(), r.entries.end(), [&](const StockEntry& e) { return e.step == s; });
    // An out-of-stock mineral sunscreen is named by the gap as out of stock instead.
    const bool mineral = std::any_of(r.entries.begin(), r.entries.end(),
                                     [&](const StockEntry& e) { return e.mineral_sunscreen && e.evaluated(); });
    if (!stocked) {
      r.gaps.push_back({s, 0, last_day, {}, {}, fmt::format("no {} in stock", RoutineStepName(s))});
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
      Gap g{s, from, d, {}, {}, ""};
      for (int i : r.grid_order) {
        const StockEntry& e = r.entries[static_cast<size_t>(i)];
        if (e.step != s || !e.evaluated()) continue;
        auto first = e.days.begin() + from, last = e.days.begin() + d + 1;
        if (e.out_of_stock) {
          if (std::find(first, last, Verdict::kSafe) != last) g.out_of_stock.push_back(i);
        } else if (std::all_of(first, last, [](Verdict v) { return v <= Verdict::kCaution; })) {
          g.caution.push_back(i);
        }
      }
      g.message = fmt::format("no safe {} in stock for {}", RoutineStepName(s), DayRange(from, d));
      if (s == RoutineStep::kSunscreen && !mineral) g.message += " (no mineral sunscreen in stock)";
      if (from == 0 && protocol.policy.strict_day_0) {
        g.message += " (strict day 0: practitioner-supplied products only)";
      }
      if (!g.out_of_stock.empty()) {
        std::string names;
        for (int i : g.out_of_stock) names += (names.empty() ? "" : "; ") + r.entries[static_cast<size_t>(i)].item.name;
        g.message += fmt::format(" (out of stock: {})", names);
      }
      if (!g.caution.empty()) g.message += fmt::format(" ({} with caution only)", g.caution.size());
      r.gaps.push_back(std::move(g));
      ++d;
    }
  }
  return r;
}

}  // namespace aftercare::catalog
