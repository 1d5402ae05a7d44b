// aftercare stock STOCKFILE [--protocol ID|FILE] [--days 0-14] [--format html|csv|md|json] [-o OUT]:
// a clinic's whole stock against the healing timeline.
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "aftercare/catalog/stock_review.h"
#include "aftercare/report/stock_report.h"
#include "cli.h"

namespace aftercare::cli {

// "14" or "0-14": the last day of the grid. The grid always starts on day 0.
Result<int> ParseDays(const std::string& s) {
  std::string last = s;
  if (auto dash = s.find('-'); dash != std::string::npos) {
    if (s.substr(0, dash) != "0") {
      return InvalidArgument(fmt::format("--days '{}': the grid starts on day 0 (write 0-N or N)", s));
    }
    last = s.substr(dash + 1);
  }
  if (last.empty() || last.size() > 3 || last.find_first_not_of("0123456789") != std::string::npos) {
    return InvalidArgument(fmt::format("--days '{}': expected N or 0-N (e.g. 0-14)", s));
  }
  return std::stoi(last);
}

Status WriteFile(const std::string& path, const std::string& data) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return IoError(fmt::format("{}: cannot write: {}", path, std::strerror(errno)));
  bool ok = std::fwrite(data.data(), 1, data.size(), f) == data.size();
  ok = (std::fclose(f) == 0) && ok;
  if (!ok) return IoError(fmt::format("{}: cannot write: {}", path, std::strerror(errno)));
  return Status::Ok();
}

int RunStock(const GlobalOptions& global, const StockOptions& options) {
  Result<int> last_day = ParseDays(options.days);
  if (!last_day.ok()) return ReportError(last_day.status());
  Result<std::string> text = ReadInput(options.file);
  if (!text.ok()) return ReportError(text.status());
  std::string where = options.file.empty() || options.file == "-" ? "<stdin>" : options.file;
  auto items = catalog::ReadStockCsv(*text, where);
  if (!items.ok()) return ReportError(items.status());

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
    out = report::StockHtml(*review, analyzer.db(), fmt::format("Clinic stock review: {}", where));
  }
  if (options.out.empty() || options.out == "-") {
    WriteStdout(out);
  } else if (Status st = WriteFile(options.out, out); !st.ok()) {
    return ReportError(st);
  }
  return kExitOk;
}

}  // namespace aftercare::cli
