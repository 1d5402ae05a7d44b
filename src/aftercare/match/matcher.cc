#include "aftercare/match/matcher.h"

#include "aftercare/match/fuzzy_index.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <iterator>
#include <optional>

#include <fmt/format.h>

#include "aftercare/base/ascii.h"

namespace aftercare::match {
namespace {

// A name cut short is read as every INCI name it starts, up to this many
// (the worst category among them counts, as a caution): "Sodium Lauroyl"
// starts 22 names. More than this, and the cut name says too little.
constexpr ptrdiff_t kMaxTruncatedReadings = 40;

// Writes into *outside the key without its bracketed parts ("A (B) C" -> "A C")
// and returns the content of the last bracket when the key ends with it.
std::string_view SplitBrackets(std::string_view key, std::string* outside) {
  outside->clear();
  int depth = 0;
  size_t last_open = std::string_view::npos;
  for (size_t i = 0; i < key.size(); ++i) {
    char c = key[i];
    if (c == '(' || c == '[') {
      if (depth++ == 0) last_open = i;
      continue;
    }
    if ((c == ')' || c == ']') && depth > 0) {
      --depth;
      continue;
    }
    if (depth == 0) outside->push_back(c);
  }
  // Tidy the spaces left where a bracket was.
  std::string tidy;
  text::AsciiKeyInto(*outside, &tidy);
  outside->swap(tidy);
  if (depth == 0 && last_open != std::string_view::npos && (key.back() == ')' || key.back() == ']')) {
    std::string_view inner = key.substr(last_open + 1, key.size() - last_open - 2);
    while (!inner.empty() && inner.front() == ' ') inner.remove_prefix(1);
    while (!inner.empty() && inner.back() == ' ') inner.remove_suffix(1);
    return inner;
  }
  return {};
}

// Writes into *out the key as CosIng spaces it around a hyphen and says whether
// that changed it: "STEARETH - 20" -> "STEARETH-20", and a space before a
// number that follows a letter or digit becomes a hyphen ("LAURETH 7" ->
// "LAURETH-7", "C12 15 ALKYL BENZOATE" -> "C12-15 ALKYL BENZOATE").
bool HyphenTidy(std::string_view key, std::string* out) {
  out->clear();
  bool changed = false;
  for (size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    if (c == ' ') {
      const char prev = out->empty() ? '\0' : out->back();
      const char next = i + 1 < key.size() ? key[i + 1] : '\0';
      if (prev == '-' || next == '-') {  // "STEARETH - 20"
        changed = true;
        continue;
      }
      if (((prev >= 'A' && prev <= 'Z') || (prev >= '0' && prev <= '9')) && next >= '0' && next <= '9') {
        out->push_back('-');  // "LAURETH 7"
        changed = true;
        continue;
      }
    }
    out->push_back(c);
  }
  return changed;
}

// Calls add(c) for each direct category of ingredient `id` (an equivalent
// name resolved), in category id order: a worst-case reading counts them all.
template <typename Add>
void ForEachDirectCategory(const db::IngredientDb& db, db::IngredientId id, Add&& add) {
  if (db.ingredient(id).alias_of >= 0) id = db.ingredient(id).alias_of;
  for (const auto& mem : db.ingredient(id).members) add(mem.category);
}

// The plant parts a species' INCI names go on with ("ROSA DAMASCENA FLOWER OIL").
constexpr std::string_view kPlantParts[] = {
    "OIL",    "EXTRACT", "FLOWER", "LEAF",  "SEED",   "ROOT",        "FRUIT",     "WATER", "BUTTER", "PEEL", "BARK",
    "HERB",   "STEM",    "KERNEL", "JUICE", "POWDER", "WOOD",        "TWIG",      "BUD",   "CALLUS", "GUM",  "RESIN",
    "NEEDLE", "RHIZOME", "SPROUT", "WHOLE", "AERIAL", "FLOWER/LEAF", "LEAF/STEM", "CERA",  "WAX"};
// The product forms a label may write after a species, its part missing ("Ginkgo Biloba Extract").
constexpr std::string_view kProductForms[] = {" EXTRACT", " OIL", " WATER", " JUICE", " POWDER", " BUTTER"};

// A name read as a species without its plant part.
struct SpeciesName {
  std::string key;        // the species alone: "ROSA DAMASCENA"
  std::string_view form;  // the product form written after it (" EXTRACT"), else empty
};

// `name` as a species: keyed, without its brackets and product form; nullopt
// unless what is left is two or three alphabetic words.
std::optional<SpeciesName> ReadSpecies(const text::Normalizer& norm, std::string_view name) {
  SpeciesName s{norm.Key(name), {}};
  // "Chamomilla Recutita (Matricaria)": the bracket is a common name.
  if (ascii::FindFirstOf(s.key, "([") != std::string::npos) {
    std::string outside;
    SplitBrackets(s.key, &outside);
    s.key = outside;
  }
  for (std::string_view f : kProductForms) {
    if (s.key.size() > f.size() && s.key.compare(s.key.size() - f.size(), f.size(), f) == 0) {
      s.form = f;
      s.key.resize(s.key.size() - f.size());
      break;
    }
  }
  // Two or three alphabetic words: "ROSA DAMASCENA", "CITRUS AURANTIUM DULCIS".
  int words = 1;
  for (char c : s.key) {
    if (c == ' ') {
      ++words;
    } else if (!(c >= 'A' && c <= 'Z') && c != '-') {
      return std::nullopt;
    }
  }
  if (words < 2 || words > 3) return std::nullopt;
  return s;
}

// Calls f(id) for each INCI name in [b, e) (the keys that start with the
// species and a space, `prefix_size` bytes) that is a part of the species, of
// the form asked if one was; returns how many.
template <typename F>
int ForEachPartName(const db::IngredientDb::KeyEntry* b, const db::IngredientDb::KeyEntry* e, size_t prefix_size,
                    std::string_view form, F&& f) {
  int names = 0;
  for (const db::IngredientDb::KeyEntry* it = b; it != e; ++it) {
    std::string_view rest = it->first.substr(prefix_size);
    std::string_view first_word = rest.substr(0, rest.find(' '));
    if (std::find(std::begin(kPlantParts), std::end(kPlantParts), first_word) == std::end(kPlantParts)) {
      continue;  // another species or variety, not a part of this one
    }
    if (!form.empty() && !it->first.ends_with(form)) continue;  // "... EXTRACT" asked: only the extracts
    ++names;
    f(it->second);
  }
  return names;
}

}  // namespace

std::string_view PatternReadingId(PatternReading reading) {
  switch (reading) {
    case PatternReading::kSpeciesPartNotStated: return "species_part_not_stated";
    case PatternReading::kTruncatedName: return "truncated_name";
    case PatternReading::kNone:
    case PatternReading::kFamily: return "";
  }
  return "";
}

std::vector<std::string_view> PatternIds(const Match& m, const db::IngredientDb& db) {
  std::vector<std::string_view> out;
  if (m.kind != MatchKind::kPattern) return out;
  if (m.reading == PatternReading::kFamily) {
    for (db::PatternIndex k : m.patterns) out.push_back(db.patterns()[static_cast<size_t>(k)].id);
  } else if (std::string_view id = PatternReadingId(m.reading); !id.empty()) {
    out.push_back(id);
  }
  return out;
}

std::string_view MatchKindName(MatchKind kind) {
  switch (kind) {
    case MatchKind::kExact: return "exact";
    case MatchKind::kSynonym: return "synonym";
    case MatchKind::kPattern: return "pattern";
    case MatchKind::kFuzzy: return "fuzzy";
    case MatchKind::kNone: return "none";
  }
  return "none";
}

Matcher::Matcher(const db::IngredientDb* db, const text::Normalizer* normalizer)
    : db_(db), norm_(normalizer), fuzzy_(db) {}

std::pair<const Matcher::KeyEntry*, const Matcher::KeyEntry*> Matcher::KeysWithPrefix(std::string_view prefix) const {
  // The DB reads its keys sorted: no index to build here.
  const std::vector<KeyEntry>& keys = db_->sorted_keys();
  auto b = std::lower_bound(keys.begin(), keys.end(), KeyEntry(prefix, 0));
  auto e = b;
  while (e != keys.end() && e->first.compare(0, prefix.size(), prefix) == 0) ++e;
  return {keys.data() + (b - keys.begin()), keys.data() + (e - keys.begin())};
}
Matcher::~Matcher() = default;

Result<std::unique_ptr<Matcher>> Matcher::Create(const db::IngredientDb* db, const text::Normalizer* normalizer) {
  std::unique_ptr<Matcher> m(new Matcher(db, normalizer));
  RE2::Options opts;
  opts.set_log_errors(false);
  m->patterns_ = std::make_unique<RE2::Set>(opts, RE2::ANCHOR_BOTH);
  for (const auto& p : db->patterns()) {
    std::string err;
    if (m->patterns_->Add(p.regex, &err) < 0) {
      return DataError(fmt::format("{}: pattern '{}' does not compile: {}", db->path(), p.id, err));
    }
  }
  if (!m->patterns_->Compile()) return Internal("RE2::Set::Compile failed");
  // The lead tokens and the longest name are tables of the DB (db/lead_tokens.h).
  return m;
}

Match Matcher::MatchWhole(std::string_view key) const {
  while (!key.empty() && (key.back() == '.' || key.back() == ' ')) key.remove_suffix(1);
  Match m;
  if (key.empty()) return m;
  if (auto id = db_->FindIngredient(key)) {
    m.kind = MatchKind::kExact;
    m.ingredient = *id;
    if (int target = db_->ingredient(*id).alias_of; target >= 0) {
      m.equivalent_of = *id;
      m.ingredient = target;
    }
    return m;
  }
  if (const db::Synonym* s = db_->FindSynonym(key)) {
    m.kind = MatchKind::kSynonym;
    m.ingredient = s->ingredient;
    m.synonym = s;
    return m;
  }
  return m;
}

Match Matcher::MatchKeyExact(std::string_view key) const {
  Match m = MatchWhole(key);
  if (m.ok()) return m;
  // "Lavandula Angustifolia (Lavender) Oil", "Parfum (Fragrance)", "CI 77891 (Titanium Dioxide)":
  // the name without its brackets, then each bracketed part.
  // A bracket's content stands for the name only when the bracket ends it:
  // in "Parfum (Fragrance) Ethylhexyl Methoxycinnamate" it does not, and
  // taking "Fragrance" would silently drop the UV filter after it.
  // A bracket holding a comma list ("Iron Oxides (CI 77491, CI 77492)") is a
  // sub-list, not another name: the label matcher reads it as its parts.
  size_t open_at = ascii::FindFirstOf(key, "([");
  if (open_at != std::string_view::npos && key.find(',', open_at) == std::string_view::npos) {
    std::string outside;
    std::string_view last_inside = SplitBrackets(key, &outside);
    m = MatchWhole(outside);
    if (m.ok()) return m;
    if (!last_inside.empty()) {
      m = MatchWhole(last_inside);
      if (m.ok()) return m;
    }
  }
  // "Laureth 7", "Steareth - 20": the name spaced differently around a number's hyphen.
  if (std::any_of(key.begin(), key.end(), ascii::IsDigit) && ascii::FindFirstOf(key, "([") == std::string_view::npos) {
    std::string tidy;
    if (HyphenTidy(key, &tidy)) return MatchWhole(tidy);
  }
  return Match();
}

Match Matcher::MatchKey(std::string_view key) const {
  Match m = MatchKeyExact(key);
  if (m.ok()) return m;
  std::vector<int> hits;
  if (patterns_->Match(re2::StringPiece(key.data(), key.size()), &hits)) {
    m.kind = MatchKind::kPattern;
    m.reading = PatternReading::kFamily;
    for (int h : hits) {
      m.patterns.Insert(h);
      m.pattern_categories.Insert(db_->patterns()[static_cast<size_t>(h)].category);
    }
    return m;
  }
  return Match();
}

Match Matcher::MatchSpecies(std::string_view name) const {
  const std::optional<SpeciesName> s = ReadSpecies(*norm_, name);
  if (!s) return Match();
  const std::string prefix = s->key + " ";
  auto [b, e] = KeysWithPrefix(prefix);
  Match m;
  const int names = ForEachPartName(b, e, prefix.size(), s->form, [&](db::IngredientId id) {
    ForEachDirectCategory(*db_, id, [&](db::CategoryId c) { m.pattern_categories.Insert(c); });
  });
  // Without a form, two parts at least (one would be a guess at the name);
  // with a form ("Extract"), every extract of the species counts.
  if (names < (s->form.empty() ? 2 : 1)) return Match();
  m.kind = MatchKind::kPattern;
  m.reading = PatternReading::kSpeciesPartNotStated;
  return m;
}

std::pair<const Matcher::KeyEntry*, const Matcher::KeyEntry*> Matcher::TruncatedNames(std::string_view name) const {
  const std::string key = norm_->Key(name);
  if (ascii::FindFirstOf(key, " /") == std::string::npos || key.size() < 8 ||
      ascii::FindFirstOf(key, "([") != std::string::npos) {
    return {nullptr, nullptr};
  }
  auto [b, e] = KeysWithPrefix(key + " ");
  if (e - b > kMaxTruncatedReadings) return {nullptr, nullptr};  // too many to say what it was
  return {b, e};
}

Match Matcher::MatchTruncated(std::string_view name) const {
  auto [b, e] = TruncatedNames(name);
  if (b == e) return Match();
  Match m;
  for (const KeyEntry* it = b; it != e; ++it) {
    ForEachDirectCategory(*db_, it->second, [&](db::CategoryId c) { m.pattern_categories.Insert(c); });
  }
  m.kind = MatchKind::kPattern;
  m.reading = PatternReading::kTruncatedName;
  return m;
}

std::string Matcher::PatternKey(std::string_view name, const Match& m) const {
  if (m.kind != MatchKind::kPattern) return "";
  if (m.reading == PatternReading::kSpeciesPartNotStated) {
    std::optional<SpeciesName> s = ReadSpecies(*norm_, name);
    return s ? std::move(s->key) : "";
  }
  return norm_->Key(name);
}

std::vector<db::CategoryId> Matcher::PatternCategoriesInOrder(std::string_view name, const Match& m) const {
  std::vector<db::CategoryId> out;
  auto add = [&](db::CategoryId c) {
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  };
  if (m.kind != MatchKind::kPattern) return out;
  switch (m.reading) {
    case PatternReading::kFamily:
      for (db::PatternIndex k : m.patterns) add(db_->patterns()[static_cast<size_t>(k)].category);
      break;
    case PatternReading::kSpeciesPartNotStated:
      if (const std::optional<SpeciesName> s = ReadSpecies(*norm_, name)) {
        const std::string prefix = s->key + " ";
        auto [b, e] = KeysWithPrefix(prefix);
        ForEachPartName(b, e, prefix.size(), s->form,
                        [&](db::IngredientId id) { ForEachDirectCategory(*db_, id, add); });
      }
      break;
    case PatternReading::kTruncatedName: {
      auto [b, e] = TruncatedNames(name);
      for (const KeyEntry* it = b; it != e; ++it) ForEachDirectCategory(*db_, it->second, add);
      break;
    }
    case PatternReading::kNone: break;
  }
  return out;
}

Match Matcher::MatchStrict(std::string_view name) const {
  // The name without its brackets starts with its first word too.
  if (!MayStartName(name)) return Match();
  text::KeyBuffer buf;
  const std::string_view key = norm_->KeyInto(name, &buf);
  Match m = MatchWhole(key);
  if (m.ok()) return m;
  if (ascii::FindFirstOf(key, "([") != std::string::npos) {
    std::string outside;
    SplitBrackets(key, &outside);
    return MatchWhole(outside);
  }
  return Match();
}

Match Matcher::MatchName(std::string_view name) const {
  text::KeyBuffer buf;
  return MatchKey(norm_->KeyInto(name, &buf));
}

bool Matcher::MayStartName(std::string_view word) const {
  // The first word, keyed as the normaliser keys ASCII text.
  constexpr std::string_view kSpaces = " \t\n\v\f\r";
  const size_t b = std::min(ascii::FindFirstNotOf(word, kSpaces), word.size());
  word = word.substr(b, ascii::FindFirstOf(word, kSpaces, b) - b);
  for (char c : word) {
    if (static_cast<unsigned char>(c) >= 0x80 || c == '(' || c == '[') return true;
  }
  std::string key;
  text::AsciiKeyInto(word, &key);
  return db_->lead_tokens().Contains(db::LeadToken(key));
}

Match Matcher::MatchNameExact(std::string_view name) const {
  text::KeyBuffer buf;
  return MatchKeyExact(norm_->KeyInto(name, &buf));
}

std::vector<std::string> Matcher::Suggest(std::string_view name, size_t max) const {
  std::vector<std::string> out;
  // A key over 60 bytes gets none; a name of 4 KB or more (text not read, a
  // run of thousands of marks) is not even keyed.
  if (name.size() >= 4096) return out;
  std::string key = norm_->Key(name);
  if (key.empty() || key.size() > 60) return out;
  int limit = std::max(2, std::min(4, static_cast<int>(key.size()) / 4));
  for (const auto& h : fuzzy_.Search(key, limit, max)) out.emplace_back(h.name);
  // Else the shortest known names that start with what was typed ("Sodium Hyal").
  if (out.empty() && key.size() >= 5) {
    auto [b, e] = KeysWithPrefix(key);
    std::vector<const KeyEntry*> found;
    for (const KeyEntry* it = b; it != e && found.size() < 200; ++it) found.push_back(it);
    std::stable_sort(found.begin(), found.end(),
                     [](const KeyEntry* x, const KeyEntry* y) { return x->first.size() < y->first.size(); });
    for (size_t i = 0; i < found.size() && out.size() < max; ++i) {
      out.push_back(db_->ingredient(found[i]->second).display);
    }
  }
  return out;
}

}  // namespace aftercare::match
