// naive_scan: the naive reader as a whole process, the reference for the
// scan bar of issue 19: opens the ingredient DB as `aftercare scan` does,
// reads a JSON Lines catalog (simdjson, as the scanner), splits each
// "ingredients" field at commas, upper-cases each piece, looks it up in a
// hash set of the DB's keys and writes one line per product (pieces, found).
// No headings, prose, brackets, slashes, synonyms, rules or report: the floor
// a whole `scan` is measured against. A benchmark program, not a test.
//   build/naive_scan CATALOG.jsonl [--db build/aftercare.db] > /dev/null
#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>

#include <fmt/format.h>
#include <simdjson.h>

#include "aftercare/db/ingredient_db.h"
#include "naive_reader.h"

int main(int argc, char** argv) {
  std::string catalog, db_path = "build/aftercare.db";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--db" && i + 1 < argc) {
      db_path = argv[++i];
    } else {
      catalog = a;
    }
  }
  if (catalog.empty()) {
    fmt::print(stderr, "usage: naive_scan CATALOG.jsonl [--db PATH]\n");
    return 2;
  }
  auto db = aftercare::db::IngredientDb::Open(db_path);
  if (!db.ok()) {
    fmt::print(stderr, "naive_scan: error: {}\n", db.status().ToString());
    return 2;
  }
  const aftercare::bench::NaiveKeys keys = aftercare::bench::MakeNaiveKeys(*db);
  std::ifstream in(catalog);
  if (!in) {
    fmt::print(stderr, "naive_scan: error: {}: cannot open\n", catalog);
    return 2;
  }
  simdjson::dom::parser parser;
  std::string line, piece, out;
  size_t row = 0;
  while (std::getline(in, line)) {
    ++row;
    simdjson::dom::element doc;
    std::string_view text;
    if (parser.parse(line).get(doc) != simdjson::SUCCESS || doc["ingredients"].get(text) != simdjson::SUCCESS) {
      fmt::print(stderr, "{}:{}: no ingredients field\n", catalog, row);
      continue;
    }
    const aftercare::bench::NaiveReading r = aftercare::bench::NaiveRead(keys, text, &piece);
    out += fmt::format("{{\"row\":{},\"pieces\":{},\"found\":{}}}\n", row, r.pieces, r.found);
    if (out.size() > (1 << 16)) {
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}
