// aftercare explain NAME: what the database knows about one ingredient name.
#include <fmt/format.h>

#include "aftercare/rules/explain.h"
#include "cli.h"

namespace aftercare::cli {

int RunExplain(const GlobalOptions& global, const std::string& name, const ExplainDay& on_day) {
  Result<Analyzer> analyzer = OpenAnalyzer(global, {.functions = true, .table_counts = false});
  if (!analyzer.ok()) return ReportError(analyzer.status());
  Result<rules::Explanation> ex = NotFound("");
  if (rules::IsProtocolFileArgument(on_day.protocol)) {
    // A clinic protocol file: its windows for --day, and its avoid list.
    Result<std::unique_ptr<rules::Checker>> checker = rules::Checker::Create(&*analyzer);
    if (!checker.ok()) return ReportError(checker.status());
    Result<rules::ProtocolFile> file = ResolveProtocol(**checker, *analyzer, on_day.protocol);
    if (!file.ok()) return ReportError(file.status());
    if (on_day.day) {
      ex = rules::ExplainOnDay(*analyzer, name, file->protocol, *on_day.day, &file->policy);
    } else {
      ex = rules::Explain(*analyzer, name);
      if (ex.ok()) rules::ExplainAvoided(*analyzer, file->policy, &*ex);
    }
  } else {
    ex = on_day.day ? rules::ExplainOnDay(*analyzer, name, on_day.protocol, *on_day.day)
                    : rules::Explain(*analyzer, name);
  }
  if (!ex.ok()) return ReportError(ex.status());
  WriteStdout(global.format == "json" ? report::ExplainJson(*ex) : report::ExplainText(*ex, StdoutStyle()));
  return kExitOk;
}

}  // namespace aftercare::cli
