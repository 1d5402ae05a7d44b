#include "aftercare/catalog/byte_source.h"

#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "aftercare/base/utf8.h"
#include "aftercare/text/encoding.h"

namespace aftercare::catalog {

Result<size_t> StringSource::Read(char* buf, size_t n) {
  n = std::min({n, max_read_, data_.size() - pos_});
  std::memcpy(buf, data_.data() + pos_, n);
  pos_ += n;
  return n;
}

FdSource::~FdSource() {
  if (fd_ > STDERR_FILENO) ::close(fd_);
}

Result<size_t> FdSource::Read(char* buf, size_t n) {
  while (true) {
    ssize_t got = ::read(fd_, buf, n);
    if (got >= 0) {
      consumed_ += static_cast<uint64_t>(got);
      return static_cast<size_t>(got);
    }
    if (errno != EINTR) return IoError(fmt::format("{}: read error: {}", name_, std::strerror(errno)));
  }
}

bool LooksGzipped(std::string_view first_bytes) {
  return first_bytes.size() >= 2 && static_cast<unsigned char>(first_bytes[0]) == 0x1f &&
         static_cast<unsigned char>(first_bytes[1]) == 0x8b;
}

namespace {

// Replays the sniffed prefix, then reads the inner source.
class PrefixedSource : public ByteSource {
 public:
  PrefixedSource(std::string prefix, std::unique_ptr<ByteSource> inner)
      : prefix_(std::move(prefix)), inner_(std::move(inner)) {}
  Result<size_t> Read(char* buf, size_t n) override {
    if (pos_ < prefix_.size()) {
      n = std::min(n, prefix_.size() - pos_);
      std::memcpy(buf, prefix_.data() + pos_, n);
      pos_ += n;
      return n;
    }
    return inner_->Read(buf, n);
  }
  uint64_t consumed() const override { return inner_->consumed(); }

 private:
  std::string prefix_;
  size_t pos_ = 0;
  std::unique_ptr<ByteSource> inner_;
};

class GzipSource : public ByteSource {
 public:
  GzipSource(std::unique_ptr<ByteSource> inner, std::string name)
      : inner_(std::move(inner)), name_(std::move(name)), in_(1 << 16) {
    std::memset(&z_, 0, sizeof z_);
    ok_ = inflateInit2(&z_, 15 + 32) == Z_OK;  // gzip or zlib header
  }
  ~GzipSource() override { inflateEnd(&z_); }
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;

  Result<size_t> Read(char* buf, size_t n) override {
    if (!ok_) return Internal(fmt::format("{}: cannot start the gzip decoder", name_));
    if (done_ || n == 0) return size_t{0};
    z_.next_out = reinterpret_cast<Bytef*>(buf);
    z_.avail_out = static_cast<uInt>(std::min<size_t>(n, 1u << 30));
    while (z_.avail_out == static_cast<uInt>(std::min<size_t>(n, 1u << 30))) {
      if (z_.avail_in == 0) {
        Result<size_t> got = inner_->Read(reinterpret_cast<char*>(in_.data()), in_.size());
        if (!got.ok()) return got.status();
        if (*got == 0) {
          if (!stream_end_) return DataError(fmt::format("{}: truncated gzip data", name_));
          done_ = true;
          break;
        }
        z_.next_in = in_.data();
        z_.avail_in = static_cast<uInt>(*got);
      }
      if (stream_end_) {  // another gzip member follows
        if (inflateReset(&z_) != Z_OK) return DataError(fmt::format("{}: corrupt gzip data", name_));
        stream_end_ = false;
      }
      int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        stream_end_ = true;
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        return DataError(fmt::format("{}: corrupt gzip data ({})", name_, z_.msg ? z_.msg : "inflate failed"));
      }
    }
    return std::min<size_t>(n, 1u << 30) - z_.avail_out;
  }
  uint64_t consumed() const override { return inner_->consumed(); }

 private:
  std::unique_ptr<ByteSource> inner_;
  std::string name_;
  std::vector<unsigned char> in_;
  z_stream z_;
  bool ok_ = false, done_ = false, stream_end_ = false;
};

// Converts another source to UTF-8 as it is read (text::Utf8Converter).
class ConvertingSource : public ByteSource {
 public:
  ConvertingSource(std::unique_ptr<ByteSource> inner, text::Utf8Converter converter)
      : inner_(std::move(inner)), converter_(std::move(converter)), in_(1 << 16) {}
  Result<size_t> Read(char* buf, size_t n) override {
    while (pos_ == out_.size() && !done_) {
      out_.clear();
      pos_ = 0;
      ASSIGN_OR_RETURN(size_t got, inner_->Read(in_.data(), in_.size()));
      done_ = got == 0;
      RETURN_IF_ERROR(converter_.Append(std::string_view(in_.data(), got), done_, &out_));
    }
    n = std::min(n, out_.size() - pos_);
    std::memcpy(buf, out_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  uint64_t consumed() const override { return inner_->consumed(); }

 private:
  std::unique_ptr<ByteSource> inner_;
  text::Utf8Converter converter_;
  std::vector<char> in_;
  std::string out_;
  size_t pos_ = 0;
  bool done_ = false;
};

// How many lines of `s` hold invalid UTF-8, counting up to `enough`.
int LinesWithInvalidUtf8(std::string_view s, int enough) {
  int lines = 0;
  while (!s.empty() && lines < enough) {
    size_t bad = InvalidUtf8Offset(s);
    if (bad == std::string_view::npos) break;
    ++lines;
    size_t nl = s.find('\n', bad);
    if (nl == std::string_view::npos) break;
    s.remove_prefix(nl + 1);
  }
  return lines;
}

}  // namespace

Result<Utf8Source> MaybeDecode(std::unique_ptr<ByteSource> inner, const std::string& name) {
  std::string sample(text::kEncodingSampleBytes, '\0');
  size_t got = 0;
  bool at_end = false;
  while (got < sample.size()) {
    ASSIGN_OR_RETURN(size_t r, inner->Read(sample.data() + got, sample.size() - got));
    if (r == 0) {
      at_end = true;
      break;
    }
    got += r;
  }
  sample.resize(got);
  auto named = [&](const Status& st) { return Status(st.code(), fmt::format("{}: {}", name, st.message())); };
  Result<text::Encoding> enc = text::DetectEncoding(sample, /*cut=*/!at_end);
  if (!enc.ok()) return named(enc.status());
  // An encoding the detector cannot tell is read as UTF-8: each row that is not
  // (binary garbage, a stray legacy byte) is then an error record of its own.
  // A guessed legacy encoding is taken only when its evidence spans rows: one
  // bad row among UTF-8 ones is that row's error, not the file's encoding.
  // A sample that stops before the end may stop inside a character: only its
  // complete lines are counted.
  const std::string_view lines =
      at_end ? std::string_view(sample) : std::string_view(sample).substr(0, sample.rfind('\n') + 1);
  if (!enc->known() || enc->utf8() || (enc->guessed && LinesWithInvalidUtf8(lines, 2) < 2)) {
    return Utf8Source{std::make_unique<PrefixedSource>(std::move(sample), std::move(inner)), ""};
  }
  Result<text::Utf8Converter> check = text::Utf8Converter::Open(enc->name);
  if (!check.ok()) return named(check.status());
  std::string converted;
  RETURN_IF_ERROR(check->Append(std::string_view(sample).substr(enc->bom_bytes), at_end, &converted));
  if (Status st = text::CheckText(converted); !st.ok()) return named(DataError("not text: " + st.message()));
  Result<text::Utf8Converter> converter = text::Utf8Converter::Open(enc->name);
  if (!converter.ok()) return named(converter.status());
  auto replay = std::make_unique<PrefixedSource>(sample.substr(enc->bom_bytes), std::move(inner));
  return Utf8Source{std::make_unique<ConvertingSource>(std::move(replay), std::move(*converter)),
                    fmt::format("input was {} ({}); converted to UTF-8", enc->name, enc->evidence)};
}

std::unique_ptr<ByteSource> MaybeGunzip(std::unique_ptr<ByteSource> inner, std::string name) {
  std::string prefix(2, '\0');
  size_t got = 0;
  while (got < 2) {
    Result<size_t> r = inner->Read(prefix.data() + got, 2 - got);
    if (!r.ok() || *r == 0) break;  // an error shows again on the next read
    got += *r;
  }
  prefix.resize(got);
  auto replay = std::make_unique<PrefixedSource>(prefix, std::move(inner));
  if (!LooksGzipped(prefix)) return replay;
  return std::make_unique<GzipSource>(std::move(replay), std::move(name));
}

}  // namespace aftercare::catalog
