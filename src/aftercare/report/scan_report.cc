#include "aftercare/report/scan_report.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "aftercare/report/json_writer.h"

namespace aftercare::report {
namespace {

void AppendCsvField(std::string_view s, std::string* out) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(s);
    return;
  }
  out->push_back('"');
  for (char c : s) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

void AppendCsvRow(const std::vector<std::string_view>& fields, std::string* out) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out->push_back(',');
    AppendCsvField(fields[i], out);
  }
  out->push_back('\n');
}

std::string JoinUnique(const std::vector<std::string>& items) {
  std::string out;
  std::vector<std::string_view> seen;
  for (const auto& s : items) {
    if (std::find(seen.begin(), seen.end(), s) != seen.end()) continue;
    seen.push_back(s);
    if (!out.empty()) out += "; ";
    out += s;
  }
  return out;
}

// At most `width` code points of `s` (on one line), padded to `width`.
std::string Cell(std::string_view s, size_t width) {
  std::string out;
  size_t n = 0;
  for (size_t i = 0; i < s.size() && n < width;) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
    if (i + len > s.size()) break;
    if (len == 1 && (c < 0x20 || c == 0x7f)) {
      out += ' ';
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
    ++n;
  }
  if (n == width && out.size() < s.size()) {
    // Mark the cut with an ellipsis in place of the last code point.
    size_t k = out.size();
    while (k > 0 && (static_cast<unsigned char>(out[k - 1]) & 0xC0) == 0x80) --k;
    if (k > 0) out.resize(k - 1);
    out += "\u2026";
  }
  for (; n < width; ++n) out += ' ';
  return out;
}

constexpr size_t kIdWidth = 14, kNameWidth = 40;

}  // namespace

std::optional<ScanFormat> ParseScanFormat(std::string_view name) {
  if (name == "jsonl") return ScanFormat::kJsonl;
  if (name == "csv") return ScanFormat::kCsv;
  if (name == "text") return ScanFormat::kText;
  return std::nullopt;
}

std::string ScanHeader(ScanFormat format, bool with_file) {
  std::string out;
  switch (format) {
    case ScanFormat::kJsonl: break;
    case ScanFormat::kCsv:
      out = with_file ? "row,file," : "row,";
      out += "id,name,type,verdict,safe_from_day,flagged_categories,flagged_ingredients,unrecognized,error\n";
      break;
    case ScanFormat::kText:
      out = fmt::format("{:>7}  {}{:<7}  {:>9}  {}  {}  {}\n", "ROW", with_file ? "FILE  " : "", "VERDICT", "SAFE FROM",
                        Cell("ID", kIdWidth), Cell("NAME", kNameWidth), "FLAGGED");
      break;
  }
  return out;
}

void AppendScanRecord(ScanFormat format, const ScanRecordHead& head, const CheckView& v, const db::IngredientDb& db,
                      bool full, std::string* out) {
  const rules::Assessment& a = *v.assessment;
  if (format == ScanFormat::kJsonl) {
    JsonWriter w(out);
    w.BeginObject();
    w.Key("id").StringOrNull(head.id);
    w.Key("row").Int(head.row);
    if (!head.file.empty()) w.Key("file").String(head.file);
    WriteCheckJsonMembers(v, db, full, &w);
    w.EndObject();
    out->push_back('\n');
    return;
  }
  std::vector<std::string> categories, ingredients, unrecognized;
  for (const rules::Trigger* t : a.Reasons()) {
    if (t->category == "unrecognized") continue;
    categories.push_back(t->category);
    // A product rule (makeup, a device) flags a category, not an ingredient.
    if (t->ingredient >= 0) ingredients.push_back(t->inci.empty() ? t->label : t->inci);
  }
  for (int i : a.unrecognized) {
    unrecognized.emplace_back(v.label->Label(v.label->ingredients[static_cast<size_t>(i)]));
  }
  std::string cats = JoinUnique(categories), ings = JoinUnique(ingredients), unrec = JoinUnique(unrecognized);
  // A product a clinic protocol avoids on every day has no safe day.
  std::string row = std::to_string(head.row),
              safe = a.safe_from_day == rules::kNeverSafe ? "never" : std::to_string(a.safe_from_day);
  std::string_view type = rules::ProductTypeName(a.type.type);
  std::string_view verdict = rules::VerdictName(a.verdict);
  if (format == ScanFormat::kCsv) {
    std::vector<std::string_view> f = {row};
    if (!head.file.empty()) f.push_back(head.file);
    for (std::string_view s : {head.id, std::string_view(v.product->name), type, verdict, std::string_view(safe),
                               std::string_view(cats), std::string_view(ings), std::string_view(unrec),
                               std::string_view()}) {
      f.push_back(s);
    }
    AppendCsvRow(f, out);
    return;
  }
  std::string flagged = ings;
  if (!unrec.empty()) flagged += fmt::format("{}{} not recognized", flagged.empty() ? "" : "; ", unrecognized.size());
  std::string line = fmt::format("{:>7}  {}{:<7}  {:>9}  {}  {}  {}", head.row,
                                 head.file.empty() ? "" : std::string(head.file) + "  ", verdict, safe,
                                 Cell(head.id, kIdWidth), Cell(v.product->name, kNameWidth), flagged);
  line.resize(line.find_last_not_of(' ') + 1);
  *out += line + "\n";
}

void AppendScanError(ScanFormat format, const ScanRecordHead& head, std::string_view error, std::string* out) {
  if (format == ScanFormat::kJsonl) {
    JsonWriter w(out);
    w.BeginObject();
    w.Key("schema").Int(kCheckSchema);
    w.Key("row").Int(head.row);
    if (!head.file.empty()) w.Key("file").String(head.file);
    w.Key("id").StringOrNull(head.id);
    w.Key("error").String(error);
    w.EndObject();
    out->push_back('\n');
    return;
  }
  std::string row = std::to_string(head.row);
  if (format == ScanFormat::kCsv) {
    std::vector<std::string_view> f = {row};
    if (!head.file.empty()) f.push_back(head.file);
    for (std::string_view s : {head.id, std::string_view(), std::string_view(), std::string_view("error"),
                               std::string_view(), std::string_view(), std::string_view(), std::string_view(), error}) {
      f.push_back(s);
    }
    AppendCsvRow(f, out);
    return;
  }
  std::string msg = Cell(error, 200);
  *out += fmt::format("{:>7}  {}{:<7}  {:>9}  {}  {}\n", head.row, head.file.empty() ? "" : std::string(head.file) + "  ",
                      "error", "-", Cell(head.id, kIdWidth), msg.substr(0, msg.find_last_not_of(' ') + 1));
}

}  // namespace aftercare::report
