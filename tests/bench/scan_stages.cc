// scan_stages: where the time of `aftercare scan` goes, per product, on one
// thread: reading + decoding a row, reading the label (with a MatchCache, with
// and without "did you mean"), assessing it, and writing its summary record
// (in full, and from a kept body as for a product the scan's memo has seen);
// and how many rows repeat a product (label, name, type) seen before. Besides,
// a reference for the whole: the naive reader (comma split, upper case, one
// exact lookup a piece) feeding the same rules and record writer.
// A program that prints numbers, never a test.
//   build/scan_stages CATALOG.jsonl [--db build/aftercare.db] [--rows N] [--day D]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>

#include "aftercare/aftercare.h"
#include "aftercare/catalog/catalog_reader.h"
#include "aftercare/report/scan_report.h"
#include "aftercare/rules/verdict.h"
#include "naive_reader.h"

namespace {

using Clock = std::chrono::steady_clock;
double Since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

class FileSource : public aftercare::catalog::ByteSource {
 public:
  explicit FileSource(std::FILE* f) : f_(f) {}
  aftercare::Result<size_t> Read(char* buf, size_t n) override {
    size_t got = std::fread(buf, 1, n, f_);
    consumed_ += got;
    return got;
  }
  uint64_t consumed() const override { return consumed_; }

 private:
  std::FILE* f_;
  uint64_t consumed_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  using namespace aftercare;
  std::string path, db = "build/aftercare.db";
  int64_t max_rows = 20000;
  int day = 3;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--db" && i + 1 < argc)
      db = argv[++i];
    else if (a == "--rows" && i + 1 < argc)
      max_rows = std::stoll(argv[++i]);
    else if (a == "--day" && i + 1 < argc)
      day = std::stoi(argv[++i]);
    else
      path = a;
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    fmt::print(stderr, "scan_stages: cannot open '{}'\n", path);
    return 2;
  }
  auto t_open = Clock::now();
  auto analyzer = Analyzer::Open(db);
  if (!analyzer.ok()) {
    fmt::print(stderr, "scan_stages: {}\n", analyzer.status().ToString());
    return 2;
  }
  auto checker = rules::Checker::Create(&*analyzer);
  if (!checker.ok()) return 2;
  const db::Protocol* protocol = *(*checker)->FindProtocol("microneedling");
  double open_s = Since(t_open);

  // 0. Cut rows only (what the scan's one reader thread does).
  double cut_s = 0;
  {
    FileSource cut_src(f);
    catalog::CatalogReader cutter(&cut_src, path, catalog::InputFormat::kJsonl, {});
    catalog::RawRow r;
    int64_t rows = 0;
    auto t0 = Clock::now();
    while (rows < max_rows) {
      auto more = cutter.Next(&r);
      if (!more.ok() || !*more) break;
      ++rows;
    }
    cut_s = Since(t0);
    std::rewind(f);
  }
  // 1. Read and decode every row (kept in memory for the later stages).
  FileSource src(f);
  catalog::CatalogReader reader(&src, path, catalog::InputFormat::kJsonl, {});
  std::vector<catalog::CatalogProduct> products;
  uint64_t bytes = 0;
  auto t = Clock::now();
  catalog::RawRow row;
  catalog::DecodeScratch scratch;
  while (static_cast<int64_t>(products.size()) < max_rows) {
    auto more = reader.Next(&row);
    if (!more.ok() || !*more) break;
    bytes += row.text.size() + 1;
    auto d = reader.decoder()->Decode(row, &scratch);
    if (d.error.empty()) products.push_back(std::move(d.product));
  }
  double read_s = Since(t);
  double n = static_cast<double>(products.size());

  // 2. Read the labels: with suggestions (as scan does), then without.
  auto parse = [&](bool suggestions, std::vector<match::ParsedLabel>* keep) {
    match::MatchCache cache;
    auto t0 = Clock::now();
    for (const auto& p : products) {
      auto label = analyzer->ParseLabel(p.ingredients, {.suggestions = suggestions, .cache = &cache});
      if (keep) keep->push_back(std::move(label));
    }
    return Since(t0);
  };
  std::vector<match::ParsedLabel> labels;
  labels.reserve(products.size());
  double parse_s = parse(true, &labels);
  double parse_cached_s = parse(true, nullptr);  // a second pass: a warm cache
  double parse_nosugg_s = parse(false, nullptr);

  // 3. Assess; 4. write the summary records.
  std::vector<rules::Assessment> assessments;
  std::vector<rules::ProductInfo> infos;
  assessments.reserve(labels.size());
  infos.reserve(labels.size());
  t = Clock::now();
  for (size_t i = 0; i < labels.size(); ++i) {
    infos.push_back({products[i].name, rules::ParseProductType(products[i].type)});
    auto a = (*checker)->Assess(labels[i], infos.back(), *protocol, day);
    assessments.push_back(a.ok() ? std::move(a).value() : rules::Assessment{});
  }
  double assess_s = Since(t);
  std::string out;
  size_t out_bytes = 0;
  t = Clock::now();
  for (size_t i = 0; i < labels.size(); ++i) {
    if (assessments[i].status.size() != labels[i].ingredients.size()) continue;  // an error row
    report::CheckView v{&labels[i], &infos[i], &assessments[i], protocol};
    report::AppendScanRecord(report::ScanFormat::kJsonl, {static_cast<int64_t>(i + 1), products[i].id, {}}, v,
                             analyzer->db(), false, &out);
    if (out.size() > (64u << 20)) {
      out_bytes += out.size();
      out.clear();
    }
  }
  out_bytes += out.size();
  double write_s = Since(t);
  // The reference a whole scan could be measured against: the naive reader
  // (comma split, upper case, one exact lookup per piece) feeding the same
  // rules and the same record writer.
  t = Clock::now();
  {
    std::string ref_out, piece;
    for (size_t i = 0; i < products.size(); ++i) {
      match::ParsedLabel label;
      label.text = products[i].ingredients;
      label.components = {""};
      const std::string_view text = label.text;
      int position = 0;
      bench::ForEachNaivePiece(text, &piece, [&](size_t b, size_t e, std::string_view key) {
        if (b == e) return;
        match::LabelIngredient& ing = label.ingredients.emplace_back(analyzer->matcher().MatchKeyExact(key));
        ing.span = {static_cast<uint32_t>(b), static_cast<uint32_t>(e)};
        ing.name_begin = static_cast<uint32_t>(label.names.size());
        label.names.append(text.substr(b, e - b));
        ing.name_end = static_cast<uint32_t>(label.names.size());
        ing.position = ++position;
        label.pieces.push_back(ing.span);
      });
      const rules::ProductInfo info{products[i].name, rules::ParseProductType(products[i].type)};
      auto a = (*checker)->Assess(label, info, *protocol, day);
      if (!a.ok()) continue;
      report::CheckView v{&label, &info, &*a, protocol};
      report::AppendScanRecord(report::ScanFormat::kJsonl, {static_cast<int64_t>(i + 1), products[i].id, {}}, v,
                               analyzer->db(), false, &ref_out);
      if (ref_out.size() > (64u << 20)) ref_out.clear();
    }
  }
  double reference_s = Since(t);
  // A repeated product: its body is kept, only the head is new.
  std::vector<report::ScanRecordBody> bodies(labels.size());
  for (size_t i = 0; i < labels.size(); ++i) {
    if (assessments[i].status.size() != labels[i].ingredients.size()) continue;
    report::CheckView v{&labels[i], &infos[i], &assessments[i], protocol};
    report::MakeScanRecordBody(report::ScanFormat::kJsonl, v, analyzer->db(), false, &bodies[i]);
  }
  out.clear();
  t = Clock::now();
  for (size_t i = 0; i < labels.size(); ++i) {
    if (bodies[i].text.empty()) continue;
    report::AppendScanRecordWithBody(report::ScanFormat::kJsonl, {static_cast<int64_t>(i + 1), products[i].id, {}},
                                     bodies[i], &out);
    if (out.size() > (64u << 20)) out.clear();
  }
  double rewrite_s = Since(t);
  std::set<std::tuple<std::string_view, std::string_view, std::optional<rules::ProductType>>> distinct;
  for (size_t i = 0; i < products.size(); ++i) {
    distinct.emplace(products[i].ingredients, products[i].name, infos.size() > i ? infos[i].type : std::nullopt);
  }

  auto line = [&](const char* what, double s) {
    fmt::print("{:<40} {:8.3f} s  {:9.1f} us/product  {:9.0f} products/s\n", what, s, 1e6 * s / n, n / s);
  };
  fmt::print("{} products ({:.1f} MB of JSONL), open DB + index {:.2f} s\n", products.size(), bytes / 1e6, open_s);
  line("cut rows (the reader thread)", cut_s);
  line("cut + decode rows (JSONL SAX, UTF-8 check)", read_s);
  line("read labels, cold MatchCache, suggestions", parse_s);
  line("read labels, warm MatchCache, suggestions", parse_cached_s);
  line("read labels, warm cache, no suggestions", parse_nosugg_s);
  line("assess (rules)", assess_s);
  line("write summary JSONL records", write_s);
  line("write them from kept bodies (memo hits)", rewrite_s);
  line("naive reading + the same rules + records", reference_s);
  fmt::print("the scan's stages (cold reading + rules + records) over that reference: {:.2f} x\n",
             (parse_s + assess_s + write_s) / reference_s);
  fmt::print("summary output: {:.0f} bytes/product\n", static_cast<double>(out_bytes) / n);
  fmt::print("{} distinct products (label, name, type): {:.1f}% of the rows repeat one (memo hits at most)\n",
             distinct.size(), 100.0 * (1.0 - static_cast<double>(distinct.size()) / n));
  std::fclose(f);
  return 0;
}
