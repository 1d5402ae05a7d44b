// aftercare parse [FILE|-]: how aftercare reads a label, ingredient by ingredient.
#include <fmt/format.h>

#include "aftercare/report/parse_report.h"
#include "cli.h"

namespace aftercare::cli {

int RunParse(const GlobalOptions& global, const std::string& file) {
  Result<std::string> text = ReadLabel(file);
  if (!text.ok()) return ReportError(text.status());
  Result<Analyzer> analyzer = OpenAnalyzer(global, {.functions = false, .table_counts = false});
  if (!analyzer.ok()) return ReportError(analyzer.status());
  match::ParsedLabel label = analyzer->ParseLabel(*text);
  WriteStdout(global.format == "json" ? report::ParseJson(label, analyzer->db())
                                      : report::ParseText(label, analyzer->db(), StdoutStyle()));
  return kExitOk;
}

}  // namespace aftercare::cli
