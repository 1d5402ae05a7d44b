// build_db: turns the text sources of ingredient_db/ into the SQLite database.
// Run by the build (see CMakeLists.txt):  build_db --source DIR --out FILE
// Exit 0 on success; 2 with every problem listed on stderr when the data
// contradicts itself.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "aftercare/db/builder.h"

int main(int argc, char** argv) {
  aftercare::db::BuildOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if ((arg == "--source" || arg == "--out") && i + 1 < argc) {
      (arg == "--source" ? options.source_dir : options.output_path) = argv[++i];
    } else {
      fmt::print(stderr, "usage: build_db --source DIR --out FILE\n");
      return 2;
    }
  }
  if (options.source_dir.empty() || options.output_path.empty()) {
    fmt::print(stderr, "usage: build_db --source DIR --out FILE\n");
    return 2;
  }
  auto start = std::chrono::steady_clock::now();
  auto stats = aftercare::db::BuildDatabase(options);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!stats.ok()) {
    fmt::print(stderr, "build_db: error: {}\n", stats.status().message());
    return 2;
  }
  fmt::print(stderr,
             "build_db: {} in {:.2f} s: {} ingredients, {} synonyms, {} categories, {} memberships "
             "({} by {} patterns), {} exclusions, {} protocol rules, {} annex entries\n",
             options.output_path, secs, stats->ingredients, stats->synonyms, stats->categories, stats->members,
             stats->pattern_members, stats->patterns, stats->exclusions, stats->protocol_rules, stats->annex_entries);
  return 0;
}
