// The shapes of hostile text of issue 20, at any size: deep and unbalanced
// nesting, separators alone, one token without spaces, long runs of names,
// 'and' and slash chains, colons and full stops after every name, combining
// marks, zero-width and right-to-left characters, NUL bytes, one long line and
// a million short ones, and the repeated markers the reader treats specially.
// Shared by the shape tests (tests/regression/issue20_shapes_test.cc) and the
// benchmark (tests/bench/shape_bench.cc), so that both read the same text.
#ifndef AFTERCARE_TESTS_REGRESSION_HOSTILE_SHAPES_H_
#define AFTERCARE_TESTS_REGRESSION_HOSTILE_SHAPES_H_

#include <string>
#include <string_view>
#include <vector>

namespace aftercare::testing {

struct HostileShape {
  std::string_view name;
  std::string (*make)(size_t bytes);  // exactly `bytes` bytes (a UTF-8 sequence may be cut at the end)
};

namespace shapes {

// `unit` repeated to exactly n bytes.
inline std::string Fill(std::string_view unit, size_t n) {
  std::string s;
  s.reserve(n + unit.size());
  while (s.size() < n) s += unit;
  s.resize(n);
  return s;
}

// `open` cycled, a name, the matching closers in reverse: n bytes, balanced.
inline std::string Nest(std::string_view open, std::string_view close, size_t n) {
  constexpr std::string_view kName = "Retinol";
  const size_t depth = n > kName.size() ? (n - kName.size()) / 2 : 0;
  std::string s;
  s.reserve(n);
  for (size_t i = 0; i < depth; ++i) s += open[i % open.size()];
  s += kName;
  for (size_t i = depth; i > 0; --i) s += close[(i - 1) % close.size()];
  while (s.size() < n) s += ' ';
  s.resize(n);
  return s;
}

inline constexpr std::string_view kNames[] = {
    "Water",          "Glycerin",   "Dimethicone", "Niacinamide",        "Cetearyl Alcohol",
    "Phenoxyethanol", "Tocopherol", "Retinol",     "Sodium Hyaluronate", "Caprylic Capric Triglyceride"};

// The names joined by `sep`, repeated to n bytes.
inline std::string Joined(std::string_view sep, size_t n) {
  std::string unit;
  for (std::string_view name : kNames) {
    unit += name;
    unit += sep;
  }
  return Fill(unit, n);
}

}  // namespace shapes

inline const std::vector<HostileShape>& HostileShapes() {
  using namespace shapes;
  static const std::vector<HostileShape> kShapes = {
      {"nest_round", [](size_t n) { return Nest("(", ")", n); }},
      {"nest_square", [](size_t n) { return Nest("[", "]", n); }},
      {"nest_curly", [](size_t n) { return Nest("{", "}", n); }},
      {"nest_mixed", [](size_t n) { return Nest("([{", ")]}", n); }},
      {"nest_names", [](size_t n) { return Fill("Water (", n / 2) + Fill(")", n - n / 2); }},
      {"nest_sub_lists", [](size_t n) { return Fill("Citrus Oils (Glycerin, ", n / 2) + Fill(")", n - n / 2); }},
      {"open_only", [](size_t n) { return Fill("(", n - 7) + "Retinol"; }},
      {"close_only", [](size_t n) { return "Retinol" + Fill(")", n - 7); }},
      {"open_mixed_only", [](size_t n) { return Fill("([{", n - 7) + "Retinol"; }},
      {"unbalanced_nest", [](size_t n) { return Fill("(", n * 5 / 8) + "Retinol" + Fill(")", n - n * 5 / 8 - 7); }},
      {"crossed", [](size_t n) { return Fill("(", n / 2) + Fill("]", n - n / 2); }},
      {"separators_only", [](size_t n) { return Fill(", ; | . / : - * ", n); }},
      {"one_token", [](size_t n) { return Fill("WaterGlycerinDimethicone", n); }},
      {"name_run", [](size_t n) { return Joined(" ", n); }},
      {"and_chain", [](size_t n) { return Joined(" and ", n); }},
      {"slash_chain", [](size_t n) { return Joined("/", n); }},
      {"slash_group_edge", [](size_t n) { return Fill("Aloe ", n - 6) + "/Water"; }},
      {"colons", [](size_t n) { return Joined(": ", n); }},
      {"full_stops", [](size_t n) { return Joined(". ", n); }},
      {"long_line", [](size_t n) { return Joined(", ", n); }},
      {"short_lines", [](size_t n) { return Fill("W\n", n); }},
      {"empty_lines", [](size_t n) { return Fill("\n", n); }},
      // Combining acute, zero-width space and joiner, right-to-left override, Hebrew.
      {"marks", [](size_t n) { return Fill("Wa\u0301ter\u200b, Gly\u200dcerin\u202e, \u05de\u05d9\u05dd, ", n); }},
      {"marks_one_token", [](size_t n) { return Fill("Wa\u0301t\u0308e\u200br\u202e", n); }},
      {"nul_bytes", [](size_t n) { return Fill(std::string_view("Water\0Glycerin\0, ", 17), n); }},
      {"headings", [](size_t n) { return Fill("Ingredients: Water, ", n); }},
      {"may_contain", [](size_t n) { return Fill("Water, May Contain (+/-): CI 77491, ", n); }},
      {"active_brackets", [](size_t n) { return Fill("Active ingredient (", n - 1) + ")"; }},
      {"heading_slashes", [](size_t n) { return Fill("Inci / ", n - 6) + "Water:"; }},
      {"percents", [](size_t n) { return Fill("Niacinamide 10% ", n); }},
      {"html_entities", [](size_t n) { return Fill("Water&amp;&#44;&nbsp;Glycerin&#x2C; ", n); }},
      {"angle_codes", [](size_t n) { return Fill("Fragrance <ILN41876>", n); }},
      {"alcohol_strengths", [](size_t n) { return Fill("80 % Vol. ", n); }},
      {"sub_products", [](size_t n) { return Fill("Serum:\nWater, Glycerin\n", n); }},
      {"named_sub_products", [](size_t n) { return Fill("Retinol: 1%, Water: 2%, ", n); }},
      {"names_in_notes", [](size_t n) { return Fill("Retinol, Ingredients: ", n); }},
      {"free_of_claims", [](size_t n) { return Fill("Free of: Parabens, Retinol. ", n); }},
      {"sentences", [](size_t n) { return Fill("This is a gentle cleanser that you will love. ", n); }},
  };
  return kShapes;
}

}  // namespace aftercare::testing

#endif  // AFTERCARE_TESTS_REGRESSION_HOSTILE_SHAPES_H_
