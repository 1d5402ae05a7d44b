#include "aftercare/catalog/byte_source.h"

#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include <fmt/format.h>

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

}  // namespace

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
