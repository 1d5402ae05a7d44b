// sunscreen_check: the quality bar on hand-labelled sunscreens. For each
// product of ground_truth/sunscreendna/sunscreens.json, reads its ingredient
// list with the label reader and checks that every hand-labelled UV filter is
// found with the right class: uv_filter_mineral in a "mineral" product,
// uv_filter_chemical in a "chemical" one; in a "hybrid" product zinc oxide and
// titanium dioxide are the mineral ones. (The file's per-filter "category" is
// UVA/UVB/broad-spectrum.) A labelled filter that the product's own ingredient
// list does not contain is reported apart as a gap of the data set. Prints each
// miss and the totals; exit 1 on any miss.
//   build/sunscreen_check ../shared/data/ground_truth/sunscreendna/sunscreens.json [--db PATH]
#include <fstream>
#include <sstream>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aftercare/aftercare.h"
#include "aftercare/report/parse_report.h"

int main(int argc, char** argv) {
  std::string path, db_path = "build/aftercare.db";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--db" && i + 1 < argc)
      db_path = argv[++i];
    else
      path = a;
  }
  std::ifstream in(path);
  if (path.empty() || !in) {
    fmt::print(stderr, "usage: sunscreen_check SUNSCREENS.json [--db PATH]\n");
    return 2;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  auto j = nlohmann::json::parse(ss.str(), nullptr, false);
  if (j.is_discarded() || !j.is_array()) {
    fmt::print(stderr, "sunscreen_check: error: {}: not a JSON array\n", path);
    return 2;
  }
  auto analyzer = aftercare::Analyzer::Open(db_path);
  if (!analyzer.ok()) {
    fmt::print(stderr, "sunscreen_check: error: {}\n", analyzer.status().ToString());
    return 2;
  }
  const auto& db = analyzer->db();
  int products = 0, filters = 0, found = 0, absent = 0;
  for (const auto& p : j) {
    ++products;
    std::string label;
    for (const auto& ing : p["ingredients"]) label += (label.empty() ? "" : ", ") + ing.get<std::string>();
    auto parsed = analyzer->ParseLabel(label);
    for (const auto& f : p["filters"]) {
      ++filters;
      std::string name = f["name"].get<std::string>();
      std::string type = p.value("type", "");
      std::string lower;
      for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      bool mineral = type == "mineral" || (type == "hybrid" && (lower.find("zinc oxide") != std::string::npos ||
                                                                lower.find("titanium dioxide") != std::string::npos));
      std::string want = mineral ? "uv_filter_mineral" : "uv_filter_chemical";
      // Read the filter name as a one-item label ("Zinc Oxide 9%").
      auto named = analyzer->ParseLabel(name);
      aftercare::match::Match expected;
      if (!named.ingredients.empty()) expected = named.ingredients[0].match;
      // Is the labelled filter in the product's own list at all?
      bool listed = false;
      for (const auto& ing : p["ingredients"]) {
        std::string s = ing.get<std::string>();
        auto one = analyzer->ParseLabel(s);
        aftercare::match::Match m;
        if (!one.ingredients.empty()) m = one.ingredients[0].match;
        std::string ls;
        for (char c : s) ls += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if ((expected.ingredient >= 0 && m.ingredient == expected.ingredient) || ls.find(lower) != std::string::npos) {
          listed = true;
          break;
        }
      }
      if (!listed) {
        ++absent;
        fmt::print("GAP   {}: labelled filter '{}' is not in the product's ingredient list\n", p.value("product", "?"),
                   name);
        continue;
      }
      bool ok = false;
      for (const auto& ing : parsed.ingredients) {
        if (!ing.recognized()) continue;
        auto cats = aftercare::report::IngredientCategories(ing, db);
        bool same = expected.ingredient >= 0 && ing.match.ingredient == expected.ingredient;
        if (same && std::find(cats.begin(), cats.end(), want) != cats.end()) {
          ok = true;
          break;
        }
      }
      if (ok) {
        ++found;
      } else {
        fmt::print("MISS  {}: '{}' ({}) not found as {}\n", p.value("product", "?"), name,
                   expected.ingredient >= 0 ? db.ingredient(expected.ingredient).inci : "name unknown to the DB", want);
      }
    }
  }
  int checked = filters - absent;
  fmt::print(
      "sunscreen_check: {} products, {} labelled UV filters ({} absent from their own lists), "
      "{} of {} found with the right class ({:.1f}%)\n",
      products, filters, absent, found, checked, checked ? 100.0 * found / checked : 0.0);
  return found == checked ? 0 : 1;
}
