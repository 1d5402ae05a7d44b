#include "flags.h"

#include <iterator>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "aftercare/rules/healing_day.h"
#include "aftercare/rules/verdict.h"

namespace aftercare::cli {
namespace {

constexpr std::string_view kDaysSince = "days since the treatment (0 = the treatment day, 1 = the next day)";

// "the treatment date, day 0: YYYY-MM-DD, ...", after `use`; capitalized without one.
std::string TreatedHelp(std::string_view use) {
  std::string help = fmt::format("{}the treatment date, day 0: {}", use, rules::kDateForms);
  if (use.empty()) help[0] = 'T';
  return help;
}

constexpr std::array<std::string_view, catalog::kColumnRoles> kColumnFlags = {
    "--ingredients-column", "--id-column",       "--name-column", "--type-column",
    "--brand-column",       "--quantity-column", "--sku-column"};

}  // namespace

void AddDayFlags(CLI::App* command, DayOptions* day) {
  command->add_option("--day", day->day, fmt::format("The healing day: {}", kDaysSince));
  command->add_option("--treated", day->treated, TreatedHelp("") + "; the healing day is counted from it to --today");
  command->add_option("--today", day->today, "Today's date for --treated (default: the local date)");
}

void AddOptionalDayFlag(CLI::App* command, std::optional<int>* day, std::string_view what) {
  command->add_option("--day", *day, fmt::format("Also {} on this healing day: {}", what, kDaysSince));
}

void AddTreatedFlag(CLI::App* command, std::string* treated, std::string_view use) {
  command->add_option("--treated", *treated, TreatedHelp(use));
}

void AddProtocolFlag(CLI::App* command, std::string* protocol, std::string_view note) {
  std::string help =
      "Healing protocol: a built-in id ('aftercare protocols' lists them) or a clinic protocol file "
      "(.json)";
  if (!note.empty()) help += fmt::format("; {}", note);
  command->add_option("--protocol", *protocol, help)->capture_default_str();
}

void AddFormatFlag(CLI::App* command, std::string* format, const std::vector<std::string>& formats,
                   std::string_view help) {
  command->add_option("--format", *format, std::string(help))->check(CLI::IsMember(formats))->capture_default_str();
}

void AddInputFormatFlags(CLI::App* command, std::string* input_format, std::string* delimiter) {
  std::vector<std::string> formats;
  for (auto f : {catalog::InputFormat::kCsv, catalog::InputFormat::kTsv, catalog::InputFormat::kJsonl}) {
    formats.emplace_back(catalog::InputFormatName(f));
  }
  command->add_option("--input-format", *input_format, "Catalog file format (default: from the extension)")
      ->check(CLI::IsMember(formats));
  command->add_option("--delimiter", *delimiter,
                      "CSV/TSV field separator: , ; | or tab (default: the one the header line uses, for CSV)");
}

void AddFailOnFlag(CLI::App* command, std::string* fail_on, std::string_view what) {
  const std::vector<std::string> verdicts = {std::string(rules::VerdictName(rules::Verdict::kAvoid)),
                                             std::string(rules::VerdictName(rules::Verdict::kCaution))};
  command->add_option("--fail-on", *fail_on, fmt::format("Exit 1 when {} is this bad or worse", what))
      ->check(CLI::IsMember(verdicts));
}

void AddOutputFlag(CLI::App* command, std::string* output, std::string_view what) {
  command->add_option("-o,--output", *output, fmt::format("Write {} to this file (default: standard output)", what));
}

std::string_view ColumnFlag(catalog::ColumnRole role) { return kColumnFlags[static_cast<size_t>(role)]; }

void ColumnFlags::Add(CLI::App* command, std::initializer_list<catalog::ColumnRole> roles) {
  for (catalog::ColumnRole role : roles) {
    const auto r = static_cast<size_t>(role);
    defined_[r] = true;
    command->add_option(std::string(ColumnFlag(role)), values_[r],
                        fmt::format("Column or JSON field of {} (default: {}); a number N: the N-th column of a "
                                    "CSV/TSV file without a header",
                                    catalog::ColumnRoleContents(role), catalog::DescribeCommonColumnNames(role)));
  }
}

catalog::ColumnChoice ColumnFlags::Choice() const {
  catalog::ColumnChoice c;
  std::string* const fields[] = {&c.ingredients, &c.id, &c.name, &c.type, &c.brand, &c.quantity, &c.sku};
  static_assert(std::size(fields) == catalog::kColumnRoles);
  for (size_t r = 0; r < catalog::kColumnRoles; ++r) {
    *fields[r] = values_[r];
    if (defined_[r]) c.setting_names[r] = ColumnFlag(static_cast<catalog::ColumnRole>(r));
  }
  return c;
}

}  // namespace aftercare::cli
