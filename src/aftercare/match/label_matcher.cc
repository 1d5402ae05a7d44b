#include "aftercare/match/label_matcher.h"

#include "aftercare/match/accounting.h"

#include "aftercare/base/ascii.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include <fmt/format.h>

namespace aftercare::match {
namespace {

using ascii::IsSpace;

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
  return ascii::EqualsLowerAny(w, kWords);
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
  return ascii::EqualsLowerAny(w, kWords);
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
                  [&](std::string_view w) { return EndsWithFree(w) || ascii::EqualsLowerAny(w, kClaim); })) {
    return "a claim, not an ingredient";
  }
  // "Paraben free", "Sulfate & Paraben Free": what the product is without.
  constexpr std::string_view kFreeOf[] = {"paraben",   "parabens",   "sulfate",  "sulfates",  "sulphate", "sulphates",
                                          "phthalate", "phthalates", "silicone", "silicones", "gluten",   "fragrance",
                                          "perfume",   "alcohol",    "oil",      "mineral",   "cruelty",  "soap",
                                          "dye",       "dyes",       "talc",     "and",       "or",       "&"};
  if (words.size() >= 2 && ascii::EqualsLower(words.back(), "free") &&
      std::all_of(words.begin(), words.end() - 1,
                  [&](std::string_view w) { return ascii::EqualsLowerAny(w, kFreeOf); })) {
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
      std::any_of(words.begin(), words.end(),
                  [&](std::string_view w) { return ascii::EqualsLowerAny(w, kClaimVerb); }) &&
      std::all_of(words.begin(), words.end(), [&](std::string_view w) {
        return ascii::EqualsLowerAny(w, kClaimVerb) || ascii::EqualsLowerAny(w, kClaimObject);
      })) {
    return "a claim, not an ingredient";
  }
  // "Paraben-, Phthalate-, and Cruelty-Free.": a word cut before its "-free".
  if (cut_before_free && words.size() == 1) return "a claim, not an ingredient";
  if (words.size() == 1 && ascii::EqualsLower(words[0], "vol")) return "an alcohol strength (% vol)";
  constexpr std::string_view kMaterial[] = {"wick", "wicks", "bristle", "bristles", "ferrule"};
  constexpr std::string_view kFibre[] = {"synthetic", "fibers", "fibres",  "fiber", "fibre",
                                         "nylon",     "cotton", "braided", "100"};
  if (std::any_of(words.begin(), words.end(),
                  [&](std::string_view w) { return ascii::EqualsLowerAny(w, kMaterial); }) ||
      (std::any_of(
           words.begin(), words.end(),
           [](std::string_view w) { return ascii::EqualsLower(w, "fibers") || ascii::EqualsLower(w, "fibres"); }) &&
       std::all_of(words.begin(), words.end(), [&](std::string_view w) { return ascii::EqualsLowerAny(w, kFibre); }))) {
    return "what the product is made of, not a cosmetic ingredient";
  }
  // clang-format off
  constexpr std::string_view kDrugFacts[] = {
      "purpose",   "purposes",   "sunscreen", "sunscreens", "skin",    "protectant", "protectants", "acne",
      "treatment", "medication", "uses",      "warnings",   "warning", "directions", "drug",        "facts"};
  // clang-format on
  if (std::all_of(words.begin(), words.end(),
                  [&](std::string_view w) { return ascii::EqualsLowerAny(w, kDrugFacts); })) {
    return "Drug Facts words, not an ingredient";
  }
  // A retailer's or a spreadsheet's words in the list ("Visit the CLINIQUE boutique", "#NAME?", "No Info").
  constexpr std::string_view kRetailer[] = {"visit",    "boutique", "please",    "refer",  "listing",
                                            "listings", "purchase", "packaging", "website"};
  if (std::any_of(words.begin(), words.end(),
                  [&](std::string_view w) { return ascii::EqualsLowerAny(w, kRetailer); })) {
    return "a retailer's text, not an ingredient";
  }
  constexpr std::string_view kNoData[] = {"#name?", "name?",   "#n/a", "#value!", "value!", "#ref!",
                                          "ref!",   "no info", "n/a",  "nan",     "null"};
  if (ascii::EqualsLowerAny(ascii::Trim(text), kNoData)) return "no ingredient information";
  constexpr std::string_view kMayContain[] = {"peut", "contenir",  "puede", "contener", "kann", "enthalten",
                                              "può",  "contenere", "pode",  "conter",   "may",  "contain"};
  if (words.size() == 2 && std::all_of(words.begin(), words.end(),
                                       [&](std::string_view w) { return ascii::EqualsLowerAny(w, kMayContain); })) {
    return "a may-contain heading";
  }
  return "";
}

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

// How a name broken across `between` (the label text between its two parts)
// was joined: the separator the label printed, not assumed to be a comma.
ReadAs JoinedAcross(std::string_view between, bool line_break) {
  if (line_break) return ReadAs::kLineJoined;
  if (between.find(',') != std::string_view::npos) return ReadAs::kCommaJoined;
  if (between.find('.') != std::string_view::npos) return ReadAs::kStopJoined;
  return ReadAs::kSeparatorJoined;
}

}  // namespace

std::vector<const LabelIngredient*> ParsedLabel::Unrecognized() const {
  std::vector<const LabelIngredient*> out;
  for (const auto& i : ingredients) {
    if (!i.recognized()) out.push_back(&i);
  }
  return out;
}

LabelMatcher::LabelMatcher(const Matcher* matcher, const text::LabelSplitter* splitter)
    : matcher_(matcher), splitter_(splitter), reader_(matcher) {}

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
}

void MatchCache::ClearReadings() {
  map_.clear();
  readings_.clear();
  split_.Clear();
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
  if (ascii::FindFirstOf(text, ",;") == std::string_view::npos) return false;
  for (size_t b = 0; b <= text.size();) {
    size_t e = ascii::FindFirstOf(text, ",;", b);
    if (e == std::string_view::npos) e = text.size();
    const std::string_view piece = TrimQuotes(text.substr(b, e - b));
    if (piece.size() >= 3 && reader_.ExactOrSynonym(piece).ok()) return true;
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
    if (d.span.begin >= read_until) continue;                      // in the text left not read
    if (d.message.compare(0, 13, "sub-product '") == 0) continue;  // ReadNamedSubProducts' part
    if (d.message.starts_with(text::kFreeOfNote)) continue;        // it says: not in the product
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
        const Match m = reader_.ExactOrSynonym(name);
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
        local.push_back({"", direct, false, ReadAs::kDirect});  // the whole token is a known name
      } else {
        reader_.Read(name, true, &local, &direct);
      }
    };
    if (options.cache) {
      MatchCache& cache = *options.cache;
      if (tok.reading != nullptr && *tok.reading != 0) {
        parts = &cache.readings_[*tok.reading - 1];
      } else {
        // A full cache is emptied once the label is read (its tokens point into it).
        auto it = cache.map_.find(name);
        if (it == cache.map_.end()) {
          resolve();
          it = cache.map_.emplace(std::string(name), static_cast<uint32_t>(cache.readings_.size())).first;
          cache.readings_.push_back(local);
        }
        if (tok.reading != nullptr) *tok.reading = it->second + 1;
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
        if (jm.ok() && reader_.BracketNames(prev_name, jm) && reader_.BracketNames(name, jm)) {
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
  // The label's tokens are done with the cache's segments: a full cache can go.
  if (options.cache != nullptr && options.cache->map_.size() >= options.cache->max_entries_) {
    options.cache->ClearReadings();
  }
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
