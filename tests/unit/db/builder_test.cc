#include "aftercare/db/builder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>
#include <tuple>

#include <fmt/format.h>

#include "aftercare/db/category_ids.h"
#include "aftercare/db/ingredient_db.h"
#include "aftercare/db/integrity.h"
#include "aftercare/db/schema_version.h"
#include "aftercare/db/sqlite.h"
#include "db_fixture.h"

namespace aftercare::db {
namespace {

using ::aftercare::testing::DbFixture;
using ::testing::HasSubstr;

// Builds the fixture and expects a data error whose message contains `fragment`.
void ExpectRejected(DbFixture& f, const std::string& fragment) {
  auto r = f.Build();
  ASSERT_FALSE(r.ok()) << "expected the build to fail with: " << fragment;
  EXPECT_EQ(r.status().code(), StatusCode::kDataError);
  EXPECT_THAT(r.status().message(), HasSubstr(fragment));
  EXPECT_FALSE(std::filesystem::exists(f.db_path())) << "a failed build must not leave a database";
}

TEST(DbBuilder, BuildsAValidTree) {
  DbFixture f;
  auto r = f.Build();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // 19 CosIng 2026 names + RETINOIC ACID (2020 only) + Adapalene (extra) + ISOEUGENYL ACETATE (allergen list).
  EXPECT_EQ(r->ingredients, 22);
  EXPECT_EQ(r->synonyms, 3);
  EXPECT_EQ(r->pattern_members, 1);
  EXPECT_EQ(r->exclusions, 2);
  EXPECT_EQ(r->protocol_rules, 4);
}

TEST(DbBuilder, LoadedIndexResolvesEquivalentsSynonymsAndPatterns) {
  DbFixture f;
  ASSERT_TRUE(f.Build().ok());
  auto db = IngredientDb::Open(f.db_path());
  ASSERT_TRUE(db.ok()) << db.status().ToString();
  auto aqua = db->FindIngredient("AQUA");
  ASSERT_TRUE(aqua.has_value());
  EXPECT_EQ(db->ingredient(db->ingredient(*aqua).alias_of).inci, "WATER");
  const Synonym* avo = db->FindSynonym("AVOBENZONE");
  ASSERT_NE(avo, nullptr);
  EXPECT_EQ(db->ingredient(avo->ingredient).inci, "BUTYL METHOXYDIBENZOYLMETHANE");
  EXPECT_EQ(avo->kind, "us_drug");
  auto lav = db->FindIngredient("LAVANDULA ANGUSTIFOLIA OIL");
  ASSERT_TRUE(lav.has_value());
  ASSERT_EQ(db->ingredient(*lav).members.size(), 1u);
  EXPECT_EQ(db->ingredient(*lav).members[0].pattern_id, "eo_lavandula");
  std::vector<std::string> cats;
  for (CategoryId c : db->CategoriesOf(*lav)) cats.push_back(db->category(c).id);
  EXPECT_EQ(cats, (std::vector<std::string>{"essential_oil", "fragrance"}));
  // The allergen list adds a membership, and a name CosIng lacks becomes an ingredient.
  auto iso = db->FindIngredient("ISOEUGENYL ACETATE");
  ASSERT_TRUE(iso.has_value());
  EXPECT_EQ(db->category(db->ingredient(*iso).members[0].category).id, "fragrance_allergen");
  // Curated display case wins over the generated title case.
  EXPECT_EQ(db->ingredient(*db->FindIngredient("SODIUM HYALURONATE")).display, "Sodium Hyaluronate");
}

TEST(DbBuilder, IntegrityChecksPassOnTheBuiltFixture) {
  DbFixture f;
  ASSERT_TRUE(f.Build().ok());
  auto db = Database::Open(f.db_path(), Database::Mode::kReadOnly);
  ASSERT_TRUE(db.ok());
  auto problems = CheckIntegrity(*db);
  ASSERT_TRUE(problems.ok());
  EXPECT_THAT(*problems, ::testing::IsEmpty());
}

TEST(DbBuilder, RejectsUnknownSourceId) {
  DbFixture f;
  f.Append("data/members/base.csv", "retinoid,Retinoic Acid,nowhere,");
  ExpectRejected(f, "data/members/base.csv:13: unknown source id 'nowhere'");
}

TEST(DbBuilder, RejectsUnknownInciWithSuggestion) {
  DbFixture f;
  f.Append("data/members/base.csv", "retinoid,Retinoll,src_a,");
  ExpectRejected(f, "data/members/base.csv:13: unknown INCI 'Retinoll'");
}

TEST(DbBuilder, RejectsUnknownCategory) {
  DbFixture f;
  f.Append("data/members/base.csv", "retinoids,Retinoic Acid,src_a,");
  ExpectRejected(f, "unknown category 'retinoids'");
}

TEST(DbBuilder, RejectsDuplicateMembership) {
  DbFixture f;
  f.Append("data/members/base.csv", "retinoid,RETINOL,src_b,");
  ExpectRejected(f, "'RETINOL' is already in 'retinoid' (data/members/base.csv:9)");
}

TEST(DbBuilder, RejectsCategoryWithUnknownParent) {
  DbFixture f;
  f.Append("data/categories.csv", "aha,exfoliants,AHAs,");
  ExpectRejected(f, "category 'aha' has unknown parent 'exfoliants'");
}

TEST(DbBuilder, RejectsCategoryCycle) {
  DbFixture f;
  f.Append("data/categories.csv", "loop_a,loop_b,A,");
  f.Append("data/categories.csv", "loop_b,loop_a,B,");
  ExpectRejected(f, "is its own ancestor");
}

TEST(DbBuilder, RejectsMissingRequiredCategory) {
  DbFixture f;
  f.Write("data/categories.csv",
          "id,parent,name,description\n"
          "uv_filter,,UV filters,\n"
          "uv_filter_chemical,uv_filter,Chemical UV filters,\n"
          "uv_filter_mineral,uv_filter,Mineral UV filters,\n");
  f.Write("data/members/base.csv", "category,inci,source,note\n");
  f.Write("data/patterns/base.csv", "id,category,regex,source,note\n");
  f.Write("data/exclusions/base.csv", "category,inci,source,reason\n");
  f.Write("data/protocol_rules.csv",
          "protocol,row,category,avoid_until_day,caution_until_day,ok_from_day,recommended,rationale,source,"
          "extrapolated,leave_on_only,until_event\n");
  ExpectRejected(f, "categories.csv: no category 'retinoid', which the code names (src/aftercare/db/category_ids.h)");
}

TEST(DbBuilder, RejectsPatternThatDoesNotCompile) {
  DbFixture f;
  f.Append("data/patterns/base.csv", "bad,essential_oil,CITRUS (PEEL OIL,src_a,");
  ExpectRejected(f, "pattern 'bad' does not compile");
}

TEST(DbBuilder, RejectsPatternThatMatchesNothing) {
  DbFixture f;
  f.Append("data/patterns/base.csv", "eo_citrus,essential_oil,CITRUS [A-Z]+ PEEL OIL,src_a,");
  ExpectRejected(f, "pattern 'eo_citrus' matches no ingredient name");
}

TEST(DbBuilder, RejectsMemberThatAnExclusionForbids) {
  DbFixture f;
  f.Append("data/members/base.csv", "drying_alcohol,Cetearyl Alcohol,src_a,");
  ExpectRejected(
      f, "a member row puts 'CETEARYL ALCOHOL' in 'drying_alcohol', but data/exclusions/base.csv:2 excludes it");
}

TEST(DbBuilder, RejectsPatternHitThatAnExclusionForbids) {
  DbFixture f;
  f.Append("data/patterns/base.csv", "eo_any_oil,essential_oil,[A-Z ]+ SEED OIL,src_a,");
  ExpectRejected(f, "pattern 'eo_any_oil' puts 'SIMMONDSIA CHINENSIS SEED OIL' in 'essential_oil'");
}

TEST(DbBuilder, RejectsExclusionOfAParentCategoryViolatedByAChild) {
  DbFixture f;
  f.Append("data/exclusions/base.csv", "fragrance,Lavandula Angustifolia Oil,src_a,not a fragrance");
  ExpectRejected(f, "in 'essential_oil', but data/exclusions/base.csv:4 excludes it from 'fragrance'");
}

TEST(DbBuilder, RejectsSynonymMappingToTwoIngredients) {
  DbFixture f;
  f.Append("data/synonyms/common.csv", "Fragrance,Linalool,common,src_a,");
  ExpectRejected(f, "synonym 'Fragrance' maps to 'LINALOOL' but data/synonyms/common.csv:2 maps it to 'PARFUM'");
}

TEST(DbBuilder, RejectsSynonymThatIsAnotherIngredientsName) {
  DbFixture f;
  f.Append("data/synonyms/common.csv", "Alcohol,Alcohol Denat.,common,src_a,");
  ExpectRejected(f, "synonym 'Alcohol' is itself the INCI name of another ingredient ('ALCOHOL')");
}

TEST(DbBuilder, RejectsSynonymThatIsTheIngredientsOwnName) {
  DbFixture f;
  f.Append("data/synonyms/common.csv", "Alcohol Denat,Alcohol Denat.,spelling,src_a,");
  ExpectRejected(f, "synonym 'Alcohol Denat' is the ingredient's own name");
}

TEST(DbBuilder, RejectsDuplicateSynonymAcrossSpellings) {
  DbFixture f;
  f.Append("data/synonyms/common.csv", "GLYCERINE,Glycerin,spelling,src_a,");
  ExpectRejected(f, "duplicate synonym 'GLYCERINE'");
}

TEST(DbBuilder, RejectsChainedEquivalents) {
  DbFixture f;
  f.Append("data/synonyms/equivalent_inci.csv", "Water,Glycerin,src_a,");
  ExpectRejected(f, "is itself equivalent to another name");
}

TEST(DbBuilder, RejectsMembershipOnAnEquivalentName) {
  DbFixture f;
  f.Append("data/members/base.csv", "hyaluronic_acid,Aqua,src_a,");
  ExpectRejected(f, "'AQUA' is declared equivalent to 'WATER'; put the membership on 'WATER'");
}

TEST(DbBuilder, RejectsExtraIngredientThatIsACosIngName) {
  DbFixture f;
  f.Append("data/extra_ingredients/drugs.csv", "Retinoic Acid,DRUG,src_a,");
  ExpectRejected(f, "'Retinoic Acid' is already a CosIng name");
}

TEST(DbBuilder, RejectsRuleForUnknownCategory) {
  DbFixture f;
  f.Append("data/protocol_rules.csv", "microneedling,7,retinol,6,13,14,0,Retinoids,src_a,0,0,");
  ExpectRejected(f, "data/protocol_rules.csv:6: unknown category 'retinol'");
}

TEST(DbBuilder, RejectsRuleWhoseOkDayContradictsItsWindows) {
  DbFixture f;
  f.Append("data/protocol_rules.csv", "microneedling,7,retinoid,6,13,10,0,Retinoids,src_a,0,0,");
  ExpectRejected(f, "'retinoid': ok_from_day is 10 but the windows end on day 13");
}

TEST(DbBuilder, RejectsCautionWindowEndingBeforeAvoidWindow) {
  DbFixture f;
  f.Append("data/protocol_rules.csv", "microneedling,7,retinoid,6,3,7,0,Retinoids,src_a,0,0,");
  ExpectRejected(f, "caution_until_day 3 must come after avoid_until_day 6");
}

TEST(DbBuilder, RejectsTwoRulesForOneCategory) {
  DbFixture f;
  f.Append("data/protocol_rules.csv", "microneedling,19,fragrance,2,6,7,0,Again,src_a,0,0,");
  ExpectRejected(f, "protocol 'microneedling' already has a rule for 'fragrance'");
}

TEST(DbBuilder, RejectsAnEventTiedWindowWhoseRationaleDoesNotSayOrLaterIf) {
  DbFixture f;
  f.Append("data/protocol_rules.csv",
           "microneedling,7,retinoid,6,13,14,0,Retinoids for a week,src_a,0,0,the skin is still peeling");
  ExpectRejected(f, "the rationale must say \"or later if the skin is still peeling\"");
}

TEST(DbBuilder, RejectsAnEventOnARuleWithNoWindow) {
  DbFixture f;
  f.Append("data/protocol_rules.csv", "microneedling,7,retinoid,,,0,0,\"Fine, or later if peeling\",src_a,0,0,peeling");
  ExpectRejected(f, "until_event 'peeling' on a rule with no window");
}

TEST(DbBuilder, RejectsAProtocolWithoutAnSpf) {
  DbFixture f;
  f.Append("data/protocols.csv", "peel,Peel,peel,Test,src_a,,src_a");
  ExpectRejected(f, "data/protocols.csv:3: min_spf '' is not an SPF 1-100");
}

TEST(DbBuilder, RejectsAdviceEndingBeforeItStarts) {
  DbFixture f;
  f.Append("data/protocol_advice.csv", "microneedling,sauna,4,2,No sauna.,src_a");
  ExpectRejected(f, "until_day 2 is before from_day 4");
}

TEST(DbBuilder, RejectsWrongHeader) {
  DbFixture f;
  f.Write("data/exclusions/base.csv", "category,name,source,reason\n");
  ExpectRejected(f, "data/exclusions/base.csv:1: header must be 'category,inci,source,reason'");
}

TEST(DbBuilder, RejectsRowWithWrongFieldCount) {
  DbFixture f;
  f.Append("data/members/base.csv", "retinoid,Retinoic Acid,src_a");
  ExpectRejected(f, "data/members/base.csv:13: expected 4 fields, found 3");
}

TEST(DbBuilder, RejectsUnterminatedQuote) {
  DbFixture f;
  f.Append("data/members/base.csv", "retinoid,\"Retinoic Acid,src_a,");
  ExpectRejected(f, "data/members/base.csv:13: unterminated quoted field");
}

TEST(DbBuilder, RejectsAnnexUvFilterThatIsNotAUvFilter) {
  DbFixture f;
  f.Append("sources/annex.VI.csv", "2,Glycerin,6%,");
  ExpectRejected(f, "sources/annex.VI.csv: ref 2 'Glycerin' is not in category 'uv_filter'");
}

TEST(DbBuilder, RejectsAnnexUvFilterThatMatchesNoName) {
  DbFixture f;
  f.Append("sources/annex.VI.csv", "99,Imaginary Filter,6%,");
  ExpectRejected(f, "ref 99 'Imaginary Filter' matches no ingredient name");
}

TEST(DbBuilder, RejectsAnnexColourantThatIsNotAColourant) {
  DbFixture f;
  f.Write("sources/cosing_inci_functions_2026.json",
          R"({"WATER":[],"AQUA":[],"GLYCERIN":[],"SODIUM HYALURONATE":[],)"
          R"("CETEARYL ALCOHOL":[],"ALCOHOL DENAT.":[],"ALCOHOL":[],"BUTYL METHOXYDIBENZOYLMETHANE":[],)"
          R"("TITANIUM DIOXIDE":[],"LAVANDULA ANGUSTIFOLIA OIL":[],"SIMMONDSIA CHINENSIS SEED OIL":[],"CI 77891":[],)"
          R"("CI 77491":[],"LINALOOL":[],"RETINOL":[],"CERAMIDE NP":[],"SALICYLIC ACID":[],"ASCORBIC ACID":[],)"
          R"("BENZOYL PEROXIDE":[],"PARFUM":[]})");
  f.Append("sources/annex.IV.csv", "135,CI 77491,,");
  ExpectRejected(f, "sources/annex.IV.csv: ref 135 'CI 77491' is not in category 'colorant'");
}

TEST(DbBuilder, RejectsSchemaOfAnotherVersion) {
  DbFixture f;
  std::string schema = "PRAGMA user_version = 99;\nCREATE TABLE meta(key TEXT);\n";
  f.Write("schema.sql", schema);
  ExpectRejected(f, fmt::format("schema.sql: user_version is 99, this build expects {}", kSchemaVersion));
}

TEST(IngredientDb, RefusesADatabaseOfAnotherSchemaVersion) {
  DbFixture f;
  ASSERT_TRUE(f.Build().ok());
  {
    auto db = Database::Open(f.db_path(), Database::Mode::kCreate);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Exec("PRAGMA user_version = 99").ok());
  }
  auto r = IngredientDb::Open(f.db_path());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kVersionMismatch);
  EXPECT_THAT(r.status().message(),
              HasSubstr(fmt::format("database schema version 99 but this aftercare reads version {}", kSchemaVersion)));
}

TEST(IngredientDb, MissingFileIsNotFound) {
  auto r = IngredientDb::Open("/nonexistent/aftercare.db");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(r.status().message(), HasSubstr("/nonexistent/aftercare.db: no ingredient database here"));
}

TEST(IntegrityCheck, FindsAContradictionWrittenIntoABuiltDatabase) {
  DbFixture f;
  ASSERT_TRUE(f.Build().ok());
  auto db = Database::Open(f.db_path(), Database::Mode::kCreate);
  ASSERT_TRUE(db.ok());
  // Someone edits the built file by hand: a fatty alcohol becomes a drying alcohol.
  ASSERT_TRUE(db->Exec("INSERT INTO members(ingredient_id, category, source, pattern_id, note, origin) "
                       "SELECT id, 'drying_alcohol', 'src_a', NULL, '', 'hand edit' FROM ingredients "
                       "WHERE inci = 'CETEARYL ALCOHOL'")
                  .ok());
  ASSERT_TRUE(db->Exec("UPDATE protocol_rules SET ok_from_day = 3 WHERE category = 'fragrance'").ok());
  auto problems = CheckIntegrity(*db);
  ASSERT_TRUE(problems.ok());
  ASSERT_EQ(problems->size(), 2u);
  EXPECT_THAT((*problems)[0], HasSubstr("hand edit: a member row puts 'CETEARYL ALCOHOL' in 'drying_alcohol'"));
  EXPECT_THAT((*problems)[1], HasSubstr("'fragrance': ok_from_day is 3 but the windows end on day 13"));
}

TEST(IntegrityCheck, FindsACategoryTheCodeNamesMissingFromABuiltDatabase) {
  DbFixture f;
  ASSERT_TRUE(f.Build().ok());
  auto db = Database::Open(f.db_path(), Database::Mode::kCreate);
  ASSERT_TRUE(db.ok());
  // Someone renames a category in the built file: the rules that look it up by id would silently stop.
  ASSERT_TRUE(db->Exec("UPDATE categories SET id = 'clays' WHERE id = 'clay'").ok());
  auto problems = CheckIntegrity(*db);
  ASSERT_TRUE(problems.ok());
  ASSERT_EQ(problems->size(), 1u);
  EXPECT_EQ((*problems)[0],
            "categories.csv: no category 'clay', which the code names "
            "(src/aftercare/db/category_ids.h): restore it, or rename it there too");
}

TEST(IntegrityCheck, RequiresEveryCategoryTheCodeNames) {
  DbFixture f;
  ASSERT_TRUE(f.Build().ok());
  auto db = Database::Open(f.db_path(), Database::Mode::kCreate);
  ASSERT_TRUE(db.ok());
  for (std::string_view id : kNamedCategories) {
    ASSERT_TRUE(db->Exec("BEGIN").ok());
    ASSERT_TRUE(db->Exec(fmt::format("UPDATE categories SET id = id || '_gone' WHERE id = '{}'", id)).ok());
    auto problems = CheckIntegrity(*db);
    ASSERT_TRUE(db->Exec("ROLLBACK").ok());
    ASSERT_TRUE(problems.ok());
    EXPECT_THAT(*problems, ::testing::Contains(HasSubstr(fmt::format("no category '{}', which the code names", id))))
        << id;
  }
  auto problems = CheckIntegrity(*db);  // all rolled back
  ASSERT_TRUE(problems.ok());
  EXPECT_THAT(*problems, ::testing::IsEmpty());
}

// A match holds its categories and patterns as fixed sets of bits: a DB with
// more than they hold is refused by the check and by Open(), never read with
// some of them dropped.
TEST(IntegrityCheck, RefusesMoreCategoriesAndPatternsThanAMatchHolds) {
  DbFixture f;
  ASSERT_TRUE(f.Build().ok());
  {
    auto db = Database::Open(f.db_path(), Database::Mode::kCreate);
    ASSERT_TRUE(db.ok());
    for (size_t i = 0; i <= kMaxCategories; ++i) {
      ASSERT_TRUE(db->Exec(fmt::format("INSERT INTO categories(id, parent, name, description, origin) "
                                       "VALUES('extra_{}', NULL, 'Extra', '', 'test')",
                                       i))
                      .ok());
    }
    for (size_t i = 0; i <= kMaxPatterns; ++i) {
      ASSERT_TRUE(db->Exec(fmt::format("INSERT INTO patterns(id, category, regex, source, note, origin) "
                                       "VALUES('extra_{}', 'clay', 'GLYCERIN', 'src_a', '', 'test')",
                                       i))
                      .ok());
    }
    auto problems = CheckIntegrity(*db);
    ASSERT_TRUE(problems.ok());
    EXPECT_THAT(*problems,
                ::testing::Contains(HasSubstr(fmt::format("more than the {} a match can hold: raise kMaxCategories "
                                                          "(src/aftercare/db/ingredient_db.h)",
                                                          kMaxCategories))));
    EXPECT_THAT(*problems, ::testing::Contains(HasSubstr(
                               fmt::format("more than the {} a match can hold: raise kMaxPatterns", kMaxPatterns))));
  }
  auto r = IngredientDb::Open(f.db_path());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataError);
  EXPECT_THAT(
      r.status().message(),
      HasSubstr(fmt::format("categories, more than the {} a match can hold (db::kMaxCategories)", kMaxCategories)));
}

TEST(IngredientDb, RefusesMorePatternsThanAMatchHolds) {
  DbFixture f;
  ASSERT_TRUE(f.Build().ok());
  {
    auto db = Database::Open(f.db_path(), Database::Mode::kCreate);
    ASSERT_TRUE(db.ok());
    for (size_t i = 0; i <= kMaxPatterns; ++i) {
      ASSERT_TRUE(db->Exec(fmt::format("INSERT INTO patterns(id, category, regex, source, note, origin) "
                                       "VALUES('extra_{}', 'clay', 'GLYCERIN', 'src_a', '', 'test')",
                                       i))
                      .ok());
    }
  }
  auto r = IngredientDb::Open(f.db_path());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataError);
  EXPECT_THAT(r.status().message(),
              HasSubstr(fmt::format("patterns, more than the {} a match can hold (db::kMaxPatterns)", kMaxPatterns)));
}

TEST(IntegrityCheck, FindsAKeyIndexThatDisagreesWithTheIngredients) {
  DbFixture f;
  ASSERT_TRUE(f.Build().ok());
  auto db = Database::Open(f.db_path(), Database::Mode::kCreate);
  ASSERT_TRUE(db.ok());
  // Someone renames an ingredient by hand: the packed keys Open reads are stale.
  ASSERT_TRUE(db->Exec("UPDATE ingredients SET key = 'GLYCERINE' WHERE key = 'GLYCERIN'").ok());
  auto problems = CheckIntegrity(*db);
  ASSERT_TRUE(problems.ok());
  // Every table packed from the names is stale.
  ASSERT_EQ(problems->size(), 4u);
  EXPECT_THAT((*problems)[0], HasSubstr("key_index does not match the ingredients table's keys"));
  EXPECT_THAT((*problems)[1], HasSubstr("key_index.slots does not match the ingredients table's keys"));
  EXPECT_THAT((*problems)[2], HasSubstr("packed_tables row 'lead_tokens' does not match"));
  EXPECT_THAT((*problems)[3], HasSubstr("packed_tables row 'deletion_index' does not match"));
}

TEST(IngredientDb, RefusesAMissingKeyIndex) {
  DbFixture f;
  ASSERT_TRUE(f.Build().ok());
  {
    auto db = Database::Open(f.db_path(), Database::Mode::kCreate);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Exec("DELETE FROM key_index").ok());
  }
  auto r = IngredientDb::Open(f.db_path());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataError);
  EXPECT_THAT(r.status().message(), HasSubstr("the key index is missing or malformed; rebuild the database"));
}

TEST(IngredientDb, LazyRowsEqualTheRowsReadAllAtOnce) {
  DbFixture f;
  ASSERT_TRUE(f.Build().ok());
  auto lazy = IngredientDb::Open(f.db_path());
  auto bulk = IngredientDb::Open(f.db_path());
  ASSERT_TRUE(lazy.ok() && bulk.ok());
  const std::vector<Ingredient>& all = bulk->ingredients();
  ASSERT_EQ(all.size(), lazy->ingredient_count());
  for (size_t i = 0; i < all.size(); ++i) {
    const Ingredient& a = lazy->ingredient(static_cast<IngredientId>(i));
    const Ingredient& b = all[i];
    EXPECT_EQ(std::tie(a.inci, a.display, a.key, a.cas, a.ec, a.alias_of, a.source, a.functions),
              std::tie(b.inci, b.display, b.key, b.cas, b.ec, b.alias_of, b.source, b.functions));
    EXPECT_EQ(a.members, b.members);
    EXPECT_EQ(a.exclusions, b.exclusions);
    EXPECT_EQ(lazy->FindIngredient(b.key), static_cast<IngredientId>(i)) << b.key;
  }
  for (size_t i = 1; i < lazy->sorted_keys().size(); ++i) {
    EXPECT_LT(lazy->sorted_keys()[i - 1].first, lazy->sorted_keys()[i].first);
  }
}

TEST(IngredientDb, ThreadsReadingRowsLazilySeeOneRowPerId) {
  DbFixture f;
  ASSERT_TRUE(f.Build().ok());
  auto db = IngredientDb::Open(f.db_path());
  ASSERT_TRUE(db.ok());
  size_t n = db->ingredient_count();
  std::vector<std::vector<const Ingredient*>> seen(4, std::vector<const Ingredient*>(n));
  std::vector<std::thread> threads;
  for (size_t t = 0; t < seen.size(); ++t) {
    threads.emplace_back([&, t] {
      for (size_t k = 0; k < n; ++k) {
        size_t i = t % 2 ? n - 1 - (k + t) % n : (k + t) % n;  // each thread its own order
        seen[t][i] = &db->ingredient(static_cast<IngredientId>(i));
        if (t == 0 && k == n / 2) {
          EXPECT_EQ(db->ingredients().size(), n);  // the bulk read, midway
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  for (size_t t = 1; t < seen.size(); ++t) EXPECT_EQ(seen[t], seen[0]) << "thread " << t;
  for (size_t i = 0; i < n; ++i) {
    EXPECT_EQ(seen[0][i], &db->ingredient(static_cast<IngredientId>(i)));
    EXPECT_EQ(seen[0][i]->key, db->ingredients()[i].key);
  }
}

}  // namespace
}  // namespace aftercare::db
