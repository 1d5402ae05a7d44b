// aftercare scan CATALOG... (--day N | --treated DATE): a healing-day verdict
// for every product of whole catalogs (CSV, TSV, JSON Lines, gzip or not), one
// record per product in input order, bad rows reported without stopping.
// This file opens the files, owns stdout / stderr, the clock and the exit code;
// the scan itself is aftercare::catalog::Scan.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>

#include <fmt/format.h>

#include "aftercare/catalog/scanner.h"
#include "aftercare/report/scan_report.h"
#include "aftercare/rules/verdict.h"
#include "cli.h"

namespace aftercare::cli {
namespace {

using Clock = std::chrono::steady_clock;

std::string FormatCount(int64_t n) {
  std::string s = std::to_string(n), out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return out;
}

class CliSink : public catalog::ScanSink {
 public:
  CliSink(std::FILE* out, std::string out_name, bool progress, uint64_t total_bytes)
      : out_(out),
        out_name_(std::move(out_name)),
        progress_(progress),
        total_bytes_(total_bytes),
        start_(Clock::now()),
        last_(start_) {}

  Status Write(std::string_view s) override {
    if (std::fwrite(s.data(), 1, s.size(), out_) != s.size()) {
      if (errno == EPIPE) return Status(StatusCode::kIoError, "EPIPE");
      return IoError(fmt::format("{}: write error: {}", out_name_, std::strerror(errno)));
    }
    return Status::Ok();
  }

  void RowError(std::string_view message) override {
    ClearProgress();
    constexpr int kMaxShown = 100;
    if (++errors_shown_ <= kMaxShown) {
      fmt::print(stderr, "aftercare: error: {}\n", message);
    } else if (errors_shown_ == kMaxShown + 1) {
      fmt::print(stderr, "aftercare: error: more bad rows; only the first {} are shown here (all are in the output)\n",
                 kMaxShown);
    }
  }

  void Progress(const catalog::ScanCounts& c) override {
    if (!progress_) return;
    auto now = Clock::now();
    if (now - last_ < std::chrono::milliseconds(250)) return;
    last_ = now;
    double secs = std::chrono::duration<double>(now - start_).count();
    double rate = secs > 0 ? static_cast<double>(c.rows) / secs : 0;
    std::string eta;
    if (total_bytes_ > 0 && c.bytes_consumed > 0 && c.bytes_consumed <= total_bytes_) {
      double left = secs * (static_cast<double>(total_bytes_) / static_cast<double>(c.bytes_consumed) - 1);
      eta = fmt::format(", {:.0f}% read, ETA {:.0f} s",
                        100.0 * static_cast<double>(c.bytes_consumed) / static_cast<double>(total_bytes_), left);
    }
    fmt::print(stderr, "\r\033[Kscan: {} rows, {:.0f} rows/s{}", FormatCount(c.rows), rate, eta);
    std::fflush(stderr);
    shown_ = true;
  }

  void ClearProgress() {
    if (shown_) {
      fmt::print(stderr, "\r\033[K");
      shown_ = false;
    }
  }

  double Seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

 private:
  std::FILE* out_;
  std::string out_name_;
  bool progress_;
  uint64_t total_bytes_;
  Clock::time_point start_, last_;
  bool shown_ = false;
  int errors_shown_ = 0;
};

}  // namespace

int RunScan(const GlobalOptions& global, const ScanOptions& options) {
  Result<int> day = ResolveDay(options.day);
  if (!day.ok()) return ReportError(day.status());
  auto format = report::ParseScanFormat(options.format);
  if (!format) return ReportError(InvalidArgument(fmt::format("unknown --format '{}'", options.format)));
  std::optional<catalog::InputFormat> input_format;
  if (!options.input_format.empty()) {
    input_format = catalog::ParseInputFormat(options.input_format);
    if (!input_format) {
      return ReportError(InvalidArgument(fmt::format("unknown --input-format '{}'", options.input_format)));
    }
  }
  int threads = options.threads;
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (threads > 256) return ReportError(InvalidArgument(fmt::format("--threads {}: at most 256", threads)));

  // Open every catalog before the first output line: a missing file is an error of the command.
  char delimiter = '\0';
  std::vector<catalog::ScanInput> inputs;
  uint64_t total_bytes = 0;
  bool sizes_known = true;
  for (const std::string& path : options.catalogs) {
    bool is_stdin = path == "-";
    std::string name = is_stdin ? "<stdin>" : path;
    std::optional<catalog::InputFormat> f = input_format;
    if (!f) f = catalog::InputFormatFromPath(path);
    if (!f) {
      return ReportError(InvalidArgument(
          is_stdin ? "reading standard input needs --input-format csv|tsv|jsonl"
                   : fmt::format("{}: cannot tell the format from the file name (.csv, .tsv, .jsonl, .gz of those); "
                                 "give --input-format csv|tsv|jsonl",
                                 path)));
    }
    Result<char> d = ParseDelimiter(options.delimiter, *f);
    if (!d.ok()) return ReportError(d.status());
    delimiter = *d;
    int fd = is_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return ReportError(NotFound(fmt::format("{}: cannot open: {}", path, std::strerror(errno))));
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
      total_bytes += static_cast<uint64_t>(st.st_size);
    } else if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
      ::close(fd);
      return ReportError(InvalidArgument(fmt::format("{}: is a directory", path)));
    } else {
      sizes_known = false;
    }
    Result<catalog::Utf8Source> source =
        catalog::MaybeDecode(catalog::MaybeGunzip(std::make_unique<catalog::FdSource>(fd, name), name), name);
    if (!source.ok()) return ReportError(source.status());
    if (!source->note.empty()) fmt::print(stderr, "aftercare: note: {}: {}\n", name, source->note);
    inputs.push_back({name, std::move(source->source), *f});
  }

  Result<CheckSetup> setup = OpenCheckSetup(global, options.protocol);
  if (!setup.ok()) return ReportError(setup.status());
  const Analyzer& analyzer = *setup->analyzer;
  const rules::Checker& checker = *setup->checker;
  const rules::ProtocolFile& protocol = setup->protocol;

  std::FILE* out = stdout;
  std::string out_name = "<stdout>";
  if (!options.output.empty() && options.output != "-") {
    out = std::fopen(options.output.c_str(), "wb");
    if (!out) return ReportError(IoError(fmt::format("{}: cannot create: {}", options.output, std::strerror(errno))));
    out_name = options.output;
  }
  static char buffer[1 << 16];
  std::setvbuf(out, buffer, _IOFBF, sizeof buffer);

  catalog::ScanOptions scan;
  scan.day = *day;
  scan.protocol = &protocol.protocol;
  scan.policy = setup->policy();
  const report::ScanRecordWriter writer(*format, analyzer.db(), options.detail == "full");
  scan.formatter = &writer;
  scan.columns = options.columns.Choice();
  scan.columns.delimiter = delimiter;
  if (!options.fail_on.empty()) scan.fail_on = rules::ParseVerdict(options.fail_on);
  scan.threads = threads;
  scan.memo_bytes = static_cast<size_t>(options.memo_mb) << 20;

  bool progress = isatty(STDERR_FILENO) != 0;
  CliSink sink(out, out_name, progress, sizes_known ? total_bytes : 0);
  Result<catalog::ScanCounts> counts = catalog::Scan(analyzer, checker, &inputs, scan, &sink);
  sink.ClearProgress();
  if (counts.ok() && (std::fflush(out) != 0 || std::ferror(out))) {
    if (errno == EPIPE) std::_Exit(kExitOk);
    return ReportError(IoError(fmt::format("{}: write error: {}", out_name, std::strerror(errno))));
  }
  if (out != stdout) std::fclose(out);
  if (!counts.ok()) {
    if (counts.status().message() == "EPIPE") std::_Exit(kExitOk);  // a closed pipe exits quietly
    return ReportError(counts.status());
  }
  double secs = sink.Seconds();
  std::string memo =
      counts->memo_hits > 0 ? fmt::format("; {} repeated a product seen before", FormatCount(counts->memo_hits)) : "";
  fmt::print(stderr, "scan: {} product{} in {:.1f} s ({:.0f}/s): {} safe, {} caution, {} avoid, {} error{}{}\n",
             FormatCount(counts->rows), counts->rows == 1 ? "" : "s", secs,
             secs > 0 ? static_cast<double>(counts->rows) / secs : 0.0, FormatCount(counts->verdicts[0]),
             FormatCount(counts->verdicts[1]), FormatCount(counts->verdicts[2]), FormatCount(counts->errors),
             counts->errors == 1 ? "" : "s", memo);
  if (counts->errors > 0) return kExitError;
  if (counts->fail_on_reached) return kExitFailOn;
  return kExitOk;
}

}  // namespace aftercare::cli
