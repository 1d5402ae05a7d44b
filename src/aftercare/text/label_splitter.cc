#include "aftercare/text/label_splitter.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>

#include <fmt/format.h>

#include "aftercare/base/ascii.h"
#include "aftercare/text/label_cleaner.h"
#include "aftercare/text/label_lexer.h"
#include "aftercare/text/name_cleaner.h"
#include "aftercare/text/prose_words.h"
#include "aftercare/text/section_markers.h"
#include "aftercare/text/segment_cache.h"

namespace aftercare::text {
namespace {

using ascii::ContainsLower;
using ascii::IsAlpha;
using ascii::IsDigit;
using ascii::IsSpace;
using ascii::IsUpper;
using ascii::Lower;
using ascii::StartsWithLower;

// A word ending in '.' that is an abbreviation, not the end of a sentence.
bool IsAbbreviation(std::string_view word) {
  static constexpr std::string_view kAbbrev[] = {"denat", "no",   "ext", "var", "sp",  "spp",    "subsp", "st",
                                                 "co",    "inc",  "ltd", "fil", "vit", "approx", "ca",    "f.i.l",
                                                 "d&c",   "fd&c", "dr",  "alc", "aq",  "hydr",   "sol",   "extr"};
  if (word.size() == 1) return true;  // an initial: "L. ", "C. "
  return std::any_of(std::begin(kAbbrev), std::end(kAbbrev),
                     [&](std::string_view a) { return a.size() == word.size() && StartsWithLower(word, a); });
}

bool HasFootnoteWord(std::string_view s) {
  // clang-format off
  constexpr std::string_view kWords[] = {
      "organic",          "certified",  "natural",   "origin",    "farming",  "agricult",      "biolog",    "ecocert",
      "cosmos",           "fair trade", "fairtrade", "wildcraft", "derived",  "essential oil", "naturally", "bio ",
      "soil association", "usda",       "vegan",     "cruelty",   "recycled", "sustainabl"};
  // clang-format on
  return std::any_of(std::begin(kWords), std::end(kWords), [&](std::string_view w) { return ContainsLower(s, w); });
}

// The words of `head` (split at spaces) with where each starts, lowered, with
// letters, digits, '/' and inner brackets kept ("(May" -> "may", "Contain/Peut"
// -> "contain/peut", "(+/-)" -> ""), for the heading-word tests below.
std::vector<std::pair<size_t, std::string>> HeadWords(std::string_view head) {
  std::vector<std::pair<size_t, std::string>> words;
  for (size_t i = 0; i < head.size();) {
    while (i < head.size() && IsSpace(head[i])) ++i;
    size_t j = i;
    while (j < head.size() && !IsSpace(head[j])) ++j;
    if (j > i) {
      std::string l;
      for (char c : head.substr(i, j - i)) {
        if (IsAlpha(c) || IsDigit(c) || static_cast<unsigned char>(c) >= 0x80 || c == '/' || c == '(' || c == ')') {
          l.push_back(Lower(c));
        }
      }
      // Brackets and slashes glued to a word ("(may", "/peut") are not part of it.
      while (!l.empty() && (l.front() == '(' || l.front() == '/')) l.erase(l.begin());
      while (!l.empty() && (l.back() == ')' || l.back() == '/')) l.pop_back();
      words.emplace_back(i, std::move(l));
    }
    i = j;
  }
  return words;
}

template <typename Table>
bool InTable(std::string_view w, const Table& table) {
  return std::find(std::begin(table), std::end(table), w) != std::end(table);
}

// Where the heading in `head` (the words before a colon) starts, or npos when
// it holds no heading word. A heading is a heading word ("Contains", "Shades",
// "Allergens", "inneholder") with the heading words before it ("All shades
// may also contain"), or a kit's step or shade ("Step 2 Mask:"); the words
// before the heading are list items ("CI 77891. inneholder:"). A head with no
// letter or digit ("+ :") is a heading too.
size_t HeadingWordAt(std::string_view head) {
  // Ending a heading: "contains" in the languages of the data, and words that
  // head a part of a list.
  // clang-format off
  static constexpr std::string_view kLast[] = {
      "contains",  "contain",    "containing", "contient",    "contiennent", "contiene",    "contienen",  "contem",
      "enthält",   "enthalt",    "enthalten",  "inneholder",  "innehåller",  "indeholder",  "sisältää",   "bevat",
      "zawiera",   "contenir",   "container",  "contener",    "conter",      "may-contain", "maycontain", "includes",
      "including", "allergens",  "allergènes", "allergene",   "shade",       "shades",      "teinte",     "teintes",
      "colours",   "colors",     "formula",    "composition", "facts",       "derived",     "of",         "wt",
      "weight",    "propellant", "base",       "shell",       "liquid",      "powder",      "name"};
  // clang-format on
  // Words that may stand before the last one in a heading.
  // clang-format off
  static constexpr std::string_view kBefore[] = {
      "may",      "also",    "all",     "other",      "+/-",      "+",       "-",           "tint",   "colour",
      "color",    "shade",   "shades",  "the",        "this",     "each",    "proprietary", "total",  "naturally",
      "natural",  "percent", "net",     "supplement", "extracts", "extract", "blend",       "peut",   "aussi",
      "toutes",   "les",     "teintes", "puede",      "kann",     "can",     "fragrance",   "parfum", "eu",
      "declared", "listed",  "and",     "/",          "(",        ")",       "product"};
  // clang-format on
  // First words of a whole-head heading: a kit's steps and shades.
  static constexpr std::string_view kFirst[] = {"step", "shade",      "shades",   "teinte",  "percent",
                                                "net",  "directions", "warnings", "warning", "uses"};
  if (std::none_of(head.begin(), head.end(), [](char c) { return IsAlpha(c) || IsDigit(c); })) return 0;
  std::vector<std::pair<size_t, std::string>> words = HeadWords(head);
  // Punctuation after the heading word ("Peut Contenir (+/-)") is part of it.
  while (!words.empty() && words.back().second.empty()) words.pop_back();
  if (words.empty()) return std::string_view::npos;
  if (InTable(words.front().second, kFirst)) return 0;
  if (!InTable(words.back().second, kLast)) return std::string_view::npos;
  // "(May Contain/Peut Contenir)": each part of a slashed word is a heading word.
  const auto before = [&](const std::string& w) {
    for (size_t p = 0; p <= w.size();) {
      size_t q = w.find('/', p);
      if (q == std::string::npos) q = w.size();
      const std::string part = w.substr(p, q - p);
      if (!part.empty() && !InTable(part, kBefore) && !InTable(part, kLast)) return false;
      p = q + 1;
    }
    return true;
  };
  size_t k = words.size() - 1;
  while (k > 0 && before(words[k - 1].second)) --k;
  // A sentence break before the heading ends the item before it: "CI 77891. inneholder".
  return words[k].first;
}

// Does `head` (the words before a colon) say what a product is without?
// "Free of", "Formulated without", "Free from", "Does not contain", "Sans",
// "Ohne"; not a name that holds the word ("Fragrance Free 3.3 oz", "Oil-Free").
bool SaysWithout(std::string_view head) {
  std::vector<std::string> w;
  for (auto& [at, word] : HeadWords(head)) {
    if (!word.empty()) w.push_back(std::move(word));
  }
  if (w.empty()) return false;
  const auto is = [](const std::string& x, std::initializer_list<std::string_view> of) { return InTable(x, of); };
  const size_t n = w.size();
  // "... free of", "free from ...", "... without", "without ...", "sans ...".
  if (n >= 2 && w[n - 2] == "free" && is(w[n - 1], {"of", "from"})) return true;
  if (n >= 2 && w[0] == "free" && is(w[1], {"of", "from"})) return true;
  if (is(w[n - 1], {"without", "sans", "ohne", "senza", "zonder"})) return true;
  if (is(w[0], {"without", "sans", "ohne", "senza", "zonder"})) return true;
  // "does not contain", "contains no".
  for (size_t k = 0; k + 1 < n; ++k) {
    if ((w[k] == "not" && w[k + 1].compare(0, 7, "contain") == 0) ||
        (w[k].compare(0, 7, "contain") == 0 && w[k + 1] == "no")) {
      return true;
    }
  }
  return false;
}

enum class Mode { kIngredients, kActive, kInactive, kMayContain, kProse };

}  // namespace

std::string_view DiagnosticKindName(DiagnosticKind kind) {
  switch (kind) {
    case DiagnosticKind::kHeading: return "heading";
    case DiagnosticKind::kProse: return "prose";
    case DiagnosticKind::kFootnote: return "footnote";
    case DiagnosticKind::kMayContain: return "may_contain";
    case DiagnosticKind::kKit: return "kit";
    case DiagnosticKind::kDrugFacts: return "drug_facts";
    case DiagnosticKind::kMissingComma: return "missing_comma";
    case DiagnosticKind::kOcr: return "ocr";
    case DiagnosticKind::kBatchCode: return "batch_code";
    case DiagnosticKind::kHtmlEntity: return "html_entity";
    case DiagnosticKind::kBracket: return "bracket";
    case DiagnosticKind::kEmpty: return "empty";
    case DiagnosticKind::kQualifier: return "qualifier";
    case DiagnosticKind::kPercent: return "percent";
    case DiagnosticKind::kLimit: return "limit";
  }
  return "unknown";
}

struct LabelSplitter::Patterns {
  RE2 drug_words{
      R"((?i)\b(purposes?|sunscreens?|skin\s+protectants?|acne\s+(?:treatment|medication)|sun\s+protection)\b)"};
  RE2 component_inline{R"(^([A-Za-z0-9][^,:]{1,60}):\s+(.*)$)"};
};

LabelSplitter::LabelSplitter() = default;
LabelSplitter::~LabelSplitter() = default;

Result<std::unique_ptr<LabelSplitter>> LabelSplitter::Create() {
  std::unique_ptr<LabelSplitter> s(new LabelSplitter());
  s->re_ = std::make_unique<Patterns>();
  ASSIGN_OR_RETURN(s->markers_, SectionMarkers::Create());
  ASSIGN_OR_RETURN(s->names_, NameCleaner::Create());
  for (const RE2* re : {&s->re_->drug_words, &s->re_->component_inline}) {
    if (!re->ok()) return Internal(fmt::format("label splitter pattern '{}': {}", re->pattern(), re->error()));
  }
  return s;
}

// Working buffers of one Split(), kept in the cache between labels so that
// their capacity is reused.
struct SplitScratch {
  LabelLexemes lex;                                       // the cleaned text's marks
  std::vector<std::pair<uint32_t, uint32_t>> diag_clean;  // each diagnostic's span in the cleaned text
  std::vector<std::pair<size_t, size_t>> bracket_pairs;   // for Segments()
  std::vector<size_t> bracket_stack;                      // for Segments()
  std::array<std::vector<size_t>, 3> bracket_kinds;       // for Segments(): where each kind of opener is in the stack
};

struct SplitCache::Impl {
  explicit Impl(size_t max_entries) : segments(max_entries) {}
  SplitScratch scratch;
  // Keyed by the segment's text and its reading context (mode x pack-text
  // sentence): a lookup needs no key built.
  SegmentCache segments;
  std::vector<SegmentToken> tokens;  // a segment's, as it is kept
  std::vector<SegmentNote> notes;    // a segment's, as it is kept
  void Clear() { segments.Clear(); }
};

SplitCache::SplitCache(size_t max_entries) : impl_(std::make_unique<Impl>(max_entries)) {}
SplitCache::~SplitCache() = default;
void SplitCache::Clear() { impl_->Clear(); }
size_t SplitCache::size() const { return impl_->segments.size(); }

namespace {

// Per-call state of one Split().
class SplitRun {
 public:
  SplitRun(const SectionMarkers& markers, const NameCleaner& names, const RE2& drug_words, const RE2& component_inline,
           SplitCache::Impl* cache, SplitLabel* out)
      : markers_(markers),
        names_(names),
        drug_words_(drug_words),
        component_inline_(component_inline),
        cache_(cache),
        out_(out),
        scratch_(cache != nullptr ? cache->scratch : own_scratch_),
        lex_(scratch_.lex) {
    scratch_.diag_clean.clear();
  }

  void Run() {
    out_->components.push_back("");
    const std::string& t = out_->clean;
    Lex(t, &lex_);
    // The walk may lex again (a Drug Facts column word blanked), which moves no line break.
    size_t pos = 0;
    for (size_t k = 0; pos <= t.size(); ++k) {
      const size_t nl = k < lex_.line_breaks.size() ? lex_.line_breaks[k] : t.size();
      Line(pos, nl);
      pos = nl + 1;
    }
    if (out_->components.size() > 1) {
      std::string names;
      for (const auto& c : out_->components) names += (names.empty() ? "" : "; ") + (c.empty() ? "(unnamed)" : c);
      Diag(DiagnosticKind::kKit, fmt::format("{} products in one label: {}", out_->components.size(), names), 0,
           static_cast<uint32_t>(t.size()));
    }
    if (drug_facts_) {
      Diag(DiagnosticKind::kDrugFacts, "US Drug Facts: active and inactive ingredients read", 0,
           static_cast<uint32_t>(t.size()));
    }
  }

 private:
  void Diag(DiagnosticKind kind, std::string msg, size_t b, size_t e) {
    out_->diagnostics.push_back({kind, std::move(msg), out_->Span(static_cast<uint32_t>(b), static_cast<uint32_t>(e))});
    scratch_.diag_clean.push_back({static_cast<uint32_t>(b), static_cast<uint32_t>(e)});
  }
  std::string_view Text(size_t b, size_t e) const { return std::string_view(out_->clean).substr(b, e - b); }
  void Trim(size_t* b, size_t* e) const {
    const std::string& t = out_->clean;
    while (*b < *e && IsSpace(t[*b])) ++*b;
    while (*e > *b && IsSpace(t[*e - 1])) --*e;
  }

  // A line of the label (a paragraph of a kit, or the whole label).
  void Line(size_t b, size_t e) {
    Trim(&b, &e);
    if (b >= e) return;
    std::string_view line = Text(b, e);
    // A line that follows one ending without a separator may continue a name.
    pending_soft_break_ = last_line_open_;
    char last = line.back();
    last_line_open_ = !(last == ',' || last == '.' || last == ':' || last == ']' || last == '\'');
    mode_ = (mode_ == Mode::kMayContain) ? Mode::kIngredients : mode_;
    // A kit's sub-product heading: "Capri Eau de Parfum:".
    if (line.back() == ':' && !HasMark(lex_, b, e, kComma) && line.size() <= 100 &&
        !markers_.Mentions(out_->clean, b, e, lex_, false) && !LooksLikeProse(line)) {
      StartComponent(std::string(Trimmed(line.substr(0, line.size() - 1))), b, e);
      last_line_open_ = false;
      return;
    }
    // "Cleanser: Water, Glycerin, ...": a named sub-product on one line. The
    // pattern can only match with its name ending at the first colon, so the
    // cheap tests on that name run first and the whole-line match last.
    const size_t colon = MarkScanner(lex_, b, e, kColon).Next();
    const bool maybe_inline = colon < e && colon - b <= 62 && !HasMark(lex_, b, colon, kComma) && line.front() != '-';
    if (maybe_inline) {
      const std::string_view after = Text(colon + 1, e);
      const std::string_view name = Text(b, colon);
      if (std::count(after.begin(), after.end(), ',') >= 2 && std::count(name.begin(), name.end(), ' ') < 8 &&
          !markers_.Mentions(out_->clean, b, colon + 1, lex_, true) && !LooksLikeProse(name) && !SaysWithout(name) &&
          RE2::FullMatch(line, component_inline_)) {
        StartComponent(Trimmed(name), b, colon + 1);  // the head, "name:"
        b = colon + 1;
      }
    }
    Markers(b, e);
  }

  static std::string Trimmed(std::string_view s) { return std::string(ascii::Trim(s)); }

  void StartComponent(std::string name, size_t b, size_t e) {
    ++component_starts_;
    if (out_->components.size() == 1 && out_->components[0].empty() && tokens_in_component_ == 0) {
      out_->components[0] = std::move(name);
    } else {
      out_->components.push_back(std::move(name));
    }
    tokens_in_component_ = 0;
    mode_ = Mode::kIngredients;
    Diag(DiagnosticKind::kHeading, fmt::format("sub-product '{}'", out_->components.back()), b, e);
  }

  // Finds section markers in [b, e) and processes the regions between them.
  void Markers(size_t b, size_t e) {
    std::string_view line = Text(b, e);
    std::vector<Marker> markers;
    markers_.Find(out_->clean, b, e, lex_, drug_facts_, &markers);

    size_t cursor = 0;
    Mode saved = mode_;
    size_t may_contain_end = std::string::npos;  // for a bracketed block
    for (size_t k = 0; k < markers.size(); ++k) {
      const Marker& mk = markers[k];
      if (mk.begin < cursor) continue;  // overlapping match
      // "Key ingredients:" is marketing, not a heading.
      if (mk.kind == Marker::kHeading) {
        std::string before;
        for (size_t i = mk.begin; i > 0 && before.size() < 12; --i) before.insert(before.begin(), Lower(line[i - 1]));
        if (before.find("key ") != std::string::npos || before.find("hero ") != std::string::npos ||
            before.find("star ") != std::string::npos || before.find("main ") != std::string::npos) {
          continue;
        }
      }
      if (mk.kind == Marker::kMayContain) {
        std::string_view after = line.substr(mk.end);
        if (markers_.IsTolerance(after)) continue;  // "+/- 0.5%": a tolerance
        // "May Contain/Peut Contenir/+/-:": one block, several languages.
        std::string_view between = line.substr(cursor, mk.begin - cursor);
        if (mode_ == Mode::kMayContain && between.find_first_not_of(" /:") == std::string_view::npos) {
          cursor = mk.end;
          continue;
        }
      }
      // "Tocopherol. [+/- CI 77891, ...]": a may-contain block opened by a bracket;
      // the text before it ends at the bracket, the block at its closing one.
      size_t region_end = mk.begin;
      char block_open = '\0';
      if (mk.kind == Marker::kMayContain) {
        size_t open = mk.begin;
        while (open > cursor && IsSpace(line[open - 1])) --open;
        if (open > cursor && (line[open - 1] == '[' || line[open - 1] == '(')) {
          region_end = open - 1;
          block_open = line[open - 1];
        }
      }
      Region(b + cursor, b + region_end, mode_, k == 0 ? mk.kind : Marker::kMayContain);
      cursor = mk.end;
      switch (mk.kind) {
        case Marker::kHeading:
          Diag(DiagnosticKind::kHeading, fmt::format("heading '{}'", Trimmed(line.substr(mk.begin, mk.end - mk.begin))),
               b + mk.begin, b + mk.end);
          if (mode_ == Mode::kProse || mode_ == Mode::kMayContain) mode_ = Mode::kIngredients;
          break;
        case Marker::kActive:
        case Marker::kInactive:
          mode_ = mk.kind == Marker::kActive ? Mode::kActive : Mode::kInactive;
          drug_facts_ = true;
          Diag(DiagnosticKind::kHeading, fmt::format("section '{}'", Trimmed(line.substr(mk.begin, mk.end - mk.begin))),
               b + mk.begin, b + mk.end);
          break;
        case Marker::kDrugProse:
          mode_ = Mode::kProse;
          Diag(DiagnosticKind::kHeading, fmt::format("section '{}'", Trimmed(line.substr(mk.begin, mk.end - mk.begin))),
               b + mk.begin, b + mk.end);
          break;
        case Marker::kMayContain: {
          saved = mode_;
          mode_ = Mode::kMayContain;
          may_contain_end = block_open == '\0' ? std::string::npos : line.find(block_open == '[' ? ']' : ')', mk.end);
          if (may_contain_end != std::string::npos &&
              line.substr(mk.end, may_contain_end - mk.end).find_first_not_of(" :") == std::string_view::npos) {
            // "[+/-] CI 77491, CI 75470": the bracket holds the marker alone,
            // and the block runs on after it.
            cursor = may_contain_end + 1;
            may_contain_end = std::string::npos;
          }
          Diag(DiagnosticKind::kMayContain, "may-contain block: listed, but outside the declared order", b + mk.begin,
               b + (may_contain_end == std::string::npos ? line.size() : may_contain_end));
          if (may_contain_end != std::string::npos) {
            // Process the block now, then resume after the bracket.
            Region(b + cursor, b + may_contain_end, mode_, Marker::kMayContain);
            cursor = may_contain_end + 1;
            mode_ = saved;
            may_contain_end = std::string::npos;
          }
          break;
        }
      }
    }
    Region(b + cursor, e, mode_, Marker::kMayContain);
    if (mode_ == Mode::kMayContain) mode_ = saved;
  }

  // A run of text in one mode. `next` is the kind of marker that ends it: the
  // text before a heading is the heading's preamble.
  void Region(size_t b, size_t e, Mode mode, Marker::Kind next) {
    Trim(&b, &e);
    if (b >= e) return;
    if (mode == Mode::kProse) {
      Diag(DiagnosticKind::kProse, fmt::format("Drug Facts text: '{}'", Shorten(Text(b, e))), b, e);
      return;
    }
    if (next == Marker::kHeading && !seen_heading_ && !HasListPieces(b, e)) {
      // Text before the first "Ingredients:" is marketing or a foreign heading;
      // but a list before it ("Mask: Water, Glycerin, ... INGREDIENTS: ...", a
      // kit whose last part has the heading) is read as one.
      seen_heading_ = true;
      std::string_view pre = Text(b, e);
      bool is_heading = pre.size() < 40 && !LooksLikeProse(pre);
      Diag(is_heading ? DiagnosticKind::kHeading : DiagnosticKind::kProse,
           fmt::format("{} before the list: '{}'", is_heading ? "heading" : "text", Shorten(pre)), b, e);
      return;
    }
    if (mode == Mode::kActive) {
      // "Avobenzone 3% Sunscreen Homosalate 10% Sunscreen": drop the Purpose column.
      std::string& t = out_->clean;
      re2::StringPiece input(t.data() + b, e - b);
      re2::StringPiece m;
      size_t start = 0;
      bool relex = false;
      while (start < e - b && drug_words_.Match(input, start, e - b, RE2::UNANCHORED, &m, 1)) {
        size_t mb = static_cast<size_t>(m.data() - (t.data() + b));
        Diag(DiagnosticKind::kProse,
             fmt::format("Drug Facts column text '{}' dropped", std::string(m.data(), m.size())), b + mb,
             b + mb + m.size());
        for (size_t i = 0; i < m.size(); ++i) t[b + mb + i] = i == 0 ? ',' : ' ';
        start = mb + m.size();
        relex = true;
      }
      if (relex) Lex(t, &lex_);  // the column words are separators now
    }
    // Sentences of pack text ("However, because ingredients are subject to change,
    // we cannot guarantee...") are dropped whole, commas and all.
    size_t start = b;
    const std::string& t = out_->clean;
    // Only '.', '!' and '?' end a sentence.
    MarkScanner ends(lex_, b, e, kFullStop | kSentenceEnd);
    for (size_t i = ends.Next(); i < e; i = ends.Next()) {
      char c = t[i];
      // "Retinol (Vitamin A).Please be aware": a sentence glued to the last name.
      bool glued = c == '.' && i > start && i + 2 < e &&
                   ((t[i - 1] >= 'a' && t[i - 1] <= 'z') ||
                    ((t[i - 1] == ')' || t[i - 1] == ']') && t[i + 2] >= 'a' && t[i + 2] <= 'z')) &&
                   IsUpper(t[i + 1]);
      if ((c == '.' || c == '!' || c == '?') && i + 1 < e && (t[i + 1] == ' ' || glued)) {
        size_t ws = i;
        while (ws > start && !IsSpace(t[ws - 1])) --ws;
        size_t j = i + 1;
        while (j < e && t[j] == ' ') ++j;
        // A sentence starts with a capital, or with a bullet before one ("... moisture. -Vitamin E: ...").
        const bool starts = j < e && (IsUpper(t[j]) || (t[j] == '-' && j + 1 < e && IsUpper(t[j + 1])));
        if (starts && !IsAbbreviation(Text(ws, i))) {
          Sentence(start, i + 1, mode);
          start = j;
          ends.SkipTo(j);
        }
      }
    }
    Sentence(start, e, mode);
  }

  // Does [b, e) hold three or more short comma pieces with no function
  // word ("Glycerin, PEG-6, Trisodium EDTA")?
  bool HasListPieces(size_t b, size_t e) const {
    int list_like = 0;
    MarkScanner commas(lex_, b, e, kComma);
    for (size_t p = b; p <= e;) {
      const size_t q = commas.Next();
      if (q > p) {
        const WordCount c = CountWords(Text(p, q));
        if (c.spaces <= 5 && !ReadsAsProse(c) && c.stop == 0 && ++list_like >= 3) return true;
      }
      p = q + 1;
    }
    return false;
  }

  // Function-word density separates pack text from ingredient lists; a
  // sentence with several list-like pieces ("Glycerin, PEG-6, Trisodium EDTA")
  // is a list, whatever text is glued to it.
  bool IsProseSentence(size_t b, size_t e) const {
    if (HasListPieces(b, e)) return false;
    const WordCount c = CountWords(Text(b, e));
    return c.words >= 6 && c.stop * 4 >= c.words;
  }

  void Sentence(size_t b, size_t e, Mode mode) {
    Trim(&b, &e);
    if (b >= e) return;
    std::string_view s = Text(b, e);
    // Pack text: its pieces are kept only where the database knows them.
    force_prose_ = HasMark(lex_, b, e, kComma) && IsProseSentence(b, e);
    free_of_ = claim_ = false;
    sentence_end_ = e;
    sentence_bullet_ = s.size() > 1 && s[0] == '-' && IsUpper(s[1]);
    Segments(b, e, mode);
    sentence_bullet_ = false;
    force_prose_ = false;
    free_of_ = claim_ = false;
  }

  static std::string Shorten(std::string_view s) {
    if (s.size() <= 60) return std::string(s);
    size_t cut = 57;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
    return std::string(s.substr(0, cut)) + "...";
  }

  // Is the comma at t[i] part of a name ("1,2-Hexanediol", "N,N-Diethyl", "7,34")?
  bool IsNameComma(size_t i, size_t b, size_t e) const {
    const std::string& t = out_->clean;
    if (i == b || i + 1 >= e) return false;
    char prev = t[i - 1], next = t[i + 1];
    if (IsDigit(prev) && IsDigit(next)) return true;
    // Locant lists: short alphanumeric groups separated by commas and ending in '-'.
    if (!(IsDigit(prev) || IsUpper(prev)) || !(IsDigit(next) || IsUpper(next))) return false;
    size_t l = i;
    while (l > b && (IsDigit(t[l - 1]) || IsUpper(t[l - 1]) || t[l - 1] == '\'')) --l;
    if (i - l > 2 || (l > b && IsAlpha(t[l - 1]))) return false;
    size_t r = i + 1;
    while (r < e && (IsDigit(t[r]) || IsUpper(t[r]) || t[r] == ',' || t[r] == '\'')) ++r;
    return r < e && r - i <= 8 && t[r] == '-';
  }

  // Splits [b, e) at depth-0 separators and emits each segment.
  void Segments(size_t b, size_t e, Mode mode) {
    const std::string& t = out_->clean;
    // Match brackets first: an unmatched one is a literal, not a grouping.
    // Matched bracket pairs (opener, closer), by opener.
    std::vector<std::pair<size_t, size_t>>& pairs = scratch_.bracket_pairs;
    pairs.clear();
    {
      std::vector<size_t>& stack = scratch_.bracket_stack;
      stack.clear();
      // The nearest opener of each kind is found from its own stack of
      // indices into `stack`, not by walking down `stack` (100,000 '(' then
      // ']' would walk it once per ']').
      auto& kinds = scratch_.bracket_kinds;
      for (auto& k : kinds) k.clear();
      const auto kind = [](char c) -> size_t { return c == '(' || c == ')' ? 0 : c == '[' || c == ']' ? 1 : 2; };
      MarkScanner brackets(lex_, b, e, kOpen | kClose);
      for (size_t i = brackets.Next(); i < e; i = brackets.Next()) {
        char c = t[i];
        if (c == '(' || c == '[' || c == '{') {
          kinds[kind(c)].push_back(stack.size());
          stack.push_back(i);
        } else if (c == ')' || c == ']' || c == '}') {
          // Pop to the nearest matching opener; mismatched ones stay unmatched.
          std::vector<size_t>& same = kinds[kind(c)];
          if (same.empty()) continue;
          const size_t at = same.back();
          pairs.emplace_back(stack[at], i);
          stack.resize(at);
          for (auto& k : kinds) {
            while (!k.empty() && k.back() >= at) k.pop_back();
          }
        }
      }
      std::sort(pairs.begin(), pairs.end());
      if (!stack.empty()) {
        Diag(DiagnosticKind::kBracket, "unbalanced bracket: read as plain text", stack.front(), stack.front() + 1);
      }
    }
    size_t next_pair = 0;  // the first pair whose opener the scan below has not passed
    // Items separated by " - " only when the region has no commas at all.
    const bool dash_separated = !HasMark(lex_, b, e, kComma) && Text(b, e).find(" - ") != std::string_view::npos;
    size_t seg = b;
    // Only segment bytes can end an item or skip a bracket; the rest are name bytes.
    MarkScanner scan(lex_, b, e, kOpen | kComma | kDash | kFullStop | kStar | kPercent);
    for (size_t i = scan.Next(); i < e; i = scan.Next()) {
      char c = t[i];
      if (c == '(' || c == '[' || c == '{') {
        while (next_pair < pairs.size() && pairs[next_pair].first < i) ++next_pair;
        if (next_pair < pairs.size() && pairs[next_pair].first == i) {
          scan.SkipTo(pairs[next_pair].second + 1);  // a matched bracket is skipped whole
          continue;
        }
      }
      bool cut = false;
      size_t next = i + 1;
      if (c == ',' && !IsNameComma(i, b, e)) {
        // "1, 2 Propanediol": a fragment of one or two characters is never an item.
        std::string_view frag = Text(seg, i);
        while (!frag.empty() && IsSpace(frag.front())) frag.remove_prefix(1);
        while (!frag.empty() && IsSpace(frag.back())) frag.remove_suffix(1);
        bool tiny = !frag.empty() && frag.size() <= 2 &&
                    std::all_of(frag.begin(), frag.end(), [](char ch) { return IsDigit(ch) || IsAlpha(ch); });
        cut = !tiny;
      } else if (c == '-' && dash_separated && i > seg && t[i - 1] == ' ' && i + 1 < e && t[i + 1] == ' ') {
        cut = true;  // "AQUA - GLYCERIN - ...": dashes between items, no commas
      } else if (c == '.' && i + 1 < e && i > seg &&
                 (IsAlpha(t[i - 1]) || t[i - 1] == '*' || t[i - 1] == ')' || t[i - 1] == ']') &&
                 (IsUpper(t[i + 1]) || FootnoteMarkerLength(t, i + 1) > 0) && mode != Mode::kActive) {
        // "Phenoxyethanol.Please be aware", "Oil*.*Organic": a full stop glued to the next sentence.
        size_t ws = i;
        while (ws > seg && !IsSpace(t[ws - 1])) --ws;
        if (!IsAbbreviation(Text(ws, i)) && !(i + 2 < e && t[i + 2] == '.')) cut = true;
      } else if (c == '*' && i > seg && t[i - 1] == ' ' && i + 1 < e && IsAlpha(t[i + 1]) &&
                 HasFootnoteWord(Text(i, std::min(e, i + 40)))) {
        // "Iron Oxides (CI 77491) *Naturally Derived.": a footnote after the last item.
        SegmentCached(seg, i, mode);
        seg = i;
        continue;
      } else if (c == '%') {
        // "Avobenzone 3% Homosalate 10%": a declared percentage ends an ingredient.
        size_t j = i + 1;
        while (j < e && t[j] == ' ') ++j;
        // Not "80 % Vol.", an alcohol strength (Segment() takes it whole).
        const bool vol = j + 3 <= e && (t[j + 1] | 0x20) == 'o' && (t[j + 2] | 0x20) == 'l' &&
                         (j + 3 == e || t[j + 3] == '.' || t[j + 3] == ' ' || t[j + 3] == ',');
        if (j > i + 1 && j < e && IsUpper(t[j]) && !(vol && (t[j] | 0x20) == 'v')) {
          cut = true;
          next = j;
          SegmentCached(seg, i + 1, mode);
          seg = next;
          scan.SkipTo(next);
          continue;
        }
      } else if (c == '.' && i + 1 < e && t[i + 1] == ' ' && mode != Mode::kActive) {
        // A full stop between items: "Water. Glycerin." but not "Alcohol Denat. (SD ...)".
        size_t ws = i;
        while (ws > seg && !IsSpace(t[ws - 1])) --ws;
        std::string_view word = Text(ws, i);
        size_t j = i + 1;
        while (j < e && t[j] == ' ') ++j;
        char last = word.empty() ? '\0' : word.back();
        bool ends_item = IsAlpha(last) || IsDigit(last) || last == ')' || last == ']' || last == '*' || last == '%';
        if (ends_item && !IsAbbreviation(word) && j < e &&
            (IsUpper(t[j]) || t[j] == '-' || FootnoteMarkerLength(t, j) > 0)) {
          cut = true;
          next = j;
        }
      } else if (c == '-' && i > seg && t[i - 1] == ' ' && i + 1 < e && t[i + 1] != ' ' && IsUpper(t[i + 1])) {
        // " -Key ingredient: claim" bullets run together on one line.
        std::string_view before = Text(seg, i);
        if (before.find(':') != std::string_view::npos || LooksLikeProse(before)) {
          SegmentCached(seg, i, mode);
          seg = i;
          continue;
        }
      }
      if (cut) {
        SegmentCached(seg, i, mode);
        seg = next;
      }
    }
    SegmentCached(seg, e, mode);
  }

  // Segment() through the cache: a segment's reading depends only on its
  // text, its mode and force_prose_, so a hit replays the tokens and
  // diagnostics it gave before at the new offsets. A segment that starts a
  // sub-product changes the run's state and is never cached.
  void SegmentCached(size_t b, size_t e, Mode mode) {
    Trim(&b, &e);
    if (b >= e) return;
    // After "Free of:", in a claim or in a bulleted sentence a segment reads differently: not cached.
    if (cache_ == nullptr || free_of_ || claim_ || sentence_bullet_) return Segment(b, e, mode);
    static_assert(static_cast<int>(Mode::kProse) * 2 + 1 < 256, "a context byte per mode and pack-text flag");
    const auto context = static_cast<uint8_t>(static_cast<int>(mode) * 2 + (force_prose_ ? 1 : 0));
    if (const SegmentCache::Record hit = cache_->segments.Find(context, Text(b, e))) {
      Replay(hit, b, mode);
      return;
    }
    std::string key(Text(b, e));  // before Segment(), which may rewrite the text
    const size_t tokens0 = out_->tokens.size(), diags0 = out_->diagnostics.size(), clean0 = scratch_.diag_clean.size();
    const int starts0 = component_starts_;
    segment_took_break_ = false;
    segment_break_token_ = -1;
    Segment(b, e, mode);
    if (component_starts_ != starts0 || free_of_ || claim_) return;
    const auto rel = [&](uint32_t x) { return static_cast<uint32_t>(x - b); };
    std::vector<SegmentToken>& tokens = cache_->tokens;
    std::vector<SegmentNote>& notes = cache_->notes;
    tokens.clear();
    notes.clear();
    for (size_t k = tokens0; k < out_->tokens.size(); ++k) {
      const LabelToken& t = out_->tokens[k];
      tokens.push_back({rel(t.clean_begin), rel(t.clean_end), out_->Name(t), t.percent, t.nano, t.prose_suspect,
                        t.colon_head, t.pack_text});
    }
    for (size_t k = diags0; k < out_->diagnostics.size(); ++k) {
      const Diagnostic& d = out_->diagnostics[k];
      notes.push_back({static_cast<uint8_t>(d.kind), d.message, rel(scratch_.diag_clean[clean0 + k - diags0].first),
                       rel(scratch_.diag_clean[clean0 + k - diags0].second)});
    }
    if (cache_->segments.full()) {
      for (LabelToken& t : out_->tokens) t.reading = nullptr;  // their records are about to go
      cache_->segments.Clear();
    }
    const int break_token = segment_break_token_ < 0 ? -1 : segment_break_token_ - static_cast<int>(tokens0);
    const SegmentCache::Record kept =
        cache_->segments.Insert(context, key, tokens, notes, segment_took_break_, break_token);
    if (!kept) return;
    for (size_t k = tokens0; k < out_->tokens.size(); ++k) out_->tokens[k].reading = kept.reading(k - tokens0);
  }

  void Replay(const SegmentCache::Record& segment, size_t b, Mode mode) {
    const auto abs = [&](uint32_t x) { return static_cast<uint32_t>(b + x); };
    for (size_t k = 0; k < segment.notes(); ++k) {
      const SegmentNote d = segment.note(k);
      Diag(static_cast<DiagnosticKind>(d.kind), std::string(d.message), abs(d.begin), abs(d.end));
    }
    bool line_break = false;
    if (segment.takes_break()) {
      line_break = pending_soft_break_;
      pending_soft_break_ = false;
    }
    for (size_t k = 0; k < segment.tokens(); ++k) {
      const SegmentToken c = segment.token(k);
      LabelToken tok;
      tok.clean_begin = abs(c.begin);
      tok.clean_end = abs(c.end);
      tok.span = out_->Span(tok.clean_begin, tok.clean_end);
      tok.name_begin = static_cast<uint32_t>(out_->names.size());
      out_->names.append(c.name);
      tok.name_end = static_cast<uint32_t>(out_->names.size());
      tok.percent = c.percent;
      tok.active = mode == Mode::kActive;
      tok.may_contain = mode == Mode::kMayContain;
      tok.nano = c.nano;
      tok.prose_suspect = c.prose_suspect;
      tok.colon_head = c.colon_head;
      tok.pack_text = c.pack_text;
      tok.component = static_cast<int>(out_->components.size()) - 1;
      tok.soft_break_before = static_cast<int>(k) == segment.break_token() && line_break;
      tok.reading = segment.reading(k);
      out_->tokens.push_back(tok);
      ++tokens_in_component_;
    }
  }

  // One separator-delimited piece: prose, a footnote, or an ingredient token.
  // What follows a claim, a heading or a name before a colon is read as a
  // segment again: in a loop, so that "A: B: C: ..." takes no stack per colon.
  void Segment(size_t b, size_t e, Mode mode) {
    for (size_t at = b; at != kNoRest;) at = SegmentHead(at, e, mode);
  }
  static constexpr size_t kNoRest = std::string::npos;

  // Reads the start of segment [b, e); returns where the rest of it, to be
  // read as a segment, starts (kNoRest when it was read whole).
  size_t SegmentHead(size_t b, size_t e, Mode mode) {
    Trim(&b, &e);
    if (b >= e) return kNoRest;
    const std::string& t = out_->clean;
    std::string_view s = Text(b, e);
    if (free_of_) {
      Diag(DiagnosticKind::kProse, fmt::format("{}: '{}'", kFreeOfNote, Shorten(s)), b, e);
      return kNoRest;
    }
    if (claim_) {
      Diag(DiagnosticKind::kProse, fmt::format("marketing text: '{}'", Shorten(s)), b, e);
      return kNoRest;
    }
    // A perfume's alcohol strength at the end of its list: "Limonene. 80 % Vol.".
    // Each strength the text ends with is a note, after the text before them
    // is read ("80 % Vol. 80 % Vol. ..." in one loop, not one call each).
    if (size_t strength = AlcoholStrengthAt(s); strength != std::string_view::npos) {
      std::vector<std::pair<size_t, size_t>> strengths;  // last first
      size_t head_end = e;
      while (strength != std::string_view::npos) {
        strengths.emplace_back(b + strength, head_end);
        head_end = b + strength;
        Trim(&b, &head_end);
        if (b >= head_end) break;
        strength = AlcoholStrengthAt(Text(b, head_end));
        if (strength == std::string_view::npos) Segment(b, head_end, mode);
      }
      for (auto it = strengths.rbegin(); it != strengths.rend(); ++it) {
        Diag(DiagnosticKind::kPercent, fmt::format("an alcohol strength: '{}'", Text(it->first, it->second)), it->first,
             it->second);
      }
      return kNoRest;
    }
    // "-Key ingredient: claim" bullets and "Claim: sentence" are marketing. Only a
    // colon outside brackets counts ("Soybean Oil (CODE F.I.L.: B234540/1)").
    size_t colon = std::string_view::npos;
    {
      int depth = 0;
      MarkScanner scan(lex_, b, e - 1, kOpen | kClose | kColon);
      for (size_t i = scan.Next(); i < e - 1; i = scan.Next()) {
        if (t[i] == '(' || t[i] == '[') {
          ++depth;
        } else if ((t[i] == ')' || t[i] == ']') && depth > 0) {
          --depth;
        } else if (t[i] == ':' && t[i + 1] == ' ' && depth == 0) {
          colon = i - b;
          break;
        }
      }
    }
    if (colon != std::string_view::npos && colon < 80) {
      std::string_view head = s.substr(0, colon), tail = s.substr(colon + 2);
      while (!head.empty() && IsSpace(head.back())) head.remove_suffix(1);
      // A bullet starts the claim's segment or its sentence ("-Glycerin, Trehalose: Deliver hydration.").
      bool bullet = s.front() == '-' || sentence_bullet_;
      if (bullet || LooksLikeProse(tail)) {
        // The list may start right after the claim: "...barrier. Water/Aqua/Eau".
        size_t last = LastSentenceBreak(b + colon + 2, e);
        if (last != std::string::npos && !LooksLikeProse(Text(last, e)) && Text(last, e).size() < 120) {
          Diag(DiagnosticKind::kProse, fmt::format("marketing text: '{}'", Shorten(Text(b, last))), b, last);
          return last;
        } else {
          Diag(DiagnosticKind::kProse, fmt::format("marketing text: '{}'", Shorten(s)), b, e);
          // "-Hyaluronic Acid: Delivers, attracts, and retains moisture.": the
          // claim runs to the end of its sentence, unless the rest reads as a
          // list (then it is the list, glued to the claim without a full stop).
          claim_ = !HasListPieces(e, sentence_end_);
        }
        return kNoRest;
      }
      if (mode != Mode::kActive && SaysWithout(head)) {
        // "Free of: parabens, sulfates, fragrance": the rest of the sentence
        // names what the product does not contain.
        Diag(DiagnosticKind::kProse, fmt::format("{}: '{}'", kFreeOfNote, Shorten(s)), b, e);
        free_of_ = true;
        return kNoRest;
      }
      if (mode != Mode::kActive) {
        // Only a heading word makes a heading ("Contains:", "Shade 02:"); any
        // other words before a colon are a name ("Retinol : Glycerin") or a
        // sub-product, for the match stage to tell with the database.
        const size_t word = HeadingWordAt(head);
        if (word != std::string_view::npos) {
          if (word > 0) Segment(b, b + word, mode);
          Diag(DiagnosticKind::kHeading, fmt::format("heading '{}:'", head.substr(word)), b + word, b + colon + 1);
        } else {
          Token(b, b + colon, mode, LooksLikeProse(head));
          if (!out_->tokens.empty() && out_->tokens.back().clean_begin >= b) out_->tokens.back().colon_head = true;
        }
        return b + colon + 2;
      }
    }
    // "Outsmart Acne Clarifying Treatment :" right before its list: a sub-product.
    if (s.back() == ':' && s.find(',') == std::string_view::npos && !LooksLikeProse(s) &&
        std::count(s.begin(), s.end(), ' ') < 8 && mode != Mode::kActive) {
      std::string_view name = s.substr(0, s.size() - 1);
      while (!name.empty() && IsSpace(name.back())) name.remove_suffix(1);
      if (!name.empty()) {
        StartComponent(std::string(name), b, e);
        return kNoRest;
      }
    }
    // A sentence of prose before the first name: "Clinically proven... Water".
    const bool prose = LooksLikeProse(s);
    if (prose) {
      size_t last = LastSentenceBreak(b, e);
      if (last != std::string::npos && !LooksLikeProse(Text(last, e))) {
        Diag(DiagnosticKind::kProse, fmt::format("text: '{}'", Shorten(Text(b, last))), b, last);
        return last;
      }
    }
    // Footnotes: "*Certified organic", "¹ from organic farming".
    size_t marks = 0;
    while (b + marks < e) {
      size_t n = FootnoteMarkerLength(t, b + marks);
      if (n == 0) break;
      marks += n;
    }
    if (marks > 0 && (HasFootnoteWord(s) || prose)) {
      Diag(DiagnosticKind::kFootnote, fmt::format("footnote: '{}'", Shorten(s)), b, e);
      return kNoRest;
    }
    Token(b, e, mode, prose);
    return kNoRest;
  }

  // Where "NN % vol" (an alcohol strength, any case, a full stop after it or
  // not) starts when `s` ends with one; npos otherwise. A full stop before the
  // number is left to the head ("Limonene. 80 % Vol." -> 10, before "80").
  static size_t AlcoholStrengthAt(std::string_view s) {
    size_t end = s.size();
    if (end > 0 && s[end - 1] == '.') --end;
    if (end < 5 || (s[end - 3] | 0x20) != 'v' || (s[end - 2] | 0x20) != 'o' || (s[end - 1] | 0x20) != 'l') {
      return std::string_view::npos;
    }
    size_t i = end - 3;
    while (i > 0 && s[i - 1] == ' ') --i;
    if (i == 0 || s[i - 1] != '%') return std::string_view::npos;
    --i;
    while (i > 0 && s[i - 1] == ' ') --i;
    const size_t digits_end = i;
    while (i > 0 && (IsDigit(s[i - 1]) || s[i - 1] == '.' || s[i - 1] == ',')) --i;
    while (i < digits_end && !IsDigit(s[i])) ++i;  // not the full stop before the number
    if (i == digits_end) return std::string_view::npos;
    if (i > 0 && !(s[i - 1] == ' ' || s[i - 1] == '.')) return std::string_view::npos;
    return i;
  }

  // Start of the text after the last sentence break ". X" / "! X" in [b, e), or npos.
  size_t LastSentenceBreak(size_t b, size_t e) const {
    const std::string& t = out_->clean;
    for (size_t i = e; i > b + 1; --i) {
      size_t p = i - 1;
      if ((t[p] == '.' || t[p] == '!' || t[p] == '?') && p + 1 < e && t[p + 1] == ' ') {
        size_t ws = p;
        while (ws > b && !IsSpace(t[ws - 1])) --ws;
        if (t[p] == '.' && IsAbbreviation(Text(ws, p))) continue;
        size_t j = p + 1;
        while (j < e && t[j] == ' ') ++j;
        if (j < e) return j;
      }
    }
    return std::string::npos;
  }

  // A production code in angle brackets ("Phenoxyethanol <ILN36231>"): where
  // it starts and ends in [b, e), or {npos, npos}.
  std::pair<size_t, size_t> AngleCode(size_t b, size_t e) const {
    const std::string& t = out_->clean;
    for (size_t i = b; i < e; ++i) {
      if (t[i] != '<') continue;
      size_t j = i + 1;
      while (j < e && j - i <= 4 && IsAlpha(t[j])) ++j;
      const size_t digits = j;
      while (j < e && IsDigit(t[j])) ++j;
      if (j - digits >= 3 && j < e && t[j] == '>') return {i, j + 1};
    }
    return {std::string::npos, std::string::npos};
  }

  // The tokens of [b, e): the text between production codes in angle
  // brackets, each code a note (a loop, not one call per code).
  void Token(size_t b, size_t e, Mode mode, bool segment_prose) {
    while (b < e && HasMark(lex_, b, e, kAngle)) {
      const auto [cb, ce] = AngleCode(b, e);
      if (cb == std::string::npos) break;
      TokenText(b, cb, mode, segment_prose);  // holds no code: AngleCode finds the first
      Diag(DiagnosticKind::kBatchCode, fmt::format("code '{}' dropped", Text(cb, ce)), cb, ce);
      b = ce;
    }
    TokenText(b, e, mode, segment_prose);
  }

  void TokenText(size_t b, size_t e, Mode mode, bool segment_prose) {
    // The span shows the ingredient, not the separators around it.
    {
      const std::string& t = out_->clean;
      while (e > b && (IsSpace(t[e - 1]) || t[e - 1] == '.' || t[e - 1] == ',' || t[e - 1] == ':' || t[e - 1] == '[' ||
                       t[e - 1] == '(' || t[e - 1] == '{' || t[e - 1] == '\'' || t[e - 1] == '"')) {
        --e;
      }
      while (b < e && (IsSpace(t[b]) || t[b] == '-' || t[b] == ':' || t[b] == ',' || t[b] == '\'' || t[b] == '"')) ++b;
      if (b >= e) return;
    }
    std::string_view raw = Text(b, e);
    // A code at the end of an item: "Soybean Oil (CODE F.I.L.: B234540/1)", "Extract. [V1640i]".
    if (const std::string_view code = names_.TrailingCode(raw); !code.empty()) {
      const size_t mb = static_cast<size_t>(code.data() - raw.data());
      Diag(DiagnosticKind::kBatchCode, fmt::format("code '{}' dropped", Trimmed(code)), b + mb, e);
      e = b + mb;
      const std::string& t = out_->clean;
      while (e > b && (IsSpace(t[e - 1]) || t[e - 1] == '.' || t[e - 1] == ',')) --e;
      raw = Text(b, e);
    }
    if (b >= e) return;
    if (names_.IsCode(raw)) {
      Diag(DiagnosticKind::kBatchCode, fmt::format("code '{}' dropped", raw), b, e);
      return;
    }
    LabelToken tok;
    tok.span = out_->Span(static_cast<uint32_t>(b), static_cast<uint32_t>(e));
    tok.clean_begin = static_cast<uint32_t>(b);
    tok.clean_end = static_cast<uint32_t>(e);
    tok.active = mode == Mode::kActive;
    tok.may_contain = mode == Mode::kMayContain;
    tok.component = static_cast<int>(out_->components.size()) - 1;
    tok.soft_break_before = pending_soft_break_;
    pending_soft_break_ = false;
    // The first Token() of a segment to get here takes the line break, even
    // when it then yields nothing: SegmentCached() records which token got it.
    const bool takes_break = !segment_took_break_;
    segment_took_break_ = true;

    std::string& names = out_->names;
    tok.name_begin = static_cast<uint32_t>(names.size());
    NameNotes notes;
    const bool named = names_.Clean(raw, &names, &notes);
    tok.percent = notes.percent;
    tok.nano = notes.nano;
    if (notes.batch_code) Diag(DiagnosticKind::kBatchCode, "batch code dropped", b, e);
    if (!notes.ocr_before.empty()) {
      Diag(DiagnosticKind::kOcr, fmt::format("read '{}' as a CI colour number", Shorten(notes.ocr_before)), b, e);
    }
    if (!named) {
      if (tok.percent) Diag(DiagnosticKind::kPercent, fmt::format("a percentage on its own: '{}'", raw), b, e);
      return;
    }
    tok.name_end = static_cast<uint32_t>(names.size());
    std::string_view nm = out_->Name(tok);
    tok.prose_suspect = force_prose_ || (segment_prose && LooksLikeProse(nm)) || nm.size() > 160;
    tok.pack_text = force_prose_;
    if (takes_break) segment_break_token_ = static_cast<int>(out_->tokens.size());
    out_->tokens.push_back(tok);
    ++tokens_in_component_;
  }

  const SectionMarkers& markers_;
  const NameCleaner& names_;
  const RE2& drug_words_;
  const RE2& component_inline_;
  SplitCache::Impl* cache_;  // may be null
  SplitLabel* out_;
  SplitScratch own_scratch_;  // used without a cache
  SplitScratch& scratch_;     // the cache's, or own_scratch_
  LabelLexemes& lex_;         // the cleaned text's marks, in scratch_
  int component_starts_ = 0;
  bool segment_took_break_ = false;  // a Token() of the current segment consumed pending_soft_break_
  int segment_break_token_ = -1;     // index of the token it went to; -1 for none
  Mode mode_ = Mode::kIngredients;
  bool drug_facts_ = false;
  bool seen_heading_ = false;
  bool pending_soft_break_ = false;
  bool force_prose_ = false;      // inside a sentence of pack text
  bool free_of_ = false;          // the sentence so far said what the product is without ("Free of: ...")
  bool claim_ = false;            // the sentence so far is a claim ("-Key ingredient: what it does, ...")
  size_t sentence_end_ = 0;       // the end of the sentence being split
  bool sentence_bullet_ = false;  // the sentence starts with a bullet ("-Key ingredient: ...")
  bool last_line_open_ = false;
  int tokens_in_component_ = 0;
};

}  // namespace

SplitLabel LabelSplitter::Split(std::string_view label, SplitCache* cache) const {
  SplitLabel out;
  Split(label, cache, &out);
  return out;
}

void LabelSplitter::Split(std::string_view label, SplitCache* cache, SplitLabel* into) const {
  SplitLabel& out = *into;
  out.tokens.clear();
  out.names.clear();
  out.diagnostics.clear();
  out.components.clear();
  out.tokens.reserve(label.size() / 16 + 4);  // about one name per 20 bytes on real labels
  out.names.reserve(label.size());            // names are the label less its noise
  Cleaner c;                                  // writes into the buffers `out` had
  c.out.swap(out.clean);
  c.out.clear();
  c.map.swap(out.clean_to_orig);
  c.map.clear();
  CleanLabel(label, &c);
  out.clean = std::move(c.out);
  out.clean_to_orig = std::move(c.map);
  bool blank = std::all_of(out.clean.begin(), out.clean.end(), [](char ch) { return IsSpace(ch) || ch == ','; });
  if (blank) {
    out.components.push_back("");
    out.diagnostics.push_back(
        {DiagnosticKind::kEmpty, "the label has no text", {0, static_cast<uint32_t>(label.size())}});
    return;
  }
  if (c.had_dot_hyphen) {
    out.diagnostics.push_back({DiagnosticKind::kOcr,
                               "a middle dot inside a name read as a hyphen ('Ceteareth·20')",
                               {0, static_cast<uint32_t>(label.size())}});
  }
  if (c.had_entity) {
    out.diagnostics.push_back(
        {DiagnosticKind::kHtmlEntity, "HTML entities decoded", {0, static_cast<uint32_t>(label.size())}});
  }
  const Patterns& p = *re_;
  SplitRun run(*markers_, *names_, p.drug_words, p.component_inline, cache == nullptr ? nullptr : cache->impl(), &out);
  run.Run();
}

}  // namespace aftercare::text
