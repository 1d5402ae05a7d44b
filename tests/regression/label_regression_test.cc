// Real label excerpts (tests/regression/labels/*.label) with the reading a
// careful person would give them: every ingredient in order, its canonical
// INCI name (or "?" when the database does not know it) and its flags. See
// tests/regression/labels/README.md for the file format.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "../unit/test_analyzer.h"
#include "aftercare/report/parse_report.h"

namespace aftercare {
namespace {

namespace fs = std::filesystem;

struct Expected {
  std::string label, inci;
  bool may_contain = false, active = false;
  std::optional<double> percent;
  bool no_percent = false;  // "percent=none": the label declares none for it
  int component = 1;
};

struct Case {
  std::string file, label;
  std::vector<Expected> expect;
  std::vector<std::string> diagnostics;
};

std::string Trim(std::string s) {
  size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// Collapses whitespace and drops trailing separators, for comparing label text.
std::string Tidy(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && (out.back() == ' ' || out.back() == '.' || out.back() == ',' || out.back() == ';'))
    out.pop_back();
  return out;
}

Case Load(const fs::path& path) {
  Case c;
  c.file = path.filename().string();
  std::ifstream in(path);
  std::string line, section;
  std::vector<std::string> label_lines;
  while (std::getline(in, line)) {
    if (line.rfind("--- ", 0) == 0) {
      section = Trim(line.substr(4));
      continue;
    }
    if (section.empty() || (line.rfind("# ", 0) == 0 && section != "label")) continue;
    if (section == "label") {
      label_lines.push_back(line);
    } else if (section == "expect") {
      if (Trim(line).empty()) continue;
      Expected e;
      size_t arrow = line.rfind(" => ");
      e.label = Trim(line.substr(0, arrow));
      std::string rest = Trim(line.substr(arrow + 4));
      size_t bracket = rest.find(" [");
      e.inci = Trim(rest.substr(0, bracket));
      if (bracket != std::string::npos) {
        std::string flag_text = rest.substr(bracket);
        for (auto& ch : flag_text) {
          if (ch == '[' || ch == ']') ch = ' ';
        }
        std::istringstream flags(flag_text);
        std::string f;
        while (flags >> f) {
          if (f == "may_contain")
            e.may_contain = true;
          else if (f == "active")
            e.active = true;
          else if (f == "percent=none")
            e.no_percent = true;
          else if (f.rfind("percent=", 0) == 0)
            e.percent = std::stod(f.substr(8));
          else if (f.rfind("component=", 0) == 0)
            e.component = std::stoi(f.substr(10));
        }
      }
      c.expect.push_back(e);
    } else if (section == "diagnostics") {
      if (!Trim(line).empty()) c.diagnostics.push_back(Trim(line));
    }
  }
  for (size_t i = 0; i < label_lines.size(); ++i) c.label += (i ? "\n" : "") + label_lines[i];
  return c;
}

std::vector<fs::path> CaseFiles() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(AFTERCARE_SOURCE_DIR) / "tests" / "regression" / "labels")) {
    if (e.path().extension() == ".label") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

class LabelRegression : public ::testing::TestWithParam<fs::path> {};

TEST_P(LabelRegression, ReadsTheLabelAsAPersonWould) {
  Case c = Load(GetParam());
  ASSERT_FALSE(c.expect.empty()) << c.file << ": no expectations";
  const Analyzer& a = testing::RealAnalyzer();
  match::ParsedLabel parsed = a.ParseLabel(c.label);
  std::string got_table;
  for (const auto& ing : parsed.ingredients) {
    got_table +=
        Tidy(parsed.Label(ing)) + " => " +
        (ing.recognized() && ing.match.ingredient >= 0 && !ing.ambiguous && ing.match.kind != match::MatchKind::kFuzzy
             ? a.db().ingredient(ing.match.ingredient).inci
         : ing.match.kind == match::MatchKind::kPattern ? "(pattern)"
                                                        : "?") +
        "\n";
  }
  ASSERT_EQ(parsed.ingredients.size(), c.expect.size()) << c.file << " read as:\n" << got_table;
  for (size_t i = 0; i < c.expect.size(); ++i) {
    const Expected& e = c.expect[i];
    const match::LabelIngredient& ing = parsed.ingredients[i];
    SCOPED_TRACE(c.file + ": ingredient " + std::to_string(i + 1) + " '" + e.label + "'\nread as:\n" + got_table);
    EXPECT_EQ(Tidy(parsed.Label(ing)), Tidy(e.label));
    if (e.inci == "(pattern)") {
      // A family reading: a pattern, a species without its part, a name cut short.
      EXPECT_EQ(ing.match.kind, match::MatchKind::kPattern);
    } else if (e.inci == "?") {
      // Unknown to the DB: never silently matched (a fuzzy guess is reported as such).
      EXPECT_TRUE(!ing.recognized() || ing.match.kind == match::MatchKind::kFuzzy);
    } else {
      ASSERT_TRUE(ing.recognized() && ing.match.ingredient >= 0);
      EXPECT_NE(ing.match.kind, match::MatchKind::kFuzzy);
      EXPECT_EQ(a.db().ingredient(ing.match.ingredient).inci, e.inci);
    }
    EXPECT_EQ(ing.may_contain, e.may_contain);
    EXPECT_EQ(ing.active, e.active);
    EXPECT_EQ(ing.component + 1, e.component);
    if (e.percent) {
      ASSERT_TRUE(ing.percent.has_value());
      EXPECT_NEAR(*ing.percent, *e.percent, 1e-9);
    }
    if (e.no_percent) {
      EXPECT_FALSE(ing.percent.has_value()) << "percent " << ing.percent.value_or(0);
    }
  }
  for (const auto& d : c.diagnostics) {
    // "kind" or "kind: words the message contains".
    const size_t colon = d.find(": ");
    const std::string kind = d.substr(0, colon);
    const std::string words = colon == std::string::npos ? "" : d.substr(colon + 2);
    bool found = std::any_of(parsed.diagnostics.begin(), parsed.diagnostics.end(), [&](const text::Diagnostic& x) {
      return text::DiagnosticKindName(x.kind) == kind && x.message.find(words) != std::string::npos;
    });
    EXPECT_TRUE(found) << c.file << ": expected a '" << d << "' diagnostic";
  }
}

// The batch caches (segments, names, joined names) change only the speed: a
// label read from a cache filled by the same label, and by all the others,
// reads exactly as it does without one.
TEST_P(LabelRegression, ReadsTheSameFromABatchCache) {
  Case c = Load(GetParam());
  const Analyzer& a = testing::RealAnalyzer();
  const std::string uncached = report::ParseJson(a.ParseLabel(c.label), a.db());
  static match::MatchCache shared;  // kept across the cases, as in a scan
  // So small that they empty themselves in the middle of a label: the readings
  // a cached segment remembers for its names must not outlive them (without
  // the generation check, 12 crashes and 60 reads 3 labels wrong).
  static match::MatchCache tiny(12), small(60);
  match::MatchCache own;
  for (match::MatchCache* cache : {&own, &own, &shared, &shared, &tiny, &tiny, &small, &small}) {
    match::ParseOptions options;
    options.cache = cache;
    EXPECT_EQ(report::ParseJson(a.ParseLabel(c.label, options), a.db()), uncached) << c.file;
  }
  EXPECT_GT(own.size(), 0u);
}

INSTANTIATE_TEST_SUITE_P(RealLabels, LabelRegression, ::testing::ValuesIn(CaseFiles()),
                         [](const ::testing::TestParamInfo<fs::path>& param_info) {
                           std::string name = param_info.param.stem().string();
                           for (auto& ch : name) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return "f" + name;
                         });

}  // namespace
}  // namespace aftercare
