// libFuzzer target for the label reader: any bytes in, never a crash, a hang
// or an invariant broken, through `parse` and `check`. Size-capped (16 KB, or
// AFTERCARE_FUZZ_MAX_BYTES). Run with tools/fuzz.sh.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "aftercare/aftercare.h"
#include "aftercare/match/accounting.h"
#include "aftercare/report/check_report.h"
#include "aftercare/report/parse_report.h"
#include "aftercare/rules/verdict.h"
#include "aftercare/text/label_splitter.h"

namespace {

const aftercare::Analyzer& Get() {
  static const aftercare::Analyzer* analyzer = [] {
    const char* path = std::getenv("AFTERCARE_DB");
    auto a = aftercare::Analyzer::Open(path ? path : AFTERCARE_FUZZ_DB);
    if (!a.ok()) std::abort();
    auto* made = new aftercare::Analyzer(std::move(a).value());
    // Read the fuzzy deletion index (once per process, on the first search)
    // before the first input, so that the one-time read is not counted in it.
    (void)made->matcher().fuzzy().Search("glyerin", 1, 3);
    return made;
  }();
  return *analyzer;
}

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

// The largest input read: 16 KB, or AFTERCARE_FUZZ_MAX_BYTES (tools/fuzz.sh's
// third argument) for a dedicated run up to the 1 MiB a label may have.
size_t MaxBytes() {
  static const size_t max = [] {
    const char* v = std::getenv("AFTERCARE_FUZZ_MAX_BYTES");
    return v != nullptr ? static_cast<size_t>(std::strtoull(v, nullptr, 10)) : size_t{16384};
  }();
  return max;
}

const aftercare::rules::Checker& GetChecker() {
  static const aftercare::rules::Checker* checker = [] {
    auto c = aftercare::rules::Checker::Create(&Get());
    if (!c.ok()) std::abort();
    return std::move(c).value().release();
  }();
  return *checker;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > MaxBytes()) return 0;
  std::string_view label(reinterpret_cast<const char*>(data), size);
  const aftercare::Analyzer& a = Get();
  aftercare::match::ParsedLabel parsed = a.ParseLabel(label);
  int last_position = 0;
  for (const auto& ing : parsed.ingredients) {
    Check(ing.span.begin <= ing.span.end && ing.span.end <= size);
    Check(ing.name_begin <= ing.name_end && ing.name_end <= parsed.names.size());
    Check(ing.component >= 0 && static_cast<size_t>(ing.component) < parsed.components.size());
    Check(!a.normalizer().Key(parsed.Name(ing)).empty() || !ing.recognized());
    if (!ing.may_contain && !ing.not_read && ing.component == 0) {
      if (ing.position != last_position + 1) {
        std::fprintf(stderr, "position %d after %d; read as: %s\n", ing.position, last_position,
                     aftercare::report::ParseJson(parsed, a.db()).c_str());
      }
      Check(ing.position == last_position + 1);
      last_position = ing.position;
    }
  }
  for (const auto& d : parsed.diagnostics) Check(d.span.begin <= d.span.end && d.span.end <= size);
  // Every byte is accounted for: the spans cover the input in order, without
  // gap or overlap, and no text after the list's start is left unread
  // without an entry that says so.
  uint32_t at = 0;
  const uint32_t list_begin =
      parsed.ingredients.empty() ? static_cast<uint32_t>(size) : parsed.ingredients.front().span.begin;
  for (const auto& s : aftercare::match::Account(parsed)) {
    Check(s.span.begin == at && s.span.end > s.span.begin);
    Check(!(s.kind == aftercare::match::SpanKind::kNotRead && s.index < 0 && s.span.begin >= list_begin));
    at = s.span.end;
  }
  Check(at == size);
  // A known name standing alone as a comma piece is never inside a dropped
  // span: some ingredient or piece covers it, a note the reader wrote about
  // the label's structure, or a claim that the product is without it
  // ("Formulated without: Sodium Hydroxide"), as the match stage reads one.
  for (size_t b = 0; b < size && size <= 4096;) {
    size_t e = label.find_first_of(",;\n", b);
    if (e == std::string_view::npos) e = size;
    std::string_view piece = label.substr(b, e - b);
    // Spaces and control bytes around it are not part of the name.
    while (!piece.empty() && static_cast<unsigned char>(piece.front()) <= ' ') piece.remove_prefix(1);
    while (!piece.empty() && static_cast<unsigned char>(piece.back()) <= ' ') piece.remove_suffix(1);
    // A control byte inside is no name as printed (the reader reads it as a space, a lookup drops it).
    const bool control = std::any_of(piece.begin(), piece.end(),
                                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
    if (piece.size() >= 3 && !control && piece.find_first_of("()[]{}:.*/&|+-") == std::string_view::npos &&
        a.matcher().MatchNameExact(piece).ok()) {
      // Where the name's first letter or digit is (a non-breaking space may come before it).
      size_t first = 0;
      // ("Вода": a letter outside ASCII is a letter.) A non-breaking space is skipped.
      while (first < piece.size()) {
        const auto c = static_cast<unsigned char>(piece[first]);
        if (piece.compare(first, 2, "\xC2\xA0") == 0) {
          first += 2;
        } else if (c < 0x80 && !std::isalnum(c)) {
          ++first;
        } else {
          break;
        }
      }
      const auto pb = static_cast<uint32_t>(piece.data() + first - label.data());
      bool read = false;
      for (const auto& ing : parsed.ingredients) read = read || (ing.span.begin <= pb && pb < ing.span.end);
      for (const auto& p : parsed.pieces) read = read || (p.begin <= pb && pb < p.end);
      if (!read) {
        for (const auto& d : parsed.diagnostics) {
          // Notes about the label's structure, not a drop: a kit's part, a section.
          const bool structure = d.kind != aftercare::text::DiagnosticKind::kProse &&
                                 d.kind != aftercare::text::DiagnosticKind::kFootnote &&
                                 d.kind != aftercare::text::DiagnosticKind::kBatchCode &&
                                 d.kind != aftercare::text::DiagnosticKind::kHeading;
          const bool without = d.kind == aftercare::text::DiagnosticKind::kProse &&
                               std::string_view(d.message).starts_with(aftercare::text::kFreeOfNote);
          read = read || (d.span.begin <= pb && pb < d.span.end && (structure || without));
        }
      }
      if (!read) {
        std::fprintf(stderr, "known name '%.*s' dropped; read as: %s\n", static_cast<int>(piece.size()), piece.data(),
                     aftercare::report::ParseJson(parsed, a.db()).c_str());
      }
      Check(read);
    }
    b = e + 1;
  }
  // The JSON report is always valid JSON, whatever the input bytes (checked up
  // to 64 KB: the writer escapes byte by byte, and validating 10 MB of JSON
  // under ASan took over 10 s by itself in the 1 MiB runs).
  std::string json = aftercare::report::ParseJson(parsed, a.db());
  const bool validate_json = size <= 65536;
  Check(!validate_json || nlohmann::json::accept(json));
  // `check` on day 3: a verdict or an error that says why, and its reports.
  {
    const aftercare::rules::Checker& checker = GetChecker();
    const aftercare::db::Protocol& protocol = **checker.FindProtocol("microneedling");
    aftercare::rules::ProductInfo product;
    auto assessed = checker.Assess(parsed, product, protocol, 3, nullptr);
    Check(assessed.ok() || !assessed.status().message().empty());
    if (assessed.ok()) {
      // Text not read is never safe while a rule of the protocol is active.
      const bool not_read =
          std::any_of(parsed.ingredients.begin(), parsed.ingredients.end(), [](const auto& i) { return i.not_read; });
      Check(!not_read || assessed->verdict != aftercare::rules::Verdict::kSafe);
      aftercare::report::CheckView view{&parsed, &product, &*assessed, &protocol};
      const std::string check_json = aftercare::report::CheckJson(view, a.db());
      Check(!validate_json || nlohmann::json::accept(check_json));
      Check(!aftercare::report::CheckText(view, a.db(), {}).empty());
    }
  }
  // A batch cache (kept across inputs, as in a scan) changes nothing.
  static aftercare::match::MatchCache cache(20000);
  aftercare::match::ParseOptions cached;
  cached.cache = &cache;
  std::string again = aftercare::report::ParseJson(a.ParseLabel(label, cached), a.db());
  if (again != json)
    std::fprintf(stderr, "read without cache: %s\nread with cache:    %s\n", json.c_str(), again.c_str());
  Check(again == json);
  // The lead-token filter never rules out a name that matches: the whole
  // input, and each of its comma pieces, as a name.
  const aftercare::match::Matcher& m = a.matcher();
  for (size_t b = 0; b <= size && size <= 256;) {
    size_t e = label.find(',', b);
    if (e == std::string_view::npos) e = size;
    for (std::string_view name : {label.substr(b, e - b), label}) {
      if (name.find_first_of("([") != std::string_view::npos) continue;
      if (m.MatchNameExact(name).ok()) Check(m.MayStartName(name));
    }
    b = e + 1;
  }
  return 0;
}
