#include "aftercare/db/packed_tables.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "../test_analyzer.h"
#include "aftercare/db/deletion_index.h"
#include "aftercare/db/ingredient_db.h"
#include "aftercare/db/integrity.h"
#include "aftercare/db/lead_tokens.h"
#include "aftercare/db/sqlite.h"
#include "db_fixture.h"

namespace aftercare::db {
namespace {

using ::aftercare::testing::DbFixture;
using ::aftercare::testing::RealAnalyzer;
using ::testing::HasSubstr;

// The tables the build packs must answer as the structures Open and
// Matcher::Create used to build at every start answered. These are those
// constructions, as they were (before schema 5), over the real DB.

TEST(PackedTables, KeySlotsAnswerAsAHashMapOfTheKeys) {
  const IngredientDb& db = RealAnalyzer().db();
  std::unordered_map<std::string, IngredientId> old;
  for (const auto& [key, id] : db.sorted_keys()) old.emplace(std::string(key), id);
  ASSERT_EQ(old.size(), db.ingredient_count());
  for (const auto& [key, id] : db.sorted_keys()) {
    ASSERT_EQ(db.FindIngredient(key), std::optional<IngredientId>(id)) << key;
    for (std::string changed :
         {std::string(key) + "S", std::string(key.substr(0, key.size() - 1)), "X" + std::string(key)}) {
      auto it = old.find(changed);
      EXPECT_EQ(db.FindIngredient(changed), it == old.end() ? std::nullopt : std::optional<IngredientId>(it->second))
          << changed;
    }
  }
  EXPECT_EQ(db.FindIngredient(""), std::nullopt);
}

TEST(PackedTables, LeadTokensAreTheSetMatcherCreateBuilt) {
  const IngredientDb& db = RealAnalyzer().db();
  // Matcher::Create's loop: each key's lead token, and the most words.
  const auto lead_token = [](std::string_view key) {
    key = key.substr(0, key.find_first_of(" -/()[]"));
    while (!key.empty() && key.back() == '.') key.remove_suffix(1);
    return key;
  };
  std::set<std::string_view> old;
  size_t max_words = 0;
  auto add = [&](std::string_view key) {
    old.insert(lead_token(key));
    max_words = std::max(max_words, static_cast<size_t>(std::count(key.begin(), key.end(), ' ')) + 1);
  };
  for (const auto& [key, id] : db.sorted_keys()) add(key);
  for (const auto& [key, syn] : db.synonyms()) add(key);

  const LeadTokens& packed = db.lead_tokens();
  EXPECT_EQ(packed.max_name_words(), max_words);
  ASSERT_EQ(packed.size(), old.size());
  size_t i = 0;
  for (std::string_view t : old) {
    EXPECT_EQ(packed.Token(static_cast<uint32_t>(i++)), t);
    EXPECT_TRUE(packed.Contains(t)) << t;
    EXPECT_EQ(packed.Contains(std::string(t) + "Q"), old.count(std::string(t) + "Q") > 0) << t;
  }
  EXPECT_FALSE(packed.Contains("HELPS"));
}

TEST(PackedTables, SynonymsInKeyOrder) {
  const IngredientDb& db = RealAnalyzer().db();
  ASSERT_EQ(db.sorted_synonyms().size(), db.synonyms().size());
  for (size_t i = 0; i < db.sorted_synonyms().size(); ++i) {
    const auto& [key, syn] = db.sorted_synonyms()[i];
    EXPECT_EQ(syn, &db.synonyms().at(std::string(key)));
    if (i > 0) {
      EXPECT_LT(db.sorted_synonyms()[i - 1].first, key);
    }
  }
}

// Every hash of every name leads back to the name: nothing the built index
// found is lost by keeping part of each hash.
TEST(PackedTables, DeletionIndexHasEveryHashOfEveryName) {
  const IngredientDb& db = RealAnalyzer().db();
  const DeletionIndex& index = db.deletion_index();
  ASSERT_EQ(index.key_count(), db.sorted_keys().size());
  ASSERT_EQ(index.synonym_count(), db.sorted_synonyms().size());
  DeletionHasher hasher;
  std::vector<uint32_t> found;
  size_t checked = 0;
  auto check = [&](std::string_view key, uint32_t e) {
    ForEachEntryHash(key, &hasher, [&](uint64_t h) {
      found.clear();
      index.AppendCandidates(h, &found);
      ++checked;
      if (std::find(found.begin(), found.end(), e) == found.end()) ADD_FAILURE() << key << " lost a hash";
      if (!index.MayHave(h)) ADD_FAILURE() << key << ": the filter stops one of its hashes";
    });
  };
  for (uint32_t e = 0; e < db.sorted_keys().size(); ++e) check(db.sorted_keys()[e].first, e);
  for (uint32_t s = 0; s < db.sorted_synonyms().size(); ++s) {
    check(db.sorted_synonyms()[s].first, static_cast<uint32_t>(db.sorted_keys().size()) + s);
  }
  EXPECT_GT(checked, 1000000u);
}

// The filter in front of the postings passes few hashes that no name has:
// the hashes of names the DB lacks (each real name with a byte changed), of
// which no more than a fifth may pass (one bit a hash, four bits or more a
// posting: about one in eight).
TEST(PackedTables, DeletionFilterStopsMostHashesNoNameHas) {
  const IngredientDb& db = RealAnalyzer().db();
  const DeletionIndex& index = db.deletion_index();
  DeletionHasher hasher;
  std::vector<uint32_t> found;
  size_t absent = 0, passed = 0;
  for (size_t e = 0; e < db.sorted_keys().size(); e += 7) {
    std::string changed(db.sorted_keys()[e].first);
    changed[changed.size() / 2] = '#';  // no key holds '#'
    ForEachEntryHash(changed, &hasher, [&](uint64_t h) {
      found.clear();
      index.AppendCandidates(h, &found);
      if (!found.empty()) return;  // a deletion of the changed byte: a real name's hash
      ++absent;
      passed += index.MayHave(h);
    });
  }
  ASSERT_GT(absent, 10000u);
  EXPECT_LT(passed * 5, absent) << passed << " of " << absent;
  EXPECT_GT(passed, 0u);  // one bit a hash value: some pass
}

TEST(PackedTables, TheBuilderPacksWhatTheFunctionsPack) {
  DbFixture f;
  ASSERT_TRUE(f.Build().ok());
  auto db = Database::Open(f.db_path(), Database::Mode::kReadOnly);
  ASSERT_TRUE(db.ok());
  for (const char* name : kPackedTables) {
    auto want = PackTable(*db, name);
    ASSERT_TRUE(want.ok());
    std::string stored;
    ASSERT_TRUE(
        ForEachRow(*db, fmt::format("SELECT data FROM packed_tables WHERE name = '{}'", name), [&](Statement& st) {
          stored = std::string(st.ColumnBlob(0));
        }).ok());
    EXPECT_EQ(stored, *want) << name;
    EXPECT_FALSE(stored.empty()) << name;
  }
  EXPECT_EQ(PackTable(*db, "nothing").status().code(), StatusCode::kInvalidArgument);
}

// A packed table edited by hand (one byte of each) is found by `db check`.
TEST(IntegrityCheck, FindsAPackedTableThatDisagreesWithTheNames) {
  const struct {
    const char* sql;
    const char* problem;
  } kCases[] = {
      {"UPDATE key_index SET slots = CAST(X'01' || substr(slots, 2) AS BLOB)", "key_index.slots does not match"},
      {"UPDATE packed_tables SET data = CAST(substr(data, 1, 30) || X'7A' || substr(data, 32) AS BLOB) "
       "WHERE name = 'lead_tokens'",
       "packed_tables row 'lead_tokens' does not match"},
      {"UPDATE packed_tables SET data = CAST(substr(data, 1, length(data) - 1) || X'FF' AS BLOB) "
       "WHERE name = 'deletion_index'",
       "packed_tables row 'deletion_index' does not match"},
      {"DELETE FROM packed_tables WHERE name = 'deletion_index'", "packed_tables row 'deletion_index' does not match"},
  };
  for (const auto& c : kCases) {
    DbFixture f;
    ASSERT_TRUE(f.Build().ok());
    auto db = Database::Open(f.db_path(), Database::Mode::kCreate);
    ASSERT_TRUE(db.ok());
    auto before = CheckIntegrity(*db);
    ASSERT_TRUE(before.ok());
    EXPECT_TRUE(before->empty());
    ASSERT_TRUE(db->Exec(c.sql).ok()) << c.sql;
    auto problems = CheckIntegrity(*db);
    ASSERT_TRUE(problems.ok());
    ASSERT_EQ(problems->size(), 1u) << c.sql;
    EXPECT_THAT((*problems)[0], HasSubstr(c.problem));
  }
}

TEST(IngredientDb, RefusesAMissingLeadTokenTableOrDeletionIndex) {
  for (const char* name : kPackedTables) {
    DbFixture f;
    ASSERT_TRUE(f.Build().ok());
    {
      auto db = Database::Open(f.db_path(), Database::Mode::kCreate);
      ASSERT_TRUE(db.ok());
      ASSERT_TRUE(db->Exec(fmt::format("DELETE FROM packed_tables WHERE name = '{}'", name)).ok());
    }
    auto r = IngredientDb::Open(f.db_path());
    ASSERT_FALSE(r.ok()) << name;
    EXPECT_EQ(r.status().code(), StatusCode::kDataError);
    EXPECT_THAT(r.status().message(), HasSubstr("is missing"));
  }
}

TEST(IngredientDb, AMalformedDeletionIndexFindsNothing) {
  DbFixture f;
  ASSERT_TRUE(f.Build().ok());
  {
    auto db = Database::Open(f.db_path(), Database::Mode::kCreate);
    ASSERT_TRUE(db.ok());
    // bucket_bits 99: no index has that many buckets.
    ASSERT_TRUE(db->Exec("UPDATE packed_tables SET data = CAST(X'63000000' || substr(data, 5) AS BLOB) "
                         "WHERE name = 'deletion_index'")
                    .ok());
  }
  auto db = IngredientDb::Open(f.db_path());
  ASSERT_TRUE(db.ok());
  std::vector<uint32_t> found;
  db->deletion_index().AppendCandidates(DeletionHasher("GLYCERIN").Whole(), &found);
  EXPECT_TRUE(found.empty());
  EXPECT_FALSE(db->deletion_index().MayHave(DeletionHasher("GLYCERIN").Whole()));
  EXPECT_EQ(db->deletion_index().key_count(), 0u);
}

}  // namespace
}  // namespace aftercare::db
