#include "aftercare/catalog/scanner.h"

#include <array>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <list>
#include <map>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>

#include "aftercare/base/string_hash.h"
#include "aftercare/rules/protocol_index.h"

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

// Records by product, shared by the worker threads: 16 shards, each with its
// own lock, byte budget and least-recently-used list. A record is a pure
// function of its key for one scan (protocol, day, policy and formatter are
// fixed), so whatever a thread finds here is what it would have written.
class RecordMemo {
 public:
  struct Key {
    std::string_view label, name;
    std::optional<rules::ProductType> type;
  };
  struct Value {
    ScanRecordBody body;  // when the product was assessed
    std::string error;    // else why it could not be ("no ingredient list ...", without file:line)
    rules::Verdict verdict = rules::Verdict::kSafe;
  };

  explicit RecordMemo(size_t max_bytes) : shard_bytes_(max_bytes / kShards) {}

  static uint64_t Hash(const Key& k) {
    uint64_t h = HashBytes(k.label);
    h ^= HashBytes(k.name) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h ^ (k.type ? static_cast<uint64_t>(*k.type) + 1 : 0) * 0xff51afd7ed558ccdULL;
  }

  // On a hit, calls use(value) under the shard's lock and returns true.
  template <typename F>
  bool Find(uint64_t hash, const Key& k, F&& use) {
    Shard& sh = shards_[hash % kShards];
    std::lock_guard<std::mutex> lock(sh.mu);
    auto it = sh.index.find(hash);
    if (it == sh.index.end() || !Same(*it->second, k)) return false;
    sh.lru.splice(sh.lru.begin(), sh.lru, it->second);
    use(it->second->value);
    return true;
  }

  void Insert(uint64_t hash, const Key& k, Value&& v) {
    Entry e{std::string(k.label), std::string(k.name), k.type, std::move(v), 0};
    e.bytes = sizeof(Entry) + kOverhead + e.label.capacity() + e.name.capacity() + e.value.body.text.capacity() +
              e.value.error.capacity();
    if (e.bytes > shard_bytes_) return;
    Shard& sh = shards_[hash % kShards];
    std::lock_guard<std::mutex> lock(sh.mu);
    if (auto it = sh.index.find(hash); it != sh.index.end()) {  // another thread's, or a hash collision
      sh.bytes -= it->second->bytes;
      sh.lru.erase(it->second);
      sh.index.erase(it);
    }
    while (!sh.lru.empty() && sh.bytes + e.bytes > shard_bytes_) {
      sh.bytes -= sh.lru.back().bytes;
      sh.index.erase(sh.lru.back().hash);
      sh.lru.pop_back();
    }
    e.hash = hash;
    sh.bytes += e.bytes;
    sh.lru.push_front(std::move(e));
    sh.index.emplace(hash, sh.lru.begin());
  }

 private:
  static constexpr size_t kShards = 16;
  static constexpr size_t kOverhead = 64;  // list node and hash map slot, about
  struct Entry {
    std::string label, name;
    std::optional<rules::ProductType> type;
    Value value;
    size_t bytes = 0;
    uint64_t hash = 0;
  };
  static bool Same(const Entry& e, const Key& k) { return e.type == k.type && e.name == k.name && e.label == k.label; }
  struct Shard {
    std::mutex mu;
    std::list<Entry> lru;  // most recently used first
    std::unordered_map<uint64_t, std::list<Entry>::iterator> index;
    size_t bytes = 0;
  };
  size_t shard_bytes_;
  std::array<Shard, kShards> shards_;
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
      : analyzer_(analyzer),
        checker_(checker),
        inputs_(*inputs),
        options_(options),
        sink_(sink),
        protocol_(*options.protocol) {
    if (options.memo_bytes > 0) memo_ = std::make_unique<RecordMemo>(options.memo_bytes);
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
        if (!*more) {
          // An empty file, or a header that is no header, with no row to carry the error.
          if (last_row == 0 && !reader.header_error().empty()) {
            b.source_error = reader.header_error();
            b.source_error_row = 1;
          }
          break;
        }
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
    DecodeScratch scratch;  // this thread's: the JSON parser's buffers, the field names' roles
    ScanRecordBody body;    // reused: its capacity stays
    while (true) {
      Batch b;
      {
        std::unique_lock<std::mutex> lock(mu_);
        work_.wait(lock, [&] { return stop_ || !queue_.empty() || reader_done_; });
        if (stop_ || queue_.empty()) return;
        b = std::move(queue_.front());
        queue_.pop_front();
      }
      Done d = Process(b, &cache, &scratch, &body);
      {
        std::lock_guard<std::mutex> lock(mu_);
        done_.emplace(b.seq, std::move(d));
      }
      done_cv_.notify_all();
    }
  }

  Done Process(const Batch& b, match::MatchCache* cache, DecodeScratch* scratch, ScanRecordBody* body) const {
    Done d;
    d.out.reserve(b.rows.size() * 4096);
    std::string_view file = with_file_ ? std::string_view(inputs_[b.input].name) : std::string_view();
    auto error = [&](const ScanRecordHead& head, std::string msg) {
      options_.formatter->AppendError(head, msg, &d.out);
      d.errors.push_back(std::move(msg));
      ++d.counts.errors;
      ++d.counts.rows;
    };
    auto assessed = [&](rules::Verdict v) {
      ++d.counts.rows;
      ++d.counts.verdicts[static_cast<size_t>(v)];
      if (options_.fail_on && v >= *options_.fail_on) d.counts.fail_on_reached = true;
    };
    for (const RawRow& row : b.rows) {
      DecodedRow dec = b.decoder->Decode(row, scratch);
      ScanRecordHead head{row.row, dec.product.id, file, dec.product.brand, options_.day};
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
      const RecordMemo::Key key{dec.product.ingredients, dec.product.name, rules::ParseProductType(dec.product.type)};
      const uint64_t hash = memo_ ? RecordMemo::Hash(key) : 0;
      std::string memo_error;
      if (memo_ && memo_->Find(hash, key, [&](const RecordMemo::Value& v) {
            if (v.error.empty()) {
              options_.formatter->AppendRecord(head, v.body, &d.out);
              assessed(v.verdict);
            } else {
              memo_error = v.error;
            }
          })) {
        ++d.counts.memo_hits;
        if (!memo_error.empty()) error(head, fmt::format("{}:{}: {}", inputs_[b.input].name, row.line, memo_error));
        continue;
      }
      rules::ProductInfo product{dec.product.name, key.type};
      match::ParsedLabel label =
          analyzer_.ParseLabel(dec.product.ingredients, {.suggestions = options_.suggestions, .cache = cache});
      Result<rules::Assessment> a = checker_.Assess(label, product, protocol_, options_.day, options_.policy);
      if (!a.ok()) {
        error(head, fmt::format("{}:{}: {}", inputs_[b.input].name, row.line, a.status().message()));
        if (memo_) memo_->Insert(hash, key, {{}, std::string(a.status().message()), rules::Verdict::kSafe});
        continue;
      }
      options_.formatter->MakeBody(label, product, *a, *options_.protocol, body);
      options_.formatter->AppendRecord(head, *body, &d.out);
      assessed(a->verdict);
      if (memo_) memo_->Insert(hash, key, {*body, {}, a->verdict});
    }
    if (!b.source_error.empty()) error({b.source_error_row, {}, file, {}, options_.day}, b.source_error);
    return d;
  }

  // Calling thread ----------------------------------------------------------------
  Status WriteAll() {
    std::string header = options_.formatter->Header(with_file_);
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
      totals_.memo_hits += d.counts.memo_hits;
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
  const rules::ProtocolIndex protocol_;  // of options_.protocol: made once, read by every worker
  std::unique_ptr<RecordMemo> memo_;     // null when options.memo_bytes is 0
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
  if (!options.formatter) return InvalidArgument("scan: no record formatter");
  if (options.threads < 1) return InvalidArgument(fmt::format("--threads {}: give at least 1", options.threads));
  Pipeline p(analyzer, checker, inputs, options, sink);
  return p.Run();
}

}  // namespace aftercare::catalog
