// aftercare explain NAME: what the database knows about one ingredient name.
#include <fmt/format.h>

#include "aftercare/rules/explain.h"
#include "cli.h"

namespace aftercare::cli {

int RunExplain(const GlobalOptions& global, const std::string& name, const ExplainDay& on_day) {
  Result<Analyzer> analyzer = OpenAnalyzer(global, {.functions = true, .table_counts = false});
  if (!analyzer.ok()) return ReportError(analyzer.status());
  Result<rules::Explanation> ex = on_day.day ? rules::ExplainOnDay(*analyzer, name, on_day.protocol, *on_day.day)
                                             : rules::Explain(*analyzer, name);
  if (!ex.ok()) return ReportError(ex.status());
  WriteStdout(global.format == "json" ? report::ExplainJson(*ex)
                                      : report::ExplainText(*ex, StdoutStyle()));
  return kExitOk;
}

}  // namespace aftercare::cli
