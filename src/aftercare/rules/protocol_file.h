// Clinic protocol files (rules stage): a JSON file that starts from a built-in
// protocol and overrides category windows, allows practitioner-supplied
// products from a given day, and avoids ingredients for a patient or the whole
// clinic (allergies). Validated on load against the ingredient DB. The parsed
// result is a plain value; safe to share between threads once built.
#ifndef AFTERCARE_RULES_PROTOCOL_FILE_H_
#define AFTERCARE_RULES_PROTOCOL_FILE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aftercare/aftercare.h"

namespace aftercare::rules {

// The version of the file format this build reads ("aftercare_protocol": 1).
inline constexpr int kProtocolFileVersion = 1;

// A product the clinic supplies and allows from `from_day`, whatever its
// ingredients' categories say. Matched by sku (case-insensitive), else by the
// whole name (case-insensitive, runs of spaces collapsed).
struct AllowedProduct {
  std::string name;  // may be empty when sku is set
  std::string sku;   // may be empty when name is set
  int from_day = 0;
  std::string why;
  bool operator==(const AllowedProduct&) const = default;
};

// An ingredient in the family of an avoided name, and which of its names
// holds the avoided words ("Lanolin" -> HYDROGENATED LANOLIN, via
// "Hydrogenated Lanolin"; LANOLIN ALCOHOL also via its synonym "Wool Alcohols").
struct FamilyMember {
  db::IngredientId ingredient = -1;
  std::string via;    // the INCI name (label case) or other name that holds the words
  std::string words;  // the words it holds, as the file (or the DB, for the INCI the name resolved to) writes them
  bool operator==(const FamilyMember&) const = default;
};

// Ingredients avoided on every day (an allergy, a clinic ban): the name the
// file gives resolves to a category (its descendants included) and/or an
// ingredient (its aliases included; any synonym the DB knows names it), and
// to its family: every ingredient whose INCI name or other name holds the
// name (or the INCI name it resolves to) as whole words, with its aliases
// ("Lanolin" avoids Lanolin Alcohol, PEG-75 Lanolin, Hydrogenated Lanolin;
// "Wool Alcohols" and "Adeps Lanae" are synonyms the DB knows). A name that
// resolves to a category only has no family (the category covers it);
// "family": false in the file turns it off ("Alcohol" would hold every fatty
// alcohol). Computed once, when the file is loaded.
struct AvoidedIngredient {
  std::string name;                                   // as the file writes it
  std::vector<db::CategoryId> categories;             // a label ingredient in one of these (or below) is avoided
  std::vector<db::IngredientId> ingredients;          // the ingredient and its aliases
  std::vector<FamilyMember> family;                   // sorted by ingredient; none of `ingredients`
  std::vector<std::string> family_words;              // the word runs of the family, as written ("Lanolin")
  std::vector<std::vector<std::string>> family_runs;  // the same, as NameWords()
  std::string why;
  bool operator==(const AvoidedIngredient&) const = default;

  // The family member `id`, or nullptr.
  const FamilyMember* FamilyMemberOf(db::IngredientId id) const;
  // The family words a name (a label's, for a name the DB does not know)
  // holds as whole words, any case; "" when none. The view lives as long as
  // this entry.
  std::string_view FamilyWordsIn(std::string_view label_name) const;
};

// The words of a name, upper case, split at every byte that is not an ASCII
// letter or digit (bytes of other UTF-8 letters stay in their word):
// "PEG-75 Lanolin" -> PEG, 75, LANOLIN.
std::vector<std::string> NameWords(std::string_view name);
// Whether `words` holds `run` as consecutive whole words.
bool HoldsWords(const std::vector<std::string>& words, const std::vector<std::string>& run);

// One category window the file sets, and which protocol rows it changed.
struct WindowOverride {
  std::string category;
  std::optional<int> avoid_until_day, caution_until_day;
  std::optional<bool> recommended;  // unset: the replaced rows keep theirs
  std::string why;
  std::vector<std::string> replaced;  // categories of the base rows it replaced; empty = a new rule
  bool operator==(const WindowOverride&) const = default;
};

// What a clinic protocol adds beyond category windows. Empty = none.
struct ClinicPolicy {
  std::string file;  // where it came from, for messages
  std::vector<WindowOverride> overrides;
  std::vector<AllowedProduct> allowed;
  std::vector<AvoidedIngredient> avoided;
  // "strict_day_0": true (SkinPen style; default false): on day 0 nothing but
  // the allowed (practitioner-supplied) products; every other product is
  // avoided on day 0 (the Checker adds the rule).
  bool strict_day_0 = false;
  // "acne_prone": true (default false): comedogenic rating 3 is avoided like
  // 4-5. Already applied to the protocol's windows (an override of
  // comedogenic_moderate, listed in `overrides`); kept here to be shown.
  bool acne_prone = false;

  // The allowed entry for a product, by sku first, then by name; nullptr if none.
  const AllowedProduct* FindAllowed(std::string_view name, std::string_view sku) const;
  bool empty() const { return overrides.empty() && allowed.empty() && avoided.empty() && !strict_day_0 && !acne_prone; }
};

struct ProtocolFile {
  db::Protocol protocol;  // a modified copy of the base protocol
  ClinicPolicy policy;
};

// Whether a --protocol argument names a file rather than a built-in id: it
// ends in ".json" or contains a path separator.
bool IsProtocolFileArgument(std::string_view arg);

// Parses and validates the JSON text of a protocol file (`file_name` is used in
// messages and as the default source). Errors are kInvalidArgument
// "FILE:LINE:COL: WHERE: what (did you mean 'X'?)" (LINE:COL of the key, or of
// the list item, that is wrong; "FILE: what" for the file as a whole):
// malformed JSON, an unknown or mistyped key, an unsupported
// "aftercare_protocol" version, an unknown base protocol, category or
// ingredient, a negative or out-of-order window, an allowed product with
// neither name nor sku, a switch that is not true or false, "acne_prone" with
// a comedogenic_moderate window of its own. Leaves nothing behind on failure.
Result<ProtocolFile> ParseProtocolFile(std::string_view json, std::string_view file_name, const Analyzer& analyzer);

}  // namespace aftercare::rules

#endif  // AFTERCARE_RULES_PROTOCOL_FILE_H_
