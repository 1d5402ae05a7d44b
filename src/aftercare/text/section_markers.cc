#include "aftercare/text/section_markers.h"

#include <algorithm>
#include <array>
#include <cstring>

#include <fmt/format.h>

#include "aftercare/base/ascii.h"
#include "aftercare/base/byte_mask.h"

namespace aftercare::text {
namespace {

using ascii::IsSpace;
using ascii::Lower;
using ascii::StartsWithLower;

// Which section markers a line may hold, by the words their patterns need
// (ASCII case ignored), found in one pass: most lines hold none, and then no
// marker pattern runs. Each is where the first such word starts, npos for
// none. It may be set where its pattern then finds nothing, but never left
// npos where the pattern would match, nor past the word a match needs.
struct MarkerWords {
  static constexpr size_t npos = std::string_view::npos;
  size_t heading = npos;      // ingr lngr 1ngr inci compos zutat inhalt sk bestand aines
  size_t active = npos;       // activ, drug
  size_t inactive = npos;     // inactiv, other
  size_t may_contain = npos;  // contain conten enthalt conter +/- "+ /" "+/ "
  size_t drug_prose = npos;   // uses warning directions other questions keep
};

// The words the marker patterns need at a word start, each with the markers
// it may begin. "sk" stands for "sk[łl]adniki": its third byte is 'l' or the
// first byte of 'ł'/'Ł'.
struct MarkerWord {
  std::string_view word;  // lower case
  size_t MarkerWords::*marker;
  size_t MarkerWords::*marker2 = nullptr;
};
constexpr MarkerWord kMarkerWords[] = {
    {"ingr", &MarkerWords::heading},          {"inci", &MarkerWords::heading},
    {"inhalt", &MarkerWords::heading},        {"lngr", &MarkerWords::heading},  // OCR: "lngredients"
    {"1ngr", &MarkerWords::heading},          {"compos", &MarkerWords::heading},
    {"zutat", &MarkerWords::heading},         {"skl", &MarkerWords::heading},
    {"sk\xC5", &MarkerWords::heading},        {"bestand", &MarkerWords::heading},
    {"aines", &MarkerWords::heading},         {"contain", &MarkerWords::may_contain},
    {"conten", &MarkerWords::may_contain},    {"conter", &MarkerWords::may_contain},
    {"enthalt", &MarkerWords::may_contain},   {"activ", &MarkerWords::active},
    {"drug", &MarkerWords::active},  // "drug", "other": the patterns allow any space after them
    {"directions", &MarkerWords::drug_prose}, {"other", &MarkerWords::inactive, &MarkerWords::drug_prose},
    {"uses", &MarkerWords::drug_prose},       {"warning", &MarkerWords::drug_prose},
    {"questions", &MarkerWords::drug_prose},  {"keep", &MarkerWords::drug_prose},
};

// A filter on a word's first three bytes (lowered): a bit per hash, set for
// every marker word. Most words fail it, and only those that pass are compared.
constexpr uint32_t TrigramHash(char a, char b, char c) {
  return ((static_cast<unsigned char>(a) * 0x9E37u) ^ (static_cast<unsigned char>(b) * 0x85EBu) ^
          (static_cast<unsigned char>(c) * 0xC2B3u)) &
         4095u;
}
constexpr std::array<uint64_t, 64> kMarkerTrigrams = [] {
  std::array<uint64_t, 64> bits{};
  for (const MarkerWord& m : kMarkerWords) {
    const uint32_t h = TrigramHash(m.word[0], m.word[1], m.word[2]);
    bits[h / 64] |= uint64_t{1} << (h % 64);
  }
  return bits;
}();

MarkerWords FindMarkerWords(std::string_view s) {
  MarkerWords w;
  const size_t n = s.size();
  if (n == 0) return w;
  auto at = [&](size_t i, std::string_view lower) { return StartsWithLower({s.data() + i, n - i}, lower); };
  // Every pattern word but "inactive" and "+/-" follows a word boundary (\b,
  // whitespace or '/'): only word starts are tested, found 16 bytes at a time.
  uint32_t carry = 0;  // the byte before the block is a word byte
  for (size_t blk = 0; blk < n; blk += bytemask::kBlock) {
    const uint32_t word = n - blk >= bytemask::kBlock ? bytemask::WordBytes(s.data() + blk)
                                                      : bytemask::Tail<bytemask::WordBytes>(s.data() + blk, n - blk);
    uint32_t starts = word & ~((word << 1) | carry);
    carry = (word >> (bytemask::kBlock - 1)) & 1;
    for (; starts != 0; starts &= starts - 1) {
      const size_t i = blk + static_cast<size_t>(__builtin_ctz(starts));
      if (n - i < 3) break;  // every marker word has three bytes or more
      const char a = Lower(s[i]), b = Lower(s[i + 1]), c = Lower(s[i + 2]);
      const uint32_t h = TrigramHash(a, b, c);
      if (!(kMarkerTrigrams[h / 64] >> (h % 64) & 1)) continue;
      for (const MarkerWord& m : kMarkerWords) {
        if (m.word[0] != a || m.word[1] != b || m.word[2] != c || !at(i, m.word)) continue;
        w.*m.marker = std::min(w.*m.marker, i);
        if (m.marker2 != nullptr) w.*m.marker2 = std::min(w.*m.marker2, i);
      }
    }
  }
  // "inactive ingredients" may start inside a word; its 'v' is rare in a list,
  // as is the '+' of "+/-".
  const auto each = [&](char c, auto&& f) {
    for (const char* p = s.data(); (p = static_cast<const char*>(std::memchr(p, c, s.data() + n - p))); ++p) {
      f(static_cast<size_t>(p - s.data()));
    }
  };
  const auto inactive = [&](size_t v) {
    if (v >= 6 && at(v - 6, "inactiv")) {
      w.inactive = std::min(w.inactive, v - 6);
      w.active = std::min(w.active, v - 6);
    }
  };
  each('v', inactive);
  each('V', inactive);
  each('+', [&](size_t i) {
    if (at(i, "+/-") || at(i, "+/ ") || at(i, "+ /")) w.may_contain = std::min(w.may_contain, i);
  });
  return w;
}

}  // namespace

Result<std::unique_ptr<SectionMarkers>> SectionMarkers::Create() {
  std::unique_ptr<SectionMarkers> m(new SectionMarkers());
  for (const RE2* re : {&m->heading_, &m->active_, &m->inactive_, &m->may_contain_, &m->drug_prose_, &m->tolerance_}) {
    if (!re->ok()) return Internal(fmt::format("section marker pattern '{}': {}", re->pattern(), re->error()));
  }
  return m;
}

void SectionMarkers::Scan(const RE2& re, Marker::Kind kind, std::string_view line, size_t start, size_t end,
                          std::vector<Marker>* out) const {
  re2::StringPiece input(line.data(), line.size());
  re2::StringPiece m;
  while (start < end && re.Match(input, start, end, RE2::UNANCHORED, &m, 1)) {
    size_t mb = static_cast<size_t>(m.data() - line.data());
    size_t me = mb + m.size();
    if (me == mb) {
      ++start;
      continue;
    }
    out->push_back({mb, me, kind});
    start = me;
  }
}

void SectionMarkers::Find(std::string_view line, bool drug_facts, std::vector<Marker>* out) const {
  const size_t found_before = out->size();
  // Cheap prefilters: most lines carry no marker at all.
  const MarkerWords words = FindMarkerWords(line);
  const void* last = line.empty() ? nullptr : memrchr(line.data(), ':', line.size());
  const bool colon = last != nullptr;
  const size_t last_colon = colon ? static_cast<size_t>(static_cast<const char*>(last) - line.data()) : 0;
  // A match holds a word the prefilter found, and begins at most one word
  // before it ("full ingredients", "may contain"): the search starts there.
  const auto word_before = [&](size_t word) {
    size_t start = word;
    while (start > 0 && IsSpace(line[start - 1])) --start;
    while (start > 0 && !IsSpace(line[start - 1])) --start;
    return start;
  };
  // A heading and a Drug Facts prose marker end with a colon: no need to
  // search past the last one.
  if (colon && words.heading != MarkerWords::npos) {
    Scan(heading_, Marker::kHeading, line, word_before(words.heading), last_colon + 1, out);
  }
  if (words.active != MarkerWords::npos) {
    Scan(active_, Marker::kActive, line, word_before(words.active), line.size(), out);
  }
  if (words.inactive != MarkerWords::npos) {
    Scan(inactive_, Marker::kInactive, line, word_before(words.inactive), line.size(), out);
  }
  if (words.may_contain != MarkerWords::npos) {
    Scan(may_contain_, Marker::kMayContain, line, word_before(words.may_contain), line.size(), out);
  }
  if ((drug_facts || out->size() > found_before) && colon && words.drug_prose != MarkerWords::npos) {
    Scan(drug_prose_, Marker::kDrugProse, line, word_before(words.drug_prose), last_colon + 1, out);
  }
  std::sort(out->begin() + static_cast<std::ptrdiff_t>(found_before), out->end(),
            [](const Marker& x, const Marker& y) { return x.begin < y.begin; });
}

void SectionMarkers::FindEverywhere(std::string_view line, bool drug_facts, std::vector<Marker>* out) const {
  const size_t found_before = out->size();
  Scan(heading_, Marker::kHeading, line, 0, line.size(), out);
  Scan(active_, Marker::kActive, line, 0, line.size(), out);
  Scan(inactive_, Marker::kInactive, line, 0, line.size(), out);
  Scan(may_contain_, Marker::kMayContain, line, 0, line.size(), out);
  if (drug_facts || out->size() > found_before) Scan(drug_prose_, Marker::kDrugProse, line, 0, line.size(), out);
  std::sort(out->begin() + static_cast<std::ptrdiff_t>(found_before), out->end(),
            [](const Marker& x, const Marker& y) { return x.begin < y.begin; });
}

bool SectionMarkers::Mentions(std::string_view s, bool with_prose) const {
  return RE2::PartialMatch(s, heading_) || RE2::PartialMatch(s, active_) || RE2::PartialMatch(s, inactive_) ||
         RE2::PartialMatch(s, may_contain_) || (with_prose && RE2::PartialMatch(s, drug_prose_));
}

bool SectionMarkers::IsTolerance(std::string_view after) const { return RE2::PartialMatch(after, tolerance_); }

}  // namespace aftercare::text
