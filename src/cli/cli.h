// Shared pieces of the aftercare command line: where the database is, how
// errors are printed, and the exit codes. The CLI is the only code that touches
// files, stdout, stderr, the clock and exit codes.
#ifndef AFTERCARE_CLI_CLI_H_
#define AFTERCARE_CLI_CLI_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aftercare/aftercare.h"
#include "aftercare/base/status.h"
#include "aftercare/catalog/catalog_reader.h"
#include "aftercare/catalog/stock_review.h"
#include "aftercare/report/explain_report.h"
#include "aftercare/report/protocols_report.h"
#include "aftercare/rules/protocol_file.h"
#include "aftercare/rules/verdict.h"
#include "flags.h"

namespace aftercare::cli {

// Exit codes (documented in README.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailOn = 1;  // a product reached --fail-on
inline constexpr int kExitError = 2;

struct GlobalOptions {
  std::string db_path;  // --db; empty = AFTERCARE_DB, then beside the binary, then installed
  std::string format = "text";
  std::string argv0;
};

// Where the database is: --db, then $AFTERCARE_DB, then aftercare.db beside the
// executable, then ../share/aftercare/aftercare.db relative to it, then the
// compiled-in install directory. kNotFound lists every place tried.
Result<std::string> ResolveDbPath(const GlobalOptions& options);

// Opens the Analyzer from the resolved path; `load` says which optional tables to load.
Result<Analyzer> OpenAnalyzer(const GlobalOptions& options, const db::IngredientDb::LoadOptions& load);

// Prints "aftercare: error: ..." on stderr and returns kExitError.
int ReportError(const Status& status);

// Whether stdout gets colour: a terminal, and NO_COLOR unset or empty.
report::TextStyle StdoutStyle();

// Writes to stdout; a closed pipe ends the process quietly.
void WriteStdout(const std::string& s);

// Writes `data` to `path` (created or truncated). kIoError names the file.
Status WriteFile(const std::string& path, const std::string& data);
// An -o option's output: standard output for "" or "-" (WriteStdout), else WriteFile.
Status WriteOutput(const std::string& path, const std::string& data);

// Reads FILE, or standard input for "-" or "". kNotFound / kIoError name the file.
Result<std::string> ReadInput(const std::string& file);

// One label, as check and parse read it: ReadInput, then as UTF-8 text
// (text::DecodeText). A conversion is told on stderr ("aftercare: note: FILE:
// input was UTF-16LE (...); converted to UTF-8"). Errors: ReadInput's, and
// kDataError "FILE: not text: ..." / "FILE: not UTF-8, ..." for bytes that are
// not text.
Result<std::string> ReadLabel(const std::string& file);

// A --delimiter value: "," ";" "|", "tab" or a tab character. 0 for "" (not
// given). kInvalidArgument for anything else, and for a JSON Lines input
// (`format`), which has no delimiter.
Result<char> ParseDelimiter(const std::string& value, catalog::InputFormat format);

// The day the options (flags.h) name. kInvalidArgument for a negative day, both or
// neither of --day and --treated, a bad date, or a treatment after today.
Result<int> ResolveDay(const DayOptions& options);

// The protocol a --protocol argument names: a built-in id (with an empty
// policy), or a protocol file (IsProtocolFileArgument) read and validated.
// Errors: kNotFound for an unknown id or a missing file, kInvalidArgument for a
// file that does not validate (see ParseProtocolFile).
Result<rules::ProtocolFile> ResolveProtocol(const rules::Checker& checker, const Analyzer& analyzer,
                                            const std::string& arg);

// What check, scan and stock all start from: the Analyzer (behind a pointer,
// since the Checker keeps its address), the Checker and the protocol --protocol
// names. Errors as OpenAnalyzer and ResolveProtocol.
struct CheckSetup {
  std::unique_ptr<Analyzer> analyzer;
  std::unique_ptr<rules::Checker> checker;
  rules::ProtocolFile protocol;
  const rules::ClinicPolicy* policy() const { return protocol.policy.empty() ? nullptr : &protocol.policy; }
};
Result<CheckSetup> OpenCheckSetup(const GlobalOptions& global, const std::string& protocol_arg);

struct CheckOptions {
  std::string file;  // "" or "-" = standard input
  DayOptions day;
  std::string protocol{kDefaultProtocol};  // an id, or a protocol file
  std::string type, name;
  std::string fail_on;  // "", "avoid" or "caution"
};

struct ScanOptions {
  std::vector<std::string> catalogs;  // "-" = standard input (needs input_format)
  DayOptions day;
  std::string protocol{kDefaultProtocol};
  std::string format = "jsonl";    // jsonl, csv, text
  std::string detail = "summary";  // summary, full
  ColumnFlags columns;             // --ingredients-column, --id-column, --name-column, --type-column
  std::string input_format;        // "" = from the extension
  std::string delimiter;           // CSV/TSV field separator: "" = sniffed (CSV) or tab (TSV)
  int threads = 0;                 // 0 = one per core
  int memo_mb = 64;                // MiB for the memo of repeated products; 0 = none
  std::string fail_on;             // "", "avoid" or "caution"
  std::string output;              // "" or "-" = standard output
};

// Commands.
int RunScan(const GlobalOptions& global, const ScanOptions& options);
int RunCheck(const GlobalOptions& global, const CheckOptions& options);

struct StockOptions {
  std::string file;                        // the stock file; "-" = standard input (needs input_format)
  std::string input_format;                // "" = from the extension
  std::string delimiter;                   // CSV/TSV field separator: "" = sniffed (CSV) or tab (TSV)
  ColumnFlags columns;                     // --ingredients-column, --name-column (plan: none)
  std::string protocol{kDefaultProtocol};  // an id, or a protocol file
  std::string days = "0-14";               // the grid covers days 0..N ("N" or "0-N"); a handout A..B
  std::string format = "html";             // html, csv, md, json, or handout (one patient's, from the shelf)
  bool sources = false;                    // html: also the protocol's windows and sources table
  std::string treated, clinic, patient;    // handout: day 0 (required), and the names printed on it
  std::string out;                         // -o; "" = stdout
};
int RunStock(const GlobalOptions& global, const StockOptions& options);
// Every product row of options.file, bad rows included (catalog::ReadStock),
// with the stock's columns and format options.
Result<std::vector<catalog::StockItem>> ReadStockFile(const StockOptions& options);
// Each bad row's "FILE:LINE: what" on stderr (the first 100); kExitError when
// there is one (the report, with them, is already written), else kExitOk.
int ReportBadRows(const std::vector<catalog::StockItem>& items);
struct PlanOptions {
  // Stock-format files (.csv, .tsv, .jsonl, gzip or not), label files (one
  // ingredient list, named after the file), folders of .txt label files.
  std::vector<std::string> inputs;
  std::string treated;                     // --treated DATE: day 0
  std::string protocol{kDefaultProtocol};  // an id, or a protocol file
  std::string days = "0-14";               // the plan covers days A..B ("N" = 0..N)
  std::string format = "text";             // text, html, ics or json
  std::string clinic, patient;             // printed on the plan (optional)
  std::string out;                         // -o; "" = stdout
};
int RunPlan(const GlobalOptions& global, const PlanOptions& options);
int RunParse(const GlobalOptions& global, const std::string& file);
struct ExplainDay {
  std::optional<int> day;  // --day: also the status on that day
  std::string protocol{kDefaultProtocol};
};
int RunExplain(const GlobalOptions& global, const std::string& name, const ExplainDay& on_day);
struct ServeOptions {
  std::string host = "127.0.0.1";  // other interfaces only when asked for
  int port = 8080;
  int threads = 0;                         // 0 = four per core, at least 8
  int queue = 64;                          // connections waiting before the next get 503
  std::string protocol{kDefaultProtocol};  // the default protocol of a request: an id or a file
  bool log_queries = false;                // the access log also shows query strings
  int max_upload_mb = 1024;                // the largest catalog a scan takes
  int scans = 2;                           // scans at once
};
int RunServe(const GlobalOptions& global, const ServeOptions& options);
int RunDbInfo(const GlobalOptions& global);
// aftercare protocols: the built-in protocols with their sources.
int RunProtocols(const GlobalOptions& global);
int RunDbCheck(const GlobalOptions& global);

}  // namespace aftercare::cli

#endif  // AFTERCARE_CLI_CLI_H_
