// The label cleaner (text stage): one pass over a label's original bytes
// that writes the text the splitter reads, and a map from each cleaned byte
// back to its original offset. Separators and brackets printed outside ASCII
// become ASCII ("，" ",", "（" "(", "–" "-"), HTML entities are decoded, a
// CRLF is " \n" (the same length), ';', '|' and tabs are commas, a backslash
// is a slash ("Water\Aqua"), and a label pasted as a list of paragraphs
// ("['Bar:', 'Water, Glycerin']") is one paragraph per line. Pure; thread-safe.
#ifndef AFTERCARE_TEXT_LABEL_CLEANER_H_
#define AFTERCARE_TEXT_LABEL_CLEANER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace aftercare::text {

struct Cleaner {
  std::string out;  // the cleaned text
  // out's byte -> the label's, then one past the end; empty while every byte
  // sits at its original offset (`identity`).
  std::vector<uint32_t> map;
  bool identity = true;
  bool had_entity = false;      // an HTML entity was decoded
  bool had_dot_hyphen = false;  // a middle dot inside a name was read as a hyphen ("Ceteareth·20")

  void Put(char c, uint32_t orig) {
    if (identity && orig != out.size()) {
      identity = false;
      map.resize(out.size());
      for (uint32_t k = 0; k < out.size(); ++k) map[k] = k;
    }
    out.push_back(c);
    if (!identity) map.push_back(orig);
  }
  void PutStr(std::string_view s, uint32_t orig) {
    for (char c : s) Put(c, orig);
  }
};

// Cleans `label` into *c, which starts empty (its buffers' capacity may be reused).
void CleanLabel(std::string_view label, Cleaner* c);

}  // namespace aftercare::text

#endif  // AFTERCARE_TEXT_LABEL_CLEANER_H_
