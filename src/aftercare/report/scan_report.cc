#include "aftercare/report/scan_report.h"

#include <algorithm>
#include <charconv>
#include <iterator>
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

std::string JoinUnique(const std::vector<std::string_view>& items) {
  std::string out;
  for (auto it = items.begin(); it != items.end(); ++it) {
    if (std::find(items.begin(), it, *it) != it) continue;
    if (!out.empty()) out += "; ";
    out += *it;
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
      out += "id,brand,day,name,type,verdict,safe_from_day,flagged_categories,flagged_ingredients,unrecognized,error\n";
      break;
    case ScanFormat::kText:
      out = fmt::format("{:>7}  {}{:<7}  {:>9}  {}  {}  {}\n", "ROW", with_file ? "FILE  " : "", "VERDICT", "SAFE FROM",
                        Cell("ID", kIdWidth), Cell("NAME", kNameWidth), "FLAGGED");
      break;
  }
  return out;
}

void MakeScanRecordBody(ScanFormat format, const CheckView& v, const db::IngredientDb& db, bool full,
                        ScanRecordBody* body) {
  const rules::Assessment& a = *v.assessment;
  std::string* out = &body->text;
  out->clear();
  body->id_at = 0;
  if (format == ScanFormat::kJsonl) {
    JsonWriter w(out);
    w.BeginObject();
    WriteCheckJsonMembers(v, db, full, &w);
    w.EndObject();
    out->push_back('\n');
    return;
  }
  std::vector<std::string_view> categories, ingredients, unrecognized;
  for (const rules::Trigger* t : a.Reasons()) {
    if (t->category == "unrecognized") continue;
    categories.push_back(t->category);
    // A product rule (makeup, a device) flags a category, not an ingredient.
    if (t->ingredient >= 0) ingredients.push_back(t->inci.empty() ? t->label : t->inci);
  }
  size_t not_read = 0;
  for (int i : a.unrecognized) {
    const auto& ing = v.label->ingredients[static_cast<size_t>(i)];
    unrecognized.push_back(v.label->Label(ing));
    not_read += ing.not_read;
  }
  std::string cats = JoinUnique(categories), ings = JoinUnique(ingredients), unrec = JoinUnique(unrecognized);
  // A product a clinic protocol avoids on every day has no safe day.
  std::string safe = a.safe_from_day == rules::kNeverSafe ? "never" : std::to_string(a.safe_from_day);
  std::string_view type = rules::ProductTypeName(a.type.type);
  std::string_view verdict = rules::VerdictName(a.verdict);
  if (format == ScanFormat::kCsv) {
    std::string_view fields[] = {v.product->name, type, verdict, safe, cats, ings, unrec, std::string_view()};
    for (std::string_view f : fields) {
      AppendCsvField(f, out);
      out->push_back(',');
    }
    out->back() = '\n';
    return;
  }
  std::string flagged = ings;
  if (unrecognized.size() > not_read) {
    flagged += fmt::format("{}{} not recognized", flagged.empty() ? "" : "; ", unrecognized.size() - not_read);
  }
  if (not_read > 0) flagged += fmt::format("{}{} not read", flagged.empty() ? "" : "; ", not_read);
  *out = fmt::format("{:<7}  {:>9}  ", verdict, safe);
  body->id_at = out->size();
  *out += fmt::format("  {}  {}", Cell(v.product->name, kNameWidth), flagged);
}

void AppendScanRecordWithBody(ScanFormat format, const ScanRecordHead& head, const ScanRecordBody& body,
                              std::string* out) {
  char row[24];
  const size_t row_len = static_cast<size_t>(std::to_chars(row, row + sizeof row, head.row).ptr - row);
  switch (format) {
    case ScanFormat::kJsonl:
      // {"id", "row", ["file",] then the body's members.
      out->append("{\"id\":");
      if (head.id.empty()) {
        out->append("null");
      } else {
        AppendJsonString(head.id, out);
      }
      out->append(",\"row\":");
      out->append(row, row_len);
      if (!head.file.empty()) {
        out->append(",\"file\":");
        AppendJsonString(head.file, out);
      }
      out->push_back(',');
      out->append(body.text, 1);
      return;
    case ScanFormat::kCsv:
      out->append(row, row_len);
      out->push_back(',');
      if (!head.file.empty()) {
        AppendCsvField(head.file, out);
        out->push_back(',');
      }
      AppendCsvField(head.id, out);
      out->push_back(',');
      AppendCsvField(head.brand, out);
      out->push_back(',');
      out->append(row, static_cast<size_t>(std::to_chars(row, row + sizeof row, head.day).ptr - row));
      out->push_back(',');
      out->append(body.text);
      return;
    case ScanFormat::kText: {
      const size_t start = out->size();
      fmt::format_to(std::back_inserter(*out), "{:>7}  ", head.row);
      if (!head.file.empty()) {
        out->append(head.file);
        out->append("  ");
      }
      out->append(body.text, 0, body.id_at);
      out->append(Cell(head.id, kIdWidth));
      out->append(body.text, body.id_at);
      const size_t last = out->find_last_not_of(' ');
      out->resize(last == std::string::npos || last < start ? start : last + 1);
      out->push_back('\n');
      return;
    }
  }
}

void AppendScanRecord(ScanFormat format, const ScanRecordHead& head, const CheckView& v, const db::IngredientDb& db,
                      bool full, std::string* out) {
  ScanRecordBody body;
  MakeScanRecordBody(format, v, db, full, &body);
  AppendScanRecordWithBody(format, head, body, out);
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
    std::string day = std::to_string(head.day);
    for (std::string_view s :
         {head.id, head.brand, std::string_view(day), std::string_view(), std::string_view(), std::string_view("error"),
          std::string_view(), std::string_view(), std::string_view(), std::string_view(), error}) {
      f.push_back(s);
    }
    AppendCsvRow(f, out);
    return;
  }
  std::string msg = Cell(error, 200);
  *out +=
      fmt::format("{:>7}  {}{:<7}  {:>9}  {}  {}\n", head.row, head.file.empty() ? "" : std::string(head.file) + "  ",
                  "error", "-", Cell(head.id, kIdWidth), msg.substr(0, msg.find_last_not_of(' ') + 1));
}

}  // namespace aftercare::report
