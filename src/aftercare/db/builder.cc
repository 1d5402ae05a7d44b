#include "aftercare/db/builder.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aftercare/db/integrity.h"
#include "aftercare/db/key_index.h"
#include "aftercare/db/packed_tables.h"
#include "aftercare/db/schema_version.h"
#include "aftercare/db/sqlite.h"
#include "aftercare/text/csv.h"
#include "aftercare/text/normalizer.h"

namespace aftercare::db {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxReportedErrors = 200;

Result<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError(fmt::format("{}: cannot open", path.string()));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<fs::path> CsvFilesIn(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".csv") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::vector<std::string> SplitList(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    if (end == std::string_view::npos) end = s.size();
    std::string part = Trim(s.substr(start, end - start));
    if (!part.empty()) out.push_back(std::move(part));
    start = end + 1;
  }
  return out;
}

// One data row with the "file:line" it came from.
struct Row {
  std::vector<std::string> f;
  std::string origin;
  const std::string& operator[](size_t i) const { return f[i]; }
};

// Title-cases an upper-case CosIng name for display, keeping chemical
// abbreviations (PEG, CI, TEA, C12-15...) upper case.
std::string DisplayName(std::string_view inci) {
  static const std::unordered_set<std::string> kUpper = {
      "PEG",  "PPG", "CI",  "TEA", "DEA",   "MEA",  "MIPA", "PCA",  "PABA", "EDTA", "BHT", "BHA", "DMDM", "PVP",
      "VP",   "SD",  "UV",  "II",  "III",   "IV",   "VI",   "VII",  "AMP",  "DNA",  "RNA", "PVM", "MA",   "HDI",
      "IPDI", "TDI", "MDI", "PG",  "DMAPA", "HCL",  "ATP",  "NADH", "ADP",  "PHB",  "PET", "PBT", "PTFE", "PMMA",
      "HC",   "SH",  "PPG", "MCT", "SE",    "NP",   "AP",   "EOP",  "NS",   "AS",   "NG",  "EOS", "EGF",  "CoQ10",
      "GHK",  "USP", "NF",  "BP",  "TDSA",  "PBSA", "DHHB", "MBC",  "HMS",  "OMC"};
  std::string out;
  out.reserve(inci.size());
  size_t i = 0;
  while (i < inci.size()) {
    if (!std::isalnum(static_cast<unsigned char>(inci[i]))) {
      out += inci[i++];
      continue;
    }
    size_t j = i;
    while (j < inci.size() && std::isalnum(static_cast<unsigned char>(inci[j]))) ++j;
    std::string word(inci.substr(i, j - i));
    bool has_digit =
        std::any_of(word.begin(), word.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    if (kUpper.count(word) || has_digit) {
      out += word;
    } else {
      out += word[0];
      for (size_t k = 1; k < word.size(); ++k) {
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(word[k])));
      }
    }
    i = j;
  }
  return out;
}

bool HasLower(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

class Builder {
 public:
  Builder(const BuildOptions& options, text::Normalizer normalizer, Database db)
      : dir_(options.source_dir), norm_(normalizer), db_(std::move(db)) {}

  Status Run(BuildStats* stats);

 private:
  void Error(std::string msg) {
    if (errors_.size() < kMaxReportedErrors) errors_.push_back(std::move(msg));
    ++error_count_;
  }

  // Reads a CSV table with exactly `columns`; rows keep their origin.
  std::vector<Row> ReadTable(const fs::path& path, const std::vector<std::string>& columns);
  std::vector<Row> ReadTables(const fs::path& dir, const std::vector<std::string>& columns);

  bool CheckSources(const Row& row, const std::string& field);
  std::optional<int64_t> Resolve(const Row& row, const std::string& name, bool prefer_display = true);
  std::string Suggest(const std::string& key) const;

  Status LoadSources();
  Status LoadIngredients();
  Status LoadExtraIngredients();
  Status LoadCategories();
  Status LoadPatterns();
  Status LoadMembers();
  Status LoadAllergenList();
  Status ApplyPatterns();
  Status LoadExclusions();
  Status LoadSynonyms();
  Status LoadAnnexes();
  Status LoadProtocols();
  Status WriteDisplayNamesAndMeta();

  Result<int64_t> InsertIngredient(const std::string& inci, const std::string& cas, const std::string& ec,
                                   const std::string& source, const std::string& origin);

  fs::path dir_;
  text::Normalizer norm_;
  Database db_;
  std::vector<std::string> errors_;
  size_t error_count_ = 0;

  std::set<std::string> source_ids_;
  std::unordered_map<std::string, int64_t> key_to_id_;
  std::vector<std::string> inci_by_id_;     // index = id
  std::vector<std::string> display_by_id_;  // curated mixed-case spelling, if any
  std::set<std::string> categories_;
  struct PatternDef {
    std::string id, category, regex, source, origin;
  };
  std::vector<PatternDef> patterns_;
  std::map<std::pair<int64_t, std::string>, std::string> member_origin_;  // (ingredient, category) -> origin
  std::map<std::string, int> pattern_hits_;
  BuildStats stats_;
};

std::vector<Row> Builder::ReadTable(const fs::path& path, const std::vector<std::string>& columns) {
  std::vector<Row> rows;
  std::string rel = fs::relative(path, dir_).string();
  Result<std::string> data = ReadFile(path);
  if (!data.ok()) {
    Error(fmt::format("{}: cannot read file", rel));
    return rows;
  }
  text::CsvParser parser(*data, rel);
  text::CsvRecord rec;
  bool header = true;
  while (true) {
    Result<bool> more = parser.Next(&rec);
    if (!more.ok()) {
      Error(more.status().message());
      break;
    }
    if (!*more) break;
    if (rec.fields.size() == 1 && Trim(rec.fields[0]).empty()) continue;  // blank line
    if (header) {
      header = false;
      if (rec.fields != columns) {
        std::string want;
        for (const auto& c : columns) want += (want.empty() ? "" : ",") + c;
        Error(fmt::format("{}:{}: header must be '{}'", rel, rec.line, want));
        return rows;
      }
      continue;
    }
    if (rec.fields.size() != columns.size()) {
      Error(fmt::format("{}:{}: expected {} fields, found {}", rel, rec.line, columns.size(), rec.fields.size()));
      continue;
    }
    Row row;
    for (auto& f : rec.fields) row.f.push_back(Trim(f));
    row.origin = fmt::format("{}:{}", rel, rec.line);
    rows.push_back(std::move(row));
  }
  if (header) Error(fmt::format("{}:1: empty file (no header)", rel));
  return rows;
}

std::vector<Row> Builder::ReadTables(const fs::path& dir, const std::vector<std::string>& columns) {
  std::vector<Row> all;
  for (const auto& file : CsvFilesIn(dir)) {
    auto rows = ReadTable(file, columns);
    all.insert(all.end(), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
  }
  return all;
}

bool Builder::CheckSources(const Row& row, const std::string& field) {
  auto ids = SplitList(field, ';');
  if (ids.empty()) {
    Error(fmt::format("{}: no source given", row.origin));
    return false;
  }
  bool ok = true;
  for (const auto& id : ids) {
    if (!source_ids_.count(id)) {
      Error(fmt::format("{}: unknown source id '{}' (not in data/sources.csv)", row.origin, id));
      ok = false;
    }
  }
  return ok;
}

std::string Builder::Suggest(const std::string& key) const {
  // Cheap "did you mean": the names sharing the longest prefix with `key`.
  std::string best;
  size_t best_len = 0;
  for (const auto& [k, id] : key_to_id_) {
    size_t n = 0;
    while (n < k.size() && n < key.size() && k[n] == key[n]) ++n;
    if (n > best_len || (n == best_len && !best.empty() && k.size() < best.size())) {
      best_len = n;
      best = k;
    }
  }
  return best_len >= 4 ? fmt::format(" (did you mean '{}'?)", best) : "";
}

std::optional<int64_t> Builder::Resolve(const Row& row, const std::string& name, bool prefer_display) {
  std::string key = norm_.Key(name);
  auto it = key_to_id_.find(key);
  if (it == key_to_id_.end()) {
    Error(fmt::format("{}: unknown INCI '{}': not in CosIng nor in extra_ingredients/{}", row.origin, name,
                      Suggest(key)));
    return std::nullopt;
  }
  if (prefer_display && HasLower(name) && display_by_id_[it->second].empty() && norm_.Key(name) == key) {
    display_by_id_[it->second] = name;
  }
  return it->second;
}

Result<int64_t> Builder::InsertIngredient(const std::string& inci, const std::string& cas, const std::string& ec,
                                          const std::string& source, const std::string& origin) {
  int64_t id = static_cast<int64_t>(inci_by_id_.size());
  std::string key = norm_.Key(inci);
  ASSIGN_OR_RETURN(
      Statement st,
      db_.Prepare("INSERT INTO ingredients(id, inci, key, display, cas, ec, source, origin) VALUES(?,?,?,?,?,?,?,?)"));
  st.Bind(1, id)
      .Bind(2, inci)
      .Bind(3, key)
      .Bind(4, DisplayName(inci))
      .Bind(5, cas)
      .Bind(6, ec)
      .Bind(7, source)
      .Bind(8, origin);
  RETURN_IF_ERROR(st.Run());
  key_to_id_.emplace(key, id);
  inci_by_id_.push_back(inci);
  display_by_id_.emplace_back();
  return id;
}

Status Builder::LoadSources() {
  auto rows = ReadTable(dir_ / "data" / "sources.csv", {"id", "kind", "citation", "url", "date"});
  ASSIGN_OR_RETURN(Statement st, db_.Prepare("INSERT INTO sources(id, kind, citation, url, date) VALUES(?,?,?,?,?)"));
  for (const auto& r : rows) {
    if (r[0].empty() || r[1].empty() || r[2].empty()) {
      Error(fmt::format("{}: id, kind and citation are required", r.origin));
      continue;
    }
    if (!source_ids_.insert(r[0]).second) {
      Error(fmt::format("{}: duplicate source id '{}'", r.origin, r[0]));
      continue;
    }
    st.Bind(1, r[0]).Bind(2, r[1]).Bind(3, r[2]).Bind(4, r[3]).Bind(5, r[4]);
    RETURN_IF_ERROR(st.Run());
  }
  return Status::Ok();
}

Status Builder::LoadIngredients() {
  // CAS / EC numbers from the 2020 export, keyed by normalised name.
  std::unordered_map<std::string, std::pair<std::string, std::string>> cas_by_key;
  std::vector<std::pair<std::string, std::string>> names_2020;  // (name, function) for names absent in 2026
  {
    fs::path path = dir_ / "sources" / "cosing_inci_cas_ec_function_2020.csv";
    ASSIGN_OR_RETURN(std::string data, ReadFile(path));
    text::CsvParser parser(data, "sources/cosing_inci_cas_ec_function_2020.csv");
    text::CsvRecord rec;
    bool header = true;
    while (true) {
      ASSIGN_OR_RETURN(bool more, parser.Next(&rec));
      if (!more) break;
      if (header) {
        header = false;
        continue;
      }
      if (rec.fields.size() != 4) {
        Error(fmt::format("{}:{}: expected 4 fields, found {}", parser.file_name(), rec.line, rec.fields.size()));
        continue;
      }
      std::string name = Trim(rec.fields[0]);
      if (name.empty()) continue;
      std::string key = norm_.Key(name);
      cas_by_key.emplace(key, std::make_pair(Trim(rec.fields[1]), Trim(rec.fields[2])));
      names_2020.emplace_back(name, Trim(rec.fields[3]));
    }
  }

  fs::path json_path = dir_ / "sources" / "cosing_inci_functions_2026.json";
  ASSIGN_OR_RETURN(std::string json_text, ReadFile(json_path));
  nlohmann::json j = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return DataError("sources/cosing_inci_functions_2026.json: not a JSON object of INCI -> functions");
  }
  // Sorted for a reproducible id order.
  std::vector<std::string> names;
  names.reserve(j.size());
  for (auto it = j.begin(); it != j.end(); ++it) names.push_back(it.key());
  std::sort(names.begin(), names.end());

  ASSIGN_OR_RETURN(Statement fn, db_.Prepare("INSERT OR IGNORE INTO functions(ingredient_id, function) VALUES(?,?)"));
  for (const auto& raw : names) {
    std::string name = Trim(raw);
    std::string key = norm_.Key(name);
    if (key.empty()) continue;
    if (auto it = key_to_id_.find(key); it != key_to_id_.end()) {
      // Two CosIng names that differ only in spacing or case: one ingredient.
      for (const auto& f : j[raw]) {
        if (!f.is_string()) continue;
        fn.Bind(1, it->second).Bind(2, f.get<std::string>());
        RETURN_IF_ERROR(fn.Run());
      }
      continue;
    }
    auto cas = cas_by_key.find(key);
    ASSIGN_OR_RETURN(int64_t id,
                     InsertIngredient(name, cas == cas_by_key.end() ? "" : cas->second.first,
                                      cas == cas_by_key.end() ? "" : cas->second.second, "cosing_inventory_2026", ""));
    const auto& fns = j[raw];
    if (!fns.is_array()) {
      Error(fmt::format("sources/cosing_inci_functions_2026.json: '{}': functions are not a list", raw));
      continue;
    }
    for (const auto& f : fns) {
      if (!f.is_string()) continue;
      fn.Bind(1, id).Bind(2, f.get<std::string>());
      RETURN_IF_ERROR(fn.Run());
    }
  }
  // Names of the 2020 export that the 2026 harvest lacks are still real INCI
  // names that labels carry; keep them, with the 2020 functions.
  for (const auto& [name, function] : names_2020) {
    std::string key = norm_.Key(name);
    if (key.empty() || key_to_id_.count(key)) continue;
    auto cas = cas_by_key.find(key);
    ASSIGN_OR_RETURN(int64_t id, InsertIngredient(name, cas->second.first, cas->second.second, "cosing_cas_2020", ""));
    for (const auto& f : SplitList(function, ',')) {
      std::string upper = f;
      for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      fn.Bind(1, id).Bind(2, upper);
      RETURN_IF_ERROR(fn.Run());
    }
  }
  return Status::Ok();
}

Status Builder::LoadExtraIngredients() {
  auto rows = ReadTables(dir_ / "data" / "extra_ingredients", {"inci", "functions", "source", "note"});
  ASSIGN_OR_RETURN(Statement fn, db_.Prepare("INSERT OR IGNORE INTO functions(ingredient_id, function) VALUES(?,?)"));
  for (const auto& r : rows) {
    if (r[0].empty()) {
      Error(fmt::format("{}: inci is required", r.origin));
      continue;
    }
    if (!CheckSources(r, r[2])) continue;
    std::string key = norm_.Key(r[0]);
    if (key_to_id_.count(key)) {
      Error(fmt::format("{}: '{}' is already a CosIng name; it is not an extra ingredient", r.origin, r[0]));
      continue;
    }
    ASSIGN_OR_RETURN(int64_t id, InsertIngredient(key, "", "", r[2], r.origin));
    if (HasLower(r[0])) display_by_id_[id] = r[0];
    for (const auto& f : SplitList(r[1], ';')) {
      fn.Bind(1, id).Bind(2, f);
      RETURN_IF_ERROR(fn.Run());
    }
  }
  return Status::Ok();
}

Status Builder::LoadCategories() {
  auto rows = ReadTable(dir_ / "data" / "categories.csv", {"id", "parent", "name", "description"});
  for (const auto& r : rows) {
    if (r[0].empty() || r[2].empty()) {
      Error(fmt::format("{}: id and name are required", r.origin));
      continue;
    }
    if (!categories_.insert(r[0]).second) Error(fmt::format("{}: duplicate category '{}'", r.origin, r[0]));
  }
  ASSIGN_OR_RETURN(
      Statement st,
      db_.Prepare("INSERT OR IGNORE INTO categories(id, parent, name, description, origin) VALUES(?,?,?,?,?)"));
  for (const auto& r : rows) {
    if (!r[1].empty() && !categories_.count(r[1])) {
      Error(fmt::format("{}: category '{}' has unknown parent '{}'", r.origin, r[0], r[1]));
    }
    st.Bind(1, r[0]);
    if (r[1].empty()) {
      st.BindNull(2);
    } else {
      st.Bind(2, r[1]);
    }
    st.Bind(3, r[2]).Bind(4, r[3]).Bind(5, r.origin);
    RETURN_IF_ERROR(st.Run());
  }
  stats_.categories = static_cast<int>(categories_.size());
  return Status::Ok();
}

Status Builder::LoadPatterns() {
  auto rows = ReadTables(dir_ / "data" / "patterns", {"id", "category", "regex", "source", "note"});
  std::set<std::string> ids;
  ASSIGN_OR_RETURN(Statement st,
                   db_.Prepare("INSERT INTO patterns(id, category, regex, source, note, origin) VALUES(?,?,?,?,?,?)"));
  for (const auto& r : rows) {
    bool ok = true;
    if (r[0].empty() || r[2].empty()) {
      Error(fmt::format("{}: id and regex are required", r.origin));
      continue;
    }
    if (!ids.insert(r[0]).second) {
      Error(fmt::format("{}: duplicate pattern id '{}'", r.origin, r[0]));
      continue;
    }
    if (!categories_.count(r[1])) {
      Error(fmt::format("{}: unknown category '{}'", r.origin, r[1]));
      ok = false;
    }
    ok = CheckSources(r, r[3]) && ok;
    RE2 re(r[2], RE2::Quiet);
    if (!re.ok()) {
      Error(fmt::format("{}: pattern '{}' does not compile: {}", r.origin, r[0], re.error()));
      ok = false;
    }
    if (!ok) continue;
    st.Bind(1, r[0]).Bind(2, r[1]).Bind(3, r[2]).Bind(4, r[3]).Bind(5, r[4]).Bind(6, r.origin);
    RETURN_IF_ERROR(st.Run());
    patterns_.push_back({r[0], r[1], r[2], r[3], r.origin});
  }
  stats_.patterns = static_cast<int>(patterns_.size());
  return Status::Ok();
}

Status Builder::LoadMembers() {
  auto rows = ReadTables(dir_ / "data" / "members", {"category", "inci", "source", "note"});
  ASSIGN_OR_RETURN(
      Statement st,
      db_.Prepare(
          "INSERT INTO members(ingredient_id, category, source, pattern_id, note, origin) VALUES(?,?,?,NULL,?,?)"));
  for (const auto& r : rows) {
    bool ok = true;
    if (!categories_.count(r[0])) {
      Error(fmt::format("{}: unknown category '{}'", r.origin, r[0]));
      ok = false;
    }
    ok = CheckSources(r, r[2]) && ok;
    auto id = Resolve(r, r[1]);
    if (!ok || !id) continue;
    auto [it, inserted] = member_origin_.emplace(std::make_pair(*id, r[0]), r.origin);
    if (!inserted) {
      Error(fmt::format("{}: '{}' is already in '{}' ({})", r.origin, r[1], r[0], it->second));
      continue;
    }
    st.Bind(1, *id).Bind(2, r[0]).Bind(3, r[2]).Bind(4, r[3]).Bind(5, r.origin);
    RETURN_IF_ERROR(st.Run());
    ++stats_.members;
  }
  return Status::Ok();
}

Status Builder::LoadAllergenList() {
  // Every name of the EU allergen list is a fragrance_allergen; names CosIng
  // lacks become ingredients of their own so that nothing is dropped.
  const std::string rel = "sources/eu_fragrance_allergens.json";
  ASSIGN_OR_RETURN(std::string text, ReadFile(dir_ / rel));
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("names") || !j["names"].is_array()) {
    return DataError(rel + ": expected an object with a \"names\" list");
  }
  ASSIGN_OR_RETURN(
      Statement st,
      db_.Prepare(
          "INSERT INTO members(ingredient_id, category, source, pattern_id, note, origin) VALUES(?,?,?,NULL,'',?)"));
  int index = 0;
  for (const auto& n : j["names"]) {
    ++index;
    if (!n.is_string()) continue;
    std::string name = Trim(n.get<std::string>());
    std::string key = norm_.Key(name);
    std::string origin = fmt::format("{}#{}", rel, index);
    int64_t id;
    if (auto it = key_to_id_.find(key); it != key_to_id_.end()) {
      id = it->second;
    } else {
      ASSIGN_OR_RETURN(id, InsertIngredient(key, "", "", "eu_allergens_2026", origin));
    }
    if (!member_origin_.emplace(std::make_pair(id, std::string("fragrance_allergen")), origin).second) continue;
    st.Bind(1, id).Bind(2, "fragrance_allergen").Bind(3, "eu_allergens_2026").Bind(4, origin);
    RETURN_IF_ERROR(st.Run());
    ++stats_.members;
  }
  return Status::Ok();
}

Status Builder::ApplyPatterns() {
  if (patterns_.empty()) return Status::Ok();
  RE2::Options opts;
  opts.set_log_errors(false);
  RE2::Set set(opts, RE2::ANCHOR_BOTH);
  for (const auto& p : patterns_) {
    std::string err;
    if (set.Add(p.regex, &err) < 0) return DataError(fmt::format("{}: {}", p.origin, err));
  }
  if (!set.Compile()) return DataError("patterns: RE2::Set failed to compile (out of memory?)");
  ASSIGN_OR_RETURN(
      Statement st,
      db_.Prepare(
          "INSERT INTO members(ingredient_id, category, source, pattern_id, note, origin) VALUES(?,?,?,?,'',?)"));
  std::vector<int> hits;
  for (int64_t id = 0; id < static_cast<int64_t>(inci_by_id_.size()); ++id) {
    hits.clear();
    std::string key = norm_.Key(inci_by_id_[id]);
    if (!set.Match(key, &hits)) continue;
    std::sort(hits.begin(), hits.end());
    for (int h : hits) {
      const PatternDef& p = patterns_[h];
      ++pattern_hits_[p.id];
      if (!member_origin_.emplace(std::make_pair(id, p.category), p.origin).second) continue;  // curated row wins
      st.Bind(1, id).Bind(2, p.category).Bind(3, p.source).Bind(4, p.id).Bind(5, p.origin);
      RETURN_IF_ERROR(st.Run());
      ++stats_.members;
      ++stats_.pattern_members;
    }
  }
  return Status::Ok();
}

Status Builder::LoadExclusions() {
  auto rows = ReadTables(dir_ / "data" / "exclusions", {"category", "inci", "source", "reason"});
  ASSIGN_OR_RETURN(
      Statement st,
      db_.Prepare("INSERT INTO exclusions(ingredient_id, category, source, reason, origin) VALUES(?,?,?,?,?)"));
  std::map<std::pair<int64_t, std::string>, std::string> seen;
  for (const auto& r : rows) {
    bool ok = true;
    if (!categories_.count(r[0])) {
      Error(fmt::format("{}: unknown category '{}'", r.origin, r[0]));
      ok = false;
    }
    if (r[3].empty()) {
      Error(fmt::format("{}: an exclusion needs a reason", r.origin));
      ok = false;
    }
    ok = CheckSources(r, r[2]) && ok;
    auto id = Resolve(r, r[1], false);
    if (!ok || !id) continue;
    auto [it, inserted] = seen.emplace(std::make_pair(*id, r[0]), r.origin);
    if (!inserted) {
      Error(fmt::format("{}: duplicate exclusion of '{}' from '{}' ({})", r.origin, r[1], r[0], it->second));
      continue;
    }
    st.Bind(1, *id).Bind(2, r[0]).Bind(3, r[2]).Bind(4, r[3]).Bind(5, r.origin);
    RETURN_IF_ERROR(st.Run());
    ++stats_.exclusions;
  }
  return Status::Ok();
}

Status Builder::LoadSynonyms() {
  static const std::set<std::string> kKinds = {"common",      "us_drug",    "trade",        "language", "spelling",
                                               "former_inci", "ci_pigment", "abbreviation", "ocr"};
  fs::path dir = dir_ / "data" / "synonyms";
  // CosIng names that are the same substance as another CosIng name.
  ASSIGN_OR_RETURN(Statement alias, db_.Prepare("UPDATE ingredients SET alias_of = ? WHERE id = ?"));
  std::map<int64_t, std::string> aliased;
  if (fs::exists(dir / "equivalent_inci.csv")) {
    for (const auto& r : ReadTable(dir / "equivalent_inci.csv", {"name", "inci", "source", "note"})) {
      if (!CheckSources(r, r[2])) continue;
      auto from = Resolve(r, r[0], false);
      auto to = Resolve(r, r[1]);
      if (!from || !to) continue;
      if (*from == *to) {
        Error(fmt::format("{}: '{}' and '{}' are the same name", r.origin, r[0], r[1]));
        continue;
      }
      if (!aliased.emplace(*from, r.origin).second) {
        Error(fmt::format("{}: '{}' is already declared equivalent to another ingredient ({})", r.origin, r[0],
                          aliased[*from]));
        continue;
      }
      alias.Bind(1, *to).Bind(2, *from);
      RETURN_IF_ERROR(alias.Run());
    }
  }

  ASSIGN_OR_RETURN(
      Statement st,
      db_.Prepare(
          "INSERT INTO synonyms(key, synonym, ingredient_id, kind, source, note, origin) VALUES(?,?,?,?,?,?,?)"));
  std::unordered_map<std::string, std::pair<int64_t, std::string>> seen;  // key -> (id, origin)
  for (const auto& file : CsvFilesIn(dir)) {
    if (file.filename() == "equivalent_inci.csv") continue;
    for (const auto& r : ReadTable(file, {"synonym", "inci", "kind", "source", "note"})) {
      bool ok = true;
      if (!kKinds.count(r[2])) {
        Error(fmt::format("{}: unknown synonym kind '{}'", r.origin, r[2]));
        ok = false;
      }
      ok = CheckSources(r, r[3]) && ok;
      auto id = Resolve(r, r[1]);
      if (!ok || !id) continue;
      std::string key = norm_.Key(r[0]);
      if (key.empty()) {
        Error(fmt::format("{}: empty synonym", r.origin));
        continue;
      }
      if (auto it = key_to_id_.find(key); it != key_to_id_.end()) {
        if (it->second == *id) {
          Error(fmt::format("{}: synonym '{}' is the ingredient's own name", r.origin, r[0]));
        } else {
          Error(
              fmt::format("{}: synonym '{}' is itself the INCI name of another ingredient ('{}'); "
                          "declare same-substance names in synonyms/equivalent_inci.csv",
                          r.origin, r[0], inci_by_id_[it->second]));
        }
        continue;
      }
      auto [it, inserted] = seen.emplace(key, std::make_pair(*id, r.origin));
      if (!inserted) {
        if (it->second.first != *id) {
          Error(fmt::format("{}: synonym '{}' maps to '{}' but {} maps it to '{}'", r.origin, r[0], inci_by_id_[*id],
                            it->second.second, inci_by_id_[it->second.first]));
        } else {
          Error(fmt::format("{}: duplicate synonym '{}' ({})", r.origin, r[0], it->second.second));
        }
        continue;
      }
      st.Bind(1, key).Bind(2, r[0]).Bind(3, *id).Bind(4, r[2]).Bind(5, r[3]).Bind(6, r[4]).Bind(7, r.origin);
      RETURN_IF_ERROR(st.Run());
      ++stats_.synonyms;
    }
  }
  return Status::Ok();
}

Status Builder::LoadAnnexes() {
  ASSIGN_OR_RETURN(
      Statement st,
      db_.Prepare(
          "INSERT OR IGNORE INTO annex_entries(annex, ref, name, ingredient_id, max_concentration, product_type) "
          "VALUES(?,?,?,?,?,?)"));
  static const RE2 kCi("(CI [0-9]{5})");
  for (const char* annex : {"III", "IV", "VI"}) {
    std::string rel = fmt::format("sources/annex.{}.csv", annex);
    ASSIGN_OR_RETURN(std::string data, ReadFile(dir_ / rel));
    text::CsvParser parser(data, rel);
    text::CsvRecord rec;
    std::vector<std::string> header;
    while (true) {
      ASSIGN_OR_RETURN(bool more, parser.Next(&rec));
      if (!more) break;
      if (header.empty()) {
        header = rec.fields;
        continue;
      }
      auto col = [&](std::string_view name) -> std::string {
        for (size_t i = 0; i < header.size() && i < rec.fields.size(); ++i) {
          if (header[i] == name) return Trim(rec.fields[i]);
        }
        return "";
      };
      std::string ref = col("reference_number");
      std::vector<std::string> names;
      if (std::string_view(annex) == "IV") {
        std::string ci;
        std::string field = col("colour_index_number");
        if (RE2::PartialMatch(field, kCi, &ci)) names.push_back(ci);
      } else {
        std::string common = col("common_ingredients");
        for (auto& part : SplitList(common, ';')) {
          // "TRIS-BIPHENYL TRIAZINE / TRIS-BIPHENYL TRIAZINE (NANO)": several names.
          size_t pos;
          while ((pos = part.find(" / ")) != std::string::npos) {
            names.push_back(Trim(part.substr(0, pos)));
            part = Trim(part.substr(pos + 3));
          }
          if (part != "-") names.push_back(part);
        }
      }
      for (const auto& name : names) {
        std::string key = norm_.Key(name);
        auto it = key_to_id_.find(key);
        // "TITANIUM DIOXIDE (NANO)": the nano form is the same INCI with a qualifier.
        static const RE2 kNano(" ?\\(NANO\\)$");
        if (it == key_to_id_.end() && RE2::Replace(&key, kNano, "")) it = key_to_id_.find(key);
        st.Bind(1, annex).Bind(2, ref).Bind(3, name);
        if (it == key_to_id_.end()) {
          st.BindNull(4);
        } else {
          st.Bind(4, it->second);
        }
        st.Bind(5, col("maximum_concentration")).Bind(6, col("product_type"));
        RETURN_IF_ERROR(st.Run());
        ++stats_.annex_entries;
      }
    }
  }
  return Status::Ok();
}

Status Builder::LoadProtocols() {
  std::set<std::string> protocols;
  {
    auto rows = ReadTable(dir_ / "data" / "protocols.csv",
                          {"id", "name", "procedure", "description", "source", "min_spf", "min_spf_source"});
    ASSIGN_OR_RETURN(Statement st, db_.Prepare("INSERT INTO protocols(id, name, procedure, description, source, "
                                               "min_spf, min_spf_source, origin) VALUES(?,?,?,?,?,?,?,?)"));
    for (const auto& r : rows) {
      if (r[0].empty() || r[1].empty()) {
        Error(fmt::format("{}: id and name are required", r.origin));
        continue;
      }
      char* end = nullptr;
      long min_spf = std::strtol(r[5].c_str(), &end, 10);
      if (r[5].empty() || *end != '\0' || min_spf < 1 || min_spf > 100) {
        Error(fmt::format("{}: min_spf '{}' is not an SPF 1-100", r.origin, r[5]));
        continue;
      }
      if (!CheckSources(r, r[4]) || !CheckSources(r, r[6])) continue;
      if (!protocols.insert(r[0]).second) {
        Error(fmt::format("{}: duplicate protocol '{}'", r.origin, r[0]));
        continue;
      }
      st.Bind(1, r[0]).Bind(2, r[1]).Bind(3, r[2]).Bind(4, r[3]).Bind(5, r[4]).Bind(6, static_cast<int64_t>(min_spf));
      st.Bind(7, r[6]).Bind(8, r.origin);
      RETURN_IF_ERROR(st.Run());
    }
  }
  auto parse_day = [&](const Row& r, const std::string& field, const char* what, bool* ok) -> std::optional<int64_t> {
    if (field.empty()) return std::nullopt;
    char* end = nullptr;
    long v = std::strtol(field.c_str(), &end, 10);
    if (*end != '\0' || v < 0 || v > 365) {
      Error(fmt::format("{}: {} '{}' is not a day number 0-365", r.origin, what, field));
      *ok = false;
      return std::nullopt;
    }
    return v;
  };
  {
    auto rows = ReadTable(dir_ / "data" / "protocol_rules.csv",
                          {"protocol", "row", "category", "avoid_until_day", "caution_until_day", "ok_from_day",
                           "recommended", "rationale", "source", "extrapolated", "leave_on_only", "until_event"});
    ASSIGN_OR_RETURN(
        Statement st,
        db_.Prepare(
            "INSERT INTO protocol_rules(protocol, row, category, avoid_until_day, caution_until_day, ok_from_day, "
            "recommended, rationale, source, extrapolated, leave_on_only, until_event, origin) "
            "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    std::map<std::pair<std::string, std::string>, std::string> seen;
    for (const auto& r : rows) {
      bool ok = true;
      if (!protocols.count(r[0])) {
        Error(fmt::format("{}: unknown protocol '{}'", r.origin, r[0]));
        ok = false;
      }
      if (!categories_.count(r[2])) {
        Error(fmt::format("{}: unknown category '{}'", r.origin, r[2]));
        ok = false;
      }
      auto row_no = parse_day(r, r[1], "row", &ok);
      auto avoid = parse_day(r, r[3], "avoid_until_day", &ok);
      auto caution = parse_day(r, r[4], "caution_until_day", &ok);
      auto ok_from = parse_day(r, r[5], "ok_from_day", &ok);
      if (!row_no || !ok_from) {
        if (ok) Error(fmt::format("{}: row and ok_from_day are required", r.origin));
        ok = false;
      }
      for (int b : {6, 9, 10}) {
        if (r[b] != "0" && r[b] != "1") {
          Error(fmt::format("{}: '{}' must be 0 or 1", r.origin, r[b]));
          ok = false;
        }
      }
      if (r[7].empty()) {
        Error(fmt::format("{}: a rule needs a rationale", r.origin));
        ok = false;
      }
      if (!r[11].empty() && !avoid && !caution) {
        Error(fmt::format("{}: until_event '{}' on a rule with no window", r.origin, r[11]));
        ok = false;
      }
      if (!r[11].empty() && r[7].find("or later if " + r[11]) == std::string::npos) {
        Error(fmt::format("{}: the rationale must say \"or later if {}\"", r.origin, r[11]));
        ok = false;
      }
      ok = CheckSources(r, r[8]) && ok;
      if (!ok) continue;
      if (!seen.emplace(std::make_pair(r[0], r[2]), r.origin).second) {
        Error(fmt::format("{}: protocol '{}' already has a rule for '{}' ({})", r.origin, r[0], r[2],
                          seen[std::make_pair(r[0], r[2])]));
        continue;
      }
      st.Bind(1, r[0]).Bind(2, *row_no).Bind(3, r[2]).Bind(4, avoid).Bind(5, caution).Bind(6, *ok_from);
      st.Bind(7, static_cast<int64_t>(r[6] == "1")).Bind(8, r[7]).Bind(9, r[8]);
      st.Bind(10, static_cast<int64_t>(r[9] == "1")).Bind(11, static_cast<int64_t>(r[10] == "1"));
      st.Bind(12, r[11]).Bind(13, r.origin);
      RETURN_IF_ERROR(st.Run());
      ++stats_.protocol_rules;
    }
  }
  {
    auto rows = ReadTable(dir_ / "data" / "protocol_advice.csv",
                          {"protocol", "topic", "from_day", "until_day", "advice", "source"});
    ASSIGN_OR_RETURN(
        Statement st,
        db_.Prepare("INSERT INTO protocol_advice(protocol, topic, from_day, until_day, advice, source, origin) "
                    "VALUES(?,?,?,?,?,?,?)"));
    for (const auto& r : rows) {
      bool ok = true;
      if (!protocols.count(r[0])) {
        Error(fmt::format("{}: unknown protocol '{}'", r.origin, r[0]));
        ok = false;
      }
      auto from = parse_day(r, r[2], "from_day", &ok);
      auto until = parse_day(r, r[3], "until_day", &ok);
      if (!from) {
        if (ok) Error(fmt::format("{}: from_day is required", r.origin));
        ok = false;
      }
      if (from && until && *until < *from) {
        Error(fmt::format("{}: until_day {} is before from_day {}", r.origin, *until, *from));
        ok = false;
      }
      if (r[1].empty() || r[4].empty()) {
        Error(fmt::format("{}: topic and advice are required", r.origin));
        ok = false;
      }
      ok = CheckSources(r, r[5]) && ok;
      if (!ok) continue;
      st.Bind(1, r[0]).Bind(2, r[1]).Bind(3, *from).Bind(4, until).Bind(5, r[4]).Bind(6, r[5]).Bind(7, r.origin);
      Status s = st.Run();
      if (!s.ok()) Error(fmt::format("{}: duplicate advice for '{}' from day {}", r.origin, r[1], *from));
    }
  }
  return Status::Ok();
}

Status Builder::WriteDisplayNamesAndMeta() {
  ASSIGN_OR_RETURN(Statement st, db_.Prepare("UPDATE ingredients SET display = ? WHERE id = ?"));
  for (size_t id = 0; id < display_by_id_.size(); ++id) {
    if (display_by_id_[id].empty()) continue;
    st.Bind(1, display_by_id_[id]).Bind(2, static_cast<int64_t>(id));
    RETURN_IF_ERROR(st.Run());
  }
  ASSIGN_OR_RETURN(Statement meta, db_.Prepare("INSERT INTO meta(key, value) VALUES(?,?)"));
  std::vector<std::pair<std::string, std::string>> rows = {
      {"schema_version", std::to_string(kSchemaVersion)},
      {"aftercare_version", AFTERCARE_VERSION},
  };
  for (const auto& [k, v] : rows) {
    meta.Bind(1, k).Bind(2, v);
    RETURN_IF_ERROR(meta.Run());
  }
  return Status::Ok();
}

Status Builder::Run(BuildStats* stats) {
  ASSIGN_OR_RETURN(std::string schema, ReadFile(dir_ / "schema.sql"));
  RETURN_IF_ERROR(db_.Exec(schema));
  ASSIGN_OR_RETURN(int version, db_.UserVersion());
  if (version != kSchemaVersion) {
    return DataError(fmt::format("schema.sql: user_version is {}, this build expects {}", version, kSchemaVersion));
  }
  RETURN_IF_ERROR(db_.Exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN"));
  RETURN_IF_ERROR(LoadSources());
  RETURN_IF_ERROR(LoadIngredients());
  RETURN_IF_ERROR(LoadExtraIngredients());
  RETURN_IF_ERROR(LoadCategories());
  RETURN_IF_ERROR(LoadPatterns());
  RETURN_IF_ERROR(LoadMembers());
  RETURN_IF_ERROR(LoadAllergenList());
  RETURN_IF_ERROR(ApplyPatterns());
  for (const auto& p : patterns_) {
    if (!pattern_hits_.count(p.id)) {
      Error(fmt::format("{}: pattern '{}' matches no ingredient name", p.origin, p.id));
    }
  }
  RETURN_IF_ERROR(LoadExclusions());
  RETURN_IF_ERROR(LoadSynonyms());
  RETURN_IF_ERROR(LoadAnnexes());
  RETURN_IF_ERROR(LoadProtocols());
  RETURN_IF_ERROR(WriteDisplayNamesAndMeta());
  RETURN_IF_ERROR(WriteKeyIndex(db_));
  RETURN_IF_ERROR(WritePackedTables(db_));  // after the ingredients and synonyms they are made from
  if (error_count_ == 0) {
    ASSIGN_OR_RETURN(std::vector<std::string> problems, CheckIntegrity(db_));
    for (auto& p : problems) Error(std::move(p));
  }
  if (error_count_ > 0) {
    std::string msg = fmt::format("{} problem(s) in {}:", error_count_, dir_.string());
    for (const auto& e : errors_) msg += "\n  " + e;
    if (error_count_ > errors_.size()) msg += fmt::format("\n  ... and {} more", error_count_ - errors_.size());
    return DataError(msg);
  }
  RETURN_IF_ERROR(db_.Exec("COMMIT; ANALYZE;"));
  stats_.ingredients = static_cast<int>(inci_by_id_.size());
  *stats = stats_;
  return Status::Ok();
}

}  // namespace

Result<BuildStats> BuildDatabase(const BuildOptions& options) {
  if (options.source_dir.empty() || options.output_path.empty()) {
    return InvalidArgument("BuildDatabase needs a source_dir and an output_path");
  }
  // The build's keys are folded by the table it packs (the one `check` will read).
  ASSIGN_OR_RETURN(std::string fold_table, text::PackFoldTable());
  ASSIGN_OR_RETURN(text::Normalizer norm, text::Normalizer::Create(fold_table));
  std::string tmp = options.output_path + ".tmp";
  std::error_code ec;
  fs::remove(tmp, ec);
  BuildStats stats;
  {
    ASSIGN_OR_RETURN(Database db, Database::Open(tmp, Database::Mode::kCreate));
    Builder builder(options, norm, std::move(db));
    Status s = builder.Run(&stats);
    if (!s.ok()) {
      fs::remove(tmp, ec);
      return s;
    }
  }
  fs::rename(tmp, options.output_path, ec);
  if (ec) return IoError(fmt::format("{}: cannot write: {}", options.output_path, ec.message()));
  return stats;
}

}  // namespace aftercare::db
