// The command line's one flag table for the flags several commands share: the
// day (--day, --treated, --today), --protocol, the catalog column flags,
// --input-format and --delimiter, --format, --fail-on and -o. Each is defined
// here once, with its help text, and a command adds it with a helper, so its
// help cannot drift from one command to another. What a flag accepts is said
// in the library's words (its date forms, column names, formats, verdicts).
#ifndef AFTERCARE_CLI_FLAGS_H_
#define AFTERCARE_CLI_FLAGS_H_

#include <array>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aftercare/catalog/catalog_reader.h"

namespace CLI {
class App;
}  // namespace CLI

namespace aftercare::cli {

// The protocol of a command without --protocol.
inline constexpr std::string_view kDefaultProtocol = "microneedling";

// Which healing day: --day N, or --treated DATE [--today DATE] (ResolveDay).
struct DayOptions {
  std::optional<int> day;
  std::string treated, today;
};

// --day, --treated and --today.
void AddDayFlags(CLI::App* command, DayOptions* day);
// --day alone, for a command where it is optional: "Also " + `what` + " on this healing day".
void AddOptionalDayFlag(CLI::App* command, std::optional<int>* day, std::string_view what);
// --treated DATE alone: the treatment date, day 0. `use`: what it is for in
// this command, put before the shared text ("handout: "), "" for none.
void AddTreatedFlag(CLI::App* command, std::string* treated, std::string_view use = "");

// --protocol ID|FILE. `note`: what else it does in this command, put after
// the shared text ("" for nothing).
void AddProtocolFlag(CLI::App* command, std::string* protocol, std::string_view note = "");

// --format, one of `formats`; the default shown is *format's value. `help`:
// what the formats are, when more than their names is worth saying.
void AddFormatFlag(CLI::App* command, std::string* format, const std::vector<std::string>& formats,
                   std::string_view help = "Output format");

// --input-format and --delimiter of a catalog file.
void AddInputFormatFlags(CLI::App* command, std::string* input_format, std::string* delimiter);

// --fail-on VERDICT. `what`: whose verdict ("the verdict", "a product's verdict").
void AddFailOnFlag(CLI::App* command, std::string* fail_on, std::string_view what);

// -o, --output FILE. `what`: what is written ("the report").
void AddOutputFlag(CLI::App* command, std::string* output, std::string_view what);

// The flag of a column role: "--ingredients-column", "--id-column", ...
std::string_view ColumnFlag(catalog::ColumnRole role);

// The column flags of a command, and their values.
class ColumnFlags {
 public:
  // Adds the flag of each of `roles` (ColumnFlag) to `command`.
  // REQUIRES: this object outlives the parse (CLI11 writes into it).
  void Add(CLI::App* command, std::initializer_list<catalog::ColumnRole> roles);

  // The columns the flags choose ("" = found by their common names), with the
  // flags' names for the messages about them; a role without a flag in this
  // command is named in the library's words.
  catalog::ColumnChoice Choice() const;

 private:
  std::array<std::string, catalog::kColumnRoles> values_;
  std::array<bool, catalog::kColumnRoles> defined_{};
};

}  // namespace aftercare::cli

#endif  // AFTERCARE_CLI_FLAGS_H_
