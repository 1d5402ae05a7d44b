#include "aftercare/match/matcher.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../test_analyzer.h"
#include "aftercare/base/edit_distance.h"
#include "aftercare/db/deletion_index.h"

namespace aftercare::match {
namespace {

using ::aftercare::testing::RealAnalyzer;

std::string Inci(const Match& m) { return m.ingredient >= 0 ? RealAnalyzer().db().ingredient(m.ingredient).inci : ""; }

TEST(Matcher, ExactThenSynonym) {
  const Matcher& m = RealAnalyzer().matcher();
  EXPECT_EQ(m.MatchName("Glycerin").kind, MatchKind::kExact);
  Match s = m.MatchName("Octinoxate");
  EXPECT_EQ(s.kind, MatchKind::kSynonym);
  EXPECT_EQ(Inci(s), "ETHYLHEXYL METHOXYCINNAMATE");
}

TEST(Matcher, BracketedSynonymEitherWay) {
  const Matcher& m = RealAnalyzer().matcher();
  EXPECT_EQ(Inci(m.MatchName("Parfum (Fragrance)")), "PARFUM");
  EXPECT_EQ(Inci(m.MatchName("CI 77891 (Titanium Dioxide)")), "CI 77891");
  EXPECT_EQ(Inci(m.MatchName("Titanium Dioxide (CI 77891)")), "TITANIUM DIOXIDE");
  EXPECT_EQ(Inci(m.MatchName("Aloe Barbadensis (Aloe Vera) Leaf Juice")), "ALOE BARBADENSIS LEAF JUICE");
}

TEST(Matcher, SlashInsideANameStaysWhole) {
  const Matcher& m = RealAnalyzer().matcher();
  EXPECT_EQ(Inci(m.MatchName("Caprylic/Capric Triglyceride")), "CAPRYLIC/CAPRIC TRIGLYCERIDE");
  EXPECT_EQ(Inci(m.MatchName("Styrene / Acrylates Copolymer")), "STYRENE/ACRYLATES COPOLYMER");
}

TEST(Matcher, PatternRecognisesAFamilyMemberNotInTheDatabase) {
  const Matcher& m = RealAnalyzer().matcher();
  Match p = m.MatchName("CI 99999");
  ASSERT_EQ(p.kind, MatchKind::kPattern);
  EXPECT_EQ(p.reading, PatternReading::kFamily);
  ASSERT_EQ(p.pattern_categories.size(), 1u);
  EXPECT_EQ(RealAnalyzer().db().category(p.pattern_categories.front()).id, "colorant_organic");
}

TEST(Matcher, NeverMatchesASubstring) {
  const Matcher& m = RealAnalyzer().matcher();
  EXPECT_EQ(m.MatchName("Oil").kind, MatchKind::kNone);
  EXPECT_EQ(m.MatchName("Cetearyl").kind, MatchKind::kNone);
}

TEST(Matcher, SuggestsCloseNames) {
  EXPECT_THAT(RealAnalyzer().matcher().Suggest("Salicylic Acd"), ::testing::Contains("Salicylic Acid"));
  EXPECT_THAT(RealAnalyzer().matcher().Suggest("zzzzqqqq"), ::testing::IsEmpty());
  // A name typed only in part is completed.
  EXPECT_THAT(RealAnalyzer().matcher().Suggest("Sodium Hyal"), ::testing::Contains("Sodium Hyaluronate"));
}

// Regression: a bracketed synonym in the middle of a name must not stand for
// the whole name ("Parfum (Fragrance) Ethylhexyl Methoxycinnamate" lost the
// UV filter after the bracket).
TEST(Matcher, MidNameBracketDoesNotSwallowWhatFollows) {
  const Matcher& m = RealAnalyzer().matcher();
  EXPECT_EQ(m.MatchName("Parfum (Fragrance) Ethylhexyl Methoxycinnamate").kind, MatchKind::kNone);
  EXPECT_EQ(Inci(m.MatchName("Parfum (Fragrance)")), "PARFUM");
}

// A species written without its plant part counts, conservatively, in every
// category of the parts CosIng lists for it ("Rosa Damascena": flower oil is an
// essential oil and an EU allergen, so the unqualified name is treated as both).
TEST(Matcher, SpeciesWithoutPartTakesTheWorstCaseCategories) {
  const auto& db = RealAnalyzer().db();
  Match m = RealAnalyzer().matcher().MatchSpecies("rosa damascena");
  ASSERT_EQ(m.kind, MatchKind::kPattern);
  std::vector<std::string> ids;
  for (auto c : m.pattern_categories) ids.push_back(db.category(c).id);
  EXPECT_THAT(ids, ::testing::IsSupersetOf({"essential_oil", "fragrance_allergen"}));
  // Not a species: no match.
  EXPECT_EQ(RealAnalyzer().matcher().MatchSpecies("Sodium").kind, MatchKind::kNone);
  EXPECT_EQ(RealAnalyzer().matcher().MatchSpecies("c12-15").kind, MatchKind::kNone);
}

// A name cut short by a retailer export counts as every INCI name it starts,
// but only when there are few of them.
TEST(Matcher, TruncatedNameTakesTheWorstCaseOfFewCandidates) {
  const Matcher& m = RealAnalyzer().matcher();
  Match t = m.MatchTruncated("acrylates/c10-30 alkyl");
  ASSERT_EQ(t.kind, MatchKind::kPattern);
  EXPECT_EQ(t.reading, PatternReading::kTruncatedName);
  EXPECT_EQ(PatternIds(t, RealAnalyzer().db()), std::vector<std::string_view>{"truncated_name"});
  EXPECT_EQ(m.MatchTruncated("Sodium").kind, MatchKind::kNone);  // one word
  // "Sodium Lauroyl" (a retailer's cut of Sodium Lauroyl Lactylate) starts 22 names: read, worst case.
  EXPECT_EQ(m.MatchTruncated("Sodium Lauroyl").kind, MatchKind::kPattern);
  EXPECT_EQ(m.MatchTruncated("Oryza Sativa").kind, MatchKind::kNone);  // too many candidates (49)
}

// A Match keeps neither the key a pattern reading matched nor the order it
// met its categories in; explain and the corpus dump work both out again.
TEST(Matcher, PatternKeyAndCategoryOrderAreWorkedOutFromTheName) {
  const Matcher& m = RealAnalyzer().matcher();
  const auto same_set = [](const Match& match, const std::vector<db::CategoryId>& in_order) {
    std::vector<db::CategoryId> sorted = in_order;
    std::sort(sorted.begin(), sorted.end());
    return sorted.size() == in_order.size() &&
           sorted == std::vector<db::CategoryId>(match.pattern_categories.begin(), match.pattern_categories.end());
  };
  const std::string species = "Rosa Damascena (Rose) Oil";
  Match s = m.MatchSpecies(species);
  ASSERT_EQ(s.reading, PatternReading::kSpeciesPartNotStated);
  EXPECT_EQ(m.PatternKey(species, s), "ROSA DAMASCENA");
  EXPECT_TRUE(same_set(s, m.PatternCategoriesInOrder(species, s)));
  const std::string cut = "Acrylates/ C10-30 Alkyl";
  Match t = m.MatchTruncated(cut);
  ASSERT_EQ(t.reading, PatternReading::kTruncatedName);
  EXPECT_EQ(m.PatternKey(cut, t), "ACRYLATES/C10-30 ALKYL");
  EXPECT_TRUE(same_set(t, m.PatternCategoriesInOrder(cut, t)));
  Match f = m.MatchName("CI 99999");
  ASSERT_EQ(f.reading, PatternReading::kFamily);
  EXPECT_EQ(m.PatternKey("CI 99999", f), "CI 99999");
  EXPECT_TRUE(same_set(f, m.PatternCategoriesInOrder("CI 99999", f)));
  EXPECT_EQ(PatternIds(f, RealAnalyzer().db()), std::vector<std::string_view>{"ci_organic"});
  // Not a pattern match: nothing.
  Match g = m.MatchName("Glycerin");
  EXPECT_EQ(m.PatternKey("Glycerin", g), "");
  EXPECT_TRUE(m.PatternCategoriesInOrder("Glycerin", g).empty());
  EXPECT_TRUE(PatternIds(g, RealAnalyzer().db()).empty());
}

// MayStartName lets the reader skip every word window that starts at a word
// no known name starts with. It must never say no for a name that matches:
// checked for every name of the DB as its source writes it, and for label
// spellings whose key moves a space, a slash or a full stop.
TEST(Matcher, MayStartNameNeverRulesOutANameThatMatches) {
  const Matcher& m = RealAnalyzer().matcher();
  const auto& db = RealAnalyzer().db();
  std::vector<std::string> names;
  for (const auto& [key, id] : db.sorted_keys()) names.push_back(db.ingredient(id).display);
  for (const auto& [key, syn] : db.synonyms()) names.push_back(syn.synonym);
  for (const char* n : {"caprylic / capric triglyceride", "Styrene / Acrylates Copolymer", "  Glycerin.", "glycerin .",
                        "Alcohol Denat.", "PEG/PPG-18/18 Dimethicone", "Aqua/Water/Eau", "Laureth 7", "Steareth - 20",
                        "C12 15 Alkyl Benzoate", "Peg 100 Stearate"}) {
    names.emplace_back(n);
  }
  size_t tested = 0;
  for (const auto& n : names) {
    if (n.find_first_of("([") != std::string::npos || !m.MatchNameExact(n).ok()) continue;
    ++tested;
    EXPECT_TRUE(m.MayStartName(n)) << n;
  }
  EXPECT_GT(tested, 30000u);
  // Words no ingredient name starts with, and what is never ruled out.
  EXPECT_FALSE(m.MayStartName("Helps"));
  EXPECT_FALSE(m.MayStartName("contains"));
  EXPECT_FALSE(m.MayStartName("Lorem ipsum"));
  EXPECT_TRUE(m.MayStartName("Glycerin"));
  EXPECT_TRUE(m.MayStartName("(Helps)"));       // a bracket: its content may be the name
  EXPECT_TRUE(m.MayStartName("H\xC3\xA9lps"));  // outside ASCII: folded by ICU first
}

}  // namespace
}  // namespace aftercare::match

namespace aftercare::match {
namespace {

// The search as it was when the index was built at run time (before schema
// 5): every name (ingredient keys and synonym keys, merged in byte order, an
// ingredient's key before an equal synonym key) with the full 64-bit hashes
// of it and of its one-byte deletions, sorted; the candidates are the names
// with a hash among the query's; closest first, then in name order, one per
// ingredient.
class IndexBuiltAtRunTime {
 public:
  explicit IndexBuiltAtRunTime(const db::IngredientDb& db) : db_(db) {
    std::vector<Entry> synonyms;
    for (const auto& [k, syn] : db.synonyms()) synonyms.push_back({k, -1, &syn});
    std::sort(synonyms.begin(), synonyms.end(), [](const Entry& x, const Entry& y) { return x.key < y.key; });
    size_t s = 0;
    for (const auto& [k, id] : db.sorted_keys()) {
      while (s < synonyms.size() && synonyms[s].key < k) entries_.push_back(synonyms[s++]);
      entries_.push_back({k, id, nullptr});
    }
    while (s < synonyms.size()) entries_.push_back(synonyms[s++]);
    for (size_t e = 0; e < entries_.size(); ++e) {
      db::DeletionHasher he(entries_[e].key);
      deletions_.emplace_back(he.Whole(), e);
      for (size_t i = 0; i < entries_[e].key.size(); ++i) deletions_.emplace_back(he.Without(i), e);
    }
    std::sort(deletions_.begin(), deletions_.end());
  }

  std::vector<FuzzyIndex::Hit> Search(std::string_view key, int max_distance, size_t max_hits) const {
    std::vector<uint64_t> hashes;
    db::DeletionHasher hk(key);
    hashes.push_back(hk.Whole());
    for (size_t i = 0; i < key.size(); ++i) hashes.push_back(hk.Without(i));
    if (max_distance >= 2) {
      for (size_t i = 0; i < key.size(); ++i) {
        for (size_t j = i + 1; j < key.size(); ++j) hashes.push_back(hk.Without(i, j));
      }
    }
    std::vector<size_t> candidates;
    for (uint64_t h : hashes) {
      auto it = std::lower_bound(deletions_.begin(), deletions_.end(), std::make_pair(h, size_t{0}));
      for (; it != deletions_.end() && it->first == h; ++it) candidates.push_back(it->second);
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    std::vector<std::pair<int, size_t>> found;
    for (size_t e : candidates) {
      int d = BoundedEditDistance(key, entries_[e].key, max_distance);
      if (d <= max_distance) found.emplace_back(d, e);
    }
    std::sort(found.begin(), found.end());
    std::vector<FuzzyIndex::Hit> hits;
    for (const auto& [d, e] : found) {
      FuzzyIndex::Hit hit;
      if (entries_[e].synonym) {
        hit = {entries_[e].synonym->ingredient, entries_[e].synonym->synonym, d};
      } else {
        const db::Ingredient& row = db_.ingredient(entries_[e].id);
        hit = {row.alias_of >= 0 ? row.alias_of : entries_[e].id, row.display, d};
      }
      if (std::any_of(hits.begin(), hits.end(),
                      [&](const FuzzyIndex::Hit& h) { return h.ingredient == hit.ingredient; })) {
        continue;
      }
      hits.push_back(hit);
      if (hits.size() == max_hits) break;
    }
    return hits;
  }

 private:
  struct Entry {
    std::string_view key;
    db::IngredientId id;
    const db::Synonym* synonym;
  };
  const db::IngredientDb& db_;
  std::vector<Entry> entries_;
  std::vector<std::pair<uint64_t, size_t>> deletions_;
};

// The index the DB build packs finds what the index built at run time found.
// The queries are real misspellings and unknowns from the label corpus, and
// names of the DB and its synonyms with one or two bytes changed.
TEST(FuzzyIndex, FindsWhatTheIndexBuiltAtRunTimeFound) {
  const Analyzer& a = ::aftercare::testing::RealAnalyzer();
  std::vector<std::string> queries = {"glyerin",
                                      "salicylic acd",
                                      "tocopheryl acetat",
                                      "phenoxyethano",
                                      "sodium hyaluronat",
                                      "niacinimide",
                                      "butylene glycole",
                                      "dimethicon",
                                      "caprylyl glycal",
                                      "ethylhexylglycerine",
                                      "cetearyl alchol",
                                      "panthenoll",
                                      "aqua water eau",
                                      "cyclopentasiloxan",
                                      "retinyl palmitat",
                                      "hydroxyethylcellulos",
                                      "titanium dioxid",
                                      "zinc oxyde",
                                      "parfume",
                                      "limonen",
                                      "citronelol",
                                      "amethyst",
                                      "camera",
                                      "aden osine",
                                      "ceramide np ap",
                                      "xanthan gun",
                                      "sodium benzoat",
                                      "potassium sorbat",
                                      "alpha pinenes",
                                      "carboxaldehyde"};
  for (std::string& q : queries) q = a.matcher().normalizer().Key(q);
  const auto& keys = a.db().sorted_keys();
  for (size_t i = 0; i < keys.size(); i += 331) {
    std::string k(keys[i].first);
    k[k.size() / 2] = 'Q';
    queries.push_back(k);
    if (k.size() > 4) queries.push_back(k.erase(1, 1));
  }
  for (const auto& [k, syn] : a.db().sorted_synonyms()) {
    if (queries.size() % 7 == 0) queries.push_back(std::string(k) + "E");
    queries.push_back(std::string(k.substr(1)));
    if (queries.size() > 400) break;
  }
  FuzzyIndex index(&a.db());
  const IndexBuiltAtRunTime old(a.db());
  size_t found = 0;
  for (const std::string& q : queries) {
    found += index.Search(q, 2, 5).empty() ? 0 : 1;
    for (int d = 1; d <= 2; ++d) {
      EXPECT_EQ(index.Search(q, d, 5), old.Search(q, d, 5)) << q << " within " << d;
    }
  }
  EXPECT_GE(found, queries.size() * 2 / 3);  // the misspellings are found, not just equally missed
}

}  // namespace
}  // namespace aftercare::match
