#include "aftercare/match/accounting.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <queue>

namespace aftercare::match {

std::string_view SpanKindName(SpanKind kind) {
  switch (kind) {
    case SpanKind::kIngredient: return "ingredient";
    case SpanKind::kNotRead: return "not read";
    case SpanKind::kNote: return "note";
    case SpanKind::kPiece: return "piece";
    case SpanKind::kSeparator: return "separator";
  }
  return "";
}

bool CoversText(text::DiagnosticKind kind) {
  using K = text::DiagnosticKind;
  switch (kind) {
    case K::kHeading:
    case K::kProse:
    case K::kFootnote:
    case K::kBatchCode:
    case K::kHtmlEntity:
    case K::kBracket:
    case K::kQualifier:
    case K::kPercent: return true;
    case K::kMayContain:
    case K::kKit:
    case K::kDrugFacts:
    case K::kMissingComma:
    case K::kOcr:
    case K::kEmpty:
    case K::kLimit:  // the entry not read covers the text
      return false;
  }
  return false;
}

namespace {

// What covers text, with its rank: higher wins where they overlap.
struct Cover {
  uint32_t begin, end;
  int rank;
  SpanKind kind;
  int index;
};

bool HasWord(const std::string& text, uint32_t b, uint32_t e) {
  return std::any_of(text.begin() + b, text.begin() + e,
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
}

// Calls fn(begin, end, rank, kind, index) for every cover of the label, clipped to its text.
template <typename Fn>
void ForEachCover(const ParsedLabel& label, Fn&& fn) {
  const auto n = static_cast<uint32_t>(label.text.size());
  const auto clip = [&](uint32_t b, uint32_t e, int rank, SpanKind kind, int index) {
    e = std::min(e, n);
    fn(std::min(b, e), e, rank, kind, index);
  };
  for (size_t i = 0; i < label.diagnostics.size(); ++i) {
    const auto& d = label.diagnostics[i];
    if (CoversText(d.kind)) {
      clip(d.span.begin, d.span.end, 0, SpanKind::kNote, static_cast<int>(i));
    } else if (d.kind == text::DiagnosticKind::kMayContain) {
      // A may-contain block's marker ("May Contain (+/-):") heads it: the
      // block's text up to its first item. The items account for themselves.
      // The pieces are in text order: the first one in the block is found by halving.
      uint32_t end = d.span.end;
      auto first = std::lower_bound(label.pieces.begin(), label.pieces.end(), d.span.begin,
                                    [](const text::SourceSpan& p, uint32_t at) { return p.begin < at; });
      if (first != label.pieces.end() && first->begin < end) end = first->begin;
      clip(d.span.begin, end, 0, SpanKind::kNote, static_cast<int>(i));
    }
  }
  for (const auto& p : label.pieces) clip(p.begin, p.end, 1, SpanKind::kPiece, -1);
  for (size_t i = 0; i < label.ingredients.size(); ++i) {
    const auto& ing = label.ingredients[i];
    clip(ing.span.begin, ing.span.end, 2, ing.not_read ? SpanKind::kNotRead : SpanKind::kIngredient,
         static_cast<int>(i));
  }
}

}  // namespace

std::vector<text::SourceSpan> Unaccounted(const ParsedLabel& label) {
  // A byte map of what is covered: linear in the label, no sort. Each cover
  // adds one where it starts and takes one away where it ends; a running sum
  // then marks the bytes (a memset per cover cost the label's length for
  // each note that runs to the end of its line).
  const auto n = static_cast<uint32_t>(label.text.size());
  std::vector<int32_t> starts(size_t{n} + 1, 0);
  ForEachCover(label, [&](uint32_t b, uint32_t e, int, SpanKind, int) {
    if (b == e) return;
    ++starts[b];
    --starts[e];
  });
  std::vector<uint8_t> covered(n, 0);
  int32_t depth = 0;
  for (uint32_t i = 0; i < n; ++i) {
    depth += starts[i];
    covered[i] = depth > 0;
  }
  std::vector<text::SourceSpan> out;
  const uint8_t* map = covered.data();
  for (uint32_t i = 0; i < n;) {
    // The next uncovered byte, then the next covered one: memchr runs 16 bytes at a time.
    const void* gap = std::memchr(map + i, 0, n - i);
    if (gap == nullptr) break;
    i = static_cast<uint32_t>(static_cast<const uint8_t*>(gap) - map);
    const void* next = std::memchr(map + i, 1, n - i);
    const uint32_t j = next == nullptr ? n : static_cast<uint32_t>(static_cast<const uint8_t*>(next) - map);
    if (HasWord(label.text, i, j)) out.push_back({i, j});
    i = j;
  }
  return out;
}

std::vector<AccountedSpan> Account(const ParsedLabel& label) {
  const auto n = static_cast<uint32_t>(label.text.size());
  std::vector<Cover> covers;
  covers.reserve(label.ingredients.size() + label.pieces.size() + label.diagnostics.size());
  ForEachCover(label, [&](uint32_t b, uint32_t e, int rank, SpanKind kind, int index) {
    covers.push_back({b, e, rank, kind, index});
  });
  std::sort(covers.begin(), covers.end(), [](const Cover& a, const Cover& b) { return a.begin < b.begin; });
  // The cut points: every begin and end. Between two cut points one cover wins.
  std::vector<uint32_t> cuts{0, n};
  for (const auto& c : covers) {
    cuts.push_back(c.begin);
    cuts.push_back(c.end);
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

  std::vector<AccountedSpan> out;
  size_t next = 0;  // the first cover not yet started
  // The covers that started at or before the current cut, one heap per rank,
  // the first started on top; a cover that has ended leaves when it comes to
  // the top. Between two cuts the highest rank wins, and within a rank the
  // first started: a few thousand notes that run to the end of a line (one
  // per may-contain block) are not looked at again at every cut.
  std::array<std::priority_queue<size_t, std::vector<size_t>, std::greater<>>, 3> open;
  for (size_t k = 0; k + 1 < cuts.size(); ++k) {
    const uint32_t b = cuts[k], e = cuts[k + 1];
    while (next < covers.size() && covers[next].begin <= b) {
      open[static_cast<size_t>(covers[next].rank)].push(next);
      ++next;
    }
    const Cover* best = nullptr;
    for (size_t r = open.size(); r-- > 0 && best == nullptr;) {
      while (!open[r].empty() && covers[open[r].top()].end <= b) open[r].pop();
      if (!open[r].empty()) best = &covers[open[r].top()];
    }
    AccountedSpan s{{b, e}, SpanKind::kSeparator, -1};
    const bool words = HasWord(label.text, b, e);
    if (best != nullptr && (best->kind != SpanKind::kPiece || words)) {
      s.kind = best->kind;
      s.index = best->index;
    } else if (best == nullptr && words) {
      s.kind = SpanKind::kNotRead;
    }
    // Neighbours of one kind and owner are one span.
    if (!out.empty() && out.back().kind == s.kind && out.back().index == s.index && out.back().span.end == b) {
      out.back().span.end = e;
    } else {
      out.push_back(s);
    }
  }
  return out;
}

}  // namespace aftercare::match
