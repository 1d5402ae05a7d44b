// A small streaming JSON writer (report stage): compact output, RFC 8259
// escaping, invalid UTF-8 replaced by U+FFFD so output is always valid JSON.
// Appends straight to the caller's string: no temporary per value, no
// allocation of its own (scan writes millions of records with it).
// Not thread-safe; one writer per output string.
#ifndef AFTERCARE_REPORT_JSON_WRITER_H_
#define AFTERCARE_REPORT_JSON_WRITER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aftercare::report {

// A member name that is written as it is, between quotes: a string literal
// checked when the program is compiled (a control character, a quote, a
// backslash or a byte outside ASCII does not compile). Every key of our
// schemas is one; JsonWriter::Key takes it without looking at its bytes.
class JsonKey {
 public:
  template <size_t N>
  consteval JsonKey(const char (&name)[N]) : name_(name, N - 1) {  // NOLINT(google-explicit-constructor)
    for (char c : name_) {
      // Not a constant expression, so the literal does not compile: it needs escaping.
      if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') NeedsEscaping();
    }
  }
  std::string_view name() const { return name_; }

 private:
  static void NeedsEscaping() {}
  std::string_view name_;
};

class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  // REQUIRES: at most 64 containers open at once.
  // Inside an object: the next member's name. REQUIRES: inside an object.
  JsonWriter& Key(JsonKey key);
  // The same for a name known only at run time (escaped as a string is).
  JsonWriter& KeyText(std::string_view key);
  JsonWriter& String(std::string_view s);
  JsonWriter& Int(int64_t v);
  JsonWriter& Double(double v);
  JsonWriter& Bool(bool v);
  JsonWriter& Null();
  JsonWriter& OptInt(const std::optional<int>& v) { return v ? Int(*v) : Null(); }
  JsonWriter& StringOrNull(std::string_view s) { return s.empty() ? Null() : String(s); }
  JsonWriter& StringArray(const std::vector<std::string>& items);

 private:
  void Separate();
  void Open(char c);
  std::string* out_;
  uint64_t written_ = 0;  // bit d: the container open at depth d (1-based) has a member already
  int depth_ = 0;         // containers open
  bool after_key_ = false;
};

// Appends `s` as a JSON string literal (with quotes) to *out.
void AppendJsonString(std::string_view s, std::string* out);

}  // namespace aftercare::report

#endif  // AFTERCARE_REPORT_JSON_WRITER_H_
