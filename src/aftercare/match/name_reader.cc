#include "aftercare/match/name_reader.h"

#include <algorithm>

#include "aftercare/base/ascii.h"
#include "aftercare/base/edit_distance.h"

namespace aftercare::match {
namespace {

using ascii::IsSpace;

// Splits `s` at `sep` outside brackets; returns the pieces (trimmed, non-empty).
std::vector<std::string_view> SplitOutsideBrackets(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '(' || c == '[') ++depth;
    if ((c == ')' || c == ']') && depth > 0) --depth;
    if (c == sep && depth == 0) {
      out.push_back(TrimQuotes(s.substr(start, i - start)));
      start = i + 1;
    }
  }
  out.push_back(TrimQuotes(s.substr(start)));
  out.erase(std::remove_if(out.begin(), out.end(), [](std::string_view p) { return p.empty(); }), out.end());
  return out;
}

// Words of `s` split at whitespace outside brackets; a bracketed word stays with
// the word before it ("Parfum (Fragrance) D-Limonene" -> "Parfum (Fragrance)",
// "D-Limonene"). Each word is a view into `s`.
std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  int depth = 0;
  size_t start = std::string_view::npos;
  for (size_t i = 0; i <= s.size(); ++i) {
    char c = i < s.size() ? s[i] : ' ';
    if (c == '(' || c == '[') ++depth;
    if ((c == ')' || c == ']') && depth > 0) --depth;
    if (IsSpace(c) && depth == 0) {
      if (start != std::string_view::npos) {
        std::string_view w = s.substr(start, i - start);
        if (!out.empty() && (w.front() == '(' || w.front() == '[')) {
          // Extend the previous word over the bracket.
          const char* b = out.back().data();
          out.back() = std::string_view(b, static_cast<size_t>(w.data() + w.size() - b));
        } else {
          out.push_back(w);
        }
      }
      start = std::string_view::npos;
    } else if (start == std::string_view::npos) {
      start = i;
    }
  }
  return out;
}

// The text from the first to the last of words[b, e) (views into one string).
std::string_view Span(const std::vector<std::string_view>& words, size_t b, size_t e) {
  const char* first = words[b].data();
  const char* last = words[e - 1].data() + words[e - 1].size();
  return std::string_view(first, static_cast<size_t>(last - first));
}

// Words that qualify an ingredient rather than name one: alone after a name
// ("Silica, Amorphous") or in front of one ("Organic Aloe Barbadensis Leaf Juice").
constexpr std::string_view kQualifierWords[] = {
    "amorphous",  "anhydrous",  "bio",          "certified organic", "cold pressed", "cold-pressed",
    "colloidal",  "deodorized", "extra virgin", "fractionated",      "hydrated",     "micronised",
    "micronized", "mixed",      "natural",      "non-gmo",           "organic",      "pure",
    "purified",   "raw",        "refined",      "synthetic",         "unrefined",    "vegetable",
    "virgin",     "wildcrafted"};

// The words of a slash piece for the other-name test: split at spaces and
// apostrophes ("d’orge" -> "d", "orge"), brackets dropped, upper case.
std::vector<std::string> FormWords(std::string_view piece) {
  std::vector<std::string> out;
  std::string w;
  int depth = 0;
  const auto end_word = [&] {
    if (!w.empty()) out.push_back(std::move(w));
    w.clear();
  };
  for (size_t i = 0; i < piece.size(); ++i) {
    const char c = piece[i];
    if (c == '(' || c == '[') ++depth;
    if (depth > 0) {
      if ((c == ')' || c == ']')) --depth;
      end_word();
      continue;
    }
    if (piece.compare(i, 3, "\xE2\x80\x99") == 0) {  // a typographic apostrophe
      end_word();
      i += 2;
      continue;
    }
    if (IsSpace(c) || c == '\'' || c == '.') {
      end_word();
      continue;
    }
    w.push_back(ascii::Upper(c));
  }
  end_word();
  return out;
}

// The form a name ends with (oil, wax, extract, ...), the same in the label
// languages and in INCI Latin: "Cera" and "Wax", "Aqua" and "Eau" are one
// form. 0 for a word that names no form.
int FormOf(std::string_view upper_word) {
  static constexpr std::pair<std::string_view, int> kForms[] = {
      {"OIL", 1},    {"OLEUM", 1},    {"HUILE", 1},   {"ACEITE", 1},   {"OLIO", 1},     {"WAX", 2},     {"CERA", 2},
      {"CIRE", 2},   {"EXTRACT", 3},  {"EXTRAIT", 3}, {"EXTRACTO", 3}, {"ESTRATTO", 3}, {"EXTRAKT", 3}, {"BUTTER", 4},
      {"BEURRE", 4}, {"WATER", 5},    {"AQUA", 5},    {"EAU", 5},      {"AGUA", 5},     {"ACQUA", 5},   {"WASSER", 5},
      {"JUICE", 6},  {"JUS", 6},      {"POWDER", 7},  {"POUDRE", 7},   {"FLOUR", 8},    {"FARINE", 8},  {"GUM", 9},
      {"GOMME", 9},  {"PROTEIN", 10}, {"STARCH", 11}, {"AMIDON", 11},  {"RESIN", 12},   {"RESINE", 12}};
  for (const auto& [w, form] : kForms) {
    if (w == upper_word) return form;
  }
  return 0;
}

// Does `piece` end with a word that names a mixture of the slash pieces
// before it, as INCI names polymers and ferments ("... Copolymer",
// "... Ferment Filtrate"), glued or not ("...TaurateCopolymer")?
bool EndsWithCompoundWord(std::string_view piece) {
  static constexpr std::string_view kWords[] = {"copolymer", "crosspolymer", "polymer", "ferment",
                                                "filtrate",  "filterate",    "lysate",  "esters"};
  piece = ascii::Trim(piece);
  for (std::string_view w : kWords) {
    if (piece.size() >= w.size() && ascii::EqualsLower(piece.substr(piece.size() - w.size()), w)) return true;
  }
  return false;
}

// A plant part as INCI names one ("FLOWER", "LEAF", "STEM").
bool IsPlantPart(std::string_view upper_word) {
  static constexpr std::string_view kParts[] = {"FLOWER", "LEAF", "LEAVES", "STEM", "ROOT", "SEED", "FRUIT",
                                                "BARK",   "PEEL", "KERNEL", "BUD",  "TWIG", "HERB", "RHIZOME"};
  return std::find(std::begin(kParts), std::end(kParts), upper_word) != std::end(kParts);
}

// The most words a slash piece read as another name of its group may have.
constexpr size_t kMaxOtherNameWords = 8;

// Small words of the other label languages that no English INCI name holds:
// a slash piece with one is a translation ("Cire d'abeille", "Extrait De Canne a Sucre").
bool IsForeignWord(std::string_view upper_word) {
  // clang-format off
  static constexpr std::string_view kWords[] = {
      "D",      "DE",     "DU",      "DES",      "LA",       "LE",      "LES",    "ET",    "AU",     "AUX",
      "DI",     "DEL",    "DELLA",   "DEI",      "VON",      "UND",     "DAS",    "DER",
      // The forms of a name in those languages ("Huile Vegetale", "Extrait d'orge").
      "HUILE",  "CIRE",   "EXTRAIT", "BEURRE",   "POUDRE",   "JUS",     "FARINE", "EAU",   "ACEITE", "AGUA",
      "OLIO",   "ACQUA",  "WASSER",  "EXTRACTO", "ESTRATTO", "EXTRAKT", "GOMME",  "AMIDON"};
  // clang-format on
  return std::find(std::begin(kWords), std::end(kWords), upper_word) != std::end(kWords);
}

// A bracket list's head that only names the group of what it lists ("Iron
// Oxides (CI 77491, CI 77492)", "Essential Oil Blend (Lavender, Rose)"): its
// last word is a word for a set of things, and the items say what they are.
bool IsGroupName(std::string_view head) {
  constexpr std::string_view kGroupWords[] = {"oxides", "oils",    "extracts", "blend",      "colorants", "colourants",
                                              "colors", "colours", "pigments", "fragrances", "allergens", "butters",
                                              "waxes",  "esters",  "parabens", "contains",   "of"};
  size_t b = head.find_last_of(' ');
  std::string_view last = b == std::string_view::npos ? head : head.substr(b + 1);
  return ascii::EqualsLowerAny(last, kGroupWords);
}

// Edit distance allowed for a misspelling; 0 = no fuzzy search. Long strings
// are not misspelt names (they are blends, prose or OCR runs).
int FuzzyLimit(size_t key_len) {
  if (key_len < 5 || key_len > 60) return 0;
  if (key_len < 12 || key_len > 32) return 1;
  return 2;
}

// True when the whole of `s` is one bracket: "(Rose Absolute)", "[CI 77491 (x)]".
bool WhollyBracketed(std::string_view s) {
  if (s.size() < 2 || (s.front() != '(' && s.front() != '[')) return false;
  int depth = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '(' || s[i] == '[') {
      ++depth;
    } else if ((s[i] == ')' || s[i] == ']') && --depth == 0) {
      return i + 1 == s.size();
    }
  }
  return false;
}

// What a name nested past kMaxReadDepth was not tried as.
constexpr std::string_view kTooDeepNote =
    "nested more than 16 deep (brackets, sub-lists, blends): no reading of it tried";
static_assert(kMaxReadDepth == 16, "kTooDeepNote names the limit");

// What the rest of a run of names past kMaxLabelEntries was not tried as.
constexpr std::string_view kLongRunNote =
    "the rest of a run of more than 4096 names without separators: no word window of it tried";
static_assert(kMaxLabelEntries == 4096, "kLongRunNote names the limit");

// A stereo descriptor of a chemical name: "E", "Z", "R", "S", "cis", "trans",
// "rac", "+/-", or a locant with its letters ("12E", "3aR", "9bS").
bool IsStereoDescriptor(std::string_view s) {
  for (std::string_view w : {"E", "Z", "R", "S", "cis", "trans", "rac", "+/-", "+", "-"}) {
    if (ascii::EqualsLower(s, w)) return true;
  }
  size_t digits = 0;
  while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9') ++digits;
  size_t letters = s.size() - digits;
  return digits >= 1 && digits <= 3 && letters >= 1 && letters <= 2 &&
         std::all_of(s.begin() + static_cast<std::ptrdiff_t>(digits), s.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); });
}

// "(CI 77491, 77492, 77499)": bare colour numbers after a CI number take its
// prefix. The prefixed names are kept in *owned (reserved: views stay valid).
void PrefixBareColourNumbers(std::vector<std::string_view>* items, std::vector<std::string>* owned) {
  owned->reserve(items->size());
  bool ci_seen = false;
  for (auto& item : *items) {
    item = ascii::Trim(item);
    bool bare =
        item.size() == 5 && std::all_of(item.begin(), item.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    if (bare && ci_seen) {
      owned->push_back("CI " + std::string(item));
      item = owned->back();
    }
    if (item.size() > 3 && (item[0] == 'C' || item[0] == 'c') && (item[1] == 'I' || item[1] == 'i') && item[2] == ' ') {
      ci_seen = true;
    }
  }
}

}  // namespace

// `s` trimmed of spaces and of the quotes around a list literal's item ("'Parfum'").
std::string_view TrimQuotes(std::string_view s) {
  s = ascii::Trim(s);
  while (s.size() >= 2 && (s.front() == '\'' || s.front() == '"') && s.back() == s.front()) {
    s = ascii::Trim(s.substr(1, s.size() - 2));
  }
  return s;
}

bool IsQualifierWord(std::string_view w) { return ascii::EqualsLowerAny(w, kQualifierWords); }

std::string_view ReadAsName(ReadAs how) {
  switch (how) {
    case ReadAs::kDirect: return "";
    case ReadAs::kSlashSynonyms: return "slash synonyms";
    case ReadAs::kSlashSplit: return "split at '/'";
    case ReadAs::kAndSplit: return "split at 'and'";
    case ReadAs::kMissingComma: return "missing comma";
    case ReadAs::kSubList: return "bracketed sub-list";
    case ReadAs::kLineJoined: return "joined across a line break";
    case ReadAs::kGlued: return "glued words separated";
    case ReadAs::kCommaJoined: return "joined across a stray comma";
    case ReadAs::kStopJoined: return "joined across a stray full stop";
    case ReadAs::kSeparatorJoined: return "joined across a stray separator";
  }
  return "";
}

Match NameReader::ExactOrSynonym(std::string_view name) const {
  Match m = matcher_->MatchNameExact(name);
  return IsExactOrSynonym(m) ? m : Match();
}

bool NameReader::ReadExactParts(std::string_view name, int depth, std::vector<NamePart>* parts) const {
  // Two or more known names with no separator between them; the longest known
  // prefix first. Every part must be a known name.
  if (depth > 5) return false;
  std::vector<std::string_view> words = Words(name);
  if (words.size() < 2 || words.size() > 16) return false;
  // Every left part starts with the first word.
  if (ascii::FindFirstOf(name, "([") == std::string_view::npos && !matcher_->MayStartName(words[0])) return false;
  for (size_t k = words.size() - 1; k >= 1; --k) {
    std::string_view left = Span(words, 0, k);
    Match lm = ExactOrSynonym(left);
    if (!lm.ok()) continue;
    std::string_view right = Span(words, k, words.size());
    Match rm = ExactOrSynonym(right);
    std::vector<NamePart> rest;
    if (rm.ok()) {
      rest.push_back({std::string(right), rm, false, ReadAs::kMissingComma});
    } else if (!ReadExactParts(right, depth + 1, &rest)) {
      continue;
    }
    parts->push_back({std::string(left), lm, false, ReadAs::kMissingComma});
    for (auto& r : rest) parts->push_back(std::move(r));
    return true;
  }
  return false;
}

bool NameReader::ReadGroupEdge(std::string_view name, std::string_view piece, bool first, bool allow_fuzzy,
                               std::vector<NamePart>* parts, int depth) const {
  if (ExactOrSynonym(piece).ok()) return false;
  std::vector<std::string_view> words = Words(piece);
  if (words.size() < 2) return false;  // an edge and something left: two words at least
  // The longest known edge first. An edge of more words than thrice the
  // longest known name (spaced as "C12 - 15") is none: not looked up, so that
  // a piece of 20,000 words costs 20,000 lookups at most, not 20,000 each.
  const size_t longest = std::min(words.size() - 1, 3 * matcher_->max_name_words() + 3);
  for (size_t n = longest; n >= 1; --n) {
    std::string_view edge = first ? Span(words, 0, n) : Span(words, words.size() - n, words.size());
    Match em = ExactOrSynonym(edge);
    if (!em.ok()) continue;
    // The rest of the piece must still read as a name of the group: itself a
    // known name ("Water" in "Aqua / Water Linalool"), or a translation beside
    // a long edge. A short edge with a stray word left over is more likely one
    // misspelled name ("Vinal Dimethicone Crosspolymer", "Jojoba Butter").
    std::string_view left =
        ascii::Trim(first ? piece.substr(edge.size()) : piece.substr(0, piece.size() - edge.size()));
    size_t left_words = Words(left).size();
    if (!ExactOrSynonym(left).ok() && n < 3 && !(n == 2 && left_words >= 2)) continue;
    size_t edge_begin = static_cast<size_t>(edge.data() - name.data());
    std::string_view rest = ascii::Trim(first ? name.substr(edge_begin + edge.size()) : name.substr(0, edge_begin));
    if (rest.empty()) return false;
    std::vector<NamePart> sub;
    Read(rest, allow_fuzzy, &sub, nullptr, depth + 1);
    for (auto& p : sub) {
      if (p.name.empty()) p.name = std::string(rest);
    }
    NamePart e{std::string(edge), em, false, ReadAs::kMissingComma};
    if (first) {
      parts->push_back(std::move(e));
      for (auto& p : sub) parts->push_back(std::move(p));
    } else {
      for (auto& p : sub) parts->push_back(std::move(p));
      parts->push_back(std::move(e));
    }
    return true;
  }
  return false;
}

bool NameReader::OtherNameOfGroup(std::string_view piece, const std::vector<std::string_view>& known,
                                  db::IngredientId id) const {
  const std::vector<std::string> words = FormWords(piece);
  if (words.empty()) return true;  // punctuation alone: nothing another ingredient could be
  // Another name is a few words ("Extrait De Canne a Sucre"); a longer piece
  // is read on its own. This also bounds the work below: a piece of 200,000
  // words is not looked up 200,000 times.
  if (words.size() > kMaxOtherNameWords) return false;
  // A name of another ingredient after the first word: a comma missing, not a
  // translation ("Aqua/Water/Eau Coco-Caprylate").
  for (size_t space = piece.find(' '); space != std::string_view::npos; space = piece.find(' ', space + 1)) {
    // Not a name after a small word of another language ("Oxyde De Zinc").
    const std::vector<std::string> before = FormWords(piece.substr(0, space));
    if (!before.empty() && IsForeignWord(before.back()) && FormOf(before.back()) == 0) continue;
    const std::string_view rest = ascii::Trim(piece.substr(space));
    if (rest.find(' ') == std::string_view::npos && FormOf(ascii::ToUpper(rest)) != 0) continue;  // "... Butter"
    const Match m = ExactOrSynonym(rest);
    if (m.ok() && m.ingredient != id) return false;
  }
  // Another language: a letter outside ASCII, or a word of one.
  if (std::any_of(piece.begin(), piece.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }) ||
      std::any_of(words.begin(), words.end(), [](const std::string& w) { return IsForeignWord(w); })) {
    return true;
  }
  // An abbreviation ("CI 60730/Ext"): three letters or less, no digit.
  if (words.size() == 1 && words[0].size() <= 3 &&
      std::all_of(words[0].begin(), words[0].end(), [](char c) { return ascii::IsAlpha(c); })) {
    return true;
  }
  // A colour's name beside its colour index number ("CI 77492/Yellow").
  static constexpr std::string_view kColours[] = {"YELLOW", "RED",   "BLACK",  "BROWN",  "BLUE",
                                                  "GREEN",  "WHITE", "VIOLET", "ORANGE", "PINK"};
  const auto colour_or_number = [](const std::string& w) {
    return std::find(std::begin(kColours), std::end(kColours), w) != std::end(kColours) ||
           std::all_of(w.begin(), w.end(), [](char c) { return ascii::IsDigit(c); });
  };
  for (const std::string_view k : known) {
    const std::vector<std::string> kw = FormWords(k);
    if (kw.empty()) continue;
    if (kw[0] == "CI" && std::all_of(words.begin(), words.end(), colour_or_number)) return true;
    // The same form, in a name of a few words: the common or Latin name beside
    // the INCI one ("Simmondsia Chinensis Butter / Jojoba Butter", "Cera / Wax"),
    // or the form first as French writes it ("Huile De Colza", "Eau ...").
    const int form = FormOf(kw.back());
    if (words.size() <= 5 && (words.back() == kw.back() || (form != 0 && form == FormOf(words.back())))) return true;
    // Another part of the same plant ("Lavandula Angustifolia Flower/Leaf/Stem
    // Extract", "Mentha Piperita Leaf/Stem Oil").
    if (IsPlantPart(words.front()) && (IsPlantPart(kw.back()) || form != 0)) return true;
    // A shorter or longer form of the known name ("Acacia Senegal / Acacia
    // Senegal Gum"), or its words in another order ("Maris Aqua / Aqua Maris").
    const size_t n = std::min(words.size(), kw.size());
    if (std::equal(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(n), kw.begin())) return true;
    std::vector<std::string> a = words, b = kw;
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    if (a == b) return true;
    // The known name's last words left out, as a list of names shares them
    // ("Prunus Armeniaca Kernel Oil / Apricot Kernel", "Zea Mays / Corn Germ Oil").
    for (size_t t = kw.size(); t-- > 1 && kw.size() - t <= 2;) {
      std::string candidate(ascii::Trim(piece));
      for (size_t u = t; u < kw.size(); ++u) candidate += ' ' + kw[u];
      if (id >= 0 && ExactOrSynonym(candidate).ingredient == id) return true;
    }
  }
  // The plant a known name comes from, named without its part
  // ("Molasses Extract/Saccharum Officinarum/Extrait De Melasse").
  if (words.size() <= 3 && matcher_->MatchSpecies(piece).ok()) return true;
  if (id < 0) return false;
  // A close spelling of the ingredient's own names, or of one piece of a
  // slashed INCI name ("Capricylic/Capric Triglyceride").
  const std::string key = matcher_->normalizer().Key(piece);
  const int limit = FuzzyLimit(key.size());
  if (limit > 0) {
    for (const auto& hit : matcher_->fuzzy().Search(key, limit, 3)) {
      if (hit.ingredient == id) return true;
    }
  }
  std::string_view inci = matcher_->db().ingredient(id).inci;
  if (inci.find('/') != std::string_view::npos) {
    for (std::string_view part : SplitOutsideBrackets(inci, '/')) {
      const std::string_view first = part.substr(0, part.find(' '));
      const int max_edits = std::max<int>(1, static_cast<int>(first.size()) / 4);
      if (BoundedEditDistance(words.front(), first, max_edits) <= max_edits) return true;
    }
  }
  return false;
}

void NameReader::ReadSlashPieces(const std::vector<std::string_view>& pieces, const std::vector<Match>& ms,
                                 const std::vector<bool>& in_group, bool allow_fuzzy, std::vector<NamePart>* parts,
                                 int depth) const {
  const Match& group = *std::find_if(ms.begin(), ms.end(), [](const Match& m) { return m.ok(); });
  std::vector<NamePart> sub;
  for (size_t i = 0; i < pieces.size();) {
    if (!in_group[i]) {
      sub.clear();
      Read(pieces[i], allow_fuzzy, &sub, nullptr, depth + 1);
      for (auto& p : sub) {
        if (p.name.empty()) p.name = std::string(pieces[i]);
        if (p.how == ReadAs::kDirect) p.how = ReadAs::kSlashSplit;
        parts->push_back(std::move(p));
      }
      ++i;
      continue;
    }
    // A run of the group's names is one ingredient, written as it stands.
    size_t j = i;
    while (j + 1 < pieces.size() && in_group[j + 1]) ++j;
    const char* b = pieces[i].data();
    const std::string_view run(b, static_cast<size_t>(pieces[j].data() + pieces[j].size() - b));
    parts->push_back({std::string(run), group, false, j > i ? ReadAs::kSlashSynonyms : ReadAs::kSlashSplit});
    i = j + 1;
  }
}

bool NameReader::BracketNames(std::string_view side, const Match& joined) const {
  if (!WhollyBracketed(side)) return true;
  std::vector<std::string_view> items = SplitOutsideBrackets(side.substr(1, side.size() - 2), ',');
  // "(12E)", "(3aR,5aS,9aS,9bR)": the stereo descriptors of a chemical name, part of it.
  if (std::all_of(items.begin(), items.end(), [](std::string_view i) { return IsStereoDescriptor(ascii::Trim(i)); })) {
    return true;
  }
  return joined.ingredient >= 0 && std::all_of(items.begin(), items.end(), [&](std::string_view item) {
           return ExactOrSynonym(ascii::Trim(item)).ingredient == joined.ingredient;
         });
}

void NameReader::Fuzzy(std::string_view name, NamePart* p) const {
  std::string key = matcher_->normalizer().Key(name);
  int limit = FuzzyLimit(key.size());
  if (limit == 0) return;
  auto hits = matcher_->fuzzy().Search(key, limit, 3);
  if (hits.empty()) return;
  p->match.kind = MatchKind::kFuzzy;
  p->match.ingredient = hits[0].ingredient;
  p->match.close_name = hits[0].name;
  p->match.distance = hits[0].distance;
  p->ambiguous = hits.size() > 1 && hits[1].distance == hits[0].distance;
}

const NameReader::Reader NameReader::kReaders[] = {
    {"whole name", &NameReader::ReadWhole},
    {"all one bracket", &NameReader::ReadWhollyBracketed},
    {"leading qualifier", &NameReader::ReadQualified},
    {"slash group", &NameReader::ReadSlashGroup},
    {"and blend", &NameReader::ReadAndBlend},
    {"missing commas", &NameReader::ReadMissingCommas},
    {"bracketed sub-list", &NameReader::ReadSubList},
    {"run of names", &NameReader::ReadRunOfNames},
    {"family pattern", &NameReader::ReadPattern},
    {"species", &NameReader::ReadSpecies},
    {"cut short", &NameReader::ReadTruncated},
    {"glued words", &NameReader::ReadGlued},
    {"close spelling", &NameReader::ReadCloseSpelling},
};

std::span<const NameReader::Reader> NameReader::Readers() { return kReaders; }

void NameReader::Read(std::string_view name, bool allow_fuzzy, std::vector<NamePart>* parts, const Match* whole,
                      int depth) const {
  // Nested past the limit: not read (the caller names the part).
  if (depth > kMaxReadDepth) {
    NamePart p{"", Match(), false, ReadAs::kDirect};
    p.limit = kTooDeepNote;
    parts->push_back(std::move(p));
    return;
  }
  const Match matched = whole != nullptr ? Match() : matcher_->MatchName(name);
  const Name n{name, allow_fuzzy, depth, whole != nullptr ? *whole : matched};
  for (const Reader& r : kReaders) {
    if ((this->*r.read)(n, parts)) return;
  }
}

bool NameReader::ReadWith(std::string_view reader, std::string_view name, std::vector<NamePart>* parts,
                          bool allow_fuzzy) const {
  const Match whole = matcher_->MatchName(name);
  const Name n{name, allow_fuzzy, 0, whole};
  for (const Reader& r : kReaders) {
    if (r.name == reader) return (this->*r.read)(n, parts);
  }
  return false;
}

// The whole name: exact, synonym, or a bracketed synonym.
bool NameReader::ReadWhole(const Name& n, std::vector<NamePart>* parts) const {
  if (!IsExactOrSynonym(n.whole)) return false;
  parts->push_back({"", n.whole, false, ReadAs::kDirect});
  return true;
}

// A name that is all one bracket, set apart by a stray separator ("(Rose
// Absolute)", "[Iron Oxides (CI 77491, CI 77492)]"): read as its content, a
// list of names when it holds commas ("(CI 77491, CI 77492)").
bool NameReader::ReadWhollyBracketed(const Name& n, std::vector<NamePart>* parts) const {
  const std::string_view name = n.text;
  const bool allow_fuzzy = n.allow_fuzzy;
  const int depth = n.depth;
  if (!WhollyBracketed(name)) return false;
  std::string_view inner = ascii::Trim(name.substr(1, name.size() - 2));
  std::vector<std::string_view> items = SplitOutsideBrackets(inner, ',');
  std::vector<std::string> owned;
  PrefixBareColourNumbers(&items, &owned);
  const size_t before = parts->size();
  std::vector<NamePart> sub;
  for (std::string_view item : items) {
    if (item.empty()) continue;
    sub.clear();
    Read(item, allow_fuzzy, &sub, nullptr, depth + 1);
    for (auto& p : sub) {
      if (p.name.empty()) p.name = std::string(item);
      if (items.size() > 1) p.how = ReadAs::kSubList;
      parts->push_back(std::move(p));
    }
  }
  return parts->size() > before;
}

// A leading qualifier: "Organic Aloe Barbadensis Leaf Juice".
bool NameReader::ReadQualified(const Name& n, std::vector<NamePart>* parts) const {
  const std::string_view name = n.text;
  for (std::string_view q : kQualifierWords) {
    if (name.size() > q.size() + 4 && name[q.size()] == ' ' && ascii::EqualsLower(name.substr(0, q.size()), q)) {
      Match m = ExactOrSynonym(name.substr(q.size() + 1));
      if (m.ok()) {
        parts->push_back({"", m, false, ReadAs::kDirect});
        return true;
      }
    }
  }
  return false;
}

// Slashes: "Aqua/Water/Eau" is one ingredient; "Glycerin/Water" two.
bool NameReader::ReadSlashGroup(const Name& n, std::vector<NamePart>* parts) const {
  const std::string_view name = n.text;
  const bool allow_fuzzy = n.allow_fuzzy;
  const int depth = n.depth;
  if (name.find('/') == std::string_view::npos) return false;
  std::vector<std::string_view> pieces = SplitOutsideBrackets(name, '/');
  if (pieces.size() < 2) return false;
  std::vector<Match> ms;
  int matched = 0;
  for (auto p : pieces) {
    ms.push_back(ExactOrSynonym(p));
    if (ms.back().ok()) ++matched;
  }
  if (matched == 0) return false;
  db::IngredientId first = -1;
  bool same = true;
  for (const auto& m : ms) {
    if (!m.ok()) continue;
    if (first < 0) first = m.ingredient;
    same = same && m.ingredient == first;
  }
  if (same && matched < static_cast<int>(pieces.size())) {
    // An unknown piece next to a known one may be the tail of another
    // name missing its comma ("Glycerin Caprylic / Capric Triglycerides"):
    // read the whole as known names first, so that the slash group does
    // not swallow the name before it.
    std::vector<NamePart> split;
    if (ReadExactParts(name, 0, &split)) {
      for (auto& p : split) parts->push_back(std::move(p));
      return true;
    }
    // The first piece may begin with the name before the group, the last
    // end with the name after it ("Olus Oil/Huile Vegetale Oryza Sativa
    // (Rice) Bran Oil", "Water/Aqua/Eau (And) Camellia Oleifera Leaf
    // Extract"): that name is read apart, the group from the rest.
    if (ReadGroupEdge(name, pieces.front(), true, allow_fuzzy, parts, depth)) return true;
    if (ReadGroupEdge(name, pieces.back(), false, allow_fuzzy, parts, depth)) return true;
    // A name cut short whose full form has slashes: "Adipic Acid/Neopentyl".
    if (Match cut = matcher_->MatchTruncated(name); cut.ok()) {
      parts->push_back({"", cut, false, ReadAs::kDirect});
      return true;
    }
    // The whole a close spelling of one name: "Acrylamide/Sodium
    // Acryloyldimethylaurate Copolymer", "PVP/VA Copolymer".
    if (allow_fuzzy) {
      NamePart whole_fuzzy{"", Match(), false, ReadAs::kDirect};
      Fuzzy(name, &whole_fuzzy);
      if (whole_fuzzy.match.ok()) {
        parts->push_back(std::move(whole_fuzzy));
        return true;
      }
    }
    // An unknown piece is another name of the group's ingredient only
    // when something says so; otherwise it may be another ingredient,
    // never hidden behind a known one ("Lactobacillus/Honeysuckle
    // Flower/Licorice Root/..." is not Lactobacillus alone).
    std::vector<std::string_view> known;
    for (size_t i = 0; i < pieces.size(); ++i) {
      if (ms[i].ok()) known.push_back(pieces[i]);
    }
    std::vector<bool> in_group(pieces.size());
    bool all = true;
    for (size_t i = 0; i < pieces.size(); ++i) {
      in_group[i] = ms[i].ok() || OtherNameOfGroup(pieces[i], known, first);
      all = all && in_group[i];
    }
    if (!all) {
      // The slashes of one substance's name, its last word naming the
      // whole ("Lauryl Methacrylate/Glycol Dimethacrylate Copolymer",
      // "Leuconostoc/Radish Root Ferment Filtrate"): one name, not known.
      if (EndsWithCompoundWord(pieces.back())) {
        parts->push_back({"", Match(), false, ReadAs::kDirect});
        return true;
      }
      ReadSlashPieces(pieces, ms, in_group, allow_fuzzy, parts, depth);
      return true;
    }
  }
  if (same) {
    // Unmatched pieces are other-language forms of the same name.
    const Match& m = *std::find_if(ms.begin(), ms.end(), [](const Match& x) { return x.ok(); });
    parts->push_back({"", m, false, ReadAs::kSlashSynonyms});
    return true;
  }
  // Different known ingredients: read each piece on its own (an unknown
  // piece stays unknown rather than hiding the known ones).
  for (size_t i = 0; i < pieces.size(); ++i) {
    NamePart p{std::string(pieces[i]), ms[i], false, ReadAs::kSlashSplit};
    if (!p.match.ok() && allow_fuzzy) Fuzzy(pieces[i], &p);
    parts->push_back(std::move(p));
  }
  return true;
}

// Blends joined by "and" / "&": "Behentrimonium Methosulfate and Cetearyl Alcohol".
bool NameReader::ReadAndBlend(const Name& n, std::vector<NamePart>* parts) const {
  const std::string_view name = n.text;
  const bool allow_fuzzy = n.allow_fuzzy;
  const int depth = n.depth;
  std::vector<std::string_view> pieces;
  size_t start = 0;
  for (size_t i = 0; i + 1 < name.size(); ++i) {
    if (name[i] != ' ') continue;  // each joiner starts with a space
    size_t len = 0;
    auto at = [&](std::string_view w) {
      if (i + w.size() > name.size()) return false;
      for (size_t k = 0; k < w.size(); ++k) {
        if (ascii::Lower(name[i + k]) != w[k]) return false;
      }
      return true;
    };
    if (at(" and ")) {
      len = 5;
    } else if (at(" & ")) {
      len = 3;
    } else if (at(" (and) ")) {
      len = 7;
    }
    if (len) {
      pieces.push_back(name.substr(start, i - start));
      start = i + len;
      i += len - 1;
    }
  }
  if (pieces.empty()) return false;
  pieces.push_back(name.substr(start));
  // Split where a piece is a known name: an unknown piece stays unknown
  // rather than hiding the known ones ("Glycerin & Aloe and Citric Acid").
  std::vector<NamePart> sub;
  size_t known = 0;
  for (auto p : pieces) {
    if (p.empty()) continue;
    Match m = ExactOrSynonym(p);
    if (m.ok()) {
      sub.push_back({std::string(p), m, false, ReadAs::kAndSplit});
      ++known;
    } else if (ReadExactParts(p, 1, &sub)) {
      ++known;
    } else {
      sub.push_back({std::string(p), Match(), false, ReadAs::kAndSplit});
    }
  }
  if (known == 0) return false;
  std::vector<NamePart> piece;
  for (auto& p : sub) {
    if (p.match.ok()) {
      p.how = ReadAs::kAndSplit;
      parts->push_back(std::move(p));
      continue;
    }
    // An unknown piece is read as any other name ("Organic Cane Sugar
    // Alcohol": a run of names), never left whole.
    piece.clear();
    Read(p.name, allow_fuzzy, &piece, nullptr, depth + 1);
    for (auto& q : piece) {
      if (q.name.empty()) q.name = p.name;
      if (q.how == ReadAs::kDirect) q.how = ReadAs::kAndSplit;
      parts->push_back(std::move(q));
    }
  }
  return true;
}

// Missing commas: "Parfum (Fragrance) D-Limonene".
bool NameReader::ReadMissingCommas(const Name& n, std::vector<NamePart>* parts) const {
  const std::string_view name = n.text;
  if (ReadExactParts(name, 0, parts)) return true;
  return false;
}

// A bracketed sub-list: "Citrus Oils (Orange, Lemon)".
// "Complex [Retinol, Tocopherol]" as "Citrus Oils (Orange, Lemon)": any bracket.
bool NameReader::ReadSubList(const Name& n, std::vector<NamePart>* parts) const {
  const std::string_view name = n.text;
  const size_t open = ascii::FindFirstOf(name, "([{");
  if (open == std::string_view::npos) return false;
  const char close = name[open] == '(' ? ')' : name[open] == '[' ? ']' : '}';
  if (name.find(',', open) == std::string_view::npos || name.back() != close) return false;
  const std::string_view head = ascii::Trim(name.substr(0, open));
  std::vector<std::string_view> items = SplitOutsideBrackets(name.substr(open + 1, name.size() - open - 2), ',');
  std::vector<std::string> owned;
  PrefixBareColourNumbers(&items, &owned);
  if (head.empty() || items.size() < 2) return false;
  const Match hm = ExactOrSynonym(head);
  std::vector<Match> im;
  im.reserve(items.size());
  for (std::string_view item : items) im.push_back(ExactOrSynonym(item));
  // "Aqua (Water, Eau)": every item another name of the head: one ingredient.
  const bool head_known = hm.ok() && hm.ingredient >= 0;
  if (head_known &&
      std::all_of(im.begin(), im.end(), [&](const Match& m) { return m.ok() && m.ingredient == hm.ingredient; })) {
    parts->push_back({"", hm, false, ReadAs::kSlashSynonyms});
    return true;
  }
  // The head is kept when it is an ingredient itself ("Fragrance (Rose,
  // Jasmine)"); otherwise it only names the group ("Iron Oxides", "EO Blend").
  const bool items_known = std::all_of(im.begin(), im.end(), [](const Match& m) { return m.ok(); });
  const bool an_item_is_the_head =
      head_known && std::any_of(im.begin(), im.end(), [&](const Match& m) { return m.ingredient == hm.ingredient; });
  if (hm.ok() && !(items_known && an_item_is_the_head)) {
    parts->push_back({std::string(head), hm, false, ReadAs::kDirect});
  } else if (!hm.ok() && !IsGroupName(head)) {
    // A head the database does not know may be an ingredient itself: it
    // is not checked, and says so ("Complex [Retinol, Tocopherol]").
    NamePart hp{std::string(head), Match(), false, ReadAs::kDirect};
    if (n.allow_fuzzy) Fuzzy(head, &hp);
    parts->push_back(std::move(hp));
  }
  std::vector<NamePart> sub;
  for (std::string_view item : items) {
    sub.clear();
    Read(item, n.allow_fuzzy, &sub, nullptr, n.depth + 1);
    for (auto& p : sub) {
      if (p.name.empty()) p.name = std::string(item);
      p.how = ReadAs::kSubList;
      parts->push_back(std::move(p));
    }
  }
  return true;
}

// A run of names with no separators at all: "Talc Aluminum Calcium Sodium
// Silicate Octyldodecyl Stearoyl Stearate ...". Longest known name first;
// words that start no known name are kept together as one unknown piece.
bool NameReader::ReadRunOfNames(const Name& n, std::vector<NamePart>* parts) const {
  const std::string_view name = n.text;
  const bool allow_fuzzy = n.allow_fuzzy;
  std::vector<std::string_view> words = Words(name);
  if (words.size() < 4) return false;
  std::vector<NamePart> seg;
  size_t known_words = 0;
  size_t i = 0, unknown_from = std::string_view::npos;
  auto flush_unknown = [&](size_t until) {
    if (unknown_from == std::string_view::npos) return;
    NamePart p{std::string(Span(words, unknown_from, until)), Match(), false, ReadAs::kMissingComma};
    seg.push_back(std::move(p));
    unknown_from = std::string_view::npos;
  };
  const bool bracket_free = ascii::FindFirstOf(name, "([") == std::string_view::npos;
  // Up to 8 lookups a word: a run longer than a label can hold entries is
  // read that far, and the rest of it is one part not read.
  size_t read_words = words.size();
  while (i < words.size()) {
    if (seg.size() >= kMaxLabelEntries) {
      flush_unknown(i);
      NamePart rest{std::string(Span(words, i, words.size())), Match(), false, ReadAs::kMissingComma};
      rest.limit = kLongRunNote;
      seg.push_back(std::move(rest));
      read_words = i;
      break;
    }
    size_t best = 0;
    Match best_m;
    // No window can match when no known name starts with its first word.
    size_t longest = bracket_free && !matcher_->MayStartName(words[i]) ? 0 : std::min<size_t>(8, words.size() - i);
    for (size_t len = longest; len >= 1; --len) {
      Match m = ExactOrSynonym(Span(words, i, i + len));
      if (m.ok()) {
        best = len;
        best_m = m;
        break;
      }
    }
    if (best == 0) {
      if (unknown_from == std::string_view::npos) unknown_from = i;
      ++i;
      continue;
    }
    flush_unknown(i);
    seg.push_back({std::string(Span(words, i, i + best)), best_m, false, ReadAs::kMissingComma});
    known_words += best;
    i += best;
  }
  flush_unknown(words.size());
  // Accept when most of the run reads as at least two known names: one known
  // name with a word before it is a modified name ("Saponified ... Butter"
  // is a soap, not shea butter), read as one unknown.
  size_t known_parts =
      static_cast<size_t>(std::count_if(seg.begin(), seg.end(), [](const NamePart& p) { return p.match.ok(); }));
  if (known_parts >= 2 && known_words * 3 >= read_words * 2) {
    for (auto& p : seg) {
      if (!p.match.ok() && allow_fuzzy && p.limit.empty()) Fuzzy(p.name, &p);
      parts->push_back(std::move(p));
    }
    return true;
  }
  return false;
}

// A family pattern: "CI 12345", "SD Alcohol 40-B"; after the run of
// names, so that a list printed without commas is not one pattern because
// one of its names matches one ("... Disodium EDTA Fragrance").
bool NameReader::ReadPattern(const Name& n, std::vector<NamePart>* parts) const {
  if (n.whole.kind != MatchKind::kPattern) return false;
  parts->push_back({"", n.whole, false, ReadAs::kDirect});
  return true;
}

// A species without its plant part: "Rosa Damascena" (worst-case categories).
bool NameReader::ReadSpecies(const Name& n, std::vector<NamePart>* parts) const {
  Match m = matcher_->MatchSpecies(n.text);
  if (!m.ok()) return false;
  parts->push_back({"", m, false, ReadAs::kDirect});
  return true;
}

// A name cut short: "acrylates/c10-30 alkyl" (worst-case categories).
bool NameReader::ReadTruncated(const Name& n, std::vector<NamePart>* parts) const {
  Match m = matcher_->MatchTruncated(n.text);
  if (!m.ok()) return false;
  parts->push_back({"", m, false, ReadAs::kDirect});
  return true;
}

// Glued words: "Cetyl PEG/PPG-10/1Dimethicone", "Water Glycerin" typed as "WaterGlycerin".
bool NameReader::ReadGlued(const Name& n, std::vector<NamePart>* parts) const {
  const std::string_view name = n.text;
  std::string unglued;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (i > 0) {
      char prev = name[i - 1];
      bool digit_letter =
          (prev >= '0' && prev <= '9') && ascii::IsAlpha(c) && i + 1 < name.size() && ascii::IsAlpha(name[i + 1]);
      bool camel = ascii::IsLower(prev) && ascii::IsUpper(c);
      if (digit_letter || camel) unglued += ' ';
    }
    unglued += c;
  }
  if (unglued.size() == name.size()) return false;  // nothing glued
  if (Match m = ExactOrSynonym(unglued); m.ok()) {
    parts->push_back({"", m, false, ReadAs::kGlued});
    return true;
  }
  std::vector<NamePart> sub;
  if (!ReadExactParts(unglued, 0, &sub)) return false;
  for (auto& p : sub) {
    p.how = ReadAs::kGlued;
    parts->push_back(std::move(p));
  }
  return true;
}

// Fuzzy: misspellings, reported as such; else unrecognized.
bool NameReader::ReadCloseSpelling(const Name& n, std::vector<NamePart>* parts) const {
  const std::string_view name = n.text;
  const bool allow_fuzzy = n.allow_fuzzy;
  NamePart p{"", Match(), false, ReadAs::kDirect};
  if (allow_fuzzy) Fuzzy(name, &p);
  parts->push_back(std::move(p));
  return true;
}

}  // namespace aftercare::match
