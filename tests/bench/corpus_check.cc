// corpus_check: runs `check` over every product of a corpus (JSON Lines as
// written by corpus_export: "source", "row", "name", "ingredients") for several
// healing days and prints the verdict distribution per day, the errors, the
// product types read from the names, and the time per product. A quality
// program, not a test: it proves every real product gets a verdict or a clear
// error, and shows what a clinic would see.
//   build/corpus_export > /tmp/corpus_all.jsonl
//   build/corpus_check /tmp/corpus_all.jsonl [--db build/aftercare.db] [--days 0,3,7,14]
//                      [--protocol ID] (default microneedling)
//                      [--show-errors N] [--verdicts OUT.tsv]
// It also counts the products of the kinds the clinic guidance recommends
// (issue 16): gentle cleansers, hyaluronic-acid serums, ceramide
// moisturizers and mineral sunscreens, without fragrance, strong acids,
// retinoids, organic UV filters or drying alcohol, and how many of them are
// safe by day 1, with what keeps the others.
// --verdicts writes one line per product (source, row, the verdict of each day,
// safe-from day, the reason categories of the first day): diff two runs to see
// which products a change moved, and in which direction. A product of a
// recommended kind has the kind as a last column.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aftercare/aftercare.h"
#include "aftercare/rules/verdict.h"
#include "bench_args.h"

namespace {

struct Product {
  std::string source, name, ingredients;
  int64_t row = 0;
};

bool Has(const std::vector<std::string>& v, std::string_view s) { return std::find(v.begin(), v.end(), s) != v.end(); }

// The recommended kind of an assessed product ("" when it is none), read from
// its type and its categories; a product with a rule for fragrance, a strong
// (avoided) acid, a retinoid, an organic filter or drying alcohol is none.
bool NameSays(std::string_view name, std::string_view word) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find(word) != std::string::npos;
}

std::string RecommendedKind(const aftercare::rules::Assessment& a, std::string_view name) {
  using aftercare::rules::ProductType;
  for (const auto& t : a.triggers) {
    const std::string& c = t.category;
    if (c == "fragrance" || c == "uv_filter_chemical" || c == "retinoid_cosmetic" || c == "retinoid_rx" ||
        c == "drying_alcohol" || c == "astringent" || c == "vitamin_c_laa" ||
        ((c == "aha" || c == "bha" || c == "pha" || c == "peel_acid") && t.avoid_until_day)) {
      return "";
    }
  }
  const auto& cats = a.categories;
  switch (a.type.type) {
    case ProductType::kCleanser: {
      for (const auto& t : a.triggers) {
        if (t.category == "harsh_surfactant" || t.category == "physical_abrasive") return "";
      }
      return "gentle cleanser";
    }
    case ProductType::kSerum:
      // A hyaluronic serum by its name ("Hyaluronic Acid 2% + B5"), not any serum with a trace of HA.
      return Has(cats, "hyaluronic_acid") &&
                     (NameSays(name, "hyalur") || NameSays(name, " ha ") || NameSays(name, "(ha)"))
                 ? "hyaluronic serum"
                 : "";
    case ProductType::kMoisturizer: return Has(cats, "ceramide") ? "ceramide moisturizer" : "";
    case ProductType::kSunscreen:
      return Has(cats, "uv_filter_mineral") && !Has(cats, "uv_filter_chemical") ? "mineral sunscreen" : "";
    default: return "";
  }
}

}  // namespace

int main(int argc, char** argv) {
  using namespace aftercare;
  std::string corpus, db_path = "build/aftercare.db", days_arg = "0,3,7,14";
  int show_errors = 10;
  std::string verdicts_path, protocol_id = "microneedling";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--db" && i + 1 < argc)
      db_path = argv[++i];
    else if (a == "--days" && i + 1 < argc)
      days_arg = argv[++i];
    else if (a == "--show-errors" && i + 1 < argc)
      show_errors = std::stoi(argv[++i]);
    else if (a == "--verdicts" && i + 1 < argc)
      verdicts_path = argv[++i];
    else if (a == "--protocol" && i + 1 < argc)
      protocol_id = argv[++i];
    else
      corpus = a;
  }
  if (corpus.empty()) {
    fmt::print(stderr,
               "usage: corpus_check CORPUS.jsonl [--db PATH] [--days 0,3,7,14] [--show-errors N] "
               "[--verdicts OUT.tsv] [--protocol ID]\n");
    return 2;
  }
  std::ifstream in(corpus);
  if (!in) {
    fmt::print(stderr, "corpus_check: error: {}: cannot open\n", corpus);
    return 2;
  }
  std::vector<Product> products;
  std::string line;
  int64_t bad_lines = 0;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("ingredients")) {
      ++bad_lines;
      continue;
    }
    products.push_back(
        {j.value("source", ""), j.value("name", ""), j["ingredients"].get<std::string>(), j.value("row", 0)});
  }
  auto analyzer = Analyzer::Open(db_path);
  if (!analyzer.ok()) {
    fmt::print(stderr, "corpus_check: error: {}\n", analyzer.status().ToString());
    return 2;
  }
  auto checker = rules::Checker::Create(&*analyzer);
  if (!checker.ok()) return 2;
  auto protocol = (*checker)->FindProtocol(protocol_id);
  if (!protocol.ok()) {
    fmt::print(stderr, "corpus_check: error: {}\n", protocol.status().ToString());
    return 2;
  }
  std::vector<int> days = aftercare::bench::ParseNumberList(days_arg);

  std::map<int, std::map<std::string, int64_t>> by_day;
  std::map<std::string, int64_t> types, errors_by_source, safe_from;
  std::map<int, std::map<std::string, int64_t>> reasons_by_day;  // products with a reason of this category
  int64_t empty = 0;
  std::FILE* verdicts = verdicts_path.empty() ? nullptr : std::fopen(verdicts_path.c_str(), "w");
  if (!verdicts_path.empty() && verdicts == nullptr) {
    fmt::print(stderr, "corpus_check: error: {}: cannot write\n", verdicts_path);
    return 2;
  }
  std::vector<std::string> error_lines;
  int64_t errors = 0, with_unknown = 0;
  // Per recommended kind: products, safe by day 1; and what keeps the others on day 1.
  std::map<std::string, std::pair<int64_t, int64_t>> kinds, plain_kinds;
  std::map<std::string, int64_t> kind_blockers, plain_blockers;
  auto t0 = std::chrono::steady_clock::now();
  for (size_t i = 0; i < products.size(); ++i) {
    const Product& p = products[i];
    if (p.ingredients.find_first_not_of(" \t\r\n") == std::string::npos) {
      ++empty;  // an empty label is an error by design; counted apart
      continue;
    }
    match::ParsedLabel label = analyzer->ParseLabel(p.ingredients, {.suggestions = false});
    rules::ProductInfo info{p.name, std::nullopt};
    bool first = true;
    std::string row = fmt::format("{}\t{}", p.source, p.row), first_reasons;
    for (int day : days) {
      auto a = (*checker)->Assess(label, info, **protocol, day);
      if (!a.ok()) {
        if (first) {
          ++errors;
          ++errors_by_source[p.source];
          if (static_cast<int>(error_lines.size()) < show_errors) {
            std::string text = p.ingredients.substr(0, 90);
            for (char& c : text) c = (c == '\n' || c == '\r') ? ' ' : c;
            error_lines.push_back(fmt::format("  {}:{}: {} | {}", p.source, p.row, a.status().message(), text));
          }
        }
        break;
      }
      ++by_day[day][std::string(rules::VerdictName(a->verdict))];
      row += fmt::format("\t{}", rules::VerdictName(a->verdict));
      std::map<std::string, bool> seen;
      for (const rules::Trigger* t : a->Reasons()) {
        std::string key = fmt::format("{}:{}", rules::VerdictName(t->On(day)), t->category);
        if (!seen[key]) ++reasons_by_day[day][key];
        seen[key] = true;
      }
      if (first) {
        for (const rules::Trigger* t : a->Reasons()) first_reasons += fmt::format(" {}", t->category);
        row += fmt::format("\tfrom {}", a->safe_from_day);
        ++types[std::string(rules::ProductTypeName(a->type.type))];
        ++safe_from[fmt::format("{:>2}", a->safe_from_day)];
        with_unknown += !a->unrecognized.empty();
        if (std::string kind = RecommendedKind(*a, p.name); !kind.empty()) {
          first_reasons += fmt::format("\t{}", kind);
          // Plain: none of what the founding guidance itself says to avoid (pore-cloggers above the
          // ~1 % line, irritants), and none of the actives the protocol keeps at caution on days
          // 0-2 by its own rows (niacinamide, row 24 as issue 16 decided; peptides and growth
          // factors, row 32; vitamin C derivatives, row 17).
          bool plain = true;
          for (const auto& t : a->triggers) {
            for (std::string_view c :
                 {"niacinamide", "peptide", "growth_factor", "vitamin_c_derivative", "comedogenic_high",
                  "comedogenic_moderate", "irritant_other", "harsh_surfactant", "cooling_agent", "benzoyl_peroxide"}) {
              plain &= t.category != c;
            }
          }
          auto& [count, safe] = kinds[kind];
          ++count;
          safe += a->safe_from_day <= 1;
          if (plain) {
            auto& [plain_count, plain_safe] = plain_kinds[kind];
            ++plain_count;
            plain_safe += a->safe_from_day <= 1;
          }
          std::map<std::string, bool> counted;
          for (const auto& t : a->triggers) {
            if (t.On(1) != rules::Verdict::kSafe && !counted[t.category]) {
              ++kind_blockers[t.category];
              if (plain) ++plain_blockers[t.category];
            }
            counted[t.category] = true;
          }
        }
      }
      first = false;
    }
    if (verdicts != nullptr && !first) fmt::print(verdicts, "{}\t{}\n", row, first_reasons);
  }
  if (verdicts != nullptr) std::fclose(verdicts);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  int64_t n = static_cast<int64_t>(products.size());
  fmt::print(
      "products: {} ({} non-product lines skipped), {} with an empty label (an error by design), {} other errors "
      "({:.2f} % of non-empty), {} with an unrecognized ingredient\n",
      n, bad_lines, empty, errors, 100.0 * static_cast<double>(errors) / static_cast<double>(n - empty), with_unknown);
  fmt::print("time: {:.2f} s for parse + {} days ({:.0f} products/s, one thread)\n", secs, days.size(),
             static_cast<double>(n) / secs);
  for (int day : days) {
    auto& m = by_day[day];
    int64_t total = m["safe"] + m["caution"] + m["avoid"];
    fmt::print("day {:>2}: safe {:>6} ({:5.1f} %)  caution {:>6} ({:5.1f} %)  avoid {:>6} ({:5.1f} %)\n", day,
               m["safe"], 100.0 * static_cast<double>(m["safe"]) / static_cast<double>(total), m["caution"],
               100.0 * static_cast<double>(m["caution"]) / static_cast<double>(total), m["avoid"],
               100.0 * static_cast<double>(m["avoid"]) / static_cast<double>(total));
  }
  for (int day : days) {
    std::vector<std::pair<int64_t, std::string>> top;
    for (const auto& [k, c] : reasons_by_day[day]) top.push_back({-c, k});
    std::sort(top.begin(), top.end());
    fmt::print("day {:>2} reasons (products):", day);
    for (size_t k = 0; k < top.size() && k < 14; ++k) fmt::print(" {} {}", top[k].second, -top[k].first);
    fmt::print("\n");
  }
  for (const auto* m : {&kinds, &plain_kinds}) {
    int64_t count = 0, safe = 0;
    fmt::print("{}, safe by day 1:",
               m == &kinds ? "recommended kinds"
                           : "  of them plain (no pore-clogger, irritant, niacinamide, peptide or vitamin C)");
    for (const auto& [kind, cs] : *m) {
      fmt::print(" {} {}/{} ({:.1f} %);", kind, cs.second, cs.first,
                 100.0 * static_cast<double>(cs.second) / static_cast<double>(std::max<int64_t>(cs.first, 1)));
      count += cs.first;
      safe += cs.second;
    }
    fmt::print(" all {}/{} ({:.1f} %)\n", safe, count,
               100.0 * static_cast<double>(safe) / static_cast<double>(std::max<int64_t>(count, 1)));
  }
  for (const auto* m : {&kind_blockers, &plain_blockers}) {
    std::vector<std::pair<int64_t, std::string>> top;
    for (const auto& [k, c] : *m) top.push_back({-c, k});
    std::sort(top.begin(), top.end());
    fmt::print("  {} not safe on day 1 because of (products):", m == &kind_blockers ? "all" : "plain");
    for (const auto& [c, k] : top) fmt::print(" {} {}", k, -c);
    fmt::print("\n");
  }
  fmt::print("safe from day:");
  for (const auto& [d, c] : safe_from) fmt::print(" {}:{}", d, c);
  fmt::print("\ntypes from names:");
  for (const auto& [t, c] : types) fmt::print(" {}:{}", t, c);
  fmt::print("\nerrors by source:");
  for (const auto& [s, c] : errors_by_source) fmt::print(" {}:{}", s, c);
  fmt::print("\n");
  for (const auto& e : error_lines) fmt::print("{}\n", e);
  return 0;
}
