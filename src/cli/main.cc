// aftercare: can I put this product on my skin today, N days after my treatment?
// Every command and its own flags are defined here; the flags several commands
// share come from the flag table (flags.h). -h / --help come from them.
#include <algorithm>
#include <csignal>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "aftercare/base/edit_distance.h"
#include "cli.h"
#include "flags.h"

namespace {

int Main(int argc, char** argv) {
  using namespace aftercare::cli;
  using aftercare::catalog::ColumnRole;
  std::signal(SIGPIPE, SIG_IGN);  // a closed pipe is handled in WriteStdout

  GlobalOptions global;
  global.argv0 = argv[0];
  CLI::App app{
      "aftercare: checks cosmetic ingredient labels against the healing days after a skin treatment "
      "(microneedling, peels, lasers, ...).",
      "aftercare"};
  app.set_version_flag("--version", std::string("aftercare ") + AFTERCARE_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  app.add_option("--db", global.db_path,
                 "Ingredient database (default: $AFTERCARE_DB, else beside the binary, else installed)");

  // explain
  std::string explain_name;
  CLI::App* explain = app.add_subcommand("explain", "What the database knows about one ingredient name");
  explain
      ->add_option("name", explain_name,
                   "Any name a label may use: INCI, synonym, trade name (any case, accents or not)")
      ->required();
  AddFormatFlag(explain, &global.format, {"text", "json"});
  ExplainDay explain_day;
  AddOptionalDayFlag(explain, &explain_day.day, "give its status");
  AddProtocolFlag(explain, &explain_day.protocol, "its windows for --day, and a clinic file's avoid list");

  // check
  CheckOptions check_options;
  CLI::App* check = app.add_subcommand("check", "Is this product safe on this healing day, why, and from which day");
  check->add_option("file", check_options.file, "Label text file, or - for standard input (the default)");
  AddDayFlags(check, &check_options.day);
  AddProtocolFlag(check, &check_options.protocol);
  std::string type_names;
  for (std::string_view t : aftercare::rules::ProductTypeNames()) type_names += fmt::format(", {}", t);
  check->add_option("--type", check_options.type,
                    fmt::format("Product type ({}); default: from --name and the label", type_names.substr(2)));
  check->add_option("--name", check_options.name, "Product name (the type, SPF and claims are read from it)");
  AddFormatFlag(check, &global.format, {"text", "json"});
  AddFailOnFlag(check, &check_options.fail_on, "the verdict");

  // stock
  StockOptions stock_options;
  CLI::App* stock = app.add_subcommand("stock", "A clinic's whole stock against the healing days: grid, plan, gaps");
  stock
      ->add_option("stockfile", stock_options.file,
                   "Stock catalog (CSV, TSV, JSON Lines; gzip or not; - = standard input with --input-format): "
                   "name, brand, type, ingredients, sku, quantity")
      ->required();
  AddProtocolFlag(stock, &stock_options.protocol);
  stock->add_option("--days", stock_options.days, "Days of the grid: 0-N (or N); of a handout: A-B")
      ->capture_default_str();
  AddFormatFlag(stock, &stock_options.format, {"html", "csv", "md", "json", "handout"},
                "Output format; handout: one patient's plan from this shelf (with --treated)");
  AddTreatedFlag(stock, &stock_options.treated, "handout: ");
  stock->add_option("--clinic", stock_options.clinic, "handout: the clinic's name, printed on it");
  stock->add_option("--patient", stock_options.patient, "handout: the patient's name, printed on it");
  AddOutputFlag(stock, &stock_options.out, "the report");
  stock->add_flag("--sources", stock_options.sources,
                  "html: also the protocol's table of windows, reasons and sources (each note names its sources)");
  AddInputFormatFlags(stock, &stock_options.input_format, &stock_options.delimiter);
  stock_options.columns.Add(stock, {ColumnRole::kIngredients, ColumnRole::kName});

  // plan
  PlanOptions plan_options;
  CLI::App* plan =
      app.add_subcommand("plan", "One patient's own products, day by day after their treatment, with dates");
  plan->add_option("products", plan_options.inputs,
                   "The patient's products: stock-format files (CSV, TSV, JSON Lines), label files (one product "
                   "each, named after the file), or folders of .txt labels")
      ->required();
  AddTreatedFlag(plan, &plan_options.treated);
  plan->get_option("--treated")->required();
  AddProtocolFlag(plan, &plan_options.protocol);
  plan->add_option("--days", plan_options.days, "Days of the plan: A-B (or N for 0-N; a patient seen on day 3: 3-14)")
      ->capture_default_str();
  AddFormatFlag(plan, &plan_options.format, {"text", "html", "ics", "json"},
                "Output format: text, a printable html handout, an ics calendar, or json");
  plan->add_option("--clinic", plan_options.clinic, "The clinic's name, printed on the plan");
  plan->add_option("--patient", plan_options.patient, "The patient's name, printed on the plan");
  AddOutputFlag(plan, &plan_options.out, "the plan");

  // scan
  ScanOptions scan_options;
  CLI::App* scan =
      app.add_subcommand("scan", "A verdict for every product of whole catalogs (CSV, TSV, JSON Lines; gzip or not)");
  scan->add_option("catalogs", scan_options.catalogs, "Catalog files, or - for standard input (with --input-format)")
      ->required();
  AddDayFlags(scan, &scan_options.day);
  AddProtocolFlag(scan, &scan_options.protocol);
  AddFormatFlag(scan, &scan_options.format, {"jsonl", "csv", "text"});
  scan->add_option("--detail", scan_options.detail, "JSONL: summary leaves out the ingredients array, full keeps it")
      ->check(CLI::IsMember({"summary", "full"}))
      ->capture_default_str();
  scan_options.columns.Add(scan, {ColumnRole::kIngredients, ColumnRole::kId, ColumnRole::kName, ColumnRole::kType});
  AddInputFormatFlags(scan, &scan_options.input_format, &scan_options.delimiter);
  scan->add_option("--threads", scan_options.threads,
                   "Worker threads (default: one per core); the output is the same for any number");
  scan->add_option("--memo-mb", scan_options.memo_mb,
                   "Memory for the records of products seen already (a formula repeated under other ids), in MiB; "
                   "0 = none; the output is the same")
      ->capture_default_str()
      ->check(CLI::Range(0, 65536));
  AddFailOnFlag(scan, &scan_options.fail_on, "a product's verdict");
  AddOutputFlag(scan, &scan_options.output, "the records");

  // parse
  std::string parse_file;
  CLI::App* parse =
      app.add_subcommand("parse", "How aftercare reads a label: each ingredient, its match and categories");
  parse->add_option("file", parse_file, "Label text file, or - for standard input (the default)");
  AddFormatFlag(parse, &global.format, {"text", "json"});

  // serve
  ServeOptions serve_options;
  CLI::App* serve = app.add_subcommand(
      "serve", "A web page and an HTTP JSON API on this machine: check, parse, explain, scan, stock");
  serve->add_option("--host", serve_options.host, "Address to listen on (other interfaces only when given)")
      ->capture_default_str();
  serve->add_option("--port", serve_options.port, "Port (0 = any free port, printed at start)")->capture_default_str();
  serve
      ->add_option("--threads", serve_options.threads,
                   "Workers (0 = four per core, at least 8; a keep-alive client holds one)")
      ->check(CLI::Range(0, 256));
  serve->add_option("--queue", serve_options.queue, "Connections waiting for a worker before the next get 503")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  AddProtocolFlag(serve, &serve_options.protocol, "the default of a request");
  serve
      ->add_option("--max-upload-mb", serve_options.max_upload_mb,
                   "The largest catalog a scan takes, in MiB (spooled to a temporary file, never held in memory)")
      ->check(CLI::Range(1, 1 << 20))
      ->capture_default_str();
  serve->add_option("--scans", serve_options.scans, "Scans at once; past them a scan gets 503")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  serve->add_flag("--log-queries", serve_options.log_queries,
                  "Also log query strings (ingredient names); label text is never logged");

  // protocols
  CLI::App* protocols =
      app.add_subcommand("protocols", "The built-in healing protocols (procedures) with their sources");
  AddFormatFlag(protocols, &global.format, {"text", "json"});

  // db info | db check
  CLI::App* db = app.add_subcommand("db", "Inspect the ingredient database");
  db->require_subcommand(1);
  CLI::App* db_info = db->add_subcommand("info", "Schema version, row counts per table, sources and their dates");
  AddFormatFlag(db_info, &global.format, {"text", "json"});
  CLI::App* db_check = db->add_subcommand("check", "Re-run the integrity checks on a built database");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string msg = e.what();
    // An unknown command gets "did you mean".
    auto subcommands = app.get_subcommands([](const CLI::App*) { return true; });
    auto is_command = [&](const std::string& name) {
      return std::any_of(subcommands.begin(), subcommands.end(),
                         [&](const CLI::App* a) { return a->get_name() == name; });
    };
    if (argc > 1 && std::string(argv[1]).rfind('-', 0) != 0 && !is_command(argv[1])) {
      std::string typed = argv[1];
      msg = fmt::format("unknown command '{}'", typed);
      for (const CLI::App* sub : subcommands) {
        if (aftercare::BoundedEditDistance(typed, sub->get_name(), 2) <= 2) {
          msg += fmt::format(" (did you mean '{}'?)", sub->get_name());
          break;
        }
      }
    }
    fmt::print(stderr, "aftercare: error: {}\nRun 'aftercare --help' for usage.\n", msg);
    return kExitError;
  }

  if (check->parsed()) return RunCheck(global, check_options);
  if (stock->parsed()) return RunStock(global, stock_options);
  if (plan->parsed()) return RunPlan(global, plan_options);
  if (explain->parsed()) return RunExplain(global, explain_name, explain_day);
  if (scan->parsed()) return RunScan(global, scan_options);
  if (parse->parsed()) return RunParse(global, parse_file);
  if (serve->parsed()) return RunServe(global, serve_options);
  if (protocols->parsed()) return RunProtocols(global);
  if (db_info->parsed()) return RunDbInfo(global);
  if (db_check->parsed()) return RunDbCheck(global);
  return kExitError;
}

}  // namespace

// The library throws nothing of its own, but the standard library and CLI11 can
// (std::bad_alloc, say): the documented error exit, not an abort.
int main(int argc, char** argv) {
  try {
    return Main(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "aftercare: error: %s\n", e.what());
  } catch (...) {
    std::fputs("aftercare: error: an unexpected exception\n", stderr);
  }
  return aftercare::cli::kExitError;
}
