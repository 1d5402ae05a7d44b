#include "aftercare/match/label_matcher.h"

#include "aftercare/match/accounting.h"

#include "aftercare/base/ascii.h"
#include "aftercare/base/edit_distance.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include <fmt/format.h>

namespace aftercare::match {
namespace {

using ascii::IsSpace;

// `s` trimmed of spaces and of the quotes around a list literal's item ("'Parfum'").
std::string_view TrimQuotes(std::string_view s) {
  s = ascii::Trim(s);
  while (s.size() >= 2 && (s.front() == '\'' || s.front() == '"') && s.back() == s.front()) {
    s = ascii::Trim(s.substr(1, s.size() - 2));
  }
  return s;
}

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

// `w` is one of `words` (lower case), ASCII case ignored.
template <size_t N>
bool InWords(std::string_view w, const std::string_view (&words)[N]) {
  return std::any_of(std::begin(words), std::end(words), [&](std::string_view x) { return ascii::EqualsLower(w, x); });
}

bool IsQualifierWord(std::string_view w) { return InWords(w, kQualifierWords); }

bool IsExactOrSynonym(const Match& m) { return m.kind == MatchKind::kExact || m.kind == MatchKind::kSynonym; }

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
  return InWords(last, kGroupWords);
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

// The words of a piece: runs of letters, digits, '-', '\'' and non-ASCII.
std::vector<std::string_view> PieceWords(std::string_view text) {
  std::vector<std::string_view> words;
  for (size_t i = 0; i < text.size();) {
    while (i < text.size() && !ascii::IsAlnum(text[i]) && static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
    }
    size_t j = i;
    while (j < text.size() && (ascii::IsAlnum(text[j]) || text[j] == '\'' || text[j] == '-' ||
                               static_cast<unsigned char>(text[j]) >= 0x80)) {
      ++j;
    }
    if (j > i) words.push_back(text.substr(i, j - i));
    i = j;
  }
  return words;
}

// No letter at all ("3", "1-", "+"): a piece of a number, never a name.
bool HasNoLetter(std::string_view text) {
  return std::none_of(text.begin(), text.end(),
                      [](char c) { return ascii::IsAlpha(c) || static_cast<unsigned char>(c) >= 0x80; });
}

// "paraben-free", "error-free".
bool EndsWithFree(std::string_view w) { return w.size() > 5 && ascii::EqualsLower(w.substr(w.size() - 5), "-free"); }

// What a piece of text that is no known name is, when the splitter took it
// for prose or for the words before a colon.
enum class Unread {
  kSentence,     // pack text: a disclaimer, claim or instruction ("Please be aware that ...")
  kDescriptor,   // what the ingredient before it does ("as a hair conditioning agent")
  kProductName,  // a product's or sub-product's name ("Super Moisture Conditioner for Dry Hair")
  kNotRead,      // none of these: it may be a name the reader could not read
};

// Words that make a sentence of pack text and stand in no ingredient name:
// pronouns, auxiliaries, the verbs and adjectives of claims and instructions.
bool IsSentenceWord(std::string_view w) {
  // clang-format off
  constexpr std::string_view kWords[] = {
      "a",          "an",         "is",          "are",        "was",        "were",       "be",
      "been",       "being",      "may",         "might",      "can",        "cannot",     "will",
      "would",      "should",     "could",       "must",       "we",         "you",        "your",
      "our",        "they",       "their",       "it",         "its",        "this",       "these",
      "those",      "that",       "because",     "however",    "depending",  "please",     "refer",
      "guarantee",  "vary",       "varies",      "change",     "changes",    "help",       "helps",
      "provides",   "leaves",     "smooths",     "soothes",    "hydrates",   "boost",      "boosts",
      "brightens",  "protects",   "reduce",      "reduces",    "improve",    "improves",   "supports",
      "nourishes",  "moisturizes", "restores",   "plump",      "plumps",     "apply",      "use",
      "avoid",      "keep",       "rinse",       "massage",    "not",        "free",       "vegan",
      "cruelty",    "hypoallergenic", "tested",  "dermatologist", "clinically", "proven",  "about",
      "than",       "who",        "which",       "what",       "when",       "where",      "how",
      "if",         "only",       "also",        "more",       "most",       "very",       "up",
      "out",        "purchase",   "listing",     "listings",   "packaging",  "information", "label",
      "contains",   "contain",    "made",        "without",    "no",         "antioxidants", "accurate",
      "skin",       "lock",       "dans",       "les",        "inclus",     "restants",   "addition",
      "variations",
      // The verbs and adjectives of claims ("soften the look of fine lines", "calms").
      "heals",      "calms",       "soften",     "softens",    "minimize",   "minimizes",  "prevent",
      "prevents",   "deliver",     "delivers",   "moisturize", "relieve",    "relieves",   "exfoliate",
      "exfoliates", "energize",    "energizes",  "rejuvenate", "rejuvenates", "target",    "targets",
      "works",      "visibly",     "looking",    "look",       "looks",      "appearance", "appear",
      "radiance",   "glow",        "youthful",   "softer",     "fuller",     "plumper",    "leaving",
      "making",     "benefits",    "evens",      "firm",       "firms",      "brighten",   "retexturizes",
      "condition",  "conditions",  "nourish",    "nourishing", "intensely",  "locks",      "smoothing",
      "visit",      "boutique",    "commitment", "highest",    "quality",    "eliminate",  "imperfections",
      "revolumize", "hydrated",    "hydration",  "wrinkles",   "lines",      "signs",      "aging",
      "fine",       "dryness",     "tone",       "pores",      "volume",     "sagging",    "discoloration",
      "whiteheads", "blackheads",  "feel",       "feels",      "soft",       "smooth",     "glowing"};
  // clang-format on
  return InWords(w, kWords);
}

// The last word of a product's name, never of an ingredient's.
bool IsProductNoun(std::string_view w) {
  // clang-format off
  constexpr std::string_view kWords[] = {
      "cream",      "creme",     "crème",    "moisturizer", "moisturiser", "conditioner", "shampoo",
      "serum",      "lotion",    "cleanser", "toner",       "mask",        "masque",      "balm",
      "spray",      "mist",      "treatment", "scrub",      "peel",        "essence",     "ampoule",
      "booster",    "primer",    "foundation", "concealer", "mascara",     "lipstick",    "gloss",
      "palette",    "kit",       "set",      "duo",         "trio",        "bar",         "stick",
      "pencil",     "liner",     "tint",     "cushion",     "perfume",     "cologne",     "deodorant",
      "sunscreen",  "wash",      "cleansing", "remover",    "patch",       "patches",     "dots",
      "pads",       "wipes",     "solution", "activator",   "polish",      "shadow",      "blush",
      "bronzer",    "highlighter", "gelée",  "gelee",       "jelly",       "pudding",     "tube",
      "fluid",      "drops",     "elixir",   "tonic",       "emulsion",    "superdose",   "refill",
      "mousse",     "pomade",    "paste",    "soap",        "supplement",  "capsules",    "tablets"};
  // clang-format on
  return InWords(w, kWords);
}

// `title_case_list`: the label's names start with a capital; a piece that
// starts lower case there is a sentence's fragment ("and evens tone").
Unread ClassifyUnread(std::string_view text, bool title_case_list) {
  const std::vector<std::string_view> words = PieceWords(text);
  if (HasNoLetter(text)) return Unread::kDescriptor;
  // A list the reader could not split ("['Aqua (Water, Eau), Linalool, ...")
  // is no sentence, whatever words it holds.
  if (std::count(text.begin(), text.end(), ',') >= 2) return Unread::kNotRead;
  const auto claim_word = [](std::string_view w) {
    return IsSentenceWord(w) || EndsWithFree(w) || ascii::EqualsLower(w, "up-to-date");
  };
  if (std::any_of(words.begin(), words.end(), claim_word)) return Unread::kSentence;
  // "as a hair conditioning agent", "for scent", "en tant qu'agent ...":
  // lower case, led by a preposition.
  const std::string_view first = words.front();
  if (ascii::IsLower(first[0]) &&
      (ascii::EqualsLower(first, "as") || ascii::EqualsLower(first, "for") || ascii::EqualsLower(first, "to") ||
       (ascii::EqualsLower(first, "en") && words.size() > 1 && ascii::EqualsLower(words[1], "tant")))) {
    return Unread::kDescriptor;
  }
  if (title_case_list && ascii::IsLower(text.front())) return Unread::kSentence;
  if (words.size() == 1 && IsQualifierWord(words[0])) return Unread::kDescriptor;  // "Organic"
  // "Born in Roma Donna Eau de Parfum": a fragrance's name, not its parfum.
  if (words.size() >= 4 && ascii::EqualsLower(words[words.size() - 3], "eau") &&
      ascii::EqualsLower(words[words.size() - 2], "de")) {
    return Unread::kProductName;
  }
  if (words.size() >= 2 && IsProductNoun(words.back())) return Unread::kProductName;
  // "Super Moisture Conditioner for Dry Hair", "Eyeshadow Stick in Golden Bronze".
  for (size_t k = 1; k + 1 < words.size(); ++k) {
    if (IsProductNoun(words[k]) &&
        (ascii::EqualsLower(words[k + 1], "with") || ascii::EqualsLower(words[k + 1], "for") ||
         ascii::EqualsLower(words[k + 1], "in"))) {
      return Unread::kProductName;
    }
  }
  return Unread::kNotRead;
}

// What a list piece that is no known name is when it is plainly not an
// ingredient, as a note ("" when it may be one): every word a claim word
// ("Cruelty-Free", "Vegan", "100% Naturally Derived"), a number alone, an
// alcohol strength ("80 % Vol."), what a candle or a brush is made of
// ("Cotton Wick"), Drug Facts words ("Sunscreen", "Skin Protectant") or a
// may-contain heading in another language ("Peut Contenir"). Strict: one word
// outside these sets and the piece stays an unrecognized ingredient.
// `cut_before_free`: the piece ends with a hyphen on the label and the
// sentence goes on to say "-free" ("Paraben-, Phthalate-, and Cruelty-Free").
std::string NotAnIngredient(std::string_view text, bool cut_before_free) {
  const std::vector<std::string_view> words = PieceWords(text);
  // A short number alone ("2", "3," of a name cut at its locant commas). Four
  // digits or more may be a colour index cut from its "CI" ("074160"): kept.
  if (HasNoLetter(text) && std::count_if(text.begin(), text.end(), [](char c) { return ascii::IsDigit(c); }) < 4) {
    return "a number, not a name";
  }
  constexpr std::string_view kClaim[] = {"free",
                                         "vegan",
                                         "vegetarian",
                                         "cruelty",
                                         "hypoallergenic",
                                         "non-comedogenic",
                                         "noncomedogenic",
                                         "non-acnegenic",
                                         "dermatologist",
                                         "dermatologically",
                                         "ophthalmologist",
                                         "clinically",
                                         "tested",
                                         "approved",
                                         "recommended",
                                         "naturally",
                                         "derived",
                                         "natural",
                                         "origin",
                                         "certified",
                                         "organic",
                                         "and",
                                         "or",
                                         "100",
                                         "biodegradable",
                                         "recyclable",
                                         "reef-safe",
                                         "reef",
                                         "safe",
                                         "friendly",
                                         "gluten",
                                         "halal",
                                         "kosher"};
  if (std::all_of(words.begin(), words.end(),
                  [&](std::string_view w) { return EndsWithFree(w) || InWords(w, kClaim); })) {
    return "a claim, not an ingredient";
  }
  // "Paraben free", "Sulfate & Paraben Free": what the product is without.
  constexpr std::string_view kFreeOf[] = {"paraben",   "parabens",   "sulfate",  "sulfates",  "sulphate", "sulphates",
                                          "phthalate", "phthalates", "silicone", "silicones", "gluten",   "fragrance",
                                          "perfume",   "alcohol",    "oil",      "mineral",   "cruelty",  "soap",
                                          "dye",       "dyes",       "talc",     "and",       "or",       "&"};
  if (words.size() >= 2 && ascii::EqualsLower(words.back(), "free") &&
      std::all_of(words.begin(), words.end() - 1, [&](std::string_view w) { return InWords(w, kFreeOf); })) {
    return "a claim, not an ingredient";
  }
  // "Smooths and boosts collagen": a claim's verb, and nothing but what claims are about.
  // clang-format off
  constexpr std::string_view kClaimVerb[] = {
      "smooths",     "boosts",      "soothes",     "hydrates",    "brightens", "plumps",    "firms",     "nourishes",
      "protects",    "helps",       "reduces",     "improves",    "supports",  "calms",     "softens",   "evens",
      "refines",     "restores",    "repairs",     "strengthens", "minimizes", "minimises", "locks",     "delivers",
      "revitalizes", "revitalises", "energizes",   "fights",      "prevents",  "targets",   "clarifies", "purifies",
      "tightens",    "lifts",       "illuminates", "reveals",     "renews",    "visibly",   "instantly", "leaves",
      "leaving",     "boost",       "smooth",      "hydrate",     "brighten",  "plump",     "firm",      "nourish",
      "protect",     "reduce",      "improve",     "soothe",      "calm",      "soften",    "restore",   "repair"};
  // clang-format on
  constexpr std::string_view kClaimObject[] = {
      "collagen", "skin",       "skin's",  "moisture",       "hydration", "barrier", "elasticity", "radiance",
      "glow",     "texture",    "tone",    "pores",          "lines",     "fine",    "wrinkles",   "appearance",
      "look",     "complexion", "dryness", "redness",        "dullness",  "the",     "and",        "of",
      "your",     "its",        "for",     "with",           "to",        "in",      "a",          "more",
      "soft",     "smooth",     "healthy", "healthy-looking"};
  if (words.size() >= 2 &&
      std::any_of(words.begin(), words.end(), [&](std::string_view w) { return InWords(w, kClaimVerb); }) &&
      std::all_of(words.begin(), words.end(),
                  [&](std::string_view w) { return InWords(w, kClaimVerb) || InWords(w, kClaimObject); })) {
    return "a claim, not an ingredient";
  }
  // "Paraben-, Phthalate-, and Cruelty-Free.": a word cut before its "-free".
  if (cut_before_free && words.size() == 1) return "a claim, not an ingredient";
  if (words.size() == 1 && ascii::EqualsLower(words[0], "vol")) return "an alcohol strength (% vol)";
  constexpr std::string_view kMaterial[] = {"wick", "wicks", "bristle", "bristles", "ferrule"};
  constexpr std::string_view kFibre[] = {"synthetic", "fibers", "fibres",  "fiber", "fibre",
                                         "nylon",     "cotton", "braided", "100"};
  if (std::any_of(words.begin(), words.end(), [&](std::string_view w) { return InWords(w, kMaterial); }) ||
      (std::any_of(
           words.begin(), words.end(),
           [](std::string_view w) { return ascii::EqualsLower(w, "fibers") || ascii::EqualsLower(w, "fibres"); }) &&
       std::all_of(words.begin(), words.end(), [&](std::string_view w) { return InWords(w, kFibre); }))) {
    return "what the product is made of, not a cosmetic ingredient";
  }
  // clang-format off
  constexpr std::string_view kDrugFacts[] = {
      "purpose",   "purposes",   "sunscreen", "sunscreens", "skin",    "protectant", "protectants", "acne",
      "treatment", "medication", "uses",      "warnings",   "warning", "directions", "drug",        "facts"};
  // clang-format on
  if (std::all_of(words.begin(), words.end(), [&](std::string_view w) { return InWords(w, kDrugFacts); })) {
    return "Drug Facts words, not an ingredient";
  }
  // A retailer's or a spreadsheet's words in the list ("Visit the CLINIQUE boutique", "#NAME?", "No Info").
  constexpr std::string_view kRetailer[] = {"visit",    "boutique", "please",    "refer",  "listing",
                                            "listings", "purchase", "packaging", "website"};
  if (std::any_of(words.begin(), words.end(), [&](std::string_view w) { return InWords(w, kRetailer); })) {
    return "a retailer's text, not an ingredient";
  }
  constexpr std::string_view kNoData[] = {"#name?", "name?",   "#n/a", "#value!", "value!", "#ref!",
                                          "ref!",   "no info", "n/a",  "nan",     "null"};
  if (InWords(ascii::Trim(text), kNoData)) return "no ingredient information";
  constexpr std::string_view kMayContain[] = {"peut", "contenir",  "puede", "contener", "kann", "enthalten",
                                              "può",  "contenere", "pode",  "conter",   "may",  "contain"};
  if (words.size() == 2 &&
      std::all_of(words.begin(), words.end(), [&](std::string_view w) { return InWords(w, kMayContain); })) {
    return "a may-contain heading";
  }
  return "";
}

// What a name nested past kMaxReadDepth was not tried as.
constexpr std::string_view kTooDeepNote =
    "nested more than 16 deep (brackets, sub-lists, blends): no reading of it tried";
static_assert(kMaxReadDepth == 16, "kTooDeepNote names the limit");
// What the rest of a run of names past kMaxLabelEntries was not tried as.
constexpr std::string_view kLongRunNote =
    "the rest of a run of more than 4096 names without separators: no word window of it tried";
static_assert(kMaxLabelEntries == 4096, "kLongRunNote names the limit");

// The length of the longest prefix of `s` of at most `n` bytes that ends on a character boundary.
size_t Utf8Prefix(std::string_view s, size_t n) {
  if (n >= s.size()) return s.size();
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return n;
}

// The note for a joined name: "read as one name across a comma", ... with the
// separator as printed when it is neither a comma nor a full stop.
std::string JoinNote(ReadAs how, std::string_view between) {
  switch (how) {
    case ReadAs::kLineJoined: return "read as one name across a line break";
    case ReadAs::kCommaJoined: return "read as one name across a comma";
    case ReadAs::kStopJoined: return "read as one name across a full stop";
    default: {
      between = ascii::Trim(between);
      if (between.size() > 12) {  // cut on a character boundary
        size_t n = 12;
        while (n > 0 && (static_cast<unsigned char>(between[n]) & 0xC0) == 0x80) --n;
        between = between.substr(0, n);
      }
      return fmt::format("read as one name across the separator '{}'", between);
    }
  }
}

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

// How a name broken across `between` (the label text between its two parts)
// was joined: the separator the label printed, not assumed to be a comma.
ReadAs JoinedAcross(std::string_view between, bool line_break) {
  if (line_break) return ReadAs::kLineJoined;
  if (between.find(',') != std::string_view::npos) return ReadAs::kCommaJoined;
  if (between.find('.') != std::string_view::npos) return ReadAs::kStopJoined;
  return ReadAs::kSeparatorJoined;
}

}  // namespace

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

std::vector<const LabelIngredient*> ParsedLabel::Unrecognized() const {
  std::vector<const LabelIngredient*> out;
  for (const auto& i : ingredients) {
    if (!i.recognized()) out.push_back(&i);
  }
  return out;
}

LabelMatcher::LabelMatcher(const Matcher* matcher, const text::LabelSplitter* splitter)
    : matcher_(matcher), splitter_(splitter) {}

Match LabelMatcher::ExactOrSynonym(std::string_view name) const {
  Match m = matcher_->MatchNameExact(name);
  return IsExactOrSynonym(m) ? m : Match();
}

bool LabelMatcher::ResolveExactParts(std::string_view name, int depth, std::vector<Part>* parts) const {
  // Two or more known names with no separator between them; the longest known
  // prefix first. Every part must be a known name.
  if (depth > 5) return false;
  std::vector<std::string_view> words = Words(name);
  if (words.size() < 2 || words.size() > 16) return false;
  // Every left part starts with the first word.
  if (name.find_first_of("([") == std::string_view::npos && !matcher_->MayStartName(words[0])) return false;
  for (size_t k = words.size() - 1; k >= 1; --k) {
    std::string_view left = Span(words, 0, k);
    Match lm = ExactOrSynonym(left);
    if (!lm.ok()) continue;
    std::string_view right = Span(words, k, words.size());
    Match rm = ExactOrSynonym(right);
    std::vector<Part> rest;
    if (rm.ok()) {
      rest.push_back({std::string(right), rm, false, ReadAs::kMissingComma});
    } else if (!ResolveExactParts(right, depth + 1, &rest)) {
      continue;
    }
    parts->push_back({std::string(left), lm, false, ReadAs::kMissingComma});
    for (auto& r : rest) parts->push_back(std::move(r));
    return true;
  }
  return false;
}

bool LabelMatcher::ResolveGroupEdge(std::string_view name, std::string_view piece, bool first, bool allow_fuzzy,
                                    std::vector<Part>* parts, int depth) const {
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
    std::vector<Part> sub;
    Resolve(rest, allow_fuzzy, &sub, nullptr, depth + 1);
    for (auto& p : sub) {
      if (p.name.empty()) p.name = std::string(rest);
    }
    Part e{std::string(edge), em, false, ReadAs::kMissingComma};
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

bool LabelMatcher::OtherNameOfGroup(std::string_view piece, const std::vector<std::string_view>& known,
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

void LabelMatcher::ReadSlashPieces(const std::vector<std::string_view>& pieces, const std::vector<Match>& ms,
                                   const std::vector<bool>& in_group, bool allow_fuzzy, std::vector<Part>* parts,
                                   int depth) const {
  const Match& group = *std::find_if(ms.begin(), ms.end(), [](const Match& m) { return m.ok(); });
  std::vector<Part> sub;
  for (size_t i = 0; i < pieces.size();) {
    if (!in_group[i]) {
      sub.clear();
      Resolve(pieces[i], allow_fuzzy, &sub, nullptr, depth + 1);
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

bool LabelMatcher::BracketNames(std::string_view side, const Match& joined) const {
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

void LabelMatcher::Fuzzy(std::string_view name, Part* p) const {
  std::string key = matcher_->normalizer().Key(name);
  int limit = FuzzyLimit(key.size());
  if (limit == 0) return;
  auto hits = matcher_->fuzzy().Search(key, limit, 3);
  if (hits.empty()) return;
  p->match.kind = MatchKind::kFuzzy;
  p->match.ingredient = hits[0].ingredient;
  p->match.matched = hits[0].name;
  p->match.distance = hits[0].distance;
  p->ambiguous = hits.size() > 1 && hits[1].distance == hits[0].distance;
}

void LabelMatcher::Resolve(std::string_view name, bool allow_fuzzy, std::vector<Part>* parts, const Match* whole_in,
                           int depth) const {
  // 0. Nested past the limit: not read (the caller names the part).
  if (depth > kMaxReadDepth) {
    Part p{"", Match(), false, ReadAs::kDirect};
    p.limit = kTooDeepNote;
    parts->push_back(std::move(p));
    return;
  }
  // 1. The whole name: exact, synonym, or a bracketed synonym.
  Match whole = whole_in ? *whole_in : matcher_->MatchName(name);
  if (IsExactOrSynonym(whole)) {
    parts->push_back({"", whole, false, ReadAs::kDirect});
    return;
  }
  // 1a. A name that is all one bracket, set apart by a stray separator ("(Rose
  // Absolute)", "[Iron Oxides (CI 77491, CI 77492)]"): read as its content, a
  // list of names when it holds commas ("(CI 77491, CI 77492)").
  if (WhollyBracketed(name)) {
    std::string_view inner = ascii::Trim(name.substr(1, name.size() - 2));
    std::vector<std::string_view> items = SplitOutsideBrackets(inner, ',');
    std::vector<std::string> owned;
    PrefixBareColourNumbers(&items, &owned);
    const size_t before = parts->size();
    std::vector<Part> sub;
    for (std::string_view item : items) {
      if (item.empty()) continue;
      sub.clear();
      Resolve(item, allow_fuzzy, &sub, nullptr, depth + 1);
      for (auto& p : sub) {
        if (p.name.empty()) p.name = std::string(item);
        if (items.size() > 1) p.how = ReadAs::kSubList;
        parts->push_back(std::move(p));
      }
    }
    if (parts->size() > before) return;
  }
  // 1b. A leading qualifier: "Organic Aloe Barbadensis Leaf Juice".
  for (std::string_view q : kQualifierWords) {
    if (name.size() > q.size() + 4 && name[q.size()] == ' ' && ascii::EqualsLower(name.substr(0, q.size()), q)) {
      Match m = ExactOrSynonym(name.substr(q.size() + 1));
      if (m.ok()) {
        parts->push_back({"", m, false, ReadAs::kDirect});
        return;
      }
    }
  }
  // 2. Slashes: "Aqua/Water/Eau" is one ingredient; "Glycerin/Water" two.
  if (name.find('/') != std::string_view::npos) {
    std::vector<std::string_view> pieces = SplitOutsideBrackets(name, '/');
    if (pieces.size() >= 2) {
      std::vector<Match> ms;
      int matched = 0;
      for (auto p : pieces) {
        ms.push_back(ExactOrSynonym(p));
        if (ms.back().ok()) ++matched;
      }
      if (matched > 0) {
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
          std::vector<Part> split;
          if (ResolveExactParts(name, 0, &split)) {
            for (auto& p : split) parts->push_back(std::move(p));
            return;
          }
          // The first piece may begin with the name before the group, the last
          // end with the name after it ("Olus Oil/Huile Vegetale Oryza Sativa
          // (Rice) Bran Oil", "Water/Aqua/Eau (And) Camellia Oleifera Leaf
          // Extract"): that name is read apart, the group from the rest.
          if (ResolveGroupEdge(name, pieces.front(), true, allow_fuzzy, parts, depth)) return;
          if (ResolveGroupEdge(name, pieces.back(), false, allow_fuzzy, parts, depth)) return;
          // A name cut short whose full form has slashes: "Adipic Acid/Neopentyl".
          if (Match cut = matcher_->MatchTruncated(name); cut.ok()) {
            parts->push_back({"", std::move(cut), false, ReadAs::kDirect});
            return;
          }
          // The whole a close spelling of one name: "Acrylamide/Sodium
          // Acryloyldimethylaurate Copolymer", "PVP/VA Copolymer".
          if (allow_fuzzy) {
            Part whole_fuzzy{"", Match(), false, ReadAs::kDirect};
            Fuzzy(name, &whole_fuzzy);
            if (whole_fuzzy.match.ok()) {
              parts->push_back(std::move(whole_fuzzy));
              return;
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
              return;
            }
            ReadSlashPieces(pieces, ms, in_group, allow_fuzzy, parts, depth);
            return;
          }
        }
        if (same) {
          // Unmatched pieces are other-language forms of the same name.
          const Match& m = *std::find_if(ms.begin(), ms.end(), [](const Match& x) { return x.ok(); });
          parts->push_back({"", m, false, ReadAs::kSlashSynonyms});
          return;
        }
        // Different known ingredients: read each piece on its own (an unknown
        // piece stays unknown rather than hiding the known ones).
        for (size_t i = 0; i < pieces.size(); ++i) {
          Part p{std::string(pieces[i]), ms[i], false, ReadAs::kSlashSplit};
          if (!p.match.ok() && allow_fuzzy) Fuzzy(pieces[i], &p);
          parts->push_back(std::move(p));
        }
        return;
      }
    }
  }
  // 3. Blends joined by "and" / "&": "Behentrimonium Methosulfate and Cetearyl Alcohol".
  {
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
    if (!pieces.empty()) {
      pieces.push_back(name.substr(start));
      // Split where a piece is a known name: an unknown piece stays unknown
      // rather than hiding the known ones ("Glycerin & Aloe and Citric Acid").
      std::vector<Part> sub;
      size_t known = 0;
      for (auto p : pieces) {
        if (p.empty()) continue;
        Match m = ExactOrSynonym(p);
        if (m.ok()) {
          sub.push_back({std::string(p), m, false, ReadAs::kAndSplit});
          ++known;
        } else if (ResolveExactParts(p, 1, &sub)) {
          ++known;
        } else {
          sub.push_back({std::string(p), Match(), false, ReadAs::kAndSplit});
        }
      }
      if (known > 0) {
        std::vector<Part> piece;
        for (auto& p : sub) {
          if (p.match.ok()) {
            p.how = ReadAs::kAndSplit;
            parts->push_back(std::move(p));
            continue;
          }
          // An unknown piece is read as any other name ("Organic Cane Sugar
          // Alcohol": a run of names), never left whole.
          piece.clear();
          Resolve(p.name, allow_fuzzy, &piece, nullptr, depth + 1);
          for (auto& q : piece) {
            if (q.name.empty()) q.name = p.name;
            if (q.how == ReadAs::kDirect) q.how = ReadAs::kAndSplit;
            parts->push_back(std::move(q));
          }
        }
        return;
      }
    }
  }
  // 4. Missing commas: "Parfum (Fragrance) D-Limonene".
  if (ResolveExactParts(name, 0, parts)) return;
  // 5. A bracketed sub-list: "Citrus Oils (Orange, Lemon)".
  // "Complex [Retinol, Tocopherol]" as "Citrus Oils (Orange, Lemon)": any bracket.
  size_t open = name.find_first_of("([{");
  const char close = open == std::string_view::npos ? '\0' : name[open] == '(' ? ')' : name[open] == '[' ? ']' : '}';
  if (open != std::string_view::npos && name.find(',', open) != std::string_view::npos && name.back() == close) {
    std::string_view head = ascii::Trim(name.substr(0, open));
    std::vector<std::string_view> items = SplitOutsideBrackets(name.substr(open + 1, name.size() - open - 2), ',');
    std::vector<std::string> owned;
    PrefixBareColourNumbers(&items, &owned);
    // "Aqua (Water, Eau)": every item another name of the head: one ingredient.
    if (!head.empty() && items.size() >= 2) {
      Match hm0 = ExactOrSynonym(head);
      if (hm0.ok() && hm0.ingredient >= 0 && std::all_of(items.begin(), items.end(), [&](std::string_view i) {
            Match im = ExactOrSynonym(i);
            return im.ok() && im.ingredient == hm0.ingredient;
          })) {
        parts->push_back({"", hm0, false, ReadAs::kSlashSynonyms});
        return;
      }
    }
    if (!head.empty() && items.size() >= 2) {
      // The head is kept when it is an ingredient itself ("Fragrance (Rose,
      // Jasmine)"); otherwise it only names the group ("Iron Oxides", "EO Blend").
      std::vector<Part> sub;
      Match hm = ExactOrSynonym(head);
      bool items_known =
          std::all_of(items.begin(), items.end(), [&](std::string_view i) { return ExactOrSynonym(i).ok(); });
      if (hm.ok() &&
          !(items_known && hm.ingredient >= 0 && std::any_of(items.begin(), items.end(), [&](std::string_view i) {
              return ExactOrSynonym(i).ingredient == hm.ingredient;
            }))) {
        parts->push_back({std::string(head), hm, false, ReadAs::kDirect});
      } else if (!hm.ok() && !IsGroupName(head)) {
        // A head the database does not know may be an ingredient itself: it
        // is not checked, and says so ("Complex [Retinol, Tocopherol]").
        Part hp{std::string(head), Match(), false, ReadAs::kDirect};
        if (allow_fuzzy) Fuzzy(head, &hp);
        parts->push_back(std::move(hp));
      }
      for (auto item : items) {
        sub.clear();
        Resolve(item, allow_fuzzy, &sub, nullptr, depth + 1);
        for (auto& p : sub) {
          if (p.name.empty()) p.name = std::string(item);
          p.how = ReadAs::kSubList;
          parts->push_back(std::move(p));
        }
      }
      return;
    }
  }
  // 6a. A run of names with no separators at all: "Talc Aluminum Calcium Sodium
  // Silicate Octyldodecyl Stearoyl Stearate ...". Longest known name first;
  // words that start no known name are kept together as one unknown piece.
  {
    std::vector<std::string_view> words = Words(name);
    if (words.size() >= 4) {
      std::vector<Part> seg;
      size_t known_words = 0;
      size_t i = 0, unknown_from = std::string_view::npos;
      auto flush_unknown = [&](size_t until) {
        if (unknown_from == std::string_view::npos) return;
        Part p{std::string(Span(words, unknown_from, until)), Match(), false, ReadAs::kMissingComma};
        seg.push_back(std::move(p));
        unknown_from = std::string_view::npos;
      };
      const bool bracket_free = name.find_first_of("([") == std::string_view::npos;
      // Up to 8 lookups a word: a run longer than a label can hold entries is
      // read that far, and the rest of it is one part not read.
      size_t read_words = words.size();
      while (i < words.size()) {
        if (seg.size() >= kMaxLabelEntries) {
          flush_unknown(i);
          Part rest{std::string(Span(words, i, words.size())), Match(), false, ReadAs::kMissingComma};
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
            best_m = std::move(m);
            break;
          }
        }
        if (best == 0) {
          if (unknown_from == std::string_view::npos) unknown_from = i;
          ++i;
          continue;
        }
        flush_unknown(i);
        seg.push_back({std::string(Span(words, i, i + best)), std::move(best_m), false, ReadAs::kMissingComma});
        known_words += best;
        i += best;
      }
      flush_unknown(words.size());
      // Accept when most of the run reads as at least two known names: one known
      // name with a word before it is a modified name ("Saponified ... Butter"
      // is a soap, not shea butter), read as one unknown.
      size_t known_parts =
          static_cast<size_t>(std::count_if(seg.begin(), seg.end(), [](const Part& p) { return p.match.ok(); }));
      if (known_parts >= 2 && known_words * 3 >= read_words * 2) {
        for (auto& p : seg) {
          if (!p.match.ok() && allow_fuzzy && p.limit.empty()) Fuzzy(p.name, &p);
          parts->push_back(std::move(p));
        }
        return;
      }
    }
  }
  // 6. A family pattern: "CI 12345", "SD Alcohol 40-B"; after the run of
  // names, so that a list printed without commas is not one pattern because
  // one of its names matches one ("... Disodium EDTA Fragrance").
  if (whole.kind == MatchKind::kPattern) {
    parts->push_back({"", whole, false, ReadAs::kDirect});
    return;
  }
  // 6c. A species without its plant part: "Rosa Damascena" (worst-case categories).
  {
    Match m = matcher_->MatchSpecies(name);
    if (m.ok()) {
      parts->push_back({"", std::move(m), false, ReadAs::kDirect});
      return;
    }
  }
  // 6d. A name cut short: "acrylates/c10-30 alkyl" (worst-case categories).
  {
    Match m = matcher_->MatchTruncated(name);
    if (m.ok()) {
      parts->push_back({"", std::move(m), false, ReadAs::kDirect});
      return;
    }
  }
  // 6b. Glued words: "Cetyl PEG/PPG-10/1Dimethicone", "Water Glycerin" typed as "WaterGlycerin".
  {
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
    if (unglued.size() != name.size()) {
      Match m = ExactOrSynonym(unglued);
      if (m.ok()) {
        parts->push_back({"", m, false, ReadAs::kGlued});
        return;
      }
      std::vector<Part> sub;
      if (ResolveExactParts(unglued, 0, &sub)) {
        for (auto& p : sub) {
          p.how = ReadAs::kGlued;
          parts->push_back(std::move(p));
        }
        return;
      }
    }
  }
  // 7. Fuzzy: misspellings, reported as such; else unrecognized.
  Part p{"", Match(), false, ReadAs::kDirect};
  if (allow_fuzzy) Fuzzy(name, &p);
  parts->push_back(std::move(p));
}

namespace {

// The clean text of a label in ASCII lower case, made on first use: what
// Locate searches. Scratch for one Parse().
struct LowerClean {
  const std::string& Of(const text::SplitLabel& split) {
    if (!made) {
      lower.resize(split.clean.size());
      std::transform(split.clean.begin(), split.clean.end(), lower.begin(), [](char c) { return ascii::Lower(c); });
      made = true;
    }
    return lower;
  }
  std::string lower, needle;
  bool made = false;
};

// Locates `part` inside clean bytes [*from, e) of `split`; falls back to [b, e).
void Locate(const text::SplitLabel& split, LowerClean* lower, std::string_view part, uint32_t b, uint32_t e,
            uint32_t* from, uint32_t* pb, uint32_t* pe) {
  const std::string_view hay = std::string_view(lower->Of(split)).substr(*from, e - *from);
  // Offset of `needle` in hay[at..), case-blind; npos when absent. The first
  // occurrence, found in linear time (glibc's memmem is the two-way
  // algorithm): a byte-by-byte comparison at each offset took 10 s for a
  // 150 KB name of brackets inside 200 KB of them (found by the fuzzer).
  auto find_ci = [&](std::string_view needle, size_t at = 0) -> size_t {
    if (needle.empty() || at > hay.size() || needle.size() > hay.size() - at) return std::string_view::npos;
    std::string& low = lower->needle;
    low.resize(needle.size());
    std::transform(needle.begin(), needle.end(), low.begin(), [](char c) { return ascii::Lower(c); });
    const void* hit = memmem(hay.data() + at, hay.size() - at, low.data(), low.size());
    return hit == nullptr ? std::string_view::npos : static_cast<size_t>(static_cast<const char*>(hit) - hay.data());
  };
  size_t p = find_ci(part);
  if (p == std::string_view::npos && part.size() > 3 && part.substr(0, 3) == "CI ") {
    part.remove_prefix(3);  // "CI 77492" read from "(CI 77491|77492)"
    p = find_ci(part);
  }
  size_t end = p + part.size();  // used only when p was found
  if (p == std::string_view::npos && !part.empty()) {
    // Written with something between its words ("only 0.005% Glycerin" read as
    // "only Glycerin"): from its first word to its last.
    const size_t first_space = part.find(' ');
    p = find_ci(part.substr(0, first_space));
    end = p + part.size();
    if (p != std::string_view::npos && first_space != std::string_view::npos) {
      const std::string_view last = part.substr(part.rfind(' ') + 1);
      const size_t q = find_ci(last, p + first_space);
      if (q != std::string_view::npos) end = q + last.size();
    }
  }
  if (p == std::string_view::npos) {
    *pb = b;
    *pe = e;
    return;
  }
  *pb = *from + static_cast<uint32_t>(p);
  *pe = std::min<uint32_t>(e, *from + static_cast<uint32_t>(end));
  *from = *pe;
}

// The percentage written right after clean bytes [.., pe) of a token that reads
// as several ingredients: "Orange 2%" in "Citrus Oils (Orange 2%, Lemon 1%)",
// "Sodium Hyaluronate (1%)". None when the next thing is not a percentage: the
// token's percentage belongs to one of its parts, never to all of them.
std::optional<double> PercentAfter(std::string_view clean, size_t pe, size_t e) {
  size_t i = pe;
  while (i < e && (clean[i] == ' ' || clean[i] == '(' || clean[i] == '[')) ++i;
  const size_t digits = i;
  while (i < e && ((clean[i] >= '0' && clean[i] <= '9') || ((clean[i] == '.' || clean[i] == ',') && i > digits &&
                                                            i + 1 < e && clean[i + 1] >= '0' && clean[i + 1] <= '9'))) {
    ++i;
  }
  if (i == digits) return std::nullopt;
  std::string number(clean.substr(digits, i - digits));
  while (i < e && clean[i] == ' ') ++i;
  if (i >= e || clean[i] != '%') return std::nullopt;
  std::replace(number.begin(), number.end(), ',', '.');
  return std::strtod(number.c_str(), nullptr);
}

}  // namespace

MatchCache::MatchCache(size_t max_entries) : max_entries_(max_entries), split_(max_entries / 3) {}
MatchCache::~MatchCache() = default;

void MatchCache::Clear() {
  ClearReadings();
  joins_.clear();
  suggestions_.clear();
  split_.Clear();
}

void MatchCache::ClearReadings() {
  map_.clear();
  readings_.clear();
  ++generation_;
}

namespace {

// Puts `ing` among the ingredients in text order, numbering it and the later
// ones of its component anew.
void InsertInOrder(ParsedLabel* out, LabelIngredient ing) {
  auto at = std::find_if(out->ingredients.begin(), out->ingredients.end(),
                         [&](const LabelIngredient& i) { return i.span.begin >= ing.span.end; });
  if (!ing.may_contain && !ing.not_read) {
    int before = 0;
    // Entries with no place (may-contain, not read: position 0) keep none.
    for (auto it = out->ingredients.begin(); it != at; ++it) {
      if (it->component == ing.component && it->position > 0) before = it->position;
    }
    ing.position = before + 1;
    for (auto it = at; it != out->ingredients.end(); ++it) {
      if (it->component == ing.component && it->position > 0) ++it->position;
    }
  }
  out->ingredients.insert(at, std::move(ing));
}

// InsertInOrder for each of `kept` in turn, in one pass: a label of 50,000
// names written as sentences ("Water. Glycerin. ...") keeps each by the
// known-name net, and inserting them one by one moved and renumbered the
// whole list each time. When `kept` is in text order without overlaps (the
// notes it comes from nearly always are), each goes before the first
// ingredient that starts at or after its end, after those kept before it, and
// the positions come out as InsertInOrder's; else one at a time.
void InsertAllInOrder(ParsedLabel* out, std::vector<LabelIngredient>* kept) {
  const bool in_order = std::adjacent_find(kept->begin(), kept->end(), [](const auto& a, const auto& b) {
                          return b.span.begin < a.span.end;
                        }) == kept->end();
  if (kept->size() < 8 || !in_order) {
    for (auto& ing : *kept) InsertInOrder(out, std::move(ing));
    return;
  }
  std::vector<LabelIngredient> merged;
  merged.reserve(out->ingredients.size() + kept->size());
  // Per product: the last position given, and how many kept ones moved the later ones down.
  std::vector<int> last, shift;
  const auto slot = [&](int component) -> size_t {
    const auto c = static_cast<size_t>(component);
    if (c >= last.size()) {
      last.resize(c + 1, 0);
      shift.resize(c + 1, 0);
    }
    return c;
  };
  const auto take = [&](LabelIngredient&& ing) {
    const size_t c = slot(ing.component);
    if (ing.position > 0) {
      ing.position += shift[c];
      last[c] = ing.position;
    }
    merged.push_back(std::move(ing));
  };
  auto it = out->ingredients.begin();
  for (auto& ing : *kept) {
    while (it != out->ingredients.end() && it->span.begin < ing.span.end) take(std::move(*it++));
    if (!ing.may_contain && !ing.not_read) {
      const size_t c = slot(ing.component);
      ing.position = ++last[c];
      ++shift[c];
    }
    merged.push_back(std::move(ing));
  }
  while (it != out->ingredients.end()) take(std::move(*it++));
  out->ingredients = std::move(merged);
}

}  // namespace

void LabelMatcher::KeepRestNotRead(ParsedLabel* out, uint32_t begin, uint32_t end, std::string_view why) {
  LabelIngredient ing;
  ing.span = {begin, end};
  ing.not_read = true;
  ing.name_begin = static_cast<uint32_t>(out->names.size());
  out->names.append(out->text, begin, end - begin);
  ing.name_end = static_cast<uint32_t>(out->names.size());
  if (!out->ingredients.empty()) {
    ing.component = out->ingredients.back().component;
    ing.may_contain = out->ingredients.back().may_contain;
  }
  out->diagnostics.push_back(
      {text::DiagnosticKind::kLimit,
       fmt::format("{}: the rest of the label ({} bytes) not read, no reading of it tried", why, end - begin),
       ing.span});
  out->ingredients.push_back(std::move(ing));
}

void LabelMatcher::KeepUnaccountedText(ParsedLabel* out) {
  if (out->ingredients.empty()) return;
  const uint32_t list_begin = out->ingredients.front().span.begin;
  std::vector<LabelIngredient> kept;
  for (const text::SourceSpan& s : Unaccounted(*out)) {
    if (s.begin < list_begin) continue;
    // The text without the separators around it.
    uint32_t b = s.begin, e = s.end;
    const auto junk = [](char c) {
      return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ';' || c == '.';
    };
    while (b < e && junk(out->text[b])) ++b;
    while (e > b && junk(out->text[e - 1])) --e;
    LabelIngredient ing;
    ing.span = {b, e};
    ing.not_read = true;
    ing.name_begin = static_cast<uint32_t>(out->names.size());
    out->names.append(out->text, b, e - b);
    ing.name_end = static_cast<uint32_t>(out->names.size());
    // It belongs with the ingredient before it.
    for (const auto& i : out->ingredients) {
      if (i.span.begin > b) break;
      ing.component = i.component;
      ing.may_contain = i.may_contain;
    }
    kept.push_back(std::move(ing));
  }
  for (auto& ing : kept) {
    out->diagnostics.push_back({text::DiagnosticKind::kProse,
                                fmt::format("text no rule of the reader accounts for: '{}' (not read)",
                                            std::string_view(out->text).substr(
                                                ing.span.begin, std::min<uint32_t>(60, ing.span.end - ing.span.begin))),
                                ing.span});
    InsertInOrder(out, std::move(ing));
  }
}

bool LabelMatcher::HasKnownPiece(std::string_view text) const {
  if (text.find_first_of(",;") == std::string_view::npos) return false;
  for (size_t b = 0; b <= text.size();) {
    size_t e = text.find_first_of(",;", b);
    if (e == std::string_view::npos) e = text.size();
    const std::string_view piece = TrimQuotes(text.substr(b, e - b));
    if (piece.size() >= 3 && ExactOrSynonym(piece).ok()) return true;
    b = e + 1;
  }
  return false;
}

void LabelMatcher::KeepKnownNames(ParsedLabel* out, size_t split_diagnostics, uint32_t read_until) const {
  // The splitter drops headings, pack text and footnotes by their shape; a
  // piece of one that is a known name on its own ("Retinol, Ingredients:
  // Water") is an ingredient all the same. Not where the text says the
  // product is without it ("Free of: parabens, fragrance").
  std::vector<LabelIngredient> kept;
  std::vector<text::Diagnostic> notes;
  for (size_t k = 0; k < split_diagnostics; ++k) {
    const auto& d = out->diagnostics[k];
    if (d.kind != text::DiagnosticKind::kHeading && d.kind != text::DiagnosticKind::kProse &&
        d.kind != text::DiagnosticKind::kFootnote) {
      continue;
    }
    if (d.span.begin >= read_until) continue;                                    // in the text left not read
    if (d.message.compare(0, 13, "sub-product '") == 0) continue;                // ReadNamedSubProducts' part
    if (d.message.compare(0, 27, "what the product is free of") == 0) continue;  // it says: not in the product
    const std::string_view text = std::string_view(out->text).substr(d.span.begin, d.span.end - d.span.begin);
    bool negated = false;
    for (size_t b = 0; b < text.size();) {
      // List pieces: at commas, semicolons and sentence ends ("-Retinol:
      // smooths" is a claim about a name, not the name on its own).
      size_t e = b;
      while (e < text.size() && text[e] != ',' && text[e] != ';' &&
             !(text[e] == '.' && (e + 1 == text.size() || text[e + 1] == ' '))) {
        ++e;
      }
      std::string_view piece = text.substr(b, e - b);
      const auto word_at = [&](std::string_view w) {
        for (size_t i = 0; i + w.size() <= piece.size(); ++i) {
          if (ascii::EqualsLower(piece.substr(i, w.size()), w) && (i == 0 || !ascii::IsAlpha(piece[i - 1])) &&
              (i + w.size() == piece.size() || !ascii::IsAlpha(piece[i + w.size()]))) {
            return true;
          }
        }
        return false;
      };
      negated = negated || word_at("free") || word_at("without") || word_at("no") || word_at("not") ||
                word_at("sans") || word_at("ohne") || word_at("sin");
      // The piece without spaces, footnote marks and a final full stop.
      size_t pb = 0, pe = piece.size();
      const auto trim = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '*' || c == '.' || c == '-'; };
      while (pb < pe && trim(piece[pb])) ++pb;
      while (pe > pb && trim(piece[pe - 1])) --pe;
      const std::string_view name = piece.substr(pb, pe - pb);
      if (!negated && name.size() >= 3 && name.size() <= 256) {  // INCI names run to about 200 bytes
        const Match m = ExactOrSynonym(name);
        if (m.ok()) {
          LabelIngredient ing(m);
          const auto at = static_cast<uint32_t>(d.span.begin + (name.data() - text.data()));
          ing.span = {at, at + static_cast<uint32_t>(name.size())};
          ing.name_begin = static_cast<uint32_t>(out->names.size());
          out->names += name;
          ing.name_end = static_cast<uint32_t>(out->names.size());
          for (const auto& i : out->ingredients) {
            if (i.span.begin > at) break;
            ing.component = i.component;
          }
          notes.push_back({text::DiagnosticKind::kHeading,
                           fmt::format("'{}' read as an ingredient: a known name inside text taken for {}", name,
                                       text::DiagnosticKindName(d.kind)),
                           ing.span});
          kept.push_back(std::move(ing));
        }
      }
      b = e + 1;
    }
  }
  InsertAllInOrder(out, &kept);
  for (auto& n : notes) out->diagnostics.push_back(std::move(n));
}

void LabelMatcher::ReadNamedSubProducts(ParsedLabel* out, uint32_t read_until) const {
  // "Avobenzone: 2.5%, Homosalate: 6.0%, ...": the splitter, which knows no
  // names, took the first name for a sub-product's. A known name never is one.
  constexpr std::string_view kPrefix = "sub-product '";
  for (auto& d : out->diagnostics) {
    if (d.kind != text::DiagnosticKind::kHeading || d.message.compare(0, kPrefix.size(), kPrefix) != 0) continue;
    if (d.span.begin >= read_until) continue;  // in the text left not read
    auto c = std::find(out->components.begin(), out->components.end(),
                       std::string_view(d.message).substr(kPrefix.size(), d.message.size() - kPrefix.size() - 1));
    if (c == out->components.end()) continue;
    const Match m = matcher_->MatchName(*c);
    if (!IsExactOrSynonym(m)) continue;
    // Past kMaxLabelComponents the name is still read, as the last sub-product's.
    const int component =
        static_cast<int>(std::min<size_t>(static_cast<size_t>(c - out->components.begin()), kMaxLabelComponents - 1));
    LabelIngredient ing(m);
    text::SourceSpan span = d.span;
    while (span.end > span.begin && (out->text[span.end - 1] == ':' || IsSpace(out->text[span.end - 1]))) --span.end;
    ing.span = span;
    ing.name_begin = static_cast<uint32_t>(out->names.size());
    out->names += *c;
    ing.name_end = static_cast<uint32_t>(out->names.size());
    ing.component = component;
    InsertInOrder(out, std::move(ing));
    d.message = fmt::format("'{}:' read as an ingredient, not a sub-product's name", *c);
    if (out->components.size() == 1) c->clear();
  }
}

ParsedLabel LabelMatcher::Parse(std::string_view label, const ParseOptions& options) const {
  ParsedLabel out;
  // With a cache, the working buffers are the cache's, already the size
  // labels need.
  MatchCache::Scratch fresh;
  MatchCache::Scratch& scratch = options.cache ? options.cache->scratch_ : fresh;
  text::SplitLabel& split = scratch.split;
  splitter_->Split(label, options.cache ? &options.cache->split_ : nullptr, &split);
  out.text = std::string(label);
  // Token names stay at their offsets; split and joined names are appended.
  out.names.reserve(split.names.size() + split.names.size() / 4 + 32);
  out.names = split.names;
  out.diagnostics = std::move(split.diagnostics);
  const size_t split_diagnostics = out.diagnostics.size();  // the reader's own come after these
  std::vector<int>& position = scratch.positions;           // per component: the last position given
  position.assign(split.components.size(), 0);
  out.components = std::move(split.components);
  out.ingredients.reserve(split.tokens.size());
  std::vector<Part>& local = scratch.parts;
  std::string& join_key = scratch.join_key;
  size_t prev_token_count = 0;  // ingredients the previous token produced

  const size_t tokens = split.tokens.size();
  // Do the label's names start with a capital? (A list printed in lower case
  // has lower-case names, not sentences.)
  bool title_case_list = false;
  {
    size_t upper = 0, lower = 0;
    for (const auto& tok : split.tokens) {
      const std::string_view n = split.Name(tok);
      if (n.empty()) continue;
      upper += ascii::IsUpper(n.front());
      lower += ascii::IsLower(n.front());
    }
    title_case_list = upper >= 5 && upper >= 8 * lower;
  }
  LowerClean lower_clean;  // what Locate searches, made on first use
  // Where the entries reached kMaxLabelEntries: the text from there on is not read.
  constexpr uint32_t kAll = std::numeric_limits<uint32_t>::max();
  uint32_t rest_begin = kAll;
  for (size_t t = 0; t < tokens; ++t) {
    const text::LabelToken& tok = split.tokens[t];
    if (out.ingredients.size() >= kMaxLabelEntries || static_cast<size_t>(tok.component) >= kMaxLabelComponents) {
      rest_begin = tok.span.begin;
      break;
    }
    std::string_view name = split.Name(tok);
    const std::vector<Part>* parts = nullptr;
    // The reading of a token depends on its name alone: a cache hit, keyed by
    // the name as written, skips normalisation and every lookup.
    auto resolve = [&] {
      local.clear();
      Match direct = matcher_->MatchName(name);
      if (IsExactOrSynonym(direct)) {
        local.push_back({"", std::move(direct), false, ReadAs::kDirect});  // the whole token is a known name
      } else {
        Resolve(name, true, &local, &direct);
      }
    };
    if (options.cache) {
      MatchCache& cache = *options.cache;
      const uint64_t memo = tok.memo == nullptr ? 0 : *tok.memo;
      if (memo >> 32 == cache.generation_) {  // generation_ is never 0: an unset memo never matches
        parts = &cache.readings_[(memo & 0xFFFFFFFF) - 1];
      } else {
        auto it = cache.map_.find(name);
        if (it == cache.map_.end()) {
          resolve();
          if (cache.map_.size() >= cache.max_entries_) cache.ClearReadings();
          it = cache.map_.emplace(std::string(name), static_cast<uint32_t>(cache.readings_.size())).first;
          cache.readings_.push_back(local);
        }
        if (tok.memo != nullptr) *tok.memo = cache.generation_ << 32 | (uint64_t{it->second} + 1);
        parts = &cache.readings_[it->second];
      }
    } else {
      resolve();
      parts = &local;
    }
    // A name broken by a line break or a stray comma: "Pentaerythrityl Tetra-di-t-butyl\nHydroxyhydrocinnamate",
    // "Sodium, Isethionate", "2-Oleamido-1, 3-Octadecanediol". Joined only when one side is not a known name
    // and the joined name is. A side that is all one bracket ("Aqua\n(Water, Eau)") must name the joined
    // ingredient itself: the joined name matches by dropping that bracket, and "Water, (Rose Absolute)" would
    // drop the rose with it.
    if (t > 0 && prev_token_count > 0 && split.tokens[t - 1].component == tok.component &&
        split.tokens[t - 1].may_contain == tok.may_contain && !tok.prose_suspect) {
      bool prev_weak = false;
      const size_t made = out.ingredients.size();
      for (size_t k = made - prev_token_count; k < made; ++k) {
        const LabelIngredient& pi = out.ingredients[k];
        prev_weak = prev_weak || !pi.recognized() || pi.match.kind == MatchKind::kFuzzy;
      }
      bool cur_weak = parts->size() != 1 || !(*parts)[0].match.ok() || (*parts)[0].match.kind == MatchKind::kFuzzy;
      if (prev_weak || cur_weak) {
        std::string_view prev_name = split.Name(split.tokens[t - 1]);
        // The joined name and its match ("" and none when no join reads as a
        // known name): computed here, or found in the cache.
        std::pair<std::string, Match> here;
        auto join = [&] {
          for (const char* glue : {" ", ","}) {
            here.first = std::string(prev_name) + glue + std::string(name);
            here.second = matcher_->MatchStrict(here.first);
            if (here.second.ok()) break;
          }
        };
        const std::pair<std::string, Match>* found = &here;
        if (options.cache) {
          join_key.assign(prev_name);
          join_key += '\x1f';
          join_key += name;
          auto it = options.cache->joins_.find(join_key);
          if (it == options.cache->joins_.end()) {
            join();
            if (options.cache->joins_.size() >= options.cache->max_entries_) options.cache->joins_.clear();
            it = options.cache->joins_.emplace(join_key, std::move(here)).first;
          }
          found = &it->second;
        } else {
          join();
        }
        const std::string& joined = found->first;
        const Match& jm = found->second;
        if (jm.ok() && BracketNames(prev_name, jm) && BracketNames(name, jm)) {
          size_t first = out.ingredients.size() - prev_token_count;
          LabelIngredient joined_ing = out.ingredients[first];
          out.ingredients.resize(first);
          // Diagnostics this reader added for the removed ingredients no longer
          // apply; the splitter's (an OCR repair later in the label) still do.
          while (out.diagnostics.size() > split_diagnostics &&
                 out.diagnostics.back().span.begin >= joined_ing.span.begin &&
                 (out.diagnostics.back().kind == text::DiagnosticKind::kMissingComma ||
                  out.diagnostics.back().kind == text::DiagnosticKind::kOcr)) {
            out.diagnostics.pop_back();
          }
          joined_ing.match = jm;
          joined_ing.span = {split.tokens[t - 1].span.begin, tok.span.end};
          joined_ing.name_begin = static_cast<uint32_t>(out.names.size());
          out.names += joined;
          joined_ing.name_end = static_cast<uint32_t>(out.names.size());
          const uint32_t gap_begin = split.tokens[t - 1].span.end;
          const std::string_view between =
              label.substr(gap_begin, tok.span.begin > gap_begin ? tok.span.begin - gap_begin : 0);
          joined_ing.how = JoinedAcross(between, tok.soft_break_before);
          joined_ing.ambiguous = false;
          joined_ing.suggestions.clear();
          // A join reads a name: not text not read, and it has a place in the list.
          if (joined_ing.not_read) {
            joined_ing.not_read = false;
            if (!joined_ing.may_contain) joined_ing.position = ++position[static_cast<size_t>(tok.component)];
          }
          if (!joined_ing.percent) joined_ing.percent = tok.percent;
          out.diagnostics.push_back({text::DiagnosticKind::kMissingComma,
                                     fmt::format("'{}' {}", joined, JoinNote(joined_ing.how, between)),
                                     joined_ing.span});
          out.ingredients.push_back(std::move(joined_ing));
          prev_token_count = 1;
          // The joined ingredient keeps the first part's place; may-contain ones have none.
          if (!out.ingredients.back().may_contain) {
            position[static_cast<size_t>(tok.component)] = out.ingredients.back().position;
          }
          continue;
        }
      }
    }
    // "Silica, Amorphous": a lone qualifier describes the ingredient before it.
    if (parts->size() == 1 && !(*parts)[0].match.ok() && !out.ingredients.empty() && IsQualifierWord(name)) {
      out.diagnostics.push_back({text::DiagnosticKind::kQualifier,
                                 fmt::format("'{}' qualifies '{}'", name, out.Name(out.ingredients.back())), tok.span});
      prev_token_count = 0;
      continue;
    }
    size_t before = out.ingredients.size();
    uint32_t from = tok.clean_begin;
    for (const Part& p : *parts) {
      if (out.ingredients.size() >= kMaxLabelEntries) {  // a token of thousands of parts: the rest of it not read
        rest_begin = split.Span(from, from).begin;
        break;
      }
      if (!p.match.ok() && p.limit.empty() && !tok.prose_suspect && !tok.colon_head && parts->size() == 1) {
        // A plain list piece that plainly is no ingredient: a note, unless a
        // comma piece of it is a known name.
        const std::string_view piece = p.name.empty() ? name : std::string_view(p.name);
        // The name drops a hyphen at its end; the label keeps it ("Paraben-"),
        // and the next 80 bytes say "-free".
        bool cut_before_free = false;
        if (tok.span.end > tok.span.begin && tok.span.end <= label.size() && label[tok.span.end - 1] == '-') {
          const std::vector<std::string_view> after = PieceWords(label.substr(tok.span.end, 80));
          cut_before_free = std::any_of(after.begin(), after.end(), EndsWithFree);
        }
        std::string what = NotAnIngredient(ascii::Trim(piece), cut_before_free);
        // The product's own name alone on the label's first line ("Facial Spray with Aloe").
        if (what.empty() && t == 0 &&
            label.substr(0, tok.span.begin).find_first_not_of(" \t\r\n") == std::string_view::npos &&
            tok.span.end < label.size() && (label[tok.span.end] == '\n' || label[tok.span.end] == '\r') &&
            ClassifyUnread(ascii::Trim(piece), false) == Unread::kProductName) {
          what = "the product's name";
        }
        if (!what.empty() && !HasKnownPiece(piece)) {
          std::string shown(piece);
          if (shown.size() > 60) shown = shown.substr(0, 57) + "...";
          out.diagnostics.push_back(
              {what == "the product's name" ? text::DiagnosticKind::kHeading : text::DiagnosticKind::kProse,
               fmt::format("{}: '{}'", what, shown), tok.span});
          continue;
        }
      }
      if (!p.match.ok() && p.limit.empty() && (tok.prose_suspect || tok.colon_head)) {
        // Text the splitter took for prose or a heading, and no known name:
        // dropped only as a kind of text that is known not to be an
        // ingredient. Anything else inside the list is not read, and stays.
        const std::string_view piece = p.name.empty() ? name : std::string_view(p.name);
        // A piece of a sentence that reads as pack text as a whole ("Ginger,
        // Bisabolol and Panthenol: Help moisturize ...") is that sentence's.
        Unread kind = tok.pack_text ? Unread::kSentence : ClassifyUnread(ascii::Trim(piece), title_case_list);
        // Never dropped when a comma piece of it is a known name ("e, Polyvinyl Alcohol").
        if (kind != Unread::kNotRead && HasKnownPiece(piece)) kind = Unread::kNotRead;
        if (kind != Unread::kNotRead) {
          std::string shown(piece);
          if (shown.size() > 60) shown = shown.substr(0, 57) + "...";
          // The note covers the part, not the whole token: the token's other
          // parts may be names read.
          text::SourceSpan span = tok.span;
          if (!p.name.empty() && parts->size() > 1) {
            uint32_t pb, pe, at = from;
            Locate(split, &lower_clean, p.name, tok.clean_begin, tok.clean_end, &at, &pb, &pe);
            span = split.Span(pb, pe);
          }
          if (kind == Unread::kProductName) {
            out.diagnostics.push_back(
                {text::DiagnosticKind::kHeading, fmt::format("a product's name: '{}'", shown), span});
          } else {
            out.diagnostics.push_back({text::DiagnosticKind::kProse,
                                       fmt::format("{}: '{}'",
                                                   kind == Unread::kDescriptor ? "what the ingredient before it does"
                                                                               : "text that is not an ingredient",
                                                   shown),
                                       span});
          }
          continue;
        }
      }
      // Built in place; `prev` is the ingredient before it, if this token made one.
      const size_t at = out.ingredients.size();
      LabelIngredient& ing = out.ingredients.emplace_back(p.match);
      const LabelIngredient* prev = at > before ? &out.ingredients[at - 1] : nullptr;
      ing.percent = tok.percent;
      if (p.name.empty()) {
        ing.span = tok.span;
        ing.name_begin = tok.name_begin;
        ing.name_end = tok.name_end;
      } else {
        uint32_t pb, pe;
        Locate(split, &lower_clean, p.name, tok.clean_begin, tok.clean_end, &from, &pb, &pe);
        while (pe < tok.clean_end && (split.clean[pe] == '*' || split.clean[pe] == '^')) ++pe;  // "Xanthan Gum**"
        ing.span = split.Span(pb, pe);
        ing.name_begin = static_cast<uint32_t>(out.names.size());
        out.names += p.name;
        ing.name_end = static_cast<uint32_t>(out.names.size());
        if (tok.percent && parts->size() > 1) ing.percent = PercentAfter(split.clean, pe, tok.clean_end);
      }
      ing.may_contain = tok.may_contain;
      ing.active = tok.active;
      ing.nano = tok.nano;
      ing.component = tok.component;
      ing.ambiguous = p.ambiguous;
      ing.how = p.how;
      // Unknown text the splitter doubted that no kind above claimed.
      ing.not_read = !p.match.ok() && (tok.prose_suspect || tok.colon_head);
      if (!p.limit.empty()) {
        // A limit of the reader stopped it: not read, and the note says why.
        ing.not_read = true;
        const std::string_view text = out.Name(ing);
        out.diagnostics.push_back({text::DiagnosticKind::kLimit,
                                   fmt::format("'{}{}': {}: not read", text.substr(0, Utf8Prefix(text, 57)),
                                               text.size() > 57 ? "..." : "", p.limit),
                                   ing.span});
      }
      if (ing.how == ReadAs::kMissingComma && prev != nullptr) {
        out.diagnostics.push_back(
            {text::DiagnosticKind::kMissingComma,
             fmt::format("no separator between '{}' and '{}': read as two ingredients", out.Name(*prev), out.Name(ing)),
             {prev->span.begin, ing.span.end}});
      }
      if (ing.match.synonym && ing.match.synonym->kind == "ocr") {
        out.diagnostics.push_back(
            {text::DiagnosticKind::kOcr,
             fmt::format("'{}' read as {} (a known OCR or typing error)", out.Name(ing), ing.match.synonym->synonym),
             ing.span});
      } else if (ing.how == ReadAs::kGlued) {
        out.diagnostics.push_back(
            {text::DiagnosticKind::kOcr, fmt::format("words run together in '{}'", out.Name(ing)), ing.span});
      }
      // Text not read takes no place in the list: it would push the names
      // after it down, below the lines the position rules draw.
      ing.position = ing.may_contain || ing.not_read ? 0 : ++position[static_cast<size_t>(tok.component)];
    }
    prev_token_count = out.ingredients.size() - before;
    if (prev_token_count > 0) out.pieces.push_back(tok.span);
    if (rest_begin != kAll) break;
  }
  if (rest_begin != kAll) {
    KeepRestNotRead(&out, rest_begin, std::max(rest_begin, split.tokens.back().span.end),
                    out.ingredients.size() >= kMaxLabelEntries
                        ? fmt::format("more than {} entries", kMaxLabelEntries)
                        : fmt::format("more than {} sub-products", kMaxLabelComponents));
  }
  KeepKnownNames(&out, split_diagnostics, rest_begin);
  ReadNamedSubProducts(&out, rest_begin);
  KeepUnaccountedText(&out);
  // The sub-products past the limit hold nothing read: only their headings (notes) name them.
  if (out.components.size() > kMaxLabelComponents) out.components.resize(kMaxLabelComponents);
  // A huge label would leave its buffers' size to every later one: let them go.
  if (split.clean.capacity() > (size_t{1} << 20)) split = text::SplitLabel();
  if (options.suggestions) {
    for (auto& ing : out.ingredients) {
      if (ing.recognized() && !ing.ambiguous) continue;
      const std::string_view name = out.Name(ing);
      if (options.cache == nullptr) {
        ing.suggestions = matcher_->Suggest(name, 3);
        continue;
      }
      auto& memo = options.cache->suggestions_;
      auto it = memo.find(name);
      if (it == memo.end()) {
        if (memo.size() >= options.cache->max_entries_) memo.clear();
        it = memo.emplace(std::string(name), matcher_->Suggest(name, 3)).first;
      }
      ing.suggestions = it->second;
    }
  }
  return out;
}

}  // namespace aftercare::match
