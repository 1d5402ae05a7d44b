#include "aftercare/catalog/catalog_reader.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <memory>
#include <optional>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>
#include <simdjson.h>
#include <nlohmann/json.hpp>

#include "aftercare/base/edit_distance.h"
#include "aftercare/base/string_hash.h"
#include "aftercare/base/utf8.h"
#include "aftercare/text/encoding.h"

namespace aftercare::catalog {
namespace {

// ColumnRole as an index. The stock roles (after kBrand) are looked for only with ColumnChoice::stock.
enum Role { kIngredients = 0, kId, kName, kType, kBrand, kQuantity, kSku, kRoles };
static_assert(kRoles == kColumnRoles && kSku == static_cast<int>(ColumnRole::kSku));
constexpr std::array<std::string_view, kRoles> kRoleName = {"ingredients", "id",       "name", "type",
                                                            "brand",       "quantity", "sku"};
constexpr std::array<std::string_view, kRoles> kRoleContents = {
    "the ingredient list", "the product id", "the product name", "the product type",
    "the brand",           "the quantity",   "the SKU"};
const std::array<std::vector<std::string_view>, kRoles>& CommonNames() {
  static const std::array<std::vector<std::string_view>, kRoles> names = {
      std::vector<std::string_view>{"ingredients", "ingredients_text", "inci", "ingredient_list", "ingredient"},
      std::vector<std::string_view>{"id", "sku", "code", "product_id"},
      std::vector<std::string_view>{"name", "product_name", "title"},
      std::vector<std::string_view>{"type", "category", "product_type", "categories"},
      std::vector<std::string_view>{"brand", "brand_name", "brands", "manufacturer"},
      std::vector<std::string_view>{"quantity", "qty", "on_hand", "stock", "units"},
      std::vector<std::string_view>{"sku"},
  };
  return names;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return out;
}

std::string_view Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

bool IsNumber(std::string_view s) {
  return !s.empty() && s.size() < 7 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A readable form of a field name for messages (cut, control bytes escaped).
std::string Shown(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 40)) {
    if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
    } else {
      out += c;
    }
  }
  if (s.size() > 40) out += "...";
  return out;
}

std::string NameList(const std::vector<std::string>& names) {
  std::string out;
  size_t shown = 0;
  for (const auto& n : names) {
    if (shown == 12) {
      out += fmt::format(", ... ({} in all)", names.size());
      break;
    }
    out += (out.empty() ? "" : ", ") + fmt::format("'{}'", Shown(n));
    ++shown;
  }
  return out.empty() ? "none" : out;
}

// " (did you mean 'X'?)" for the seen name closest to one of the wanted ones.
std::string DidYouMean(const std::vector<std::string>& seen, const std::vector<std::string_view>& wanted) {
  int best = 4;
  std::string best_name;
  for (const auto& s : seen) {
    std::string l = Lower(s);
    for (auto w : wanted) {
      int d = BoundedEditDistance(l, w, 3);
      if (d < best) {
        best = d;
        best_name = s;
      }
    }
  }
  return best_name.empty() ? "" : fmt::format(" (did you mean '{}'?)", Shown(best_name));
}

// How a message names the setting that chooses `role`'s column: the caller's
// word for it (ColumnChoice::setting_names), else "the ingredients column".
std::string SettingName(const ColumnChoice& choice, Role role, bool json) {
  if (!choice.setting_names[role].empty()) return std::string(choice.setting_names[role]);
  return fmt::format("the {} {}", kRoleName[role], json ? "field" : "column");
}

// The common names of `role`, as a message lists them: "name, product_name, title".
std::string CommonNameList(Role role) {
  std::string out;
  for (std::string_view n : CommonNames()[role]) out += fmt::format("{}{}", out.empty() ? "" : ", ", n);
  return out;
}

std::string NoIngredientsMessage(const std::vector<std::string>& seen, bool json, const ColumnChoice& choice) {
  std::vector<std::string_view> wanted = CommonNames()[kIngredients];
  return fmt::format("no ingredient {} ({}: {}){}; looked for {}; give {}", json ? "field" : "column",
                     json ? "fields" : "columns", NameList(seen), DidYouMean(seen, wanted),
                     "ingredients, ingredients_text, inci (any case) or a name containing 'ingred'",
                     SettingName(choice, kIngredients, json));
}

// Which slot a name takes for `role`: 0 for the chosen or first common name, a
// larger number for a weaker match, -1 for none.
std::array<const std::string*, kRoles> Chosen(const ColumnChoice& c) {
  return {&c.ingredients, &c.id, &c.name, &c.type, &c.brand, &c.quantity, &c.sku};
}

int Rank(std::string_view name, Role role, const ColumnChoice& choice) {
  if (role > kBrand && !choice.stock) return -1;  // a scan's CSV output keeps the brand too
  const auto chosen = Chosen(choice);
  std::string l = Lower(Trim(name));
  if (!chosen[role]->empty()) return l == Lower(*chosen[role]) ? 0 : -1;
  const auto& common = CommonNames()[role];
  for (size_t i = 0; i < common.size(); ++i) {
    if (l == common[i]) return static_cast<int>(i);
  }
  if (role == kIngredients && (l.find("ingred") != std::string::npos || l.find("inci") != std::string::npos)) {
    return static_cast<int>(common.size());
  }
  return -1;
}

Status CheckField(std::string_view value, std::string_view what) {
  if (value.find('\0') != std::string_view::npos) {
    return DataError(fmt::format("NUL byte in {} at byte {}", what, value.find('\0') + 1));
  }
  size_t bad = InvalidUtf8Offset(value);
  if (bad != std::string_view::npos) return DataError(fmt::format("invalid UTF-8 in {} at byte {}", what, bad + 1));
  return Status::Ok();
}

// --- CSV / TSV -----------------------------------------------------------------

class CsvDecoder : public RowDecoder {
 public:
  CsvDecoder(std::string file, std::array<int, kRoles> columns, std::vector<std::string> header, std::string error,
             bool need_name)
      : file_(std::move(file)),
        columns_(columns),
        header_(std::move(header)),
        error_(std::move(error)),
        need_name_(need_name) {}

  DecodedRow Decode(const RawRow& row, DecodeScratch* /*scratch*/) const override {  // needs none
    DecodedRow d;
    auto fail = [&](std::string_view what) {
      d.error = fmt::format("{}:{}: {}", file_, row.line, what);
      return d;
    };
    auto field = [&](Role r) -> const std::string* {
      int c = columns_[r];
      return c >= 0 && static_cast<size_t>(c) < row.fields.size() ? &row.fields[static_cast<size_t>(c)] : nullptr;
    };
    if (const std::string* id = field(kId); id && CheckField(*id, "id").ok()) d.product.id = std::string(Trim(*id));
    // A stock report names a bad row's product when it can.
    if (const std::string* n = field(kName); need_name_ && n && CheckField(*n, "name").ok()) {
      d.product.name = std::string(Trim(*n));
    }
    if (!row.error.empty()) return fail(row.error);
    if (!error_.empty()) return fail(error_);
    if (!header_.empty() && row.fields.size() != header_.size()) {
      return fail(fmt::format("{} field{}, the header has {} (broken quoting?)", row.fields.size(),
                              row.fields.size() == 1 ? "" : "s", header_.size()));
    }
    for (int r = 0; r < kRoles; ++r) {
      if (columns_[r] < 0) continue;
      const std::string* f = field(static_cast<Role>(r));
      std::string what = ColumnName(r);
      if (!f) {
        if (r != kIngredients) continue;
        return fail(
            fmt::format("no {} in this row ({} field{})", what, row.fields.size(), row.fields.size() == 1 ? "" : "s"));
      }
      Status st = CheckField(*f, what);
      if (!st.ok()) return fail(st.message());
    }
    if (Status st = text::CheckText(*field(kIngredients)); !st.ok()) {
      return fail(fmt::format("{} is not text: {}", ColumnName(kIngredients), st.message()));
    }
    if (const std::string* f = field(kName)) d.product.name = std::string(Trim(*f));
    if (const std::string* f = field(kType)) d.product.type = std::string(Trim(*f));
    if (const std::string* f = field(kBrand)) d.product.brand = std::string(Trim(*f));
    if (const std::string* f = field(kQuantity)) d.product.quantity = std::string(Trim(*f));
    if (const std::string* f = field(kSku)) d.product.sku = std::string(Trim(*f));
    d.product.ingredients = *field(kIngredients);
    if (need_name_ && d.product.name.empty()) return fail(fmt::format("no product name in {}", ColumnName(kName)));
    return d;
  }

 private:
  std::string ColumnName(int r) const {
    size_t c = static_cast<size_t>(columns_[r]);
    if (c < header_.size()) return fmt::format("column '{}'", Shown(header_[c]));
    return fmt::format("column {}", c + 1);
  }
  std::string file_;
  std::array<int, kRoles> columns_;
  std::vector<std::string> header_;  // empty for a file without a header row
  std::string error_;                // a header problem every row reports
  bool need_name_;                   // ColumnChoice::stock
};

// --- JSON Lines ------------------------------------------------------------------

// The best value found so far for each role.
struct Slot {
  int rank = -1;        // -1 = none yet
  bool usable = false;  // text, a number, or a list of texts
  std::string key, text, kind;
};

using Json = nlohmann::json;

// A list of paragraphs (a kit: "Part:", "Water, Glycerin, ...") is joined by
// line breaks, a list of single ingredients by commas.
std::string JoinList(const std::vector<std::string>& list) {
  bool paragraphs = std::any_of(list.begin(), list.end(), [](const std::string& s) {
    return std::count(s.begin(), s.end(), ',') >= 3 || (!s.empty() && s.back() == ':');
  });
  std::string joined;
  for (size_t i = 0; i < list.size(); ++i) {
    if (i) joined += paragraphs ? "\n" : ", ";
    joined += list[i];
  }
  return joined;
}

// Rank() of a field name for every role, remembered: the rows of a catalog
// repeat the same few names. Kept in a DecodeScratch, for one decoder.
class RankCache {
 public:
  explicit RankCache(const ColumnChoice* choice) : choice_(choice) {}
  const std::array<int, kRoles>& Of(std::string_view key) {
    auto it = map_.find(key);
    if (it != map_.end()) return it->second;
    std::array<int, kRoles> ranks;
    for (int r = 0; r < kRoles; ++r) ranks[static_cast<size_t>(r)] = Rank(key, static_cast<Role>(r), *choice_);
    if (map_.size() >= 1024) map_.clear();  // a catalog with ever-new field names
    return map_.emplace(std::string(key), ranks).first->second;
  }

 private:
  const ColumnChoice* choice_;
  std::unordered_map<std::string, std::array<int, kRoles>, StringHash, std::equal_to<>> map_;
};

}  // namespace

struct DecodeScratch::Impl {
  simdjson::dom::parser parser;  // its buffers grow to the longest line read
  std::string padded;            // the line, with the padding simdjson reads past its end
  uint64_t ranks_for = 0;        // the JsonlDecoder (its serial number) `ranks` was made for; 0 = none
  std::optional<RankCache> ranks;
};

DecodeScratch::DecodeScratch() : impl_(std::make_unique<Impl>()) {}
DecodeScratch::~DecodeScratch() = default;
DecodeScratch::DecodeScratch(DecodeScratch&&) noexcept = default;
DecodeScratch& DecodeScratch::operator=(DecodeScratch&&) noexcept = default;

namespace {

class FieldGrabber : public nlohmann::json_sax<Json> {
 public:
  // The ranks of the field names for the decoder's column choice.
  explicit FieldGrabber(RankCache* ranks) : ranks_(ranks) {}

  // For a reader other than the SAX parser: one top-level field, with the
  // value the SAX events would have given it.
  void Field(std::string_view key, const std::string& value, bool usable, const char* kind) {
    if (keys_.size() < 200) keys_.emplace_back(key);
    key_.assign(key);
    Take(value, usable, kind);
  }
  void SetTopKind(std::string kind) { top_kind_ = std::move(kind); }

  bool null() override { return Scalar("", true, false); }
  bool boolean(bool v) override { return Scalar(v ? "true" : "false", true, false); }
  bool number_integer(number_integer_t v) override { return Scalar(std::to_string(v), true, false); }
  bool number_unsigned(number_unsigned_t v) override { return Scalar(std::to_string(v), true, false); }
  bool number_float(number_float_t, const string_t& s) override { return Scalar(s, true, false); }
  bool string(string_t& v) override { return Scalar(std::move(v), true, true); }
  bool binary(binary_t&) override { return Scalar("", false, false); }
  bool start_object(std::size_t) override {
    if (depth_ == 0) {
      top_kind_ = "object";
    } else if (depth_ == 1) {
      Take("", false, "an object");
    } else if (depth_ == 2 && list_role_ >= 0) {
      list_ok_ = false;
    }
    ++depth_;
    return true;
  }
  bool key(string_t& k) override {
    if (depth_ == 1) {
      if (keys_.size() < 200) keys_.push_back(k);
      key_ = std::move(k);
    }
    return true;
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    if (depth_ == 0) {
      top_kind_ = "an array";
      return false;
    }
    if (depth_ == 1) {
      list_.clear();
      list_ok_ = true;
      list_key_ = key_;
      list_role_ = 0;  // collected; sorted out at the end of the array
    } else if (depth_ == 2) {
      list_ok_ = false;
    }
    ++depth_;
    return true;
  }
  bool end_array() override {
    --depth_;
    if (depth_ == 1) {
      key_ = list_key_;
      if (list_ok_) {
        Take(JoinList(list_), true, "a list");
      } else {
        Take("", false, "a list of non-texts");
      }
      list_role_ = -1;
      list_.clear();
    }
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
    error_position_ = position;
    error_ = e.what();
    return false;
  }

  const std::string& top_kind() const { return top_kind_; }
  const std::string& error() const { return error_; }
  size_t error_position() const { return error_position_; }
  const std::vector<std::string>& keys() const { return keys_; }
  const Slot& slot(Role r) const { return slots_[r]; }

 private:
  // `text`: a JSON string (a list of ingredients holds only those).
  bool Scalar(std::string v, bool usable, bool text) {
    if (depth_ == 0) {
      top_kind_ = "a scalar";
      return false;
    }
    if (depth_ == 1) {
      Take(v, usable, usable ? "text" : "binary");
    } else if (depth_ == 2 && list_role_ >= 0) {
      if (!text) {
        list_ok_ = false;
      } else if (!v.empty()) {
        list_.push_back(std::move(v));
      }
    }
    return true;
  }
  void Take(const std::string& v, bool usable, const char* kind) {
    const std::array<int, kRoles>& ranks = ranks_->Of(key_);
    for (int r = 0; r < kRoles; ++r) {
      int rank = ranks[static_cast<size_t>(r)];
      if (rank < 0) continue;
      Slot& s = slots_[r];
      // A better-ranked name wins; among equals, a usable value wins over an unusable one.
      bool better = s.rank < 0 || (usable && !s.usable) || (usable == s.usable && rank < s.rank);
      if (!better) continue;
      s.rank = rank;
      s.usable = usable;
      s.key = key_;
      s.text = v;
      s.kind = kind;
    }
  }

  RankCache* ranks_;
  int depth_ = 0;
  std::string top_kind_;
  std::string key_, list_key_;
  std::vector<std::string> keys_;
  std::vector<std::string> list_;
  bool list_ok_ = false;
  int list_role_ = -1;
  std::array<Slot, kRoles> slots_;
  std::string error_;
  size_t error_position_ = 0;
};

// Reads one JSON line with simdjson (validated in full, several times faster
// than the SAX parser) into `g`, as the SAX events would, with the parser and
// buffer of `scratch`. Returns false, with `g` untouched, whenever the SAX
// parser must decide: the line is not valid JSON (its error message comes from
// there), is not an object, or has a top-level number that is not an integer
// (kept as written only by it).
bool FastFields(std::string_view text, DecodeScratch::Impl* scratch, FieldGrabber* g) {
  std::string& padded = scratch->padded;
  padded.assign(text);
  padded.resize(text.size() + simdjson::SIMDJSON_PADDING, '\0');
  simdjson::dom::element doc;
  if (scratch->parser.parse(padded.data(), text.size(), false).get(doc) != simdjson::SUCCESS) return false;
  simdjson::dom::object obj;
  if (doc.get_object().get(obj) != simdjson::SUCCESS) return false;
  using T = simdjson::dom::element_type;
  for (const simdjson::dom::key_value_pair& kv : obj) {
    if (kv.value.type() == T::DOUBLE) return false;
  }
  g->SetTopKind("object");
  std::vector<std::string> list;
  for (const simdjson::dom::key_value_pair& kv : obj) {
    const simdjson::dom::element& v = kv.value;
    switch (v.type()) {
      case T::STRING: g->Field(kv.key, std::string(std::string_view(v.get_string())), true, "text"); break;
      case T::INT64: g->Field(kv.key, std::to_string(int64_t(v.get_int64())), true, "text"); break;
      case T::UINT64: g->Field(kv.key, std::to_string(uint64_t(v.get_uint64())), true, "text"); break;
      case T::BOOL: g->Field(kv.key, bool(v.get_bool()) ? "true" : "false", true, "text"); break;
      case T::NULL_VALUE: g->Field(kv.key, "", true, "text"); break;
      case T::OBJECT: g->Field(kv.key, "", false, "an object"); break;
      case T::ARRAY: {
        list.clear();
        bool ok = true;
        for (const simdjson::dom::element& e : simdjson::dom::array(v.get_array())) {
          if (e.type() != T::STRING) {
            ok = false;
            continue;
          }
          std::string_view item = e.get_string();
          if (!item.empty()) list.emplace_back(item);
        }
        if (ok) {
          g->Field(kv.key, JoinList(list), true, "a list");
        } else {
          g->Field(kv.key, "", false, "a list of non-texts");
        }
        break;
      }
      case T::DOUBLE: return false;  // ruled out above
    }
  }
  return true;
}

class JsonlDecoder : public RowDecoder {
 public:
  JsonlDecoder(std::string file, ColumnChoice choice)
      : file_(std::move(file)), choice_(std::move(choice)), serial_(next_serial_.fetch_add(1) + 1) {}

  DecodedRow Decode(const RawRow& row, DecodeScratch* scratch) const override {
    DecodedRow d;
    auto fail = [&](std::string_view what) {
      d.error = fmt::format("{}:{}: {}", file_, row.line, what);
      return d;
    };
    if (!row.error.empty()) return fail(row.error);
    size_t bad = InvalidUtf8Offset(row.text);
    if (bad != std::string::npos) return fail(fmt::format("invalid UTF-8 at column {}", bad + 1));
    // The field ranks in the scratch are this decoder's (told apart by serial
    // number: a later decoder may reuse the address of a freed one).
    DecodeScratch::Impl& s = scratch->impl();
    if (s.ranks_for != serial_ || !s.ranks) {
      s.ranks.emplace(&choice_);
      s.ranks_for = serial_;
    }
    FieldGrabber g(&*s.ranks);
    bool ok = FastFields(row.text, &s, &g);
    if (!ok) {
      g = FieldGrabber(&*s.ranks);
      ok = Json::sax_parse(row.text.begin(), row.text.end(), &g);
    }
    if (!g.top_kind().empty() && g.top_kind() != "object") {
      return fail(fmt::format("expected a JSON object, found {}", g.top_kind()));
    }
    if (!ok) {
      std::string what = g.error();
      // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ..." -> "syntax error ..."
      if (size_t p = what.find(": "); p != std::string::npos) what = what.substr(p + 2);
      if (what.size() > 160) what = what.substr(0, 160) + "...";
      return fail(fmt::format("not valid JSON at column {}: {}", g.error_position(), what));
    }
    const Slot& id = g.slot(kId);
    if (id.usable) d.product.id = std::string(Trim(id.text));
    const Slot& ing = g.slot(kIngredients);
    if (ing.rank < 0) {
      if (!choice_.ingredients.empty()) {
        return fail(fmt::format("no field '{}' (fields: {}){}", Shown(choice_.ingredients), NameList(g.keys()),
                                DidYouMean(g.keys(), {choice_.ingredients})));
      }
      return fail(NoIngredientsMessage(g.keys(), true, choice_));
    }
    if (!ing.usable) {
      return fail(fmt::format("field '{}' is {}, not the label text or a list of texts", Shown(ing.key), ing.kind));
    }
    const Slot& name = g.slot(kName);
    const Slot& type = g.slot(kType);
    if (name.usable) d.product.name = std::string(Trim(name.text));
    if (type.usable) d.product.type = std::string(Trim(type.text));
    if (g.slot(kBrand).usable) d.product.brand = std::string(Trim(g.slot(kBrand).text));
    if (choice_.stock) {
      if (g.slot(kQuantity).usable) d.product.quantity = std::string(Trim(g.slot(kQuantity).text));
      if (g.slot(kSku).usable) d.product.sku = std::string(Trim(g.slot(kSku).text));
      if (d.product.name.empty()) {
        return fail(name.rank < 0 ? fmt::format("no product name (fields: {}); looked for {}", NameList(g.keys()),
                                                CommonNameList(kName))
                                  : fmt::format("no product name in field '{}'", Shown(name.key)));
      }
    }
    d.product.ingredients = ing.text;
    if (d.product.ingredients.find('\0') != std::string::npos) {
      return fail(fmt::format("NUL character in field '{}'", Shown(ing.key)));
    }
    if (Status st = text::CheckText(d.product.ingredients); !st.ok()) {
      return fail(fmt::format("field '{}' is not text: {}", Shown(ing.key), st.message()));
    }
    return d;
  }

 private:
  std::string file_;
  ColumnChoice choice_;
  static inline std::atomic<uint64_t> next_serial_{0};
  const uint64_t serial_;
};

}  // namespace

std::string_view ColumnRoleName(ColumnRole role) { return kRoleName[static_cast<size_t>(role)]; }

std::string_view ColumnRoleContents(ColumnRole role) { return kRoleContents[static_cast<size_t>(role)]; }

const std::vector<std::string_view>& CommonColumnNames(ColumnRole role) {
  return CommonNames()[static_cast<size_t>(role)];
}

std::string DescribeCommonColumnNames(ColumnRole role) {
  std::string out = CommonNameList(static_cast<Role>(role));
  if (role == ColumnRole::kIngredients) out += ", or a name containing 'ingred' or 'inci'";  // as Rank() finds them
  return out;
}

std::string_view InputFormatName(InputFormat f) {
  switch (f) {
    case InputFormat::kCsv: return "csv";
    case InputFormat::kTsv: return "tsv";
    case InputFormat::kJsonl: return "jsonl";
  }
  return "";
}

std::optional<InputFormat> ParseInputFormat(std::string_view name) {
  if (name == "csv") return InputFormat::kCsv;
  if (name == "tsv") return InputFormat::kTsv;
  if (name == "jsonl") return InputFormat::kJsonl;
  return std::nullopt;
}

std::optional<InputFormat> InputFormatFromPath(std::string_view path) {
  std::string p = Lower(path);
  if (p.size() > 3 && p.ends_with(".gz")) p.resize(p.size() - 3);
  if (p.ends_with(".csv")) return InputFormat::kCsv;
  if (p.ends_with(".tsv") || p.ends_with(".tab")) return InputFormat::kTsv;
  if (p.ends_with(".jsonl") || p.ends_with(".ndjson")) return InputFormat::kJsonl;
  return std::nullopt;
}

CatalogReader::CatalogReader(ByteSource* source, std::string file_name, InputFormat format, ColumnChoice columns)
    : file_name_(std::move(file_name)), format_(format), columns_(std::move(columns)) {
  if (format_ == InputFormat::kJsonl) {
    lines_ = std::make_unique<LineReader>(source);
    decoder_ = std::make_shared<JsonlDecoder>(file_name_, columns_);
    header_read_ = true;
  } else {
    CsvReader::Options o;
    o.separator = format_ == InputFormat::kTsv ? '\t' : ',';
    o.sniff_separator = format_ == InputFormat::kCsv && columns_.delimiter == 0;
    if (columns_.delimiter != 0) o.separator = columns_.delimiter;
    csv_ = std::make_unique<CsvReader>(source, o);
  }
}

CatalogReader::~CatalogReader() = default;

Status CatalogReader::ReadHeader() {
  header_read_ = true;
  const auto chosen = Chosen(columns_);
  bool numbers = false, names = false;
  for (const std::string* c : chosen) {
    if (c->empty()) continue;
    (IsNumber(*c) ? numbers : names) = true;
  }
  std::array<int, kRoles> cols;
  cols.fill(-1);
  if (numbers) {
    std::string error;
    if (names) error = "give every column by number (a file without a header) or every one by name, not both";
    if (columns_.ingredients.empty()) {
      error = fmt::format("{} is needed when columns are given by number", SettingName(columns_, kIngredients, false));
    }
    for (int r = 0; r < kRoles; ++r) {
      if (IsNumber(*chosen[r])) cols[r] = std::stoi(*chosen[r]) - 1;
      if (cols[r] < -1) cols[r] = -1;
      if (!chosen[r]->empty() && IsNumber(*chosen[r]) && std::stoi(*chosen[r]) == 0) {
        error = fmt::format("{} 0: columns are numbered from 1", SettingName(columns_, static_cast<Role>(r), false));
      }
    }
    if (!error.empty()) header_error_ = fmt::format("{}: {}", file_name_, error);
    decoder_ = std::make_shared<CsvDecoder>(file_name_, cols, std::vector<std::string>(), error, columns_.stock);
    return Status::Ok();
  }
  CsvRow header;
  ASSIGN_OR_RETURN(bool any, csv_->Next(&header));
  if (!any) {
    header_error_ = fmt::format("{}: empty catalog", file_name_);
    decoder_ =
        std::make_shared<CsvDecoder>(file_name_, cols, std::vector<std::string>(), header_error_, columns_.stock);
    return Status::Ok();
  }
  std::vector<std::string> names_seen;
  for (auto& f : header.fields) names_seen.emplace_back(Trim(f));
  csv_->set_expected_fields(header.fields.size());
  std::string error;
  bool unnamed = std::all_of(names_seen.begin(), names_seen.end(), [](const std::string& n) { return n.empty(); });
  if (header.line != 1) {
    header_error_ = fmt::format("{}:1: no header (the first line is blank; it should name the columns)", file_name_);
  } else if (header.error.empty() && unnamed) {
    header_error_ = fmt::format("{}:1: no header (the first line names no column)", file_name_);
  }
  if (!header_error_.empty()) {
    if (header.line != 1) pending_ = std::move(header);  // a row like the others: every line is accounted for
    decoder_ = std::make_shared<CsvDecoder>(file_name_, cols, std::vector<std::string>(),
                                            "no header (line 1 should name the columns)", columns_.stock);
    return Status::Ok();
  }
  if (!header.error.empty()) error = fmt::format("the header (line {}) is broken: {}", header.line, header.error);
  for (int r = 0; r < kRoles; ++r) {
    int best = -1, best_rank = 1 << 20;
    for (size_t i = 0; i < names_seen.size(); ++i) {
      int rank = Rank(names_seen[i], static_cast<Role>(r), columns_);
      if (rank >= 0 && rank < best_rank) {
        best_rank = rank;
        best = static_cast<int>(i);
      }
    }
    cols[r] = best;
    if (!error.empty()) continue;  // the first problem is the one reported
    if (best < 0 && !chosen[r]->empty()) {
      error = fmt::format("no column '{}' in the header (line {}; columns: {}){}", Shown(*chosen[r]), header.line,
                          NameList(names_seen), DidYouMean(names_seen, {*chosen[r]}));
    } else if (best < 0 && r == kIngredients) {
      error = fmt::format("{} (header on line {})", NoIngredientsMessage(names_seen, false, columns_), header.line);
    } else if (best < 0 && r == kName && columns_.stock) {
      error = fmt::format("no name column (columns: {}){}; looked for {} (header on line {})", NameList(names_seen),
                          DidYouMean(names_seen, CommonNames()[kName]), CommonNameList(kName), header.line);
    }
  }
  if (!error.empty()) header_error_ = fmt::format("{}:{}: {}", file_name_, header.line, error);
  decoder_ = std::make_shared<CsvDecoder>(file_name_, cols, std::move(names_seen), std::move(error), columns_.stock);
  return Status::Ok();
}

Result<bool> CatalogReader::Next(RawRow* row) {
  row->fields.clear();
  row->text.clear();
  row->error.clear();
  if (!header_read_) RETURN_IF_ERROR(ReadHeader());
  if (lines_) {
    while (true) {
      bool too_long = false;
      ASSIGN_OR_RETURN(bool more, lines_->Next(&row->text, &row->line, &too_long));
      if (!more) {
        if (row_ == 0) header_error_ = fmt::format("{}: empty catalog", file_name_);
        return false;
      }
      if (too_long) {
        row->error = "line longer than 64 MiB";
      } else if (Trim(row->text).empty()) {
        continue;  // a blank line is no product
      }
      row->row = ++row_;
      return true;
    }
  }
  CsvRow rec;
  if (pending_) {
    rec = std::move(*pending_);
    pending_.reset();
  } else {
    ASSIGN_OR_RETURN(bool more, csv_->Next(&rec));
    if (!more) return false;
  }
  row->fields = std::move(rec.fields);
  row->line = rec.line;
  row->error = std::move(rec.error);
  row->row = ++row_;
  return true;
}

}  // namespace aftercare::catalog
