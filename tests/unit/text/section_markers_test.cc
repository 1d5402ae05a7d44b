// Section markers alone: what each kind finds, and that the hand-written
// reading finds exactly what the grammar's regular expressions (kept here, run
// by RE2, as the reference) find: on every line of the real label excerpts,
// on lines made to sit at the edges of each marker, and on every line of every
// field of the real catalogs under shared/data.
#include "aftercare/text/section_markers.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "../real_catalog.h"
#include "aftercare/text/label_lexer.h"

namespace aftercare::text {
namespace {

const SectionMarkers& Markers() {
  static const SectionMarkers* markers = [] {
    auto m = SectionMarkers::Create();
    if (!m.ok()) std::abort();
    return std::move(m).value().release();
  }();
  return *markers;
}

// The markers of `line` as "kind:text|...", in text order.
std::string Show(std::string_view line, std::vector<Marker> found) {
  std::sort(found.begin(), found.end(), [](const Marker& a, const Marker& b) {
    return std::tie(a.begin, a.end, a.kind) < std::tie(b.begin, b.end, b.kind);
  });
  static constexpr const char* kKinds[] = {"heading", "active", "inactive", "may_contain", "drug_prose"};
  std::string out;
  for (const Marker& m : found) {
    out += std::string(kKinds[m.kind]) + ":" + std::string(line.substr(m.begin, m.end - m.begin)) + "|";
  }
  return out;
}

// The markers of `line` inside a text lexed whole, as the splitter reads a
// line; the text around it (a word that runs on into it, a marker's words
// right after it) changes nothing.
std::string FindInside(std::string_view before, std::string_view line, std::string_view after, bool drug_facts) {
  const std::string text = std::string(before) + std::string(line) + std::string(after);
  LabelLexemes lex;
  Lex(text, &lex);
  std::vector<Marker> found;
  Markers().Find(text, before.size(), before.size() + line.size(), lex, drug_facts, &found);
  return Show(line, found);
}
std::string Find(std::string_view line, bool drug_facts = false) { return FindInside("", line, "", drug_facts); }

bool MentionsInside(std::string_view before, std::string_view line, std::string_view after, bool with_prose) {
  const std::string text = std::string(before) + std::string(line) + std::string(after);
  LabelLexemes lex;
  Lex(text, &lex);
  return Markers().Mentions(text, before.size(), before.size() + line.size(), lex, with_prose);
}
bool Mentions(std::string_view line, bool with_prose) { return MentionsInside("", line, "", with_prose); }

// The grammar as RE2 runs it: each pattern over the whole line, left to right.
struct Reference {
  RE2 heading{
      R"((?i)\b((?:full\s+)?(?:(?:[il1]ngr[eé]dient(?:s|es|i)?|inci|composition|zutaten|inhaltsstoffe|sk[łl]adniki|bestanddelen|ainesosat)(?:\s+list)?\s*/\s*)*(?:[il1]ngr[eé]dient(?:s|es|i)?(?:\s+list)?|inci(?:\s+list)?|composition|zutaten|inhaltsstoffe|sk[łl]adniki|bestanddelen|ainesosat)\s*:))"};
  RE2 active{R"((?i)(\bdrug\s+facts\b\s*:?|\bactive\s+ingredients?\b(?:\s*\([^)]*\))?\s*:?|\bactives?\s*:))"};
  RE2 inactive{R"((?i)(inactive\s+ingredients?\b\s*:?|\binactives?\s*:|\bother\s+ingredients?\s*:))"};
  RE2 may_contain{
      R"((?i)((?:may\s+contain|peut\s+contenir|puede\s+contener|kann\s+enthalten|pu[oò]\s+contenere|pode\s+conter)\s*(?:\(\s*\+/-\s*\)|\[\s*\+/-\s*\])?\s*:?|\+\s*/\s*-\s*:?))"};
  RE2 drug_prose{
      R"((?i)(\b(?:uses|warnings?|directions|other\s+information|questions(?:\s+or\s+comments)?\??|keep\s+out\s+of\s+reach)\s*:))"};
  RE2 tolerance{R"(^\s*[0-9]+(?:[.,][0-9]+)?\s*%)"};

  static void Scan(const RE2& re, Marker::Kind kind, std::string_view line, std::vector<Marker>* out) {
    re2::StringPiece input(line.data(), line.size());
    re2::StringPiece m;
    size_t start = 0;
    while (start < line.size() && re.Match(input, start, line.size(), RE2::UNANCHORED, &m, 1)) {
      const size_t mb = static_cast<size_t>(m.data() - line.data());
      out->push_back({mb, mb + m.size(), kind});
      start = mb + std::max<size_t>(m.size(), 1);
    }
  }
  std::vector<Marker> Find(std::string_view line, bool drug_facts) const {
    std::vector<Marker> out;
    Scan(heading, Marker::kHeading, line, &out);
    Scan(active, Marker::kActive, line, &out);
    Scan(inactive, Marker::kInactive, line, &out);
    Scan(may_contain, Marker::kMayContain, line, &out);
    if (drug_facts || !out.empty()) Scan(drug_prose, Marker::kDrugProse, line, &out);
    return out;
  }
  bool Mentions(std::string_view s, bool with_prose) const {
    return RE2::PartialMatch(s, heading) || RE2::PartialMatch(s, active) || RE2::PartialMatch(s, inactive) ||
           RE2::PartialMatch(s, may_contain) || (with_prose && RE2::PartialMatch(s, drug_prose));
  }
};

const Reference& Patterns() {
  static const Reference* reference = new Reference();
  return *reference;
}

std::string FindEverywhere(std::string_view line, bool drug_facts) {
  return Show(line, Patterns().Find(line, drug_facts));
}

// Find(), Mentions() and IsTolerance() agree with the patterns on `line`.
void ExpectAsThePatterns(const std::string& line, size_t* with_markers) {
  for (bool drug_facts : {false, true}) {
    const std::string everywhere = FindEverywhere(line, drug_facts);
    EXPECT_EQ(Find(line, drug_facts), everywhere) << line;
    *with_markers += !everywhere.empty();
    EXPECT_EQ(Mentions(line, drug_facts), Patterns().Mentions(line, drug_facts)) << line;
    for (const auto& [before, after] : {std::pair<std::string_view, std::string_view>{"Aqua, ", ", Glycerin"},
                                        {"dismay\n", " contain: Ingredients:"},
                                        {"Xy", "ients: +/- inactive"}}) {
      EXPECT_EQ(FindInside(before, line, after, drug_facts), everywhere) << before << "|" << line << "|" << after;
      EXPECT_EQ(MentionsInside(before, line, after, drug_facts), Patterns().Mentions(line, drug_facts))
          << before << "|" << line << "|" << after;
    }
  }
  EXPECT_EQ(Markers().IsTolerance(line), RE2::PartialMatch(line, Patterns().tolerance)) << line;
}

TEST(SectionMarkers, EachKind) {
  EXPECT_EQ(Find("Face Cream Ingredients: Aqua, Glycerin"), "heading:Ingredients:|");
  EXPECT_EQ(Find("INGREDIENTS/INGRÉDIENTS: Aqua"), "heading:INGREDIENTS/INGRÉDIENTS:|");
  EXPECT_EQ(Find("Active ingredient (in each ml) Zinc Oxide 20%"), "active:Active ingredient (in each ml) |");
  // Markers may overlap: the splitter keeps the first.
  EXPECT_EQ(Find("Inactive Ingredients: Water"), "inactive:Inactive Ingredients:|heading:Ingredients:|");
  EXPECT_EQ(Find("Tocopherol. May Contain (+/-): CI 77491"), "may_contain:May Contain (+/-):|");
  EXPECT_EQ(Find("Peut contenir: CI 77491"), "may_contain:Peut contenir:|");
  // Drug Facts prose only on a Drug Facts label, or beside another marker.
  EXPECT_EQ(Find("Directions: apply liberally"), "");
  EXPECT_EQ(Find("Directions: apply liberally", true), "drug_prose:Directions:|");
  EXPECT_EQ(Find("Active ingredient: Zinc Oxide Uses: helps prevent sunburn"),
            "active:Active ingredient:|heading:ingredient:|drug_prose:Uses:|");
}

TEST(SectionMarkers, WordsThatOnlyShareAMarkersLettersAreNone) {
  EXPECT_EQ(Find("Skin Conditioning Agent, Acid Blend, Other Oils, Drupe Oil, Musk, Bioactive Peptide"), "");
  EXPECT_EQ(Find("Water, Glycerin, Containment Extract"), "");
}

TEST(SectionMarkers, MentionsAndTolerance) {
  EXPECT_TRUE(Mentions("Ingredients:", false));
  EXPECT_TRUE(Mentions("May contain", false));
  EXPECT_FALSE(Mentions("Warnings:", false));
  EXPECT_TRUE(Mentions("Warnings:", true));
  EXPECT_FALSE(Mentions("Capri Eau de Parfum", true));
  EXPECT_TRUE(Markers().IsTolerance(" 0.5% of the batch"));
  EXPECT_FALSE(Markers().IsTolerance(" CI 77491"));
}

// Lines at the prefilter's edges: marker words in every case, after a
// bracket or a slash, split by runs of spaces, cut short at the line's end,
// and in the other label languages.
std::vector<std::string> EdgeLines() {
  std::vector<std::string> lines;
  for (std::string word : {"Ingredients:",
                           "INGREDIENTS :",
                           "lngredients:",
                           "1ngredients:",
                           "Ingredient List:",
                           "Full  Ingredients:",
                           "INCI:",
                           "Composition:",
                           "Zutaten:",
                           "Inhaltsstoffe:",
                           "Składniki:",
                           "SKŁADNIKI:",
                           "Skladniki:",
                           "Bestanddelen:",
                           "Ainesosat:",
                           "Ingredientes/Ingrédients:",
                           "Drug Facts",
                           "DRUG  FACTS:",
                           "Active Ingredients:",
                           "Actives:",
                           "active ingredient (each tablet):",
                           "Inactive ingredients",
                           "INACTIVES:",
                           "Other  ingredients:",
                           "May contain:",
                           "MAY  CONTAIN [+/-]:",
                           "+/-",
                           "+ / -:",
                           "+/ -",
                           "Peut Contenir",
                           "Puede contener",
                           "Kann enthalten",
                           "Può contenere",
                           "Pode conter",
                           "Uses:",
                           "Warning:",
                           "Directions:",
                           "Other information:",
                           "Questions or comments?:",
                           "Keep out of reach:",
                           "inci",
                           "Ingr",
                           "contain",
                           "+",
                           "Other",
                           "Drug",
                           "sk",
                           "Skł"}) {
    lines.push_back(word);
    lines.push_back("Face Cream " + word + " Aqua, Glycerin");
    lines.push_back("Aqua (" + word + ") Glycerin");
    lines.push_back("Aqua/" + word + "/Glycerin");
    lines.push_back("Tocopherol." + word + "CI 77491");
    lines.push_back("Directions: apply. " + word + " Water: Glycerin:");
  }
  return lines;
}

// Every line of the real label excerpts the regression suite reads.
std::vector<std::string> RealLines() {
  std::vector<std::string> lines;
  const std::filesystem::path dir = std::filesystem::path(AFTERCARE_SOURCE_DIR) / "tests/regression/labels";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".label") continue;
    std::ifstream in(entry.path());
    std::string line;
    bool in_label = false;
    while (std::getline(in, line)) {
      if (line.rfind("--- ", 0) == 0) {
        in_label = line == "--- label";
        continue;
      }
      if (in_label) lines.push_back(line);
    }
  }
  return lines;
}

TEST(SectionMarkers, ReadAsThePatternsOnRealAndEdgeLines) {
  std::vector<std::string> lines = EdgeLines();
  const std::vector<std::string> real = RealLines();
  ASSERT_GT(real.size(), 80u);
  lines.insert(lines.end(), real.begin(), real.end());
  size_t with_markers = 0;
  for (const std::string& line : lines) ExpectAsThePatterns(line, &with_markers);
  EXPECT_GT(with_markers, 200u);  // the lines hold markers to find
}

// Every line of every field (names, descriptions, claims, ingredients) of the
// real CSV catalogs: some 60,000 rows of text written by people.
TEST(SectionMarkers, ReadAsThePatternsOnEveryLineOfTheRealCatalogs) {
  size_t lines = 0, with_markers = 0;
  for (const char* file : testing::kRealCatalogs) {
    for (const auto& record : testing::RealCatalogRecords(file)) {
      for (const std::string& field : record) {
        std::istringstream field_lines(field);
        std::string line;
        while (std::getline(field_lines, line)) {
          ExpectAsThePatterns(line, &with_markers);
          ++lines;
          if (::testing::Test::HasFailure()) return;  // the first difference is enough to read
        }
      }
    }
  }
  EXPECT_GT(lines, 100000u) << with_markers << " with markers";
  EXPECT_GT(with_markers, 3000u) << lines << " lines";
}

}  // namespace
}  // namespace aftercare::text
