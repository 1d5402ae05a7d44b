// A small, valid ingredient_db/ source tree written to a temporary folder, for
// tests of the DB builder. Tests change one file to create one contradiction.
#ifndef AFTERCARE_TESTS_UNIT_DB_DB_FIXTURE_H_
#define AFTERCARE_TESTS_UNIT_DB_DB_FIXTURE_H_

#include <filesystem>
#include <string>

#include "aftercare/db/builder.h"

namespace aftercare::testing {

class DbFixture {
 public:
  DbFixture();   // writes the valid tree
  ~DbFixture();  // removes it

  // Replaces / appends to a file under the tree (path relative to its root).
  void Write(const std::string& rel, const std::string& content);
  void Append(const std::string& rel, const std::string& line);

  // Builds the tree into <root>/out.db.
  Result<db::BuildStats> Build();

  std::string root() const { return root_.string(); }
  std::string db_path() const { return (root_ / "out.db").string(); }

 private:
  std::filesystem::path root_;
};

}  // namespace aftercare::testing

#endif  // AFTERCARE_TESTS_UNIT_DB_DB_FIXTURE_H_
