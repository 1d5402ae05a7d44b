// corpus_bench: parses and matches every label of a corpus (JSON Lines with an
// "ingredients" field, as written by corpus_export) and prints speed and
// recognition numbers. A benchmark program, not a test.
//   build/corpus_export --distinct > /tmp/corpus.jsonl
//   build/corpus_bench /tmp/corpus.jsonl [--db build/aftercare.db] [--repeat 5] [--top 200]
//   build/corpus_bench /tmp/corpus.jsonl --only cold|batch|warm|unseen|lex   (one speed mode, for profiling:
//     valgrind --tool=callgrind --toggle-collect='*TimedPass*' build/corpus_bench ... --only warm --repeat 1)
//   build/corpus_bench /tmp/corpus.jsonl --dump /tmp/parsed.jsonl
// --dump writes a canonical form of every ParsedLabel (one JSON line per label,
// suggestions included), checks that a warm MatchCache reads every label the
// same way, and exits: diff two dumps to prove a change leaves parsing as is.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aftercare/aftercare.h"
#include "aftercare/text/label_cleaner.h"
#include "aftercare/text/label_lexer.h"
#include "naive_reader.h"

namespace {

// One timed pass; a function of its own so that a profiler can collect it
// alone: valgrind --tool=callgrind --toggle-collect='*TimedPass*'.
[[gnu::noinline]] size_t TimedPass(const aftercare::Analyzer& analyzer, const std::vector<std::string>& labels,
                                   const aftercare::match::ParseOptions& options) {
  size_t sink = 0;
  for (const auto& l : labels) sink += analyzer.ParseLabel(l, options).ingredients.size();
  return sink;
}

// One naive pass over `labels` (naive_reader.h); a function of its own, as TimedPass.
[[gnu::noinline]] size_t NaivePass(const aftercare::bench::NaiveKeys& keys, const std::vector<std::string>& labels) {
  size_t found = 0;
  std::string piece;
  for (const auto& l : labels) found += aftercare::bench::NaiveRead(keys, l, &piece).found;
  return found;
}

// The reader's first stage alone: each label cleaned and lexed (the marks,
// line breaks and section keywords the walk reads), nothing read. What any
// reading of the label costs before it looks up a name; a function of its
// own, as TimedPass.
[[gnu::noinline]] size_t LexPass(const std::vector<std::string>& labels) {
  size_t sink = 0;
  std::string clean;  // the buffers the splitter reuses, reused the same way
  std::vector<uint32_t> map;
  aftercare::text::LabelLexemes lex;
  for (const auto& l : labels) {
    aftercare::text::Cleaner c;
    c.out.swap(clean);
    c.out.clear();
    c.map.swap(map);
    c.map.clear();
    aftercare::text::CleanLabel(l, &c);
    aftercare::text::Lex(c.out, &lex);
    sink += lex.keywords.size() + lex.line_breaks.size();
    clean.swap(c.out);
    map.swap(c.map);
  }
  return sink;
}

// Everything a consumer of ParsedLabel can see, in a stable form.
nlohmann::json Canonical(const aftercare::Analyzer& a, const aftercare::match::ParsedLabel& p) {
  using nlohmann::json;
  json j;
  j["components"] = p.components;
  json ings = json::array();
  for (const auto& i : p.ingredients) {
    const auto& m = i.match;
    // A Match keeps neither the key a pattern reading matched nor the order it
    // met its categories in: worked out again from the name, as explain does.
    const std::string_view name = p.Name(i);
    json cats = json::array();
    for (auto c : a.matcher().PatternCategoriesInOrder(name, m)) cats.push_back(c);
    std::vector<std::string> pattern_ids;
    for (std::string_view id : aftercare::match::PatternIds(m, a.db())) pattern_ids.emplace_back(id);
    const std::string matched =
        m.kind == aftercare::match::MatchKind::kFuzzy ? std::string(m.close_name) : a.matcher().PatternKey(name, m);
    ings.push_back({{"span", {i.span.begin, i.span.end}},
                    {"label", std::string(p.Label(i))},
                    {"name", std::string(name)},
                    {"position", i.position},
                    {"percent", i.percent ? json(*i.percent) : json(nullptr)},
                    {"may_contain", i.may_contain},
                    {"active", i.active},
                    {"nano", i.nano},
                    {"component", i.component},
                    {"kind", std::string(aftercare::match::MatchKindName(m.kind))},
                    {"ingredient", m.ingredient >= 0 ? a.db().ingredient(m.ingredient).inci : ""},
                    {"synonym", m.synonym ? m.synonym->synonym : ""},
                    {"matched", matched},
                    {"equivalent_of", m.equivalent_of},
                    {"pattern_categories", cats},
                    {"pattern_ids", pattern_ids},
                    {"distance", m.distance},
                    {"ambiguous", i.ambiguous},
                    {"how", std::string(aftercare::match::ReadAsName(i.how))},
                    {"suggestions", i.suggestions}});
    if (i.not_read) ings.back()["not_read"] = true;  // only when set: older dumps stay comparable
  }
  j["ingredients"] = std::move(ings);
  json diags = json::array();
  for (const auto& d : p.diagnostics) {
    diags.push_back({std::string(aftercare::text::DiagnosticKindName(d.kind)), d.message, d.span.begin, d.span.end});
  }
  j["diagnostics"] = std::move(diags);
  return j;
}

}  // namespace

int main(int argc, char** argv) {
  std::string corpus, db_path = "build/aftercare.db", dump;
  int repeat = 5, top = 200, only = -1;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--db" && i + 1 < argc)
      db_path = argv[++i];
    else if (a == "--repeat" && i + 1 < argc)
      repeat = std::stoi(argv[++i]);
    else if (a == "--top" && i + 1 < argc)
      top = std::stoi(argv[++i]);
    else if (a == "--dump" && i + 1 < argc)
      dump = argv[++i];
    else if (a == "--only" && i + 1 < argc) {
      std::string m = argv[++i];
      only = m == "cold" ? 0 : m == "batch" ? 1 : m == "warm" ? 2 : m == "unseen" ? 3 : m == "lex" ? 4 : -1;
    } else
      corpus = a;
  }
  if (corpus.empty()) {
    fmt::print(
        stderr,
        "usage: corpus_bench CORPUS.jsonl [--db PATH] [--repeat N] [--top N] [--only cold|batch|warm|unseen|lex] "
        "[--dump FILE]\n");
    return 2;
  }
  std::ifstream in(corpus);
  if (!in) {
    fmt::print(stderr, "corpus_bench: error: {}: cannot open\n", corpus);
    return 2;
  }
  std::vector<std::string> labels;
  std::vector<std::string> sources;
  size_t bytes = 0;
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.contains("ingredients")) continue;
    std::string text = j["ingredients"].get<std::string>();
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) continue;
    bytes += text.size();
    labels.push_back(std::move(text));
    sources.push_back(j.value("source", ""));
  }
  auto analyzer = aftercare::Analyzer::Open(db_path);
  if (!analyzer.ok()) {
    fmt::print(stderr, "corpus_bench: error: {}\n", analyzer.status().ToString());
    return 2;
  }
  aftercare::match::ParseOptions opts;
  opts.suggestions = false;

  if (!dump.empty()) {
    std::ofstream out(dump);
    if (!out) {
      fmt::print(stderr, "corpus_bench: error: {}: cannot write\n", dump);
      return 2;
    }
    aftercare::match::ParseOptions cold, warm;
    aftercare::match::MatchCache cache;
    warm.cache = &cache;
    size_t differ = 0;
    for (int pass = 0; pass < 2; ++pass) {  // the second pass meets a warm cache
      for (const auto& l : labels) {
        std::string c = Canonical(*analyzer, analyzer->ParseLabel(l, cold)).dump();
        std::string w = Canonical(*analyzer, analyzer->ParseLabel(l, warm)).dump();
        if (c != w) ++differ;
        if (pass == 0) out << c << '\n';
      }
    }
    fmt::print("corpus_bench: {} labels dumped to {}; {} readings differ with a MatchCache\n", labels.size(), dump,
               differ);
    return differ == 0 ? 0 : 1;
  }

  // Quality pass.
  size_t entries = 0, unrecognized = 0, fuzzy = 0, pattern = 0, no_ingredient = 0, not_read = 0, not_read_labels = 0;
  std::map<std::string, std::pair<size_t, size_t>> per_source;  // source -> (entries, unrecognized)
  std::unordered_map<std::string, size_t> unknown_counts;
  std::unordered_map<std::string, std::string> unknown_example;
  std::vector<std::string> no_ingredient_examples;
  for (size_t i = 0; i < labels.size(); ++i) {
    auto parsed = analyzer->ParseLabel(labels[i], opts);
    if (parsed.ingredients.empty()) {
      ++no_ingredient;
      no_ingredient_examples.push_back(labels[i].substr(0, 110));
    }
    bool any_not_read = false;
    for (const auto& ing : parsed.ingredients) {
      any_not_read = any_not_read || ing.not_read;
      ++entries;
      ++per_source[sources[i]].first;
      if (ing.match.kind == aftercare::match::MatchKind::kFuzzy) ++fuzzy;
      if (ing.match.kind == aftercare::match::MatchKind::kPattern) ++pattern;
      if (ing.not_read) {
        ++not_read;  // text the reader could not read: counted apart from names the DB does not know
      } else if (!ing.recognized()) {
        ++unrecognized;
        ++per_source[sources[i]].second;
        std::string key = analyzer->normalizer().Key(parsed.Name(ing));
        if (unknown_counts[key]++ == 0) unknown_example[key] = std::string(parsed.Name(ing));
      }
    }
    not_read_labels += any_not_read;
  }
  // Speed passes, one thread, whole corpus, median of `repeat` passes each:
  //   cold  - no MatchCache: every token is resolved from scratch;
  //   batch - a MatchCache emptied before each pass: only repetition within the
  //           corpus helps, as in one catalog scan;
  //   warm  - a MatchCache filled by an earlier pass and kept: a long-running
  //           batch scanner that has seen these names before;
  //   unseen - a MatchCache filled by the even-numbered labels, then the
  //           odd-numbered ones timed: a long catalog scan meeting products it
  //           has not read before (labels/s and MB/s are of that half).
  std::vector<std::string> even, odd;
  for (size_t i = 0; i < labels.size(); ++i) (i % 2 ? odd : even).push_back(labels[i]);
  size_t odd_bytes = 0;
  for (const auto& l : odd) odd_bytes += l.size();
  const aftercare::bench::NaiveKeys keys = aftercare::bench::MakeNaiveKeys(analyzer->db());
  // Each repeat times a naive pass over the same labels right before the
  // mode's pass, so that the ratio of the two medians is measured in one run
  // whatever the machine's speed does meanwhile.
  struct Timing {
    double mode = 0, naive = 0;
    size_t sink = 0;
  };
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  auto timed = [&](int mode) {
    std::vector<double> secs, naive_secs;
    Timing t;
    aftercare::match::MatchCache cache;
    aftercare::match::ParseOptions o = opts;
    if (mode > 0) o.cache = &cache;
    if (mode == 2) {
      for (const auto& l : labels) t.sink += analyzer->ParseLabel(l, o).ingredients.size();
    }
    const std::vector<std::string>& timed_labels = mode == 3 ? odd : labels;
    for (int r = 0; r < repeat; ++r) {
      if (mode == 1 || mode == 3) cache.Clear();
      if (mode == 3) {
        for (const auto& l : even) t.sink += analyzer->ParseLabel(l, o).ingredients.size();
      }
      // The naive pass once untimed first: the mode's pass before it leaves
      // its own data in the caches, and a reader that touches less memory
      // would leave the naive one faster (its ratio worse). Timed warm, the
      // naive pass takes what it takes run alone.
      t.sink += NaivePass(keys, timed_labels);
      auto t0 = std::chrono::steady_clock::now();
      t.sink += NaivePass(keys, timed_labels);
      auto t1 = std::chrono::steady_clock::now();
      t.sink += mode == 4 ? LexPass(timed_labels) : TimedPass(*analyzer, timed_labels, o);
      auto t2 = std::chrono::steady_clock::now();
      naive_secs.push_back(std::chrono::duration<double>(t1 - t0).count());
      secs.push_back(std::chrono::duration<double>(t2 - t1).count());
    }
    t.mode = median(secs);
    t.naive = median(naive_secs);
    return t;
  };
  fmt::print("corpus_bench: {} labels, {:.1f} MB, {} ingredient entries\n", labels.size(), bytes / 1e6, entries);
  {
    std::vector<double> secs;
    size_t found = 0;
    for (int r = 0; r < repeat; ++r) {
      auto t0 = std::chrono::steady_clock::now();
      found = NaivePass(keys, labels);
      secs.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    const double m = median(secs);
    fmt::print(
        "speed {:<36} {:>8.0f} labels/s {:>6.1f} MB/s  ({:.3f} s per pass, one core, median of {}; "
        "{} pieces found)\n",
        "naive (comma split + hash set)", labels.size() / m, bytes / 1e6 / m, m, repeat, found);
  }
  // The bars of issue 19, as the time per label over the naive reader's on
  // the same labels, interleaved; cold has none.
  // The last is no bar: the first stage alone (clean + lex), what any
  // reading of a label costs before it looks up a name.
  const char* const kModes[] = {"cold  (no MatchCache)", "batch (MatchCache empty each pass)",
                                "warm  (MatchCache kept, pre-filled)", "unseen (cache filled by other half)",
                                "lex   (clean + lex only, no reading)"};
  const double kBars[] = {0, 5, 1.5, 4, 0};
  size_t sink = 0;
  for (int mode = 0; mode < 5; ++mode) {
    if (only >= 0 && mode != only) continue;
    const Timing t = timed(mode);
    sink += t.sink;
    size_t n = mode == 3 ? odd.size() : labels.size();
    double mb = (mode == 3 ? odd_bytes : bytes) / 1e6;
    const std::string bar = kBars[mode] > 0 ? fmt::format(", bar {:.1f}", kBars[mode]) : "";
    fmt::print(
        "speed {:<36} {:>8.0f} labels/s {:>6.1f} MB/s  ({:.3f} s per pass, one core, median of {}; "
        "{:.1f} x naive{})\n",
        kModes[mode], n / t.mode, mb / t.mode, t.mode, repeat, t.mode / t.naive, bar);
  }
  if (sink == 42) fmt::print("\n");  // keeps the work observable
  fmt::print(
      "unrecognized: {} of {} entries = {:.2f}%  (fuzzy {} = {:.2f}%, pattern {}), labels with no ingredient: {}\n",
      unrecognized, entries, 100.0 * unrecognized / std::max<size_t>(entries, 1), fuzzy,
      100.0 * fuzzy / std::max<size_t>(entries, 1), pattern, no_ingredient);
  fmt::print(
      "not read: {} entries = {:.2f}%, in {} of {} labels (text inside a list read as no name, heading or "
      "sentence)\n",
      not_read, 100.0 * not_read / std::max<size_t>(entries, 1), not_read_labels, labels.size());
  for (const auto& [src, c] : per_source) {
    fmt::print("  {:<30} {:>7} entries  {:>6} unrecognized  {:.2f}%\n", src, c.first, c.second,
               100.0 * c.second / std::max<size_t>(c.first, 1));
  }
  std::vector<std::pair<size_t, std::string>> ranked;
  for (const auto& [k, n] : unknown_counts) ranked.emplace_back(n, k);
  std::sort(ranked.begin(), ranked.end(),
            [](const auto& x, const auto& y) { return x.first != y.first ? x.first > y.first : x.second < y.second; });
  fmt::print("labels read as having no ingredient ({}), first 100 chars:\n", no_ingredient);
  for (const auto& e : no_ingredient_examples) fmt::print("  {}\n", e);
  fmt::print("top {} unrecognized (count, example as written):\n", top);
  for (int i = 0; i < top && i < static_cast<int>(ranked.size()); ++i) {
    fmt::print("{:>5}  {}\n", ranked[static_cast<size_t>(i)].first,
               unknown_example[ranked[static_cast<size_t>(i)].second]);
  }
  return 0;
}
