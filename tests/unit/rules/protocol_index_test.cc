#include "aftercare/rules/protocol_index.h"

#include <gtest/gtest.h>

#include <vector>

#include "aftercare/rules/explain.h"
#include "check_helpers.h"

namespace aftercare::rules {
namespace {

db::ProtocolRule Rule(int row, db::CategoryId category, std::optional<int> avoid, std::optional<int> caution,
                      std::string source = "") {
  db::ProtocolRule r;
  r.row = row;
  r.category = category;
  r.avoid_until_day = avoid;
  r.caution_until_day = caution;
  r.source = std::move(source);
  return r;
}

std::vector<int> Rows(std::span<const db::ProtocolRule* const> rules) {
  std::vector<int> out;
  for (const db::ProtocolRule* r : rules) out.push_back(r->row);
  return out;
}

TEST(ProtocolIndex, GroupsTheRulesByCategoryInProtocolOrder) {
  db::Protocol p;
  p.rules = {Rule(1, 4, 2, std::nullopt), Rule(2, 0, std::nullopt, 5), Rule(3, 4, std::nullopt, 9),
             Rule(4, -1, 20, std::nullopt), Rule(5, 2, std::nullopt, std::nullopt)};
  ProtocolIndex x(p);
  EXPECT_EQ(Rows(x.RulesFor(4)), (std::vector<int>{1, 3}));
  EXPECT_EQ(Rows(x.RulesFor(0)), (std::vector<int>{2}));
  EXPECT_EQ(Rows(x.RulesFor(2)), (std::vector<int>{5}));
  EXPECT_TRUE(x.RulesFor(1).empty());
  EXPECT_TRUE(x.RulesFor(-1).empty());  // a rule of no category is nobody's
  EXPECT_TRUE(x.RulesFor(99).empty());
  EXPECT_EQ(x.FirstRuleFor(4), &p.rules[0]);
  EXPECT_EQ(x.FirstRuleFor(1), nullptr);
  EXPECT_TRUE(x.Ruled(2));  // a rule with no window still counts as one
  EXPECT_FALSE(x.Ruled(3));
  // The last day of any window, the rule of no category's included.
  EXPECT_EQ(x.last_active_day(), 20);
}

TEST(ProtocolIndex, SplitsEverySourceListOnce) {
  db::Protocol p;
  p.rules = {Rule(1, 0, 2, std::nullopt, "R1; research_3a ;P11"), Rule(2, 1, 1, std::nullopt, "")};
  p.advice = {{"sun", 0, std::nullopt, "Wear SPF.", "a;b"}, {"water", 1, 3, "Drink.", " c "}};
  p.min_spf_source = "eccotique; R2";
  ProtocolIndex x(p);
  EXPECT_EQ(x.RuleSources(p.rules[0]), (std::vector<std::string>{"R1", "research_3a", "P11"}));
  EXPECT_TRUE(x.RuleSources(p.rules[1]).empty());
  EXPECT_EQ(x.AdviceSources(0), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(x.AdviceSources(1), (std::vector<std::string>{"c"}));
  EXPECT_EQ(x.MinSpfSources(), (std::vector<std::string>{"eccotique", "R2"}));
}

TEST(ProtocolIndex, AProtocolWithNoWindowIsNeverActive) {
  db::Protocol p;
  EXPECT_EQ(ProtocolIndex(p).last_active_day(), -1);
  p.rules = {Rule(1, 0, std::nullopt, std::nullopt)};
  EXPECT_EQ(ProtocolIndex(p).last_active_day(), -1);
}

TEST(ProtocolIndex, MatchesTheBuiltInProtocolsRules) {
  for (const db::Protocol& p : testing::RealAnalyzer().db().protocols()) {
    ProtocolIndex x(p);
    for (const auto& r : p.rules) {
      EXPECT_EQ(x.RuleSources(r), SplitSources(r.source)) << p.id << " row " << r.row;
      if (r.category < 0) continue;
      std::vector<int> rows;
      for (const auto& s : p.rules) {
        if (s.category == r.category) rows.push_back(s.row);
      }
      EXPECT_EQ(Rows(x.RulesFor(r.category)), rows) << p.id << " row " << r.row;
    }
  }
}

// A protocol that is not the DB's own (a protocol file's copy) gets its index
// for the call: the same assessment as the DB's protocol it copies.
TEST(Checker, AssessesACopiedProtocolAsTheOriginal) {
  const db::Protocol copy = Microneedling();
  auto label = testing::RealAnalyzer().ParseLabel(
      "Water, Alcohol Denat., Glycolic Acid, Silica, Parfum, Ceramide NP, Zinc Oxide, Xylofrobnicate");
  for (int day : {0, 3, 14}) {
    auto a = testing::RealChecker().Assess(label, ProductInfo{"Exfoliating Toner SPF 15"}, Microneedling(), day);
    auto b = testing::RealChecker().Assess(label, ProductInfo{"Exfoliating Toner SPF 15"}, copy, day);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(a->triggers, b->triggers);
    EXPECT_EQ(a->not_counted, b->not_counted);
    EXPECT_EQ(a->helpful, b->helpful);
    EXPECT_EQ(a->advice, b->advice);
    EXPECT_EQ(a->verdict, b->verdict);
    EXPECT_FALSE(a->triggers.empty());
  }
}

}  // namespace
}  // namespace aftercare::rules
