// Section markers alone: what each kind finds, and that the prefilter in
// front of the patterns never hides a marker they would find (the word list
// re-encodes the patterns by hand, and once drifted from them): Find() is
// checked against FindEverywhere() on every line of the real label excerpts
// and on lines made to sit at the prefilter's edges.
#include "aftercare/text/section_markers.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

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

std::string Find(std::string_view line, bool drug_facts = false) {
  std::vector<Marker> found;
  Markers().Find(line, drug_facts, &found);
  return Show(line, found);
}

std::string FindEverywhere(std::string_view line, bool drug_facts) {
  std::vector<Marker> found;
  Markers().FindEverywhere(line, drug_facts, &found);
  return Show(line, found);
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
  EXPECT_TRUE(Markers().Mentions("Ingredients:", false));
  EXPECT_TRUE(Markers().Mentions("May contain", false));
  EXPECT_FALSE(Markers().Mentions("Warnings:", false));
  EXPECT_TRUE(Markers().Mentions("Warnings:", true));
  EXPECT_FALSE(Markers().Mentions("Capri Eau de Parfum", true));
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

TEST(SectionMarkers, ThePrefilterHidesNoMarkerThePatternsFind) {
  std::vector<std::string> lines = EdgeLines();
  const std::vector<std::string> real = RealLines();
  ASSERT_GT(real.size(), 80u);
  lines.insert(lines.end(), real.begin(), real.end());
  size_t with_markers = 0;
  for (const std::string& line : lines) {
    for (bool drug_facts : {false, true}) {
      const std::string everywhere = FindEverywhere(line, drug_facts);
      EXPECT_EQ(Find(line, drug_facts), everywhere) << line;
      with_markers += !everywhere.empty();
    }
  }
  EXPECT_GT(with_markers, 200u);  // the lines hold markers to find
}

}  // namespace
}  // namespace aftercare::text
