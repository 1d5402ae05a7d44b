// aftercare stock STOCKFILE [--protocol ID|FILE] [--days 0-14] [--format html|csv|md|json] [-o OUT]:
// a clinic's whole stock against the healing timeline. The stock file is read
// with the catalog readers of `scan` (CSV, TSV, JSON Lines, gzip or not).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "aftercare/catalog/byte_source.h"
#include "aftercare/catalog/catalog_reader.h"
#include "aftercare/catalog/patient_plan.h"
#include "aftercare/catalog/stock_review.h"
#include "aftercare/report/plan_report.h"
#include "aftercare/report/stock_report.h"
#include "cli.h"

namespace aftercare::cli {

Status WriteFile(const std::string& path, const std::string& data) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return IoError(fmt::format("{}: cannot write: {}", path, std::strerror(errno)));
  bool ok = std::fwrite(data.data(), 1, data.size(), f) == data.size();
  ok = (std::fclose(f) == 0) && ok;
  if (!ok) return IoError(fmt::format("{}: cannot write: {}", path, std::strerror(errno)));
  return Status::Ok();
}

Status WriteOutput(const std::string& path, const std::string& data) {
  if (path.empty() || path == "-") {
    WriteStdout(data);
    return Status::Ok();
  }
  return WriteFile(path, data);
}

Result<std::vector<catalog::StockItem>> ReadStockFile(const StockOptions& options) {
  const bool is_stdin = options.file == "-";
  const std::string name = is_stdin ? "<stdin>" : options.file;
  std::optional<catalog::InputFormat> format;
  if (!options.input_format.empty()) {
    format = catalog::ParseInputFormat(options.input_format);
    if (!format) return InvalidArgument(fmt::format("unknown --input-format '{}'", options.input_format));
  } else {
    format = catalog::InputFormatFromPath(options.file);
  }
  if (!format) {
    return InvalidArgument(is_stdin ? "reading standard input needs --input-format csv|tsv|jsonl"
                                    : fmt::format("{}: cannot tell the format from the file name (.csv, .tsv, "
                                                  ".jsonl, .gz of those); give --input-format csv|tsv|jsonl",
                                                  options.file));
  }
  ASSIGN_OR_RETURN(char delimiter, ParseDelimiter(options.delimiter, *format));
  int fd = is_stdin ? STDIN_FILENO : ::open(options.file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NotFound(fmt::format("{}: cannot open: {}", options.file, std::strerror(errno)));
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return InvalidArgument(fmt::format("{}: is a directory", options.file));
  }
  ASSIGN_OR_RETURN(
      catalog::Utf8Source source,
      catalog::MaybeDecode(catalog::MaybeGunzip(std::make_unique<catalog::FdSource>(fd, name), name), name));
  if (!source.note.empty()) fmt::print(stderr, "aftercare: note: {}: {}\n", name, source.note);
  catalog::ColumnChoice columns = options.columns.Choice();
  columns.delimiter = delimiter;
  return catalog::ReadStock(source.source.get(), name, *format, columns);
}

// Bad rows are in the report (not evaluated); like scan, they also go to
// stderr and make the exit code 2 once the report is written.
int ReportBadRows(const std::vector<catalog::StockItem>& items) {
  int bad = 0;
  for (const auto& item : items) {
    if (item.error.empty()) continue;
    if (++bad <= 100) fmt::print(stderr, "aftercare: error: {}\n", item.error);
  }
  if (bad > 100) fmt::print(stderr, "aftercare: error: {} bad rows in all (every one is in the report)\n", bad);
  return bad > 0 ? kExitError : kExitOk;
}

// One patient's handout from the clinic's shelf: `plan`'s, over the stock.
int RunStockHandout(const GlobalOptions& global, const StockOptions& options) {
  if (options.treated.empty()) {
    return ReportError(InvalidArgument("--format handout is one patient's plan: give their --treated DATE"));
  }
  Result<rules::CivilDate> treated = rules::ParseDate(options.treated, "--treated");
  if (!treated.ok()) return ReportError(treated.status());
  Result<std::pair<int, int>> days = catalog::ParseDayRange(options.days, "--days");
  if (!days.ok()) return ReportError(days.status());
  auto items = ReadStockFile(options);
  if (!items.ok()) return ReportError(items.status());
  Result<CheckSetup> setup = OpenCheckSetup(global, options.protocol);
  if (!setup.ok()) return ReportError(setup.status());
  Result<catalog::PatientPlan> plan = catalog::PlanForPatient(*items, *setup->analyzer, *setup->checker,
                                                              setup->protocol, *treated, days->first, days->second);
  if (!plan.ok()) return ReportError(plan.status());
  const std::string out = report::PlanHtml(*plan, {options.clinic, options.patient});
  if (Status st = WriteOutput(options.out, out); !st.ok()) return ReportError(st);
  return ReportBadRows(*items);
}

int RunStock(const GlobalOptions& global, const StockOptions& options) {
  if (options.format == "handout") return RunStockHandout(global, options);
  Result<int> last_day = catalog::ParseGridDays(options.days, "--days");
  if (!last_day.ok()) return ReportError(last_day.status());
  auto items = ReadStockFile(options);
  if (!items.ok()) return ReportError(items.status());
  std::string where = options.file == "-" ? "<stdin>" : options.file;

  Result<CheckSetup> setup = OpenCheckSetup(global, options.protocol);
  if (!setup.ok()) return ReportError(setup.status());
  const Analyzer& analyzer = *setup->analyzer;
  const rules::Checker& checker = *setup->checker;
  const rules::ProtocolFile& protocol = setup->protocol;

  auto review = catalog::ReviewStock(*items, analyzer, checker, protocol, *last_day);
  if (!review.ok()) return ReportError(review.status());
  std::string out;
  if (options.format == "csv") {
    out = report::StockCsv(*review);
  } else if (options.format == "md") {
    out = report::StockMarkdown(*review);
  } else if (options.format == "json") {
    out = report::StockJson(*review, analyzer.db());
  } else {
    out = report::StockHtml(*review, analyzer.db(), fmt::format("Clinic stock review: {}", where),
                            {.sources = options.sources});
  }
  if (Status st = WriteOutput(options.out, out); !st.ok()) return ReportError(st);
  return ReportBadRows(*items);
}

}  // namespace aftercare::cli
