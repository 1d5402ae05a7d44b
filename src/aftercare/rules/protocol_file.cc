#include "aftercare/rules/protocol_file.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aftercare/match/fuzzy_index.h"

namespace aftercare::rules {
namespace {

using nlohmann::json;

// Windows beyond a year are a typo, not a protocol.
constexpr int kMaxDay = 365;

std::string Lower(std::string_view s) {
  std::string out;
  for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Case-insensitive, runs of whitespace collapsed, trimmed: how product names compare.
std::string NameKey(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// " (did you mean 'x'?)" for the closest of `known` within distance 3, else the
// first that starts with `typed` (3 characters or more: "from" -> "from_day"), else "".
std::string DidYouMean(std::string_view typed, const std::vector<std::string>& known) {
  std::string best;
  int best_d = 4;
  const std::string t = Lower(typed);
  for (const auto& k : known) {
    int d = match::BoundedEditDistance(t, Lower(k), 3);
    if (d < best_d) best_d = d, best = k;
  }
  if (best.empty() && t.size() >= 3) {
    for (const auto& k : known) {
      if (Lower(k).rfind(t, 0) == 0) {
        best = k;
        break;
      }
    }
  }
  return best.empty() ? "" : fmt::format(" (did you mean '{}'?)", best);
}

class Loader {
 public:
  Loader(std::string_view file, const Analyzer& analyzer) : file_(file), analyzer_(analyzer), db_(analyzer.db()) {}

  Result<ProtocolFile> Load(std::string_view text) {
    json doc;
    try {
      doc = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
      return ParseError(text, e);
    }
    if (!doc.is_object()) return Error("", "the file must hold one JSON object");
    RETURN_IF_ERROR(Keys(doc, "", {"aftercare_protocol", "base", "id", "name", "description", "source", "windows",
                                   "allow_products", "avoid_ingredients"}));
    if (!doc.contains("aftercare_protocol")) {
      return Error("", fmt::format("missing \"aftercare_protocol\": {} (the file format version)", kProtocolFileVersion));
    }
    const json& version = doc["aftercare_protocol"];
    if (!version.is_number_integer() || version.get<int64_t>() != kProtocolFileVersion) {
      return Error("aftercare_protocol", fmt::format("unsupported version {} (this build reads {})", version.dump(),
                                                     kProtocolFileVersion));
    }
    if (!doc.contains("base")) return Error("", "missing \"base\": the built-in protocol id it starts from");
    ASSIGN_OR_RETURN(std::string base, String(doc["base"], "base"));
    const db::Protocol* p = db_.FindProtocol(base);
    if (!p) {
      std::vector<std::string> ids;
      for (const auto& q : db_.protocols()) ids.push_back(q.id);
      return Error("base", fmt::format("unknown protocol '{}'{}", base, DidYouMean(base, ids)));
    }
    out_.protocol = *p;
    out_.policy.file = std::string(file_);
    std::string source = std::string(file_);
    if (doc.contains("source")) {
      ASSIGN_OR_RETURN(source, String(doc["source"], "source"));
    }
    source_ = source;
    if (doc.contains("id")) {
      ASSIGN_OR_RETURN(out_.protocol.id, String(doc["id"], "id"));
    }
    if (doc.contains("name")) {
      ASSIGN_OR_RETURN(out_.protocol.name, String(doc["name"], "name"));
    } else {
      out_.protocol.name += fmt::format(" (clinic file {})", file_);
    }
    if (doc.contains("description")) {
      ASSIGN_OR_RETURN(out_.protocol.description, String(doc["description"], "description"));
    }
    if (doc.contains("windows")) RETURN_IF_ERROR(Windows(doc["windows"]));
    if (doc.contains("allow_products")) RETURN_IF_ERROR(Allowed(doc["allow_products"]));
    if (doc.contains("avoid_ingredients")) RETURN_IF_ERROR(Avoided(doc["avoid_ingredients"]));
    return std::move(out_);
  }

 private:
  Status Error(std::string_view where, std::string_view what) const {
    return InvalidArgument(where.empty() ? fmt::format("{}: {}", file_, what)
                                         : fmt::format("{}: {}: {}", file_, where, what));
  }

  Status ParseError(std::string_view text, const json::parse_error& e) const {
    // The byte where parsing stopped, as line:col (1-based).
    size_t byte = std::min(static_cast<size_t>(e.byte > 0 ? e.byte - 1 : 0), text.size());
    int line = 1, col = 1;
    for (size_t i = 0; i < byte; ++i) {
      if (text[i] == '\n') {
        ++line;
        col = 1;
      } else {
        ++col;
      }
    }
    std::string what = e.what();
    // nlohmann: "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error ...": keep the tail.
    if (auto k = what.find("syntax error"); k != std::string::npos) what = what.substr(k);
    return InvalidArgument(fmt::format("{}:{}:{}: not valid JSON: {}", file_, line, col, what));
  }

  Status Keys(const json& obj, const std::string& where, const std::vector<std::string>& known) const {
    for (const auto& [key, value] : obj.items()) {
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        std::string at = where.empty() ? key : where + "." + key;
        return Error(at, fmt::format("unknown key \"{}\"{}", key, DidYouMean(key, known)));
      }
    }
    return Status::Ok();
  }

  Result<std::string> String(const json& v, const std::string& where) const {
    if (!v.is_string()) return Error(where, fmt::format("expected a string, got {}", v.dump()));
    return v.get<std::string>();
  }

  Result<std::optional<int>> Day(const json& obj, const std::string& key, const std::string& where) const {
    if (!obj.contains(key) || obj[key].is_null()) return std::optional<int>();
    const json& v = obj[key];
    std::string at = where + "." + key;
    if (!v.is_number_integer()) return Error(at, fmt::format("expected a day number or null, got {}", v.dump()));
    int64_t d = v.get<int64_t>();
    if (d < 0 || d > kMaxDay) return Error(at, fmt::format("day {} is outside 0-{}", d, kMaxDay));
    return std::optional<int>(static_cast<int>(d));
  }

  std::vector<std::string> CategoryIds() const {
    std::vector<std::string> ids;
    for (const auto& c : db_.categories()) ids.push_back(c.id);
    return ids;
  }

  // Category windows: {"retinoid": {"avoid_until_day": 2, "caution_until_day": null, "why": "..."}}.
  // A window set for a category replaces the base rows of that category and of
  // every category below it, unless the file names that one too (the nearest wins).
  Status Windows(const json& windows) {
    if (!windows.is_object()) return Error("windows", "expected an object keyed by category id");
    std::vector<std::pair<db::CategoryId, WindowOverride>> sets;
    for (const auto& [cat_id, w] : windows.items()) {
      std::string at = "windows." + cat_id;
      auto cat = db_.FindCategory(cat_id);
      if (!cat) return Error(at, fmt::format("unknown category '{}'{}", cat_id, DidYouMean(cat_id, CategoryIds())));
      if (!w.is_object()) return Error(at, "expected an object with avoid_until_day and caution_until_day");
      RETURN_IF_ERROR(Keys(w, at, {"avoid_until_day", "caution_until_day", "recommended", "why"}));
      if (!w.contains("avoid_until_day") && !w.contains("caution_until_day")) {
        return Error(at, "give avoid_until_day and/or caution_until_day (null = no such window)");
      }
      WindowOverride o;
      o.category = cat_id;
      ASSIGN_OR_RETURN(o.avoid_until_day, Day(w, "avoid_until_day", at));
      ASSIGN_OR_RETURN(o.caution_until_day, Day(w, "caution_until_day", at));
      if (o.avoid_until_day && o.caution_until_day && *o.caution_until_day < *o.avoid_until_day) {
        return Error(at, fmt::format("caution_until_day {} ends before avoid_until_day {}", *o.caution_until_day,
                                     *o.avoid_until_day));
      }
      if (w.contains("recommended") && !w["recommended"].is_boolean()) {
        return Error(at + ".recommended", fmt::format("expected true or false, got {}", w["recommended"].dump()));
      }
      o.why = fmt::format("Clinic protocol ({}): {}.", file_, WindowWords(o));
      if (w.contains("why")) {
        ASSIGN_OR_RETURN(std::string why, String(w["why"], at + ".why"));
        o.why = why;
      }
      if (w.contains("recommended")) o.recommended = w["recommended"].get<bool>();
      sets.push_back({*cat, std::move(o)});
    }
    auto nearest_set = [&](db::CategoryId c) -> int {
      for (db::CategoryId a : db_.WithAncestors(c)) {
        for (size_t i = 0; i < sets.size(); ++i) {
          if (sets[i].first == a) return static_cast<int>(i);
        }
      }
      return -1;
    };
    auto& rules = out_.protocol.rules;
    for (auto& r : rules) {
      int i = nearest_set(r.category);
      if (i < 0) continue;
      Apply(sets[static_cast<size_t>(i)].second, &r);
      sets[static_cast<size_t>(i)].second.replaced.push_back(db_.category(r.category).id);
    }
    for (auto& [cat, o] : sets) {
      if (o.replaced.empty()) {
        db::ProtocolRule r;
        r.category = cat;
        Apply(o, &r);
        rules.push_back(std::move(r));
      }
      out_.policy.overrides.push_back(o);
    }
    return Status::Ok();
  }

  static std::string WindowWords(const WindowOverride& o) {
    std::string s;
    if (o.avoid_until_day) s = fmt::format("avoid through day {}", *o.avoid_until_day);
    if (o.caution_until_day) {
      s += (s.empty() ? "" : ", ") + fmt::format("caution through day {}", *o.caution_until_day);
    }
    return s.empty() ? "no restriction" : s;
  }

  void Apply(const WindowOverride& o, db::ProtocolRule* r) const {
    r->avoid_until_day = o.avoid_until_day;
    r->caution_until_day = o.caution_until_day;
    r->ok_from_day = std::max(o.avoid_until_day.value_or(-1), o.caution_until_day.value_or(-1)) + 1;
    if (o.recommended) r->recommended = *o.recommended;
    r->rationale = o.why;
    r->source = source_;
    r->extrapolated = false;
  }

  // [{"name": "...", "sku": "...", "from_day": 0, "why": "..."}]
  Status Allowed(const json& list) {
    if (!list.is_array()) return Error("allow_products", "expected a list of products");
    for (size_t i = 0; i < list.size(); ++i) {
      const json& e = list[i];
      std::string at = fmt::format("allow_products[{}]", i);
      if (!e.is_object()) return Error(at, "expected an object with name and/or sku, from_day, why");
      RETURN_IF_ERROR(Keys(e, at, {"name", "sku", "from_day", "why"}));
      AllowedProduct a;
      if (e.contains("name")) {
        ASSIGN_OR_RETURN(a.name, String(e["name"], at + ".name"));
      }
      if (e.contains("sku")) {
        ASSIGN_OR_RETURN(a.sku, String(e["sku"], at + ".sku"));
      }
      if (NameKey(a.name).empty() && NameKey(a.sku).empty()) return Error(at, "give the product's name or sku");
      ASSIGN_OR_RETURN(auto from, Day(e, "from_day", at));
      if (!from) return Error(at, "missing from_day: the first day the product is allowed");
      a.from_day = *from;
      a.why = "practitioner-supplied";
      if (e.contains("why")) {
        ASSIGN_OR_RETURN(a.why, String(e["why"], at + ".why"));
      }
      out_.policy.allowed.push_back(std::move(a));
    }
    return Status::Ok();
  }

  // [{"name": "fragrance", "why": "..."}]: a category id or name, or any
  // ingredient name the DB knows (INCI, synonym, trade name).
  Status Avoided(const json& list) {
    if (!list.is_array()) return Error("avoid_ingredients", "expected a list of ingredients");
    for (size_t i = 0; i < list.size(); ++i) {
      const json& e = list[i];
      std::string at = fmt::format("avoid_ingredients[{}]", i);
      if (!e.is_object()) return Error(at, "expected an object with name and why");
      RETURN_IF_ERROR(Keys(e, at, {"name", "why"}));
      if (!e.contains("name")) return Error(at, "missing name");
      AvoidedIngredient a;
      ASSIGN_OR_RETURN(a.name, String(e["name"], at + ".name"));
      a.why = "avoided by the clinic protocol";
      if (e.contains("why")) {
        ASSIGN_OR_RETURN(a.why, String(e["why"], at + ".why"));
      }
      std::string key = Lower(a.name);
      for (size_t c = 0; c < db_.categories().size(); ++c) {
        const auto& cat = db_.categories()[c];
        if (key == cat.id || key == Lower(cat.name)) a.categories.push_back(static_cast<db::CategoryId>(c));
      }
      match::Match m = analyzer_.matcher().MatchName(a.name);
      if (m.ok() && (m.kind == match::MatchKind::kExact || m.kind == match::MatchKind::kSynonym) &&
          m.ingredient >= 0) {
        a.ingredients.push_back(m.ingredient);
        for (db::IngredientId alias : db_.AliasesOf(m.ingredient)) a.ingredients.push_back(alias);
      } else if (m.ok() && m.kind == match::MatchKind::kPattern && a.categories.empty()) {
        for (db::CategoryId c : m.pattern_categories) a.categories.push_back(c);
      }
      if (a.categories.empty() && a.ingredients.empty()) {
        std::string hint = DidYouMean(a.name, CategoryIds());
        if (hint.empty()) {
          auto s = analyzer_.matcher().Suggest(a.name);
          for (const auto& x : s) hint += (hint.empty() ? " (did you mean '" : "', '") + x;
          if (!hint.empty()) hint += "'?)";
        }
        return Error(at + ".name", fmt::format("unknown ingredient or category '{}'{}", a.name, hint));
      }
      out_.policy.avoided.push_back(std::move(a));
    }
    return Status::Ok();
  }

  std::string_view file_;
  const Analyzer& analyzer_;
  const db::IngredientDb& db_;
  std::string source_;
  ProtocolFile out_;
};

}  // namespace

const AllowedProduct* ClinicPolicy::FindAllowed(std::string_view name, std::string_view sku) const {
  std::string sku_key = NameKey(sku), name_key = NameKey(name);
  if (!sku_key.empty()) {
    for (const auto& a : allowed) {
      if (!a.sku.empty() && NameKey(a.sku) == sku_key) return &a;
    }
  }
  if (!name_key.empty()) {
    for (const auto& a : allowed) {
      if (!a.name.empty() && NameKey(a.name) == name_key) return &a;
    }
  }
  return nullptr;
}

bool IsProtocolFileArgument(std::string_view arg) {
  return arg.find('/') != std::string_view::npos ||
         (arg.size() > 5 && Lower(arg.substr(arg.size() - 5)) == ".json");
}

Result<ProtocolFile> ParseProtocolFile(std::string_view json_text, std::string_view file_name,
                                       const Analyzer& analyzer) {
  Loader loader(file_name, analyzer);
  return loader.Load(json_text);
}

}  // namespace aftercare::rules
