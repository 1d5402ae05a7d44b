// aftercare plan INPUT... --treated DATE [--protocol ID|FILE] [--days 0-14]
// [--format text|html|ics|json] [--clinic NAME] [--patient NAME] [-o OUT]:
// one patient's own products against the days after their treatment, day by
// day, with dates. The inputs are read as `stock` reads a stock file, as
// `check` reads a label (one product per file, named after the file), or as a
// folder of such .txt labels.
#include <algorithm>
#include <cctype>
#include <filesystem>

#include <fmt/format.h>

#include "aftercare/catalog/patient_plan.h"
#include "aftercare/report/plan_report.h"
#include "cli.h"

namespace aftercare::cli {
namespace {

namespace fs = std::filesystem;

// "retinol-night_serum.txt" -> "Retinol night serum".
std::string ProductName(const fs::path& file) {
  std::string name = file.stem().string();
  std::replace_if(
      name.begin(), name.end(), [](char c) { return c == '-' || c == '_'; }, ' ');
  if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name;
}

// One label file as one product; an unreadable file is a product with its error.
catalog::StockItem LabelItem(const fs::path& file) {
  catalog::StockItem item;
  item.line = 1;
  item.name = ProductName(file);
  Result<std::string> text = ReadLabel(file.string());
  if (text.ok()) {
    item.ingredients = std::move(*text);
  } else {
    item.error = text.status().message();
  }
  return item;
}

Result<std::vector<catalog::StockItem>> ReadPlanInputs(const std::vector<std::string>& inputs) {
  std::vector<catalog::StockItem> items;
  for (const std::string& input : inputs) {
    std::error_code ec;
    if (fs::is_directory(input, ec)) {
      std::vector<fs::path> labels, skipped;
      for (const auto& e : fs::directory_iterator(input, ec)) {
        if (!e.is_regular_file()) continue;
        (e.path().extension() == ".txt" ? labels : skipped).push_back(e.path());
      }
      if (ec) return IoError(fmt::format("{}: cannot list: {}", input, ec.message()));
      std::sort(labels.begin(), labels.end());
      for (const auto& f : skipped) {
        fmt::print(stderr, "aftercare: note: {}: not a .txt label, not read\n", f.string());
      }
      if (labels.empty()) return InvalidArgument(fmt::format("{}: no .txt label file in the folder", input));
      for (const auto& f : labels) items.push_back(LabelItem(f));
      continue;
    }
    if (catalog::InputFormatFromPath(input)) {
      StockOptions stock;
      stock.file = input;
      ASSIGN_OR_RETURN(std::vector<catalog::StockItem> rows, ReadStockFile(stock));
      for (auto& r : rows) items.push_back(std::move(r));
      continue;
    }
    if (input == "-") return InvalidArgument("plan reads files: give the products as files or a folder");
    if (!fs::exists(input, ec)) return NotFound(fmt::format("{}: cannot open: no such file or folder", input));
    items.push_back(LabelItem(input));
  }
  return items;
}

}  // namespace

int RunPlan(const GlobalOptions& global, const PlanOptions& options) {
  Result<rules::CivilDate> treated = rules::ParseDate(options.treated, "--treated");
  if (!treated.ok()) return ReportError(treated.status());
  Result<std::pair<int, int>> days = catalog::ParseDayRange(options.days, "--days");
  if (!days.ok()) return ReportError(days.status());
  Result<std::vector<catalog::StockItem>> items = ReadPlanInputs(options.inputs);
  if (!items.ok()) return ReportError(items.status());

  Result<CheckSetup> setup = OpenCheckSetup(global, options.protocol);
  if (!setup.ok()) return ReportError(setup.status());
  Result<catalog::PatientPlan> plan = catalog::PlanForPatient(*items, *setup->analyzer, *setup->checker,
                                                              setup->protocol, *treated, days->first, days->second);
  if (!plan.ok()) return ReportError(plan.status());
  const report::PlanHeading heading{options.clinic, options.patient};
  std::string out;
  if (options.format == "html") {
    out = report::PlanHtml(*plan, heading);
  } else if (options.format == "ics") {
    out = report::PlanIcs(*plan, heading);
  } else if (options.format == "json") {
    out = report::PlanJson(*plan, heading);
  } else {
    out = report::PlanText(*plan, heading);
  }
  if (Status st = WriteOutput(options.out, out); !st.ok()) return ReportError(st);
  // A product that could not be read is on the plan as not checked; it also
  // makes the exit code 2, as in stock.
  return ReportBadRows(*items);
}

}  // namespace aftercare::cli
