// The metamorphic test of "nothing unread is ever safe" (issue 15): real
// labels from ../shared/data/products, each with a restricted ingredient put
// in with one kind of glue that real labels show (a colon after it, a
// disclaimer glued after its bracket, a missing comma, a Drug Facts section,
// ...). Whatever the glue, the reader must find the ingredient's category and
// the day-3 verdict must not be safe. The counts per kind are printed.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "../unit/test_analyzer.h"
#include "aftercare/catalog/csv_reader.h"

namespace aftercare {
namespace {

// A restricted ingredient, the category it must be read into, and other ways
// labels print it: a synonym in brackets, a slash synonym, a misspelling.
struct Hazard {
  std::string name, category, bracket_synonym, slash_synonym, typo;
};
const Hazard kHazards[] = {
    {"Retinol", "retinoid", "Retinol (Vitamin A)", "Retinol/Vitamin A", "Retinoll"},
    {"Glycolic Acid", "aha", "Glycolic Acid (AHA)", "Glycolic Acid/Hydroxyacetic Acid", "Glycollic Acid"},
    {"Parfum", "fragrance", "Parfum (Fragrance)", "Parfum/Fragrance", "Parfume"},
    {"Avobenzone", "uv_filter_chemical", "Avobenzone (Butyl Methoxydibenzoylmethane)",
     "Butyl Methoxydibenzoylmethane/Avobenzone", "Avobenzon"},
    {"Alcohol Denat.", "drying_alcohol", "Alcohol Denat. (SD Alcohol 40-B)", "Alcohol Denat./SD Alcohol 40-B",
     "Alcohol Denatt."},
    {"Benzoyl Peroxide", "benzoyl_peroxide", "Benzoyl Peroxide (BPO)", "Benzoyl Peroxide/Dibenzoyl Peroxide",
     "Benzoyl Peroxyde"},
};

// The label as a list of its items (split at ", ": the real labels chosen are
// comma lists) and the way one kind of glue puts the hazard in.
using Items = std::vector<std::string>;
std::string Join(const Items& items, std::string_view sep, size_t from = 0) {
  std::string out;
  for (size_t i = from; i < items.size(); ++i) out += (i > from ? std::string(sep) : "") + items[i];
  return out;
}
// `x` as the second item, the items joined by ", ".
std::string Second(const Items& items, const std::string& x) {
  return items[0] + ", " + x + ", " + Join(items, ", ", 1);
}

struct Glue {
  std::string kind;
  std::function<std::string(const Items&, const Hazard&)> put;
};

std::vector<Glue> Glues() {
  using H = const Hazard&;
  using I = const Items&;
  return {
      // The kinds the issue names.
      {"colon after it", [](I i, H h) { return Second(i, h.name + " :"); }},
      {"colon, no space before", [](I i, H h) { return i[0] + ", " + h.name + ": " + Join(i, ", ", 1); }},
      {"disclaimer glued after a bracket",
       [](I i, H h) {
         return Join(i, ", ") + ", " + h.bracket_synonym +
                ".Please be aware that ingredient lists may change or vary from time to time.";
       }},
      {"footnote marks", [](I i, H h) { return Second(i, h.name + "*") + ". *Certified organic"; }},
      {"line breaks", [](I i, H h) { return i[0] + ",\n" + h.name + ",\n" + Join(i, ",\n", 1); }},
      {"semicolons", [](I i, H h) { return i[0] + "; " + h.name + "; " + Join(i, "; ", 1); }},
      {"bullets",
       [](I i, H h) {
         return "\xE2\x80\xA2 " + i[0] + "\n\xE2\x80\xA2 " + h.name + "\n\xE2\x80\xA2 " + Join(i, "\n\xE2\x80\xA2 ", 1);
       }},
      {"tabs", [](I i, H h) { return i[0] + ",\t" + h.name + "\t, " + Join(i, ", ", 1); }},
      {"upper case",
       [](I i, H h) {
         std::string s = Second(i, h.name);
         for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
         return s;
       }},
      {"lower case",
       [](I i, H h) {
         std::string s = Second(i, h.name);
         for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
         return s;
       }},
      {"missing comma", [](I i, H h) { return i[0] + ", " + h.name + " " + Join(i, ", ", 1); }},
      {"percentage glued to the next name", [](I i, H h) { return i[0] + ", " + h.name + " 2%" + Join(i, ", ", 1); }},
      {"(and) blend", [](I i, H h) { return i[0] + ", " + h.name + " (and) " + Join(i, ", ", 1); }},
      {"bracket list, unknown head", [](I i, H h) { return Second(i, "Complex [" + h.name + ", Tocopherol]"); }},
      {"synonym in brackets", [](I i, H h) { return Second(i, h.bracket_synonym); }},
      {"last in the list, full stop", [](I i, H h) { return Join(i, ", ") + ", " + h.name + "."; }},
      {"Drug Facts active",
       [](I i, H h) {
         return "Drug Facts\nActive Ingredients: " + h.name + " 2%\nInactive Ingredients: " + Join(i, ", ");
       }},
      {"second part of a kit",
       [](I i, H h) { return "Cleanser:\n" + Join(i, ", ") + "\nSerum:\nWater, " + h.name + ", Glycerin"; }},
      {"after marketing text",
       [](I i, H h) {
         return "This serum smooths and brightens your skin overnight. Ingredients: " + h.name + ", " + Join(i, ", ");
       }},
      {"before Directions:",
       [](I i, H h) { return Join(i, ", ") + ", " + h.name + ". Directions: apply to clean skin at night."; }},
      {"HTML entities", [](I i, H h) { return i[0] + ",&nbsp;" + h.name + "&nbsp;, " + Join(i, ", ", 1); }},
      {"slash synonym", [](I i, H h) { return Second(i, h.slash_synonym); }},
      {"doubled commas", [](I i, H h) { return i[0] + ",, " + h.name + ",, " + Join(i, ", ", 1); }},
      {"typo", [](I i, H h) { return Second(i, h.typo); }},
      // Ten more kinds seen in the real data.
      {"Ingredients: heading", [](I i, H h) { return "Ingredients: " + Second(i, h.name); }},
      {"heading word glued to a name",
       [](I i, H h) { return i[0] + ", CI 77891. Contains: " + h.name + ", " + Join(i, ", ", 1); }},
      {"declared percentage", [](I i, H h) { return Second(i, h.name + " (1%)"); }},
      {"CAS number", [](I i, H h) { return Second(i, h.name + " 12345-67-8"); }},
      {"qualifier in brackets", [](I i, H h) { return Second(i, h.name + " (organic)"); }},
      {"pipe separators", [](I i, H h) { return i[0] + " | " + h.name + " | " + Join(i, " | ", 1); }},
      {"list literal", [](I i, H h) { return "['" + i[0] + "', '" + h.name + "', '" + Join(i, "', '", 1) + "']"; }},
      {"sub-product name before a colon", [](I i, H h) { return "Night Serum: " + h.name + ", " + Join(i, ", "); }},
      {"name before a colon opening the list", [](I i, H h) { return h.name + ": 2%, " + Join(i, ", "); }},
      {"'and' before the last", [](I i, H h) { return Join(i, ", ") + " and " + h.name; }},
      {"pharmacopoeia grade", [](I i, H h) { return Second(i, h.name + " USP"); }},
      {"may contain after it", [](I i, H h) { return Second(i, h.name) + ". May contain: CI 77491, CI 77492."; }},
  };
}

// Real labels: the ingredient column of the Ulta skincare catalog, comma
// lists of 6 to 60 items with no restricted ingredient of the hazards'
// categories, so that finding the category can only come from the insertion.
std::vector<Items> RealLabels(const rules::Checker& checker, const db::Protocol& protocol, size_t want) {
  const std::string path = std::string(AFTERCARE_SOURCE_DIR) + "/../shared/data/products/ulta_skincare_1293/ulta.csv";
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string data = buf.str();
  catalog::StringSource source(data);
  catalog::CsvReader reader(&source);
  catalog::CsvRow row;
  std::vector<Items> out;
  while (out.size() < want) {
    auto more = reader.Next(&row);
    if (!more.ok() || !*more) break;
    if (row.fields.size() < 6 || !row.error.empty()) continue;
    const std::string& text = row.fields[5];
    if (text.find_first_of(":.;\n[(") != std::string::npos && text.back() != '.') continue;
    std::string list = text.back() == '.' ? text.substr(0, text.size() - 1) : text;
    if (list.find_first_of(":;\n.") != std::string::npos) continue;
    // Items at ", " outside brackets: "Aqua (Water, Eau)" is one.
    Items items(1);
    int depth = 0;
    for (size_t p = 0; p < list.size(); ++p) {
      const char c = list[p];
      depth += (c == '(' || c == '[') - ((c == ')' || c == ']') && depth > 0);
      if (depth == 0 && list.compare(p, 2, ", ") == 0) {
        items.emplace_back();
        ++p;
      } else {
        items.back().push_back(c);
      }
    }
    if (items.size() < 6 || items.size() > 60) continue;
    const auto parsed = testing::RealAnalyzer().ParseLabel(list);
    auto a = checker.Assess(parsed, {}, protocol, 3);
    if (!a.ok()) continue;
    bool clean = true;
    for (const Hazard& h : kHazards) {
      clean = clean && std::find(a->categories.begin(), a->categories.end(), h.category) == a->categories.end();
    }
    if (clean) out.push_back(std::move(items));
  }
  return out;
}

TEST(Metamorphic, NoGlueHidesARestrictedIngredient) {
  const rules::Checker& checker = testing::RealChecker();
  auto protocol = checker.FindProtocol("microneedling");
  ASSERT_TRUE(protocol.ok());
  const std::vector<Items> labels = RealLabels(checker, **protocol, 40);
  ASSERT_GE(labels.size(), 20u) << "too few real labels to vary";
  struct Count {
    int cases = 0, failed = 0, explained = 0;  // failed: false safe or category missed; explained: safe, rules say why
  };
  std::map<std::string, Count> counts;
  for (const Glue& glue : Glues()) {
    for (size_t l = 0; l < labels.size(); ++l) {
      const Hazard& h = kHazards[l % std::size(kHazards)];
      const std::string text = glue.put(labels[l], h);
      const auto parsed = testing::RealAnalyzer().ParseLabel(text);
      auto a = checker.Assess(parsed, {}, **protocol, 3);
      Count& count = counts[glue.kind];
      ++count.cases;
      ASSERT_TRUE(a.ok()) << a.status().ToString() << "\n" << text;
      const bool found = std::find(a->categories.begin(), a->categories.end(), h.category) != a->categories.end();
      // Safe only where the rules say why they did not count it (a drying
      // alcohol last in the list is a trace): a decision, not a reading hole.
      const bool explained = std::any_of(a->not_counted.begin(), a->not_counted.end(),
                                         [&](const rules::NotCounted& n) { return n.category == h.category; });
      const bool safe = a->verdict == rules::Verdict::kSafe && !explained;
      count.explained += a->verdict == rules::Verdict::kSafe && explained;
      if (!found || safe) {
        ++count.failed;
        ADD_FAILURE() << glue.kind << ": " << h.name << (found ? "" : " not found") << (safe ? ", SAFE on day 3" : "")
                      << "\n"
                      << text;
      }
    }
  }
  std::string report =
      "metamorphic cases per kind (cases, false safe or category missed, safe with the rules' reason):\n";
  for (const auto& [kind, c] : counts) {
    report += fmt::format("  {:<40} {:>4} {:>4} {:>4}\n", kind, c.cases, c.failed, c.explained);
  }
  std::fputs(report.c_str(), stdout);
}

}  // namespace
}  // namespace aftercare
