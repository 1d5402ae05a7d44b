// aftercare check [FILE|-] (--day N | --treated DATE [--today DATE]): is this
// product safe on this healing day, why, and from which day.
#include <ctime>

#include <fmt/format.h>

#include "aftercare/base/edit_distance.h"
#include "aftercare/report/check_report.h"
#include "aftercare/rules/healing_day.h"
#include "aftercare/rules/verdict.h"
#include "cli.h"

namespace aftercare::cli {

Result<rules::CivilDate> LocalToday() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  if (!localtime_r(&now, &tm)) return Internal("cannot read the local date");
  return rules::CivilDate{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

Result<int> ResolveDay(const DayOptions& d) {
  if (d.day && !d.treated.empty()) return InvalidArgument("give either --day or --treated, not both");
  if (!d.today.empty() && d.treated.empty()) return InvalidArgument("--today needs --treated");
  if (d.day) {
    if (*d.day < 0) return InvalidArgument(fmt::format("--day {} is before the treatment (day 0)", *d.day));
    return *d.day;
  }
  if (d.treated.empty()) {
    return InvalidArgument("which healing day? give --day N (0 = treatment day) or --treated DATE");
  }
  ASSIGN_OR_RETURN(rules::CivilDate treated, rules::ParseDate(d.treated, "--treated"));
  rules::CivilDate today;
  if (d.today.empty()) {
    ASSIGN_OR_RETURN(today, LocalToday());
  } else {
    ASSIGN_OR_RETURN(today, rules::ParseDate(d.today, "--today"));
  }
  return rules::HealingDay(treated, today);
}

Result<std::optional<rules::ProductType>> ResolveType(const std::string& type) {
  if (type.empty()) return std::optional<rules::ProductType>();
  if (auto t = rules::ParseProductType(type)) return std::optional<rules::ProductType>(*t);
  std::string known, close;
  for (auto n : rules::ProductTypeNames()) {
    known += (known.empty() ? "" : ", ") + std::string(n);
    if (close.empty() && BoundedEditDistance(type, n, 2) <= 2) close = std::string(n);
  }
  if (!close.empty()) {
    return InvalidArgument(fmt::format("unknown product type '{}' (did you mean '{}'?)", type, close));
  }
  return InvalidArgument(fmt::format("unknown product type '{}' (known: {})", type, known));
}

Result<rules::ProtocolFile> ResolveProtocol(const rules::Checker& checker, const Analyzer& analyzer,
                                            const std::string& arg) {
  if (!rules::IsProtocolFileArgument(arg)) {
    ASSIGN_OR_RETURN(const db::Protocol* p, checker.FindProtocol(arg));
    return rules::ProtocolFile{*p, {}};
  }
  ASSIGN_OR_RETURN(std::string text, ReadInput(arg));
  return rules::ParseProtocolFile(text, arg, analyzer);
}

Result<CheckSetup> OpenCheckSetup(const GlobalOptions& global, const std::string& protocol_arg) {
  CheckSetup setup;
  ASSIGN_OR_RETURN(Analyzer analyzer, OpenAnalyzer(global, {.functions = false, .table_counts = false}));
  setup.analyzer = std::make_unique<Analyzer>(std::move(analyzer));
  ASSIGN_OR_RETURN(setup.checker, rules::Checker::Create(setup.analyzer.get()));
  ASSIGN_OR_RETURN(setup.protocol, ResolveProtocol(*setup.checker, *setup.analyzer, protocol_arg));
  return setup;
}

int RunCheck(const GlobalOptions& global, const CheckOptions& options) {
  Result<int> day = ResolveDay(options.day);
  if (!day.ok()) return ReportError(day.status());
  auto type = ResolveType(options.type);
  if (!type.ok()) return ReportError(type.status());
  std::optional<rules::Verdict> fail_on;
  if (!options.fail_on.empty()) fail_on = rules::ParseVerdict(options.fail_on);

  Result<std::string> text = ReadLabel(options.file);
  if (!text.ok()) return ReportError(text.status());
  Result<CheckSetup> setup = OpenCheckSetup(global, options.protocol);
  if (!setup.ok()) return ReportError(setup.status());
  const Analyzer& analyzer = *setup->analyzer;
  const rules::Checker& checker = *setup->checker;
  const rules::ProtocolFile& protocol = setup->protocol;

  match::ParsedLabel label = analyzer.ParseLabel(*text);
  rules::ProductInfo product{options.name, *type};
  Result<rules::Assessment> a = checker.Assess(label, product, protocol.protocol, *day, setup->policy());
  if (!a.ok()) {
    std::string where = options.file.empty() || options.file == "-" ? "<stdin>" : options.file;
    return ReportError(Status(a.status().code(), where + ": " + a.status().message()));
  }
  report::CheckView view{&label, &product, &*a, &protocol.protocol};
  WriteStdout(global.format == "json" ? report::CheckJson(view, analyzer.db())
                                      : report::CheckText(view, analyzer.db(), StdoutStyle()));
  if (fail_on && a->verdict >= *fail_on) return kExitFailOn;
  return kExitOk;
}

}  // namespace aftercare::cli
