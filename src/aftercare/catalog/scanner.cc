#include "aftercare/catalog/scanner.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

#include <fmt/format.h>

namespace aftercare::catalog {
namespace {

struct Batch {
  int64_t seq = 0;
  size_t input = 0;
  std::shared_ptr<const RowDecoder> decoder;
  std::vector<RawRow> rows;
  // A source that failed after the rows: one more error record.
  std::string source_error;
  int64_t source_error_row = 0;
};

struct Done {
  std::string out;
  ScanCounts counts;
  std::vector<std::string> errors;
};

class Pipeline {
 public:
  Pipeline(const Analyzer& analyzer, const rules::Checker& checker, std::vector<ScanInput>* inputs,
           const ScanOptions& options, ScanSink* sink)
      : analyzer_(analyzer), checker_(checker), inputs_(*inputs), options_(options), sink_(sink) {
    max_in_flight_ = options.batches_in_flight > 0 ? options.batches_in_flight : 4 * std::max(1, options.threads);
    with_file_ = inputs_.size() > 1;
  }

  Result<ScanCounts> Run() {
    std::thread reader([this] { ReadAll(); });
    std::vector<std::thread> workers;
    for (int i = 0; i < std::max(1, options_.threads); ++i) workers.emplace_back([this] { Work(); });
    Status status = WriteAll();
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    space_.notify_all();
    work_.notify_all();
    reader.join();
    for (auto& t : workers) t.join();
    if (!status.ok()) return status;
    totals_.bytes_consumed = consumed_.load();
    return totals_;
  }

 private:
  // Reader thread ---------------------------------------------------------------
  bool Push(Batch&& b) {
    std::unique_lock<std::mutex> lock(mu_);
    space_.wait(lock, [&] { return stop_ || next_seq_ - next_write_ < max_in_flight_; });
    if (stop_) return false;
    b.seq = next_seq_++;
    queue_.push_back(std::move(b));
    work_.notify_one();
    return true;
  }

  void ReadAll() {
    uint64_t consumed_before = 0;
    for (size_t i = 0; i < inputs_.size(); ++i) {
      ScanInput& in = inputs_[i];
      CatalogReader reader(in.source.get(), in.name, in.format, options_.columns);
      Batch b;
      b.input = i;
      size_t bytes = 0;
      int64_t last_row = 0, last_line = 0;
      while (true) {
        RawRow row;
        Result<bool> more = reader.Next(&row);
        consumed_.store(consumed_before + in.source->consumed());
        if (!more.ok()) {
          b.source_error = fmt::format("{}:{}: cannot read on: {}", in.name, last_line + 1, more.status().message());
          b.source_error_row = last_row + 1;
          break;
        }
        if (!*more) break;
        last_row = row.row;
        last_line = row.line;
        bytes += row.text.size() + 16;
        for (const auto& f : row.fields) bytes += f.size() + 8;
        b.rows.push_back(std::move(row));
        if (b.rows.size() >= options_.batch_rows || bytes >= options_.batch_bytes) {
          b.decoder = reader.decoder();
          if (!Push(std::move(b))) return;
          b = Batch();
          b.input = i;
          bytes = 0;
        }
      }
      b.decoder = reader.decoder();
      if ((!b.rows.empty() || !b.source_error.empty()) && !Push(std::move(b))) return;
      consumed_before += in.source->consumed();
    }
    std::lock_guard<std::mutex> lock(mu_);
    reader_done_ = true;
    work_.notify_all();
    done_cv_.notify_all();
  }

  // Worker threads --------------------------------------------------------------
  void Work() {
    match::MatchCache cache;
    while (true) {
      Batch b;
      {
        std::unique_lock<std::mutex> lock(mu_);
        work_.wait(lock, [&] { return stop_ || !queue_.empty() || reader_done_; });
        if (stop_ || queue_.empty()) return;
        b = std::move(queue_.front());
        queue_.pop_front();
      }
      Done d = Process(b, &cache);
      {
        std::lock_guard<std::mutex> lock(mu_);
        done_.emplace(b.seq, std::move(d));
      }
      done_cv_.notify_all();
    }
  }

  Done Process(const Batch& b, match::MatchCache* cache) const {
    Done d;
    std::string_view file = with_file_ ? std::string_view(inputs_[b.input].name) : std::string_view();
    auto error = [&](const report::ScanRecordHead& head, std::string msg) {
      report::AppendScanError(options_.format, head, msg, &d.out);
      d.errors.push_back(std::move(msg));
      ++d.counts.errors;
      ++d.counts.rows;
    };
    for (const RawRow& row : b.rows) {
      DecodedRow dec = b.decoder->Decode(row);
      report::ScanRecordHead head{row.row, dec.product.id, file};
      if (!dec.error.empty()) {
        error(head, std::move(dec.error));
        continue;
      }
      if (dec.product.ingredients.size() > options_.max_label_bytes) {
        error(head, fmt::format("{}:{}: the label is {} bytes, longer than the {} KiB an ingredient list can be",
                                inputs_[b.input].name, row.line, dec.product.ingredients.size(),
                                options_.max_label_bytes >> 10));
        continue;
      }
      rules::ProductInfo product{std::move(dec.product.name), rules::ParseProductType(dec.product.type)};
      match::ParsedLabel label =
          analyzer_.ParseLabel(dec.product.ingredients, {.suggestions = options_.suggestions, .cache = cache});
      Result<rules::Assessment> a = checker_.Assess(label, product, *options_.protocol, options_.day, options_.policy);
      if (!a.ok()) {
        error(head, fmt::format("{}:{}: {}", inputs_[b.input].name, row.line, a.status().message()));
        continue;
      }
      report::CheckView view{&label, &product, &*a, options_.protocol};
      report::AppendScanRecord(options_.format, head, view, analyzer_.db(), options_.full, &d.out);
      ++d.counts.rows;
      ++d.counts.verdicts[static_cast<size_t>(a->verdict)];
      if (options_.fail_on && a->verdict >= *options_.fail_on) d.counts.fail_on_reached = true;
    }
    if (!b.source_error.empty()) error({b.source_error_row, {}, file}, b.source_error);
    return d;
  }

  // Calling thread ----------------------------------------------------------------
  Status WriteAll() {
    std::string header = report::ScanHeader(options_.format, with_file_);
    if (!header.empty()) RETURN_IF_ERROR(sink_->Write(header));
    while (true) {
      Done d;
      {
        std::unique_lock<std::mutex> lock(mu_);
        done_cv_.wait(lock, [&] { return done_.count(next_write_) > 0 || (reader_done_ && next_write_ == next_seq_); });
        auto it = done_.find(next_write_);
        if (it == done_.end()) return Status::Ok();  // everything read was written
        d = std::move(it->second);
        done_.erase(it);
      }
      RETURN_IF_ERROR(sink_->Write(d.out));
      for (const auto& e : d.errors) sink_->RowError(e);
      totals_.rows += d.counts.rows;
      totals_.errors += d.counts.errors;
      for (size_t i = 0; i < totals_.verdicts.size(); ++i) totals_.verdicts[i] += d.counts.verdicts[i];
      totals_.fail_on_reached = totals_.fail_on_reached || d.counts.fail_on_reached;
      totals_.bytes_consumed = consumed_.load();
      sink_->Progress(totals_);
      {
        std::lock_guard<std::mutex> lock(mu_);
        ++next_write_;
      }
      space_.notify_one();
    }
  }

  const Analyzer& analyzer_;
  const rules::Checker& checker_;
  std::vector<ScanInput>& inputs_;
  const ScanOptions& options_;
  ScanSink* sink_;
  int64_t max_in_flight_ = 8;
  bool with_file_ = false;

  std::mutex mu_;
  std::condition_variable work_, space_, done_cv_;
  std::deque<Batch> queue_;
  std::map<int64_t, Done> done_;
  int64_t next_seq_ = 0, next_write_ = 0;
  bool reader_done_ = false, stop_ = false;
  std::atomic<uint64_t> consumed_{0};
  ScanCounts totals_;
};

}  // namespace

Result<ScanCounts> Scan(const Analyzer& analyzer, const rules::Checker& checker, std::vector<ScanInput>* inputs,
                        const ScanOptions& options, ScanSink* sink) {
  if (!options.protocol) return InvalidArgument("scan: no protocol");
  if (options.threads < 1) return InvalidArgument(fmt::format("--threads {}: give at least 1", options.threads));
  Pipeline p(analyzer, checker, inputs, options, sink);
  return p.Run();
}

}  // namespace aftercare::catalog
