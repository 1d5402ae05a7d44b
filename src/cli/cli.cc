#include "cli.h"

#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "aftercare/text/encoding.h"

namespace aftercare::cli {
namespace fs = std::filesystem;

Result<std::string> ResolveDbPath(const GlobalOptions& options) {
  if (!options.db_path.empty()) return options.db_path;
  if (const char* env = std::getenv("AFTERCARE_DB"); env && *env) return std::string(env);
  std::vector<fs::path> candidates;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    candidates.push_back(exe.parent_path() / "aftercare.db");
    candidates.push_back(exe.parent_path().parent_path() / "share" / "aftercare" / "aftercare.db");
  }
  candidates.push_back(fs::path(AFTERCARE_INSTALL_DATADIR) / "aftercare.db");
  std::string tried;
  for (const auto& c : candidates) {
    if (fs::exists(c, ec)) return c.string();
    tried += "\n  " + c.string();
  }
  return NotFound("no ingredient database found (pass --db PATH or set AFTERCARE_DB); looked in:" + tried);
}

Result<Analyzer> OpenAnalyzer(const GlobalOptions& options, const db::IngredientDb::LoadOptions& load) {
  ASSIGN_OR_RETURN(std::string path, ResolveDbPath(options));
  return Analyzer::Open(path, load);
}

// One label, as `check` and `parse` read it. The largest of the 18,863 real
// labels in ../shared/data is 16 KB; past 1 MiB the text is not one label, and
// reading it would take seconds and hundreds of MB.
constexpr size_t kMaxLabelBytes = 1u << 20;

Result<std::string> ReadInput(const std::string& file) {
  std::string data;
  std::FILE* f = (file.empty() || file == "-") ? stdin : std::fopen(file.c_str(), "rb");
  if (!f) return NotFound(fmt::format("{}: cannot open: {}", file, std::strerror(errno)));
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
    data.append(buf, n);
    if (data.size() > kMaxLabelBytes) {
      if (f != stdin) std::fclose(f);
      return InvalidArgument(
          fmt::format("{}: larger than 1 MiB; one label is expected (use 'aftercare scan' for catalogs)",
                      file.empty() || file == "-" ? "<stdin>" : file));
    }
  }
  bool failed = std::ferror(f);
  if (f != stdin) std::fclose(f);
  if (failed) return IoError(fmt::format("{}: read error", file.empty() ? "<stdin>" : file));
  return data;
}

Result<std::string> ReadLabel(const std::string& file) {
  ASSIGN_OR_RETURN(std::string bytes, ReadInput(file));
  const std::string where = file.empty() || file == "-" ? "<stdin>" : file;
  Result<text::Utf8Text> decoded = text::DecodeText(bytes);
  if (!decoded.ok()) return Status(decoded.status().code(), where + ": " + decoded.status().message());
  if (!decoded->note.empty()) fmt::print(stderr, "aftercare: note: {}: {}\n", where, decoded->note);
  if (decoded->converted) return std::move(*decoded->converted);
  if (decoded->view.size() != bytes.size()) bytes.erase(0, bytes.size() - decoded->view.size());  // a UTF-8 BOM
  return bytes;
}

Result<char> ParseDelimiter(const std::string& value, catalog::InputFormat format) {
  if (value.empty()) return '\0';
  if (format == catalog::InputFormat::kJsonl) return InvalidArgument("--delimiter is for CSV and TSV, not JSON Lines");
  if (value == "," || value == ";" || value == "|" || value == "\t") return value[0];
  if (value == "tab" || value == "\\t") return '\t';
  return InvalidArgument(fmt::format("--delimiter '{}': expected one of , ; | tab", value));
}

int ReportError(const Status& status) {
  fmt::print(stderr, "aftercare: error: {}\n", status.message());
  return kExitError;
}

report::TextStyle StdoutStyle() {
  report::TextStyle style;
  const char* no_color = std::getenv("NO_COLOR");
  style.color = isatty(STDOUT_FILENO) && !(no_color && *no_color);
  return style;
}

void WriteStdout(const std::string& s) {
  if (std::fwrite(s.data(), 1, s.size(), stdout) != s.size() || std::fflush(stdout) != 0) {
    if (errno == EPIPE) std::_Exit(kExitOk);
  }
}

}  // namespace aftercare::cli
