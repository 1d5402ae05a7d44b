#include "aftercare/match/accounting.h"

#include <algorithm>

namespace aftercare::match {

std::string_view SpanKindName(SpanKind kind) {
  switch (kind) {
    case SpanKind::kIngredient:
      return "ingredient";
    case SpanKind::kNotRead:
      return "not read";
    case SpanKind::kNote:
      return "note";
    case SpanKind::kPiece:
      return "piece";
    case SpanKind::kSeparator:
      return "separator";
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
    case K::kPercent:
      return true;
    case K::kMayContain:
    case K::kKit:
    case K::kDrugFacts:
    case K::kMissingComma:
    case K::kOcr:
    case K::kEmpty:
      return false;
  }
  return false;
}

std::vector<AccountedSpan> Account(const ParsedLabel& label) {
  // Everything that covers text, with its rank: higher wins where they overlap.
  struct Cover {
    uint32_t begin, end;
    int rank;
    SpanKind kind;
    int index;
  };
  const auto n = static_cast<uint32_t>(label.text.size());
  std::vector<Cover> covers;
  covers.reserve(label.ingredients.size() + label.pieces.size() + label.diagnostics.size());
  for (size_t i = 0; i < label.diagnostics.size(); ++i) {
    const auto& d = label.diagnostics[i];
    if (CoversText(d.kind)) {
      covers.push_back({d.span.begin, d.span.end, 0, SpanKind::kNote, static_cast<int>(i)});
    } else if (d.kind == text::DiagnosticKind::kMayContain) {
      // A may-contain block's marker ("May Contain (+/-):") heads it: the
      // block's text up to its first item. The items account for themselves.
      uint32_t end = d.span.end;
      for (const auto& p : label.pieces) {
        if (p.begin >= d.span.begin && p.begin < end) end = p.begin;
      }
      for (const auto& ing : label.ingredients) {
        if (ing.span.begin >= d.span.begin && ing.span.begin < end) end = ing.span.begin;
      }
      covers.push_back({d.span.begin, end, 0, SpanKind::kNote, static_cast<int>(i)});
    }
  }
  for (const auto& p : label.pieces) covers.push_back({p.begin, p.end, 1, SpanKind::kPiece, -1});
  for (size_t i = 0; i < label.ingredients.size(); ++i) {
    const auto& ing = label.ingredients[i];
    covers.push_back({ing.span.begin, ing.span.end, 2, ing.not_read ? SpanKind::kNotRead : SpanKind::kIngredient,
                      static_cast<int>(i)});
  }
  for (auto& c : covers) {
    c.end = std::min(c.end, n);
    c.begin = std::min(c.begin, c.end);
  }
  // The cut points: every begin and end. Between two cut points one cover wins.
  std::vector<uint32_t> cuts{0, n};
  for (const auto& c : covers) {
    cuts.push_back(c.begin);
    cuts.push_back(c.end);
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::sort(covers.begin(), covers.end(), [](const Cover& a, const Cover& b) { return a.begin < b.begin; });

  std::vector<AccountedSpan> out;
  size_t next = 0;                 // the first cover not yet started
  std::vector<const Cover*> open;  // covers that started at or before the current cut
  for (size_t k = 0; k + 1 < cuts.size(); ++k) {
    const uint32_t b = cuts[k], e = cuts[k + 1];
    while (next < covers.size() && covers[next].begin <= b) open.push_back(&covers[next++]);
    open.erase(std::remove_if(open.begin(), open.end(), [&](const Cover* c) { return c->end <= b; }), open.end());
    const Cover* best = nullptr;
    for (const Cover* c : open) {
      if (c->begin < e && (best == nullptr || c->rank > best->rank)) best = c;
    }
    AccountedSpan s{{b, e}, SpanKind::kSeparator, -1};
    const bool words = std::any_of(label.text.begin() + b, label.text.begin() + e, [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    });
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
