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

// Calls fn(begin, end, index) for every note of the label that covers text:
// a diagnostic about a stretch of it, and a may-contain block's head.
template <typename Fn>
void ForEachNote(const ParsedLabel& label, Fn&& fn) {
  for (size_t i = 0; i < label.diagnostics.size(); ++i) {
    const auto& d = label.diagnostics[i];
    if (CoversText(d.kind)) {
      fn(d.span.begin, d.span.end, static_cast<int>(i));
    } else if (d.kind == text::DiagnosticKind::kMayContain) {
      // A may-contain block's marker ("May Contain (+/-):") heads it: the
      // block's text up to its first item. The items account for themselves.
      // The pieces are in text order: the first one in the block is found by halving.
      uint32_t end = d.span.end;
      auto first = std::lower_bound(label.pieces.begin(), label.pieces.end(), d.span.begin,
                                    [](const text::SourceSpan& p, uint32_t at) { return p.begin < at; });
      if (first != label.pieces.end() && first->begin < end) end = first->begin;
      fn(d.span.begin, end, static_cast<int>(i));
    }
  }
}

// Calls fn(begin, end, rank, kind, index) for every cover of the label, clipped to its text.
template <typename Fn>
void ForEachCover(const ParsedLabel& label, Fn&& fn) {
  const auto n = static_cast<uint32_t>(label.text.size());
  const auto clip = [&](uint32_t b, uint32_t e, int rank, SpanKind kind, int index) {
    e = std::min(e, n);
    fn(std::min(b, e), e, rank, kind, index);
  };
  ForEachNote(label, [&](uint32_t b, uint32_t e, int index) { clip(b, e, 0, SpanKind::kNote, index); });
  for (const auto& p : label.pieces) clip(p.begin, p.end, 1, SpanKind::kPiece, -1);
  for (size_t i = 0; i < label.ingredients.size(); ++i) {
    const auto& ing = label.ingredients[i];
    clip(ing.span.begin, ing.span.end, 2, ing.not_read ? SpanKind::kNotRead : SpanKind::kIngredient,
         static_cast<int>(i));
  }
}

bool ByBegin(const text::SourceSpan& x, const text::SourceSpan& y) { return x.begin < y.begin; }

// Past every cover's begin: where a run that is done begins.
constexpr uint64_t kRunDone = uint64_t{1} << 32;

// A run of covers in text order, the span of each item given by `Get`: read
// in place when the reader made it in order (it does, but for a hand-made
// label), else from a sorted copy.
template <typename T, typename Get>
class CoverRun {
 public:
  CoverRun(const std::vector<T>& items, Get get) : items_(items), get_(get) {
    if (!std::is_sorted(items.begin(), items.end(), [&](const T& x, const T& y) { return ByBegin(get(x), get(y)); })) {
      for (const T& item : items) copy_.push_back(get(item));
      std::sort(copy_.begin(), copy_.end(), ByBegin);
    }
  }
  // Where its next cover begins; kRunDone once it has none.
  uint64_t begin() const { return next_ == items_.size() ? kRunDone : At(next_).begin; }
  text::SourceSpan Take() { return At(next_++); }

 private:
  text::SourceSpan At(size_t i) const { return copy_.empty() ? get_(items_[i]) : copy_[i]; }

  const std::vector<T>& items_;
  Get get_;
  std::vector<text::SourceSpan> copy_;
  size_t next_ = 0;
};

}  // namespace

std::vector<text::SourceSpan> Unaccounted(const ParsedLabel& label) {
  // A check, not a pass over the text: the covers come as three runs, each
  // in text order as the reader makes them (notes, pieces, ingredients), read
  // together as one merge. The few notes are gathered; the pieces and the
  // ingredients are read where they are; only the text between covers is
  // looked at.
  const auto n = static_cast<uint32_t>(label.text.size());
  std::vector<text::SourceSpan> notes;
  ForEachNote(label, [&](uint32_t b, uint32_t e, int) { notes.push_back({b, e}); });
  const auto self = [](const text::SourceSpan& s) { return s; };
  CoverRun note_run(notes, self);
  CoverRun piece_run(label.pieces, self);
  CoverRun ingredient_run(label.ingredients, [](const LabelIngredient& i) { return i.span; });
  std::vector<text::SourceSpan> out;
  const auto gap = [&](uint32_t b, uint32_t e) {
    if (b < e && HasWord(label.text, b, e)) out.push_back({b, e});
  };
  uint32_t reached = 0;  // every byte before it is covered
  for (;;) {
    // The next cover: the one of the three runs that begins first.
    const uint64_t nb = note_run.begin(), pb = piece_run.begin(), ib = ingredient_run.begin();
    if (std::min({nb, pb, ib}) == kRunDone) break;
    text::SourceSpan s = nb <= pb && nb <= ib ? note_run.Take() : pb <= ib ? piece_run.Take() : ingredient_run.Take();
    s.end = std::min(s.end, n);
    s.begin = std::min(s.begin, s.end);
    if (s.begin == s.end) continue;
    gap(reached, s.begin);
    reached = std::max(reached, s.end);
  }
  gap(reached, n);
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
