#include "aftercare/match/accounting.h"

#include <algorithm>
#include <array>
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
  // The covers come as three runs, each in text order as the reader makes
  // them: notes, pieces, ingredients. Two merges put them in order, and one
  // sweep finds the gaps between them: linear in the covers, not in the text
  // (a byte map of the text cost 15 % of reading a label whose names were
  // all known; a sort of the covers cost as much).
  using Range = std::pair<uint32_t, uint32_t>;
  std::vector<Range> covers;
  covers.reserve(label.diagnostics.size() + label.pieces.size() + label.ingredients.size());
  std::array<size_t, 3> run_end{};
  ForEachCover(label, [&](uint32_t b, uint32_t e, int rank, SpanKind, int) {
    if (b == e) return;
    covers.emplace_back(b, e);
    run_end[static_cast<size_t>(rank)] = covers.size();
  });
  // ForEachCover gives the ranks in order (0 notes, 1 pieces, 2 ingredients).
  run_end[1] = std::max(run_end[1], run_end[0]);
  run_end[2] = std::max(run_end[2], run_end[1]);
  const auto by_begin = [](const Range& x, const Range& y) { return x.first < y.first; };
  const auto at = [&](size_t i) { return covers.begin() + static_cast<std::ptrdiff_t>(i); };
  size_t run_begin = 0;
  for (size_t end : run_end) {
    if (!std::is_sorted(at(run_begin), at(end), by_begin)) std::sort(at(run_begin), at(end), by_begin);
    if (run_begin > 0) std::inplace_merge(covers.begin(), at(run_begin), at(end), by_begin);
    run_begin = end;
  }
  std::vector<text::SourceSpan> out;
  const auto gap = [&](uint32_t b, uint32_t e) {
    if (b < e && HasWord(label.text, b, e)) out.push_back({b, e});
  };
  uint32_t reached = 0;  // every byte before it is covered
  for (const auto& [b, e] : covers) {
    gap(reached, b);
    reached = std::max(reached, e);
  }
  gap(reached, static_cast<uint32_t>(label.text.size()));
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
