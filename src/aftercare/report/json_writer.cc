#include "aftercare/report/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include "aftercare/base/byte_mask.h"

namespace aftercare::report {
namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 when it is invalid.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  size_t n;
  uint32_t cp;
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return n;
}

// The bytes not written as they are (all but printable ASCII other than the
// quote and the backslash), 16 at a time: plain runs are copied whole.
uint32_t NeedsCare(const char* p) { return bytemask::ControlOrHigh(p) | bytemask::AnyOf<'"', '\\', '\x7f'>(p); }

// The end of the run of plain bytes that starts at p[i], n the length.
size_t PlainRunEnd(const char* p, size_t i, size_t n) { return bytemask::Find<NeedsCare>(p, i, n); }

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  // Most strings are short and plain: one append, quotes included.
  if (s.size() <= 62) {
    if (PlainRunEnd(s.data(), 0, s.size()) == s.size()) {
      char buf[64];
      buf[0] = '"';
      std::memcpy(buf + 1, s.data(), s.size());
      buf[s.size() + 1] = '"';
      out->append(buf, s.size() + 2);
      return;
    }
  }
  out->push_back('"');
  const char* p = s.data();
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    // The common case: a run of printable ASCII that needs no escape, copied at once.
    const size_t run = PlainRunEnd(p, i, n);
    if (run > i) {
      out->append(p + i, run - i);
      i = run;
      if (i == n) break;
    }
    unsigned char c = static_cast<unsigned char>(p[i]);
    if (c >= 0x80) {
      size_t len = Utf8SequenceLength(s, i);
      if (len == 0) {
        out->append("\xEF\xBF\xBD");
        ++i;
      } else {
        out->append(p + i, len);
        i += len;
      }
      continue;
    }
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      default: {  // another control character, or DEL
        static constexpr char kHex[] = "0123456789abcdef";
        const char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out->append(esc, sizeof esc);
      }
    }
    ++i;
  }
  out->push_back('"');
}

void JsonWriter::Separate() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (depth_ > 0) {
    const uint64_t bit = uint64_t{1} << (depth_ - 1);
    if (written_ & bit) out_->push_back(',');
    written_ |= bit;
  }
}

void JsonWriter::Open(char c) {
  Separate();
  out_->push_back(c);
  ++depth_;
  written_ &= ~(uint64_t{1} << (depth_ - 1));
}

JsonWriter& JsonWriter::BeginObject() {
  Open('{');
  return *this;
}

JsonWriter& JsonWriter::EndObject() {
  out_->push_back('}');
  --depth_;
  return *this;
}

JsonWriter& JsonWriter::BeginArray() {
  Open('[');
  return *this;
}

JsonWriter& JsonWriter::EndArray() {
  out_->push_back(']');
  --depth_;
  return *this;
}

JsonWriter& JsonWriter::Key(JsonKey key) {
  // One append: the comma when one is due, the quoted name and the colon.
  const std::string_view name = key.name();
  char buf[80];
  if (name.size() + 4 > sizeof buf) return KeyText(name);
  size_t n = 0;
  if (after_key_) {  // as Separate(): no comma right after a key
    after_key_ = false;
  } else if (depth_ > 0) {
    const uint64_t bit = uint64_t{1} << (depth_ - 1);
    if (written_ & bit) buf[n++] = ',';
    written_ |= bit;
  }
  buf[n++] = '"';
  std::memcpy(buf + n, name.data(), name.size());
  n += name.size();
  buf[n++] = '"';
  buf[n++] = ':';
  out_->append(buf, n);
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::KeyText(std::string_view key) {
  Separate();
  AppendJsonString(key, out_);
  out_->push_back(':');
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view s) {
  Separate();
  AppendJsonString(s, out_);
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t v) {
  Separate();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_->append(buf, static_cast<size_t>(r.ptr - buf));
  return *this;
}

JsonWriter& JsonWriter::Double(double v) {
  Separate();
  if (!std::isfinite(v)) {
    out_->append("null");
  } else {
    out_->append(fmt::format("{}", v));
  }
  return *this;
}

JsonWriter& JsonWriter::Bool(bool v) {
  Separate();
  out_->append(v ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::Null() {
  Separate();
  out_->append("null");
  return *this;
}

JsonWriter& JsonWriter::StringArray(const std::vector<std::string>& items) {
  BeginArray();
  for (const auto& s : items) String(s);
  return EndArray();
}

}  // namespace aftercare::report
