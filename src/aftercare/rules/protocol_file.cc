#include "aftercare/rules/protocol_file.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aftercare/base/edit_distance.h"
#include "aftercare/db/category_ids.h"

namespace aftercare::rules {
namespace {

using nlohmann::json;

// Windows beyond a year are a typo, not a protocol.
constexpr int kMaxDay = 365;

bool IsWordByte(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

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
    int d = BoundedEditDistance(t, Lower(k), 3);
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

// Where a value of a valid JSON text sits: the byte offset of its key (an
// object member) or of its first character (a list item), for a path such as
// "windows.retinoids" or "allow_products[0].from_day". nlohmann::json keeps no
// positions, so the text is walked again (it has parsed: no error handling).
class Locator {
 public:
  explicit Locator(std::string_view text) : t_(text) {}

  std::optional<size_t> Find(std::string_view path) const {
    size_t pos = Ws(0), at = std::string_view::npos;
    while (!path.empty()) {
      if (path[0] == '[') {
        size_t close = path.find(']');
        if (close == std::string_view::npos || pos >= t_.size() || t_[pos] != '[') return std::nullopt;
        int n = std::atoi(std::string(path.substr(1, close - 1)).c_str());
        pos = Ws(pos + 1);
        for (int i = 0; i < n; ++i) {
          pos = Ws(Skip(pos));
          if (pos >= t_.size() || t_[pos] != ',') return std::nullopt;
          pos = Ws(pos + 1);
        }
        at = pos;
        path.remove_prefix(close + 1);
      } else {
        if (path[0] == '.') path.remove_prefix(1);
        size_t end = path.find_first_of(".[");
        std::string_view key = path.substr(0, end);
        path.remove_prefix(end == std::string_view::npos ? path.size() : end);
        if (pos >= t_.size() || t_[pos] != '{') return std::nullopt;
        pos = Ws(pos + 1);
        while (true) {
          if (pos >= t_.size() || t_[pos] != '"') return std::nullopt;
          size_t key_at = pos, key_end = Skip(pos);
          pos = Ws(Ws(key_end) + 1);  // past the colon
          if (Unquote(t_.substr(key_at, key_end - key_at)) == key) {
            at = key_at;
            break;
          }
          pos = Ws(Skip(pos));
          if (pos >= t_.size() || t_[pos] != ',') return std::nullopt;
          pos = Ws(pos + 1);
        }
      }
    }
    if (at == std::string_view::npos) return std::nullopt;
    return at;
  }

 private:
  size_t Ws(size_t p) const {
    while (p < t_.size() && (t_[p] == ' ' || t_[p] == '\t' || t_[p] == '\n' || t_[p] == '\r')) ++p;
    return p;
  }
  // Past the value that starts at p.
  size_t Skip(size_t p) const {
    if (p >= t_.size()) return p;
    if (t_[p] == '"') {
      for (++p; p < t_.size() && t_[p] != '"'; ++p) {
        if (t_[p] == '\\') ++p;
      }
      return p + 1;
    }
    if (t_[p] == '{' || t_[p] == '[') {
      int depth = 0;
      for (; p < t_.size(); ++p) {
        if (t_[p] == '"') {
          p = Skip(p) - 1;
        } else if (t_[p] == '{' || t_[p] == '[') {
          ++depth;
        } else if ((t_[p] == '}' || t_[p] == ']') && --depth == 0) {
          return p + 1;
        }
      }
      return p;
    }
    while (p < t_.size() && t_[p] != ',' && t_[p] != '}' && t_[p] != ']' && t_[p] != ' ' && t_[p] != '\n' &&
           t_[p] != '\r' && t_[p] != '\t') {
      ++p;
    }
    return p;
  }
  // A quoted key as nlohmann reads it (the common escapes; others compare as written).
  static std::string Unquote(std::string_view q) {
    std::string out;
    for (size_t i = 1; i + 1 < q.size(); ++i) {
      if (q[i] == '\\' && i + 2 < q.size()) ++i;
      out += q[i];
    }
    return out;
  }
  std::string_view t_;
};

// 1-based line and column of byte `offset`.
std::pair<int, int> LineCol(std::string_view text, size_t offset) {
  int line = 1, col = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return {line, col};
}

class Loader {
 public:
  Loader(std::string_view file, const Analyzer& analyzer) : file_(file), analyzer_(analyzer), db_(analyzer.db()) {}

  Result<ProtocolFile> Load(std::string_view text) {
    text_ = text;
    json doc;
    try {
      doc = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
      return ParseError(text, e);
    }
    if (!doc.is_object()) return Error("", "the file must hold one JSON object");
    RETURN_IF_ERROR(Keys(doc, "",
                         {"aftercare_protocol", "base", "id", "name", "description", "source", "windows",
                          "allow_products", "avoid_ingredients", "strict_day_0", "acne_prone"}));
    if (!doc.contains("aftercare_protocol")) {
      return Error("",
                   fmt::format("missing \"aftercare_protocol\": {} (the file format version)", kProtocolFileVersion));
    }
    const json& version = doc["aftercare_protocol"];
    if (!version.is_number_integer() || version.get<int64_t>() != kProtocolFileVersion) {
      return Error("aftercare_protocol",
                   fmt::format("unsupported version {} (this build reads {})", version.dump(), kProtocolFileVersion));
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
    ASSIGN_OR_RETURN(out_.policy.strict_day_0, Switch(doc, "strict_day_0"));
    ASSIGN_OR_RETURN(out_.policy.acne_prone, Switch(doc, "acne_prone"));
    if (out_.policy.acne_prone) RETURN_IF_ERROR(AcneProne(doc));
    if (doc.contains("allow_products")) RETURN_IF_ERROR(Allowed(doc["allow_products"]));
    if (doc.contains("avoid_ingredients")) RETURN_IF_ERROR(Avoided(doc["avoid_ingredients"]));
    return std::move(out_);
  }

 private:
  // "FILE:LINE:COL: WHERE: what", at the key or list item `where` names.
  Status Error(std::string_view where, std::string_view what) const {
    if (where.empty()) return InvalidArgument(fmt::format("{}: {}", file_, what));
    std::optional<size_t> at = Locator(text_).Find(where);
    if (!at) return InvalidArgument(fmt::format("{}: {}: {}", file_, where, what));
    auto [line, col] = LineCol(text_, *at);
    return InvalidArgument(fmt::format("{}:{}:{}: {}: {}", file_, line, col, where, what));
  }

  // A clinic switch: absent = false.
  Result<bool> Switch(const json& doc, const std::string& key) const {
    if (!doc.contains(key)) return false;
    if (!doc[key].is_boolean()) return Error(key, fmt::format("expected true or false, got {}", doc[key].dump()));
    return doc[key].get<bool>();
  }

  // "acne_prone": true — comedogenic rating 3 avoided like 4-5 (research note
  // 4.3): the comedogenic_moderate rows take the comedogenic_high window (as
  // the file may have set it), so the context rules (leave-on only) still apply.
  Status AcneProne(const json& doc) {
    const std::string moderate_id(db::kComedogenicModerate);
    if (doc.contains("windows") && doc["windows"].contains(moderate_id)) {
      return Error("acne_prone",
                   fmt::format("windows.{} sets the rating-3 window too: give one of the two", moderate_id));
    }
    auto high = db_.FindCategory(db::kComedogenicHigh);
    auto moderate = db_.FindCategory(moderate_id);
    auto& rules = out_.protocol.rules;
    auto h = std::find_if(rules.begin(), rules.end(),
                          [&](const db::ProtocolRule& r) { return high && r.category == *high; });
    if (!moderate || h == rules.end()) {
      return Error("acne_prone", fmt::format("the base protocol '{}' has no {} window to follow", out_.protocol.id,
                                             db::kComedogenicHigh));
    }
    WindowOverride o;
    o.category = moderate_id;
    o.avoid_until_day = h->avoid_until_day;
    o.caution_until_day = h->caution_until_day;
    o.why = fmt::format(
        "Acne-prone patient (\"acne_prone\" in {}): comedogenic rating 3 is avoided like rating 4-5 "
        "({}); breakouts are common on days 1-7.",
        file_, WindowWords(o));
    bool found = false;
    for (auto& r : rules) {
      if (r.category != *moderate) continue;
      Apply(o, &r);
      found = true;
    }
    if (!found) {
      db::ProtocolRule r;
      r.category = *moderate;
      Apply(o, &r);
      rules.push_back(std::move(r));
    }
    o.replaced = {moderate_id};
    out_.policy.overrides.push_back(std::move(o));
    return Status::Ok();
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
        std::string at = where.empty() ? key : fmt::format("{}.{}", where, key);
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
    r->until_event.clear();  // the clinic's day is its own, not a conservative stand-in for an event
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
      RETURN_IF_ERROR(Keys(e, at, {"name", "why", "family"}));
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
      if (m.ok() && (m.kind == match::MatchKind::kExact || m.kind == match::MatchKind::kSynonym) && m.ingredient >= 0) {
        a.ingredients.push_back(m.ingredient);
        for (db::IngredientId alias : db_.AliasesOf(m.ingredient)) a.ingredients.push_back(alias);
      } else if (m.ok() && m.kind == match::MatchKind::kPattern && a.categories.empty()) {
        // In the order the patterns give them: explain names the first that catches an ingredient.
        a.categories = analyzer_.matcher().PatternCategoriesInOrder(a.name, m);
      }
      bool family = true;
      if (e.contains("family")) {
        if (!e["family"].is_boolean()) {
          return Error(at + ".family", fmt::format("expected true or false, got {}", e["family"].dump()));
        }
        family = e["family"].get<bool>();
      }
      if (family) Family(&a);
      if (a.categories.empty() && a.ingredients.empty() && a.family.empty()) {
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

  // The family of an avoided name: every ingredient whose INCI name or other
  // name holds the name, or the INCI name it resolves to, as whole words, with
  // its aliases (see AvoidedIngredient). One pass over the DB's names.
  void Family(AvoidedIngredient* a) const {
    if (a->ingredients.empty() && !a->categories.empty()) return;  // a category covers its own
    std::vector<std::vector<std::string>> runs;
    auto add_run = [&](const std::string& written) {
      std::vector<std::string> w = NameWords(written);
      if (w.empty() || std::find(runs.begin(), runs.end(), w) != runs.end()) return;
      runs.push_back(std::move(w));
      a->family_words.push_back(written);
    };
    add_run(a->name);
    if (!a->ingredients.empty()) add_run(db_.ingredient(a->ingredients[0]).display);
    // The run a name holds, or -1. Most names lack the run's longest word:
    // a substring test skips them before the name is split into words.
    auto held = [&](std::string_view key) -> int {
      std::vector<std::string> words;
      for (size_t r = 0; r < runs.size(); ++r) {
        const std::string& longest = *std::max_element(
            runs[r].begin(), runs[r].end(), [](const auto& x, const auto& y) { return x.size() < y.size(); });
        if (key.find(longest) == std::string_view::npos) continue;
        if (words.empty()) words = NameWords(key);
        if (HoldsWords(words, runs[r])) return static_cast<int>(r);
      }
      return -1;
    };
    a->family_runs = runs;
    std::vector<FamilyMember> members;
    for (const auto& [key, id] : db_.sorted_keys()) {
      if (int r = held(key); r >= 0) {
        members.push_back({id, db_.ingredient(id).display, a->family_words[static_cast<size_t>(r)]});
      }
    }
    for (const auto& [key, syn] : db_.synonyms()) {
      if (int r = held(key); r >= 0 && syn.ingredient >= 0) {
        members.push_back({syn.ingredient, syn.synonym, a->family_words[static_cast<size_t>(r)]});
      }
    }
    const size_t direct = members.size();
    for (size_t i = 0; i < direct; ++i) {
      for (db::IngredientId alias : db_.AliasesOf(members[i].ingredient)) {
        members.push_back({alias, members[i].via, members[i].words});
      }
    }
    // One entry per ingredient: its INCI name first (found first), never one the name itself resolves to.
    std::stable_sort(members.begin(), members.end(),
                     [](const FamilyMember& x, const FamilyMember& y) { return x.ingredient < y.ingredient; });
    for (auto& m : members) {
      if (std::find(a->ingredients.begin(), a->ingredients.end(), m.ingredient) != a->ingredients.end()) continue;
      if (!a->family.empty() && a->family.back().ingredient == m.ingredient) continue;
      a->family.push_back(std::move(m));
    }
  }

  std::string_view file_;
  std::string_view text_;
  const Analyzer& analyzer_;
  const db::IngredientDb& db_;
  std::string source_;
  ProtocolFile out_;
};

}  // namespace

std::vector<std::string> NameWords(std::string_view name) {
  std::vector<std::string> words;
  std::string word;
  for (char c : name) {
    unsigned char u = static_cast<unsigned char>(c);
    if (IsWordByte(u)) {
      word += static_cast<char>(std::toupper(u));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

bool HoldsWords(const std::vector<std::string>& words, const std::vector<std::string>& run) {
  if (run.empty() || run.size() > words.size()) return false;
  return std::search(words.begin(), words.end(), run.begin(), run.end()) != words.end();
}

const FamilyMember* AvoidedIngredient::FamilyMemberOf(db::IngredientId id) const {
  auto it = std::lower_bound(family.begin(), family.end(), id,
                             [](const FamilyMember& m, db::IngredientId x) { return m.ingredient < x; });
  return it != family.end() && it->ingredient == id ? &*it : nullptr;
}

std::string_view AvoidedIngredient::FamilyWordsIn(std::string_view label_name) const {
  if (family_runs.empty()) return {};
  std::vector<std::string> words = NameWords(label_name);
  for (size_t r = 0; r < family_runs.size(); ++r) {
    if (HoldsWords(words, family_runs[r])) return family_words[r];
  }
  return {};
}

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
  return arg.find('/') != std::string_view::npos || (arg.size() > 5 && Lower(arg.substr(arg.size() - 5)) == ".json");
}

Result<ProtocolFile> ParseProtocolFile(std::string_view json_text, std::string_view file_name,
                                       const Analyzer& analyzer) {
  Loader loader(file_name, analyzer);
  return loader.Load(json_text);
}

}  // namespace aftercare::rules
